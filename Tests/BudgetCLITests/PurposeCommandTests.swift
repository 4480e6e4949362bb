import BudgetTestSupport
import Foundation
import Testing

/// 财政拨款支出主要内容 (issue 15): what each 项 is mainly used for, last year's figure and the
/// reason for a change, entered by command and CSV; a change of 10 % or more without a reason is
/// an error under the Shanghai template, which asks for reasons.
@Suite("budget purpose")
struct PurposeCommandTests {
    @Test("purpose set and import: the statement writes each 项 with its 主要用于 and, past 10 % without a reason, check and export refuse")
    func reasonRequired() throws {
        // Given: the sample's items, with stand-ins for the rest of the statement
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let csv = folder.write(
            "主要内容.csv",
            """
            功能分类科目编码,主要用于,上年预算数,增减原因
            2010306 政务公开审批,政务服务日常运转,1800,
            2210201,住房公积金,113.72,

            """)

        // When: imported in 万元 (2010306: 2092.43 against 1800.00, 16.2 %)
        let imported = try budget("purpose", "import", project, csv, "--unit", "wan")
        let refused = try budget("export", project, folder.file("out.xlsx"), "--template", "shanghai")
        let listed = try budget("purpose", "list", project, "--template", "shanghai")

        // Then: the error names the 项, and nothing is written
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("已导入 2 个功能科目的说明"))
        #expect(refused.status == 6)
        #expect(refused.stderr.contains("[line-reason] 功能科目 2010306 政务公开审批 本年 2092.43万元，上年 1800.00万元"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.xlsx")))
        #expect(listed.stdout.contains("（需填写）"))
        // The Hebei template asks for no reason.
        #expect(try budget("check", project).status == 0)

        // When: the reason is given
        let reason = try budget("purpose", "set", project, "--functional", "2010306", "--reason", "新增政务大厅运行项目")
        let exported = try budget("export", project, folder.file("out.xlsx"), "--template", "shanghai")
        let statement = try budget("narrative", project, "--template", "shanghai")

        // Then: the statement says so, in the published form
        #expect(reason.status == 0 && exported.status == 0, "\(reason.stderr)\(exported.stderr)")
        #expect(
            statement.stdout.contains(
                "1. “一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）政务公开审批（项）”科目2092.43万元，主要用于政务服务日常运转；比上年预算增加292.43万元，主要原因是新增政务大厅运行项目。"),
            "\(statement.stdout)")
        #expect(statement.stdout.contains("”科目113.72万元，主要用于住房公积金；比上年预算持平。"))
    }

    @Test("a code that is not a 项, a name that is not the code's, a bad amount: exit 1 naming file, line and column; nothing written")
    func refusedRows() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"), standIns: false)
        let csv = folder.write(
            "bad.csv",
            """
            功能分类科目编码,主要用于,上年预算数,增减原因
            20103,办公,,
            2010306 行政运行,办公,,
            2210201,住房公积金,十万,

            """)

        let result = try budget("purpose", "import", project, csv)

        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.csv，第 2 行，“功能分类科目编码”列，值“20103”：应为功能分类的“项”"), "\(result.stderr)")
        #expect(
            result.stderr.contains("bad.csv，第 3 行，“功能分类科目编码”列，值“2010306 行政运行”：名称与编码不符：2010306 是“政务公开审批”，而“行政运行”是 2010301 的名称"), "\(result.stderr)")
        #expect(result.stderr.contains("bad.csv，第 4 行，“上年预算数”列，值“十万”"), "\(result.stderr)")
        #expect(try budget("purpose", "list", project).stdout.contains("（未填）"))
    }

    @Test("purpose rm forgets a 项's note; a 项 without one is named")
    func remove() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"), standIns: false)
        #expect(try budget("purpose", "set", project, "--functional", "2210201", "--text", "住房公积金").status == 0)

        let removed = try budget("purpose", "rm", project, "--functional", "2210201")
        let again = try budget("purpose", "rm", project, "--functional", "2210201")

        #expect(removed.status == 0)
        #expect(again.status == 1 && again.stderr.contains("没有这个功能科目的说明"), "\(again.stderr)")
    }
}
