import BudgetTestSupport
import Foundation
import Testing

/// The commands of the rest of the disclosure document (issue 3), through the executable.
@Suite("DocumentCommandTests")
struct DocumentCommandTests {
    static func sampleFile(_ name: String) -> String { PackagePaths.sample.appendingPathComponent(name).path }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    static func ok(_ arguments: String...) throws -> String {
        let result = try runBudget(arguments)
        try #require(result.status == 0, "budget \(arguments.prefix(2).joined(separator: " ")) failed: \(result.stderr)")
        return result.stdout
    }

    /// The sample as `Scripts/demo` builds it: items, then the rest of the document, each step
    /// through the command line.
    @discardableResult
    static func makeDemoProject(_ path: String) throws -> String {
        try makeSampleProject(path, standIns: false)
        for section in ["duties", "overall-goal", "measures", "special-funds", "other"] {
            let out = try ok("text", "set", path, section, sampleFile("\(section).txt"))
            #expect(out.contains("已保存"), "\(out)")
        }
        #expect(try ok("goal", "import", path, sampleFile("goals.csv")).contains("已导入 11 个分项绩效目标"))
        #expect(try ok("indicator", "import", path, sampleFile("indicators.csv")).contains("已导入 15 个项目的绩效目标表，共 90 行指标"))
        #expect(try ok("procurement", "import", path, sampleFile("procurement.csv"), "--unit", "wan").contains("已导入 10 条政府采购，合计 330.60 万元"))
        try ok(
            "asset", "set", path, "--as-of", "2022-12-31", "--total", "970", "--vehicles", "3", "--vehicle-value", "46.93", "--other-value",
            "923.07", "--amount-unit", "wan")
        #expect(try ok("prior", "import", path, sampleFile("prior.csv"), "--unit", "wan").contains("已导入 8 项上年预算数"))
        #expect(try ok("glossary", "import", path, sampleFile("glossary.csv")).contains("已导入 10 条名词解释"))
        return path
    }

    // MARK: - The demo sequence

    @Test("the demo sequence: every step works, check exits 0, export exits 0, narrative -o writes the statement")
    func demoSequence() throws {
        // Given the sample built step by step as Scripts/demo does
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        // When it is checked
        let check = try budget("check", path)
        // Then it passes, with the one reminder about last year's 机关运行经费
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("检查通过"), "\(check.stdout)")
        #expect(check.stdout.contains("1 个提醒"))
        #expect(!check.stdout.contains("错误"))
        #expect(check.stdout.contains("[prior-year]"))

        // When it is exported
        let workbook = folder.file("demo.xlsx")
        let export = try budget("export", path, workbook)
        // Then the workbook is written
        #expect(export.status == 0, "\(export.stderr)")
        #expect(FileManager.default.fileExists(atPath: workbook))

