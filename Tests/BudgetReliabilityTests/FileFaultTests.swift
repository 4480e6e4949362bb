// Faults of the project file itself: kill -9 during a migration (FT-01 for migrations) and during
// the recovery of an interrupted write (FT-10), a file switched to WAL mode by another tool
// (PF-13), and damaged files (PF-08): each time the file opens sound with its data, or is refused
// with a clear message and not written. BUDGET_KILLS sets the number of kills as in KillTests
// (migration: an eighth, recovery: a tenth). About 40 s.
import BudgetModel
import BudgetTestSupport
import Foundation
import GRDB
import Testing

@Suite("Migrations, recoveries, WAL and damaged files", .serialized)
struct FileFaultTests {
    static let fixtures = PackagePaths.root.appendingPathComponent("Tests/BudgetStoreTests/Fixtures")
    static let kills = Settings.integer("BUDGET_KILLS", default: 110)

    /// A format-2 project of about 110,000 line items: the released fixture with its items copied
    /// over and over by plain SQL, and its kept totals summed again, as format 2 keeps them.
    static func largeFormat2(at path: String) throws {
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("project-v2.budget").path, toPath: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for _ in 0..<11 {
                try db.execute(
                    sql: """
                        INSERT INTO line_item (unit_id, functional, economic, type, nature, project_id, source, amount_fen, note)
                        SELECT unit_id, functional, economic, type, nature, project_id, source, amount_fen, note FROM line_item
                        """)
            }
            try db.execute(
                sql: """
                    DELETE FROM item_total; DELETE FROM functional_total; DELETE FROM economic_total;
                    DELETE FROM unit_total; DELETE FROM project_total;
                    INSERT INTO item_total
                      SELECT functional, economic, type, coalesce(nature, ''), source, sum(amount_fen), count(*) FROM line_item GROUP BY 1, 2, 3, 4, 5;
                    INSERT INTO functional_total
                      SELECT functional, type, nature, source, sum(amount_fen), sum(item_count) FROM item_total GROUP BY 1, 2, 3, 4;
                    INSERT INTO economic_total
                      SELECT economic, type, nature, source, sum(amount_fen), sum(item_count) FROM item_total GROUP BY 1, 2, 3, 4;
                    INSERT INTO unit_total SELECT unit_id, count(*), sum(amount_fen) FROM line_item GROUP BY unit_id;
                    INSERT INTO project_total SELECT project_id, count(*), sum(amount_fen) FROM line_item
                      WHERE project_id IS NOT NULL GROUP BY project_id;
                    """)
        }
        try queue.close()
    }

    static func userVersion(_ path: String) throws -> Int {
        Int(try read(path)[63])
    }

    @Test("kill -9 during the migration of a format-2 file: the next open migrates it, the items are all there, the backup is whole or absent")
    func duringMigration() throws {
        // Given: a large format-2 file and its content
        let folder = TemporaryFolder()
        let pristinePath = folder.file("pristine.budget")
        try Self.largeFormat2(at: pristinePath)
        let pristine = try read(pristinePath)
        let before = try ProjectContent.content(pristinePath)
        try #require(before.items > 100_000)
        let project = folder.file("p.budget")
        let backup = project + ".v2.bak"

        // How long a migration takes when it is left alone.
        try put(pristine, at: project)
        let timing = try cli(["check", project])
        try #require(timing.exited, "\(timing)")
        let typical = max(timing.seconds, 0.05)

        var random = Settings.random("migration")
        var landed = (before: 0, after: 0)
        let rounds = max(8, Self.kills / 8)
        for round in 0..<rounds {
            try put(pristine, at: project)
            unlink(backup)
            let child = try Child(["check", project])
            let delay = Double.random(in: 0.002...typical, using: &random)
            pause(delay)
            child.sendKill()
            let outcome = child.wait()
            if try Self.userVersion(project) == 2 { landed.before += 1 } else { landed.after += 1 }
            _ = outcome

            // Then: the next open works and migrates, the items are exactly those of before
            let reopened = try cli(["check", project, "--full"])
            #expect(soundCheck(reopened), "round \(round) (kill after \(delay) s): \(reopened)")
            #expect(try Self.userVersion(project) == 10, "round \(round): not migrated")
            #expect(try ProjectContent.content(project) == before, "round \(round): the items changed")
            // The backup, if there, is a whole format-2 copy; no half-made copy is left.
            if exists(backup) {
                #expect(try Self.userVersion(backup) == 2)
                #expect(try ProjectContent.content(backup) == before, "round \(round): the backup is not whole")
            }
            #expect(sideFiles(in: folder.path).isEmpty, "round \(round): left \(sideFiles(in: folder.path))")
        }
        note("migration: \(rounds) kills, \(landed.before) before the migration committed, \(landed.after) after")
    }

    @Test("kill -9 during the recovery of an interrupted import: the data is the state before the import")
    func duringRecovery() throws {
        // Given: a project and an import that is killed half-way, leaving a hot journal
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "5", "--items", "20000", "--seed", "21")
        let csv = folder.file("more.csv")
        try generatedCSV(units: 5, items: 30_000, seed: 22, at: csv, scratch: folder.file("scratch.budget"))
        let before = try ProjectContent.content(project)
        let clean = try read(project)

        var random = Settings.random("recovery")
        var hot = 0
        let rounds = max(5, Self.kills / 10)
        for round in 0..<rounds {
            try put(clean, at: project)
            unlink(project + "-journal")
            let importing = try Child(["import", project, csv])
            pause(Double.random(in: 0.15...0.5, using: &random))
            importing.sendKill()
            _ = importing.wait()
            guard exists(project + "-journal") else { continue }  // killed before or after writing
            hot += 1

            // When: the next opens are killed while they roll the journal back, twice
            for _ in 0..<2 {
                let recovering = try Child(["check", project])
                pause(Double.random(in: 0.001...0.03, using: &random))
                recovering.sendKill()
                _ = recovering.wait()
            }

            // Then: a final open recovers; the data is exactly as before the import
            let reopened = try cli(["check", project, "--full"])
            #expect(soundCheck(reopened), "round \(round): \(reopened)")
            #expect(!exists(project + "-journal"), "round \(round): the journal is still there")
            #expect(try ProjectContent.content(project) == before, "round \(round): not the state before the import")
        }
        #expect(hot > 0, "no kill left a hot journal; the import may be too fast for the delays")
        note("recovery: \(hot) hot journals, each recovery killed twice, 0 changed")
    }

    @Test("a project switched to WAL by another tool is written in rollback-journal mode again and leaves no -wal or -shm")
    func walMode() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.buildItems(at: project)
        let queue = try DatabaseQueue(path: project)
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
        try queue.close()
        #expect(try read(project)[18] == 2, "the file should now say WAL in its header")

        let added = try cli([
            "item", "add", project, "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "basic",
            "--source", "general", "--amount", "100",
        ])

        #expect(added.succeeded, "\(added)")
        #expect(try read(project)[18] == 1, "still WAL")
        #expect(sideFiles(in: folder.path).isEmpty, "left \(sideFiles(in: folder.path))")
        let checked = try cli(["check", project, "--full"])
        #expect(soundCheck(checked), "\(checked)")
        #expect(try ProjectContent.content(project).items == 54)
    }

    /// A damaged copy of the sample, made by `damage`.
    func damaged(_ folder: TemporaryFolder, _ name: String, _ damage: (inout Data) -> Void) throws -> String {
        let path = folder.file(name)
        if !exists(folder.file("sample.budget")) { try SampleProject.build(at: folder.file("sample.budget")) }
        var data = try read(folder.file("sample.budget"))
        damage(&data)
        try put(data, at: path)
        return path
    }

    @Test(
        "damaged files: every command refuses with a clear message or works on what is sound; never a crash, never a write",
        arguments: [
            "flipped bytes in data pages", "zeroed first page", "truncated to half", "truncated to 1,000 bytes",
        ])
    func damagedFiles(kind: String) throws {
        let folder = TemporaryFolder()
        let project = try damaged(folder, "d.budget") { data in
            let pageSize = Int(data[16]) << 8 | Int(data[17])
            switch kind {
            case "flipped bytes in data pages":
                var random = Settings.random("flip")
                for page in stride(from: 1, to: data.count / pageSize, by: 1) {
                    for _ in 0..<8 {
                        let offset = page * pageSize + Int.random(in: 0..<pageSize, using: &random)
                        data[offset] ^= 0xFF
                    }
                }
            case "zeroed first page": data.replaceSubrange(0..<pageSize, with: Data(count: pageSize))
            case "truncated to half": data = data.prefix(data.count / 2 / pageSize * pageSize)
            default: data = data.prefix(1000)
            }
        }
        let damagedBytes = try read(project)

        for arguments in [
            ["check", project, "--full"], ["show", project, "1"], ["item", "list", project], ["doctor", project],
            [
                "item", "add", project, "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "basic",
                "--source", "general", "--amount", "1",
            ], ["export", project, folder.file("out.xlsx")],
        ] {
            let outcome = try cli(arguments)
            #expect(outcome.exited, "\(kind), \(arguments[0]): \(outcome)")  // no signal: no crash
            if outcome.status != 0 {
                // A damaged file is named as such (or as no project at all), never an internal error.
                let named = ["错误 E-FILE-CORRUPT：", "错误 E-FILE-NOT-PROJECT：", "错误 E-CHECK：", "错误 E-DOCTOR：", "错误 E-TOTALS："]
                #expect(named.contains { outcome.stderr.contains($0) }, "\(kind), \(arguments[0]): \(outcome)")
                #expect(!outcome.stderr.contains("E-INTERNAL") && !outcome.stderr.contains("Fatal error"), "\(kind), \(arguments[0]): \(outcome)")
            }
            if arguments[0] != "item" || arguments[1] != "add" || outcome.status != 0 {
                #expect(try read(project) == damagedBytes, "\(kind), \(arguments[0]) wrote to a damaged file")
            }
        }
        // A damaged file never yields a workbook.
        if exists(folder.file("out.xlsx")) {
            let verified = try cli(["check", project, "--full"])
            #expect(soundCheck(verified), "\(kind): a workbook was exported from a file that check --full rejects")
        }
    }

    @Test("a file-size limit (ulimit -f) stopping an import: the project is the one before, sound")
    func fileSizeLimit() throws {
        // Given: a project, and an import that would grow it well past the limit
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "5", "--items", "2000", "--seed", "31")
        let csv = folder.file("more.csv")
        // Large enough that SQLite writes pages into the file before the commit (its cache is 2 MB).
        try generatedCSV(units: 5, items: 80_000, seed: 32, at: csv, scratch: folder.file("scratch.budget"))
        let before = try ProjectContent.content(project)
        let bytesBefore = try read(project)
        let size = bytesBefore.count

        var outcomes: [String] = []
        for extraKiB in [8, 64, 256] {
            // When: the import runs with files limited to the project's size plus a little
            // (dash counts ulimit -f in 512-byte blocks)
            let blocks = size / 512 + extraKiB * 2
            let limited = try tool(
                "/bin/sh", ["-c", "ulimit -f \(blocks); exec \"$0\" import \"$1\" \"$2\"", PackagePaths.executable.path, project, csv])

            // Then: a clean I/O error (SIGXFSZ is ignored, so the write fails with EFBIG); the
            // project opens sound with the content of before
            #expect(limited.exited && limited.status == 5 && limited.stderr.contains("E-IO"), "limit +\(extraKiB) KiB: \(limited)")
            outcomes.append(limited.signal.map { "signal \($0)" } ?? "exit \(limited.status)")
            // Before anything opens it again: the same bytes, and no journal beside it.
            #expect(try read(project) == bytesBefore, "limit +\(extraKiB) KiB: the file was left changed")
            #expect(sideFiles(in: folder.path).isEmpty, "limit +\(extraKiB) KiB: left \(sideFiles(in: folder.path))")
            let reopened = try cli(["check", project, "--full"])
            #expect(soundCheck(reopened), "limit +\(extraKiB) KiB: \(reopened)")
            #expect(try ProjectContent.content(project) == before, "limit +\(extraKiB) KiB: the content changed")
            #expect(sideFiles(in: folder.path).isEmpty, "limit +\(extraKiB) KiB: left \(sideFiles(in: folder.path))")
        }
        note("ulimit -f: 3 limits, \(outcomes.joined(separator: ", ")); 0 changed")
    }
}
