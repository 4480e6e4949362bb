import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// The Shanghai workbook as the published documents print it (issue 15), read back cell by cell:
/// header texts, what each amount cell shows through its number format (separators, decimals,
/// zeros), the 合计 label and its merge, the numbering of the income rows, the empty-table notes.
/// Every expected text comes from the published documents (shared/reference/templates.md §2) and,
/// for figures, from the line items added up by hand: never from the program's own output.
@Suite("The Shanghai tables as published: separators, decimals, 合计, numbering, notes, zeros")
struct ShanghaiPublishedTablesTests {
    // MARK: - Reading a sheet as it prints

    /// A number as Excel shows it through a number format of the kinds the published tables use
    /// (“#,##0”, “#,##0.00”, “0.00”, sections for negatives and zero, “General”); nil for any
    /// other format, so that a format this reader does not understand fails the test.
    static func render(_ value: Double, format: String) -> String? {
        if format == "General" { return value == value.rounded() ? String(Int64(value)) : String(value) }
        let sections = format.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        var section: String
        var sign = ""
        if value > 0 || (value == 0 && sections.count < 3) {
            section = sections[0]
        } else if value < 0 {
            if sections.count > 1 {
                section = sections[1]
            } else {
                section = sections[0]
                sign = "-"
            }
        } else {
            section = sections[2]
        }
        if section.hasPrefix("-") {
            sign = "-"
            section.removeFirst()
        }
        if section.isEmpty { return "" }
        guard section.allSatisfy({ "#,0.".contains($0) }), section.contains("0") else { return nil }
        let grouped = section.contains(",")
        let decimals = section.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        let scale = pow(10, Double(decimals))
        // Excel rounds half away from zero.
        let units = Int64((abs(value) * scale).rounded(.toNearestOrAwayFromZero))
        let whole = String(units / Int64(scale))
        var text = ""
        for (index, digit) in whole.enumerated() {
            if grouped, index > 0, (whole.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        if decimals > 0 {
            let fraction = String(units % Int64(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return sign + text
    }

    /// What a cell shows: its text, or its number through its own number format; "" for an empty cell.
    static func shown(_ sheet: XLSXSheet, _ row: Int, _ column: Int) -> String {
        guard let cell = sheet.cell(row: row, column: column) else { return "" }
        guard let number = cell.number else { return cell.value }
        let format = sheet.numberFormat(row: row, column: column) ?? "General"
        return render(number, format: format) ?? "（读不懂的格式 \(format)）"
    }

    /// The rows of a table's body as shown, from `first` down to the first row with nothing in it.
    static func body(_ sheet: XLSXSheet, from first: Int, columns: Int) -> [[String]] {
        var rows: [[String]] = []
        var row = first
        while true {
            let cells = (0..<columns).map { shown(sheet, row, $0) }
            if cells.allSatisfy(\.isEmpty) { return rows }
            rows.append(cells)
            row += 1
        }
    }

    /// One header row as shown (merged cells keep their text in the first cell).
    static func headerRow(_ sheet: XLSXSheet, _ row: Int, columns: Int) -> [String] {
        (0..<columns).map { sheet.cell(row: row, column: $0)?.value ?? "" }
    }

    /// Every text of a sheet.
    static func texts(_ sheet: XLSXSheet) -> [String] {
        sheet.cells.values.filter { $0.kind == .string }.map(\.value)
    }

    static func workbook(_ path: String) throws -> XLSXWorkbook {
        try XLSXWorkbook(path: path, numberFormats: true)
    }

    // MARK: - The two departments

    /// A department whose amounts carry 分 (元), in three 类; 一般公共预算 and 事业收入; one
    /// project. By hand: 一般公共预算 13,948,246.90 = 1,234,567.80 + 12,345,678.90 + 30,000.05 +
    /// 250,000.00 + 88,000.15; 事业收入 5,000.00; 收入总计 13,953,246.90. 201: 13,860,246.75
    /// (基本 13,610,246.75, 项目 250,000.00); 205: 5,000.00; 208: 88,000.15. 人员经费 1,322,567.95
    /// (30101, 30108); 公用经费 12,380,678.95 (30201 ×2, 30217), of which 一般公共预算 12,375,678.95,
    /// all of the 行政 unit 432001: 机关运行经费 1,237.567895 万元. “三公”: 公务接待 30,000.05 元
    /// (3.00 万元), 公务用车购置 250,000 元 (25.00 万元).
    static let itemsWithFen = """
        unit,functional,economic,type,nature,project,source,amount,note
        432001,2010301,30101,basic,,,general,1234567.80,
        432001,2010301,30201,basic,,,general,12345678.90,
        432001,2010301,30217,basic,,,general,30000.05,
        432001,2010306,31013,project,,公务用车购置,general,250000,
        432002,2080505,30108,basic,,,general,88000.15,
        432002,2050201,30201,basic,,,business,5000,

        """

    static func withFen(_ folder: TemporaryFolder) throws -> String {
        let project = try makeEmptyProject(folder.file("fen.budget"))
        let imported = try budget("import", project, folder.write("fen.csv", itemsWithFen))
        try #require(imported.status == 0, "\(imported.stderr)")
        // The statement's parts as stand-ins: these tests are about the tables.
        try SampleProject.fillStandIns(at: project)
        return project
    }

    static func export(_ project: String, _ path: String, _ extra: String...) throws -> XLSXWorkbook {
        let result = try runBudget(["export", project, path, "--template", "shanghai"] + extra)
        try #require(result.status == 0, "\(result.stderr)")
        return try workbook(path)
    }

    // MARK: - Tests

    @Test(
        "a department with 分, department version: every amount 1,234,567.80 (tables 1–8) and 1,234.56 (“三公”, 万元); 表4 under 财政拨款收入 | 财政拨款支出; 合计 from the first code column, merged over codes and name"
    )
    func departmentWithFen() throws {
        let folder = TemporaryFolder()
        let project = try Self.withFen(folder)

        let book = try Self.export(project, folder.file("fen.xlsx"))

        // 表1: fixed income rows (1. in the department version), the 类 with money numbered 一、二、三.
        let one = book.sheets[0]
        #expect(Self.headerRow(one, 2, columns: 4) == ["本年收入", "", "本年支出", ""])
        #expect(Self.headerRow(one, 3, columns: 4) == ["项目", "预算数", "项目", "预算数"])
        #expect(
            Self.body(one, from: 4, columns: 4) == [
                ["一、财政拨款收入", "13,948,246.90", "一、一般公共服务支出", "13,860,246.75"],
                ["1. 一般公共预算资金", "13,948,246.90", "二、教育支出", "5,000.00"],
                ["2. 政府性基金", "", "三、社会保障和就业支出", "88,000.15"],
                ["3. 国有资本经营预算", "", "", ""],
                ["二、事业收入", "5,000.00", "", ""],
                ["三、事业单位经营收入", "", "", ""],
                ["四、其他收入", "", "", ""],
                ["收入总计", "13,953,246.90", "支出总计", "13,953,246.90"],
            ])
        // The value stays exact: only the format shows two decimals.
        #expect(one.cell(row: 11, column: 1)?.number == 13_953_246.9)

        // 表2: 类 | 款 | 项 | 名称 | 合计 | 财政拨款收入 | 事业收入 | 事业单位经营收入 | 其他收入.
        let two = book.sheets[1]
        #expect(Self.headerRow(two, 2, columns: 9) == ["项目", "", "", "", "收入预算", "", "", "", ""])
        #expect(Self.headerRow(two, 3, columns: 9) == ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"])
        #expect(Self.headerRow(two, 4, columns: 9) == ["类", "款", "项", "", "", "", "", "", ""])
        let twoBody = Self.body(two, from: 5, columns: 9)
        #expect(twoBody.first == ["201", "", "", "一般公共服务支出", "13,860,246.75", "13,860,246.75", "", "", ""])
        #expect(twoBody.contains(["205", "02", "01", "学前教育", "5,000.00", "", "5,000.00", "", ""]))
        #expect(twoBody.last == ["合计", "", "", "", "13,953,246.90", "13,948,246.90", "5,000.00", "", ""])
        #expect(two.merges.contains("A\(5 + twoBody.count):D\(5 + twoBody.count)"), "\(two.merges)")

        // 表3: every row.
        let three = book.sheets[2]
        #expect(Self.headerRow(three, 2, columns: 7) == ["项目", "", "", "", "支出预算", "", ""])
        #expect(Self.headerRow(three, 3, columns: 7) == ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"])
        let threeBody = Self.body(three, from: 5, columns: 7)
        #expect(
            threeBody == [
                ["201", "", "", "一般公共服务支出", "13,860,246.75", "13,610,246.75", "250,000.00"],
                ["201", "03", "", "政府办公厅（室）及相关机构事务", "13,860,246.75", "13,610,246.75", "250,000.00"],
                ["201", "03", "01", "行政运行", "13,610,246.75", "13,610,246.75", ""],
                ["201", "03", "06", "政务公开审批", "250,000.00", "", "250,000.00"],
                ["205", "", "", "教育支出", "5,000.00", "5,000.00", ""],
                ["205", "02", "", "普通教育", "5,000.00", "5,000.00", ""],
                ["205", "02", "01", "学前教育", "5,000.00", "5,000.00", ""],
                ["208", "", "", "社会保障和就业支出", "88,000.15", "88,000.15", ""],
                ["208", "05", "", "行政事业单位养老支出", "88,000.15", "88,000.15", ""],
                ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "88,000.15", "88,000.15", ""],
                ["合计", "", "", "", "13,953,246.90", "13,703,246.90", "250,000.00"],
            ])
        #expect(three.merges.contains("A16:D16"), "\(three.merges)")

        // 表4: the group row reads 财政拨款收入 | 财政拨款支出.
        let four = book.sheets[3]
        #expect(Self.headerRow(four, 2, columns: 7) == ["财政拨款收入", "", "财政拨款支出", "", "", "", ""])
        #expect(Self.headerRow(four, 3, columns: 7) == ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"])
        let fourBody = Self.body(four, from: 4, columns: 7)
        #expect(fourBody.first == ["一、一般公共预算资金", "13,948,246.90", "一、一般公共服务支出", "13,860,246.75", "13,860,246.75", "", ""])
        #expect(fourBody.last == ["收入总计", "13,948,246.90", "支出总计", "13,948,246.90", "13,948,246.90", "", ""])

        // 表5: 一般公共预算 only (no 205, which is 事业收入).
        let five = book.sheets[4]
        #expect(Self.headerRow(five, 2, columns: 7) == ["项目", "", "", "", "一般公共预算支出", "", ""])
        let fiveBody = Self.body(five, from: 5, columns: 7)
        #expect(!fiveBody.contains { $0[0] == "205" })
        #expect(fiveBody.last == ["合计", "", "", "", "13,948,246.90", "13,698,246.90", "250,000.00"])
        #expect(five.merges.contains("A\(5 + fiveBody.count):D\(5 + fiveBody.count)"), "\(five.merges)")

        // 表8: 经济分类 类 | 款; the department version's headers.
        let eight = book.sheets[7]
        #expect(Self.headerRow(eight, 3, columns: 6) == ["部门预算经济分类科目编码", "", "经济分类科目名称", "合计", "人员经费", "公用经费"])
        #expect(Self.headerRow(eight, 4, columns: 6) == ["类", "款", "", "", "", ""])
        #expect(
            Self.body(eight, from: 5, columns: 6) == [
                ["301", "", "工资福利支出", "1,322,567.95", "1,322,567.95", ""],
                ["301", "01", "基本工资", "1,234,567.80", "1,234,567.80", ""],
                ["301", "08", "机关事业单位基本养老保险缴费", "88,000.15", "88,000.15", ""],
                ["302", "", "商品和服务支出", "12,375,678.95", "", "12,375,678.95"],
                ["302", "01", "办公费", "12,345,678.90", "", "12,345,678.90"],
                ["302", "17", "公务接待费", "30,000.05", "", "30,000.05"],
                ["合计", "", "", "13,698,246.90", "1,322,567.95", "12,375,678.95"],
            ])
        #expect(eight.merges.contains("A12:C12"), "\(eight.merges)")

        // 表9: one row in 万元, 1,234.56 style.
        let nine = book.sheets[8]
        #expect(nine.cell("A2")?.value.hasSuffix("单位：万元") == true)
        #expect(Self.body(nine, from: 5, columns: 7) == [["28.00", "", "3.00", "25.00", "25.00", "", "1,237.57"]])
    }

    @Test(
        "the same department, unit version: 编制单位, income rows numbered 1、 2、 3、, 表8 headed 经济分类科目编码 | 部门经济分类科目名称, 表1 spending split into 合计 | 人员经费 | 公用经费 | 项目支出"
    )
    func unitWithFen() throws {
        let folder = TemporaryFolder()
        let project = try Self.withFen(folder)

        let book = try Self.export(project, folder.file("unit.xlsx"), "--variant", "unit")

        let one = book.sheets[0]
        #expect(one.cell("A2")?.value.hasPrefix("编制单位：") == true)
        #expect(Self.headerRow(one, 2, columns: 7) == ["本年收入", "", "本年支出", "", "", "", ""])
        #expect(Self.headerRow(one, 3, columns: 7) == ["项目", "预算数", "项目", "预算数", "", "", ""])
        #expect(Self.headerRow(one, 4, columns: 7) == ["", "", "", "合计", "基本支出", "", "项目支出"])
        #expect(Self.headerRow(one, 5, columns: 7) == ["", "", "", "", "人员经费", "公用经费", ""])
        #expect(
            Self.body(one, from: 6, columns: 7) == [
                ["一、财政拨款收入", "13,948,246.90", "一、一般公共服务支出", "13,860,246.75", "1,234,567.80", "12,375,678.95", "250,000.00"],
                ["1、一般公共预算资金", "13,948,246.90", "二、教育支出", "5,000.00", "", "5,000.00", ""],
                ["2、政府性基金", "", "三、社会保障和就业支出", "88,000.15", "88,000.15", "", ""],
                ["3、国有资本经营预算", "", "", "", "", "", ""],
                ["二、事业收入", "5,000.00", "", "", "", "", ""],
                ["三、事业单位经营收入", "", "", "", "", "", ""],
                ["四、其他收入", "", "", "", "", "", ""],
                ["收入总计", "13,953,246.90", "支出总计", "13,953,246.90", "1,322,567.95", "12,380,678.95", "250,000.00"],
            ])

        let eight = book.sheets[7]
        #expect(Self.headerRow(eight, 3, columns: 6) == ["经济分类科目编码", "", "部门经济分类科目名称", "合计", "人员经费", "公用经费"])
        let eightBody = Self.body(eight, from: 5, columns: 6)
        #expect(eightBody.last == ["合计", "", "", "13,698,246.90", "1,322,567.95", "12,375,678.95"])
        #expect(eight.merges.contains("A\(5 + eightBody.count):C\(5 + eightBody.count)"), "\(eight.merges)")
        #expect(Self.body(book.sheets[8], from: 5, columns: 7) == [["28.00", "", "3.00", "25.00", "25.00", "", "1,237.57"]])
    }

