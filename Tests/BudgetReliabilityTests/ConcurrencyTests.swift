// Two or more processes writing one project at once (reliability.md §6.6 CC-01, CC-02, CC-03; issue 6).
//
// Each writer either lands (it waited for the other through the 5-second busy timeout) or fails
// with "另一个程序正在使用" and writes nothing: never a lost update, never a corrupt file. An
// export running beside an import gives the workbook of one state of the project.
// About 10 s; the repetitions are fixed (`rounds` and the round lists below).
import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@Suite("concurrent writers on one project (CC-01, CC-02, CC-03)", .serialized)
struct ConcurrencyTests {
    static let rounds = 4
    static let busy = "另一个程序正在使用"

    /// Whether a concurrent writer ended acceptably; returns whether it landed.
    static func landed(_ outcome: Outcome, _ context: String) -> Bool {
        if outcome.succeeded { return true }
        #expect(
            outcome.exited && outcome.status == 4 && outcome.stderr.contains(busy),
            "\(context): a writer failed other than with a busy message: \(outcome)")
        return false
    }

    @Test("two imports of different CSVs at once: both land or one says the file is busy; no lost update")
    func twoImports() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "3", "--items", "2000", "--seed", "71")
        let csvA = folder.file("a.csv")
        let csvB = folder.file("b.csv")
        try generatedCSV(units: 3, items: 3000, seed: 72, at: csvA, scratch: folder.file("a.budget"))
        try generatedCSV(units: 3, items: 2500, seed: 73, at: csvB, scratch: folder.file("b.budget"))
        var expected = try ProjectContent.items(project).count
        var landedCount = 0
        var busyCount = 0
        for round in 0..<Self.rounds {
            let first = try Child(["import", project, round % 2 == 0 ? csvA : csvB, "--allow-duplicates"])
            let second = try Child(["import", project, round % 2 == 0 ? csvB : csvA, "--allow-duplicates"])
            let outcomes = [first.wait(), second.wait()]
            for (index, outcome) in outcomes.enumerated() {
                let isA = (round % 2 == 0) == (index == 0)
                if Self.landed(outcome, "round \(round)") {
                    expected += isA ? 3000 : 2500
                    landedCount += 1
                } else {
                    busyCount += 1
                }
            }
            #expect(try ProjectContent.items(project).count == expected, "round \(round): a lost or half-applied import")
        }
        let check = try cli(["check", project, "--full"])
        #expect(soundCheck(check), "\(check)")
        #expect(sideFiles(in: folder.path).isEmpty)
        note("concurrent imports: \(Self.rounds) rounds of 2; \(landedCount) landed, \(busyCount) refused as busy, 0 lost updates")
    }

    @Test("item add from 2 and then 4 processes at once: every add that says so landed, and only those")
    func concurrentItemAdds() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "3", "--items", "500", "--seed", "74")
        let base = try ProjectContent.content(project)
        var landedAmounts: [Int64] = []
        var busyCount = 0
        var attempts = 0
        // 6 rounds of 2 writers, then 8 rounds of 4 (à la SQLite's mptester).
        for (round, writers) in (Array(repeating: 2, count: 6) + Array(repeating: 4, count: 8)).enumerated() {
            let amounts = (0..<writers).map { Int64(100_000 + round * 10 + $0) }
            let children = try amounts.map { amount in
                try Child([
                    "item", "add", project, "--unit", "900000\(1 + Int(amount) % 3)", "--functional", "2010301", "--economic", "30201",
                    "--type", "basic", "--source", "general", "--amount", Money.formatYuan(amount),
                ])
            }
            for (child, amount) in zip(children, amounts) {
                attempts += 1
                if Self.landed(child.wait(), "round \(round)") { landedAmounts.append(amount) } else { busyCount += 1 }
            }
        }
        let items = try ProjectContent.items(project)
        #expect(items.count == base.items + landedAmounts.count, "lost update: \(items.count) items, expected \(base.items + landedAmounts.count)")
        #expect(items.reduce(0) { $0 + $1.amount } == base.total + landedAmounts.reduce(0, +))
        let check = try cli(["check", project, "--full"])
        #expect(soundCheck(check), "\(check)")
        note(
            "concurrent item add: \(attempts) adds from 2–4 processes at a time; \(landedAmounts.count) landed, \(busyCount) refused as busy, 0 lost updates"
        )
    }

    @Test("export while an import runs: the workbook of the state before or after the import, never a mix (CC-02)")
    func exportDuringImport() throws {
        var random = Settings.random("exportDuringImport")
        let folder = TemporaryFolder()
        let pristine = folder.file("baseline.budget")
        try setup("generate", pristine, "--units", "3", "--items", "2000", "--seed", "75")
        let csv = folder.file("import.csv")
        try generatedCSV(units: 3, items: 10_000, seed: 76, at: csv, scratch: folder.file("scratch.budget"))
        let pristineBytes = try read(pristine)
        let beforeWorkbook = folder.file("before.xlsx")
        // Exported with --force: the import brings projects without targets, which the statement
        // names as not written ([placeholder]); the workbooks compared are stamped alike.
        try setup("export", pristine, beforeWorkbook, "--force")
        let project = folder.file("p.budget")
        try put(pristineBytes, at: project)
        let importTime = try setup("import", project, csv).seconds
        let afterWorkbook = folder.file("after.xlsx")
        try setup("export", project, afterWorkbook, "--force")
        let before = try read(beforeWorkbook)
        let after = try read(afterWorkbook)
        try #require(before != after)
        var seen = ["before": 0, "after": 0, "busy": 0]
        for round in 0..<6 {
            try put(pristineBytes, at: project)
            let out = folder.file("out-\(round).xlsx")
            let importer = try Child(["import", project, csv])
            pause(Double.random(in: 0...importTime * 1.3, using: &random))
            let export = try Child(["export", project, out, "--force"]).wait()
            let imported = Self.landed(importer.wait(), "round \(round): the import beside an export")
            if !imported { seen["import busy", default: 0] += 1 }
            if export.succeeded {
                let found = bytes(out)
                if found == before {
                    seen["before"]! += 1
                } else if found == after && imported {
                    seen["after"]! += 1
                } else {
                    Issue.record("round \(round): the workbook matches neither the state before nor after the import")
                }
            } else {
                #expect(export.exited && export.status == 4 && export.stderr.contains(Self.busy), "round \(round): \(export)")
                #expect(!exists(out))
                seen["busy"]! += 1
            }
        }
        note(
            "export during import (seed \(Settings.seed)): workbooks of the state before \(seen["before"]!), after \(seen["after"]!), export refused busy \(seen["busy"]!), import refused busy \(seen["import busy", default: 0]), mixed 0"
        )
    }
}
