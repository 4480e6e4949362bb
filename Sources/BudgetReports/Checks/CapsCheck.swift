import BudgetModel

/// The draft against the finance bureau's 控制数: over a cap is an error (so `export` is
/// refused), under it a reminder with the amount left (a warning the clerk may confirm), a cap
/// whose unit or project is not in the draft a warning; equal is nothing. Runs when the caps
/// were compared with the line items (``DocumentData/capExecution``).
enum CapsCheck: DisclosureCheck {
    static let id = CheckID.caps

    /// How many line numbers a finding names; the rest are counted.
    static let shownLines = 20

    static func run(_ context: CheckContext) -> [Finding] {
        guard let execution = context.documentParts?.document.capExecution else { return [] }
        return findings(execution, units: context.data.units, projects: context.data.projects)
    }

    static func findings(_ execution: [CapExecution], units: [BudgetUnit], projects: [BudgetProject]) -> [Finding] {
        let unitNames = Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let projectNames = Set(projects.map(\.name))
        var findings: [Finding] = []
        for line in execution {
            let cap = line.cap
            let unit = cap.unitCode.isEmpty ? BudgetCap.wholeDepartment : unitNames[cap.unitCode].map { "\(cap.unitCode) \($0)" } ?? cap.unitCode
            var what = "\(unit) \(cap.source.chineseName) \(cap.typeLabel)"
            if !cap.project.isEmpty { what += " 项目“\(cap.project)”" }
            if !cap.economicClass.isEmpty { what += " 经济分类 \(cap.economicClass) 类" }
            let round = cap.round.isEmpty ? "" : "（\(cap.round)）"
            let key = "\(id.rawValue):\(cap.unitCode):\(cap.source.rawValue):\(cap.type?.rawValue ?? ""):\(cap.project):\(cap.economicClass)"
            func finding(_ severity: Finding.Severity, _ message: String, items: [Int64] = [], confirmable: Bool = false) -> Finding {
                Finding(
                    severity: severity, check: id.rawValue, message: message, table: "控制数", row: cap.label, expected: cap.amount,
                    actual: line.drafted, items: items, key: confirmable ? key : nil,
                    fingerprint: confirmable ? "\(cap.amount):\(line.drafted)" : nil)
            }
            let missingUnit = !cap.unitCode.isEmpty && unitNames[cap.unitCode] == nil
            let missingProject = !cap.project.isEmpty && !projectNames.contains(cap.project)
            if missingUnit || missingProject {
                let missing = [missingUnit ? "单位 \(cap.unitCode)" : nil, missingProject ? "项目“\(cap.project)”" : nil].compactMap { $0 }
                findings.append(
                    finding(
                        .warning,
                        "控制数\(round)\(what)：\(missing.joined(separator: "和"))不在项目中（控制数 \(Checks.yuanAndWan(cap.amount))）；请核对编码或名称，或先添加"
                    ))
                continue
            }
            if line.drafted > cap.amount {
                let shown = line.lines.prefix(shownLines).map { "#\($0)" }.joined(separator: " ")
                let more = line.lines.count > shownLines ? " 等" : ""
                findings.append(
                    finding(
                        .error,
                        "超出控制数\(round)：\(what)：控制数 \(Checks.yuanAndWan(cap.amount))，已编 \(Checks.yuanAndWan(line.drafted))，超出 \(Checks.yuanAndWan(line.drafted - cap.amount))；明细 \(shown)\(more)（共 \(line.lines.count) 条）",
                        items: Array(line.lines.prefix(ProjectDiff.itemListLimit))))
            } else if line.drafted < cap.amount {
                findings.append(
                    finding(
                        .warning,
                        "未用足控制数\(round)：\(what)：控制数 \(Checks.yuanAndWan(cap.amount))，已编 \(Checks.yuanAndWan(line.drafted))，尚余 \(Checks.yuanAndWan(cap.amount - line.drafted))（明细 \(line.lines.count) 条）",
                        confirmable: true))
            }
        }
        return findings
    }
}
