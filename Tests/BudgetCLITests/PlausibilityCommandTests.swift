import BudgetTestSupport
import Foundation
import Testing

/// Amounts that look wrong are questioned (issue 16), as the clerk met them, and confirmed.
@Suite("budget check questions amounts; budget confirm")
struct PlausibilityCommandTests {
    /// A project with the sample's units and last year's figures, no line items.
    static func projectWithPrior(_ folder: TemporaryFolder) throws -> String {
        let path = try makeEmptyProject(folder.file("p.budget"))
        let prior = try budget("prior", "import", path, PackagePaths.sample.appendingPathComponent("prior.csv").path, "--unit", "wan")
        try #require(prior.status == 0, "\(prior.stderr)")
        return path
    }

    /// The clerk's mistake: 基本工资 for 25 people typed 102.00 (meant 万元), stored as 102 元.
    static func projectWithBasicPay(_ folder: TemporaryFolder) throws -> String {
        let path = try makeEmptyProject(folder.file("p.budget"))
        let added = try budget(
            "item", "add", path, "--unit", "432001", "--functional", "2010306", "--economic", "30101", "--type", "basic", "--source",
            "general", "--amount", "102.00")
        try #require(added.status == 0, "\(added.stderr)")
        return path
    }

    @Test("the sample's 万元 file imported as 元: the import warns at once, and check says so (it used to pass)")
    func wanFileAsYuan() throws {
        let folder = TemporaryFolder()
        let path = try Self.projectWithPrior(folder)

        let imported = try budget("import", path, Sample.items)

        #expect(imported.status == 0)
        #expect(imported.stdout.contains("合计 2343.44 元（0.23 万元）"))
        // 2343.44 元 against last year's 2302.08 万元: 2,302,080,000 / 234,344 ≈ 9,824 times.
        #expect(imported.stdout.contains("提醒：导入的 53 条明细合计 2343.44 元（0.23 万元），上年预算数（收支总计）为 23020800.00 元（2302.08 万元），小了约 9824 倍"))
        #expect(imported.stdout.contains("--unit wan --replace"))
        let check = try budget("check", path)
        #expect(check.stdout.contains("[amount-scale]") && check.stdout.contains("小了约 9824 倍"), "\(check.stdout)")

        // The clerk follows the advice: imported again in 万元 in place of the wrong lines, no warning.
        let again = try budget("import", path, Sample.items, "--unit", "wan", "--replace")
        #expect(again.status == 0 && !again.stdout.contains("小了约"), "\(again.stdout)")
        #expect(!(try budget("check", path)).stdout.contains("[amount-scale]"))
    }

    @Test("a clerk's own workbook in 万元 imported as 元: the workbook route warns as the CSV route does")
    func workbookInWan() throws {
        let folder = TemporaryFolder()
        let path = try Self.projectWithPrior(folder)
        let workbook = folder.file("自制.xlsx")
        // Two lines meant as 万元: 120.30 + 66.80 = 187.10, read as 元 = 18,710 分.
        try HandmadeXLSX.write(
            workbook,
            [
                .init(
                    "预算明细",
                    table: [
                        ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "资金来源", "金额"],
                        ["432001", "2010306", "30101", "基本支出", "一般公共预算拨款", 120.30],
                        ["432002", "2010306", "30101", "基本支出", "一般公共预算拨款", 66.80],
                    ])
            ])

        let result = try budget("import", path, workbook)

