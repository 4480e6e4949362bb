import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetXLSX

@Suite("Writing workbooks")
struct WorkbookWriterTests {
    @Test("SUM formulas group running rows and columns into ranges, rounded to one 分 of the display unit")
    func formulas() {
        let refs = [CellRef(row: 0, column: 3), CellRef(row: 1, column: 3), CellRef(row: 2, column: 3), CellRef(row: 5, column: 3)]
        #expect(SheetWriter.formula(refs, firstBodyRow: 7, decimals: 6) == "=ROUND(SUM(D8:D10,D13),6)")
        let across = (4...11).map { CellRef(row: 2, column: $0) } + [CellRef(row: 2, column: 13)]
        #expect(SheetWriter.formula(across, firstBodyRow: 7, decimals: 2) == "=ROUND(SUM(E10:L10,N10),2)")
        #expect(SheetWriter.columnName(0) == "A" && SheetWriter.columnName(25) == "Z" && SheetWriter.columnName(26) == "AA")
        #expect(XLSXReference.parse("AB12")! == (11, 27))
    }

    func sampleReports(_ items: [LineItem]) throws -> ReportSet {
        var numbered = items
        for index in numbered.indices { numbered[index].id = Int64(index + 1) }
        let snapshot = ProjectSnapshot(
            department: Department(code: "001", name: "测试部门", year: 2024),
            units: [BudgetUnit(code: "001001", name: "本级", nature: .administrative)], projects: [], items: numbered, codes: CodeBook())
        return try ReportEngine.compute(snapshot, template: Template.builtIn("hebei"))
    }

    @Test("the layout: title, department, year, unit, merged headers, 栏次, A4 landscape, page numbers")
    func layout() throws {
        let reports = try sampleReports([
            LineItem(unitCode: "001001", functional: "2010306", economic: "30101", type: .basic, source: .general, amount: 12_345_678)
        ])
        let folder = TemporaryFolder()
        let path = folder.file("t.xlsx")
        try WorkbookWriter.export(reports, to: path, options: WorkbookOptions(created: Date(timeIntervalSince1970: 1_700_000_000)))
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheets.map(\.name) == reports.tables.map(\.sheetName))
        let sheet = try #require(workbook.sheet("6 一般公共预算基本支出表"))
        #expect(sheet.cell("A1")?.value == "部门预算一般公共预算财政拨款基本支出表")
        #expect(sheet.cell("A2")?.value == "001 测试部门")
        #expect(sheet.cell("A3")?.value == "预算年度：2024")
        #expect(sheet.cell("A4")?.value == "单位：万元")
        #expect(sheet.merges.contains("A1:F1"))
        #expect(sheet.merges.contains("B5:C5"))  // 支出部门经济分类科目
        #expect(sheet.merges.contains("D5:F5"))  // 一般公共预算基本支出
        #expect(sheet.merges.contains("A5:A6"))  // 序号
        #expect(sheet.cell("A7")?.value == "栏次")
        // 123,456.78 元 is stored exactly as 12.345678 万元; the 0.00 format shows 12.35.
        #expect(sheet.cell("D8")?.number == 12.345678)
        #expect(sheet.cell("D8")?.formula == "ROUND(SUM(D9),6)")
        #expect(sheet.cell("B10")?.value == "30101")
        let xml = try partText(path, "xl/worksheets/sheet6.xml")
        #expect(xml.contains("orientation=\"landscape\""))
        #expect(xml.contains("paperSize=\"9\""))
        // Never shrunk to fit (which printed wide sheets at 4–6 pt); numbered pages.
        #expect(!xml.contains("fitToPage"))
        #expect(xml.contains("<oddFooter>&amp;C&amp;\"宋体\"&amp;10第 &amp;P 页 共 &amp;N 页</oddFooter>"))
        let book = try partText(path, "xl/workbook.xml")
        #expect(book.contains("_xlnm.Print_Titles"))
        let core = try partText(path, "docProps/core.xml")
        #expect(core.contains("2023-11-14T22:13:20Z"))
        let styles = try partText(path, "xl/styles.xml")
        #expect(styles.contains("宋体"))
        #expect(styles.contains("0.00;-0.00;;@"))
    }

    @Test("text that looks like a formula stays text")
    func noFormulaInjection() throws {
        var reports = try sampleReports([])
        reports.department.name = "=HYPERLINK(\"http://x\")"
        let folder = TemporaryFolder()
        let path = folder.file("t.xlsx")
        try WorkbookWriter.export(reports, to: path, options: WorkbookOptions(created: Date(timeIntervalSince1970: 0)))
        let sheet = try #require(try XLSXWorkbook(path: path).sheets.first)
        #expect(sheet.cell("A2")?.formula == nil)
        #expect(sheet.cell("A2")?.value == "001 =HYPERLINK(\"http://x\")")
    }

    @Test("an invalid sheet name is refused before anything is written")
    func sheetNames() throws {
        var reports = try sampleReports([])
        let folder = TemporaryFolder()
        for bad in ["", "History", "a[b]", "'quoted'", String(repeating: "表", count: 32)] {
            reports.tables[0].sheetName = bad
            #expect(throws: XLSXError.self, "\(bad)") {
                try WorkbookWriter.export(reports, to: folder.file("t.xlsx"), options: WorkbookOptions(created: Date()))
            }
        }
        #expect(folder.contents.isEmpty)
    }

    @Test("栏次 and codes, and the item sheet's codes, are listed as text Excel is not to mark as numbers stored as text")
    func numbersStoredAsText() throws {
        // Given: one line item, exported with the item sheet
        let item = LineItem(unitCode: "001001", functional: "2010306", economic: "30101", type: .basic, source: .general, amount: 12_345_678)
        let reports = try sampleReports([item])
        let folder = TemporaryFolder()
        let path = folder.file("t.xlsx")
        let items = ItemSheet { handle in try handle(item) }

        // When
        try WorkbookWriter.export(reports, to: path, options: WorkbookOptions(created: Date(timeIntervalSince1970: 0), itemSheet: items))

        // Then: 表6's 栏次 (B7:F7, A7 is “栏次”) and its codes 301 and 30101 (B9:B10); the item sheet's
        // unit, functional and economic codes
        let sheet = try #require(try XLSXWorkbook(path: path).sheet("6 一般公共预算基本支出表"))
        #expect(sheet.cell("B7")?.value == "1" && sheet.cell("B9")?.value == "301" && sheet.cell("B10")?.value == "30101")
        #expect(try partText(path, "xl/worksheets/sheet6.xml").contains("<ignoredError sqref=\"B7:F7 B9:B10\" numberStoredAsText=\"1\"/>"))
        let last = reports.tables.count + 1
        #expect(try partText(path, "xl/worksheets/sheet\(last).xml").contains("<ignoredError sqref=\"B2:D2\" numberStoredAsText=\"1\"/>"))
    }

    /// The text of one part of an XLSX file.
    func partText(_ path: String, _ part: String) throws -> String {
        String(decoding: try #require(try XLSXPackage.part(path, part)), as: UTF8.self)
    }
}
