import BudgetModel
import BudgetTestSupport
import Foundation
import GRDB
import Testing

@testable import BudgetStore

/// A journal is rolled back only into the file it belongs to (issue 13, case 1).
@Suite("Journals beside a project file", .serialized)
struct JournalGuardTests {
    let department = Department(code: "432", name: "测试部门", year: 2023)

    /// A project with some paragraphs, and the number of paragraphs it holds.
    func project(_ folder: TemporaryFolder, _ name: String = "p.budget", department: Department? = nil) throws -> String {
        let path = folder.file(name)
        try ProjectFile.create(at: path, department: department ?? self.department).close()
        try addParagraphs(path, 3)
        return path
    }

    func addParagraphs(_ path: String, _ count: Int) throws {
        let project = try ProjectFile.open(at: path)
        defer { try? project.close() }
        try project.write { writer in
            let start = try Int.fetchOne(writer.db, sql: "SELECT coalesce(max(position), 0) + 1 FROM paragraph WHERE section = 'duties'") ?? 1
            for position in start..<start + count {
                try writer.db.execute(sql: "INSERT INTO paragraph (section, position, text) VALUES ('duties', ?, '职责')", arguments: [position])
            }
        }
    }

    func paragraphs(_ path: String) throws -> Int {
        let project = try ProjectFile.open(at: path)
        defer { try? project.close() }
        return try project.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM paragraph") ?? -1 }
    }

    /// Collects the notices of one call.
    func noticesOf(_ body: () throws -> Void) rethrows -> [String] {
        let box = NoticeBox()
        let previous = ProjectFile.noticeHandler
        ProjectFile.noticeHandler = { box.append($0) }
        defer { ProjectFile.noticeHandler = previous }
        try body()
        return box.lines
    }

    func asideFiles(_ folder: TemporaryFolder) -> [String] {
        folder.contents.filter { $0.contains("-journal.不匹配-") }
    }

    @Test("the journal of an interrupted write of this file is rolled back, as before")
    func ownJournalRolledBack() throws {
        let folder = TemporaryFolder()
        let path = try project(folder)
        let before = try #require(bytes(path))
        let crash = try CrashImage.make(of: path)
        #expect(crash.file != before, "the crash image should hold pages written before the commit")
        try crash.place(at: path)
        #expect(JournalGuard.verdict(path: path, journal: path + "-journal") == .belongs)
        var count = 0
        let notices = try noticesOf { count = try paragraphs(path) }
        #expect(count == 3)
        #expect(notices.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        #expect(asideFiles(folder).isEmpty)
        // SQLite put back every page the write had changed; the recovery then writes once itself
        // (it clears the totals' seal, so that the next export compares in full), so the content,
        // not the bytes, is the one before the interrupted write.
        let copy = folder.write("before.budget", before)
        let expected = try ProjectFile.open(at: copy).read { (try $0.items(), try $0.document()) }
        let found = try ProjectFile.open(at: path).read { (try $0.items(), try $0.document()) }
        #expect(found.0 == expected.0 && found.1 == expected.1)
    }

