// Output files in shared folders and past a sheet's size (issue cases 11 and 12): a colleague's
// or a read-only file is not replaced without --overwrite; a project with more rows than a sheet
// holds is refused from its counts, before anything is written.
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

@Suite("output files: another user's or read-only targets, sheet row limits")
struct OutputFileCommandTests {
    /// Each command that writes an output file, with the file's name.
    static let writers: [(name: String, arguments: @Sendable (String, String) -> [String])] = [
        ("公开表.xlsx", { project, out in ["export", project, out] }),
        ("填报.xlsx", { project, out in ["template", project, out] }),
        ("明细.csv", { project, out in ["export-csv", project, out] }),
        ("情况说明.md", { project, out in ["narrative", project, "-o", out] }),
    ]

    @Test(
        "a target owned by another user, or read-only: refused naming the file and the owner or mode (exit 5), unchanged; replaced with --overwrite",
        arguments: [false, true])
    func othersFiles(readOnly: Bool) throws {
        guard getuid() == 0 || readOnly else { return }  // chown needs root
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        for writer in Self.writers {
            let out = folder.file(writer.name)
            let colleague = Data("同事的文件".utf8)
            try colleague.write(to: URL(fileURLWithPath: out))
            if readOnly { chmod(out, 0o444) } else { chown(out, 65534, 65534) }
            let refused = try runBudget(writer.arguments(project, out))
            #expect(refused.status == 5 && refused.stderr.contains("E-EXPORT-IO"), "\(writer.name): \(refused.stderr)")
            #expect(refused.stderr.contains(writer.name) && refused.stderr.contains("--overwrite"), "\(refused.stderr)")
            #expect(refused.stderr.contains(readOnly ? "只读的（权限 444）" : "属于另一个用户"), "\(refused.stderr)")
            #expect(bytes(out) == colleague, "\(writer.name) changed")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") })

            let replaced = try runBudget(writer.arguments(project, out) + ["--overwrite"])
            #expect(replaced.status == 0, "\(writer.name) --overwrite: \(replaced.stderr)")
            #expect(bytes(out) != colleague)
        }
    }

    @Test("export-units refuses the whole batch when one unit's workbook is another user's, and replaces all with --overwrite")
    func othersWorkbookInBatch() throws {
        guard getuid() == 0 else { return }
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let out = folder.file("units")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let first = out + "/432001 石家庄高新技术产业开发区行政服务局本级.xlsx"
        try Data("同事的工作簿".utf8).write(to: URL(fileURLWithPath: first))
        chown(first, 65534, 65534)
        let refused = try runBudget(["export-units", project, out])
        #expect(refused.status == 5 && refused.stderr.contains("属于另一个用户") && refused.stderr.contains("432001"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["432001 石家庄高新技术产业开发区行政服务局本级.xlsx"])
        let replaced = try runBudget(["export-units", project, out, "--overwrite"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                "432001 石家庄高新技术产业开发区行政服务局本级.xlsx", "432002 石家庄高新技术产业开发区政务服务中心.xlsx",
            ])
    }

    @Test("export-units into a folder not yet made: made, and said so; a folder two levels missing is refused, naming it")
    func unitsFolderCreated() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let out = folder.file("各单位")
        let made = try runBudget(["export-units", project, out])
        #expect(made.status == 0 && made.stdout.contains("新建了文件夹 \(out)"), "\(made)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == 2)
        let deep = folder.file("没有/各单位")
        let refused = try runBudget(["export-units", project, deep])
        #expect(refused.status == 5 && refused.stderr.contains(deep) && refused.stderr.contains("它所在的文件夹也不存在"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("没有")))
    }

    @Test("the row limit is a pure check on counts: 1,048,575 items fit under one header row, one more does not")
    func rowLimit() {
        #expect(SheetLimits.overflow(records: 1_048_575, headerRows: 1, sheet: "预算明细", limit: 1_048_576) == nil)
        let over = SheetLimits.overflow(records: 1_048_576, headerRows: 1, sheet: "预算明细", limit: 1_048_576)
        #expect(over == "工作表“预算明细”要写 1,048,576 行，超过了 Excel 一张工作表的行数上限（1,048,576 行，除去 1 行表头最多 1,048,575 行）")
        #expect(SheetLimits.overflow(records: 1_048_574, headerRows: 2, sheet: "预算明细", limit: 1_048_576) == nil)
        #expect(SheetLimits.overflow(records: 1_048_575, headerRows: 2, sheet: "预算明细", limit: 1_048_576) != nil)
    }

    @Test(
        "export --with-items and template past the row limit: E-INPUT (exit 1) at once, nothing written, the old file kept (a lowered limit, debug builds)"
    )
    func rowLimitThroughCLI() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))  // 53 items, 15 projects
        let limit = ["BUDGET_ROW_LIMIT": "50"]
        let workbook = folder.file("公开表.xlsx")
        let draft = folder.file("填报.xlsx")
        for path in [workbook, draft] { try Data("上一版".utf8).write(to: URL(fileURLWithPath: path)) }
        let export = try runProgram(PackagePaths.executable.path, ["export", project, workbook, "--with-items"], environment: limit)
        #expect(export.status == 1 && export.stderr.contains("E-INPUT") && export.stderr.contains("--with-items"), "\(export.stderr)")
        #expect(export.stderr.contains("工作表“预算明细”要写 53 行") && export.stderr.contains("export-csv"), "\(export.stderr)")
        let template = try runProgram(PackagePaths.executable.path, ["template", project, draft], environment: limit)
        #expect(template.status == 1 && template.stderr.contains("工作表“预算明细”要写 53 行，超过了 Excel 一张工作表的行数上限（50 行，除去 2 行表头最多 48 行）"), "\(template.stderr)")
        for path in [workbook, draft] { #expect(bytes(path) == Data("上一版".utf8)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") })
        // Without --with-items the workbook has no item sheet, so the limit does not apply.
        #expect(try runProgram(PackagePaths.executable.path, ["export", project, workbook], environment: limit).status == 0)
    }
}
