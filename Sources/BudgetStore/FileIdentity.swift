import Foundation
import GRDB
import GRDBSQLite

/// The project's identity inside its file, and the mark every write leaves in its journal.
enum FileIdentity {
    /// The first thing every write transaction of this tool does: it writes page 1 (setting the
    /// application id to the value it has) and the identity row, so SQLite copies both into the
    /// journal before anything else. A journal of this tool therefore always holds the change
    /// counter the write started from and the project's tag (see ``JournalGuard``).
    static func mark(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
        guard try db.tableExists("file_identity") else { return }
        // Writing page 1 opened the journal, whose header SQLite has written with a random nonce:
        // the identity row takes it, so a file this write changed can be told from a file a
        // later write changed (both leave the same change counter).
        let stamp = String(format: "%08X", journalNonce(db) ?? 0)
        try db.execute(
            sql: """
                INSERT INTO file_identity (id, tag, writes) VALUES (1, 'BUDGET-PROJECT-ID:' || hex(randomblob(16)) || ':' || ?1, 1)
                ON CONFLICT (id) DO UPDATE SET writes = writes + 1, tag = substr(tag, 1, 50) || ':' || ?1
                """,
            arguments: [stamp])
    }

    /// The nonce in the header of the journal of the write under way (bytes 12–15).
    static func journalNonce(_ db: Database) -> UInt32? {
        guard let name = sqlite3_db_filename(db.sqliteConnection, "main"), name.pointee != 0,
            let handle = FileHandle(forReadingAtPath: String(cString: name) + "-journal")
        else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 16), header.count == 16 else { return nil }
        return JournalGuard.bigEndian([UInt8](header), 12)
    }

    /// The project part of the tag (`BUDGET-PROJECT-ID:` and 32 hex digits), or nil for a file of
    /// a format before 6.
    static func tag(_ db: Database) throws -> String? {
        guard try db.tableExists("file_identity") else { return nil }
        return try String.fetchOne(db, sql: "SELECT substr(tag, 1, 50) FROM file_identity WHERE id = 1")
    }
}

/// The project files this process has open: SQLite coordinates its own connections within one
/// process (a journal of another connection here is live, not hot), so ``JournalGuard`` leaves
/// those files alone.
final class OpenFiles: @unchecked Sendable {
    static let shared = OpenFiles()
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func key(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return "\(status.st_dev):\(status.st_ino)"
    }

    /// Counts the file as open; returns the key to remove it by.
    func add(_ path: String) -> String? {
        guard let key = key(path) else { return nil }
        lock.withLock { counts[key, default: 0] += 1 }
        return key
    }

    func remove(_ key: String?) {
        guard let key else { return }
        lock.withLock {
            counts[key, default: 1] -= 1
            if counts[key] == 0 { counts[key] = nil }
        }
    }

    func isOpen(_ path: String) -> Bool {
        guard let key = key(path) else { return false }
        return lock.withLock { counts[key] != nil }
    }
}

extension ProjectFile {
    /// Where the store's notices to the clerk go (a journal moved aside): standard error unless
    /// a front end sets its own.
    public static var noticeHandler: @Sendable (String) -> Void {
        get { NoticeSink.shared.lock.withLock { NoticeSink.shared.handler } }
        set { NoticeSink.shared.lock.withLock { NoticeSink.shared.handler = newValue } }
    }

    static func notify(_ message: String) {
        noticeHandler(message)
    }
}

final class NoticeSink: @unchecked Sendable {
    static let shared = NoticeSink()
    let lock = NSLock()
    var handler: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("提醒：\(message)\n".utf8))
    }
}

/// The database objects a project file of the current format holds: anything else (a trigger
/// that rewrites new items, a view, a table or an index another program added) means the file
/// is not exactly ours. Names are compared, not the SQL text: SQLite rewrites the text of a
/// renamed table itself, and older files were migrated by older versions of SQLite.
enum SchemaCheck {
    /// The objects a fresh file of the current format has, made once per process.
    static let expected: Set<String> = {
        guard let queue = try? DatabaseQueue(), (try? Schema.migrator.migrate(queue)) != nil,
            let names = try? queue.read({ try objects($0) })
        else { return [] }
        return Set(names)
    }()

    /// Every object in the file as "type name" (SQLite's own `sqlite_` objects left out).
    static func objects(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1")
    }

    /// The objects this tool did not make, in words: "触发器 t"、"视图 v"、"表 x"、"索引 i".
    static func unknown(_ db: Database) throws -> [String] {
        let expected = Self.expected
        guard !expected.isEmpty else { return [] }
        return try objects(db).filter { !expected.contains($0) }.map(describe)
    }

    static func describe(_ object: String) -> String {
        let parts = object.split(separator: " ", maxSplits: 1).map(String.init)
        let kinds = ["trigger": "触发器", "view": "视图", "table": "表", "index": "索引"]
        return "\(kinds[parts[0]] ?? parts[0]) \(parts.count > 1 ? parts[1] : "")"
    }

    /// Drops every object this tool did not make, in one transaction; returns what was dropped.
    static func removeUnknown(_ db: Database) throws -> [String] {
        let expected = Self.expected
        guard !expected.isEmpty else { return [] }
        // Triggers and views first: they may name the tables dropped after them.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1 WHEN 'index' THEN 2 ELSE 3 END, name
                """)
        var removed: [String] = []
        for row in rows {
            let type: String = row[0]
            let name: String = row[1]
            guard !expected.contains(type + " " + name), ["trigger", "view", "index", "table"].contains(type) else { continue }
            // An index of a table dropped before it went with the table.
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = ? AND name = ?", arguments: [type, name]) == 1 else {
                continue
            }
            try db.execute(sql: "DROP \(type.uppercased()) \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"")
            removed.append(describe(type + " " + name))
        }
        return removed
    }
}
