import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// The statement is template data (issue 15): a bureau edits a copied template file and the
/// statement follows, with no change to the program.
@Suite("the statement as template data")
struct StatementTemplateCommandTests {
    /// The Hebei template written out, with `edit` applied to its statement.
    static func edited(_ folder: TemporaryFolder, _ edit: (inout [String: Any]) throws -> Void) throws -> String {
        let path = folder.file("edited.json")
        let written = try budget("template-export", "hebei", path)
        try #require(written.status == 0, "\(written.stderr)")
        let data = try #require(bytes(path))
        var template = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var statement = try #require(template["statement"] as? [String: Any])
        try edit(&statement)
        template["statement"] = statement
        template["name"] = "edited"
        try JSONSerialization.data(withJSONObject: template, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Replaces the first block of section `section` with a paragraph.
    static func replaceFirstParagraph(_ statement: inout [String: Any], section: Int, with paragraph: String) throws {
        var sections = try #require(statement["sections"] as? [[String: Any]])
        var blocks = try #require(sections[section]["blocks"] as? [[String: Any]])
        blocks[0] = ["paragraph": paragraph]
        sections[section]["blocks"] = blocks
        statement["sections"] = sections
    }

    @Test("a copied template with one sentence of section 二 rewritten and 我省 as 本省: the statement says so, in Markdown and in the workbook")
    func changedSentence() throws {
        // Given: the sample, and a copy of the Hebei template whose section 二 opens with another sentence
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let template = try Self.edited(folder) { statement in
            try Self.replaceFirstParagraph(&statement, section: 2, with: "{本地}各部门预算实行综合预算管理。{部门名称}{年度}年的收支全部列入部门预算。")
            var words = try #require(statement["words"] as? [String: String])
            words["本地"] = "本省"
            statement["words"] = words
        }

        // When
        let before = try budget("narrative", project)
        let after = try budget("narrative", project, "--template", template)
        let export = try budget("export", project, folder.file("out.xlsx"), "--template", template, "--force")

        // Then: the new sentence, written here by hand, in place of the built-in one
        #expect(after.status == 0, "\(after.stderr)")
        let sentence = "本省各部门预算实行综合预算管理。石家庄高新技术产业开发区行政服务局2023年的收支全部列入部门预算。"
        #expect(after.stdout.contains(sentence))
        #expect(!after.stdout.contains("目前我省部门预算的编制实行综合预算管理"))
        #expect(before.stdout.contains("目前我省部门预算的编制实行综合预算管理"))
        #expect(!before.stdout.contains(sentence))
        #expect(export.status == 0, "\(export.stderr)")
        let sheet = try #require(try XLSXWorkbook(path: folder.file("out.xlsx")).sheet("情况说明"))
        #expect((0..<200).contains { sheet.cell(row: $0, column: 0)?.value == sentence })
    }

    @Test("a statement naming a figure that does not exist is refused with E-TEMPLATE naming the place, before anything is written")
    func unknownFigure() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let template = try Self.edited(folder) { statement in
            try Self.replaceFirstParagraph(&statement, section: 2, with: "收入总额{收入总额}万元。")
        }

        let result = try budget("narrative", project, "--template", template, "-o", folder.file("s.md"))

        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix("错误 E-TEMPLATE：模板 edited.json 有错误：statement.sections[2].blocks[0].paragraph：没有名为“收入总额”的数字或词"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("s.md")))
    }

    @Test("project set --overview … and prior set fiscal: the Shanghai statement's 项目经费情况说明 and 编制说明 use them; the unit version says 本单位")
    func shanghaiTexts() throws {
        // Given: the sample's items, one project's 项目经费情况说明 in part, last year's 财政拨款 with its reason
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"), standIns: false)
        let texts = try budget(
            "project", "set", project, "--name", "政务大厅运行经费", "--overview", "保障政务大厅日常运行。", "--period", "2023年1月至12月")
        let prior = try budget("prior", "set", project, "fiscal", "--amount", "2000", "--amount-unit", "wan", "--reason", "新增大厅运行项目")

        // When
        let department = try budget("narrative", project, "--template", "shanghai")
        let unit = try budget("narrative", project, "--template", "shanghai", "--variant", "unit")

        // Then: 2343.44 万元 against 2000.00 last year, and the project's parts in place
        #expect(texts.status == 0 && prior.status == 0, "\(texts.stderr) \(prior.stderr)")
        let lines = department.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("2023年，石家庄高新技术产业开发区行政服务局收入预算2343.44万元，其中：财政拨款收入2343.44万元，比2022年预算增加343.44万元；事业收入0.00万元；事业单位经营收入0.00万元；其他收入0.00万元。"))
        #expect(lines.contains("财政拨款收入支出增加的主要原因是新增大厅运行项目。"))
        let hall = try #require(lines.firstIndex { $0.hasSuffix("、政务大厅运行经费") })
        let part = lines[hall...].filter { !$0.isEmpty }.prefix(11)
        #expect(
            Array(part) == [
                lines[hall], "### （一）项目概况", "保障政务大厅日常运行。", "### （二）立项依据", "（立项依据尚未填写）", "### （三）实施主体", "（实施主体尚未填写）",
                "### （四）实施方案", "（实施方案尚未填写）", "### （五）实施周期", "2023年1月至12月",
            ])
        #expect(unit.stdout.contains("## 2023年单位预算编制说明"))
        #expect(unit.stdout.contains("2023年本单位政府采购预算") || unit.stdout.contains("2023年本单位无政府采购预算。"))
    }
}
