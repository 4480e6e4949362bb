import BudgetModel
import BudgetTestSupport
import Foundation
import GRDB
import Testing

@testable import BudgetStore

@Suite("Opening, identifying and writing project files")
struct ProjectFileTests {
    let department = Department(code: "432", name: "测试部门", year: 2023)

    func fresh(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("p.budget")
        try ProjectFile.create(at: path, department: department).close()
        return path
    }

    /// Expects `open` to fail with an error matching `expected`, leaving the file's bytes unchanged.
    func expectRefused(_ path: String, _ expected: (StoreError) -> Bool) {
        let before = bytes(path)
        do {
            _ = try ProjectFile.open(at: path)
            Issue.record("opening \(path) should have failed")
        } catch {
            #expect(expected(error), "\(error)")
        }
        #expect(bytes(path) == before, "the file was modified")
    }

    @Test("a new file carries the application id, the format version and the department")
    func create() throws {
        let folder = TemporaryFolder()
        let path = try fresh(folder)
        let header = try #require(bytes(path))
        #expect(Array(header[68..<72]) == [0x42, 0x44, 0x47, 0x54])  // "BDGT"
        #expect(Array(header[60..<64]) == [0, 0, 0, UInt8(Schema.currentVersion)])
        let project = try ProjectFile.open(at: path)
        #expect(try project.read { try $0.department() } == department)
        let mode = try project.queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "delete")
        #expect(folder.contents == ["p.budget"], "no journal or temporary file left")
    }

    @Test("init never replaces an existing file")
    func createRefusesExisting() throws {
        let folder = TemporaryFolder()
        let path = folder.write("p.budget", "clerk's notes")
        #expect(throws: StoreError.alreadyExists(path: path)) { try ProjectFile.create(at: path, department: department) }
        #expect(bytes(path) == Data("clerk's notes".utf8))
    }

    @Test("a mistyped path is an error and creates nothing")
    func missing() {
        let folder = TemporaryFolder()
        let path = folder.file("typo.budget")
        #expect(throws: StoreError.missing(path: path)) { try ProjectFile.open(at: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a folder, a text file, an empty file and a workbook are refused untouched")
    func notProjects() throws {
        let folder = TemporaryFolder()
        expectRefused(folder.path) { $0 == .isDirectory(path: folder.path) }
        expectRefused(folder.write("a.txt", String(repeating: "预算明细\n", count: 20))) {
            if case .notAProject(_, let detail) = $0 { return detail.contains("SQLite") }
            return false
        }
        expectRefused(folder.write("empty.budget", Data())) {
            if case .notAProject(_, let detail) = $0 { return detail.contains("空") }
            return false
        }
        expectRefused(folder.write("book.budget", Data([0x50, 0x4B, 0x03, 0x04]) + Data(count: 200))) {
            if case .notAProject(_, let detail) = $0 { return detail.contains("Excel") }
            return false
        }
    }

    @Test("another application's SQLite file is refused untouched")
    func foreign() throws {
        let folder = TemporaryFolder()
        let path = folder.file("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "PRAGMA application_id = 1234; CREATE TABLE contacts (name TEXT)")
        }
        try queue.close()
        expectRefused(path) { $0 == .foreignApplication(path: path, applicationID: 1234) }
        // A plain SQLite file with no id at all is foreign too.
        let plain = folder.file("plain.sqlite")
        let plainQueue = try DatabaseQueue(path: plain)
        try plainQueue.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        try plainQueue.close()
        expectRefused(plain) { $0 == .foreignApplication(path: plain, applicationID: 0) }
    }

    @Test("a file from a newer version is refused untouched")
    func newer() throws {
        let folder = TemporaryFolder()
        let path = try fresh(folder)
        var data = try #require(bytes(path))
        data[63] = 99  // user_version = 99
        try data.write(to: URL(fileURLWithPath: path))
        expectRefused(path) { $0 == .newerVersion(path: path, found: 99, supported: Schema.currentVersion) }

        // A newer migration recorded by a later build is refused as well.
        let other = folder.file("q.budget")
        try ProjectFile.create(at: other, department: department).close()
        let queue = try DatabaseQueue(path: other)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v2-future')") }
        try queue.close()
        expectRefused(other) {
            if case .newerVersion = $0 { return true }
            return false
        }
    }

    @Test("a write that fails half-way writes nothing")
    func allOrNothing() throws {
        let folder = TemporaryFolder()
        let path = try fresh(folder)
        let project = try ProjectFile.open(at: path)
        try project.write { try $0.insertUnit(BudgetUnit(code: "432001", name: "本级", nature: .administrative)) }
        let before = bytes(path)
        let good = LineItem(unitCode: "432001", functional: "2010306", economic: "30101", type: .basic, source: .general, amount: 100)
        let bad = LineItem(unitCode: "999999", functional: "2010306", economic: "30101", type: .basic, source: .general, amount: 100)
        #expect(throws: InputProblem.self) { try project.write { try $0.insertItems([good, good, bad]) } }
        #expect(try project.read { try $0.items() }.isEmpty)
        #expect(bytes(path) == before)
    }

    @Test("the schema refuses what the model forbids")
    func constraints() throws {
        let folder = TemporaryFolder()
        let path = try fresh(folder)
        let project = try ProjectFile.open(at: path)
        try project.write { try $0.insertUnit(BudgetUnit(code: "432001", name: "本级", nature: .administrative)) }
        let statements = [
            "INSERT INTO line_item (unit_id, functional, economic, type, nature, source, amount_fen) VALUES (1, '2010306', '30101', 'basic', 'personnel', 'general', -1)",
            "INSERT INTO line_item (unit_id, functional, economic, type, nature, source, amount_fen) VALUES (1, '201030', '30101', 'basic', 'personnel', 'general', 1)",
            "INSERT INTO line_item (unit_id, functional, economic, type, source, amount_fen) VALUES (1, '2010306', '30101', 'basic', 'general', 1)",
            "INSERT INTO line_item (unit_id, functional, economic, type, source, amount_fen) VALUES (1, '2010306', '30101', 'project', 'general', 1)",
            "INSERT INTO line_item (unit_id, functional, economic, type, nature, source, amount_fen) VALUES (9, '2010306', '30101', 'basic', 'personnel', 'general', 1)",
            "INSERT INTO line_item (unit_id, functional, economic, type, nature, source, amount_fen) VALUES (1, '2010306', '30101', 'basic', 'personnel', 'general', 1.5)",
        ]
        for sql in statements {
            #expect(throws: (any Error).self, "\(sql)") { try project.queue.write { try $0.execute(sql: sql) } }
        }
    }

    @Test("a second writer waits for the first, and both changes land")
    func concurrentWriters() async throws {
        let folder = TemporaryFolder()
        let path = try fresh(folder)
        let first = try ProjectFile.open(at: path)
        let second = try ProjectFile.open(at: path)
        try first.write { try $0.insertUnit(BudgetUnit(code: "A", name: "甲", nature: .administrative)) }
        async let slow: Void = Task.detached {
            try first.write { writer in
                try writer.insertUnit(BudgetUnit(code: "B", name: "乙", nature: .institution))
                Thread.sleep(forTimeInterval: 0.5)
            }
        }.value
        try await Task.sleep(nanoseconds: 100_000_000)
        try second.write { try $0.insertUnit(BudgetUnit(code: "C", name: "丙", nature: .institution)) }
        try await slow
        #expect(try first.read { try $0.units() }.map(\.code) == ["A", "B", "C"])
    }
}
