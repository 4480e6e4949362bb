import BudgetModel

/// Every total (合计, a 类 or 款 row, 基本 + 项目, 人员 + 公用, 本年收入合计 …) equals the sum of the cells it adds up.
enum SumCheck: DisclosureCheck {
    static let id = CheckID.sum

    static func run(_ context: CheckContext) -> [Finding] {
        sums(context.reports, context.locate)
    }

    /// A total (合计, a 类 or 款 row, 基本 + 项目, 人员 + 公用, 本年收入合计 …) must equal the
    /// sum of the cells it adds up.
    static func sums(_ reports: ReportSet, _ locate: Checks.ItemLocator) -> [Finding] {
        var findings: [Finding] = []
        for table in reports.tables {
            let reports = reports.scoped(to: table)
            for (r, row) in table.rows.enumerated() {
                for (c, cell) in row.cells.enumerated() {
                    guard case .sum(let value, let refs) = cell else { continue }
                    let parts = refs.reduce(Fen(0)) { $0 + (table.rows[$1.row].cells[$1.column].amount ?? 0) }
                    guard parts != value else { continue }
                    let place = Checks.place(table, row: r, column: c)
                    findings.append(
                        Finding(
                            severity: .error, check: id.rawValue,
                            message:
                                "合计数 \(reports.format(value)) 与分项之和 \(reports.format(parts)) 不一致：有 \(reports.format(value - parts)) 没有落在任何分项中（例如资金来源或支出类型在这张表里没有对应的列）",
                            table: place.table, row: place.row, column: place.column, expected: value, actual: parts,
                            items: culprits(locate, table, row: r, column: c, refs: refs)))
                }
            }
        }
        return findings
    }

    /// The items in a total that none of its parts counts; all of its items if that is none.
    static func culprits(_ locate: Checks.ItemLocator, _ table: ReportTable, row: Int, column: Int, refs: [CellRef]) -> [Int64] {
        let all = Checks.items(locate, table.filter(row: row, column: column))
        var counted = Set<Int64>()
        for ref in refs { counted.formUnion(Checks.items(locate, table.filter(row: ref.row, column: ref.column))) }
        let missing = all.filter { !counted.contains($0) }
        return missing.isEmpty ? all : missing
    }
}
