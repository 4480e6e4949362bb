import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// Hebei's unit version (issue 15): a unit's own workbook and statement titled and worded as a
/// unit budget (单位预算…, 本单位), as template data in `hebei.json` (`variants.unit`,
/// `statement.variants.unit`), the department's workbook unchanged.
@Suite("the Hebei unit version: 单位预算 titles, 单位 and 本单位 throughout")
struct HebeiUnitVersionTests {
    /// The nine titles of a Hebei unit budget, in the order of the department's nine.
    static let unitTitles = [
        "单位预算收支总表", "单位预算收入总表", "单位预算支出总表", "单位预算财政拨款收支总表", "单位预算一般公共预算财政拨款支出表",
        "单位预算一般公共预算财政拨款基本支出表", "单位预算政府基金预算财政拨款支出表", "单位预算国有资本经营预算财政拨款支出表", "单位预算财政拨款“三公”经费支出表",
    ]

    /// Every text cell of every sheet, with its sheet's name.
    static func texts(_ book: XLSXWorkbook) -> [(sheet: String, text: String)] {
        book.sheets.flatMap { sheet in
            sheet.cells.values.filter { $0.number == nil }.map { (sheet.name, $0.value) } + [(sheet.name, sheet.name)]
        }
    }

    /// The texts that say 部门 where the workbook speaks of the unit: every one but the name of
    /// the economic classification (表6 “支出部门经济分类科目”, the classification's own name) and
    /// the `glossary` entries, which define terms of every budget (“是指部门用财政拨款安排的…”).
    static func stray(_ book: XLSXWorkbook, glossary: Set<String> = []) -> [String] {
        texts(book).filter { $0.text.contains("部门") && !$0.text.contains("部门经济分类科目") && !glossary.contains($0.text) }
            .map { "\($0.sheet)：\($0.text)" }
    }