        // 2,302,080,000 / 18,710 = 123,040.09, rounded 123,040 times.
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("提醒：导入的 2 条明细合计 187.10 元（0.02 万元）") && result.stdout.contains("小了约 123040 倍"), "\(result.stdout)")
    }

    @Test("a second file in 元 into a project in 万元 without last year's figures: warned against the lines already there")
    func secondFileAgainstItems() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)
        let csv = folder.file("school.csv")
        try "单位编码,功能分类科目编码,经济分类科目编码,支出类型,资金来源,金额\n432002,2010306,30201,基本支出,一般公共预算拨款,12.00\n".write(
            toFile: csv, atomically: true, encoding: .utf8)

        let result = try budget("import", path, csv)

        // 12.00 元 = 1,200 分 against the sample's average line, 2,343,440,000 分 / 53 = 44,215,849 分: (44,215,849 + 600) / 1,200 = 36,847 times.
        #expect(result.status == 0)
        #expect(result.stdout.contains("提醒：导入的 1 条明细合计 12.00 元") && result.stdout.contains("小了约 36847 倍"), "\(result.stdout)")
    }

    @Test("基本工资 for 25 people typed 102.00 (meant 万元) is stored as 102 元: check questions it; confirmed, it is silent; changed, it is back")
    func basicPay() throws {
        let folder = TemporaryFolder()
        let path = try Self.projectWithBasicPay(folder)

        let check = try budget("check", path)
        #expect(check.stdout.contains("[small-pay]"), "\(check.stdout)")
        #expect(check.stdout.contains("单位 432001 石家庄高新技术产业开发区行政服务局本级 全年基本工资（30101）只有 102.00 元（0.01 万元）"))
        #expect(check.stdout.contains("涉及明细：#1"))
        #expect(check.stdout.contains("budget confirm \(path) 1　（标识 small-pay:432001:30101）"))

        // Confirmed by its number, with a note: no longer listed, counted as confirmed.
        let confirmed = try budget("confirm", path, "1", "--note", "试点单位，只有一人兼职")
        #expect(confirmed.status == 0 && confirmed.stdout.contains("已确认：small-pay:432001:30101"), "\(confirmed.stderr)")
        let quiet = try budget("check", path)
        #expect(!quiet.stdout.contains("[small-pay]") && quiet.stdout.contains("另有 1 个提醒已确认"), "\(quiet.stdout)")
        let listed = try budget("confirm", path, "--list")
        #expect(listed.stdout.contains("1. small-pay:432001:30101（有效") && listed.stdout.contains("说明：试点单位，只有一人兼职"))

        // The amount changes (105.00 元): the warning is back, and the list says so.
        #expect(try budget("item", "set", path, "1", "--amount", "105.00").status == 0)
        let back = try budget("check", path)
        #expect(back.stdout.contains("只有 105.00 元") && !back.stdout.contains("另有 1 个提醒已确认"), "\(back.stdout)")
        #expect(try budget("confirm", path, "--list").stdout.contains("金额已变，提醒已恢复"))

        // Undone: the list is empty.
        #expect(try budget("confirm", path, "--undo", "small-pay:432001:30101").status == 0)
        #expect(try budget("confirm", path, "--list").stdout.contains("没有已确认的提醒"))
    }

    @Test("事业收入 on the 行政 unit and a 行政运行 项 on the 事业 unit: check names each; the 事业 unit's 事业收入 is right")
    func natures() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        for (unit, functional, source) in [("432001", "2010306", "business"), ("432002", "2010301", "general"), ("432002", "2010306", "business")] {
            let added = try budget(
                "item", "add", path, "--unit", unit, "--functional", functional, "--economic", "30201", "--type", "basic", "--source", source,
                "--amount", "5", "--amount-unit", "wan")
            try #require(added.status == 0, "\(added.stderr)")
        }

        let check = try budget("check", path)

        #expect(check.stdout.contains("单位 432001 石家庄高新技术产业开发区行政服务局本级 是行政单位，却有资金来源“事业收入”"), "\(check.stdout)")
        #expect(check.stdout.contains("1 条，共 50000.00 元（5.00 万元）"))
        #expect(check.stdout.contains("单位 432002 石家庄高新技术产业开发区政务服务中心 是事业单位，却有“行政运行”的功能科目（事业单位的运行经费一般列“事业运行”或本行业的项）（2010301） 1 条"))
        #expect(!check.stdout.contains("unit-nature:432002:business"))
        // The sample's own 30107 on 432001 stays confirmed (Scripts/demo confirms it).
        #expect(!check.stdout.contains("unit-nature:432001:30107") && check.stdout.contains("另有 1 个提醒已确认"))
    }

    @Test("the sample as Scripts/demo builds it: check passes with the one reminder it always had, its answers listed")
    func sampleAsDemo() throws {
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")
        try SampleProject.build(at: path)

        let check = try budget("check", path)

        #expect(check.status == 0)
        #expect(check.stdout.contains("检查通过，另有 1 个提醒"), "\(check.stdout)")
        #expect(check.stdout.contains("[prior-year]") && !check.stdout.contains("[operation-scope]"))
    }

    @Test("the sample without the scope chosen: check asks for it with both figures (the published 71.79 万元 is every unit's)")
    func operationScope() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        #expect(try budget("import", path, Sample.items, "--unit", "wan").status == 0)

        let check = try budget("check", path)

        // 公用经费 of 一般公共预算 基本支出: 432001 62.03 万元 (22.60 + 18.93 + 2.00 + 4.00 + 3.00 + 10.80 + 0.10 + 0.60)
        // and 432002 9.76 万元 (2.20 + 1.68 + 5.88): every unit 71.79 万元, the 行政 unit only 62.03 万元.
        #expect(check.stdout.contains("按全部单位的公用经费为 717900.00 元（71.79 万元），只算行政和参公单位为 620300.00 元（62.03 万元）"), "\(check.stdout)")
        #expect(try budget("settings", path, "--operation-costs", "all").status == 0)
        #expect(!(try budget("check", path)).stdout.contains("[operation-scope]"))
    }

    @Test("a confirmation is kept with the project: a snapshot restore takes it back with the rest; diff does not count it")
    func confirmationInSnapshots() throws {
        let folder = TemporaryFolder()
        let path = try Self.projectWithBasicPay(folder)
        #expect(try budget("snapshot", "save", path, "一上").status == 0)
        #expect(try budget("confirm", path, "small-pay:432001:30101", "--note", "兼职一人").status == 0)

        // Not a change of the budget: diff compares the budget, and a draft workbook round trip has none.
        let diff = try budget("diff", path, "--from", "一上")
        #expect(diff.status == 0 && diff.stdout.contains("没有差别"), "\(diff.stdout)")

        #expect(try budget("snapshot", "restore", path, "一上").status == 0)
        #expect(try budget("check", path).stdout.contains("[small-pay]"))
    }

    @Test("confirm refuses what is not a current warning, writing nothing; its help is Chinese")
    func refusals() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let wrong = try budget("confirm", path, "small-pay:432001:30101")
        let none = try budget("confirm", path)

        #expect(wrong.status == 1 && wrong.stderr.contains("E-INPUT") && wrong.stderr.contains("现在没有可以确认的提醒"), "\(wrong.stderr)")
        #expect(none.status == 64 && none.stderr.contains("请写要确认的提醒的编号或标识"), "\(none.stderr)")
        #expect(bytes(path) == before)
        #expect(try budget("confirm", "--help").stdout.contains("确认 budget check 的提醒无误"))
    }
}
