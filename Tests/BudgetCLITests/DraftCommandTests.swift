import BudgetTestSupport
import Foundation
import Testing

@Suite("budget template (draft) and budget import of workbooks")
struct DraftCommandTests {
    @Test("template and its alias draft write the same workbook; import reads it back into an empty project")
    func templateAndImport() throws {
        // Given
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        // When
        let template = try budget("template", path, folder.file("a.xlsx"))
        let draft = try budget("draft", path, folder.file("b.xlsx"))

        // Then
        #expect(template.status == 0, "\(template.stderr)")
        #expect(template.stdout.contains("预算明细 53") && template.stdout.contains("金额单位：元"))
        #expect(template.stdout.contains("--replace"))
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(bytes(folder.file("a.xlsx")) == bytes(folder.file("b.xlsx")))

        // When: into a project of the same department with nothing in it
        let copy = try initProject(folder.file("copy.budget"))
        let imported = try budget("import", copy, folder.file("a.xlsx"))

        // Then
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("预算明细 53 条，合计 23434400.00 元（2343.44 万元）"), "\(imported.stdout)")
        for table in 1...9 {
            #expect(try budget("show", copy, String(table)).stdout == budget("show", path, String(table)).stdout, "table \(table)")
        }
    }

    @Test("a workbook is known by its content, whatever its name; --replace is needed over existing data")
    func byContentAndReplace() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        #expect(try budget("template", path, folder.file("draft.xlsx")).status == 0)
        try FileManager.default.moveItem(atPath: folder.file("draft.xlsx"), toPath: folder.file("明细.csv"))
        let before = bytes(path)

        let refused = try budget("import", path, folder.file("明细.csv"))
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("错误 E-INPUT："))
        #expect(refused.stderr.contains("明细.csv，工作表“预算明细”：项目文件中已有 53 条预算明细"), "\(refused.stderr)")
        #expect(refused.stderr.contains("没有写入任何内容"))
        #expect(bytes(path) == before)

        let replaced = try budget("import", path, folder.file("明细.csv"), "--replace")
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout.contains("替换了"))
    }

    @Test("bad cells: exit 1, every cell named as sheet!cell with its value, nothing written")
    func badCells() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = bytes(path)
        let workbook = folder.file("bad.xlsx")
        try HandmadeXLSX.write(
            workbook,
            [
                HandmadeXLSX.Sheet(
                    "预算明细",
                    table: [
                        ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "资金来源", "金额"],
                        ["432001", "2010306", "30101", "基本支出", "一般公共预算拨款", 12.345],
                        ["432001", "2010306 错误名称", "30101", "基本支出", "一般公共预算拨款", 100],
                    ])
            ])

        let result = try budget("import", path, workbook)

        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.xlsx，预算明细!F2，“金额”列，值“12.345”"), "\(result.stderr)")
        #expect(result.stderr.contains("bad.xlsx，预算明细!B3，“功能分类科目编码”列，值“2010306 错误名称”：名称与编码不符"), "\(result.stderr)")
        #expect(result.stderr.contains("共 2 处问题，没有写入任何内容。"))
        #expect(bytes(path) == before)
    }

    @Test("--replace with a CSV file is a usage error")
    func replaceWithCSV() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))

        let result = try budget("import", path, Sample.items, "--replace")

        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--replace"))
    }

    @Test("an old .xls file is named as such, by CSV import too")
    func oldExcel() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let file = folder.write("明细.xls", Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(repeating: 0, count: 1024))

        let result = try budget("import", path, file)

        #expect(result.status == 1)
        #expect(result.stderr.contains("旧版 Excel（.xls）"), "\(result.stderr)")
    }

    @Test("template into a folder that does not exist is an I/O failure (exit 5); a name that is not .xlsx (a project file) refused")
    func writeFailures() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = bytes(path)

        let missing = try budget("template", path, folder.file("no/such/folder/x.xlsx"))
        let overProject = try budget("draft", path, path)

        #expect(missing.status == 5 && missing.stderr.hasPrefix("错误 E-EXPORT-IO："), "\(missing.stderr)")
        // A project file is not a workbook's name: refused before anything is opened.
        #expect(overProject.status == 64 && overProject.stderr.contains(".xlsx"), "\(overProject.stderr)")
        #expect(bytes(path) == before)
        #expect(folder.contents == ["p.budget"])
    }

    @Test("help of template and import names the workbook")
    func help() throws {
        #expect(try budget("template", "--help").stdout.contains("填报工作簿"))
        #expect(try budget("import", "--help").stdout.contains("--replace"))
        #expect(try budget("--help").stdout.contains("  template, draft "))
    }
}