    /// The workbook's title in its document properties (docProps/core.xml).
    static func documentTitle(_ path: String) throws -> String {
        let core = String(decoding: try #require(try XLSXPackage.part(path, "docProps/core.xml")), as: UTF8.self)
        let start = try #require(core.range(of: "<dc:title>"))
        let end = try #require(core.range(of: "</dc:title>"))
        return String(core[start.upperBound..<end.lowerBound])
    }

    @Test("export-units under Hebei: each unit's nine tables titled 单位预算…, its own code and name under them, no 部门 meaning the unit")
    func exportUnits() throws {
        // Given: the sample (432001 行政服务局本级, 432002 政务服务中心)
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let out = folder.file("units")

        // When
        let exported = try budget("export-units", project, out)

        // Then
        #expect(exported.status == 0, "\(exported.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        try #require(files.count == 2, "\(files)")
        let lines = ["432001 石家庄高新技术产业开发区行政服务局本级", "432002 石家庄高新技术产业开发区政务服务中心"]
        for (file, line) in zip(files, lines) {
            let path = out + "/" + file
            let book = try XLSXWorkbook(path: path)
            #expect(book.sheets.prefix(9).map { $0.cell("A1")?.value ?? "" } == Self.unitTitles, "\(file)")
            #expect(book.sheets[0].cell("A2")?.value == line, "\(file)")
            #expect(!Self.texts(book).contains { $0.text.contains("本部门") })
            #expect(Self.stray(book).isEmpty, "\(file): \(Self.stray(book))")
            #expect(try Self.documentTitle(path) == String(line.dropFirst(7)) + "2023年单位预算公开表")
        }
    }

    @Test("export --variant unit under Hebei: the statement's title, headings and sentences say 单位 and 本单位, and the document sheets too")
    func statement() throws {
        // Given: the sample with stand-ins for what is not entered, and its duties in words
        // without 部门, so that every 部门 left would be the template's
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let duties = folder.write("duties.txt", "负责行政审批服务。\n")
        try #require(try budget("text", "set", project, "duties", duties).status == 0)
        let path = folder.file("unit.xlsx")

        // When
        let exported = try budget("export", project, path, "--variant", "unit")

        // Then
        #expect(exported.status == 0, "\(exported.stderr)")
        let book = try XLSXWorkbook(path: path)
        #expect(book.sheets.prefix(9).map { $0.cell("A1")?.value ?? "" } == Self.unitTitles)
        let sheet = try #require(book.sheet("情况说明"))
        let lines = (0..<400).compactMap { sheet.cell(row: $0, column: 0)?.value }
        let name = "石家庄高新技术产业开发区行政服务局"
        #expect(lines.first == "\(name) 2023 年单位预算信息公开情况说明")
        #expect(lines.contains("按照《预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，现将\(name) 2023 年单位预算公开如下："))
        #expect(lines.contains("一、单位职责及机构设置情况") && lines.contains("单位职责：") && lines.contains("负责行政审批服务。"))
        #expect(lines.contains("二、单位预算安排的总体情况"))
        #expect(lines.contains("按照预算管理有关规定，目前我省单位预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。\(name)的收支包含在单位预算中。"))
        // 2343.44 万元 in all (items.csv), the sample's figure.
        #expect(lines.contains { $0.hasPrefix("反映本单位当年全部收入。2023年预算收入2343.44万元，") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("2023年度本单位安排支出预算为2343.44万元。") })
        #expect(lines.contains("第一部分 单位整体绩效目标"))
        // The stand-in assets: 1,000,000.00 元 = 100.00 万元 at the end of 2022, with no “（含所属单位）”.
        #expect(lines.contains { $0.hasPrefix("\(name)上年末固定资产金额为100.00万元") }, "\(lines)")
        #expect(lines.contains("我单位无其他需要说明的事项。"))
        // The document sheets under their unit names and titles.
        for (sheetName, title) in [("单位机构设置", "单位机构设置情况"), ("单位政府采购预算", "单位政府采购预算"), ("单位固定资产占用情况表", "单位固定资产占用情况表")] {
            #expect(book.sheet(sheetName)?.cell("A1")?.value == title, "\(sheetName)")
        }
        #expect(Self.texts(book).contains { $0.text == "注：本单位没有政府采购预算，空表列示。" })
        #expect(!Self.texts(book).contains { $0.text.contains("本部门") })
        // Section 八: the standard 名词解释 (the project has none of its own), as the department's.
        let glossary = try #require(
            lines.firstIndex(of: "八、名词解释").flatMap { start in
                lines.firstIndex(of: "九、其他需要说明的事项").map { Set(lines[(start + 1)..<$0]) }
            })
        #expect(glossary.count == 10 && glossary.contains { $0.hasPrefix("7、“三公”经费：") })
        #expect(Self.stray(book, glossary: glossary).isEmpty, "\(Self.stray(book, glossary: glossary))")
        #expect(try Self.documentTitle(path) == "\(name)2023年单位预算公开表")
    }

    @Test("the department's own export under Hebei still says 部门: the titles, the statement and the sheets as before")
    func departmentUnchanged() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let path = folder.file("department.xlsx")

        let exported = try budget("export", project, path)

        #expect(exported.status == 0, "\(exported.stderr)")
        let book = try XLSXWorkbook(path: path)
        #expect(book.sheets[0].cell("A1")?.value == "部门预算收支总表")
        let sheet = try #require(book.sheet("情况说明"))
        let lines = (0..<400).compactMap { sheet.cell(row: $0, column: 0)?.value }
        #expect(lines.first == "石家庄高新技术产业开发区行政服务局 2023 年部门预算信息公开情况说明")
        #expect(lines.contains("二、部门预算安排的总体情况"))
        #expect(
            lines.contains(
                "按照预算管理有关规定，目前我省部门预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。石家庄高新技术产业开发区行政服务局机关及所属事业单位的收支包含在部门预算中。"))
        #expect(book.sheet("部门机构设置")?.cell("A1")?.value == "部门机构设置情况")
        #expect(try Self.documentTitle(path) == "石家庄高新技术产业开发区行政服务局2023年部门预算公开表")
    }
}
