import BudgetModel
import Foundation
import GRDB
import GRDBSQLite

/// A saved state of the project (一上, 二上 …), listed without its image.
public struct SnapshotInfo: Sendable, Equatable {
    public var name: String
    /// "2026-11-25 20:31:07", local time.
    public var created: String
    public var itemCount: Int
    public var total: Fen
}

/// Project databases as SQLite images: a snapshot is the whole project (every table but the
/// snapshots themselves) copied into an in-memory database and serialized, so that it can be
/// opened again with the same reader as a project file, or copied back over the project.
enum ProjectImage {
    /// The tables an image holds, parents before children (foreign keys), so that inserting in
    /// this order and deleting in the reverse one never trips a constraint.
    static func tables(_ db: Database) throws -> [String] {
        let names = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  AND name NOT IN ('snapshot', 'grdb_migrations', 'totals_seal', 'file_identity') ORDER BY name
                """)
        var parents: [String: Set<String>] = [:]
        for name in names {
            parents[name] = Set(
                try Row.fetchAll(db, sql: "SELECT \"table\" FROM pragma_foreign_key_list(?)", arguments: [name])
                    .map { $0[0] as String }.filter { $0 != name })
        }
        var ordered: [String] = []
        var placed: Set<String> = []
        while ordered.count < names.count {
            let ready = names.filter { !placed.contains($0) && (parents[$0] ?? []).isSubset(of: placed) }
            guard !ready.isEmpty else { throw StoreError.corrupt(path: db.description, detail: "外键成环") }
            ordered += ready
            placed.formUnion(ready)
        }
        return ordered
    }

    static func columns(_ db: Database, _ table: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Copies every row of `tables` from one database to another whose tables are empty; columns
    /// are matched by name (an older image has fewer; the missing ones take their defaults).
    static func copy(_ tables: [String], from source: Database, to target: Database) throws {
        for table in tables {
            let sourceColumns = Set(try columns(source, table))
            let shared = try columns(target, table).filter { sourceColumns.contains($0) }
            guard !shared.isEmpty else { continue }
            let list = shared.map(quoted).joined(separator: ", ")
            let insert = try target.makeStatement(
                sql: "INSERT INTO \(quoted(table)) (\(list)) VALUES (\(Array(repeating: "?", count: shared.count).joined(separator: ", ")))")
            let rows = try Row.fetchCursor(source, sql: "SELECT \(list) FROM \(quoted(table))")
            while let row = try rows.next() {
                try insert.execute(arguments: StatementArguments(row.databaseValues))
            }
        }
    }

    /// The project in `db` as an SQLite image, without its snapshots.
    static func make(from db: Database) throws -> Data {
        let memory = try DatabaseQueue()
        try memory.writeWithoutTransaction { target in
            try target.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
        }
        try Schema.migrator.migrate(memory)
        try memory.writeWithoutTransaction { target in
            try target.execute(sql: "PRAGMA foreign_keys = OFF")
            try target.inTransaction {
                try copy(try tables(db), from: db, to: target)
                return .commit
            }
        }
        // A fresh database filled once has no free pages: no VACUUM needed before serializing.
        return try memory.writeWithoutTransaction { target in
            var size: sqlite3_int64 = 0
            guard let bytes = sqlite3_serialize(target.sqliteConnection, "main", &size, 0) else {
                throw StoreError.other(path: "快照", detail: "内存不足，无法保存快照")
            }
            defer { sqlite3_free(bytes) }
            return Data(bytes: bytes, count: Int(size))
        }
    }

    /// An image opened as an in-memory database, migrated to the current format if it is older.
    static func open(_ image: Data, name: String) throws -> DatabaseQueue {
        guard image.starts(with: Array("SQLite format 3\0".utf8)), image.count >= 100 else {
            throw StoreError.corrupt(path: name, detail: "快照数据不是项目文件")
        }
        let queue = try DatabaseQueue()
        try queue.writeWithoutTransaction { db in
            guard let buffer = sqlite3_malloc64(sqlite3_uint64(image.count)) else {
                throw StoreError.other(path: name, detail: "内存不足，无法打开快照")
            }
            image.withUnsafeBytes { raw in buffer.copyMemory(from: raw.baseAddress!, byteCount: image.count) }
            let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
            let code = sqlite3_deserialize(
                db.sqliteConnection, "main", buffer.assumingMemoryBound(to: UInt8.self),
                sqlite3_int64(image.count), sqlite3_int64(image.count), flags)
            guard code == SQLITE_OK else { throw StoreError.corrupt(path: name, detail: "快照数据无法打开（\(code)）") }
            let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            guard id == Schema.applicationID else { throw StoreError.corrupt(path: name, detail: "快照数据不是项目文件") }
            if version > Schema.currentVersion {
                throw StoreError.newerVersion(path: name, found: version, supported: Schema.currentVersion)
            }
            try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF")
        }
        try Schema.migrator.migrate(queue)
        return queue
    }
}

extension ProjectFile {
    /// A project held in memory: a snapshot's image, opened for reading with the same reader as
    /// a project file. `name` stands for the path in messages.
    public static func image(_ data: Data, name: String) throws -> ProjectFile {
        do {
            return ProjectFile(path: name, queue: try ProjectImage.open(data, name: name))
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw translate(error, path: name)
        }
    }
}

extension ProjectReader {
    /// The snapshots, oldest first.
    public func snapshots() throws -> [SnapshotInfo] {
        try Row.fetchAll(db, sql: "SELECT name, created, item_count, total_fen FROM snapshot ORDER BY id").map {
            SnapshotInfo(name: $0[0], created: $0[1], itemCount: $0[2], total: $0[3])
        }
    }

    /// A snapshot's image, or nil if there is none of that name.
    public func snapshotImage(_ name: String) throws -> Data? {
        try Data.fetchOne(db, sql: "SELECT image FROM snapshot WHERE name = ?", arguments: [name])
    }
}

extension ProjectWriter {
    /// Saves the project as it is now under `name`, which must be new.
    public func saveSnapshot(_ name: String, created: String) throws -> SnapshotInfo {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM snapshot WHERE name = ?", arguments: [name]) == true {
            throw InputProblem(column: "快照名称", value: name, message: "已经有这个名称的快照；请换一个名称，或先用 budget snapshot rm 删除旧的")
        }
        let image = try ProjectImage.make(from: db)
        let facts = try Row.fetchOne(db, sql: "SELECT coalesce(sum(item_count), 0), coalesce(sum(amount_fen), 0) FROM unit_total")!
        let info = SnapshotInfo(name: name, created: created, itemCount: facts[0], total: facts[1])
        try db.execute(
            sql: "INSERT INTO snapshot (name, created, item_count, total_fen, image) VALUES (?, ?, ?, ?, ?)",
            arguments: [name, created, info.itemCount, info.total, image])
        return info
    }

    /// Removes a snapshot; false if there was none of that name.
    public func removeSnapshot(_ name: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM snapshot WHERE name = ?", arguments: [name])
        return db.changesCount > 0
    }

    /// Replaces everything in the project but its snapshots with a snapshot's contents.
    public func restore(image: Data, name: String) throws {
        let source = try ProjectImage.open(image, name: name)
        let tables = try ProjectImage.tables(db)
        // Constraints are checked at the commit, once the whole project is in place.
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        state.replacedTotals = true
        for table in tables.reversed() { try db.execute(sql: "DELETE FROM \(ProjectImage.quoted(table))") }
        try source.read { from in try ProjectImage.copy(tables, from: from, to: db) }
    }
}
