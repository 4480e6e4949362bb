import BudgetModel

/// Money that does not fit the unit's nature (单位性质), each a warning naming the unit, the code
/// or source, the amount and the items:
/// - 事业收入 or 事业单位经营收入 of a 行政 unit (only 事业 units have them);
/// - a 行政运行 项 (201xx01 …, named 行政运行 in the catalog) of a 事业 unit, whose running costs
///   go under 事业运行 (xxx50) or the 项 of its trade;
/// - a 事业运行 项 of a 行政 unit;
/// - 绩效工资 (30107) of a 行政 unit: 绩效工资 is the pay of 事业 units; 行政 units pay 津贴补贴 and 奖金.
/// 参公 units are left alone: they are 事业 units paid and run as 行政 ones.
enum UnitNatureCheck: DisclosureCheck {
    static let id = CheckID.unitNature

    static func run(_ context: CheckContext) -> [Finding] {
        guard let lines = context.data.unitLines else { return [] }
        return natures(context.data, lines, context.locate)
    }

    /// What a warning is about: a source, the 行政运行 or 事业运行 项, or 30107.
    enum Subject: String, CaseIterable {
        case business, operating
        case administrativeRunning = "admin-run"
        case institutionRunning = "institution-run"
        case performancePay = "30107"

        var text: String {
            switch self {
            case .business: "资金来源“事业收入”（只有事业单位才有）"
            case .operating: "资金来源“事业单位经营收入”（只有事业单位才有）"
            case .administrativeRunning: "“行政运行”的功能科目（事业单位的运行经费一般列“事业运行”或本行业的项）"
            case .institutionRunning: "“事业运行”的功能科目（行政单位的运行经费列“行政运行”）"
            case .performancePay: "经济科目 30107 绩效工资（绩效工资是事业单位的，行政单位列津贴补贴或奖金）"
            }
        }
    }

    static func natures(_ data: BudgetData, _ lines: [UnitLineTotal], _ locate: Checks.ItemLocator) -> [Finding] {
        let natures = Dictionary(data.units.map { ($0.code, $0.nature) }, uniquingKeysWith: { a, _ in a })
        struct Place: Hashable { var unit: String, subject: Subject }
        // Per unit and subject: the functional codes involved, the amount and the count.
        var found: [Place: (codes: Set<String>, amount: Fen, count: Int)] = [:]
        func add(_ unit: String, _ subject: Subject, _ line: UnitLineTotal) {
            var entry = found[Place(unit: unit, subject: subject)] ?? ([], 0, 0)
            entry.codes.insert(line.functional)
            entry.amount += line.amount
            entry.count += line.count
            found[Place(unit: unit, subject: subject)] = entry
        }
        for line in lines {
            guard let nature = natures[line.unit] else { continue }
            let functionalName = data.codes.name(.functional, line.functional)
            if nature == .administrative && line.source == .business { add(line.unit, .business, line) }
            if nature == .administrative && line.source == .operating { add(line.unit, .operating, line) }
            if nature == .institution && functionalName == "行政运行" { add(line.unit, .administrativeRunning, line) }
            if nature == .administrative && functionalName == "事业运行" { add(line.unit, .institutionRunning, line) }
            if nature == .administrative && line.economic == "30107" { add(line.unit, .performancePay, line) }
        }
        let order = Subject.allCases
        return found.keys.sorted { ($0.unit, order.firstIndex(of: $0.subject)!) < ($1.unit, order.firstIndex(of: $1.subject)!) }.map { place in
            let (codes, amount, count) = found[place]!
            let nature = natures[place.unit]!.rawValue
            let running = [.administrativeRunning, .institutionRunning].contains(place.subject)
            let sortedCodes = codes.sorted()
            let shownCodes = running ? "（\(sortedCodes.prefix(5).joined(separator: "、"))\(codes.count > 5 ? " 等 \(codes.count) 个" : "")）" : ""
            let items =
                switch place.subject {
                case .business, .operating:
                    Checks.unitItems(locate, units: [place.unit], sources: [place.subject == .business ? .business : .operating])
                case .administrativeRunning, .institutionRunning: Checks.unitItems(locate, units: [place.unit], functional: sortedCodes)
                case .performancePay: Checks.unitItems(locate, units: [place.unit], economic: ["30107"])
                }
            return Finding(
                severity: .warning, check: id.rawValue,
                message:
                    "单位 \(Checks.unitName(data, place.unit)) 是\(nature)单位，却有\(place.subject.text)\(shownCodes) \(count) 条，共 \(Checks.yuanAndWan(amount))。请核对单位性质（budget unit list）和明细的科目、资金来源",
                row: "单位 \(place.unit)", items: items, key: "\(id.rawValue):\(place.unit):\(place.subject.rawValue)",
                fingerprint: "\(nature)/\(running ? sortedCodes.joined(separator: ",") + "/" : "")\(count)/\(amount)")
        }
    }
}
