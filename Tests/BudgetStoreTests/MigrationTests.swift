import BudgetModel
import BudgetTestSupport
import Foundation
import GRDB
import Testing

@testable import BudgetStore

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

    @Test("a format-2 file migrates to format 3: the same data, an empty document, the standard glossary, a backup")
    func fromV2() throws {
        // Given: a copy of the released format-2 file
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v2.budget").path, toPath: path)
        #expect(try #require(bytes(path))[63] == 2)

        // When
        let project = try ProjectFile.open(at: path)

        // Then
        #expect(folder.contents == ["old.budget", "old.budget.v2.bak"])
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        let snapshot = try project.snapshot()
        #expect(snapshot.items.count == 54)
        #expect(snapshot.projects.count == 16)
        #expect(try project.read { try $0.totalsAgree() })
        #expect(try project.integrityProblems() == [])
        let document = try project.read { try $0.document() }
        #expect(document.performance.map(\.project) == snapshot.projects.map(\.name))
        #expect(document.performance.allSatisfy { $0.goal.isEmpty && $0.indicators.isEmpty })
        #expect(document.procurement.isEmpty && document.assets.isEmpty && document.prior == PriorYear())
        #expect(document.glossary == StandardGlossary.entries)
        #expect(document.operationCostScope == .all)
        #expect(document.declaredProjectAmounts.isEmpty)
        // The new tables take writes: a project's goal and indicators.
        try project.write { writer in
            try writer.setProjectGoal("空项目", goal: "目标")
            try writer.setIndicators("空项目", [PerformanceIndicator(level1: .output, level2: "数量指标", level3: "数量", value: "≥1 个")])
        }
        #expect(try project.read { try $0.document() }.performance.last?.indicators.count == 1)
    }

    @Test("a format-3 file migrates to format 4: the same data and document, no snapshots yet, and snapshots work")
    func fromV3() throws {
        // Given: a copy of the released format-3 file (the whole sample document)
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v3.budget").path, toPath: path)
        #expect(try #require(bytes(path))[63] == 3)
        let before = try DatabaseQueue(path: path).read { db in
            try ["line_item", "indicator", "procurement", "paragraph", "prior_figure", "item_total"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? 0
            }
        }

        // When
        let project = try ProjectFile.open(at: path)

        // Then
        #expect(folder.contents == ["old.budget", "old.budget.v3.bak"])
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        let after = try project.read { reader in
            try ["line_item", "indicator", "procurement", "paragraph", "prior_figure", "item_total"].map {
                try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM \($0)") ?? 0
            }
        }
        #expect(after == before)
        #expect(before[0] == 53 && before[1] == 90 && before[2] == 10)
        #expect(try project.read { try $0.snapshots() }.isEmpty)
        #expect(try project.read { try $0.totalsAgree() })
        let info = try project.write { try $0.saveSnapshot("一上", created: "2026-11-25 08:00:00") }
        #expect(info.itemCount == 53 && info.total == 2_343_440_000)
        let image = try #require(try project.read { try $0.snapshotImage("一上") })
        let reopened = try ProjectFile.image(image, name: "快照")
        #expect(try reopened.snapshot().items == (try project.snapshot().items))
        #expect(try reopened.read { try $0.document() } == (try project.read { try $0.document() }))
        #expect(try reopened.read { try $0.snapshots() }.isEmpty, "a snapshot holds no snapshots")
    }

    @Test("a format-4 file migrates to format 5: the same data and snapshot; the totals are compared in full once, then sealed")
    func fromV4() throws {
        // Given: a copy of the released format-4 file (the sample with item #1 changed, and the snapshot 一上)
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v4.budget").path, toPath: path)
        #expect(try #require(bytes(path))[63] == 4)

        // When
        let project = try ProjectFile.open(at: path)

        // Then: the same items, the snapshot, and no seal yet: nothing vouches for the totals
        #expect(folder.contents == ["old.budget", "old.budget.v4.bak"])
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        #expect(try project.snapshot().items.count == 53)
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_323_140_000)
        #expect(try project.read { try $0.snapshots().map(\.name) } == ["一上"])
        #expect(try project.read { try TotalsSeal.holds($0.db) } == false)
        #expect(try project.read { try $0.totalsAgree(trustingSeal: true) })
        // The first write compares the totals with every item and seals them.
        try project.write { try $0.setSetting("note", "x") }
        #expect(try project.read { try TotalsSeal.holds($0.db) })
        // The snapshot of format 4 restores into format 5, and the totals agree with the items.
        try project.write { writer in
            let image = try #require(try writer.reader.snapshotImage("一上"))
            try writer.restore(image: image, name: "一上")
        }
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_343_440_000)
        #expect(try project.read { try $0.totalsAgree() })
        #expect(try project.read { try TotalsSeal.holds($0.db) })
    }

    @Test("a format-5 file migrates to the current format: the same data and snapshot, a project tag of its own, and writes stamp it")
    func fromV5() throws {
        // Given: a copy of the released format-5 file (the sample with item #1 changed, and the snapshot 一上)
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v5.budget").path, toPath: path)
        #expect(try #require(bytes(path))[63] == 5)

        // When
        let project = try ProjectFile.open(at: path)

        // Then: the same items (2343.44 万元 − 120.30 + 100.00 for item #1), the snapshot, a backup
        #expect(folder.contents == ["old.budget", "old.budget.v5.bak"])
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        #expect(try project.snapshot().items.count == 53)
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_323_140_000)
        #expect(try project.read { try $0.snapshots().map(\.name) } == ["一上"])
        // A tag of 32 hex digits, not yet stamped by a write; the first write stamps it with the
        // nonce of its own journal, and the tag itself stays.
        let tag = try #require(try project.read { try FileIdentity.tag($0.db) })
        #expect(tag.count == 50 && tag.hasPrefix("BUDGET-PROJECT-ID:"))
        let stored = { try project.read { try String.fetchOne($0.db, sql: "SELECT tag || ' ' || writes FROM file_identity") } }
        #expect(try stored() == tag + ":00000000 0")
        try project.write { try $0.setSetting("note", "x") }
        let stamped = try #require(try stored())
        #expect(stamped.hasPrefix(tag + ":") && stamped.hasSuffix(" 1") && !stamped.hasPrefix(tag + ":00000000"))
        // The snapshot of format 5 restores into format 6 without touching the tag.
        try project.write { writer in
            let image = try #require(try writer.reader.snapshotImage("一上"))
            try writer.restore(image: image, name: "一上")
        }
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_343_440_000)
        #expect(try project.read { try FileIdentity.tag($0.db) } == tag)
    }

    @Test("a format-6 file migrates to format 7: the same data, tag and snapshot, last year's figures with their reasons, and room for the new ones")
    func fromV6() throws {
        // Given: a copy of the released format-6 file (the sample with item #1 changed, and the snapshot 一上)
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v6.budget").path, toPath: path)
        #expect(try #require(bytes(path))[63] == 6)
        let tagBefore = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "SELECT tag FROM file_identity") }

        // When
        let project = try ProjectFile.open(at: path)

        // Then: the same items, snapshot, tag and backup; last year's figures as they were
        #expect(folder.contents == ["old.budget", "old.budget.v6.bak"])
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_323_140_000)
        #expect(try project.read { try $0.snapshots().map(\.name) } == ["一上"])
        #expect(try project.read { try String.fetchOne($0.db, sql: "SELECT tag FROM file_identity") } == tagBefore)
        let document = try project.read { try $0.document() }
        #expect(document.prior.amounts[.total] == 2_302_080_000)
        #expect(document.prior.reasons[.basic] == "人员保险基数增加")
        #expect(document.prior.reasons[.threePublic] == "我局深入贯彻落实中央八项规定，厉行节约，严格控制支出")
        #expect(document.lineNotes.isEmpty && document.projectTexts.isEmpty)

        // The new figures, notes and project texts can be written and read back.
        try project.write { writer in
            try writer.setPrior(.fiscal, amount: .some(2_302_080_000), reason: "项目调整")
            try writer.setLineNote("2010306", purpose: "政务服务", prior: .some(1_000_000), reason: nil)
            try writer.setProjectTexts("政务大厅运行经费", [.overview: "保障政务大厅运行。"])
        }
        let written = try project.read { try $0.document() }
        #expect(written.prior.amounts[.fiscal] == 2_302_080_000 && written.prior.reasons[.fiscal] == "项目调整")
        #expect(written.lineNotes["2010306"] == SpendingLineNote(code: "2010306", purpose: "政务服务", prior: 1_000_000))
        #expect(written.projectTexts["政务大厅运行经费"] == [.overview: "保障政务大厅运行。"])
        // The snapshot of format 6 restores into format 7, its (missing) notes empty.
        try project.write { writer in
            let image = try #require(try writer.reader.snapshotImage("一上"))
            try writer.restore(image: image, name: "一上")
        }
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_343_440_000)
        #expect(try project.read { try $0.document() }.lineNotes.isEmpty)
        #expect(try project.read { try TotalsSeal.holds($0.db) })
    }

    @Test("a format-7 file migrates to format 8: the same data, tag and snapshot, no confirmations, and room for them")
    func fromV7() throws {
        // Given: a copy of the released format-7 file (the sample with item #1 changed, and the snapshot 一上)
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v7.budget").path, toPath: path)
        #expect(try #require(bytes(path))[63] == 7)
        let tagBefore = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "SELECT tag FROM file_identity") }

        // When
        let project = try ProjectFile.open(at: path)

        // Then: the same items (2343.44 − 120.30 + 100.00 = 2323.14 万元), snapshot, tag and backup
        #expect(folder.contents == ["old.budget", "old.budget.v7.bak"])
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_323_140_000)
        #expect(try project.read { try $0.snapshots().map(\.name) } == ["一上"])
        #expect(try project.read { try String.fetchOne($0.db, sql: "SELECT tag FROM file_identity") } == tagBefore)
        #expect(try project.read { try $0.confirmations() }.isEmpty)

        // A confirmation can be written and read back, and a snapshot of format 7 restores
        // into format 8 with none.
        let confirmation = Confirmation(
            key: "unit-nature:432001:30107", fingerprint: "行政/1/85000000", check: "unit-nature", message: "……", note: "按公开数",
            confirmed: "2026-12-07 16:40:53")
        try project.write { try $0.confirm(confirmation) }
        #expect(try project.read { try $0.confirmations() } == [confirmation])
        try project.write { writer in
            let image = try #require(try writer.reader.snapshotImage("一上"))
            try writer.restore(image: image, name: "一上")
        }
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_343_440_000)
        #expect(try project.read { try $0.confirmations() }.isEmpty)
        #expect(try project.read { try TotalsSeal.holds($0.db) })
    }

    @Test("a format-8 file migrates to format 9: the same data, tag, snapshot and confirmation, no roster, and room for one")
    func fromV8() throws {
        // Given: a copy of the released format-8 file (the sample with item #1 at 100.00 万元, the snapshot 一上)
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v8.budget").path, toPath: path)
        #expect(try #require(bytes(path))[63] == 8)
        let tagBefore = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "SELECT tag FROM file_identity") }

        // When
        let project = try ProjectFile.open(at: path)

        // Then: the same items (2343.44 − 120.30 + 100.00 = 2323.14 万元), snapshot, tag, confirmation and backup
        #expect(folder.contents == ["old.budget", "old.budget.v8.bak"])
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_323_140_000)
        #expect(try project.read { try $0.snapshots().map(\.name) } == ["一上"])
        #expect(try project.read { try String.fetchOne($0.db, sql: "SELECT tag FROM file_identity") } == tagBefore)
        #expect(try project.read { try $0.confirmations() }.map(\.key) == ["unit-nature:432001:30107"])
        #expect(try project.read { try $0.rosterFacts(lines: false) } == nil)

        // A roster, a profile and a standard can be written and read back.
        try project.write { writer in
            try writer.insertRosterGroup(RosterGroup(unitCode: "432002", category: .retired, headcount: 2, pension: 500_000))
            try writer.setUnitProfile(UnitProfile(unitCode: "432001", mainFunctional: "2010306", vehicles: 3))
            var housing = StandardKey.housingFund.standard
            housing.value = 100_000
            try writer.setStandard(housing)
        }
        #expect(try project.read { try $0.rosterGroups() }.map(\.headcount) == [2])
        #expect(try project.read { try $0.unitProfiles() }["432001"]?.vehicles == 3)
        #expect(try project.read { try $0.standards() }.value(.housingFund) == 100_000)
        // The snapshot of format 8 restores into format 9, with no roster.
        try project.write { writer in
            let image = try #require(try writer.reader.snapshotImage("一上"))
            try writer.restore(image: image, name: "一上")
        }
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_343_440_000)
        #expect(try project.read { try $0.rosterGroups() }.isEmpty)
        #expect(try project.read { try TotalsSeal.holds($0.db) })
    }
    @Test("a format-9 file (the roster) opens as format 10: project kinds, 款 notes and 控制数 can be written")
    func fromV9() throws {
        // Given: a copy of the released format-9 file (the sample with its roster, item #1 set by hand to 100.00 万元, the snapshot 一上)
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v9.budget").path, toPath: path)
        #expect(try #require(bytes(path))[63] == 9)

        // When
        let project = try ProjectFile.open(at: path)

        // Then: the same items (2343.44 − 120.30 + 100.00 = 2323.14 万元), roster, snapshot and backup
        #expect(folder.contents == ["old.budget", "old.budget.v9.bak"])
        #expect(try #require(bytes(path))[63] == UInt8(Schema.currentVersion))
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_323_140_000)
        #expect(try project.read { try $0.rosterGroups() }.count == 7)
        #expect(try project.read { try $0.snapshots().map(\.name) } == ["一上"])
        // No project has a kind yet; one can be given and read back.
        #expect(try project.read { try $0.projects() }.allSatisfy { $0.kind == nil })
        try project.write { try $0.setProjectKind("党建活动经费", .recurring) }
        #expect(try project.read { try $0.projects() }.first { $0.name == "党建活动经费" }?.kind == .recurring)
        // A 款's last-year figure and a cap are new tables.
        try project.write { try $0.setEconomicNote("30201", prior: .some(226_000), reason: "办公用品减少") }
        #expect(try project.read { try $0.economicNotes() }["30201"] == SpendingLineNote(code: "30201", prior: 226_000, reason: "办公用品减少"))
        try project.write { writer in
            try writer.db.execute(
                sql: "INSERT INTO budget_cap (round, unit_code, source, type, amount_fen) VALUES ('一下', '432001', 'general', 'basic', 1)")
        }
        #expect(try project.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM budget_cap") } == 1)
        // The snapshot of format 9 restores into format 10, its roster with it.
        try project.write { writer in
            let image = try #require(try writer.reader.snapshotImage("一上"))
            try writer.restore(image: image, name: "一上")
        }
        #expect(try project.snapshot().items.reduce(0) { $0 + $1.amount } == 2_343_440_000)
        #expect(try project.read { try $0.rosterGroups() }.count == 7)
        #expect(try project.read { try TotalsSeal.holds($0.db) })
    }
}
