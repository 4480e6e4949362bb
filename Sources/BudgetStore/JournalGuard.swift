import Foundation

/// A rollback journal found beside a project file, judged before SQLite opens the file.
///
/// SQLite rolls any hot journal it finds beside a database back into it, without asking whether
/// the two belong together. A journal left by a crash, beside a file that was since restored from
/// a backup, replaced by another project or by another state of the same project, would write
/// pages of a different database into the clerk's file (SQLite's own "How To Corrupt An SQLite
/// Database File": deleting a hot journal, mispairing database files and hot journals). So
/// before the first open the journal is read here and rolled back only when it belongs:
///
/// - Every write of this tool touches page 1 and the row of `file_identity` first, so its journal
///   always holds the original page 1 (with the file change counter the write started from) and
///   the project's identity (`BUDGET-PROJECT-ID:` and 32 hex digits, kept in the file).
/// - The journal belongs when its page size is the file's, it holds page 1 of this application,
///   the file's change counter is the journal's (page 1 not yet written back, and then the file's
///   page 1 is the journal's copy byte for byte) or one more (page 1 written by the interrupted
///   commit), and it carries the identity the file carries (a file of format 6 or later).
/// - Anything else is moved aside, never applied: kept as `P.budget-journal.不匹配-<time>`, and
///   the clerk is told what was found and what was done.
///
/// A journal whose first byte is zero is not hot (SQLite ignores it), and a journal whose file
/// another process holds a write lock on is that process's live journal: both are left alone.
enum JournalGuard {
    static let identityPrefix = Array("BUDGET-PROJECT-ID:".utf8)
    /// `BUDGET-PROJECT-ID:` 32 hex digits `:` 8 hex digits (the nonce of the last write's journal).
    static let identityLength = identityPrefix.count + 32 + 1 + 8

    /// A project's tag as found in a page, with the stamp of the write that last changed it.
    struct Identity: Hashable {
        var project: [UInt8]
        var stamp: UInt32
    }
    /// SQLite's journal header magic.
    static let magic: [UInt8] = [0xD9, 0xD5, 0x05, 0xF9, 0x20, 0xA1, 0x63, 0xD7]

    enum Verdict: Equatable {
        /// No journal, or one SQLite ignores, or another process's live journal.
        case none
        /// The journal is this file's: SQLite rolls it back.
        case belongs
        /// The journal must not be applied; the reason in words a clerk can follow.
        case foreign(String)
    }

    /// What the clerk is told after a journal was moved aside.
    struct Notice: Equatable {
        var journal: String
        var keptAs: String
        var reason: String
    }

