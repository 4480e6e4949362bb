import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

/// A line item changed or removed by someone else since the caller saw it: the write that
/// expected the old value is refused, and the fresh value (nil when removed) handed back.
public struct ItemChanged: Error, Sendable, CustomStringConvertible {
    public var id: Int64
    public var current: LineItem?

    public init(id: Int64, current: LineItem?) {
        self.id = id
        self.current = current
    }

    public var description: String {
        current == nil
            ? "预算明细 #\(id) 已被他人删除，没有写入任何内容。"
            : "预算明细 #\(id) 在您看到之后已被他人修改，没有写入任何内容；已显示它现在的内容，请核对后再改。"
    }
}

// What a long-running front end (the browser workbench) asks of a resident session.
extension ProjectSession {
    /// One page of the line items a query matches, with how many match and their total.
    public struct ItemPage: Sendable {
        public var items: [LineItem]
        public var count: Int
        public var total: Fen
        public var codes: CodeBook
    }

    /// The items `query` matches from the `offset`-th on, at most `limit` of them, and the count
    /// and total of all it matches (as `item list` totals them). Without a condition, the count
    /// and total come from the kept totals; with one, SQLite counts and sums the items that meet
    /// it, and the page is read by position among them.
    public func itemPage(matching query: ItemQuery, offset: Int, limit: Int) throws -> ItemPage {
        let offset = max(0, offset)
        let limit = max(0, limit)
        return try projectFile.read { reader in
            let codes = try reader.codeBook()
            let query = try query.resolved(reader)
            let conditions = ProjectReader.ItemConditions(
                unit: query.unit, functionalPrefix: query.functionalPrefix, economicPrefix: query.economicPrefix, type: query.type?.rawValue,
                nature: query.nature?.rawValue, source: query.source?.rawValue, project: query.project)
            let (count, total) = try query.isEmpty ? reader.itemCountAndTotal() : reader.itemCountAndTotal(where: conditions)
            let items = try reader.items(where: conditions, offset: offset, limit: limit)
            return ItemPage(items: items, count: count, total: total, codes: codes)
        }
    }

    /// The project's code names (the bureau's list, the clerk's, the bundled catalogs).
    public func codeBook() throws -> CodeBook {
        try projectFile.read { try $0.codeBook() }
    }

    /// A consistent copy of the project, as a new file at `path` (the file is held only while its
    /// pages are copied): what a resident front end runs a long check on, so that the check's
    /// reads never hold up an edit's commit.
    public func copy(to path: String) throws {
        try projectFile.copy(to: path)
    }

    /// How many writes the file has had, by any program of this tool (the CLI too): a front
    /// end that keeps the session open polls it to learn that the project changed under it.
    public func writeCount() throws -> Int64 {
        try projectFile.read { try $0.writeCount() }
    }
}
