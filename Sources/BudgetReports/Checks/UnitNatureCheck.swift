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

    static func natures(_ data: BudgetData, _ lines: [UnitLineTotal], _ locate: Checks.ItemLocator) -> [Finding] {
        let natures = Dictionary(data.units.map { ($0.code, $0.nature) }, uniquingKeysWith: { a, _ in a })
        // (unit, what it is about (a source's name, a code), its text, the items' filter) → amount
        struct Subject: Hashable, Comparable {
            var unit: String
            var key: String
            var text: String
            var source: FundingSource?
            var functional: String?
            var economic: String?
            static func < (a: Subject, b: Subject) -> Bool { (a.unit, a.key) < (b.unit, b.key) }
        }
        var found: [Subject: (Fen, Int)] = [:]
        func add(_ subject: Subject, _ line: UnitLineTotal) {
            let old = found[subject] ?? (0, 0)
            found[subject] = (old.0 + line.amount, old.1 + line.count)
        }
        for line in lines {
            guard let nature = natures[line.unit] else { continue }
            let functionalName = data.codes.name(.functional, line.functional)
            if nature == .administrative && [.business, .operating].contains(line.source) {
                add(
                    Subject(unit: line.unit, key: line.source.rawValue, text: "资金来源“\(line.source.chineseName)”（只有事业单位才有）", source: line.source),
                    line)
            }
            if nature == .institution && functionalName == "行政运行" {
                add(
                    Subject(
                        unit: line.unit, key: line.functional,
                        text: "功能科目 \(line.functional) 行政运行（事业单位的运行经费一般列“事业运行”或本行业的项）", functional: line.functional),
                    line)
            }
            if nature == .administrative && functionalName == "事业运行" {
                add(
                    Subject(
                        unit: line.unit, key: line.functional, text: "功能科目 \(line.functional) 事业运行（行政单位的运行经费列“行政运行”）", functional: line.functional),
                    line)
            }
            if nature == .administrative && line.economic == "30107" {
                add(Subject(unit: line.unit, key: "30107", text: "经济科目 30107 绩效工资（绩效工资是事业单位的，行政单位列津贴补贴或奖金）", economic: "30107"), line)
            }
        }
        return found.keys.sorted().map { subject in
            let (amount, count) = found[subject]!
            let nature = natures[subject.unit]!.rawValue
            return Finding(
                severity: .warning, check: id.rawValue,
                message:
                    "单位 \(Checks.unitName(data, subject.unit)) 是\(nature)单位，却有\(subject.text) \(count) 条，共 \(Checks.yuanAndWan(amount))。请核对单位性质（budget unit list）和明细的科目、资金来源",
                row: "单位 \(subject.unit)",
                items: Checks.unitItems(
                    locate, units: [subject.unit], economic: subject.economic.map { [$0] }, functional: subject.functional.map { [$0] },
                    sources: subject.source.map { [$0] }),
                key: "\(id.rawValue):\(subject.unit):\(subject.key)", fingerprint: "\(nature)/\(count)/\(amount)")
        }
    }
}
