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

    @Test("--replace with a CSV file replaces the items, after saving a snapshot to undo it")
    func replaceWithCSV() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let two = folder.file("two.csv")
        try "unit,functional,economic,type,source,amount\n432001,2010306,30201,basic,general,100\n432002,2010306,30201,basic,general,200\n"
            .write(toFile: two, atomically: true, encoding: .utf8)
        let result = try budget("import", path, two, "--replace")
        #expect(result.status == 0, "\(result.stderr)")
        // The sample has 53 items (the published disclosure's lines).
        #expect(result.stdout.contains("替换了项目中原有的 53 条明细") && result.stdout.contains("已导入 2 条明细，合计 300.00 元"), "\(result.stdout)")
        #expect(result.stdout.contains("已保存为快照“导入“two.csv”之前"), "\(result.stdout)")
        #expect(try budget("item", "list", path).stdout.contains("合计  2 条"))
        // Undone: the 53 items are back.
        #expect(try budget("snapshot", "restore", path, "1").status == 0)
        #expect(try budget("item", "list", path).stdout.contains("合计  53 条"))
    }

    @Test("the same CSV imported twice: refused as a probable double import unless --allow-duplicates; a partial overlap is named")
    func doubleImport() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = bytes(path)
        let again = try budget("import", path, Sample.items, "--unit", "wan")
        #expect(again.status == 1 && again.stderr.contains("像是重复导入，没有导入") && again.stderr.contains("--allow-duplicates"), "\(again.stderr)")
        #expect(bytes(path) == before)
        let allowed = try budget("import", path, Sample.items, "--unit", "wan", "--allow-duplicates")
        #expect(allowed.status == 0 && allowed.stdout.contains("已导入 53 条明细"), "\(allowed.stderr)")
        #expect(try budget("item", "list", path).stdout.contains("合计  106 条"))
        // One line already there (the first of items.csv, 120.30 万元) and one new: imported, the first named.
        let mixed = folder.file("mixed.csv")
        try "单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额\n432001,2010306,30101,基本支出,,,一般公共预算拨款,120.30\n432001,2010306,30201,基本支出,,,一般公共预算拨款,1.00\n"
            .write(toFile: mixed, atomically: true, encoding: .utf8)
        let partial = try budget("import", path, mixed, "--unit", "wan")
        #expect(partial.status == 0 && partial.stdout.contains("提醒：文件中的第 1 条明细在导入前项目中已经有了"), "\(partial.stdout)\(partial.stderr)")
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
