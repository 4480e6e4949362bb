import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// What a draft workbook carries of a project, read back through the workbench: every part the
/// workbook has a sheet for, and the nine tables computed from it.
struct DraftContent: Equatable, CustomStringConvertible {
    var units: [BudgetUnit]
    var projects: [BudgetProject]
    var items: [LineItem]
    var performance: [ProjectPerformance]
    var declared: [String: Fen]
    var procurement: [ProcurementRow]
    var assets: AssetHoldings
    var prior: PriorYear
    var tables: [String]

    init(_ path: String) throws {
        units = try ProjectSession(path).units()
        projects = try ProjectSession(path).projects().projects.map(\.project)
        items = try ProjectSession(path).items(matching: ProjectSession.ItemQuery()).items.map { item in
            var item = item
            item.id = nil
            return item
        }
        let document = try ProjectSession(path).documentData()
        performance = document.performance
        declared = document.declaredProjectAmounts
        procurement = document.procurement.map { row in
            var row = row
            row.id = nil
            return row
        }
        assets = document.assets
        prior = document.prior
        let reports = try ProjectSession(path).reports()
        tables = reports.tables.map { TextRenderer.render($0, in: reports) }
    }

    var description: String {
        "\(units.count) units, \(projects.count) projects, \(items.count) items, \(procurement.count) purchases, tables:\n"
            + tables.joined(separator: "\n")
    }
}

@Suite("Draft workbook: template and import")
struct DraftWorkbookTests {
    static let fixtures = PackagePaths.root.appendingPathComponent("Tests/BudgetKitTests/Fixtures/draft")

    /// A project of the sample's department with nothing in it, not even units.
    func bare(_ folder: TemporaryFolder, _ name: String = "empty.budget") throws -> String {
        let path = folder.file(name)
        try ProjectSession.create(at: path, department: SampleProject.department)
        return path
    }

    /// A project with the sample's two units and nothing else.
    func units(_ folder: TemporaryFolder) throws -> String {
        let path = try bare(folder)
        _ = try ProjectSession(path).importUnits(from: SampleProject.file("units.csv"))
        return path
    }

    func sample(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("sample.budget")
        try SampleProject.build(at: path)
        return path
    }

    /// The problems an import reports, or nil when it succeeds.
    func refusal(_ body: () throws -> Void) -> InputProblems? {
        do {
            try body()
            return nil
        } catch let problems as InputProblems {
            return problems
        } catch let problem as InputProblem {
            return InputProblems([problem])
        } catch {
            Issue.record("unexpected error: \(error)")
            return nil
        }
    }

    @Test("template of the sample, imported into an empty project: the same data, the same nine tables, the same workbooks")
    func roundTrip() throws {
        // Given
        let folder = TemporaryFolder()
        let original = try sample(folder)
        // 主要内容 of two 项 (the sample has seven 一般公共预算 项), one with last year's figure and its reason.
        try ProjectSession(original).setPurpose(
            functional: "2010306", purpose: "政务服务日常运转", prior: "18000000", reason: "新增大厅运行项目", amountUnit: .yuan)
        try ProjectSession(original).setPurpose(functional: "2210201", purpose: "住房公积金", prior: nil, reason: nil, amountUnit: .yuan)
        let workbook = folder.file("draft.xlsx")
        let summary = try ProjectSession(original).writeDraft(to: workbook)
        #expect(
            summary.sheets.map(\.name) == [
                "单位", "预算明细", "项目", "绩效指标", "政府采购", "资产", "上年数", "主要内容", "情况说明文字", "分项绩效目标", "名词解释", "人员", "标准", "控制数", "控制数执行",
            ])
        // No roster; every standard (the 16 the tool knows, at their defaults); no caps.
        #expect(summary.sheets.map(\.records) == [2, 53, 15, 90, 10, 1, 13, 7, 17, 11, 10, 0, 16, 0, 0])
        let copy = try bare(folder)

        // When
        let result = try ProjectSession(copy).importWorkbook(from: workbook, unit: .yuan, replace: false)

