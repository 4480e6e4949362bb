import BudgetModel

/// 尾差: a total rounded to the display unit differs from the sum of its rounded parts (a warning, one per table).
enum RoundingCheck: DisclosureCheck {
    static let id = CheckID.rounding

    static func run(_ context: CheckContext) -> [Finding] {
        rounding(context.reports)
    }

    /// 尾差: a total rounded to the display unit differs from the sum of its rounded parts.
    /// One finding per table, located at the first such cell.
    static func rounding(_ reports: ReportSet) -> [Finding] {
        var findings: [Finding] = []
        for table in reports.tables {
            let reports = reports.scoped(to: table)
            guard reports.rounds else { continue }
            var count = 0
            var first: (row: Int, column: Int, shown: Int64, parts: Int64)?
            for (r, row) in table.rows.enumerated() {
                for (c, cell) in row.cells.enumerated() {
                    guard case .sum(let value, let refs) = cell else { continue }
                    // Only a total that is exactly right can have a rounding remainder; a wrong one is a `sum` error.
                    let exact = refs.reduce(Fen(0)) { $0 + (table.rows[$1.row].cells[$1.column].amount ?? 0) }
                    guard exact == value else { continue }
                    let parts = refs.reduce(Int64(0)) { $0 + reports.displayUnits(table.rows[$1.row].cells[$1.column].amount ?? 0) }
                    let shown = reports.displayUnits(value)
                    guard parts != shown else { continue }
                    count += 1
                    if first == nil { first = (r, c, shown, parts) }
                }
            }
            guard let first else { continue }
            let place = Checks.place(table, row: first.row, column: first.column)
            let others = count > 1 ? "；本表共有 \(count) 处这样的尾差" : ""
            findings.append(
                Finding(
                    severity: .warning, check: id.rawValue,
                    message:
                        "因\(reports.truncates ? "截尾取数" : "四舍五入")，显示的合计 \(reports.formatUnits(first.shown)) 与显示的分项之和 \(reports.formatUnits(first.parts)) 相差 \(reports.formatUnits(first.shown - first.parts))（尾差）\(others)。合计由精确金额计算后取整，公开时可加注“因\(reports.truncates ? "截尾取数" : "四舍五入")，合计数与分项数之和可能存在尾差”",
                    table: place.table, row: place.row, column: place.column, expected: first.parts * reports.fenPerShownUnit,
                    actual: first.shown * reports.fenPerShownUnit))
        }
        return findings
    }
}
