import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// Where a figure comes from.
extension ProjectSession {
    // MARK: - Provenance of a number

    /// The line items summed into one cell of a table, and the rule that produced it.
    /// `table` is a number or a title, `row` a code, a row key or the row's label, `column` a
    /// column number (序号 = 0, as the 栏次 row counts) or the column's label.
    public func explain(
        table query: String, row rowQuery: String, column columnQuery: String, template: String? = nil, variant: String? = nil
    ) throws -> CellExplanation {
        let reports = try compose(template: template, variant: variant).reports
        let found = reports.find(query)
        guard let table = found.first, found.count == 1 else {
            throw InputProblem(
                column: "表", value: query,
                message: found.isEmpty
                    ? "没有这张表；表有：\(reports.tables.map { "\($0.id) \($0.title)" }.joined(separator: "、"))"
                    : "有几张表符合：\(found.map { "\($0.id) \($0.title)" }.joined(separator: "、"))；请写表的编号")
        }
        let column = try Self.explainColumn(table, columnQuery)
        let row = try Self.explainRow(table, rowQuery, column: column)
        return try explain(table, row: row, column: column, in: reports)
    }

    /// The provenance of the cell at `row` and `column` (indexes into the table's rows and
    /// columns, as the workbench draws them) of the table whose id is `id`.
    public func explainCell(table id: String, row: Int, column: Int, template: String? = nil, variant: String? = nil) throws
        -> CellExplanation
    {
        let (table, reports) = try amountCell(table: id, row: row, column: column, template: template, variant: variant)
        return try explain(table, row: row, column: column, in: reports)
    }

    /// The table whose id is `id`, when its cell at `row` and `column` is an amount.
    func amountCell(table id: String, row: Int, column: Int, template: String? = nil, variant: String? = nil) throws -> (
        ReportTable, ReportSet
    ) {
        let reports = try compose(template: template, variant: variant).reports
        guard let table = reports.table(id) else { throw InputProblem(column: "表", value: id, message: "没有这张表") }
        guard table.rows.indices.contains(row), (0..<table.columnCount).contains(column), table.columnKinds[column] == .amount else {
            throw InputProblem(column: "表", value: "\(table.title) 第 \(row + 1) 行第 \(column) 栏", message: "这一格不是金额格")
        }
        return (table, reports)
    }

