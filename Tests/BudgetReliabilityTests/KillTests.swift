// kill -9 at random moments (reliability.md FT-01, FT-03): a command either lands whole or not
// at all, the file stays sound, and an export target is the old workbook or the new one.
//
// BUDGET_KILLS (default 110) is the total: 60 % during imports, 20 % during edits, 20 % during
// exports. The suite takes about a minute on 2 cores at the default; BUDGET_KILLS=1000 for a long
// local run. BUDGET_SEED replays the random kill moments.
import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@Suite("kill -9 never loses or half-applies a command", .serialized)
struct KillTests {
    static let kills = Settings.integer("BUDGET_KILLS", default: 110)

    /// Runs `arguments` once to time it, then `count` times killed after a random delay; after
    /// each kill the file is reopened by `check --full` and must hold `before` or `after`.
    func killLoop(
        _ name: String, count: Int, project: String, pristine: Data, arguments: [String],
        verify: (_ project: String) throws -> Void
    ) throws -> (before: Int, after: Int) {
        var random = Settings.random(name)
        try put(pristine, at: project)
        let timing = try cli(arguments)
        try #require(timing.succeeded, "\(name): \(timing)")
        let typical = max(timing.seconds, 0.02)
        var landed = (before: 0, after: 0)
        for round in 0..<count {
            try put(pristine, at: project)
            let child = try Child(arguments)
            // Anywhere in the run, with a third of the kills close to its end (the commit).
            let delay = round % 3 == 0 ? typical * Double.random(in: 0.7...1.05, using: &random) : Double.random(in: 0.003...typical, using: &random)
            pause(delay)
            child.sendKill()
            let outcome = child.wait()
            let reopened = try cli(["check", project, "--full"])
            #expect(soundCheck(reopened), "\(name) round \(round) (kill after \(delay) s, \(outcome)): check --full: \(reopened)")
            #expect(!exists(project + "-journal"), "\(name) round \(round): a journal is left after reopening")
            try verify(project)
            if outcome.succeeded { landed.after += 1 } else { landed.before += 1 }
        }
        note("\(name): \(count) kills, \(landed.before) before the command ended, \(landed.after) after it")
        return landed
    }

    @Test("during a 20,000-item import: all of it or none of it")
    func duringImport() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "5", "--items", "2000", "--seed", "11")
        let csv = folder.file("more.csv")
        try generatedCSV(units: 5, items: 20_000, seed: 12, at: csv, scratch: folder.file("scratch.budget"))
        let pristine = try read(project)
        let before = try ProjectContent.content(project)
        try setup("import", project, csv)
        let after = try ProjectContent.content(project)
        #expect(after.items == before.items + 20_000)
        _ = try killLoop("import", count: Self.kills * 6 / 10, project: project, pristine: pristine, arguments: ["import", project, csv]) { path in
            let now = try ProjectContent.content(path)
            #expect(now == before || now == after, "in between: \(now)")
        }
    }

    @Test("during edits of many items: before or after, never in between")
    func duringEdits() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "5", "--items", "20000", "--seed", "13")
        let pristine = try read(project)
        let before = try ProjectContent.content(project)
        let ids = (1...1500).map { String($0 * 7) }
        let removed = try cli(["item", "rm", project] + ids)
        try #require(removed.succeeded, "\(removed)")
        let after = try ProjectContent.content(project)
        #expect(after.items == before.items - 1500)
        _ = try killLoop("item rm", count: Self.kills * 2 / 10, project: project, pristine: pristine, arguments: ["item", "rm", project] + ids) {
            path in
            let now = try ProjectContent.content(path)
            #expect(now == before || now == after, "in between: \(now)")
        }
    }

    @Test("during a snapshot restore of 20,000 items: the project before it or the snapshot, never a mix")
    func duringRestore() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "5", "--items", "20000", "--seed", "15")
        try setup("snapshot", "save", project, "一上")
        let snapshot = try ProjectContent.content(project)
        let removed = try cli(["item", "rm", project] + (1...1500).map { String($0 * 11) })
        try #require(removed.succeeded, "\(removed)")
        let pristine = try read(project)
        let before = try ProjectContent.content(project)
        #expect(before.items == snapshot.items - 1500)
        _ = try killLoop(
            "snapshot restore", count: Self.kills / 10, project: project, pristine: pristine, arguments: ["snapshot", "restore", project, "一上"]
        ) { path in
            let now = try ProjectContent.content(path)
            #expect(now == before || now == snapshot, "in between: \(now)")
        }
    }

    @Test("during an export over a good workbook: the old one or the new one, never a broken one")
    func duringExport() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "20", "--items", "30000", "--seed", "14")
        let out = folder.file("out.xlsx")
        let reference = folder.file("reference.xlsx")
        // The new workbook: the project as it is. The old one: the project with one amount changed.
        try setup("export", project, reference, "--with-items")
        let newBytes = try read(reference)
        let original = try currentAmount(project, id: 5)
        try setup("item", "set", project, "5", "--amount", "123.45")
        try setup("export", project, out, "--with-items")
        let oldBytes = try read(out)
        try setup("item", "set", project, "5", "--amount", original)
        try setup("export", project, reference, "--with-items")
        #expect(try read(reference) == newBytes, "exports of the same content are byte-identical")
        #expect(oldBytes != newBytes)
        let pristine = try read(project)
        _ = try killLoop(
            "export", count: Self.kills * 2 / 10, project: project, pristine: pristine, arguments: ["export", project, out, "--with-items"]
        ) { path in
            #expect(try read(path) == pristine, "the export changed the project")
            let now = try read(out)
            #expect(now == oldBytes || now == newBytes, "out.xlsx is neither the old nor the new workbook")
        }
        // The next export removes what killed ones left behind.
        try setup("export", project, out)
        #expect(sideFiles(in: folder.path).isEmpty, "left: \(sideFiles(in: folder.path))")
    }

    func currentAmount(_ project: String, id: Int64) throws -> String {
        let item = try #require(try ProjectContent.items(project).first { $0.id == id })
        return String(format: "%.2f", Double(item.amount) / 100)
    }
}
