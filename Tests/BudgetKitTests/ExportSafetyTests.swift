import BudgetKit
import BudgetModel
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

@Suite("What a clerk types reaches the workbook as typed")
struct ExportSafetyTests {
    @Test("names with _xHHHH_ and a unit without 单位规格 export, and read back exactly")
    func escapesAndBlanks() throws {
        // Given: a department and unit whose names hold Excel's escape form, and no 单位规格
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")
        try ProjectSession.create(at: path, department: Department(code: "1", name: "测试_x0041_部门", year: 2023))
        try ProjectSession(path).addUnit(BudgetUnit(code: "001", name: "单位_x0042_", nature: .administrative))
        _ = try ProjectSession(path).addItem(
            values: [.unit: "001", .functional: "2010306", .economic: "30201", .type: "basic", .source: "general", .amount: "100"],
            amountUnit: .yuan)

        // When
        try ProjectSession(path).fillStandIns()
        _ = try ProjectSession(path).export(to: folder.file("o.xlsx"), force: false)

        // Then: read back as typed; the organisation sheet's empty 单位规格 is blank
        let workbook = try XLSXWorkbook(path: folder.file("o.xlsx"))
        let organisation = try #require(workbook.sheet("部门机构设置"))
        let row = try #require((0..<10).first { organisation.cell(row: $0, column: 0)?.value == "单位_x0042_" })
        #expect(organisation.cell(row: row, column: 2)?.value ?? "" == "")
        #expect(workbook.sheets.first?.cell(row: 1, column: 0)?.value == "1 测试_x0041_部门")
    }
}
