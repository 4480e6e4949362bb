import BudgetTestSupport
import Foundation
import Testing

@Suite("budget publish: the command")
struct PublishCommandTests {
    static let needsTools = ConditionTrait.enabled(
        if: WordTools.missing == nil || Office.inCI, "LibreOffice, pandoc or poppler is missing: Scripts/setup installs them")

    @Test("writes the PDF and prints its 目录 with the pages", needsTools)
    func publishes() throws {
        // Given the sample, built as Scripts/demo does (check passes)
        let folder = TemporaryFolder()
        let path = try NarrativeDocxCommandTests.demoProject(in: folder)
        let pdf = folder.file("公开文件.pdf")

        // When it is published
        let result = try budget("publish", path, pdf)

        // Then the PDF is written and the 目录 printed, the first table on page 3 (after the
        // cover and the 目录), the statement's first part after the last table
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: pdf)?.starts(with: Data("%PDF".utf8)) == true)
        #expect(result.stdout.contains(/已写出 .*公开文件\.pdf：共 \d+ 页。目录：/), "\(result.stdout)")
        #expect(result.stdout.contains("  部门预算收支总表  第 3 页"), "\(result.stdout)")
        #expect(result.stdout.contains("  一、部门职责及机构设置情况  第 "), "\(result.stdout)")
        #expect(!result.stdout.contains("未经校验"))
    }

    @Test("without LibreOffice: exit 5, the install command named, nothing written")
    func officeMissing() throws {
        // Given the sample, and a PATH of an empty folder
        let folder = TemporaryFolder()
        let path = try DocumentCommandTests.makeDemoProject(folder.file("demo.budget"))
        let empty = folder.file("bin")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        let contents = folder.contents

        // When it is published
        let result = try runProgram(PackagePaths.executable.path, ["publish", path, folder.file("out.pdf")], environment: ["PATH": empty])

        // Then it is refused, naming LibreOffice's packages, and nothing is written
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("没有写成 PDF：找不到 soffice"), "\(result.stderr)")
        #expect(result.stderr.contains("apt-get install libreoffice-calc-nogui libreoffice-writer-nogui"), "\(result.stderr)")
        #expect(folder.contents == contents)
    }

    @Test("a folder or a project file as the output is refused before any work")
    func badTarget() throws {
        let folder = TemporaryFolder()
        let path = try DocumentCommandTests.makeDemoProject(folder.file("demo.budget"))

        let intoFolder = try budget("publish", path, folder.path)
        #expect(intoFolder.status != 0)
        #expect(intoFolder.stderr.contains("这是一个文件夹，不能写成文件"), "\(intoFolder.stderr)")

        let overProject = try budget("publish", path, path)
        #expect(overProject.status != 0)
        #expect(overProject.stderr.contains("目标是一个项目文件"), "\(overProject.stderr)")
    }
}
