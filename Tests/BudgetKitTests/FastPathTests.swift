import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import Foundation
import GRDB
import Testing

/// Every cell of every table, for comparing two computations.
func cells(_ reports: ReportSet) -> [String] {
    reports.tables.flatMap { table in
        table.rows.map { row in "\(table.id)|\(row.key)|" + row.cells.map { $0.amount.map(String.init) ?? $0.text ?? "" }.joined(separator: ",") }
    }
}

@Suite("The kept totals give exactly the tables of a straightforward recomputation")
struct FastPathTests {
    /// The tables from the kept totals, and from every line item one by one.
    func both(_ path: String) throws -> (fast: [String], straightforward: [String]) {
        let snapshot = try ProjectFile.open(at: path).snapshot()
        return (cells(try ProjectSession(path).reports()), cells(try ReportEngine.compute(snapshot, template: Template.builtIn("hebei"))))
    }

    @Test("after generating and after random sequences of edits", arguments: [1, 2, 3] as [UInt64])
    func randomEdits(seed: UInt64) throws {
        let folder = TemporaryFolder()
        let path = folder.file("g.budget")
        let budget = try ProjectSession.generate(at: path, units: 4, items: 1500, seed: seed)
        var (fast, straightforward) = try both(path)
        #expect(fast == straightforward)
        #expect(fast.count > 100)

        // A small linear congruential generator: the same edits for the same seed on every run.
        var seedState = seed
        func next(_ bound: Int) -> Int {
            seedState = seedState &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seedState >> 33) % UInt64(bound))
        }
        let functional = ["2010306", "2080505", "2101101", "2120101", "2130101", "2240102"]
        let economic = ["30101", "30201", "30226", "30399", "31002", "30212", "30217"]
        let sources = ["general", "fund", "soe", "business", "carryover-general", "carryover-other"]
        for step in 0..<40 {
            let ids = try ProjectSession(path).items(matching: .init()).items.compactMap(\.id)
            switch next(5) {
            case 0:  // add
                let type = ["basic", "project"][next(2)]
                var values: [LineItemColumn: String] = [
                    .unit: budget.units[next(budget.units.count)].code, .functional: functional[next(functional.count)],
                    .economic: economic[next(economic.count)], .type: type, .source: sources[next(sources.count)],
                    .amount: String(next(5_000_000) + 1),
                ]
                if type == "project" { values[.project] = "新项目\(next(3))" }
                _ = try ProjectSession(path).addItem(values: values, amountUnit: .yuan)
            case 1:  // change an amount
                _ = try ProjectSession(path).setItem(id: ids[next(ids.count)], changes: [.amount: String(next(900_000))], amountUnit: .yuan)
            case 2:  // move to other codes and another source
                _ = try ProjectSession(path).setItem(
                    id: ids[next(ids.count)],
                    changes: [
                        .functional: functional[next(functional.count)], .economic: economic[next(economic.count)],
                        .source: sources[next(sources.count)],
                    ],
                    amountUnit: .yuan)
            case 3:  // remove a few
                try ProjectSession(path).removeItems(ids: Array(Set((0..<3).map { _ in ids[next(ids.count)] })))
            default:  // a type change: basic ↔ project
                let id = ids[next(ids.count)]
                let item = try #require(try ProjectSession(path).items(matching: .init()).items.first { $0.id == id })
                let changes: [LineItemColumn: String] =
                    item.type == .project ? [.type: "basic"] : [.type: "project", .project: "改来的项目"]
                _ = try ProjectSession(path).setItem(id: id, changes: changes, amountUnit: .yuan)
            }
            (fast, straightforward) = try both(path)
            #expect(fast == straightforward, "step \(step)")
            #expect(try ProjectFile.open(at: path).read { try $0.totalsAgree() }, "step \(step)")
            // Only this tool wrote: the export gate may trust the totals without a scan.
            #expect(try ProjectFile.open(at: path).read { try $0.totalsSealed() }, "step \(step)")
        }
        #expect(try ProjectFile.open(at: path).integrityProblems() == [])
    }

    @Test("the generated project passes check with no error")
    func generatedPasses() throws {
        let folder = TemporaryFolder()
        let path = folder.file("g.budget")
        _ = try ProjectSession.generate(at: path, units: 5, items: 3000, seed: 7)
        let result = try ProjectSession(path).check(full: true)
        #expect(result.errorCount == 0, "\(result.findings.filter { $0.severity == .error }.map(\.message))")
    }

    @Test("the same seed gives the same project")
    func deterministic() throws {
        let a = Generator.budget(units: 3, items: 500, seed: 42)
        let b = Generator.budget(units: 3, items: 500, seed: 42)
        let c = Generator.budget(units: 3, items: 500, seed: 43)
        #expect(a.items == b.items)
        #expect(a.items != c.items)
        // Skewed: the most used 项 carries far more lines than the median one.
        let counts = Dictionary(grouping: a.items, by: \.functional).values.map(\.count).sorted(by: >)
        #expect(counts[0] >= 5 * counts[counts.count / 2])
    }

    @Test("a tampered total is caught before export, and rebuilding the totals mends it")
    func tampered() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        // Move an item to another code behind the tool's back: count and sum stay the same.
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "UPDATE line_item SET functional = '2080502' WHERE id = 1") }
        try queue.close()
        #expect(throws: StoreError.totalsDisagree(path: path)) { try ProjectSession(path).export(to: folder.file("o.xlsx"), force: true) }
        #expect(try ProjectSession(path).check(full: true).findings.contains { $0.check == "integrity" })
        let mended = try ProjectSession(path).check(full: true, rebuildTotals: true)
        #expect(!mended.findings.contains { $0.check == "integrity" })
        _ = try ProjectSession(path).export(to: folder.file("o.xlsx"), force: false)
    }
}
