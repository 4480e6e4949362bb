import BudgetModel
@testable import BudgetStore
import BudgetTestSupport
import Foundation
import GRDB
import Testing

@Suite("Files of earlier formats open and migrate")
struct MigrationTests {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test("a format-1 file migrates to the current format, with a backup beside it and the same data")
    func fromV1() throws {
        // Given: a copy of the released format-1 file
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v1.budget").path, toPath: path)
        let original = try #require(bytes(path))
        #expect(original[63] == 1)

        // When
        let project = try ProjectFile.open(at: path)

        // Then: a byte-for-byte backup of the old data, the new format, and the same items
        #expect(folder.contents == ["old.budget", "old.budget.v1.bak"])
        let backup = try DatabaseQueue(path: folder.file("old.budget.v1.bak"))
        #expect(try backup.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 1)
        #expect(try backup.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM line_item") } == 54)
        try backup.close()
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        let snapshot = try project.snapshot()
        #expect(snapshot.items.count == 54)
        #expect(snapshot.items.reduce(0) { $0 + $1.amount } == 2_343_440_000)
        #expect(snapshot.codes.lookup(.functional, "2010388")?.origin == .user)
        // The kept totals were built from the items, and agree with them.
        #expect(try project.read { try $0.totalsAgree() })
        #expect(try project.integrityProblems() == [])
        let data = try project.read { try $0.data(full: true) }
        #expect(data.totals == ItemTotal.summing(snapshot.items))
        #expect(data.zeroAmountItems == [54])
        #expect(data.projectItemCounts["空项目"] == nil)
        #expect(data.unitItemCounts == ["432001": 38, "432002": 16])
    }
}
