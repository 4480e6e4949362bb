// An export that fails at any libxlsxwriter call (reliability.md §6.5 FT-09; issue 6).
//
// Debug builds of `budget` make the Nth checked libxlsxwriter call fail when BUDGET_FAULT_LXW=N
// (`LXWFault` in BudgetXLSX), like SQLite's I/O-error loops that move the point of failure
// through a whole operation. The export of the whole sample makes a few thousand such calls;
// BUDGET_LXW_FAULTS (default 60) of them are failed in turn: the first ten, the last ten
// (workbook_close among them) and the rest spread evenly between. After each: exit non-zero with
// a Chinese message naming the target, the previous workbook byte-identical, no temporary file,
// the project unchanged. About 10 s.
import BudgetTestSupport
import Foundation
import Testing

@Suite("A libxlsxwriter call failing anywhere leaves the last good workbook")
struct LibXLSXWriterFaultTests {
    @Test("every Nth call failing: a clear error, the old workbook intact, nothing left behind")
    func failingCalls() throws {
        // Given: the whole sample, and a good workbook at the target
        let folder = TemporaryFolder()
        let project = folder.file("s.budget")
        try SampleProject.build(at: project)
        let target = folder.file("公开表.xlsx")
        let first = try cli(["export", project, target], environment: ["BUDGET_FAULT_LXW": "0"])
        try #require(first.succeeded, "\(first)")
        let good = try read(target)
        let projectBytes = try read(project)
        // How many checked calls an export makes (debug builds print it when asked with 0).
        let count = try #require(
            first.stderr.split(separator: "\n").first { $0.hasPrefix("lxw-calls ") }.flatMap { Int($0.dropFirst("lxw-calls ".count)) },
            "this build does not count libxlsxwriter calls (not a debug build?): \(first.stderr)")
        try #require(count > 100)

        let wanted = Settings.integer("BUDGET_LXW_FAULTS", default: 60)
        var points = Set(1...min(10, count)).union(max(1, count - 9)...count)
        let step = max(1, count / max(1, wanted - points.count))
        points.formUnion(stride(from: 11, to: count - 9, by: step))

        // When: each point fails in turn
        var failed = 0
        for point in points.sorted() {
            let outcome = try cli(["export", project, target], environment: ["BUDGET_FAULT_LXW": String(point)])

            // Then
            #expect(outcome.exited && outcome.status == 5, "call \(point) of \(count): \(outcome)")
            #expect(outcome.stderr.contains("无法导出工作簿"), "call \(point): \(outcome.stderr)")
            #expect(outcome.stderr.contains(target), "call \(point): the message names the target")
            #expect(try read(target) == good, "call \(point): the previous workbook changed")
            #expect(sideFiles(in: folder.path).isEmpty, "call \(point): left \(sideFiles(in: folder.path))")
            #expect(try read(project) == projectBytes, "call \(point): the project changed")
            failed += 1
        }
        note("libxlsxwriter faults: \(failed) of \(count) calls failed in turn, 0 workbooks damaged, 0 temporaries left")

        // And with no fault the export still works over the same target.
        #expect(try cli(["export", project, target]).succeeded)
    }
}
