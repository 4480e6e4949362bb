import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import BudgetXLSX
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
        // The typed lines are exactly the calculated ones: they became them, under their own numbers.
        #expect(report.adopted.count == 10 && report.changes.isEmpty && report.replacedTyped.isEmpty)
        #expect(report.typedAlongside.isEmpty && report.edited.isEmpty)
        let generated = try ProjectSession(drafted).generatedItems()
        #expect(generated.allSatisfy { $0.item.map($0.record.matches) ?? false })
        let lines = Dictionary(
            uniqueKeysWithValues: generated.map {
                ("\($0.record.unitCode) \($0.record.functional)/\($0.record.economic)", Money.formatWan($0.record.amount))
            })
        #expect(lines == published)
        #expect(Set(generated.map(\.record.itemID)) == Set(report.adopted.compactMap(\.id)))

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

/// The roster and standards on the draft workbook's 人员 and 标准 sheets.
@Suite("The roster in the draft workbook")
struct RosterWorkbookTests {
    func drafted(_ folder: TemporaryFolder, _ name: String) throws -> String {
        let path = folder.file(name)
        try SampleProject.build(at: path)
        try SampleProject.addRoster(at: path)
        return path
    }

    @Test("a workbook read back unchanged changes nothing: the roster, the standards and the generated lines stay as they were")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        let path = try drafted(folder, "p.budget")
        let session = try ProjectSession(path)
        let before = (try session.rosterGroups(), try session.standards(), try session.generatedItems().map(\.record))
        let workbook = folder.file("draft.xlsx")
        _ = try session.writeDraft(to: workbook)
        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
        let after = try ProjectSession(path)
        #expect(try after.rosterGroups() == before.0)
        #expect(try after.standards() == before.1)
        #expect(try after.generatedItems().map(\.record) == before.2)
        #expect(try after.generatedItems().allSatisfy { $0.item.map($0.record.matches) ?? false })
        #expect(try after.diff(from: nil, to: nil).diff.isEmpty)
    }

    @Test("a count changed on the 人员 sheet gives the same lines as the same change through the CSV")
    func sheetEqualsCSV() throws {
        let folder = TemporaryFolder()
        // Through the workbook: the sixth group (432002 退休人员, 2 人) becomes 3.
        let viaSheet = try drafted(folder, "sheet.budget")
        let workbook = folder.file("draft.xlsx")
        _ = try ProjectSession(viaSheet).writeDraft(to: workbook)
        try WorkbookEdits.apply([.init(sheet: "人员", row: DraftLayout.firstDataRow + 5, column: 3, value: .number("3"))], to: workbook)
        _ = try ProjectSession(viaSheet).importWorkbook(from: workbook, unit: .yuan, replace: true)
        // Through the CSV: the same roster with that count.
        let viaCSV = try drafted(folder, "csv.budget")
        let roster = try String(contentsOfFile: SampleProject.file("roster.csv"), encoding: .utf8)
            .replacingOccurrences(of: "432002,退休,退休人员,2,", with: "432002,退休,退休人员,3,")
        _ = try ProjectSession(viaCSV).importRoster(from: folder.write("roster.csv", roster))
        func lines(_ path: String) throws -> [String: Fen] {
            var out: [String: Fen] = [:]
            for item in try ProjectSession(path).items(matching: ProjectSession.ItemQuery()).items {
                out["\(item.unitCode) \(item.functional)/\(item.economic) \(item.type.rawValue) \(item.source.rawValue)", default: 0] += item.amount
            }
            return out
        }
        let sheetLines = try lines(viaSheet)
        #expect(sheetLines == (try lines(viaCSV)))
        // 432002 30302: 140,200.00 + 1 × 5,000.00 × 12 = 200,200.00 元.
        #expect(sheetLines["432002 2080502/30302 basic general"] == 20_020_000)
    }

    @Test("a bad cell on the 人员 sheet is named by sheet and cell, and nothing is written")
    func badCell() throws {
        let folder = TemporaryFolder()
        let path = try drafted(folder, "p.budget")
        let workbook = folder.file("draft.xlsx")
        _ = try ProjectSession(path).writeDraft(to: workbook)
        // Row 3 of the sheet (the first group), column F (月数): 13.
        try WorkbookEdits.apply([.init(sheet: "人员", row: DraftLayout.firstDataRow, column: 5, value: .number("13"))], to: workbook)
        #expect {
            _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
        } throws: { error in
            String(describing: error).contains("人员!F3") && String(describing: error).contains("应为 1 到 12 的整数")
        }
        #expect(try ProjectSession(path).rosterGroups().map(\.months) == [12, 10, 12, 12, 10, 12, 4])
    }

    @Test("vehicles and students go with the roster sheet: read into a new project, the same lines, none counted twice")
    func profileCellsRoundTrip() throws {
        let folder = TemporaryFolder()
        let path = try drafted(folder, "p.budget")
        // 公务用车运行维护费 30,000.00 × 3 辆 = 90,000.00 on 432001's 2010306.
        _ = try ProjectSession(path).setStandard("公务用车运行维护费", value: "30000")
        _ = try ProjectSession(path).setUnitProfile(unit: "432001", functional: nil, vehicles: 3, students: nil)
        let workbook = folder.file("draft.xlsx")
        _ = try ProjectSession(path).writeDraft(to: workbook)
        let fresh = folder.file("fresh.budget")
        try ProjectSession.create(at: fresh, department: SampleProject.department)
        _ = try ProjectSession(fresh).importWorkbook(from: workbook, unit: .yuan, replace: false)
        #expect(try ProjectSession(fresh).unitProfiles()["432001"]?.vehicles == 3)
        let generated = try ProjectSession(fresh).generatedItems()
        #expect(generated.count == 11)
        #expect(generated.contains { $0.record.economic == "30231" && $0.record.amount == 9_000_000 })
        #expect(!(try ProjectSession(fresh).check().findings.contains { $0.check == "roster" }))
    }

    @Test("a row typed on the sheet in the place of a deleted calculated row is the clerk's, and the line is calculated again")
    func rowTypedInPlace() throws {
        let folder = TemporaryFolder()
        let path = try drafted(folder, "p.budget")
        let workbook = folder.file("draft.xlsx")
        _ = try ProjectSession(path).writeDraft(to: workbook)
        // Item #1 (the first row: 432001 2010306 30101 1,203,000.00, calculated) becomes a 30201 of 1,000.00.
        try WorkbookEdits.apply(
            [
                .init(sheet: "预算明细", row: DraftLayout.firstDataRow, column: 2, value: .text("30201")),
                .init(sheet: "预算明细", row: DraftLayout.firstDataRow, column: 7, value: .number("1000")),
            ], to: workbook)
        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
        let session = try ProjectSession(path)
        // No line is held for the clerk; 30101 is calculated again (1,203,000.00) under a new number.
        #expect(!(try session.check().findings.contains { $0.check == "roster" && $0.message.contains("已手工改为") }))
        let basic = try session.items(matching: ProjectSession.ItemQuery(unit: "432001", economicPrefix: "30101")).items
        #expect(basic.map(\.amount) == [120_300_000])
        #expect(try session.generatedItems().count == 10)
    }
}
