import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

// What the workbench's grid asks besides one item at a time: rows pasted from a spreadsheet,
// the items of one cell of a table, and the codes a code cell may take.
extension ProjectSession {
    /// Adds line items given as texts by column, in one transaction: every row is checked by
    /// the rules the CSV importer and `item add` share (``RowReader``), and either all are added
    /// or none, every problem located by its row and column (`source` names where the rows were
    /// written, as a file's name would). A project named for the first time is created.
    public func addItems(rows: [ItemRow], amountUnit: Money.InputUnit, source: String? = nil) throws -> [LineItem] {
        guard !rows.isEmpty else { throw InputProblem(file: source, message: "没有可添加的明细行") }
        let (added, writes, exact) = try projectFile.write { writer in
            let context = try Self.context(writer.reader)
            var names: [CodeKind: [String: String]] = [:]
            var items: [LineItem] = []
            var problems: [InputProblem] = []
            for row in rows {
                let result = RowReader(file: source, line: row.line, values: row.values).lineItem(
                    unit: amountUnit, context: context, newNames: &names)
                problems += result.problems
                if let item = result.item { items.append(item) }
            }
            try problems.throwIfAny()
            let written = try Self.insert(items, names: names, context: context, writer)
            return (written.items, try writer.reader.writeCount(), written.newProjects.isEmpty && names.isEmpty)
        }
        residentEdit(removed: [], added: added, writes: writes, exact: exact)
        return added
    }

    /// Adds the rows of a block copied from Excel or WPS (tab-separated, in the grid's column
    /// order, with or without the header row: ``PastedRows``), all or none.
    public func addItems(pasted text: String, amountUnit: Money.InputUnit) throws -> [LineItem] {
        try addItems(rows: PastedRows.rows(text), amountUnit: amountUnit, source: PastedRows.sourceName)
    }

    /// The line items summed into one amount cell of a table, by the rule `explain` names
    /// applied to every item: their ids (in the grid's order) and their total. A front end keeps
    /// it while the project's write count stays, and pages through it (``cellItemPage(_:offset:limit:)``):
    /// at a million items the scan takes as long as `explain`, a page of the ids a moment.
    public struct CellItems: Sendable {
        public var ids: [Int64]
        public var total: Fen
    }

    public func cellItems(table id: String, row: Int, column: Int) throws -> CellItems {
        let (table, _) = try amountCell(table: id, row: row, column: column)
        let filters = table.itemFilters(row: row, column: column)
        var found = CellItems(ids: [], total: 0)
        guard !filters.isEmpty else { return found }
        try projectFile.read { reader in
            try reader.forEachItem { item in
                guard let id = item.id, filters.contains(where: { $0.matches(item) }) else { return }
                found.ids.append(id)
                found.total += item.amount
            }
        }
        return found
    }

    /// The `offset`-th to the (`offset` + `limit`)-th of a cell's items, read by id, with how
    /// many there are and their total: the grid filtered to a cell. An item removed since the
    /// ids were taken is left out.
    public func cellItemPage(_ cell: CellItems, offset: Int, limit: Int) throws -> ItemPage {
        let start = min(max(0, offset), cell.ids.count)
        let window = cell.ids[start..<min(cell.ids.count, start + max(0, limit))]
        return try projectFile.read { reader in
            ItemPage(
                items: try window.compactMap { try reader.item(id: $0) }, count: cell.ids.count, total: cell.total,
                codes: try reader.codeBook())
        }
    }

    /// One page of a cell's items (``cellItems(table:row:column:)``, then the page of them).
    public func cellItemPage(table id: String, row: Int, column: Int, offset: Int, limit: Int) throws -> ItemPage {
        try cellItemPage(cellItems(table: id, row: row, column: column), offset: offset, limit: limit)
    }

    /// The codes of `kind` a line item may carry whose code starts with `query` (digits) or
    /// whose name contains it, with the names this project shows, at most `limit`, and how many
    /// there are in all: what a code cell of the grid offers.
    public func searchCodes(_ kind: CodeKind, _ query: String, limit: Int) throws -> (entries: [CatalogEntry], count: Int) {
        try codeBook().search(kind, query, limit: limit)
    }
}