        // Then: every part and every table as in the sample
        #expect(result.items == 53 && result.total == 2_343_440_000 && result.newUnits == 2 && result.newProjects.isEmpty)
        #expect(try DraftContent(copy) == DraftContent(original))
        #expect(
            try ProjectSession(copy).documentData().lineNotes == [
                "2010306": SpendingLineNote(code: "2010306", purpose: "政务服务日常运转", prior: 1_800_000_000, reason: "新增大厅运行项目"),
                "2210201": SpendingLineNote(code: "2210201", purpose: "住房公积金"),
            ])
        // The workbook of the copy is the workbook of the sample, byte for byte.
        let again = folder.file("again.xlsx")
        _ = try ProjectSession(copy).writeDraft(to: again)
        #expect(bytes(again) == bytes(workbook))
        // The texts, goals and glossary came with it: the whole disclosure is the same file.
        #expect(result.paragraphs == 17 && result.goals == 11 && result.glossaryEntries == 10)
        _ = try ProjectSession(original).export(to: folder.file("original.xlsx"), force: false)
        _ = try ProjectSession(copy).export(to: folder.file("copy.xlsx"), force: false)
        #expect(bytes(folder.file("copy.xlsx")) == bytes(folder.file("original.xlsx")))
    }

    @Test("the same project gives byte-identical workbooks; an empty project gives sheets of headers only")
    func deterministicAndEmpty() throws {
        let folder = TemporaryFolder()
        let empty = try bare(folder)
        _ = try ProjectSession(empty).writeDraft(to: folder.file("a.xlsx"))
        _ = try ProjectSession(empty).writeDraft(to: folder.file("b.xlsx"))
        #expect(bytes(folder.file("a.xlsx")) == bytes(folder.file("b.xlsx")))

        let workbook = try XLSXWorkbook(path: folder.file("a.xlsx"))
        #expect(
            workbook.sheets.map(\.name) == [
                "填表说明", "单位", "预算明细", "项目", "绩效指标", "政府采购", "资产", "上年数", "主要内容", "情况说明文字", "分项绩效目标", "名词解释", "人员", "标准",
                "控制数", "控制数执行", "代码表",
            ])
        for sheet in workbook.sheets.dropFirst().dropLast() {
            let rows = Set(sheet.cells.keys.map(\.row))
            // The total row and the header; 上年数 lists its 13 items with nothing filled in,
            // 情况说明文字 its five sections without text, 名词解释 the standard entries a new project has,
            // 标准 the standards at their defaults.
            let expected: Set<Int> =
                switch sheet.name {
                case "上年数": Set(0...14)
                case "情况说明文字": Set(0...6)
                case "名词解释": Set(0...(1 + StandardGlossary.entries.count))
                case "标准": Set(0...(1 + StandardKey.allCases.count))
                default: [0, 1]
                }
            #expect(rows == expected, "\(sheet.name): rows \(rows.sorted())")
        }
        let items = try #require(workbook.sheet("预算明细"))
        #expect(
            (0..<9).map { items.cell(row: 1, column: $0)?.value } == ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "经费类型", "项目名称", "资金来源", "金额", "备注"])
        // Importing it back changes nothing.
        let result = try ProjectSession(empty).importWorkbook(from: folder.file("a.xlsx"), unit: .yuan, replace: false)
        #expect(result.items == 0 && result.units == 0)
    }

    @Test("importing into a project that has the parts already is refused without --replace, naming each; with it, they are replaced")
    func replace() throws {
        // Given: the sample and its own workbook, with one amount changed
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let workbook = folder.file("draft.xlsx")
        _ = try ProjectSession(path).writeDraft(to: workbook)
        let before = try #require(bytes(path))
        let content = try DraftContent(path)

        // When: without --replace
        let problems = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false) })

        // Then: one problem per part the project has, nothing written
        #expect(problems.problems.map(\.sheet) == ["预算明细", "项目", "绩效指标", "政府采购", "资产", "上年数", "情况说明文字", "分项绩效目标", "名词解释"])
        #expect(problems.problems.allSatisfy { $0.message.contains("--replace") })
        #expect(bytes(path) == before)

        // When: with --replace, the project is what the workbook says
        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
        #expect(try DraftContent(path) == content)
        #expect(try ProjectSession(path).documentData().text(.duties) == ProjectSession(folder.file("sample.budget")).documentData().text(.duties))
        #expect(
            try ProjectSession(path).documentData().departmentGoals == ProjectSession(folder.file("sample.budget")).documentData().departmentGoals)
    }

    @Test(
        "a workbook saved by another program imports into an empty project and reproduces the sample",
        arguments: [
            "openpyxl-sample.xlsx", "libreoffice-sample.xlsx",
        ])
    func otherProducers(_ fixture: String) throws {
        let folder = TemporaryFolder()
        let original = try sample(folder)
        let copy = try bare(folder)

        let result = try ProjectSession(copy).importWorkbook(from: Self.fixtures.appendingPathComponent(fixture).path, unit: .yuan, replace: false)

        #expect(result.items == 53)
        let expected = try DraftContent(original)
        let found = try DraftContent(copy)
        #expect(found.tables == expected.tables)
        #expect(found == expected)
        // The openpyxl workbook has a sheet of notes, which is named as not imported.
        #expect(result.skippedSheets == (fixture.hasPrefix("openpyxl") ? ["说明"] : []))
    }

    @Test("every bad cell of every sheet is reported by sheet and cell with its value and reason; nothing is written")
    func badCells() throws {
        // Given
        let folder = TemporaryFolder()
        let path = try bare(folder)
        let before = try #require(bytes(path))
        let workbook = folder.file("bad.xlsx")
        let header: [(any Sendable)?] = ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "经费类型", "项目名称", "资金来源", "金额", "备注"]
        let itemRows = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>预算明细（元）</t></is></c></row>\
            <row r="2">\(header.enumerated().map { HandmadeXLSX.inline(HandmadeXLSX.reference(row: 1, column: $0.offset), $0.element as! String) }.joined())</row>\
            <row r="3"><c r="A3"><v>432001</v></c><c r="B3"><v>2010306</v></c><c r="C3"><v>30101</v></c><c r="D3" t="inlineStr"><is><t>基本支出</t></is></c>\
            <c r="G3" t="inlineStr"><is><t>一般公共预算拨款</t></is></c><c r="H3"><v>12.345</v></c></row>\
            <row r="4"><c r="A4" t="inlineStr"><is><t>432001 错误的单位名称</t></is></c><c r="B4" t="inlineStr"><is><t>2010306 政务公开审批</t></is></c>\
            <c r="C4" t="inlineStr"><is><t>30101 津贴补贴</t></is></c><c r="D4" t="inlineStr"><is><t>基本</t></is></c>\
            <c r="G4" t="inlineStr"><is><t>一般公共预算拨款</t></is></c><c r="H4" t="e"><v>#DIV/0!</v></c></row>\
            <row r="5"><c r="A5"><v>432002</v></c><c r="B5"><v>2010306</v></c><c r="C5"><v>30101</v></c><c r="D5" t="inlineStr"><is><t>项目支出</t></is></c>\
            <c r="G5" t="inlineStr"><is><t>上年结转结余</t></is></c><c r="H5"><f>A5*2</f></c><c r="K5" t="inlineStr"><is><t>多出来的</t></is></c></row>\
            <row r="6"><c r="A6"><v>999999</v></c><c r="B6"><v>2010306</v></c><c r="C6"><v>30101</v></c><c r="D6" t="b"><v>1</v></c>\
            <c r="G6" t="inlineStr"><is><t>一般公共预算拨款</t></is></c><c r="H6" t="inlineStr"><is><t>1,234.5元</t></is></c></row>
            """
        try HandmadeXLSX.write(
            workbook,
            [
                HandmadeXLSX.Sheet("单位", table: [["单位编码", "单位名称", "单位性质"], [432001, "本级", "行政"], [432002, "中心", "公司"]]),
                HandmadeXLSX.Sheet("预算明细", rows: itemRows),
                HandmadeXLSX.Sheet("资产", table: [["截止时间", "资产总额", "车辆数"], ["去年年底", "970万", 2.5]]),
            ])

        // When
        let problems = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false) })

        // Then: each cell once, in sheet order, with its value
        let places = problems.problems.map { "\($0.sheet ?? "")!\($0.cell ?? "")" }
        #expect(
            places == [
                "单位!C3", "预算明细!H3", "预算明细!A4", "预算明细!C4", "预算明细!D4", "预算明细!H4", "预算明细!F5", "预算明细!G5",
                "预算明细!H5", "预算明细!K5", "预算明细!A6", "预算明细!D6", "预算明细!H6", "资产!A2", "资产!B2", "资产!C2",
            ], "\(problems)")
        let text = "\(problems)"
        for expected in [
            "bad.xlsx，预算明细!H3，“金额”列，值“12.345”：金额的小数位太多", "单位名称与单位编码不符：432001 是“本级”", "30101 是“基本工资”，而“津贴补贴”是 30102 的名称",
            "值“#DIV/0!”：单元格是错误值", "项目支出必须写明项目名称", "上年结转结余要写明是哪一种", "是公式，但文件中没有保存它的计算结果",
            "这一列没有列名，却有内容", "项目文件中没有这个单位", "值“TRUE”", "带有单位或货币符号", "单位性质应为", "应为日期", "应为不小于 0 的整数",
            "共 16 处问题，没有写入任何内容。",
        ] {
            #expect(text.contains(expected), "missing “\(expected)” in:\n\(text)")
        }
        #expect(bytes(path) == before)
    }

    @Test("a code cell may carry its name; a code outside the catalogs takes the name it is given, as the CSV name column does")
    func codesWithNames() throws {
        // Given
        let folder = TemporaryFolder()
        let path = try units(folder)
        let workbook = folder.file("codes.xlsx")
        try HandmadeXLSX.write(
            workbook,
            [
                HandmadeXLSX.Sheet(
                    "预算明细",
                    table: [
                        ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "资金来源", "金额"],
                        ["432001 石家庄高新技术产业开发区行政服务局本级", "2010306 政务公开审批", "30101 基本工资", "基本支出", "一般公共预算拨款", 100],
                        ["432001", "2010306　政务公开审批", 30102, "基本支出", "一般公共预算拨款", "0.07"],
                        [432002, "2019998 自定义的事务", "30199 其他工资福利支出", "基本支出", "一般公共预算拨款", 0.01],
                    ])
            ])

        // When
        let result = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false)

        // Then
        let items = try ProjectSession(path).items(matching: ProjectSession.ItemQuery())
        #expect(items.items.map(\.functional) == ["2010306", "2010306", "2019998"])
        #expect(items.items.map(\.economic) == ["30101", "30102", "30199"])
        #expect(items.items.map(\.amount) == [10_000, 7, 1])
        #expect(result.newCodeNames == [CatalogEntry(kind: .functional, code: "2019998", name: "自定义的事务")])
        #expect(items.codes.name(.functional, "2019998") == "自定义的事务")
    }

    @Test("amounts through the round trip to the 分, whatever digits libxlsxwriter writes for them")
    func exactAmounts() throws {
        let folder = TemporaryFolder()
        let path = try units(folder)
        let amounts: [Fen] = [7, 1, 10, 9_999_999_999_999, 99_999_999_999_999, Money.maximumItemFen, 123_456_789_012, 30_000_000_001]
        for fen in amounts {
            _ = try ProjectSession(path).addItem(
                values: [
                    .unit: "432001", .functional: "2010306", .economic: "30201", .type: "basic", .source: "general", .amount: Money.formatYuan(fen),
                ],
                amountUnit: .yuan)
        }
        let workbook = folder.file("amounts.xlsx")
        _ = try ProjectSession(path).writeDraft(to: workbook)
        let copy = try bare(folder, "copy.budget")

        _ = try ProjectSession(copy).importWorkbook(from: workbook, unit: .yuan, replace: false)

        #expect(try ProjectSession(copy).items(matching: ProjectSession.ItemQuery()).items.map(\.amount) == amounts)
    }

    @Test("amounts of a workbook in 万元 import with --unit wan, up to six decimals")
    func wan() throws {
        let folder = TemporaryFolder()
        let path = try units(folder)
        let workbook = folder.file("wan.xlsx")
        try HandmadeXLSX.write(
            workbook,
            [
                HandmadeXLSX.Sheet(
                    "预算明细",
                    table: [
                        ["unit", "functional", "economic", "type", "source", "amount"], ["432001", "2010306", "30101", "basic", "general", 120.3],
                        ["432001", "2010306", "30102", "basic", "general", 0.000001],
                    ]),
                HandmadeXLSX.Sheet("上年数", table: [["项目", "上年预算数"], ["收支总计", 2302.08]]),
            ])

        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .wan, replace: false)

        #expect(try ProjectSession(path).items(matching: ProjectSession.ItemQuery()).items.map(\.amount) == [120_300_000, 1])
        #expect(try ProjectSession(path).documentData().prior.amounts == [.total: 2_302_080_000])
    }

    @Test("a unit that differs from the project's is refused without --replace and changed with it")
    func changedUnit() throws {
        let folder = TemporaryFolder()
        let path = try units(folder)
        let workbook = folder.file("units.xlsx")
        try HandmadeXLSX.write(
            workbook,
            [
                HandmadeXLSX.Sheet("Sheet1", table: [["单位编码", "单位名称", "单位性质"], ["432001", "新名称", "行政"], ["432003", "新单位", "参公"]])
            ])

        let problems = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false) })
        #expect(problems.problems.map { "\($0.sheet ?? "")!\($0.cell ?? "")" } == ["Sheet1!A2"])

        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
        #expect(try ProjectSession(path).units().map(\.name) == ["新名称", "新单位"])
    }

    @Test("--replace never leaves kept data without its unit: a unit still used by parts not in the workbook is refused")
    func keptReferences() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let before = try #require(bytes(path))
        let workbook = folder.file("units.xlsx")
        try HandmadeXLSX.write(workbook, [HandmadeXLSX.Sheet("单位", table: [["单位编码", "单位名称", "单位性质"], ["432001", "本级", "行政"]])])

        let problems = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true) })

        #expect(problems.problems.count == 1)
        #expect(problems.problems[0].message.contains("单位 432002"), "\(problems)")
        #expect(bytes(path) == before)
    }

    @Test("a workbook with only line items replaces the line items and leaves the rest of the project")
    func onlyItems() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let document = try ProjectSession(path).documentData()
        let workbook = folder.file("items.xlsx")
        try HandmadeXLSX.write(
            workbook,
            [
                HandmadeXLSX.Sheet(
                    "明细",
                    table: [
                        ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "项目名称", "资金来源", "金额"],
                        ["432001", "2010306", "30101", "基本支出", nil, "一般公共预算拨款", 1000],
                        ["432001", "2010306", "30227", "项目支出", "新项目", "一般公共预算拨款", 500],
                    ])
            ])

        let result = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)

        #expect(result.parts == ["预算明细"] && result.newProjects == ["新项目"])
        #expect(try ProjectSession(path).items(matching: ProjectSession.ItemQuery()).items.count == 2)
        let after = try ProjectSession(path).documentData()
        #expect(after.procurement == document.procurement && after.assets == document.assets && after.prior == document.prior)
        #expect(after.performance.count == document.performance.count + 1)
    }

    @Test(
        "files that are not workbooks are told apart by their content",
        arguments: [
            ("old.xls", Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(repeating: 0, count: 512), "旧版 Excel（.xls）"),
            ("broken.xlsx", Data("PK\u{03}\u{04}not really a zip".utf8), "无法读取这个工作簿"),
            ("empty.xlsx", Data(), "无法读取这个工作簿"),
        ])
    func notWorkbooks(_ name: String, _ content: Data, _ message: String) throws {
        let folder = TemporaryFolder()
        let path = try bare(folder)
        let file = folder.write(name, content)

        let problems = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: file, unit: .yuan, replace: false) })

        #expect("\(problems)".contains(message), "\(problems)")
        #expect("\(problems)".contains(name))
    }

    @Test("a workbook with no sheet the tool knows is refused with an example of the headers")
    func nothingKnown() throws {
        let folder = TemporaryFolder()
        let path = try bare(folder)
        let workbook = folder.file("other.xlsx")
        try HandmadeXLSX.write(workbook, [HandmadeXLSX.Sheet("Sheet1", table: [["姓名", "电话"], ["张三", 123]])])

        let problems = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false) })

        #expect("\(problems)".contains("没有可识别的表"))
    }

    // MARK: - The review's findings

    /// The items header and one row of the sample's kind.
    static let itemsHeader = ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "资金来源", "金额"]

    @Test("a row of formulas linked to the clerk's own sheet is a record; a row of SUM formulas, or one labelled 合计, is a total")
    func formulaRows() throws {
        let folder = TemporaryFolder()
        let path = try units(folder)
        let workbook = folder.file("f.xlsx")
        func formula(_ reference: String, _ formula: String, _ value: String, text: Bool = false) -> String {
            text
                ? "<c r=\"\(reference)\" t=\"str\"><f>\(formula)</f><v>\(value)</v></c>"
                : "<c r=\"\(reference)\"><f>\(formula)</f><v>\(value)</v></c>"
        }
        let header = Self.itemsHeader.enumerated().map { HandmadeXLSX.inline(HandmadeXLSX.reference(row: 0, column: $0.offset), $0.element) }.joined()
        let linked = [
            ("A2", "432001", true), ("B2", "2010306", true), ("C2", "30201", true), ("D2", "基本支出", true), ("E2", "一般公共预算拨款", true),
            ("F2", "5000", false),
        ]
        .map { formula($0.0, "'底稿'!\($0.0)", $0.1, text: $0.2) }.joined()
        let sums = formula("F3", "SUM(F2:F2)", "5000")
        try HandmadeXLSX.write(
            workbook, [HandmadeXLSX.Sheet("预算明细", rows: "<row r=\"1\">\(header)</row><row r=\"2\">\(linked)</row><row r=\"3\">\(sums)</row>")])

        let result = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false)

        #expect(result.items == 1 && result.total == 500_000)
    }

    @Test("two sheets of one part (a clerk's hidden backup copy) are refused, naming both, instead of adding the rows twice")
    func duplicateSheets() throws {
        let folder = TemporaryFolder()
        let path = try units(folder)
        let workbook = folder.file("d.xlsx")
        let table: [[(any Sendable)?]] = [Self.itemsHeader, ["432001", "2010306", "30201", "基本支出", "一般公共预算拨款", 5000]]
        try HandmadeXLSX.write(workbook, [HandmadeXLSX.Sheet("预算明细", table: table), HandmadeXLSX.Sheet("预算明细 (旧)", table: table)])
        let before = bytes(path)

        let problems = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false) })

        #expect(problems.problems.contains { $0.message.contains("工作表“预算明细”和“预算明细 (旧)”都是预算明细表") }, "\(problems)")
        #expect(bytes(path) == before)
    }

    @Test("the tool's own workbook is in 元: --unit wan is refused; a workbook of another department or year is refused")
    func ownWorkbookChecks() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let workbook = folder.file("draft.xlsx")
        _ = try ProjectSession(path).writeDraft(to: workbook)
        let other = folder.file("other.budget")
        try ProjectSession.create(at: other, department: Department(code: "555", name: "另一个部门", year: 2025))

        let wan = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .wan, replace: true) })
        let foreign = try #require(refusal { _ = try ProjectSession(other).importWorkbook(from: workbook, unit: .yuan, replace: false) })

        #expect(wan.problems.contains { $0.message.contains("不要加 --unit wan") })
        #expect(foreign.problems.contains { $0.message.contains("这是 432 石家庄高新技术产业开发区行政服务局 2023 年度的填报工作簿，项目文件是 555 另一个部门 2025 年度的") }, "\(foreign)")
        #expect(try ProjectFile.open(at: other).snapshot().items.isEmpty)
    }

    @Test("--replace saves the project first as a snapshot, so an import that emptied a part by mistake can be undone")
    func replaceSavesSnapshot() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let workbook = folder.file("empty-items.xlsx")
        try HandmadeXLSX.write(workbook, [HandmadeXLSX.Sheet("预算明细", table: [Self.itemsHeader])])
        let before = try ProjectFile.open(at: path).snapshot().items

        let result = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)

        #expect(result.items == 0 && result.before.items == 53)
        let snapshot = try #require(result.snapshot)
        #expect(snapshot.hasPrefix("导入“empty-items.xlsx”之前"))
        _ = try ProjectSession(path).restoreSnapshot(name: snapshot)
        #expect(try ProjectFile.open(at: path).snapshot().items == before)
    }

    @Test("a sheet of line items with one header mistyped stays a sheet of line items and is told the column it lacks")
    func mistypedHeader() throws {
        let folder = TemporaryFolder()
        let path = try units(folder)
        let workbook = folder.file("h.xlsx")
        var header = Self.itemsHeader
        header[5] = "预算金额"
        try HandmadeXLSX.write(workbook, [HandmadeXLSX.Sheet("预算明细", table: [header, ["432001", "2010306", "30201", "基本支出", "一般公共预算拨款", 5000]])])

        let problems = try #require(refusal { _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false) })

        #expect(problems.problems.contains { $0.message.contains("识别为“预算明细”表") }, "\(problems)")
        #expect(!problems.problems.contains { $0.message.contains("识别为“项目”表") })
    }

    @Test("a 序号 column and columns whose names start with # are the clerk's own: not imported, not an error")
    func ownColumns() throws {
        let folder = TemporaryFolder()
        let path = try units(folder)
        let workbook = folder.file("o.xlsx")
        try HandmadeXLSX.write(
            workbook,
            [
                HandmadeXLSX.Sheet(
                    "预算明细",
                    table: [
                        ["序号"] + Self.itemsHeader + ["#说明"],
                        [1, "432001", "2010306", "30201", "基本支出", "一般公共预算拨款", 5000, "去年同"],
                    ])
            ])

        let result = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false)

        #expect(result.items == 1 && result.total == 500_000)
    }

    @Test(
        "the unit and project drop-downs follow their sheets (formulas on 代码表 with room for rows the clerk adds), also in an empty project's workbook"
    )
    func liveLists() throws {
        let folder = TemporaryFolder()
        let sample = try sample(folder)
        let empty = try bare(folder)
        _ = try ProjectSession(sample).writeDraft(to: folder.file("s.xlsx"))
        _ = try ProjectSession(empty).writeDraft(to: folder.file("e.xlsx"))

        let parts = try HandmadeXLSX.read(folder.file("s.xlsx"))
        let lists = String(decoding: try #require(parts.first { $0.name == "xl/worksheets/sheet17.xml" }).data, as: UTF8.self)
        #expect(
            lists.contains("<f>IF('单位'!$A$3=\"\",\"\",'单位'!$A$3&amp;\" \"&amp;'单位'!$B$3)</f><v>432001 石家庄高新技术产业开发区行政服务局本级</v>"),
            "\(lists.prefix(600))")
        let items = String(decoding: try #require(parts.first { $0.name == "xl/worksheets/sheet3.xml" }).data, as: UTF8.self)
        #expect(items.contains("<formula1>'代码表'!$F$2:$F$203</formula1>"), "2 units and 200 rows to spare")
        let emptyItems = String(
            decoding: try #require(try HandmadeXLSX.read(folder.file("e.xlsx")).first { $0.name == "xl/worksheets/sheet3.xml" }).data, as: UTF8.self)
        #expect(emptyItems.contains("<formula1>'代码表'!$F$2:$F$201</formula1>"), "an empty project's workbook offers the units it gets")
        #expect(emptyItems.contains("<formula1>'代码表'!$G$2:$G$501</formula1>"))
    }
}