    /// Judges the journal beside `path`, and moves it aside when it does not belong. Throws when
    /// a foreign journal cannot be moved (a read-only folder): then nothing is opened or written.
    static func guardJournal(of given: String) throws(StoreError) -> Notice? {
        let path = resolved(given)
        let journal = path + "-journal"
        guard case .foreign(let reason) = verdict(path: path, journal: journal) else { return nil }
        let kept = asideName(for: journal)
        // Named as the clerk gave the project, unless it is a link (then where the journal is).
        var status = stat()
        let linked = lstat(given, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
        let shown = { (name: String) in linked ? name : given + name.dropFirst(path.count) }
        guard rename(journal, kept) == 0 else {
            throw .foreignJournal(path: given, journal: shown(journal), reason: reason, detail: String(cString: strerror(errno)))
        }
        return Notice(journal: shown(journal), keptAs: shown(kept), reason: reason)
    }

    /// Where SQLite keeps the journal of `path`: beside the file a symbolic link points to.
    static func journal(of path: String) -> String { resolved(path) + "-journal" }

    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    static func asideName(for journal: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = journal + ".不匹配-" + formatter.string(from: Date())
        var name = base
        var number = 2
        while access(name, F_OK) == 0 {
            name = base + "-\(number)"
            number += 1
        }
        return name
    }

    static func verdict(path: String, journal: String) -> Verdict {
        var status = stat()
        guard lstat(journal, &status) == 0 else { return .none }
        guard status.st_mode & S_IFMT == S_IFREG else { return .foreign("它不是普通文件") }
        guard status.st_size > 0, let handle = FileHandle(forReadingAtPath: journal) else { return .none }
        defer { try? handle.close() }
        let first = [UInt8]((try? handle.read(upToCount: 28)) ?? Data())
        guard first.count == 28 else { return first.first ?? 0 == 0 ? .none : .foreign("它太短，不是完整的日志") }
        let header = first
        if header[0] == 0 { return .none }
        if writeLockHeld(on: path) { return .none }
        guard header.starts(with: magic) else { return .foreign("它不是 SQLite 的日志文件") }
        guard let file = FileHandle(forReadingAtPath: path) else { return .foreign("无法读取项目文件来核对它") }
        defer { try? file.close() }
        guard let head = try? file.read(upToCount: 100), head.count == 100 else { return .foreign("项目文件太短") }
        let fileHeader = [UInt8](head)
        let filePageSize = pageSize(fileHeader[16], fileHeader[17])
        let journalPageSize = Int(bigEndian(header, 24))
        guard journalPageSize == filePageSize else {
            return .foreign("日志的页大小（\(journalPageSize)）与项目文件（\(filePageSize)）不同，是别的数据库的日志")
        }
        guard let contents = JournalReader(handle: handle, pageSize: journalPageSize).scan() else {
            return .foreign("日志的内容无法读取")
        }
        guard let original = contents.pageOne else {
            return .foreign("日志里没有项目文件头的原样，不是本工具写的日志")
        }
        guard bigEndian(original, 68) == UInt32(bitPattern: Schema.applicationID) else {
            return .foreign("日志里的文件头不是预算项目文件的")
        }
        // Files of format 6 or later carry the project's identity, and so do all their journals;
        // each write also stamps the identity with its own journal's nonce (FileIdentity.mark).
        if bigEndian(original, 60) >= 6 {
            guard !contents.identities.isEmpty else { return .foreign("日志里没有本工具写入时留下的项目标识") }
            let inFile = fileIdentities(path)
            let projects = Set(inFile.map(\.project))
            guard !projects.isDisjoint(with: contents.identities.map(\.project)) else {
                return .foreign("日志属于另一个项目（项目标识不同）")
            }
            // The identity row in the file is as the journal found it, or as this very write left
            // it (stamped with this journal's nonce); a later write of another would stamp its own.
            let expected = Set(contents.identities.map(\.stamp) + [contents.nonce])
            guard inFile.contains(where: { expected.contains($0.stamp) }) else {
                return .foreign("日志属于这个项目的另一个状态：项目文件在日志开始之后又被另一次写入改过")
            }
        }
        let started = bigEndian(original, 24)
        let now = bigEndian(fileHeader, 24)
        if now == started {
            // Page 1 was not yet written back: the file's page 1 is the journal's copy.
            try? file.seek(toOffset: 0)
            guard let page = try? file.read(upToCount: filePageSize), [UInt8](page) == original else {
                return .foreign("项目文件的文件头与日志记下的原样不同，日志属于这个文件的另一个状态")
            }
        } else if now != started &+ 1 {
            return .foreign("日志开始时文件的修改计数是 \(started)，项目文件现在是 \(now)：日志属于这个项目的另一个状态，或另一个文件")
        }
        return .belongs
    }

    /// Whether another process holds SQLite's RESERVED or PENDING lock on the file: then the
    /// journal is live, and SQLite itself does not treat it as hot. (Within this process SQLite
    /// shares its locks between connections; `ProjectFile` checks its own open files first.)
    static func writeLockHeld(on path: String) -> Bool {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        // SQLite's lock bytes: PENDING at 0x40000000, RESERVED at 0x40000001.
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0x4000_0000
        lock.l_len = 2
        guard fcntl(descriptor, F_GETLK, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }

    /// The project identities written in the file (normally one), found by their bytes: the file
    /// may be half written by the interrupted transaction, so it is not opened with SQLite.
    static func fileIdentities(_ path: String) -> Set<Identity> {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        var found: Set<Identity> = []
        var carry: [UInt8] = []
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            let bytes = carry + [UInt8](chunk)
            found.formUnion(identities(in: bytes[...]))
            carry = Array(bytes.suffix(identityLength - 1))
        }
        return found
    }

    /// Every identity (`BUDGET-PROJECT-ID:` 32 hex digits `:` 8 hex digits) in `bytes`.
    static func identities(in bytes: ArraySlice<UInt8>) -> Set<Identity> {
        var found: Set<Identity> = []
        let first = identityPrefix[0]
        var index = bytes.startIndex
        let end = bytes.endIndex - identityLength
        let projectEnd = identityPrefix.count + 32
        while index <= end {
            if bytes[index] == first, bytes[index..<index + identityPrefix.count].elementsEqual(identityPrefix) {
                let candidate = Array(bytes[index..<index + identityLength])
                if candidate[identityPrefix.count..<projectEnd].allSatisfy(isHexDigit), candidate[projectEnd] == UInt8(ascii: ":"),
                    let stamp = UInt32(String(decoding: candidate[(projectEnd + 1)...], as: UTF8.self), radix: 16)
                {
                    found.insert(Identity(project: Array(candidate[..<projectEnd]), stamp: stamp))
                }
                index += identityLength
            } else {
                index += 1
            }
        }
        return found
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// The page size from header bytes 16–17 (1 means 65,536).
    static func pageSize(_ high: UInt8, _ low: UInt8) -> Int {
        let value = Int(high) << 8 | Int(low)
        return value == 1 ? 65536 : value
    }
}

/// Reads an SQLite rollback journal: one or more segments, each a header of one sector followed
/// by records of (page number, the page's original content, checksum). Only records whose
/// checksum holds are taken, as SQLite's own playback does.
struct JournalReader {
    let handle: FileHandle
    let pageSize: Int

    struct Contents {
        /// The original content of page 1, if the journal holds it.
        var pageOne: [UInt8]?
        /// The project identities found in the original pages.
        var identities: Set<JournalGuard.Identity> = []
        /// The nonce of the journal's first header.
        var nonce: UInt32 = 0
    }

    func scan() -> Contents? {
        guard let size = try? handle.seekToEnd() else { return nil }
        var contents = Contents()
        var offset: UInt64 = 0
        var sector: UInt64 = 0
        let recordSize = UInt64(pageSize + 8)
        while offset + 28 <= size {
            guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.read(upToCount: 28), data.count == 28 else { break }
            let header = [UInt8](data)
            guard header.starts(with: JournalGuard.magic) else { break }
            let records = JournalGuard.bigEndian(header, 8)
            let nonce = JournalGuard.bigEndian(header, 12)
            if sector == 0 {
                contents.nonce = nonce
                sector = UInt64(JournalGuard.bigEndian(header, 20))
                guard sector >= 32, sector <= 65536, sector & (sector - 1) == 0 else { return nil }
            }
            offset += sector
            // 0xFFFFFFFF: records up to the end of the file (journals written without sync).
            let count = records == 0xFFFF_FFFF ? (size - offset) / recordSize : UInt64(records)
            var read: UInt64 = 0
            while read < count, offset + recordSize <= size {
                guard (try? handle.seek(toOffset: offset)) != nil, let record = try? handle.read(upToCount: Int(recordSize)),
                    record.count == Int(recordSize)
                else { return contents }
                let bytes = [UInt8](record)
                let page = Array(bytes[4..<4 + pageSize])
                guard checksum(page, nonce: nonce) == JournalGuard.bigEndian(bytes, 4 + pageSize) else { return contents }
                if JournalGuard.bigEndian(bytes, 0) == 1, contents.pageOne == nil { contents.pageOne = page }
                contents.identities.formUnion(JournalGuard.identities(in: page[...]))
                offset += recordSize
                read += 1
            }
            if records == 0 || read < count { break }
            // The next segment's header starts at the next sector boundary.
            offset = (offset + sector - 1) / sector * sector
        }
        return contents
    }

    /// SQLite's journal checksum: the nonce plus every 200th byte from the end of the page.
    func checksum(_ page: [UInt8], nonce: UInt32) -> UInt32 {
        var sum = nonce
        var index = pageSize - 200
        while index > 0 {
            sum &+= UInt32(page[index])
            index -= 200
        }
        return sum
    }
}
