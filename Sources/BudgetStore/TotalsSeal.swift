import Foundation
import GRDB
import GRDBSQLite

/// Whether the kept totals can be trusted without summing every line item again.
///
/// SQLite adds one to the file change counter (header offset 24) at the commit of every write
/// transaction in rollback-journal mode, whoever the writer is. Each write this tool makes ends
/// by storing the counter its own commit will leave (the counter at its start, plus one) in
/// `totals_seal`, but only when the totals were right to begin with (the seal held) or a full
/// comparison at its end found them right. So when the file's counter still equals the stored
/// one, nothing but this tool has written since totals last agreed with the items, and the
/// export gate needs no scan of every item; any other writer (the sqlite3 shell, a script, a
/// hex editor that changes the counter) breaks the seal and the next gate compares in full.
/// A file in WAL mode, where the counter is not kept per transaction, is never trusted.
///
/// The counter belongs to the file, not to its content: SQLite's backup API (`.restore`) copies
/// another file's pages, seal included, and then writes the target's own counter plus one, which
/// can equal a seal copied from elsewhere. So the seal also names the file it was made in (device
/// and inode): content that arrives from another file, by backup or by copy, is not trusted until
/// compared once. A journal found beside the file at opening clears the seal as well.
enum TotalsSeal {
    /// The change counter and journal-mode bytes of the file as SQLite's own file handle reads
    /// them (a second descriptor would drop SQLite's locks when closed).
    struct Header: Equatable {
        var changeCounter: Int64
        var rollbackJournal: Bool
    }

    static func header(_ db: Database) -> Header? {
        var file: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK,
            let file, let methods = file.pointee.pMethods, let read = methods.pointee.xRead
        else { return nil }
        var bytes = [UInt8](repeating: 0, count: 8)
        // Offsets 18 and 19: 1 for a rollback journal, 2 for WAL; offset 24: the change counter.
        var versions = [UInt8](repeating: 0, count: 2)
        guard read(file, &versions, 2, 18) == SQLITE_OK, read(file, &bytes, 4, 24) == SQLITE_OK else { return nil }
        let counter = bytes[0..<4].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        return Header(changeCounter: counter, rollbackJournal: versions == [1, 1])
    }

    /// True when nothing but this tool has written since the totals last agreed with the items.
    /// Call inside a transaction (the counter cannot move under it).
    /// Only a file whose schema is exactly ours: a trigger another program planted could have
    /// changed items without the kept totals following. (A write checks the schema before it
    /// starts, and refuses.)
    static func holds(_ db: Database) throws -> Bool {
        try start(db).held && SchemaCheck.unknown(db).isEmpty
    }

    /// The device and inode of the main database file; nil for a database in memory.
    struct Identity: Equatable {
        var device: Int64
        var inode: Int64
    }

    static func identity(_ db: Database) -> Identity? {
        guard let name = sqlite3_db_filename(db.sqliteConnection, "main"), name.pointee != 0 else { return nil }
        var status = stat()
        guard stat(name, &status) == 0 else { return nil }
        return Identity(device: Int64(bitPattern: UInt64(status.st_dev)), inode: Int64(bitPattern: UInt64(status.st_ino)))
    }

    /// What a write transaction reads at its start, before it changes anything.
    struct Start {
        var header: Header?
        var identity: Identity?
        var held: Bool
    }

    static func start(_ db: Database) throws -> Start {
        // The stored seal first: in a read transaction this SELECT is what takes SQLite's shared
        // lock, so that no other writer can commit between it and the header read below.
        let stored = try Row.fetchOne(db, sql: "SELECT change_counter, file_device, file_inode FROM totals_seal WHERE id = 1")
        guard let header = header(db), header.rollbackJournal, let identity = identity(db) else {
            return Start(header: nil, identity: nil, held: false)
        }
        let held =
            stored.map { row in
                row[0] as Int64 == header.changeCounter && row[1] as Int64 == identity.device && row[2] as Int64 == identity.inode
            } ?? false
        return Start(header: header, identity: identity, held: held)
    }

    /// Forgets the seal: the next export compares the totals with every item.
    static func clear(_ db: Database) throws {
        if try db.tableExists("totals_seal") { try db.execute(sql: "DELETE FROM totals_seal") }
    }

    /// At the end of a write transaction: seals the totals for the counter this commit will
    /// leave (the counter read at its start plus one: SQLite writes start + 1 whenever it
    /// writes page 1, also when a large write spills pages before the commit), if they were
    /// trusted at its start and the write did not put in totals from elsewhere, or else if a
    /// full comparison now finds them right. Otherwise the seal stays broken and the next export
    /// compares in full.
    ///
    /// `compareInFull`: the write put in totals from elsewhere (a snapshot) or wrote many rows
    /// through the bulk path, so the totals are compared in full before they are sealed; debug
    /// builds compare after every write.
    static func close(_ db: Database, _ start: Start, compareInFull: Bool) throws {
        guard let header = start.header, let identity = start.identity else { return }
        #if DEBUG
        let compare = true
        #else
        let compare = !start.held || compareInFull
        #endif
        // Not compared means the seal held at the start and the write kept the totals by deltas.
        if compare, try !ProjectReader(db: db).totalsAgree() { return }
        try db.execute(
            sql: """
                INSERT INTO totals_seal (id, change_counter, file_device, file_inode) VALUES (1, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET change_counter = excluded.change_counter, file_device = excluded.file_device,
                  file_inode = excluded.file_inode
                """,
            arguments: [(header.changeCounter + 1) & 0xFFFF_FFFF, identity.device, identity.inode])
    }
}
