import BudgetTestSupport
import Foundation
import Testing

@Suite("budget item add / list / set / rm")
struct ItemCommandTests {
    static let basicItem = [
        "--unit", "432001", "--functional", "2010306", "--economic", "30101", "--type", "basic", "--source", "general",
        "--amount", "1,000.50",
    ]

    /// The row of `item list` for item `id`, or nil.
    func row(_ list: String, id: Int) -> String? {
        list.split(separator: "\n").map(String.init).first { $0.hasPrefix("#\(id) ") }
    }

    @Test("add, list, set and rm a 基本支出 item")
    func lifecycle() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))

        // add
        let added = try runBudget(["item", "add", path] + Self.basicItem)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("已添加明细 #1"))
        #expect(added.stdout.contains("基本支出"))
        #expect(added.stdout.contains("人员经费"))
        #expect(added.stdout.contains("1000.50 元"))

        // list: 人员经费 is the default for 301, and the amount is exact
        let listed = try budget("item", "list", path)
        #expect(listed.status == 0)
        let line = try #require(row(listed.stdout, id: 1), "\(listed.stdout)")
        #expect(line.contains("432001"))
        #expect(line.contains("2010306"))
        #expect(line.contains("30101"))
        #expect(line.contains("基本支出"))
        #expect(line.contains("人员经费"))
        #expect(line.contains("一般公共预算拨款"))
        #expect(line.contains("1000.50"))
        #expect(listed.stdout.contains("1 条"))

        // list in 万元
        let inWan = try budget("item", "list", path, "--amount-unit", "wan")
        #expect(inWan.stdout.contains("金额（万元）"))
        #expect(row(inWan.stdout, id: 1)?.contains("0.10") == true)

        // set changes only the amount
        let set = try budget("item", "set", path, "1", "--amount", "2000")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("已修改明细 #1"))
        #expect(set.stdout.contains("2000.00 元"))
        let afterSet = try #require(row(try budget("item", "list", path).stdout, id: 1))
        #expect(afterSet.contains("2000.00"))
        #expect(!afterSet.contains("1000.50"))
        #expect(afterSet.contains("人员经费"))
        #expect(afterSet.contains("30101"))

        // rm
        let removed = try budget("item", "rm", path, "1")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("已删除 1 条明细"))
        let afterRemove = try budget("item", "list", path)
        #expect(row(afterRemove.stdout, id: 1) == nil)
        #expect(afterRemove.stdout.contains("0 条"))
    }

    @Test("公用经费 is the default nature for a 302 code, and --amount-unit wan converts")
    func defaultNatureForPublicCosts() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))

        let added = try budget(
            "item", "add", path, "--unit", "432002", "--functional", "2010306", "--economic", "30201", "--type", "basic", "--source",
            "general", "--amount", "1.5", "--amount-unit", "wan")

        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("公用经费"))
        #expect(added.stdout.contains("15000.00 元"))
    }

    @Test("set on an id that does not exist exits 1 and changes nothing")
    func setMissingID() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        _ = try runBudget(["item", "add", path] + Self.basicItem)
        let before = try #require(bytes(path))

        let result = try budget("item", "set", path, "99", "--amount", "2000")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("没有这条预算明细"))
        #expect(result.stderr.contains("99"))
        #expect(bytes(path) == before)
    }

    @Test("set with no fields is a usage error: exit 64")
    func setWithoutFields() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        _ = try runBudget(["item", "add", path] + Self.basicItem)
        let before = try #require(bytes(path))

        let result = try budget("item", "set", path, "1")

        #expect(result.status == 64)
        #expect(result.stderr.contains("没有给出要修改的字段"))
        #expect(result.stderr.contains("--amount"))
        #expect(bytes(path) == before)
    }

    @Test("add of a 项目支出 item without --project exits 1, names 项目名称, and adds nothing")
    func projectItemNeedsProject() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let result = try budget(
            "item", "add", path, "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "project", "--source",
            "general", "--amount", "10")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("项目名称"))
        #expect(result.stderr.contains("项目支出必须写明项目名称"))
        #expect(bytes(path) == before)
    }

    @Test("add of a 项目支出 item with a new --project creates the project")
    func projectItemCreatesProject() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))

        let result = try budget(
            "item", "add", path, "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "project", "--project",
            "档案数字化", "--source", "general", "--amount", "10")

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("新建项目“档案数字化”"))
        let projects = try budget("project", "list", path)
        #expect(projects.stdout.contains("档案数字化"))
        #expect(projects.stdout.contains("10.00"))
    }

    @Test("rm of several ids where one is missing exits 1 and removes none")
    func removeIsAllOrNothing() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        _ = try runBudget(["item", "add", path] + Self.basicItem)
        let before = try #require(bytes(path))

        let result = try budget("item", "rm", path, "1", "42")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("没有这条预算明细"))
        #expect(bytes(path) == before)
        #expect(row(try budget("item", "list", path).stdout, id: 1) != nil)
    }

    @Test("add with an unknown unit exits 1 and names the unit")
    func unknownUnit() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let result = try budget(
            "item", "add", path, "--unit", "999999", "--functional", "2010306", "--economic", "30101", "--type", "basic", "--source",
            "general", "--amount", "1")

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("选项 --unit（单位编码），值“999999”"))
        #expect(bytes(path) == before)
    }

    @Test("a 5 % cut of a unit's 公用经费 as a clerk types it: dry run first (nothing written), then the change; the list by --nature shows it")
    func bulkCut() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = bytes(path)
        let trial = try budget("item", "set", path, "--unit", "432001", "--nature", "公用经费", "--scale", "0.95", "--dry-run", "--amount-unit", "wan")
        #expect(trial.status == 0, "\(trial.stderr)")
        // 62.03 万元 × 0.95 = 58.9285 万元, shown 58.93; by hand from items.csv.
        #expect(trial.stdout.contains("试算（没有写入）：将修改 8 条明细"), "\(trial.stdout)")
        #expect(trial.stdout.contains("合计：62.03 → 58.93 万元（减少 3.10 万元）"), "\(trial.stdout)")
        #expect(bytes(path) == before)
        let done = try budget("item", "set", path, "--unit", "432001", "--nature", "public", "--scale", "0.95")
        #expect(done.status == 0 && done.stdout.contains("已修改 8 条明细") && done.stdout.contains("620300.00 → 589285.00 元"), "\(done.stdout)")
        let listed = try budget("item", "list", path, "--unit", "432001", "--nature", "public")
        #expect(listed.stdout.contains("合计  8 条") && listed.stdout.contains("589285.00"), "\(listed.stdout)")
    }

    @Test("bulk changes refuse what would surprise: no conditions, both --scale and --add, a bad factor, an id with --scale")
    func bulkRefusals() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = bytes(path)
        let cases: [([String], String)] = [
            (["--scale", "0.95"], "要给出筛选条件"),
            (["--nature", "public", "--scale", "0.95", "--add", "100"], "只能用一个"),
            (["--nature", "public", "--scale", "95%"], "比例“95%”不对"),
            (["1", "--scale", "0.95"], "不能同时给明细编号"),
            (["--nature", "public", "--scale", "0.95", "--amount", "5"], "不能同时给 --amount"),
            (["--nature", "公积金", "--scale", "0.95"], "不认识的经费类型“公积金”"),
        ]
        for (arguments, message) in cases {
            let result = try runBudget(["item", "set", path] + arguments)
            #expect(result.status == 64 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let none = try budget("item", "set", path, "--unit", "999999", "--scale", "0.95")
        #expect(none.status != 0 && none.stderr.contains("没有符合条件的预算明细"), "\(none.stderr)")
        #expect(bytes(path) == before)
    }

    @Test("item rm by conditions: a dry run lists what would go; then they go")
    func bulkRemove() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let trial = try budget("item", "rm", path, "--project-name", "党建活动经费", "--dry-run")
        #expect(trial.status == 0 && trial.stdout.contains("将删除 1 条明细") && trial.stdout.contains("30000.00 → 删除"), "\(trial.stdout)")
        let done = try budget("item", "rm", path, "--project-name", "党建活动经费")
        #expect(done.status == 0 && done.stdout.contains("已删除 1 条明细"), "\(done.stdout)")
        #expect(try budget("item", "list", path, "--project-name", "党建活动经费").stdout.contains("合计  0 条"))
        #expect(try runBudget(["item", "rm", path]).status == 64)
    }
}