    @Test(
        "a department without 分 (the sample), both versions: whole 元 with separators (23,434,400) in tables 1–8, 62.03 in the “三公” table, the empty tables' 合计 merged and their notes (本部门 / 本单位)"
    )
    func sampleWholeYuan() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))

        let department = try Self.export(project, folder.file("d.xlsx"))
        let unit = try Self.export(project, folder.file("u.xlsx"), "--variant", "unit")

        // The published figures (2343.44, 2092.43, 90.27, 47.02 and 113.72 万元) in 元.
        #expect(
            Self.body(department.sheets[0], from: 4, columns: 4) == [
                ["一、财政拨款收入", "23,434,400", "一、一般公共服务支出", "20,924,300"],
                ["1. 一般公共预算资金", "23,434,400", "二、社会保障和就业支出", "902,700"],
                ["2. 政府性基金", "", "三、卫生健康支出", "470,200"],
                ["3. 国有资本经营预算", "", "四、住房保障支出", "1,137,200"],
                ["二、事业收入", "", "", ""],
                ["三、事业单位经营收入", "", "", ""],
                ["四、其他收入", "", "", ""],
                ["收入总计", "23,434,400", "支出总计", "23,434,400"],
            ])
        let unitIncome = Self.body(unit.sheets[0], from: 6, columns: 1).map { $0[0] }
        #expect(Array(unitIncome.prefix(4)) == ["一、财政拨款收入", "1、一般公共预算资金", "2、政府性基金", "3、国有资本经营预算"])

        let wholeWithSeparators = /^\d{1,3}(,\d{3})*$/
        for (name, book) in [("department", department), ("unit", unit)] {
            var amounts = 0
            for sheet in book.sheets.prefix(8) {
                for (position, cell) in sheet.cells where cell.kind == .number {
                    let text = Self.shown(sheet, position.row, position.column)
                    #expect(text.isEmpty || text.wholeMatch(of: wholeWithSeparators) != nil, "\(name) \(sheet.name)!\(position.reference): \(text)")
                    if let number = cell.number, number >= 1000 { #expect(text.contains(","), "\(sheet.name)!\(position.reference)") }
                    amounts += 1
                }
            }
            #expect(amounts > 100)
            #expect(Self.body(book.sheets[8], from: 5, columns: 7) == [["", "", "", "", "", "", "62.03"]], "\(name)")

            // 表6 and 表7 are empty: the header, one empty 合计 row merged over codes and name, the note.
            for (index, fund) in [(5, "政府性基金"), (6, "国有资本经营")] {
                let sheet = book.sheets[index]
                #expect(Self.body(sheet, from: 5, columns: 7) == [["合计", "", "", "", "", "", ""]], "\(name) \(sheet.name)")
                #expect(sheet.merges.contains("A6:D6"), "\(name) \(sheet.name): \(sheet.merges)")
                let who = name == "unit" ? "本单位" : "本部门"
                #expect(sheet.cell("A8")?.value == "注：\(who)2023年无\(fund)预算财政拨款安排的预算，故本表为空表。", "\(name) \(sheet.name)")
            }
        }
        #expect(Self.headerRow(department.sheets[7], 3, columns: 3) == ["部门预算经济分类科目编码", "", "经济分类科目名称"])
        #expect(Self.headerRow(unit.sheets[7], 3, columns: 3) == ["经济分类科目编码", "", "部门经济分类科目名称"])
        #expect(Self.headerRow(department.sheets[3], 2, columns: 3) == ["财政拨款收入", "", "财政拨款支出"])
        #expect(Self.headerRow(unit.sheets[3], 2, columns: 3) == ["财政拨款收入", "", "财政拨款支出"])
    }

    @Test(
        "budget settings: --yuan-decimals 0 or 2 changes only the number format (the cell keeps its exact value); --empty-table-notes off prints no note (municipal), on prints it again"
    )
    func settings() throws {
        let folder = TemporaryFolder()
        let fen = try Self.withFen(folder)
        let sample = try makeSampleProject(folder.file("p.budget"))

        let whole = try budget("settings", fen, "--yuan-decimals", "0")
        let two = try budget("settings", sample, "--yuan-decimals", "2")
        let off = try budget("settings", sample, "--empty-table-notes", "off")
        let bad = try budget("settings", sample, "--yuan-decimals", "3")

        #expect(whole.status == 0 && whole.stdout.contains("整数元（0）"), "\(whole.stdout)\(whole.stderr)")
        #expect(two.status == 0 && two.stdout.contains("两位小数（2）"), "\(two.stdout)")
        #expect(off.status == 0 && off.stdout.contains("空表说明：不印（off）"), "\(off.stdout)")
        #expect(bad.status == 64, "\(bad.stderr)")
        let wholeBook = try Self.export(fen, folder.file("whole.xlsx"))
        let total = try #require(Self.body(wholeBook.sheets[0], from: 4, columns: 4).last)
        #expect(total == ["收入总计", "13,953,247", "支出总计", "13,953,247"])
        #expect(wholeBook.sheets[0].cell(row: 11, column: 1)?.number == 13_953_246.9, "the exact amount is kept")
        #expect(
            Self.body(wholeBook.sheets[8], from: 5, columns: 7) == [["28.00", "", "3.00", "25.00", "25.00", "", "1,237.57"]], "万元 keeps two decimals")

        let twoBook = try Self.export(sample, folder.file("two.xlsx"))
        #expect(Self.body(twoBook.sheets[0], from: 4, columns: 4).last == ["收入总计", "23,434,400.00", "支出总计", "23,434,400.00"])
        for sheet in twoBook.sheets.prefix(9) {
            #expect(!Self.texts(sheet).contains { $0.hasPrefix("注") }, "\(sheet.name): no note")
        }
        #expect(Self.body(twoBook.sheets[5], from: 5, columns: 7) == [["合计", "", "", "", "", "", ""]], "the empty 合计 row stays")

        let on = try budget("settings", sample, "--empty-table-notes", "on", "--yuan-decimals", "auto")
        #expect(on.status == 0, "\(on.stderr)")
        let again = try Self.export(sample, folder.file("again.xlsx"))
        #expect(again.sheets[5].cell("A8")?.value == "注：本部门2023年无政府性基金预算财政拨款安排的预算，故本表为空表。")
        #expect(Self.body(again.sheets[0], from: 4, columns: 4).last == ["收入总计", "23,434,400", "支出总计", "23,434,400"])
    }

    @Test(
        "zeroDisplay on a table overrides the workbook's, as documents mix them: blank (表1), 0 (表2, as 万里), 0.00 (表8, as 普陀财政局), 0 in the “三公” table in 万元 (as 福利院); an unknown value is refused"
    )
    func zeroDisplayPerTable() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let mixed = try TemplateCommandTests.editedCopy(folder, "mixed.json", from: "shanghai") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            tables[1]["zeroDisplay"] = "zero"
            tables[7]["zeroDisplay"] = "0.00"
            tables[8]["zeroDisplay"] = "0"
            template["tables"] = tables
        }
        let wrong = try TemplateCommandTests.editedCopy(folder, "wrong.json", from: "shanghai") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            tables[7]["zeroDisplay"] = "dash"
            template["tables"] = tables
        }

        let exported = try runBudget(["export", project, folder.file("mixed.xlsx"), "--template", mixed])
        let refused = try budget("export", project, folder.file("wrong.xlsx"), "--template", wrong)

        #expect(exported.status == 0, "\(exported.stderr)")
        let book = try Self.workbook(folder.file("mixed.xlsx"))
        // 表1 keeps the template's blank.
        #expect(Self.body(book.sheets[0], from: 4, columns: 4)[2] == ["2. 政府性基金", "", "三、卫生健康支出", "470,200"])
        // 表2: 201 has no 事业收入: 0.
        let two = Self.body(book.sheets[1], from: 5, columns: 9)
        #expect(two.first == ["201", "", "", "一般公共服务支出", "20,924,300", "20,924,300", "0", "0", "0"])
        // 表8: 301 has no 公用经费: 0.00 beside whole 元.
        let eight = Self.body(book.sheets[7], from: 5, columns: 6)
        #expect(eight.first == ["301", "", "工资福利支出", "6,765,400", "6,765,400", "0.00"])
        // 表9: the “三公” items are zero: 0, beside 62.03.
        #expect(Self.body(book.sheets[8], from: 5, columns: 7) == [["0", "0", "0", "0", "0", "0", "62.03"]])
        // 表3 keeps blank.
        #expect(Self.body(book.sheets[2], from: 5, columns: 7).contains(["208", "", "", "社会保障和就业支出", "902,700", "902,700", ""]))
        #expect(refused.status == 1 && refused.stderr.contains("E-TEMPLATE") && refused.stderr.contains("zeroDisplay"), "\(refused.stderr)")
        #expect(refused.stderr.contains("dash"))
    }
}
