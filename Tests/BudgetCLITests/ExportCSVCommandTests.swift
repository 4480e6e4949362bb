import BudgetTestSupport
import Foundation
import Testing

@Suite("budget export-csv and the round trip through import")
struct ExportCSVCommandTests {
    @Test("export-csv then import into a fresh project gives the same nine tables")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        let original = try makeSampleProject(folder.file("original.budget"))
        let csv = folder.file("明细.csv")

        let exported = try budget("export-csv", original, csv)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("已导出 53 条明细"))
        let data = try #require(bytes(csv))
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]), "the CSV should start with a UTF-8 byte-order mark for Excel")

        let copy = try makeEmptyProject(folder.file("copy.budget"))
        let imported = try budget("import", copy, csv)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("已导入 53 条明细"))
        #expect(imported.stdout.contains("23434400.00 元"))

        for table in 1...9 {
            let a = try budget("show", original, String(table), "--csv")
            let b = try budget("show", copy, String(table), "--csv")
            #expect(a.status == 0)
            #expect(b.status == 0)
            #expect(!a.stdout.isEmpty)
            #expect(a.stdout == b.stdout, "table \(table) differs after the round trip")
        }
        // The copy has the items (the statement's texts are not in the CSV): its tables pass.
        try SampleProject.fillStandIns(at: copy)
        #expect(try budget("check", copy).status == 0)
    }

    @Test("export-csv into a folder that does not exist: exit 5 E-EXPORT-IO, as a workbook, and no stray files")
    func missingFolder() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        let result = try budget("export-csv", path, folder.file("没有的文件夹/out.csv"))

        #expect(result.status == 5)
        #expect(result.stderr.contains("错误 E-EXPORT-IO："))
        #expect(result.stderr.contains("无法写入"))
        #expect(folder.contents == ["p.budget"])
    }

    @Test("export-csv over the project file must refuse, as export does, and leave the project intact")
    func refusesToOverwriteProject() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let result = try budget("export-csv", path, path)

        #expect(result.status == 5)
        #expect(result.stderr.contains("E-EXPORT-IO"))
        #expect(bytes(path) == before)
        // Either way the command must not pretend the project survived if it did not.
        if bytes(path) != before {
            let check = try budget("check", path)
            #expect(check.status == 3)
            #expect(check.stderr.contains("E-FILE-NOT-PROJECT"))
            #expect(check.stderr.contains("不是预算项目文件"))
        }
    }

    @Test("text that a spreadsheet would run as a formula is neutralised in the CSV and restored on import")
    func formulaTextRoundTrip() throws {
        let folder = TemporaryFolder()
        let original = try makeEmptyProject(folder.file("original.budget"))
        let added = try budget(
            "item", "add", original, "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "project",
            "--project", "+1 号楼维修", "--source", "general", "--amount", "5", "--note", "=SUM(A1:A9)")
        #expect(added.status == 0, "\(added.stderr)")
        let csv = folder.file("out.csv")
        #expect(try budget("export-csv", original, csv).status == 0)
        let text = String(decoding: try #require(bytes(csv)), as: UTF8.self)
        #expect(text.contains(",'+1 号楼维修,"), "\(text)")
        #expect(text.contains(",'=SUM(A1:A9)"), "\(text)")
        let copy = try makeEmptyProject(folder.file("copy.budget"))

        let imported = try budget("import", copy, csv)

        #expect(imported.status == 0, "\(imported.stderr)")
        let listed = try budget("item", "list", copy)
        #expect(listed.stdout.contains("=SUM(A1:A9)"))
        #expect(!listed.stdout.contains("'=SUM"))
        #expect(listed.stdout.contains("+1 号楼维修"))
        #expect(!listed.stdout.contains("'+1"))
    }

    @Test("a unit code that starts with a formula character survives the round trip")
    func formulaUnitCodeRoundTrip() throws {
        let folder = TemporaryFolder()
        let original = try initProject(folder.file("original.budget"))
        #expect(try budget("unit", "add", original, "--code=@01", "--name", "测试单位", "--nature", "行政").status == 0)
        #expect(
            try budget(
                "item", "add", original, "--unit=@01", "--functional", "2010306", "--economic", "30101", "--type", "basic", "--source",
                "general", "--amount", "5"
            ).status == 0)
        let csv = folder.file("out.csv")
        #expect(try budget("export-csv", original, csv).status == 0)
        let copy = try initProject(folder.file("copy.budget"))
        #expect(try budget("unit", "add", copy, "--code=@01", "--name", "测试单位", "--nature", "行政").status == 0)

        let imported = try budget("import", copy, csv)

        #expect(imported.status == 0, "\(imported.stderr)")
    }
}
