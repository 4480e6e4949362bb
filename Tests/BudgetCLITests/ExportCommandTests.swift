import BudgetTestSupport
import Foundation
import Testing

@Suite("budget export")
struct ExportCommandTests {
    @Test("export refuses while check finds errors: exit 6 E-EXPORT-REFUSED, no workbook, the errors and --force on stderr")
    func refusesWithErrors() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        try addUnbalancingItem(path)
        let before = try #require(bytes(path))

        let result = try budget("export", path, folder.file("out.xlsx"))

        #expect(result.status == 6)
        #expect(result.stderr.contains("错误 E-EXPORT-REFUSED："))
        #expect(result.stderr.contains("--force"))
        #expect(result.stderr.contains("没有导出"))
        #expect(result.stderr.contains("[sum]"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.xlsx")))
        #expect(folder.contents == ["p.budget"], "stray files: \(folder.contents)")
        #expect(bytes(path) == before)
    }

    @Test("a refused export leaves an earlier workbook at the same path intact")
    func refusedExportKeepsOldWorkbook() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let output = folder.file("out.xlsx")
        #expect(try budget("export", path, output).status == 0)
        let good = try #require(bytes(output))
        try addUnbalancingItem(path)

        let result = try budget("export", path, output)

        #expect(result.status == 6)
        #expect(result.stderr.contains("E-EXPORT-REFUSED"))
        #expect(bytes(output) == good)
        #expect(folder.contents == ["out.xlsx", "p.budget"])
    }

    @Test("export --force writes the workbook anyway: exit 0 and a 未经校验 warning")
    func forced() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        try addUnbalancingItem(path)
        let output = folder.file("out.xlsx")

        let result = try budget("export", path, output, "--force")

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("未经校验"))
        #expect(result.stdout.contains("1 个错误"))
        #expect(result.stdout.contains("已导出"))
        #expect(bytes(output)?.starts(with: Data("PK".utf8)) == true)
        #expect(folder.contents == ["out.xlsx", "p.budget"])
    }

    @Test("the forced workbook carries the 未经校验 stamp; a clean one does not", .enabled(if: Tools.canReadZip, "needs python3 or unzip"))
    func forcedWorkbookIsStamped() throws {
        let folder = TemporaryFolder()
        let clean = try makeSampleProject(folder.file("clean.budget"))
        let broken = try makeSampleProject(folder.file("broken.budget"))
        try addUnbalancingItem(broken)
        #expect(try budget("export", clean, folder.file("clean.xlsx")).status == 0)
        #expect(try budget("export", broken, folder.file("broken.xlsx"), "--force").status == 0)

        let cleanStrings = try #require(Tools.zipEntry(folder.file("clean.xlsx"), "xl/sharedStrings.xml"))
        let brokenStrings = try #require(Tools.zipEntry(folder.file("broken.xlsx"), "xl/sharedStrings.xml"))

        #expect(brokenStrings.contains("未经校验"))
        #expect(!cleanStrings.contains("未经校验"))
        #expect(cleanStrings.contains("部门预算收支总表"))
        #expect(cleanStrings.contains(Sample.departmentName))
    }

    @Test("exporting twice gives byte-identical workbooks")
    func reproducible() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        #expect(try budget("export", path, folder.file("a.xlsx")).status == 0)
        #expect(try budget("export", path, folder.file("b.xlsx")).status == 0)
        let first = try #require(bytes(folder.file("a.xlsx")))
        #expect(bytes(folder.file("b.xlsx")) == first)

        // Exporting over the first workbook gives the same bytes again.
        #expect(try budget("export", path, folder.file("a.xlsx")).status == 0)
        #expect(bytes(folder.file("a.xlsx")) == first)
    }

    @Test("export into a folder that does not exist: exit 5 E-EXPORT-IO, a clear message, the old workbook intact, no temp files")
    func missingFolder() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let output = folder.file("out.xlsx")
        #expect(try budget("export", path, output).status == 0)
        let good = try #require(bytes(output))

        let result = try budget("export", path, folder.file("没有的文件夹/out.xlsx"))

        #expect(result.status == 5)
        #expect(result.stderr.contains("E-EXPORT-IO"))
        #expect(result.stderr.contains("没有的文件夹"))
        #expect(result.stderr.contains("不存在"))
        #expect(bytes(output) == good)
        #expect(folder.contents == ["out.xlsx", "p.budget"], "stray files: \(folder.contents)")
        #expect(!folder.contents.contains { $0.hasPrefix(".") })
    }

    @Test("export over a path that is a folder: exit 5 E-EXPORT-IO, the folder untouched and no temp files")
    func targetIsFolder() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let target = folder.file("out.xlsx")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)

        let result = try budget("export", path, target)

        #expect(result.status == 5)
        #expect(result.stderr.contains("E-EXPORT-IO"))
        #expect(result.stderr.contains("文件夹"))
        #expect(folder.contents == ["out.xlsx", "p.budget"], "stray files: \(folder.contents)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: target)) == [])
    }

    @Test("export over the project file itself is refused: exit 5 E-EXPORT-IO, the project unchanged")
    func targetIsProject() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let result = try budget("export", path, path)

        #expect(result.status == 5)
        #expect(result.stderr.contains("E-EXPORT-IO"))
        #expect(result.stderr.contains("项目文件"))
        #expect(bytes(path) == before)
        #expect(folder.contents == ["p.budget"])
    }
}
