import BudgetTestSupport
import Foundation
import Testing

/// Small things a clerk trips on (issue 16): an indicator row edited in place, a blank 项目名称
/// under a project's indicator rows, and a project amount said back with its unit.
@Suite("indicator set, 项目名称 as above, project set --amount said back")
struct IndicatorEditCommandTests {
    static let platform = "“一窗通”平台运维费"

    /// The rows of one project's 绩效目标表 as `indicator list` prints them (“4  产出指标 …”: the
    /// row number, then spaces; not the table's title “1、…绩效目标表”).
    static func rows(_ path: String, _ project: String) throws -> [String] {
        let list = try budget("indicator", "list", path, "--project", project)
        try #require(list.status == 0, "\(list.stderr)")
        return list.stdout.split(separator: "\n").map(String.init).filter { line in
            line.first?.isNumber == true && line.drop { $0.isNumber }.first == " "
        }
    }

    @Test("indicator set changes the 成本指标 of row 4 in place: still row 4 of 6, the rows around it unchanged")
    func setInPlace() throws {
        // Given: the demo project; “一窗通”平台运维费 has 6 rows, row 4 its 成本指标 “≤6 万元” (indicators.csv)
        let folder = TemporaryFolder()
        let path = try DocumentCommandTests.makeDemoProject(folder.file("demo.budget"))
        let before = try Self.rows(path, Self.platform)
        try #require(before.count == 6 && before[3].contains("成本指标") && before[3].contains("≤6 万元"))

        // When
        let set = try budget("indicator", "set", path, "--project", Self.platform, "--row", "4", "--value", "≤5.5 万元", "--basis", "上年合同")

        // Then
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("已修改项目“\(Self.platform)”绩效目标表的第 4 行：产出指标｜成本指标｜维护成本｜指标值 ≤5.5 万元。"), "\(set.stdout)")
        let after = try Self.rows(path, Self.platform)
        #expect(after.count == 6)
        #expect(after[3].hasPrefix("4 ") && after[3].contains("成本指标") && after[3].contains("≤5.5 万元") && after[3].contains("上年合同"))
        #expect(!after[3].contains("≤6 万元") && !after[3].contains("历史标准"))
        #expect(Array(after[0..<3]) == Array(before[0..<3]) && Array(after[4...]) == Array(before[4...]), "\(after)")
        // The cap is checked against the project's 6.00 万元 of items: 5.5 < 6 is the performance error.
        let check = try budget("check", path)
        #expect(check.stdout.contains("成本指标“维护成本”的上限 ≤5.5 万元 低于项目“\(Self.platform)”的预算 6.00万元"), "\(check.stdout)")
    }

    @Test(
        "indicator set refuses as indicator add does, naming the option, and writes nothing",
        arguments: [
            (["--level1", "投入指标"], "应为 产出指标、效益指标 或 满意度指标"),
            (["--value", ""], "--value（指标值）"),
            (["--level3", ""], "--level3（三级指标）"),
        ])
    func setRefused(_ options: [String], _ said: String) throws {
        let folder = TemporaryFolder()
        let path = try DocumentCommandTests.makeDemoProject(folder.file("demo.budget"))
        let before = try Self.rows(path, Self.platform)

        let refused = try runBudget(["indicator", "set", path, "--project", Self.platform, "--row", "2"] + options)

        #expect(refused.status == 1)
        #expect(refused.stderr.contains("错误 E-INPUT：") && refused.stderr.contains(said), "\(refused.stderr)")
        #expect(try Self.rows(path, Self.platform) == before)
    }

    @Test("indicator set on a row the table does not have, or with nothing to change: refused, nothing written")
    func setNoSuchRow() throws {
        let folder = TemporaryFolder()
        let path = try DocumentCommandTests.makeDemoProject(folder.file("demo.budget"))
        let before = try Self.rows(path, Self.platform)

        let seventh = try budget("indicator", "set", path, "--project", Self.platform, "--row", "7", "--value", "≥1")
        let nothing = try budget("indicator", "set", path, "--project", Self.platform, "--row", "1")

        #expect(seventh.status == 1)
        #expect(seventh.stderr.contains("--row") && seventh.stderr.contains("这个项目的绩效目标表只有 6 行"), "\(seventh.stderr)")
        #expect(nothing.status == 64)
        #expect(nothing.stderr.contains("请给出要修改的内容"), "\(nothing.stderr)")
        #expect(try Self.rows(path, Self.platform) == before)
    }

    @Test("indicator import: a blank 项目名称 under a project's rows means the same project, as a blank 一级指标 does")
    func blankProjectAsAbove() throws {
        // Given: the items only, and a file written as a clerk fills a sheet with merged cells:
        // the project and the goal on the first row, blank below
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)
        let file = folder.write(
            "indicators.csv",
            """
            项目名称,绩效目标,一级指标,二级指标,三级指标,指标值
            党建活动经费,开展党建活动,产出指标,数量指标,活动次数,≥4 次
            ,,,成本指标,活动成本,≤3 万元
            ,,效益指标,社会效益指标,党员参与率,≥95%
            ,,满意度指标,服务对象满意度指标,党员满意度,≥90%
            专家评审费,完成评审,产出指标,数量指标,评审项目数,≥10 个
            ,,满意度指标,服务对象满意度指标,满意度,≥90%

            """)

        let imported = try budget("indicator", "import", path, file)

        // Then: 4 rows for 党建活动经费 (the second a 产出指标 too), 2 for 专家评审费
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("已导入 2 个项目的绩效目标表，共 6 行指标"), "\(imported.stdout)")
        let party = try Self.rows(path, "党建活动经费")
        #expect(party.count == 4)
        #expect(party[1].contains("产出指标") && party[1].contains("活动成本"))
        #expect(party[3].contains("满意度指标") && party[3].contains("党员满意度"))
        #expect(try Self.rows(path, "专家评审费").count == 2)
    }

    @Test("indicator import: a blank 项目名称 on the first row is refused, located; nothing imported")
    func blankProjectFirst() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)
        let file = folder.write(
            "indicators.csv",
            """
            项目名称,一级指标,二级指标,三级指标,指标值
            ,产出指标,数量指标,活动次数,≥4 次
            党建活动经费,产出指标,数量指标,活动次数,≥4 次

            """)

        let refused = try budget("indicator", "import", path, file)

        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("indicators.csv，第 2 行，“项目名称”列：不能为空（第一行要写明项目名称；下面的行留空表示与上一行相同）"),
            "\(refused.stderr)")
        let list = try budget("indicator", "list", path, "--project", "党建活动经费")
        #expect(list.stdout.contains("还没有绩效目标表"), "\(list.stdout)")
    }

    @Test("project set --amount 265 on a new project: said back as 265.00 元（0.03 万元）, with a reminder that it may be 万元")
    func amountSaidBack() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)
        try #require(try budget("project", "add", path, "--name", "校舍维修改造").status == 0)

        let set = try budget("project", "set", path, "--name", "校舍维修改造", "--amount", "265")

        // 265 元 = 0.0265 万元, shown 0.03; a project of less than 1,000 元 is a 万元 figure typed as 元.
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("已保存项目“校舍维修改造”，项目金额 265.00 元（0.03 万元）。"), "\(set.stdout)")
        #expect(set.stdout.contains("提醒：项目金额按元计不到 1000 元，是否本想填 265 万元？"), "\(set.stdout)")
        #expect(set.stdout.contains("--amount 265 --amount-unit wan"))
    }

    @Test("project set --amount 164 beside 164 万元 of items: the reminder names the items' total; 164 万元 or 1640000 元: none")
    func amountBesideItems() throws {
        // 委托投资咨询评估服务机构费用: 164.00 万元 of items in items.csv = 1,640,000.00 元.
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)
        let name = "委托投资咨询评估服务机构费用"

        let yuan = try budget("project", "set", path, "--name", name, "--amount", "164")
        let wan = try budget("project", "set", path, "--name", name, "--amount", "164", "--amount-unit", "wan")
        let meant = try budget("project", "set", path, "--name", name, "--amount", "1640000")

        // 164 元 = 0.0164 万元, shown 0.02; 1,640,000 / 164 = 10,000 ≥ 1,000: the reminder.
        #expect(yuan.status == 0, "\(yuan.stderr)")
        #expect(yuan.stdout.contains("项目金额 164.00 元（0.02 万元）。"), "\(yuan.stdout)")
        #expect(
            yuan.stdout.contains("提醒：项目金额按元计只有项目明细合计 1640000.00 元（164.00 万元）的千分之一或更少，是否本想填 164 万元？"), "\(yuan.stdout)")
        #expect(wan.status == 0 && meant.status == 0)
        #expect(wan.stdout.contains("项目金额 1640000.00 元（164.00 万元）。") && !wan.stdout.contains("提醒"), "\(wan.stdout)")
        #expect(meant.stdout.contains("项目金额 1640000.00 元（164.00 万元）。") && !meant.stdout.contains("提醒"), "\(meant.stdout)")
    }
}
