import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetKit

/// The sample's roster (`Workbooks/sample-2023/roster.csv`) reproduces the published 2023 lines
/// it can: 30101, 30102, 30107, 30108 and 30302 of both units. The amounts below are the
/// published ones (万元, seed tables); the roster was worked out by hand to give them, e.g.
/// 432001 30101 = 24 人 × 4,055.00 × 12 + 1 人 × 3,516.00 × 10 = 1,167,840 + 35,160 = 1,203,000 元;
/// 30108 = (24 × 9,485.00 × 12 + 1 × 8,082.00 × 10) × 16 % = 2,812,500 × 16 % = 450,000 元;
/// 432002 30302 = 2 × 5,000.00 × 12 + 1 × 5,050.00 × 4 = 140,200 元.
@Suite("The sample's roster")
struct SampleRosterTests {
    @Test("the roster's lines are the published ones; every table and the check are as without it")
    func reproducesThePublishedLines() throws {
        let folder = TemporaryFolder()
        let typed = folder.file("typed.budget")
        let drafted = folder.file("drafted.budget")
        try SampleProject.build(at: typed)
        try SampleProject.build(at: drafted)
        let report = try SampleProject.addRoster(at: drafted)

        let published: [String: String] = [
            "432001 2010306/30101": "120.30", "432001 2010306/30102": "70.20", "432001 2010306/30107": "85.00",
            "432001 2080505/30108": "45.00", "432001 2080501/30302": "4.71",
            "432002 2010306/30101": "66.80", "432002 2010306/30102": "38.28", "432002 2010306/30107": "50.39",
            "432002 2080505/30108": "26.54", "432002 2080502/30302": "14.02",
        ]
        let generated = Dictionary(uniqueKeysWithValues: report.changes.map { ("\($0.unitCode) \($0.functional)/\($0.economic)", Money.formatWan($0.after ?? 0)) })
        #expect(generated == published)
        // The typed lines they replace carried the same amounts.
        #expect(report.replacedTyped.count == 10)
        #expect(report.replacedTyped.reduce(0) { $0 + $1.amount } == report.changes.reduce(0) { $0 + ($1.after ?? 0) })
        #expect(report.typedAlongside.isEmpty && report.edited.isEmpty)

        // Every table, cell by cell, as the typed sample (which carries every published figure).
        let before = try ProjectSession(typed).reports()
        let after = try ProjectSession(drafted).reports()
        #expect(before.tables.count == after.tables.count)
        for (a, b) in zip(before.tables, after.tables) {
            #expect(TextRenderer.render(a, in: before) == TextRenderer.render(b, in: after), "table \(a.id)")
        }
        // The roster agrees with the lines: no roster finding, and check finds what it found before.
        let checked = try ProjectSession(drafted).check()
        #expect(!checked.findings.contains { $0.check == "roster" })
        #expect(checked.findings.map(\.message) == (try ProjectSession(typed).check()).findings.map(\.message))
    }
}