    /// The three stale journals of the issue, each beside a file that is not the one it was
    /// written for: a restored backup of the same project, another state of it, another project.
    @Test(
        "a journal beside a restored backup, another state or another project is moved aside, never applied",
        arguments: ["backup", "state", "project"])
    func staleJournals(kind: String) throws {
        let folder = TemporaryFolder()
        let path = try project(folder)
        let backup = try #require(bytes(path))
        try addParagraphs(path, 2)
        let crash = try CrashImage.make(of: path)
        let target: String
        switch kind {
        case "backup":
            target = folder.write("restored.budget", backup)
        case "state":
            try addParagraphs(path, 4)  // the project goes on: 9 paragraphs
            target = path
        default:
            target = try project(folder, "other.budget", department: Department(code: "433", name: "另一个部门", year: 2023))
        }
        let fileBefore = try #require(bytes(target))
        try crash.journal.write(to: URL(fileURLWithPath: target + "-journal"))
        guard case .foreign(let reason) = JournalGuard.verdict(path: target, journal: target + "-journal") else {
            Issue.record("the journal should not belong to \(kind)")
            return
        }
        let expected = ["backup": 3, "state": 9, "project": 3][kind]!
        var count = 0
        let notices = try noticesOf { count = try paragraphs(target) }
        #expect(count == expected)
        #expect(bytes(target) == fileBefore, "the file was changed")
        #expect(!FileManager.default.fileExists(atPath: target + "-journal"))
        let aside = try #require(asideFiles(folder).first)
        #expect(bytes(folder.file(aside)) == crash.journal, "the journal is kept, byte for byte")
        #expect(notices.count == 1)
        #expect(notices.first?.contains(reason) == true && notices.first?.contains(aside) == true, "\(notices)")
        if kind == "project" { #expect(reason.contains("另一个项目")) }
        if kind == "state" { #expect(reason.contains("另一个状态")) }
    }

    @Test("a journal that is not an SQLite journal, or of another page size, is moved aside")
    func garbageJournals() throws {
        let folder = TemporaryFolder()
        let path = try project(folder)
        let crash = try CrashImage.make(of: path)
        var otherPageSize = crash.journal
        otherPageSize[24..<28] = Data([0, 0, 0x20, 0])  // 8,192
        var noPageOne = crash.journal
        let sector = Int(JournalGuard.bigEndian([UInt8](crash.journal), 20))
        noPageOne[sector..<sector + 4] = Data([0, 0, 0, 9])  // the first record now claims page 9
        let cases: [(Data, String)] = [
            (Data(String(repeating: "not a journal at all. ", count: 4).utf8), "不是 SQLite 的日志"),
            (Data([0xD9, 0xD5]), "太短"),
            (otherPageSize, "页大小"),
            (noPageOne, "原样"),
        ]
        for (journal, words) in cases {
            let before = try #require(bytes(path))
            try journal.write(to: URL(fileURLWithPath: path + "-journal"))
            let verdict = JournalGuard.verdict(path: path, journal: path + "-journal")
            guard case .foreign(let reason) = verdict else {
                Issue.record("\(words): \(verdict)")
                continue
            }
            #expect(reason.contains(words), "\(reason)")
            var count = 0
            _ = try noticesOf { count = try paragraphs(path) }
            #expect(count == 3)
            let after = try #require(bytes(path))
            let differing = zip(after.indices, zip(after, before)).filter { $1.0 != $1.1 }.map(\.0)
            #expect(bytes(path) == before, "differing bytes at \(differing.prefix(40))")
            for name in asideFiles(folder) { try FileManager.default.removeItem(atPath: folder.file(name)) }
        }
    }

    @Test("a project opened through a symbolic link: the journal beside the real file is the one judged, and named there")
    func throughLink() throws {
        let folder = TemporaryFolder()
        let real = try project(folder)
        let other = try project(folder, "other.budget", department: Department(code: "433", name: "另一个部门", year: 2023))
        let journal = try CrashImage.make(of: other).journal
        try journal.write(to: URL(fileURLWithPath: real + "-journal"))
        let link = folder.file("link.budget")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let before = try #require(bytes(real))
        var count = 0
        let notices = try noticesOf { count = try paragraphs(link) }
        #expect(count == 3 && bytes(real) == before)
        #expect(!FileManager.default.fileExists(atPath: real + "-journal"))
        let aside = try #require(asideFiles(folder).first)
        #expect(bytes(folder.file(aside)) == journal)
        #expect(notices.count == 1 && notices[0].contains(real + "-journal") && !notices[0].contains("link.budget"), "\(notices)")
    }

    @Test("a journal whose first byte is zero is not hot and is left to SQLite; none at all is fine")
    func coldJournal() throws {
        let folder = TemporaryFolder()
        let path = try project(folder)
        #expect(JournalGuard.verdict(path: path, journal: path + "-journal") == .none)
        try Data(repeating: 0, count: 512).write(to: URL(fileURLWithPath: path + "-journal"))
        #expect(JournalGuard.verdict(path: path, journal: path + "-journal") == .none)
        #expect(try noticesOf { _ = try paragraphs(path) }.isEmpty)
    }

    @Test("every journal of this tool starts with page 1 and the project's tag")
    func journalCarriesIdentity() throws {
        let folder = TemporaryFolder()
        let path = try project(folder)
        let tag = try ProjectFile.open(at: path).read { try FileIdentity.tag($0.db) }
        let crash = try CrashImage.make(of: path)
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: folder.write("j", crash.journal)))
        let contents = try #require(JournalReader(handle: handle, pageSize: 4096).scan())
        #expect(contents.pageOne != nil)
        #expect(contents.identities.map(\.project) == [Array(try #require(tag).utf8)])
        // Another project's tag is another.
        let other = try project(folder, "other.budget")
        #expect(try ProjectFile.open(at: other).read { try FileIdentity.tag($0.db) } != tag)
    }
}

final class NoticeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
