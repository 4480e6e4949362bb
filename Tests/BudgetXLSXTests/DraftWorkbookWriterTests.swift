import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetXLSX

@Suite("The draft workbook as written")
struct DraftWorkbookWriterTests {
    /// Two sheets: one of amounts with a drop-down and a sum, one with an empty list and a count.
    static let draft = DraftWorkbook(
        title: "测试填报工作簿", author: "测试部门", created: Date(timeIntervalSince1970: 1_672_531_200),
        readMe: [DraftText("填表说明", .title), DraftText("说明文字")],
        sheets: [
            DraftSheet(
                name: "预算明细",
                columns: [DraftColumn("单位编码", list: 0), DraftColumn("备注"), DraftColumn("金额", .amount), DraftColumn("数量", .number)],
                rows: [
                    [.text("432001 本级"), .text("=1+1"), .amount(7), .number("2.5")],
                    [.text("432002 中心"), .empty, .amount(9_999_999_999_999), .number("3")],
                ],
                totals: [DraftSheet.Total(column: 2)]),
            DraftSheet(name: "项目", columns: [DraftColumn("项目名称", list: 1)], rows: [[.text("甲")]], totalLabel: "行数"),
        ],
        lists: [DraftList(name: "下拉列表：单位", values: ["432001 本级", "432002 中心"]), DraftList(name: "下拉列表：项目", values: [])])

    func write(_ folder: TemporaryFolder, _ name: String = "draft.xlsx") throws -> String {
        let path = folder.file(name)
        try DraftWorkbookWriter.export(Self.draft, to: path)
        return path
    }

    func part(_ path: String, _ name: String) throws -> String {
        String(decoding: try #require(try XLSXPackage.part(path, name)), as: UTF8.self)
    }

    @Test("the same draft gives byte-identical files")
    func deterministic() throws {
        let folder = TemporaryFolder()
        let first = try write(folder, "a.xlsx")
        let second = try write(folder, "b.xlsx")

        #expect(try #require(bytes(first)) == (try #require(bytes(second))))
    }

    @Test("a column with a list gets a drop-down over every row below the header, pointing at the hidden list sheet")
    func dropDowns() throws {
        let folder = TemporaryFolder()
        let path = try write(folder)

        let items = try part(path, "xl/worksheets/sheet2.xml")
        let validation = try #require(items.firstMatch(of: /<dataValidation [^>]*>.*?<\/dataValidation>/)).output
        #expect(validation.contains("type=\"list\""))
        #expect(validation.contains("errorStyle=\"warning\""), "a value not in the list is allowed after a warning")
        #expect(validation.contains("sqref=\"A3:A1048576\""))
        #expect(validation.contains("<formula1>'代码表'!$A$2:$A$3</formula1>"))
        #expect(items.components(separatedBy: "<dataValidation ").count == 2)
        // An empty list gives no drop-down.
        #expect(!(try part(path, "xl/worksheets/sheet3.xml")).contains("dataValidation"))
        // The list sheet is last and hidden.
        let workbook = try part(path, "xl/workbook.xml")
        #expect(workbook.contains("<sheet name=\"代码表\" sheetId=\"4\" state=\"hidden\""))
    }

    @Test("the header rows are frozen and the total row holds SUM formulas with their values")
    func headerAndTotals() throws {
        let folder = TemporaryFolder()
        let path = try write(folder)

        let items = try part(path, "xl/worksheets/sheet2.xml")
        #expect(items.contains("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(items.contains("<c r=\"C1\" s=\"") && items.contains("<f>SUM(C2:C1048576)</f><v>100000000000.06</v>"))
        let projects = try part(path, "xl/worksheets/sheet3.xml")
        #expect(projects.contains("<f>COUNTA(A3:A1048576)</f><v>1</v>"))
        let sheet = try #require(try XLSXWorkbook(path: path).sheet("预算明细"))
        #expect(sheet.cell("A2")?.value == "单位编码")
        #expect(sheet.cell("B3")?.value == "=1+1" && sheet.cell("B3")?.formula == nil, "text is never a formula")
        #expect(sheet.cell("D3")?.value == "2.5")
    }

    @Test("the read-back check refuses a file that differs from the draft")
    func verifierNotices() throws {
        let folder = TemporaryFolder()
        let path = try write(folder)
        var other = Self.draft
        other.sheets[0].rows[1][2] = .amount(1)

        #expect(throws: WorkbookVerifier.Mismatch.self) { try DraftWorkbookVerifier.verify(path, against: other) }
        try DraftWorkbookVerifier.verify(path, against: Self.draft)
    }

    @Test("a project file at the target is refused and left as it was")
    func projectFileTarget() throws {
        let folder = TemporaryFolder()
        let target = folder.write("p.budget", Data("SQLite format 3\0".utf8) + Data(repeating: 1, count: 100))
        let before = try #require(bytes(target))

        #expect(throws: XLSXError.self) { try DraftWorkbookWriter.export(Self.draft, to: target) }
        #expect(bytes(target) == before)
        #expect(folder.contents == ["p.budget"])
    }
}
