import BudgetModel
import Foundation
import GRDB

/// A `*.budget` project file: one department's draft budget for one year, in SQLite.
///
/// Opening checks the file's identity from its raw header before SQLite touches it, so a foreign
/// file, a newer file or a mistyped path is refused without a byte being written. Every change
/// runs in one IMMEDIATE transaction: all of it lands, or none of it.
public final class ProjectFile: Sendable {
    public let path: String
    let queue: DatabaseQueue
    /// This file among the files the process has open (``OpenFiles``).
    let openKey: String?

    init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
        self.openKey = OpenFiles.shared.add(path)
    }

    deinit {
        OpenFiles.shared.remove(openKey)
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA trusted_schema = OFF; PRAGMA synchronous = EXTRA; PRAGMA journal_mode = DELETE")
        }
        return config
    }

    /// Creates a new project file. Refuses to touch a path that already exists.
    public static func create(at path: String, department: Department) throws(StoreError) -> ProjectFile {
        try checkSQLiteVersion()
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: path) { throw .alreadyExists(path: path) }
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .other(path: path, detail: "文件夹 \(folder) 不存在")
        }
        // Build the file under a temporary name, then link it into place: a crash never leaves
        // a half-made project, and an existing file is never replaced.
        let temporary = folder + "/." + url.lastPathComponent + ".init-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            let queue = try DatabaseQueue(path: temporary, configuration: configuration())
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
            }
            try Schema.migrator.migrate(queue)
            try queue.write { db in
                let seal = try TotalsSeal.start(db)
                try db.execute(
                    sql: "INSERT INTO department (id, code, name, year) VALUES (1, ?, ?, ?)",
                    arguments: [department.code, department.name, department.year])
                try TotalsSeal.close(db, seal, compareInFull: true)
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw translate(error, path: path)
        } catch {
            throw .other(path: path, detail: "\(error)")
        }
        if link(temporary, path) != 0 {
            if errno == EEXIST { throw .alreadyExists(path: path) }
            throw .other(path: path, detail: String(cString: strerror(errno)))
        }
        return try open(at: path)
    }

    /// Opens an existing project file, refusing anything that is not one of ours.
    public static func open(at path: String) throws(StoreError) -> ProjectFile {
        try checkSQLiteVersion()
        try identify(path)
        // A journal left beside the file means a write was interrupted: SQLite rolls it back on
        // open, and then the whole file is checked before anything else touches it. But only a
        // journal that belongs to this file is left for SQLite: any other is moved aside first
        // (JournalGuard). A file this process already has open is SQLite's to coordinate.
        if !OpenFiles.shared.isOpen(path), let notice = try JournalGuard.guardJournal(of: path) {
            ProjectFile.notify(
                "项目文件旁的日志文件 \(notice.journal) 不属于这个项目文件的当前内容（\(notice.reason)），没有用它改动项目文件，"
                    + "已改名为 \(notice.keptAs) 保留。如果项目文件随后被报告为已损坏，请把这个日志文件和项目文件一起交给技术支持。")
        }
        let journal = JournalGuard.journal(of: path)
        let recovering = FileManager.default.fileExists(atPath: journal)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration())
            let (superseded, pending) = try queue.read { db in
                (try Schema.migrator.hasBeenSuperseded(db), try !Schema.migrator.hasCompletedMigrations(db))
            }
            if recovering || pending {
                let quickCheck = try queue.read { try String.fetchOne($0, sql: "PRAGMA quick_check") ?? "" }
                guard quickCheck == "ok" else { throw StoreError.corrupt(path: path, detail: quickCheck) }
            }
            if recovering { try? removeStaleJournal(queue, path: path, journal: journal) }  // best effort: a live writer keeps its own
            if superseded { throw StoreError.newerVersion(path: path, found: Schema.currentVersion + 1, supported: Schema.currentVersion) }
            if pending {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
                if access(path, W_OK) != 0 || access(folder, W_OK) != 0 {
                    throw StoreError.needsUpgrade(path: path)
                }
                try backupBeforeMigration(queue, path: path)
                try Schema.migrator.migrate(queue)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            if error.extendedResultCode == .SQLITE_READONLY_ROLLBACK { throw .needsRecovery(path: path) }
            throw translate(error, path: path)
        } catch {
            throw .other(path: path, detail: "\(error)")
        }
        return ProjectFile(path: path, queue: queue)
    }

    /// Reads the 100-byte SQLite header directly: this never creates, locks or writes the file.
    static func identify(_ path: String) throws(StoreError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .missing(path: path) }
            throw .other(path: path, detail: String(cString: strerror(errno)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .isDirectory(path: path)
        default: throw .notAProject(path: path, detail: "它不是普通文件，而是管道、设备或其他特殊文件")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .other(path: path, detail: "无法读取文件") }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        if header.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw .notAProject(path: path, detail: "这是 Excel/ZIP 文件；导入明细请用 budget import")
        }
        guard header.count == 100 else { throw .notAProject(path: path, detail: header.isEmpty ? "文件是空的" : "文件太短") }
        guard header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw .notAProject(path: path, detail: "不是 SQLite 数据库")
        }
        func bigEndian(_ offset: Int) -> Int32 {
            Int32(bitPattern: header[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        let applicationID = bigEndian(68)
        if applicationID != Schema.applicationID { throw .foreignApplication(path: path, applicationID: applicationID) }
        let version = Int(bigEndian(60))
        if version > Schema.currentVersion { throw .newerVersion(path: path, found: version, supported: Schema.currentVersion) }
    }

    /// A journal that is still there after SQLite's recovery (a write killed before it began its
    /// commit leaves one that SQLite ignores) is removed while holding the write lock, so no
    /// other writer can own it, and the totals' seal is cleared. Left alone when the file cannot
    /// be written.
    static func removeStaleJournal(_ queue: DatabaseQueue, path: String, journal: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard access(path, W_OK) == 0, access(folder, W_OK) == 0 else { return }
        try queue.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                // Before this transaction writes a page (and so makes its own journal).
                if FileManager.default.fileExists(atPath: journal) { unlink(journal) }
                try FileIdentity.mark(db)
                // An interrupted write: the next export compares the totals in full once.
                try TotalsSeal.clear(db)
                return .commit
            }
        }
    }

    /// Before a migration changes a user's file, a consistent copy goes beside it.
    static func backupBeforeMigration(_ queue: DatabaseQueue, path: String) throws {
        let version = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        let backup = path + ".v\(version).bak"
        // A copy a killed process left half made: removed once that process is gone.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let prefix = URL(fileURLWithPath: backup).lastPathComponent + ".tmp-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            // "P.v2.bak.tmp-<pid>" and the journal SQLite kept beside it, "…-<pid>-journal".
            if let pid = Int32(name.dropFirst(prefix.count).prefix { $0.isNumber }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink(folder + "/" + name)
            }
        }
        guard !FileManager.default.fileExists(atPath: backup) else { return }
        let temporary = backup + ".tmp-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [temporary]) }
        guard rename(temporary, backup) == 0 else { throw StoreError.other(path: backup, detail: String(cString: strerror(errno))) }
    }

    static func checkSQLiteVersion() throws(StoreError) {
        let number = Database.sqliteLibVersionNumber
        if number < 3_037_000 {
            throw .sqliteTooOld(version: "\(number / 1_000_000).\(number / 1000 % 1000).\(number % 1000)")
        }
    }

    static func translate(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: .inUse(path: path)
        case .SQLITE_READONLY:
            access(URL(fileURLWithPath: path).deletingLastPathComponent().path, W_OK) != 0 && access(path, W_OK) == 0
                ? .readOnlyFolder(path: path) : .readOnly(path: path)
        case .SQLITE_NOTADB: .notAProject(path: path, detail: "不是 SQLite 数据库")
        case .SQLITE_CORRUPT: .corrupt(path: path, detail: error.message ?? "")
        case .SQLITE_CONSTRAINT: .constraint(detail: error.message ?? "")
        case .SQLITE_FULL: .other(path: path, detail: "磁盘已满")
        default: .other(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs `body` in one read transaction.
    public func read<T>(_ body: (ProjectReader) throws -> T) throws -> T {
        do {
            return try queue.read { db in try body(ProjectReader(db: db)) }
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction: everything it writes lands, or nothing does.
    ///
    /// With `bulk`, SQLite's own foreign-key lookups are off for the transaction: a bulk load
    /// through ``ItemInserter`` looks every unit and project up itself, and SQLite's second
    /// lookup would cost more than the load.
    public func write<T>(bulk: Bool = false, _ body: (ProjectWriter) throws -> T) throws -> T {
        do {
            var result: T?
            try queue.writeWithoutTransaction { db in
                if bulk { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
                defer { if bulk { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
                try db.inTransaction(.immediate) {
                    // A trigger or anything else another program planted would act on this
                    // write: none is made until they are removed (budget doctor --remove-unknown).
                    let unknown = try SchemaCheck.unknown(db)
                    if !unknown.isEmpty { throw StoreError.unknownSchema(path: path, objects: unknown) }
                    let seal = try TotalsSeal.start(db)
                    try FileIdentity.mark(db)
                    let writer = ProjectWriter(db: db)
                    result = try body(writer)
                    // A bulk load's totals are compared in full once before they are sealed.
                    try TotalsSeal.close(db, seal, compareInFull: writer.state.replacedTotals || bulk)
                    return .commit
                }
            }
            return result!
        } catch {
            // A write that failed on the disk (full, a size limit) after SQLite had already
            // written pages into the file is rolled back from its journal only at the next read
            // on this connection: done now, so the file is as before and no journal is left.
            _ = try? queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            if let error = error as? DatabaseError { throw Self.translate(error, path: path) }
            throw error
        }
    }

    /// Drops the tables, views, triggers and indexes this tool did not make, in one transaction
    /// (the only write that may run while they are there); returns what was removed.
    public func removeUnknownSchemaObjects() throws -> [String] {
        do {
            var removed: [String] = []
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try FileIdentity.mark(db)
                    removed = try SchemaCheck.removeUnknown(db)
                    // Whatever those objects did, the totals are compared in full before the next export.
                    try TotalsSeal.clear(db)
                    return .commit
                }
            }
            return removed
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    /// The tables, views, triggers and indexes in the file that this tool did not make.
    public func unknownSchemaObjects() throws -> [String] {
        try read { try SchemaCheck.unknown($0.db) }
    }

    /// The whole project, read in one transaction.
    public func snapshot() throws -> ProjectSnapshot {
        try read { try $0.snapshot() }
    }

    /// Integrity and foreign-key checks of the file itself, and the kept totals against a fresh
    /// sum of every line item. Reads the whole file.
    public func integrityProblems() throws -> [String] {
        try read { reader in
            let integrity = try String.fetchAll(reader.db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let foreignKeys = try Row.fetchAll(reader.db, sql: "PRAGMA foreign_key_check").map { "外键错误：\($0)" }
            func differences(_ kept: String, _ fresh: String) throws -> Int {
                try Int.fetchOne(
                    reader.db,
                    sql: "SELECT (SELECT count(*) FROM (\(kept) EXCEPT \(fresh))) + (SELECT count(*) FROM (\(fresh) EXCEPT \(kept)))") ?? 0
            }
            let totals = try differences(
                "SELECT functional, economic, type, nature, source, amount_fen, item_count FROM item_total",
                "SELECT functional, economic, type, coalesce(nature, ''), source, sum(amount_fen), count(*) FROM line_item GROUP BY 1, 2, 3, 4, 5")
            let byClassification =
                try differences(
                    "SELECT functional, type, nature, source, amount_fen, item_count FROM functional_total",
                    "SELECT functional, type, coalesce(nature, ''), source, sum(amount_fen), count(*) FROM line_item GROUP BY 1, 2, 3, 4")
                + differences(
                    "SELECT economic, type, nature, source, amount_fen, item_count FROM economic_total",
                    "SELECT economic, type, coalesce(nature, ''), source, sum(amount_fen), count(*) FROM line_item GROUP BY 1, 2, 3, 4")
            let units = try differences(
                "SELECT unit_id, item_count, amount_fen FROM unit_total",
                "SELECT unit_id, count(*), sum(amount_fen) FROM line_item GROUP BY unit_id")
            let projects = try differences(
                "SELECT project_id, item_count, amount_fen FROM project_total",
                "SELECT project_id, count(*), sum(amount_fen) FROM line_item WHERE project_id IS NOT NULL GROUP BY project_id")
            let drift = totals + byClassification + units + projects
            return integrity + foreignKeys + (drift > 0 ? ["汇总数与明细不一致（\(drift) 处）"] : [])
        }
    }

    /// Facts about the file for a support report.
    public struct FileFacts: Sendable {
        public var formatVersion: Int
        public var migrations: [String]
        public var journalMode: String
        public var pageCount: Int
        public var pageSize: Int
        public var sqliteVersion: String
        public var units: Int
        public var projects: Int
        public var items: Int
        public var total: Fen
        public var bureauCodes: Int
        public var userCodes: Int
        public var snapshots: [SnapshotInfo]
    }

    public func facts() throws -> FileFacts {
        try read { reader in
            let db = reader.db
            func int(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return FileFacts(
                formatVersion: try int("PRAGMA user_version"),
                migrations: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                pageCount: try int("PRAGMA page_count"), pageSize: try int("PRAGMA page_size"),
                sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "",
                units: try int("SELECT count(*) FROM unit"), projects: try int("SELECT count(*) FROM project"),
                items: try int("SELECT coalesce(sum(item_count), 0) FROM unit_total"),
                total: try Fen.fetchOne(db, sql: "SELECT coalesce(sum(amount_fen), 0) FROM unit_total") ?? 0,
                bureauCodes: try int("SELECT count(*) FROM code_name WHERE origin = 'bureau'"),
                userCodes: try int("SELECT count(*) FROM code_name WHERE origin = 'user'"),
                snapshots: try reader.snapshots())
        }
    }

    public func close() throws {
        try queue.close()
    }

    /// A consistent copy of the file, written to the new file `path` by SQLite's backup in one
    /// read transaction: the file is held only while its pages are copied, not while the copy is
    /// read (a resident front end checks the copy while edits go on).
    public func copy(to path: String) throws {
        let target = try DatabaseQueue(path: path)
        do {
            try queue.backup(to: target)
            try target.close()
        } catch {
            try? target.close()
            throw error
        }
    }
}
