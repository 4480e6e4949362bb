import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// The Shanghai template through the command line (issue 7): its workbook's layout, the unit
/// version, per-unit workbooks, truncation, and the project's remembered version.
@Suite("budget export --template shanghai [--variant unit]")
struct ShanghaiTemplateCommandTests {
    /// Every text cell of a sheet.
    static func texts(_ sheet: XLSXSheet) -> [String] {
        (0..<80).flatMap { row in (0..<12).compactMap { sheet.cell(row: row, column: $0)?.value } }
    }

    /// The first row whose cell in `column` has this text.
    static func row(_ sheet: XLSXSheet, _ column: Int, _ text: String) -> Int? {
        (0..<80).first { sheet.cell(row: $0, column: column)?.value == text }
    }

    @Test(
        "the sample in the Shanghai layout: Shanghai order and titles, one line in 元, no 序号 or 栏次, codes in 类|款|项, only the non-empty 类, no carry-over, 合计 last"
    )
    func departmentLayout() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))

        let exported = try budget("export", project, folder.file("sh.xlsx"), "--template", "shanghai")

        #expect(exported.status == 0, "\(exported.stderr)")
        let book = try XLSXWorkbook(path: folder.file("sh.xlsx"))
        #expect(
            book.sheets.prefix(9).map(\.name) == [
                "1 财务收支预算总表", "2 收入预算总表", "3 支出预算总表", "4 财政拨款收支预算总表", "5 一般公共预算支出表",
                "6 政府性基金支出表", "7 国有资本经营支出表", "8 一般公共预算基本支出表", "9 三公经费和机关运行经费",
            ])
        let titles = book.sheets.prefix(9).map { $0.cell("A1")?.value ?? "" }
        #expect(
            titles == [
                "2023年部门财务收支预算总表", "2023年部门收入预算总表", "2023年部门支出预算总表", "2023年部门财政拨款收支预算总表",
                "2023年部门一般公共预算支出功能分类预算表", "2023年部门政府性基金预算支出功能分类预算表", "2023年部门国有资本经营预算支出功能分类预算表",
                "2023年部门一般公共预算基本支出部门预算经济分类预算表", "2023年部门“三公”经费和机关运行经费预算表",
            ])
        for sheet in book.sheets.prefix(8) {
            #expect(sheet.cell("A2")?.value == "编制部门：石家庄高新技术产业开发区行政服务局　　　　单位：元", "\(sheet.name)")
        }
        #expect(book.sheets[8].cell("A2")?.value == "编制部门：石家庄高新技术产业开发区行政服务局　　　　单位：万元")
        for sheet in book.sheets.prefix(9) {
            let texts = Self.texts(sheet)
            #expect(!texts.contains("序号") && !texts.contains("栏次"), "\(sheet.name)")
            #expect(!texts.contains { $0.contains("结转") }, "\(sheet.name): no carry-over rows")
        }

        // 表1: the fixed income rows beside the four 类 with money, numbered 一 to 四; the totals in whole 元.
        let one = book.sheets[0]
        let classes = (0..<20).compactMap { one.cell(row: $0, column: 2)?.value }.filter { $0.contains("、") }
        #expect(classes == ["一、一般公共服务支出", "二、社会保障和就业支出", "三、卫生健康支出", "四、住房保障支出"])
        let incomes = (0..<20).compactMap { one.cell(row: $0, column: 0)?.value }
        #expect(Array(incomes.suffix(8)) == ["一、财政拨款收入", "1. 一般公共预算资金", "2. 政府性基金", "3. 国有资本经营预算", "二、事业收入", "三、事业单位经营收入", "四、其他收入", "收入总计"])
        let grand = try #require(Self.row(one, 0, "收入总计"))
        #expect(one.cell(row: grand, column: 2)?.value == "支出总计")
        #expect(one.cell(row: grand, column: 1)?.number == 23_434_400)
        #expect(one.cell(row: grand, column: 3)?.number == 23_434_400)
        // 支出总计 adds the four listed rows where they now are, 收入总计 the four income kinds.
        #expect(one.cell(row: grand, column: 3)?.formula == "ROUND(SUM(D5:D8),2)")
        #expect(one.cell(row: grand, column: 1)?.formula == "ROUND(SUM(B5,B9:B11),2)")

        // 表3: 类 | 款 | 项 | 名称, parents repeated, 合计 the last row.
        let three = book.sheets[2]
        let leaf = try #require(Self.row(three, 3, "政务公开审批"))
        #expect((0..<3).map { three.cell(row: leaf, column: $0)?.value } == ["201", "03", "06"])
        #expect(three.cell(row: leaf, column: 4)?.number == 20_924_300)
        #expect(three.cell(row: leaf, column: 5)?.number == 16_415_100)
        #expect(three.cell(row: leaf, column: 6)?.number == 4_509_200)
        let total = try #require(Self.row(three, 0, "合计"))
        #expect(three.cell(row: total + 1, column: 0) == nil, "合计 is last")
        #expect(three.cell(row: total, column: 4)?.number == 23_434_400)

        // 表8: the economic code in 类 | 款.
        let eight = book.sheets[7]
        let wages = try #require(Self.row(eight, 2, "基本工资"))
        #expect([eight.cell(row: wages, column: 0)?.value, eight.cell(row: wages, column: 1)?.value] == ["301", "01"])

        // 表9: one row in 万元, 机关运行经费 of the 行政 unit only.
        let nine = book.sheets[8]
        let header = Self.texts(nine)
        #expect(header.contains("“三公”经费预算数") && header.contains("机关运行经费预算数") && header.contains("购置费"))
        let values = (0..<10).compactMap { row in nine.cell(row: row, column: 6)?.number }
        #expect(values == [62.03])
    }

    @Test("--variant unit: 预算单位 titles, 编制单位, and a 收支总表 whose spending has 合计 | 人员经费 | 公用经费 | 项目支出")
    func unitVariant() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))

        let exported = try budget("export", project, folder.file("unit.xlsx"), "--template", "shanghai", "--variant", "unit")
        let shown = try budget("show", project, "1", "--template", "shanghai", "--variant", "unit", "--csv")

        #expect(exported.status == 0, "\(exported.stderr)")
        let book = try XLSXWorkbook(path: folder.file("unit.xlsx"))
        #expect(book.sheets[0].cell("A1")?.value == "2023年预算单位财务收支预算总表")
        #expect(book.sheets[2].cell("A1")?.value == "2023年预算单位支出预算总表")
        #expect(book.sheets[8].cell("A1")?.value == "（2023年）单位“三公”经费和机关运行经费预算表")
        #expect(book.sheets[0].cell("A2")?.value == "编制单位：石家庄高新技术产业开发区行政服务局　　　　单位：元")
        #expect(Self.texts(book.sheets[7]).contains("经济分类科目编码"))
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "本年收入·项目,本年收入·预算数,本年支出·项目,本年支出·预算数·合计,本年支出·预算数·基本支出·人员经费,本年支出·预算数·基本支出·公用经费,本年支出·预算数·项目支出")
        // 一般公共服务: 人员 + 公用 + 项目 = 合计; the totals are those of 表8 and 表3.
        #expect(lines.contains("一、财政拨款收入,\"23,434,400\",一、一般公共服务支出,\"20,924,300\",\"15,697,200\",\"717,900\",\"4,509,200\""), "\(shown.stdout)")
        #expect(lines.last == "收入总计,\"23,434,400\",支出总计,\"23,434,400\",\"18,207,300\",\"717,900\",\"4,509,200\"")
    }

    @Test("export-units with the Shanghai template writes each unit's workbook in the unit version, 机关运行经费 only for the 行政 unit")
    func perUnit() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let out = folder.file("units")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

        let exported = try budget("export-units", project, out, "--template", "shanghai")

        #expect(exported.status == 0, "\(exported.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.count == 2)
        let office = try XLSXWorkbook(path: out + "/" + files[0])
        let centre = try XLSXWorkbook(path: out + "/" + files[1])
        #expect(office.sheets[0].cell("A1")?.value == "2023年预算单位财务收支预算总表")
        #expect(office.sheets[0].cell("A2")?.value == "编制单位：石家庄高新技术产业开发区行政服务局本级　　　　单位：元")
        #expect(centre.sheets[0].cell("A2")?.value == "编制单位：石家庄高新技术产业开发区政务服务中心　　　　单位：元")
        #expect((0..<10).compactMap { office.sheets[8].cell(row: $0, column: 6)?.number } == [62.03])
        #expect((0..<10).compactMap { centre.sheets[8].cell(row: $0, column: 6)?.number } == [], "a 事业 unit has no 机关运行经费")
    }

    @Test("a version the template does not have: exit 1 naming the versions it has; nothing written")
    func unknownVariant() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))

        let hebei = try budget("export", project, folder.file("a.xlsx"), "--variant", "county")
        let county = try budget("export", project, folder.file("b.xlsx"), "--template", "shanghai", "--variant", "county")
        let settings = try budget("settings", project, "--template", "shanghai", "--variant", "county")

        #expect(hebei.status == 1)
        #expect(
            hebei.stderr.contains("E-TEMPLATE") && hebei.stderr.contains("没有版本“county”") && hebei.stderr.contains("department、unit"),
            "\(hebei.stderr)")
        #expect(county.status == 1)
        #expect(county.stderr.contains("department、unit"), "\(county.stderr)")
        #expect(settings.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.file("a.xlsx")) && !FileManager.default.fileExists(atPath: folder.file("b.xlsx")))
        let after = try budget("settings", project)
        #expect(after.stdout.contains("默认模板：hebei"), "the failed settings changed nothing: \(after.stdout)")
    }

    @Test("the project remembers its template and version; choosing another template goes back to that template's own version")
    func remembered() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))

        let set = try budget("settings", project, "--template", "shanghai", "--variant", "unit")
        let unit = try budget("export", project, folder.file("unit.xlsx"))
        let back = try budget("settings", project, "--template", "hebei")
        let hebei = try budget("export", project, folder.file("hebei.xlsx"))

        #expect(set.status == 0 && set.stdout.contains("默认模板：shanghai，版本 unit"), "\(set.stdout)\(set.stderr)")
        #expect(set.stdout.contains("默认模板规定为行政和参公单位"), "the template's scope of 机关运行经费 is said: \(set.stdout)")
        #expect(unit.status == 0, "\(unit.stderr)")
        #expect(try XLSXWorkbook(path: folder.file("unit.xlsx")).sheets[0].cell("A1")?.value == "2023年预算单位财务收支预算总表")
        #expect(back.stdout.contains("默认模板：hebei，版本 department"), "\(back.stdout)")
        #expect(hebei.status == 0, "\(hebei.stderr)")
        #expect(try XLSXWorkbook(path: folder.file("hebei.xlsx")).sheets[0].cell("A1")?.value == "部门预算收支总表")
    }

    @Test("templates lists Shanghai with its versions; template-export writes a file that loads again")
    func listed() throws {
        let folder = TemporaryFolder()
        let listed = try budget("templates")
        let written = try budget("template-export", "shanghai", folder.file("sh.json"))
        let project = try makeSampleProject(folder.file("p.budget"))
        let used = try budget("check", project, "--template", folder.file("sh.json"), "--variant", "unit")

        #expect(listed.stdout.contains("shanghai") && listed.stdout.contains("版本：department、unit"), "\(listed.stdout)")
        #expect(written.status == 0)
        #expect(used.status == 0, "\(used.stdout)\(used.stderr)")
    }

    /// Two line items of 15,555 元 (1.5555 万元) under different 类: rounded half up each shows
    /// 1.56, cut 1.55; their total 3.111 万元 shows 3.11 either way.
    static func oddAmounts(_ folder: TemporaryFolder) throws -> String {
        let project = try makeEmptyProject(folder.file("odd.budget"))
        let items = folder.write(
            "items.csv",
            """
            单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注
            432001,2010306,30101,基本支出,,,一般公共预算拨款,15555,
            432002,2080505,30108,基本支出,,,一般公共预算拨款,15555,

            """)
        let imported = try budget("import", project, items)
        try #require(imported.status == 0, "\(imported.stderr)")
        try SampleProject.fillStandIns(at: project)
        return project
    }

    @Test("rounding \"truncate\": figures are cut to the unit shown, totals cut from the exact sum and written as values, the 尾差 reminder says so")
    func truncation() throws {
        let folder = TemporaryFolder()
        let project = try Self.oddAmounts(folder)
        let cut = try TemplateCommandTests.editedCopy(folder, "cut.json", from: "shanghai") { template in
            template["amountUnit"] = "wan"
            template["rounding"] = "truncate"
        }
        let half = try TemplateCommandTests.editedCopy(folder, "half.json", from: "shanghai") { template in
            template["amountUnit"] = "wan"
        }

        let cutShown = try budget("show", project, "3", "--template", cut, "--csv")
        let halfShown = try budget("show", project, "3", "--template", half, "--csv")
        let checked = try budget("check", project, "--template", cut)
        let exported = try budget("export", project, folder.file("cut.xlsx"), "--template", cut)

        #expect(cutShown.status == 0, "\(cutShown.stderr)")
        #expect(cutShown.stdout.contains("201,,,一般公共服务支出,1.55,1.55,"), "\(cutShown.stdout)")
        #expect(cutShown.stdout.contains("201,03,06,政务公开审批,1.55,1.55,"), "\(cutShown.stdout)")
        #expect(cutShown.stdout.contains("\n合计,,,,3.11,3.11,"), "\(cutShown.stdout)")
        #expect(halfShown.stdout.contains("201,,,一般公共服务支出,1.56,1.56,"), "\(halfShown.stdout)")
        #expect(halfShown.stdout.contains("\n合计,,,,3.11,3.11,"), "\(halfShown.stdout)")
        #expect(checked.stdout.contains("因截尾取数，显示的合计 3.11 与显示的分项之和 3.10 相差 0.01"), "\(checked.stdout)")
        #expect(exported.status == 0, "\(exported.stderr)")
        let three = try XLSXWorkbook(path: folder.file("cut.xlsx")).sheets[2]
        let first = try #require(Self.row(three, 3, "一般公共服务支出"))
        #expect(three.cell(row: first, column: 4)?.number == 1.55, "the cell holds the cut figure, not 1.5555")
        #expect(three.cell(row: first, column: 4)?.formula == nil)
        let total = try #require(Self.row(three, 0, "合计"))
        #expect(three.cell(row: total, column: 4)?.number == 3.11)
        #expect(three.cell(row: total, column: 4)?.formula == nil, "a SUM of the cut parts would give 3.10")
    }

    @Test("template mistakes in the new keys are located: a list naming a row the table does not have, an unknown rounding")
    func newKeysLocated() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let badList = try TemplateCommandTests.editedCopy(folder, "list.json", from: "shanghai") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            var body = try #require(tables[0]["body"] as? [String: Any])
            var list = try #require(body["list"] as? [String: Any])
            list["rows"] = ["201", "299"]
            body["list"] = list
            tables[0]["body"] = body
            template["tables"] = tables
        }
        let badRounding = try TemplateCommandTests.editedCopy(folder, "rounding.json", from: "shanghai") { template in
            template["rounding"] = "banker"
        }

        let list = try budget("export", project, folder.file("a.xlsx"), "--template", badList)
        let rounding = try budget("export", project, folder.file("b.xlsx"), "--template", badRounding)

        #expect(list.status == 1 && list.stderr.contains("list.json") && list.stderr.contains("body.list.rows：没有行 299"), "\(list.stderr)")
        #expect(rounding.status == 1 && rounding.stderr.contains(".rounding") && rounding.stderr.contains("banker"), "\(rounding.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("a.xlsx")) && !FileManager.default.fileExists(atPath: folder.file("b.xlsx")))
    }

    /// Every kind of money: carry-over, 财政专户, 事业收入, 经营 (with 经营支出), other carry-over,
    /// a 政府性基金 item, the four “三公” codes, in ten classes (more than the seven income rows).
    static let richItems = """
        单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注
        432001,2010306,30101,basic,,,general,1000000.55,
        432001,2010306,30201,basic,,,carryover-general,50000,
        432001,2010306,30212,basic,,,general,12000,
        432001,2010306,30231,basic,,,general,8000,
        432001,2010306,30217,basic,,,general,3000,
        432001,2010306,31013,project,,公务用车购置,general,250000,
        432002,2050201,30201,basic,,,special,200000,
        432002,2050201,30101,basic,,,business,30000,
        432002,2050201,30201,operating,,,operating,40000,
        432002,2080505,30108,basic,,,carryover-other,7000,
        432001,2120101,30201,basic,,,fund,100000,
        432001,2130101,30201,basic,,,general,5000,
        432001,2200101,30201,basic,,,general,5000,
        432001,2210201,30113,basic,,,general,60000,
        432001,2101101,30110,basic,,,general,20000,
        432001,2070101,30201,basic,,,general,1000,
        432001,2040201,30201,basic,,,general,1000,

        """

    @Test(
        "every kind of money in ten classes: the income rows fold carry-over and 财政专户 as the README says, 经营支出 gets its column, “三公” and 机关运行经费 in 万元, and the check passes with reminders"
    )
    func richProject() throws {
        let folder = TemporaryFolder()
        let project = try makeEmptyProject(folder.file("r.budget"))
        try #require(try budget("import", project, folder.write("rich.csv", Self.richItems)).status == 0)
        // Whole 元, rounded: 1,000,000.55 shows as 1,000,001 (by default it would show its 分).
        try #require(try budget("settings", project, "--yuan-decimals", "0").status == 0)
        try SampleProject.fillStandIns(at: project)

        let checked = try budget("check", project, "--template", "shanghai")
        let unit = try budget("check", project, "--template", "shanghai", "--variant", "unit")
        let one = try budget("show", project, "1", "--template", "shanghai", "--csv")
        let three = try budget("show", project, "3", "--template", "shanghai", "--csv")
        let nine = try budget("show", project, "9", "--template", "shanghai", "--csv")
        let hebeiNine = try budget("show", project, "9", "--csv")
        let exported = try budget("export", project, folder.file("r.xlsx"), "--template", "shanghai")

        #expect(checked.status == 0 && unit.status == 0, "\(checked.stdout)\(unit.stdout)")
        #expect(checked.stdout.contains("没有上年结转的行，它的 5.70万元 并在本年同类收入中列示"), "\(checked.stdout)")
        #expect(checked.stdout.contains("没有财政专户管理资金的行，它的 20.00万元"))
        #expect(
            one.stdout.split(separator: "\r\n").map(String.init) == [
                "本年收入·项目,本年收入·预算数,本年支出·项目,本年支出·预算数",
                "一、财政拨款收入,\"1,515,001\",一、一般公共服务支出,\"1,323,001\"",
                "1. 一般公共预算资金,\"1,415,001\",二、公共安全支出,\"1,000\"",
                "2. 政府性基金,\"100,000\",三、教育支出,\"270,000\"",
                "3. 国有资本经营预算,,四、文化旅游体育与传媒支出,\"1,000\"",
                "二、事业收入,\"230,000\",五、社会保障和就业支出,\"7,000\"",
                "三、事业单位经营收入,\"40,000\",六、卫生健康支出,\"20,000\"",
                "四、其他收入,\"7,000\",七、城乡社区支出,\"100,000\"",
                ",,八、农林水支出,\"5,000\"",
                ",,九、自然资源海洋气象等支出,\"5,000\"",
                ",,十、住房保障支出,\"60,000\"",
                "收入总计,\"1,792,001\",支出总计,\"1,792,001\"",
            ])
        #expect(
            three.stdout.hasPrefix("项目·功能分类科目编码·类,项目·功能分类科目编码·款,项目·功能分类科目编码·项,项目·功能分类科目名称,支出预算·合计,支出预算·基本支出,支出预算·项目支出,支出预算·事业单位经营支出\r\n"),
            "only the optional column with money: \(three.stdout.prefix(300))")
        #expect(three.stdout.contains("205,02,01,学前教育,\"270,000\",\"230,000\",,\"40,000\""), "\(three.stdout)")
        #expect(nine.stdout.hasSuffix("27.30,1.20,0.30,25.80,25.00,0.80,8.50\r\n"), "\(nine.stdout)")
        // The same “三公” items as the Hebei table's rows.
        #expect(hebeiNine.stdout.contains("因公出国（境）费,1.20") && hebeiNine.stdout.contains("公务用车购置费,25.00"), "\(hebeiNine.stdout)")
        #expect(exported.status == 0, "\(exported.stderr)")
    }

    @Test("a mistake inside a version is refused when the file is loaded, naming the file and the version, even when the other version is used")
    func brokenVariant() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let broken = try TemplateCommandTests.editedCopy(folder, "v2.json", from: "shanghai") { template in
            var variants = try #require(template["variants"] as? [String: Any])
            var unit = try #require(variants["unit"] as? [String: Any])
            var tables = try #require(unit["tables"] as? [[String: Any]])
            var body = try #require(tables[0]["body"] as? [String: Any])
            var list = try #require(body["list"] as? [String: Any])
            list["rows"] = (list["rows"] as? [String] ?? []) + ["999"]
            body["list"] = list
            tables[0]["body"] = body
            unit["tables"] = tables
            variants["unit"] = unit
            template["variants"] = variants
        }

        let exported = try budget("export", project, folder.file("a.xlsx"), "--template", broken)
        let settings = try budget("settings", project, "--template", broken)

        #expect(exported.status == 1 && exported.stderr.contains("模板 v2.json 有错误：variants.unit"), "\(exported.stderr)")
        #expect(exported.stderr.contains("没有行 999"))
        #expect(settings.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.file("a.xlsx")))
    }

    @Test(
        "the new keys are checked on loading: a row listed twice, a number column that is not a listed text column, an unknown or repeated role, header rows of different widths"
    )
    func newKeysChecked() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        func edited(_ name: String, _ edit: @escaping (inout [[String: Any]]) throws -> Void) throws -> String {
            try TemplateCommandTests.editedCopy(folder, name, from: "shanghai") { template in
                var tables = try #require(template["tables"] as? [[String: Any]])
                try edit(&tables)
                template["tables"] = tables
            }
        }
        func listEdit(_ tables: inout [[String: Any]], _ change: (inout [String: Any]) -> Void) throws {
            var body = try #require(tables[0]["body"] as? [String: Any])
            var list = try #require(body["list"] as? [String: Any])
            change(&list)
            body["list"] = list
            tables[0]["body"] = body
        }
        let cases: [(String, String)] = [
            (try edited("twice.json") { try listEdit(&$0) { $0["rows"] = ["201", "201", "208"] } }, "行 201 列了两次"),
            (try edited("number.json") { try listEdit(&$0) { $0["numberColumn"] = 4 } }, "numberColumn：第 4 列应是 list.columns 中的文字列"),
            (try edited("role.json") { $0[2]["role"] = "spendng" }, "role“spendng”不认识"),
            (try edited("roles.json") { $0[4]["role"] = "spending" }, "role“spending”给了不止一张表"),
            (
                try edited("header.json") { tables in
                    var header = try #require(tables[0]["header"] as? [[[String: Any]]])
                    header[0][2]["cols"] = 1
                    tables[0]["header"] = header
                }, "表头第 1 行占 4 列，其他行占 5 列"
            ),
        ]
        for (file, message) in cases {
            let result = try budget("check", project, "--template", file)
            #expect(result.status == 1 && result.stderr.contains("E-TEMPLATE") && result.stderr.contains(message), "\(file): \(result.stderr)")
        }
    }

    @Test("an empty table prints its header, an empty 合计 row and the note with the year; the unit version's notes say 本单位")
    func emptyTables() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))

        let fund = try budget("show", project, "6", "--template", "shanghai", "--csv")
        let unitFund = try budget("show", project, "6", "--template", "shanghai", "--variant", "unit", "--csv")

        let lines = fund.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 3, "\(fund.stdout)")
        #expect(lines[1] == "合计,,,,,,")
        #expect(lines[2] == "注：本部门2023年无政府性基金预算财政拨款安排的预算，故本表为空表。")
        #expect(unitFund.stdout.contains("注：本单位2023年无政府性基金预算财政拨款安排的预算，故本表为空表。"), "\(unitFund.stdout)")
    }

    @Test("export-units keeps a version the project chose, and checks the unit tables it writes")
    func perUnitChosenVersion() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        try #require(try budget("settings", project, "--template", "shanghai", "--variant", "department").status == 0)
        let out = folder.file("units")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

        let exported = try budget("export-units", project, out)

        #expect(exported.status == 0, "\(exported.stderr)")
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: out).sorted().first)
        #expect(try XLSXWorkbook(path: out + "/" + first).sheets[0].cell("A1")?.value == "2023年部门财务收支预算总表")
    }

    @Test("textRounding: the statement's figures cut while the tables round half up")
    func textRounding() throws {
        let folder = TemporaryFolder()
        let project = try makeEmptyProject(folder.file("odd.budget"))
        let items = folder.write(
            "items.csv",
            """
            单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注
            432001,2010306,30201,基本支出,,,一般公共预算拨款,15555,

            """)
        try #require(try budget("import", project, items).status == 0)
        let cut = try TemplateCommandTests.editedCopy(folder, "cut.json", from: "shanghai") { $0["textRounding"] = "truncate" }

        let rounded = try budget("narrative", project, "--template", "shanghai")
        let truncated = try budget("narrative", project, "--template", cut)
        let table = try budget("show", project, "9", "--template", cut, "--csv")

        #expect(rounded.stdout.contains("收入预算1.56万元"), "\(rounded.stdout.prefix(800))")
        #expect(truncated.stdout.contains("收入预算1.55万元"), "\(truncated.stdout.prefix(800))")
        #expect(table.stdout.hasSuffix(",1.56\r\n"), "the table still rounds: \(table.stdout)")
    }

    @Test("template-export does not write over an existing file, which may be a bureau's edited copy")
    func exportKeepsEditedCopy() throws {
        let folder = TemporaryFolder()
        let edited = folder.write("mine.json", "{\"edited\": true}")

        let result = try budget("template-export", "shanghai", edited)

        #expect(result.status == 5 && result.stderr.contains("文件已经存在，没有覆盖它"), "\(result.stderr)")
        #expect(try String(contentsOfFile: edited, encoding: .utf8) == "{\"edited\": true}")
    }

    @Test(
        "the workbooks themselves: every figure of 支出总表, 一般公共预算支出表 and 基本支出表 in the Shanghai workbook is the Hebei workbook's × 10,000, row by code")
    func workbooksScaled() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        try #require(try budget("export", project, folder.file("h.xlsx")).status == 0)
        try #require(try budget("export", project, folder.file("s.xlsx"), "--template", "shanghai").status == 0)
        let hebei = try XLSXWorkbook(path: folder.file("h.xlsx"))
        let shanghai = try XLSXWorkbook(path: folder.file("s.xlsx"))
        /// Row code (or 合计) → the numbers of the row, read from a sheet.
        func rows(_ sheet: XLSXSheet, codeColumns: Range<Int>, name: Int, amounts: Range<Int>) -> [String: [Double]] {
            var out: [String: [Double]] = [:]
            for row in 0..<80 where sheet.cell(row: row, column: 0)?.value != "栏次" {
                let code = codeColumns.compactMap { sheet.cell(row: row, column: $0)?.value }.joined()
                let label = sheet.cell(row: row, column: name)?.value ?? ""
                let key = code.isEmpty ? label : code
                let numbers = amounts.map { sheet.cell(row: row, column: $0)?.number ?? 0 }
                if (code.allSatisfy(\.isNumber) && !code.isEmpty) || key == "合计" { out[key] = numbers }
            }
            return out
        }
        // (Hebei sheet, its code column, name column, amounts) ↔ (Shanghai sheet, codes, name, amounts).
        let pairs: [(Int, Range<Int>, Int, Range<Int>, Int, Range<Int>, Int, Range<Int>)] = [
            (2, 1..<2, 2, 3..<6, 2, 0..<3, 3, 4..<7),  // 支出总表: 合计, 基本, 项目
            (4, 1..<2, 2, 3..<6, 4, 0..<3, 3, 4..<7),  // 一般公共预算支出表
            (5, 1..<2, 2, 3..<6, 7, 0..<2, 2, 3..<6),  // 基本支出表: 合计, 人员, 公用
        ]
        var compared = 0
        for (h, hCode, hName, hAmounts, s, sCode, sName, sAmounts) in pairs {
            let a = rows(hebei.sheets[h], codeColumns: hCode, name: hName, amounts: hAmounts)
            let b = rows(shanghai.sheets[s], codeColumns: sCode, name: sName, amounts: sAmounts)
            #expect(Set(a.keys) == Set(b.keys), "\(hebei.sheets[h].name) vs \(shanghai.sheets[s].name)")
            for (key, wan) in a {
                let yuan = try #require(b[key])
                for (x, y) in zip(wan, yuan) {
                    #expect(abs(x * 10_000 - y) < 0.000_1, "\(shanghai.sheets[s].name) \(key): \(y) vs \(x) 万元")
                    compared += 1
                }
            }
        }
        #expect(compared > 60)
    }

    @Test(
        "an edited copy of the Shanghai template (a renamed title, two columns moved) changes the workbook with no code change, the listed 收支总表 still adding up"
    )
    func editedShanghaiCopy() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let edited = try TemplateCommandTests.editedCopy(folder, "mine.json", from: "shanghai") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            tables[0]["title"] = "{year}年区级部门财务收支预算总表"
            // 表3: 项目支出 before 基本支出, in the header and the body (合计 adds both either way).
            var header = try #require(tables[2]["header"] as? [[[String: Any]]])
            header[1].swapAt(3, 4)
            tables[2]["header"] = header
            var body = try #require(tables[2]["body"] as? [String: Any])
            var columns = try #require(body["columns"] as? [[String: Any]])
            columns.swapAt(1, 2)
            body["columns"] = columns
            tables[2]["body"] = body
            template["tables"] = tables
        }

        let exported = try budget("export", project, folder.file("mine.xlsx"), "--template", edited)
        let checked = try budget("check", project, "--template", edited)

        #expect(exported.status == 0 && checked.status == 0, "\(exported.stderr)\(checked.stdout)")
        let book = try XLSXWorkbook(path: folder.file("mine.xlsx"))
        #expect(book.sheets[0].cell("A1")?.value == "2023年区级部门财务收支预算总表")
        let three = book.sheets[2]
        let header = try #require(Self.row(three, 5, "项目支出"))
        #expect(three.cell(row: header, column: 6)?.value == "基本支出")
        let leaf = try #require(Self.row(three, 3, "政务公开审批"))
        #expect(three.cell(row: leaf, column: 5)?.number == 4_509_200)
        #expect(three.cell(row: leaf, column: 6)?.number == 16_415_100)
    }
}
