import BudgetModel
import BudgetStore
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetKit

/// Bulk changes of line items (`item set --scale/--add`, `item rm` by conditions). Expected
/// figures are worked out by hand from `Workbooks/sample-2023/items.csv` (万元): the 8 公用经费
/// lines of unit 432001 add up to 62.03 万元 (620,300.00 元); times 0.95 that is 589,285.00 元.
@Suite("Bulk changes of line items")
struct BulkItemsTests {
    func sample(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("p.budget")
        try SampleProject.build(at: path)
        return path
    }

    let publicFunds = ProjectSession.ItemQuery(unit: "432001", nature: .publicFunds)

    @Test("a factor is a decimal kept as a fraction; anything else is refused")
    func factor() {
        #expect(BulkChange.Factor("0.95").map { [$0.numerator, $0.denominator] } == [95, 100])
        #expect(BulkChange.Factor("1.1").map { [$0.numerator, $0.denominator] } == [11, 10])
        #expect(BulkChange.Factor("2").map { [$0.numerator, $0.denominator] } == [2, 1])
        for bad in ["0", "-0.5", "0.1234567", "1e2", "101", ".5", "5.", "０.９", "0,95", ""] {
            #expect(BulkChange.Factor(bad) == nil, "\(bad)")
        }
    }

    @Test("scaled amounts: the total is rounded once from the exact total; the 分 left over go to the largest remainders")
    func scaledRounding() throws {
        let half = try #require(BulkChange.Factor("0.5"))
        // 1 + 1 + 1 分 × 0.5 = 1.5 分 → 2 分: each line 0 分 and a remainder of ½; the first two get one.
        #expect(try ProjectSession.changed([1, 1, 1], .scale(half), ids: [1, 2, 3]) == [1, 1, 0])
        // 10.05 + 20.05 元 × 0.9 = 9.045 + 18.045 = 27.09 元: 904 and 1804 分 with equal remainders, so
        // the earlier line takes the 分 left over.
        let nine = try #require(BulkChange.Factor("0.9"))
        #expect(try ProjectSession.changed([1005, 2005], .scale(nine), ids: [1, 2]) == [905, 1804])
        // 3.33 元 × 0.3 = 0.999 → 1.00 元, on one line.
        #expect(try ProjectSession.changed([333], .scale(try #require(BulkChange.Factor("0.3"))), ids: [1]) == [100])
        // The largest amount a line may have, times 100, is refused, not wrapped.
        #expect(throws: InputProblem.self) {
            try ProjectSession.changed([Money.maximumItemFen], .scale(try #require(BulkChange.Factor("100"))), ids: [7])
        }
    }

    @Test("公用经费 of a unit times 0.95: 620,300.00 元 → 589,285.00 元, other lines untouched")
    func scaleSample() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let session = try ProjectSession(path)
        let before = try session.items(matching: .init()).items
        let result = try session.changeItems(matching: publicFunds, .scale(try #require(BulkChange.Factor("0.95"))))
        #expect(result.applied && result.lines.count == 8)
        #expect(result.totalBefore == 62_030_000 && result.totalAfter == 58_928_500)
        let after = try ProjectSession(path).items(matching: .init())
        #expect(after.total == before.reduce(0) { $0 + $1.amount } - 3_101_500)
        for (old, new) in zip(before, after.items) where !publicFunds.matches(old) { #expect(old == new) }
        // The kept totals follow: the tables are recomputed from them.
        #expect(try ProjectFile.open(at: path).read { try $0.totalsAgree() })
    }

    @Test("a dry run says what would change and writes nothing")
    func dryRun() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let bytesBefore = bytes(path)
        let result = try ProjectSession(path).changeItems(
            matching: publicFunds, .scale(try #require(BulkChange.Factor("0.95"))), dryRun: true)
        #expect(!result.applied && result.totalAfter == 58_928_500)
        #expect(bytes(path) == bytesBefore)
    }

    @Test("--add that would take a line below zero is refused, naming it; nothing is written")
    func addBelowZero() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let bytesBefore = bytes(path)
        // The smallest 公用经费 line of 432001 is 0.10 万元 (1,000.00 元): taking 1,500 元 from each fails on it.
        let error = try #require(
            throws: InputProblem.self, performing: { try ProjectSession(path).changeItems(matching: publicFunds, .add(-150_000)) })
        let message: String = error.message
        #expect(message.contains("1000.00 元") && message.contains("小于零"), "\(message)")
        #expect(bytes(path) == bytesBefore)
        // 500 元 from each of the 8 lines: 4,000.00 元 less.
        let result = try ProjectSession(path).changeItems(matching: publicFunds, try BulkChange.addition("-500", unit: .yuan))
        #expect(result.totalBefore - result.totalAfter == 400_000)
    }

    @Test("--with-projects: the project's declared amount follows; a 成本指标 cap below the new amount refuses the change")
    func projects() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let name = "“一窗通”平台运维费"  // one line of 6.00 万元; its 成本指标 is “≤6 万元”
        try ProjectSession(path).setProject(name: name, goal: nil, amount: "60000", amountUnit: .yuan)
        let query = ProjectSession.ItemQuery(project: name)
        let cut = try ProjectSession(path).changeItems(
            matching: query, .scale(try #require(BulkChange.Factor("0.9"))), withProjects: true)
        #expect(cut.projects.count == 1 && cut.projects[0].before == 6_000_000 && cut.projects[0].after == 5_400_000)
        #expect(try ProjectSession(path).documentData().declaredProjectAmounts[name] == 5_400_000)
        // 5.40 万元 × 1.2 = 6.48 万元, above the cap of 6 万元: refused, nothing written.
        let bytesBefore = bytes(path)
        let error = try #require(
            throws: InputProblems.self,
            performing: {
                try ProjectSession(path).changeItems(matching: query, .scale(try #require(BulkChange.Factor("1.2"))), withProjects: true)
            })
        #expect(error.problems.count == 1 && error.problems[0].message.contains("≤6 万元"), "\(error)")
        #expect(bytes(path) == bytesBefore)
    }

    @Test("removal by conditions: the matching lines go, the rest stay; no match is an error")
    func remove() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let result = try ProjectSession(path).changeItems(matching: publicFunds, .remove)
        #expect(result.lines.count == 8 && result.totalAfter == 0)
        #expect(try ProjectSession(path).items(matching: publicFunds).items.isEmpty)
        #expect(throws: InputProblem.self) { try ProjectSession(path).changeItems(matching: publicFunds, .remove) }
    }
}