        // When the statement is written to a file
        let statement = folder.file("demo.md")
        let narrative = try budget("narrative", path, "-o", statement)
        // Then the file holds the statement with the computed total, and stdout names the file
        #expect(narrative.status == 0, "\(narrative.stderr)")
        #expect(narrative.stdout.contains("情况说明：\(statement)"))
        #expect(!narrative.stdout.contains("2343.44万元"), "the statement goes to the file, not the screen")
        let text = try String(contentsOfFile: statement, encoding: .utf8)
        #expect(text.contains("2343.44万元"))
        #expect(text.hasPrefix("# 石家庄高新技术产业开发区行政服务局 2023 年部门预算信息公开情况说明"))
        #expect(text.contains("安排政府采购预算330.60万元"))
        #expect(text.contains("上年末固定资产金额为970.00万元"))
        // A performance table's goal (the seed's first: “绩效目标	1. 为实现企业全程电子登记…”) is a
        // paragraph before its indicator table, whose first row is the column titles
        #expect(
            text.contains(
                "### 1、“一窗通”平台运维费绩效目标表\n\n绩效目标：1. 为实现企业全程电子登记，实现信息共享，对其系统进行维护\n\n| 一级指标 | 二级指标 | 三级指标 |"),
            "\(text)")
        #expect(!text.contains("| 绩效目标 |"))
    }

    @Test("narrative without -o prints the statement to standard output and writes no file")
    func narrativeToStdout() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))
        let contents = folder.contents

        let result = try budget("narrative", path)

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("# 石家庄高新技术产业开发区行政服务局 2023 年部门预算信息公开情况说明"))
        #expect(result.stdout.contains("2343.44万元"))
        #expect(result.stdout.contains("## 三、机关运行经费安排情况"))
        #expect(!result.stdout.contains("情况说明："))
        #expect(folder.contents == contents)
    }

    @Test("narrative -o into a folder that does not exist: exit 5, the path named, nothing written")
    func narrativeToMissingFolder() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("narrative", path, "-o", folder.file("nowhere/demo.md"))

        #expect(result.status == 5)
        #expect(result.stderr.contains("错误 E-EXPORT-IO："), "\(result.stderr)")
        #expect(result.stderr.contains("nowhere"), "\(result.stderr)")
        #expect(result.stderr.contains("不存在"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("nowhere")))
    }

    // MARK: - Listing

    @Test("indicator list --project prints that project's table only")
    func indicatorList() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("indicator", "list", path, "--project", "党建活动经费")

        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("党建活动经费绩效目标表"))
        #expect(out.contains("绩效目标：1. 加大宣传教育力度"))
        for word in ["一级指标", "二级指标", "三级指标", "指标值", "产出指标", "效益指标", "满意度指标", "≤3 万元", "活动开展次数"] {
            #expect(out.contains(word), "«\(word)» missing in:\n\(out)")
        }
        #expect(!out.contains("档案扫描服务费"), "another project's table was printed")
        // rows are numbered 1 to 6
        #expect(out.split(separator: "\n").contains { $0.hasPrefix("6 ") })
        #expect(!out.split(separator: "\n").contains { $0.hasPrefix("7 ") })
    }

    @Test("indicator list --project with an unknown project: exit 1 naming the option and value")
    func indicatorListUnknownProject() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("indicator", "list", path, "--project", "没有的项目")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("--project"))
        #expect(result.stderr.contains("没有的项目"))
    }

    @Test("procurement list --unit wan ends with the 合计 330.60")
    func procurementList() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("procurement", "list", path, "--unit", "wan")

        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let total = try #require(lines.last { $0.hasPrefix("合计") }, "\(result.stdout)")
        #expect(total.contains("330.60"), "\(total)")
        #expect(lines.first?.contains("金额（万元）") == true)
        #expect(lines.filter { $0.hasPrefix("#") }.count == 10)
        #expect(result.stdout.contains("委托投资咨询评估服务机构费用"))

        // In 元 (the default) the same total is 3306000.00
        let yuan = try budget("procurement", "list", path)
        #expect(yuan.stdout.split(separator: "\n").last { $0.hasPrefix("合计") }?.contains("3306000.00") == true, "\(yuan.stdout)")
    }

    @Test("procurement rm --all, then check still passes and the statement says there is no procurement")
    func procurementRemoveAll() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let removed = try budget("procurement", "rm", path, "--all")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("已删除全部政府采购"))

        let list = try budget("procurement", "list", path)
        #expect(list.stdout.contains("还没有政府采购"))
        let check = try budget("check", path)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("检查通过"))
        #expect(!check.stdout.contains("错误"))
        let narrative = try budget("narrative", path)
        #expect(narrative.stdout.contains("没有安排政府采购预算"))
    }

    @Test("procurement rm without ids or --all: exit 64")
    func procurementRemoveNeedsIds() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("procurement", "rm", path)

        #expect(result.status == 64)
        #expect(result.stderr.contains("--all"))
        #expect(try budget("procurement", "list", path).stdout.contains("#10"))
    }

    @Test("prior list shows last year, this year, the change and the reason; 机关运行经费 not filled")
    func priorList() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("prior", "list", path)

        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let total = try #require(lines.first { $0.hasPrefix("收支总计") })
        for figure in ["2302.08", "2343.44", "41.36"] { #expect(total.contains(figure), "\(total)") }
        let basic = try #require(lines.first { $0.hasPrefix("基本支出") })
        #expect(basic.contains("人员保险基数增加"))
        let operation = try #require(lines.first { $0.hasPrefix("机关运行经费") })
        #expect(operation.contains("（未填）"))
        #expect(operation.contains("71.79"))
    }

    @Test("prior import of an unknown item: exit 1 naming the file, line and value")
    func priorImportUnknownItem() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))
        let csv = folder.write("上年.csv", "项目,上年预算数,增减原因\n机关运行经费,70,\n行政经费,10,\n")

        let result = try budget("prior", "import", path, csv, "--unit", "wan")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("上年.csv，第 3 行，“项目”列，值“行政经费”"), "\(result.stderr)")
        #expect(try budget("prior", "list", path).stdout.split(separator: "\n").first { $0.hasPrefix("机关运行经费") }?.contains("（未填）") == true)
    }

    @Test("glossary reset brings back the standard entries")
    func glossaryReset() throws {
        // Given the sample's own glossary (区级财政)
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))
        let before = try budget("glossary", "list", path)
        #expect(before.stdout.contains("区级财政"))
        #expect(!before.stdout.contains("本级财政"))

        // When it is reset
        let reset = try budget("glossary", "reset", path)
        #expect(reset.status == 0, "\(reset.stderr)")

        // Then the standard entries are listed
        let after = try budget("glossary", "list", path)
        #expect(after.status == 0)
        #expect(after.stdout.contains("本级财政"))
        #expect(after.stdout.contains("1、一般公共预算拨款收入："))
        #expect(after.stdout.contains("机关运行经费："))
        #expect(!after.stdout.contains("区级财政"))
    }

    @Test("settings --operation-costs administrative is kept, shown by settings, and used by the statement")
    func operationCostSetting() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))
        #expect(try budget("settings", path).stdout.contains("全部单位（all）"))

        let set = try budget("settings", path, "--operation-costs", "administrative")
        #expect(set.status == 0, "\(set.stderr)")

        let shown = try budget("settings", path)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("行政和参公单位（administrative）"), "\(shown.stdout)")
        let narrative = try budget("narrative", path)
        #expect(narrative.stdout.contains("（行政单位和参照公务员法管理的事业单位）"))
        #expect(try budget("check", path).status == 0)

        // A value it does not know is an argument error
        let bad = try budget("settings", path, "--operation-costs", "某些单位")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("某些单位"))
        #expect(try budget("settings", path).stdout.contains("administrative"))
    }

    // MARK: - Error paths

    @Test("indicator add accepts 一级指标 by short name (产出) or English (benefit), and refuses another, naming it")
    func indicatorAddLevel() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))
        func add(_ level: String) throws -> CommandResult {
            try budget(
                "indicator", "add", path, "--project", "党建活动经费", "--level1", level, "--level2", "数量指标", "--level3", "培训次数", "--value",
                "≥2 次")
        }

        // An accepted alias
        let short = try add("产出")
        #expect(short.status == 0, "\(short.stderr)")
        #expect(short.stdout.contains("现有 7 行"))
        let english = try add("benefit")
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stdout.contains("现有 8 行"))
        let list = try budget("indicator", "list", path, "--project", "党建活动经费")
        let row7 = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("7 ") })
        #expect(row7.contains("产出指标"))
        #expect(row7.contains("培训次数"))
        let row8 = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("8 ") })
        #expect(row8.contains("效益指标"))

        // A rejected value: exit 1, the option and the value named in Chinese, nothing added
        let rejected = try add("投入指标")
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("错误 E-INPUT："), "\(rejected.stderr)")
        #expect(rejected.stderr.contains("--level1"), "\(rejected.stderr)")
        #expect(rejected.stderr.contains("投入指标"))
        #expect(rejected.stderr.contains("应为 产出指标、效益指标 或 满意度指标"))
        let again = try budget("indicator", "list", path, "--project", "党建活动经费")
        #expect(!again.stdout.split(separator: "\n").contains { $0.hasPrefix("9 ") })
    }

    @Test("indicator add with an empty 指标值: exit 1 naming --value")
    func indicatorAddEmptyValue() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget(
            "indicator", "add", path, "--project", "党建活动经费", "--level1", "产出指标", "--level2", "数量指标", "--level3", "培训次数", "--value", "")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("--value"), "\(result.stderr)")
        #expect(result.stderr.contains("不能为空"))
    }

    @Test("asset set with a negative vehicle count: exit 1 naming --vehicles and the value, nothing written")
    func assetNegativeVehicles() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))
        let before = try budget("asset", "show", path).stdout

        // `--vehicles=-1`: with a space, the argument parser reads “-1” as an option (exit 64)
        let result = try budget("asset", "set", path, "--vehicles=-1")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("--vehicles"), "\(result.stderr)")
        #expect(result.stderr.contains("“-1”"))
        #expect(result.stderr.contains("应为不小于 0 的整数"))
        #expect(try budget("asset", "show", path).stdout == before)
    }

    @Test("asset set with a count that is not a whole number: exit 1 naming the option")
    func assetFractionalVehicles() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("asset", "set", path, "--vehicles", "2.5", "--total", "abc")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("--vehicles"), "\(result.stderr)")
        #expect(result.stderr.contains("“2.5”"))
        #expect(result.stderr.contains("--total"))
        #expect(result.stderr.contains("“abc”"))
        #expect(result.stderr.contains("共 2 处问题"))
    }

    @Test("asset set --as-of 2022/12/31: exit 1 naming --as-of and the value")
    func assetBadDate() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("asset", "set", path, "--as-of", "2022/12/31")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("--as-of"), "\(result.stderr)")
        #expect(result.stderr.contains("2022/12/31"))
        #expect(result.stderr.contains("2022-12-31"), "the message shows the expected form")
    }

    @Test("asset set total ≠ parts is accepted, then check fails with [assets] and export is refused")
    func assetTotalMismatchThroughCheck() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let set = try budget("asset", "set", path, "--total", "900", "--amount-unit", "wan")
        #expect(set.status == 0, "\(set.stderr)")

        let check = try budget("check", path)
        #expect(check.status == 6)
        #expect(check.stderr.contains("错误 E-CHECK："), "\(check.stderr)")
        #expect(check.stdout.contains("[assets]"), "\(check.stdout)")
        #expect(check.stdout.contains("900.00万元"))
        let workbook = folder.file("out.xlsx")
        let export = try budget("export", path, workbook)
        #expect(export.status == 6)
        #expect(export.stderr.contains("错误 E-EXPORT-REFUSED："), "\(export.stderr)")
        #expect(export.stderr.contains("1 个错误"), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workbook))
        let forced = try budget("export", path, workbook, "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: workbook))
    }

    @Test("procurement add from a source that is not a project, without 预算资金: exit 1 naming --project")
    func procurementAddWithoutBudget() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget(
            "procurement", "add", path, "--unit", "432001", "--project", "办公设备（三保）", "--item", "打印机", "--code", "A02021000",
            "--measure", "台", "--quantity", "1", "--price", "3000", "--general", "3000")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("--project"), "\(result.stderr)")
        #expect(result.stderr.contains("办公设备（三保）"))
        #expect(result.stderr.contains("预算资金"))
        #expect(!(try budget("procurement", "list", path).stdout.contains("打印机")))
    }

    @Test("text set with an unknown section: exit 64 (argument error), nothing written")
    func textUnknownSection() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))
        let file = folder.write("f.txt", "一段文字\n")

        let result = try budget("text", "set", path, "unknown-section", file)

        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown-section"))
        #expect(result.stdout.isEmpty)
    }

    @Test("text set by Chinese section name, then text show prints it")
    func textSetChinese() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))
        let file = folder.write("other.txt", "第一段。\n\n第二段。\n")

        let set = try budget("text", "set", path, "其他需要说明的事项", file)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("2 段"))

        let show = try budget("text", "show", path, "other")
        #expect(show.stdout.contains("【其他需要说明的事项】"))
        #expect(show.stdout.contains("第一段。\n第二段。"))
    }

    @Test("indicator rm without --row or --all: exit 64, the table unchanged")
    func indicatorRemoveNeedsRowOrAll() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let result = try budget("indicator", "rm", path, "--project", "党建活动经费")

        #expect(result.status == 64)
        #expect(result.stderr.contains("--row"))
        #expect(result.stderr.contains("--all"))
        let list = try budget("indicator", "list", path, "--project", "党建活动经费")
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("6 ") })
    }

    @Test("indicator rm --row removes that row; --all removes the table, and check then reminds")
    func indicatorRemove() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let row = try budget("indicator", "rm", path, "--project", "党建活动经费", "--row", "6")
        #expect(row.status == 0, "\(row.stderr)")
        let check = try budget("check", path)
        #expect(check.status == 6, "the table has no 满意度指标 now")
        #expect(check.stderr.contains("错误 E-CHECK："), "\(check.stderr)")
        #expect(check.stdout.contains("[performance]"))
        #expect(check.stdout.contains("满意度指标"))

        let beyond = try budget("indicator", "rm", path, "--project", "党建活动经费", "--row", "9")
        #expect(beyond.status == 1)
        #expect(beyond.stderr.contains("错误 E-INPUT："), "\(beyond.stderr)")
        #expect(beyond.stderr.contains("--row"))
        #expect(beyond.stderr.contains("只有 5 行"), "\(beyond.stderr)")

        let all = try budget("indicator", "rm", path, "--project", "党建活动经费", "--all")
        #expect(all.status == 0, "\(all.stderr)")
        let after = try budget("check", path)
        #expect(after.stdout.contains("党建活动经费"))
        #expect(after.stdout.contains("没有绩效目标表"))
    }

    @Test("project set --amount that differs from the items: check fails naming the project; --amount \"\" clears it")
    func projectSetAmount() throws {
        let folder = TemporaryFolder()
        let path = try Self.makeDemoProject(folder.file("demo.budget"))

        let set = try budget("project", "set", path, "--name", "党建活动经费", "--amount", "4", "--amount-unit", "wan")
        #expect(set.status == 0, "\(set.stderr)")
        let check = try budget("check", path)
        #expect(check.status == 6)
        #expect(check.stderr.contains("错误 E-CHECK："), "\(check.stderr)")
        #expect(check.stdout.contains("[project-amount]"))
        #expect(check.stdout.contains("党建活动经费"))
        #expect(check.stdout.contains("4.00万元"))
        #expect(check.stdout.contains("3.00万元"))

        let cleared = try budget("project", "set", path, "--name", "党建活动经费", "--amount", "")
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(try budget("check", path).status == 0)
    }

    @Test(
        "a command given nothing to change is a usage error: exit 64, nothing written",
        arguments: [
            ["asset", "set"], ["prior", "set", "total"], ["project", "set", "--name", "党建活动经费"],
        ])
    func nothingToChange(arguments: [String]) throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let result = try runBudget([arguments[0], arguments[1], path] + arguments.dropFirst(2))

        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--"))
        #expect(bytes(path) == before)
    }

    @Test("a negative amount after a space reaches the amount check: exit 1 naming the option, not a parser error")
    func negativeAmount() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        let result = try budget("asset", "set", path, "--total", "-5")

        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("--total"))
        #expect(result.stderr.contains("-5"))
    }

    @Test("indicator list says when a project exists but has no table yet, and when no project has one")
    func indicatorListWithoutTables() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)  // line items only: 15 projects, no targets

        let one = try budget("indicator", "list", path, "--project", "党建活动经费")
        let all = try budget("indicator", "list", path)

        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("项目“党建活动经费”还没有绩效目标表"))
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("15 个项目都还没有绩效目标表"))
    }

    @Test("glossary set adds or rewrites one entry, glossary rm removes one, and the statement follows")
    func glossaryEntries() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        let added = try budget("glossary", "set", path, "--term", "政府采购", "--text", "指使用财政性资金采购货物、工程和服务的行为。")
        let rewritten = try budget("glossary", "set", path, "--term", "基本支出", "--text", "保障机构正常运转的支出。")
        let removed = try budget("glossary", "rm", path, "--term", "上缴上级支出")
        let missing = try budget("glossary", "rm", path, "--term", "没有这一条")
        let list = try budget("glossary", "list", path)

        #expect(added.status == 0 && added.stdout.contains("已添加"), "\(added.stderr)")
        #expect(rewritten.status == 0 && rewritten.stdout.contains("已改写"), "\(rewritten.stderr)")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(missing.status == 1 && missing.stderr.contains("--term（名词）") && missing.stderr.contains("没有这一条"), "\(missing.stderr)")
        #expect(list.stdout.contains("政府采购：指使用财政性资金"))
        #expect(list.stdout.contains("基本支出：保障机构正常运转的支出。"))
        #expect(!list.stdout.contains("上缴上级支出"))
        #expect(list.stdout.contains("本级财政"), "the other standard entries stay")
        let statement = try budget("narrative", path)
        #expect(statement.stdout.contains("政府采购：指使用财政性资金采购货物、工程和服务的行为。"))
    }
}
