import BudgetTestSupport
import Foundation
import Testing

/// Issue 16, as the clerk met it: codes read differently by route, a unit stored twice, a
/// misspelt project name that silently made a new project, a rename that could not merge,
/// money that could not be moved between projects, a workbook that could only replace.
/// The sample (`Workbooks/sample-2023/items.csv`, 万元) has 53 items, 2343.44 万元 =
/// 23,434,400.00 元; 委托投资咨询评估服务机构费用 is one line of 164.00 万元 and 档案扫描服务费 one
/// of 30.00 万元, both 432001 · 2010306 · 30227 · 一般公共预算拨款.
@Suite("Clerk's routes: codes, near project names, project move and merge, workbook --add")
struct ClerkRoutesCommandTests {
    @Test("a CSV takes “code name” and full-width digits as the workbook does; a wrong name is a located error naming both")
    func csvCodes() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        // Refused before: “2010306 政务公开审批” was read as a malformed code in a CSV.
        let good = folder.write(
            "good.csv",
            "unit,functional,economic,type,source,amount\n432001,2010306 政务公开审批,30201 办公费,basic,general,100\n４３２００１,２０１０３０６,３０２０１,basic,general,200\n"
        )

        let result = try budget("import", path, good)

        #expect(result.status == 0, "\(result.stderr)")
        // 23,434,400.00 + 100.00 + 200.00 = 23,434,700.00 元, both under 2010306 · 30201 · 432001.
        #expect(result.stdout.contains("已导入 2 条明细，合计 300.00 元"), "\(result.stdout)")
        let listed = try budget("item", "list", path, "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "basic")
        #expect(listed.stdout.contains("100.00") && listed.stdout.contains("200.00"), "\(listed.stdout)")
        #expect(try budget("item", "list", path).stdout.contains("23434700.00"))

        let bad = folder.write("bad.csv", "unit,functional,economic,type,source,amount\n432001,2010306 行政运行,30201,basic,general,100\n")
        let before = bytes(path)
        let refused = try budget("import", path, bad)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("bad.csv，第 2 行，“功能分类科目编码”列，值“2010306 行政运行”：名称与编码不符：2010306 是“政务公开审批”，而“行政运行”是 2010301 的名称"),
            "\(refused.stderr)")
        #expect(bytes(path) == before)
    }

    @Test("item add, item set and the filters read codes the same way")
    func optionCodes() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))

        let added = try budget(
            "item", "add", path, "--unit", "４３２００１", "--functional", "２０１０３０６　政务公开审批", "--economic", "30101 基本工资", "--type", "basic",
            "--source", "general", "--amount", "1000")

        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("432001 · 2010306 · 30101 · 基本支出"), "\(added.stdout)")
        let set = try budget("item", "set", path, "1", "--economic", "３０１０２津贴补贴")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("2010306 · 30102"), "\(set.stdout)")
        let listed = try budget("item", "list", path, "--economic", "３０１ 工资福利支出", "--unit", "432001 石家庄高新技术产业开发区行政服务局本级")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("合计  1 条"), "\(listed.stdout)")
        let wrong = try budget("item", "list", path, "--economic", "301 商品和服务支出")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("--economic") && wrong.stderr.contains("301 是“工资福利支出”"), "\(wrong.stderr)")
        let wrongAdd = try budget(
            "item", "add", path, "--unit", "432001", "--functional", "2010306", "--economic", "30101 办公费", "--type", "basic", "--source",
            "general", "--amount", "1")
        #expect(wrongAdd.status == 1)
        #expect(wrongAdd.stderr.contains("30101 是“基本工资”，而“办公费”是 30201 的名称"), "\(wrongAdd.stderr)")
        // Sources by the names clerks use, on the options and the filters alike; 财政拨款 alone asks which.
        let fund = try budget(
            "item", "add", path, "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "basic", "--source", "政府性基金",
            "--amount", "5")
        #expect(fund.status == 0 && fund.stdout.contains("政府性基金预算拨款"), "\(fund.stderr)")
        #expect(try budget("item", "list", path, "--source", "政府性基金").stdout.contains("合计  1 条"))
        let ambiguous = try budget("item", "list", path, "--source", "财政拨款")
        #expect(ambiguous.status == 64 && ambiguous.stderr.contains("要写明是哪一种"), "\(ambiguous.stderr)")
    }

    @Test("unit import stores “３０１００３” as 301003, not as another unit")
    func fullWidthUnit() throws {
        let folder = TemporaryFolder()
        let path = try initProject(folder.file("p.budget"))
        let units = folder.write("units.csv", "单位编码,单位名称,单位性质\n３０１００３,第一中学,事业\n")

        #expect(try budget("unit", "import", path, units).status == 0)

        let listed = try budget("unit", "list", path).stdout
        #expect(listed.contains("301003") && !listed.contains("３０１００３"), "\(listed)")
        // The same unit, however the clerk writes it afterwards.
        let again = try budget("unit", "add", path, "--code", "301003", "--name", "第一中学", "--nature", "事业")
        #expect(again.status == 1 && again.stderr.contains("已经有这个单位编码了"), "\(again.stderr)")
        let item = try budget(
            "item", "add", path, "--unit", "301003 第一中学", "--functional", "2050203", "--economic", "30101", "--type", "basic", "--source",
            "general", "--amount", "1")
        #expect(item.status == 0, "\(item.stderr)")
        let misnamed = try budget(
            "item", "add", path, "--unit", "301003 第二中学", "--functional", "2050203", "--economic", "30101", "--type", "basic", "--source",
            "general", "--amount", "1")
        #expect(misnamed.status == 1 && misnamed.stderr.contains("301003 是“第一中学”"), "\(misnamed.stderr)")
    }

    @Test("a misspelt project name in an import is refused naming both names, until confirmed with --new-project")
    func nearProjectNames() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let csv = folder.write(
            "school.csv", "unit,functional,economic,type,project,source,amount\n432001,2010306,30201,project,政务大厅运行经废,general,1000\n")
        let before = bytes(path)

        let refused = try budget("import", path, csv)

        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("school.csv，第 2 行，“项目名称”列，值“政务大厅运行经废”：“政务大厅运行经废”是新的项目名称，与已有的项目“政务大厅运行经费”只差一两个字"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("--new-project 政务大厅运行经废"))
        #expect(bytes(path) == before)

        let confirmed = try budget("import", path, csv, "--new-project", "政务大厅运行经废")
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(confirmed.stdout.contains("新建 1 个项目：政务大厅运行经废"))

        // The workbook route: the same name on the 预算明细 sheet.
        let workbook = try itemsWorkbook(
            folder.file("school.xlsx"),
            [
                ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "项目名称", "资金来源", "金额"],
                ["432001", "2010306", "30201", "项目支出", "档案扫瞄服务费", "一般公共预算拨款", 500],
            ])
        let sheet = try budget("import", path, workbook, "--add")
        #expect(sheet.status == 1)
        #expect(sheet.stderr.contains("school.xlsx，预算明细!E2") && sheet.stderr.contains("与已有的项目“档案扫描服务费”只差一两个字"), "\(sheet.stderr)")
    }

    @Test("rename onto an existing project says --merge exists; with it the two become one, the total unchanged")
    func renameMerge() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        let refused = try budget("project", "rename", path, "--name", "档案扫描服务费", "--to", "政务大厅运行经费")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("已经有同名的项目了") && refused.stderr.contains("--merge"), "\(refused.stderr)")

        let merged = try budget("project", "rename", path, "--name", "档案扫描服务费", "--to", "政务大厅运行经费", "--merge")

        #expect(merged.status == 0, "\(merged.stderr)")
        // 政务大厅运行经费 = 10.00 + 20.00 + 2.00 + 5.00 + 15.00 + 21.72 = 73.72 万元; + 30.00 = 103.72 万元.
        #expect(merged.stdout.contains("明细 1 条（300000.00 元）"), "\(merged.stdout)")
        let projects = try budget("project", "list", path, "--unit", "wan").stdout
        #expect(!projects.contains("档案扫描服务费"))
        #expect(projects.contains("103.72"), "\(projects)")
        #expect(try budget("item", "list", path).stdout.contains("合计  53 条") && budget("item", "list", path).stdout.contains("23434400.00"))
        #expect(merged.stdout.contains("快照“合并项目“档案扫描服务费”到“政务大厅运行经费”之前"))
    }

    @Test("project move: the largest line moves, a dry run first, totals unchanged; too much is refused")
    func move() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = bytes(path)
        let from = "委托投资咨询评估服务机构费用"
        let to = "档案扫描服务费"

        let dry = try budget("project", "move", path, "--from", from, "--to", to, "--amount", "10", "--amount-unit", "wan", "--dry-run")

        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("试算（没有写入）"))
        #expect(bytes(path) == before)

        let moved = try budget("project", "move", path, "--from", from, "--to", to, "--amount", "10", "--amount-unit", "wan")

        #expect(moved.status == 0, "\(moved.stderr)")
        // 164.00 − 10.00 = 154.00 万元; 30.00 + 10.00 = 40.00 万元, onto its own 30227 line.
        #expect(moved.stdout.contains("164.00 → 154.00") && moved.stdout.contains("30.00 → 40.00"), "\(moved.stdout)")
        let projects = try budget("project", "list", path, "--unit", "wan").stdout
        #expect(projects.contains("154.00") && projects.contains("40.00"), "\(projects)")
        // Two lines changed (档案扫描服务费's own 30227 line took the 10.00), none added: 53 lines, 2343.44 万元.
        let items = try budget("item", "list", path).stdout
        #expect(items.contains("合计  53 条") && items.contains("23434400.00"), "\(items)")

        let tooMuch = try budget("project", "move", path, "--from", from, "--to", to, "--amount", "200", "--amount-unit", "wan")
        #expect(tooMuch.status == 1)
        #expect(tooMuch.stderr.contains("只有 1540000.00 元，调不出 2000000.00 元"), "\(tooMuch.stderr)")
        let unknown = try budget("project", "move", path, "--from", "档案扫瞄服务费", "--to", from, "--amount", "1")
        #expect(unknown.status == 1 && unknown.stderr.contains("是不是“档案扫描服务费”"), "\(unknown.stderr)")
    }

    @Test("import FILE.xlsx --add adds a school's two rows to the 53, after a snapshot; the same workbook again is refused")
    func workbookAdd() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let workbook = try itemsWorkbook(
            folder.file("school.xlsx"),
            [
                ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "资金来源", "金额"],
                ["432002", "2010306 政务公开审批", "30201 办公费", "基本支出", "一般公共预算拨款", 1000],
                ["４３２００２", "２０１０３０６", "30205", "基本支出", "一般公共预算拨款", 2500],
            ])
        // Before: only a replacement was possible.
        let refused = try budget("import", path, workbook)
        #expect(refused.status == 1 && refused.stderr.contains("--replace"))

        let added = try budget("import", path, workbook, "--add")

        #expect(added.status == 0, "\(added.stderr)")
        // 23,434,400.00 + 1,000.00 + 2,500.00 = 23,437,900.00 元.
        #expect(added.stdout.contains("添加了") && added.stdout.contains("预算明细 2 条，合计 3500.00 元"), "\(added.stdout)")
        #expect(added.stdout.contains("快照“导入“school.xlsx”之前"), "\(added.stdout)")
        let items = try budget("item", "list", path).stdout
        #expect(items.contains("合计  55 条") && items.contains("23437900.00"), "\(items)")

        let again = try budget("import", path, workbook, "--add")
        #expect(again.status == 1)
        #expect(again.stderr.contains("2 条明细项目中都已经有了") && again.stderr.contains("--allow-duplicates"), "\(again.stderr)")
        #expect(try budget("item", "list", path).stdout.contains("合计  55 条"))
        #expect(try budget("import", path, workbook, "--add", "--replace").status == 64)
    }

    @Test("a workbook bringing a part the project lacks, into a project with items, is undone by the snapshot saved first")
    func workbookSnapshot() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)
        let workbook = folder.file("glossary.xlsx")
        try HandmadeXLSX.write(workbook, [HandmadeXLSX.Sheet("名词解释", table: [["名词", "解释"], ["公用经费", "单位日常运转的经费"]])])

        let imported = try budget("import", path, workbook)

        #expect(imported.status == 0, "\(imported.stderr)")
        // Before: no snapshot unless --replace.
        #expect(imported.stdout.contains("快照“导入“glossary.xlsx”之前"), "\(imported.stdout)")
        #expect(try budget("glossary", "list", path).stdout.contains("单位日常运转的经费"))
        #expect(try budget("snapshot", "restore", path, "1").status == 0)
        #expect(try !budget("glossary", "list", path).stdout.contains("单位日常运转的经费"))
    }

    /// A workbook with one 预算明细 sheet: a header row and the rows under it.
    func itemsWorkbook(_ path: String, _ table: [[(any Sendable)?]]) throws -> String {
        try HandmadeXLSX.write(path, [HandmadeXLSX.Sheet("预算明细", table: table)])
        return path
    }
}
