import BudgetModel
import Foundation
import GRDB
import GRDBSQLite

/// One row of a statement being stepped, read with SQLite's own column calls.
///
/// For the reads every table and check makes (tens of thousands of kept totals and projects),
/// decoding through GRDB's `Row` costs several times the query: generic conversions, and a
/// copied row per step. Columns are read by position.
struct RawRow {
    let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

    /// The column's text; "" for NULL.
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// A value of a small vocabulary stored as text (type, nature, source …), found by its
    /// bytes without making a string.
    func value<Value>(_ column: Int32, in vocabulary: Vocabulary<Value>) -> Value? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        for (spelling, value) in vocabulary.spellings where spelling.count == count {
            if spelling.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes, count) == 0 }) { return value }
        }
        return nil
    }
}

extension Database {
    /// Runs `sql` and hands each row to `body`, stepping with SQLite's own calls.
    func eachRow(_ sql: String, arguments: StatementArguments = [], _ body: (RawRow) throws -> Void) throws {
        var statement = try cachedStatement(sql: sql)
        // The same query run again inside its own loop gets a statement of its own.
        if sqlite3_stmt_busy(statement.sqliteStatement) != 0 { statement = try makeStatement(sql: sql) }
        try statement.setArguments(arguments)
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        defer { sqlite3_reset(raw) }
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: sql)
            }
            try body(RawRow(statement: raw))
        }
    }
}

/// Each case of a vocabulary with the UTF-8 bytes of its raw value.
struct Vocabulary<Value>: Sendable where Value: Sendable {
    let spellings: [([UInt8], Value)]

    init(_: Value.Type) where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
        spellings = Value.allCases.map { (Array($0.rawValue.utf8), $0) }
    }
}

/// The vocabularies the project file stores as text, made once.
extension Vocabulary where Value == ExpenditureType { static let types = Vocabulary(ExpenditureType.self) }
extension Vocabulary where Value == CostNature { static let natures = Vocabulary(CostNature.self) }
extension Vocabulary where Value == FundingSource { static let sources = Vocabulary(FundingSource.self) }
extension Vocabulary where Value == CodeKind { static let kinds = Vocabulary(CodeKind.self) }
