import BudgetModel
import BudgetTestSupport
import Foundation
import GRDB
import Testing

@testable import BudgetStore

/// The seal lets the export gate trust the kept totals without a scan of every item, only while
/// nothing but this tool has written since they last agreed with the items.
@Suite("The seal of the kept totals")
struct TotalsSealTests {
    func sample(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("p.budget")
        try SampleProject.buildItems(at: path)
        return path
    }

    func sealed(_ path: String) throws -> Bool { try ProjectFile.open(at: path).read { try TotalsSeal.holds($0.db) } }

    /// The gate's answer, and the answer of a full comparison, which must be the same.
    func gate(_ path: String) throws -> (trusting: Bool, full: Bool) {
        let project = try ProjectFile.open(at: path)
        return (try project.read { try $0.totalsAgree(trustingSeal: true) }, try project.read { try $0.totalsAgree() })
    }

    /// Another program's write, straight through SQLite.
    func foreign(_ path: String, journalMode: String = "DELETE", _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = \(journalMode)")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    @Test("a project made and changed only by this tool is sealed, and the gate trusts it")
    func ownWrites() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        #expect(try sealed(path))
        let project = try ProjectFile.open(at: path)
        _ = try project.write { writer in
            try writer.insertItems([LineItem(unitCode: "432001", functional: "2010306", economic: "30101", type: .basic, source: .general, amount: 7)]
            )
        }
        try project.write { try $0.setSetting("note", "x") }
        #expect(try sealed(path))
        #expect(try gate(path) == (true, true))
        // A write that fails changes nothing, and the seal still holds.
        #expect(throws: (any Error).self) {
            try project.write { writer in
                try writer.setSetting("note", "y")
                throw CancellationError()
            }
        }
        #expect(try sealed(path))
    }

    @Test(
        "a change to the items by another program breaks the seal in every journal mode, and the gate compares in full",
        arguments: ["DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF"])
    func foreignItemChange(journalMode: String) throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        try foreign(path, journalMode: journalMode, "UPDATE line_item SET amount_fen = amount_fen + 1 WHERE id = 1")
        #expect(try sealed(path) == false)
        #expect(try gate(path) == (false, false))
    }

    @Test("another program's change that leaves the totals right breaks the seal; the next write compares in full and seals again")
    func foreignHarmlessChange() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        try foreign(path, "UPDATE unit SET level = '一级' WHERE code = '432001'")
        #expect(try sealed(path) == false)
        #expect(try gate(path) == (true, true))
        try ProjectFile.open(at: path).write { try $0.setSetting("note", "x") }
        #expect(try sealed(path))
    }

    @Test("a write of this tool after the totals drifted does not seal the drift; rebuilding the totals does")
    func driftStaysUnsealed() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        try foreign(path, "UPDATE line_item SET amount_fen = amount_fen + 100 WHERE id = 2")
        let project = try ProjectFile.open(at: path)
        _ = try project.write { writer in
            try writer.insertItems([LineItem(unitCode: "432001", functional: "2010306", economic: "30101", type: .basic, source: .general, amount: 7)]
            )
        }
        #expect(try sealed(path) == false)
        #expect(try gate(path) == (false, false))
        try project.write { try $0.rebuildTotals() }
        #expect(try sealed(path))
        #expect(try gate(path) == (true, true))
    }

    @Test("a snapshot saved while the totals had drifted is not trusted when it is restored")
    func restoredDrift() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        try foreign(path, "UPDATE line_item SET amount_fen = amount_fen + 100 WHERE id = 2")
        let project = try ProjectFile.open(at: path)
        _ = try project.write { try $0.saveSnapshot("漂移", created: "2026-11-25 08:00:00") }
        try project.write { try $0.rebuildTotals() }
        #expect(try gate(path) == (true, true))
        try project.write { writer in
            try writer.restore(image: try #require(try writer.reader.snapshotImage("漂移")), name: "漂移")
        }
        #expect(try sealed(path) == false)
        #expect(try gate(path) == (false, false))
    }

    @Test("a large write whose pages spill to the file before its commit is sealed with the counter its commit leaves")
    func spilledWrite() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let project = try ProjectFile.open(at: path)
        let counter = { try project.read { try #require(TotalsSeal.header($0.db)).changeCounter } }
        let before = try counter()
        let size = { (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let sizeBefore = try size()
        try project.write { writer in
            // A cache of a few pages: SQLite writes pages (page 1 with its counter among them)
            // into the file long before the commit.
            try writer.db.execute(sql: "PRAGMA cache_size = 8")
            let inserter = try writer.inserter()
            for index in 0..<30_000 {
                try inserter.insert(
                    LineItem(
                        unitCode: "432001", functional: "2010306", economic: "30201", type: .basic, source: .general, amount: Fen(index + 1),
                        note: String(repeating: "备注", count: 20)))
            }
            // The premise: pages are already in the file, before the commit.
            #expect(try size() > sizeBefore + 1_000_000)
            try inserter.finish()
        }
        #expect(try counter() == before + 1)
        #expect(try sealed(path))
        #expect(try gate(path) == (true, true))
    }

    @Test("content that SQLite's backup API copies in from another file is not trusted, though the counters line up")
    func backupFromAnotherFile() throws {
        // Given: an earlier copy of the project, and a later copy that another program changed
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let earlier = folder.file("earlier.budget")
        try FileManager.default.copyItem(atPath: path, toPath: earlier)
        _ = try ProjectFile.open(at: path).write { try $0.setSetting("note", "x") }
        let later = folder.file("later.budget")
        try FileManager.default.copyItem(atPath: path, toPath: later)
        try foreign(later, "UPDATE line_item SET amount_fen = amount_fen + 99999900 WHERE id = 2")

        // When: the later copy is restored over the earlier one page by page (sqlite3 .restore):
        // the earlier file's counter moves on by one, to the value the copied seal names
        let source = try DatabaseQueue(path: later)
        let target = try DatabaseQueue(path: earlier)
        try source.backup(to: target)
        try source.close()
        try target.close()

        // Then: not trusted, and the gate finds the drift
        #expect(try sealed(earlier) == false)
        #expect(try gate(earlier) == (false, false))
    }

    @Test("a journal found beside the file at opening clears the seal")
    func journalClearsSeal() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        FileManager.default.createFile(atPath: path + "-journal", contents: Data())
        #expect(try sealed(path) == false)
        #expect(try gate(path) == (true, true))
    }

    @Test("each unit's totals from the items; an item whose unit another program removed is a damaged file, not a crash")
    func totalsByUnit() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let byUnit = try ProjectFile.open(at: path).read { try $0.totalsByUnit() }
        let items = try ProjectFile.open(at: path).snapshot().items
        #expect(Set(byUnit.keys) == ["432001", "432002"])
        for (unit, totals) in byUnit {
            #expect(totals == ItemTotal.summing(items.filter { $0.unitCode == unit }))
        }
        try foreign(
            path, "PRAGMA foreign_keys = OFF; UPDATE line_item SET unit_id = 998 WHERE id = 1; UPDATE line_item SET unit_id = 999 WHERE id = 2")
        #expect(throws: StoreError.self) { try ProjectFile.open(at: path).read { try $0.totalsByUnit() } }
    }

    @Test("the same query run again inside its own loop reads every row once per outer row")
    func nestedReads() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        var pairs = 0
        try ProjectFile.open(at: path).read { reader in
            try reader.forEachItem { _ in try reader.forEachItem { _ in pairs += 1 } }
        }
        #expect(pairs == 53 * 53)
    }
}