    func explain(_ table: ReportTable, row: Int, column: Int, in reports: ReportSet) throws -> CellExplanation {
        let project = projectFile
        let cell = table.rows[row].cells[column]
        var rules: [String] = []
        let filters = table.itemFilters(row: row, column: column)
        switch cell {
        case .sum(_, let refs):
            let parts = refs.prefix(12).map {
                "\(table.rowLabel($0.row, column: $0.column)) 第 \($0.column) 栏（\(reports.scoped(to: table).format(table.rows[$0.row].cells[$0.column].amount ?? 0))）"
            }
            rules.append("合计：本表 \(parts.joined(separator: " + "))\(refs.count > 12 ? " 等 \(refs.count) 格" : "") 之和；工作簿中是 SUM 公式")
            if let own = table.filter(row: row, column: column) {
                rules.append("另由明细独立计算，检查时两者必须相等：\(own.summary)")
            }
        case .amount:
            if let own = table.filter(row: row, column: column) {
                rules.append("取数：\(own.summary)")
            } else {
                rules.append("本格不是由预算明细汇总的（来自该表自己的数据）")
            }
        default:
            rules.append("本格没有金额")
        }
        // The identities this cell takes part in.
        let key = (table.listedColumns.contains(column) ? table.listedKeys[row] : nil) ?? table.rows[row].key
        for identity in reports.template.identities {
            for (this, other) in [(identity.left, identity.right), (identity.right, identity.left)]
            where this.table == table.id && this.column == table.templateColumn(column) {
                let rows = this.table == identity.left.table && this.column == identity.left.column ? identity.leftRows : identity.rightRows
                if rows.contains(key) { rules.append("核对：\(identity.name)（与表\(other.table) 第 \(other.column) 栏）") }
            }
        }
        // The first items in full, the rest counted: a 合计 of a million items prints 200.
        var items: [LineItem] = []
        var count = 0
        var sum: Fen = 0
        if !filters.isEmpty {
            try project.read { reader in
                try reader.forEachItem { item in
                    guard filters.contains(where: { $0.matches(item) }) else { return }
                    count += 1
                    sum += item.amount
                    if items.count < DiffText.itemListLimit { items.append(item) }
                }
            }
        }
        // Items the 基本支出 calculation made, with their formulas (an item edited since is the clerk's).
        if !items.isEmpty {
            let listed = Dictionary(items.compactMap { item in item.id.map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
            let generated = try project.read { try $0.generatedRecords() }.filter { record in listed[record.itemID].map(record.matches) ?? false }
            for record in generated { rules.append("明细 #\(record.itemID) 由人员名册测算：\(record.formula)") }
        }
        var explanation = CellExplanation(
            table: table, row: row, column: column, value: cell.amount ?? 0, rules: rules, items: items, fromItems: !filters.isEmpty,
            reports: reports)
        explanation.itemCount = count
        explanation.itemsTotal = sum
        return explanation
    }

    static func explainColumn(_ table: ReportTable, _ query: String) throws -> Int {
        let labels = table.header.columnLabels
        let amounts = labels.indices.filter { table.columnKinds[$0] == .amount }
        guard !amounts.isEmpty else { throw InputProblem(column: "表", value: table.id, message: "这张表没有金额栏") }
        let listing = amounts.map { "\($0) \(labels[$0])" }.joined(separator: "、")
        if let number = Int(query) {
            guard amounts.contains(number) else {
                throw InputProblem(column: "栏", value: query, message: "不是这张表的金额栏；金额栏有：\(listing)")
            }
            return number
        }
        // The whole label, its end, or, failing those, any part of it ("机关运行经费" for "机关运行经费预算数").
        let exact = amounts.filter { labels[$0] == query }
        let ending = amounts.filter { labels[$0].hasSuffix("·" + query) || labels[$0].hasSuffix(query) }
        let matches = !exact.isEmpty ? exact : !ending.isEmpty ? ending : amounts.filter { labels[$0].contains(query) }
        guard let first = matches.first, matches.count == 1 else {
            throw InputProblem(
                column: "栏", value: query,
                message: matches.isEmpty ? "这张表没有这一栏；金额栏有：\(listing)" : "有几栏符合：\(matches.map { "\($0) \(labels[$0])" }.joined(separator: "、"))；请写栏的编号"
            )
        }
        return first
    }

    static func explainRow(_ table: ReportTable, _ query: String, column: Int) throws -> Int {
        if let index = table.rowIndex(query, column: column) { return index }
        // A row's 序号 (as printed in the 序号 column, or its place in a table without one).
        if let number = Int(query), !query.hasPrefix("0"), query.count < 3, table.rows.indices.contains(number - 1) { return number - 1 }
        // A label: the row's name, or the label left of the column in a two-sided table.
        let matches = table.rows.indices.filter { index in
            let label = table.rowLabel(index, column: column)
            return label.hasSuffix("“\(query)”") || label.hasSuffix(" \(query)”") || label.contains("“\(query) ")
                || table.rows[index].cells.contains { $0.text == query }
        }
        guard let first = matches.first, matches.count == 1 else {
            throw InputProblem(
                column: "行", value: query,
                message: matches.isEmpty
                    ? "这张表没有这一行：请写科目编码（如 30226）、行的名称（如 合计）或行的序号"
                    : "有几行符合：\(matches.map { table.rowLabel($0, column: column) }.joined(separator: "、"))；请写科目编码")
        }
        return first
    }
}
