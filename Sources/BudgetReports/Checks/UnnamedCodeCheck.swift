import BudgetModel

/// Every code shown in a table has a name.
enum UnnamedCodeCheck: DisclosureCheck {
    static let id = CheckID.unnamedCode

    static func run(_ context: CheckContext) -> [Finding] {
        unnamedCodes(context.reports)
    }

    static func unnamedCodes(_ reports: ReportSet) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for table in reports.tables {
            for row in table.rows {
                // The name is the first text column after the codes.
                guard case .level = row.level, let name = table.columnKinds.firstIndex(of: .text),
                    row.cells.count > name, row.cells[name].text == ""
                else { continue }
                guard seen.insert(row.key).inserted else { continue }
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue,
                        message: "科目 \(row.key) 没有名称，公开表中这一行会是空的：请用 budget catalog import 导入财政部门当年的科目表，它的上级科目也要有名称",
                        table: "表\(table.id) \(table.title)", row: row.key))
            }
        }
        return findings
    }
}
