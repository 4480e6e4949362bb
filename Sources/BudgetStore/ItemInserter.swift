import BudgetModel
import GRDB
import GRDBSQLite

/// Inserts line items one at a time through one prepared statement, binding values straight
/// to SQLite, and applies their share of the kept totals once at the end. Made by
/// ``ProjectWriter/inserter()``; used inside that writer's transaction only.
public final class ItemInserter {
    let db: Database
    let writer: ProjectWriter
    let statement: Statement
    var units: [String: Int64] = [:]
    var projects: [String: Int64] = [:]
    var delta = TotalsDelta()
    var added: Fen = 0
    public private(set) var lastID: Int64 = 0

    init(_ writer: ProjectWriter) throws {
        self.writer = writer
        db = writer.db
        statement = try db.makeStatement(sql: """
            INSERT INTO line_item (unit_id, functional, economic, type, nature, project_id, source, amount_fen, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// SQLite copies the text it is given (SQLITE_TRANSIENT).
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public func insert(_ item: LineItem) throws {
        let unit = try units[item.unitCode] ?? writer.unitID(item.unitCode)
        units[item.unitCode] = unit
        var project: Int64?
        if let name = item.project {
            project = try projects[name] ?? writer.projectID(name)
            projects[name] = project
        }
        let (sum, overflow) = added.addingReportingOverflow(item.amount)
        added = overflow ? .max : sum
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, unit)
        bind(handle, 2, item.functional)
        bind(handle, 3, item.economic)
        bind(handle, 4, item.type.rawValue)
        if let nature = item.nature { bind(handle, 5, nature.rawValue) } else { sqlite3_bind_null(handle, 5) }
        if let project { sqlite3_bind_int64(handle, 6, project) } else { sqlite3_bind_null(handle, 6) }
        bind(handle, 7, item.source.rawValue)
        sqlite3_bind_int64(handle, 8, item.amount)
        bind(handle, 9, item.note)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        lastID = sqlite3_last_insert_rowid(db.sqliteConnection)
        delta.add(item, unit: unit, project: project, sign: 1)
    }

    func bind(_ handle: OpaquePointer?, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
        }
    }

    /// Applies the inserted items to the kept totals; refuses a project total out of range.
    public func finish() throws {
        sqlite3_reset(statement.sqliteStatement)
        try writer.checkProjectTotal(adding: added)
        try delta.apply(db)
        delta = TotalsDelta()
        added = 0
    }
}

extension ProjectWriter {
    /// A fast inserter for many line items; call `finish()` before the transaction ends.
    public func inserter() throws -> ItemInserter { try ItemInserter(self) }

    /// For a bulk load: drops the line-item indexes, which are cheaper to build once at the end
    /// than to grow row by row. `restoreItemIndexes` must follow in the same transaction.
    public func dropItemIndexes() throws {
        // A page cache large enough that SQLite does not spill pages during the load (it grows
        // only as pages are used, and goes with the connection).
        try db.execute(sql: "PRAGMA cache_size = -262144")
        try db.execute(sql: "DROP INDEX line_item_zero")
    }

    public func restoreItemIndexes() throws {
        try db.execute(sql: "CREATE INDEX line_item_zero ON line_item(id) WHERE amount_fen = 0")
    }
}
