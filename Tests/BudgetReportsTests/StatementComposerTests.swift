import BudgetModel
import Foundation
import Testing

@testable import BudgetReports

/// The statement as template data: figures filled in, conditions, joined items, lists and the
/// required texts, on small in-memory inputs. Every expected text is written by hand.
@Suite("the statement laid out from its template")
struct StatementComposerTests {
    /// One 基本支出 line item of 1.00 万元 (一般公共预算, 30101) and one of 项目支出 of 2.50 万元.
    static let items = [
        item("2010301", "30101", .basic, .general, 1_000_000),
        item("2010302", "30201", .project, .general, 2_500_000, project: "宣传"),
    ]

    /// The Hebei template with `statement` (JSON written here) in place of its own.
    static func template(_ statement: String) throws -> Template {
        var template = CheckFixture.hebei
        template.statement = try JSONDecoder().decode(StatementSpec.self, from: Data(statement.utf8))
        return template
    }

    static func narrative(_ statement: String, document: DocumentData = DocumentData()) throws -> Narrative {
        let data = CheckFixture.data(items, projects: [BudgetProject(name: "宣传")])
        let input = DisclosureInput(data: data, document: document, template: try template(statement))
        return try DisclosurePipeline.run(input, checking: .none).narrative
    }

    /// The paragraphs and subheadings of every section, headings left out.
    static func texts(_ narrative: Narrative) -> [String] {
        narrative.sections.flatMap { section in
            section.blocks.compactMap { block in
                switch block {
                case .paragraph(let text), .subheading(let text): text
                case .table: nil
                }
            }
        }
    }

    static let change = """
        {"title": "{部门名称}{年度}年说明", "words": {"本地": "本市"}, "sections": [{"heading": "一、{本地}总体情况", "blocks": [
          {"paragraph": ["支出{支出合计}{金额单位}",
             {"text": "，比{上年度}年{收支总计增减}", "when": "收支总计增减"},
             {"text": "，与上年持平", "whenZero": "收支总计增减"},
             {"text": "，原因是{收支总计原因}", "when": "收支总计原因"}, "。"],
           "whenKnown": "收支总计增减", "otherwise": "（上年数尚未填写）"}]}]}
        """

    @Test("a figure, a change and its reason: 增加 with the reason, 持平, or the otherwise text while last year's figure is missing")
    func conditions() throws {
        // 3.50 万元 this year against 3.30 last year: 增加0.20万元.
        let increased = try Self.narrative(
            Self.change, document: DocumentData(prior: PriorYear(amounts: [.total: 3_300_000], reasons: [.total: "新增宣传项目。"])))
        #expect(increased.title == "测试部门2024年说明")
        #expect(increased.sections.map(\.heading) == ["一、本市总体情况"])
        #expect(Self.texts(increased) == ["支出3.50万元，比2023年增加0.20万元，原因是新增宣传项目。"])

        let same = try Self.narrative(Self.change, document: DocumentData(prior: PriorYear(amounts: [.total: 3_500_000])))
        #expect(Self.texts(same) == ["支出3.50万元，与上年持平。"])

        let missing = try Self.narrative(Self.change)
        #expect(Self.texts(missing) == ["（上年数尚未填写）"])
    }

    @Test("items joined with before, separator and after, left out entirely when none is shown; unless and whenMissing")
    func items() throws {
        let statement = """
            {"title": "说明", "sections": [{"heading": "", "blocks": [
              {"paragraph": {"items": [
                 {"text": "基本支出{基本支出增减}", "when": "基本支出增减"},
                 {"text": "项目支出{项目支出增减}", "when": "项目支出增减"}], "before": "其中", "separator": "；", "after": "。"}},
              {"paragraph": "没有其他支出。", "unless": "其他支出"},
              {"paragraph": "没有填写上年的基本支出。", "whenMissing": "基本支出上年"}]}]}
            """
        // 基本支出 1.00 against 1.20: 减少0.20; 项目支出 2.50 against 2.50: 持平, not listed.
        let both = try Self.narrative(statement, document: DocumentData(prior: PriorYear(amounts: [.basic: 1_200_000, .project: 2_500_000])))
        #expect(Self.texts(both) == ["其中基本支出减少0.20万元。", "没有其他支出。"])

        let none = try Self.narrative(statement)
        #expect(Self.texts(none) == ["没有其他支出。", "没有填写上年的基本支出。"])
    }

    @Test("a list repeats its blocks per item with the item's figures; an empty list shows its otherwise")
    func lists() throws {
        let statement = """
            {"title": "说明", "sections": [{"heading": "名词解释", "blocks": [
              {"each": "glossary", "blocks": [{"paragraph": "（{中文序号}）{名词}：{解释}"}], "otherwise": "无"},
              {"each": "departmentGoals", "blocks": [{"subheading": "{序号}. {名称}"}], "otherwise": "没有分项绩效目标。"}]}]}
            """
        let document = DocumentData(glossary: [
            GlossaryEntry(term: "基本支出", text: "保障机构正常运转的支出。"), GlossaryEntry(term: "项目支出", text: "完成特定任务的支出。"),
        ])
        #expect(
            Self.texts(try Self.narrative(statement, document: document)) == [
                "（一）基本支出：保障机构正常运转的支出。", "（二）项目支出：完成特定任务的支出。", "没有分项绩效目标。",
            ])
    }

    @Test("the template's standard glossary stands in for the project's standard one, its words filled in; the clerk's own wins")
    func standardGlossary() throws {
        let statement = """
            {"title": "说明", "words": {"本级": "市级"}, "glossary": [{"term": "财政拨款收入", "text": "是{本级}预算单位从本级财政取得的拨款。"}],
             "sections": [{"heading": "", "blocks": [{"each": "glossary", "blocks": [{"paragraph": "{名词}：{解释}"}]}]}]}
            """
        var standard = DocumentData(glossary: StandardGlossary.entries)
        standard.glossaryIsStandard = true
        #expect(Self.texts(try Self.narrative(statement, document: standard)) == ["财政拨款收入：是市级预算单位从本级财政取得的拨款。"])
        let own = DocumentData(glossary: [GlossaryEntry(term: "事业收入", text: "事业单位的收入。")])
        #expect(Self.texts(try Self.narrative(statement, document: own)) == ["事业收入：事业单位的收入。"])
    }

    @Test("a required text left empty is a gap of its section, and its otherwise stands in its place")
    func required() throws {
        let statement = """
            {"title": "说明", "sections": [{"heading": "一、主要职能", "blocks": [
              {"text": "duties", "required": true, "otherwise": "（主要职能尚未填写）"}, {"text": "other"}]}]}
            """
        let empty = try Self.narrative(statement)
        #expect(Self.texts(empty) == ["（主要职能尚未填写）"])
        #expect(
            empty.gaps == [
                Narrative.Gap(section: "一、主要职能", what: "部门职责", hint: "budget text set 项目文件 duties 文本文件", shown: "（主要职能尚未填写）")
            ])

        let filled = try Self.narrative(statement, document: DocumentData(texts: [.duties: ["负责全市财政工作。", "承办交办的其他事项。"]]))
        #expect(Self.texts(filled) == ["负责全市财政工作。", "承办交办的其他事项。"])
        #expect(filled.gaps.isEmpty)
    }

    @Test("sums named by a filter: 事业收入 as 事业收入 and 财政专户 together")
    func sums() throws {
        let statement = """
            {"title": "说明", "sums": [{"name": "事业收入", "filter": {"sources": ["business", "special"]}},
                                       {"name": "一般公共预算", "filter": {"sources": ["general"]}}],
             "sections": [{"heading": "", "blocks": [{"paragraph": "一般公共预算{一般公共预算}万元，事业收入{事业收入}万元。"}]}]}
            """
        #expect(Self.texts(try Self.narrative(statement)) == ["一般公共预算3.50万元，事业收入0万元。"])
    }

    @Test("mistakes are template errors naming their place: an unknown figure, condition, list or table, an open brace, a sheet name taken")
    func mistakes() throws {
        func problem(_ statement: String) -> String? {
            do {
                var template = try Self.template(statement)
                template.name = "edited"
                try template.validate(file: "edited.json")
                return nil
            } catch let error as TemplateError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        let unknown = problem(#"{"title": "说明", "sections": [{"heading": "", "blocks": [{"paragraph": "收入{收入总额}万元"}]}]}"#)
        #expect(unknown?.hasPrefix("statement.sections[0].blocks[0].paragraph：没有名为“收入总额”的数字或词") == true, "\(unknown ?? "")")
        let condition = problem(#"{"title": "说明", "sections": [{"heading": "", "blocks": [{"paragraph": "有", "when": "收入总额"}]}]}"#)
        #expect(condition == "statement.sections[0].blocks[0]：条件中的“收入总额”不是数字或词的名称")
        let list = problem(#"{"title": "说明", "sections": [{"heading": "", "blocks": [{"each": "goals", "blocks": []}]}]}"#)
        #expect(list?.hasPrefix("statement.sections[0].blocks[0].each：没有列表“goals”") == true, "\(list ?? "")")
        let itemOutside = problem(#"{"title": "说明", "sections": [{"heading": "", "blocks": [{"paragraph": "{名词}"}]}]}"#)
        #expect(itemOutside?.contains("没有名为“名词”的数字或词") == true, "a list's figure outside its list")
        let table = problem(#"{"title": "说明", "sections": [{"heading": "", "blocks": [{"table": "项目"}]}]}"#)
        #expect(table?.hasPrefix("statement.sections[0].blocks[0].table：没有文档表“项目”") == true)
        let brace = problem(#"{"title": "{部门名称 说明", "sections": []}"#)
        #expect(brace?.hasPrefix("statement.title：“{”没有对应的“}”") == true)
        let sheet = problem(#"{"title": "说明", "sections": [], "documentTables": {"assets": {"sheetName": "情况说明"}}}"#)
        #expect(sheet == "statement.documentTables.assets.sheetName：“情况说明”与工作表“情况说明”同名")
        let columns = problem(#"{"title": "说明", "sections": [], "documentTables": {"organisation": {"columns": ["单位名称"]}}}"#)
        #expect(columns == "statement.documentTables.organisation.columns：应有 4 个列名，这里有 1 个")
    }

    @Test("every figure the program computes has a name a template may use, and each list's items only their own")
    func names() throws {
        // Last year's figures and reasons of every item, assets, procurement: every figure has a value.
        var prior = PriorYear()
        for item in PriorItem.allCases {
            prior.amounts[item] = 1_000_000
            prior.reasons[item] = "原因"
        }
        var document = DocumentData(
            texts: [.duties: ["职责"]], departmentGoals: [DepartmentGoal(name: "目标", goal: "目标", indicators: "指标")],
            performance: [ProjectPerformance(project: "宣传", goal: "目标", indicators: [])],
            assets: AssetHoldings(asOf: "2023-12-31", total: 1, vehicleCount: 1, equipmentCount: 1), prior: prior,
            glossary: StandardGlossary.entries)
        document.lineNotes = ["2010301": SpendingLineNote(code: "2010301", purpose: "用途", prior: 1, reason: "原因")]
        document.projectTexts = ["宣传": Dictionary(uniqueKeysWithValues: ProjectTextField.allCases.map { ($0, "文字") })]
        let template = try Template.builtIn("shanghai")
        // With 公用经费, so that 机关运行经费 has its uses.
        let items = Self.items + [item("2010301", "30201", .basic, .general, 100_000, nature: .publicFunds)]
        let data = CheckFixture.data(items, projects: [BudgetProject(name: "宣传")])
        let reports = try ReportEngine.compute(data, template: template).forText
        let spec = template.statementSpec
        let figures = StatementFigures.compute(data, document)
        let table = StatementFigureTable.compute(reports, spec, figures: figures, document: document, data: data)
        let known = StatementFigureNames.global.union((spec.words ?? [:]).keys).union((spec.sums ?? []).map(\.name))
        #expect(Set(table.values.keys).subtracting(known).isEmpty, "\(Set(table.values.keys).subtracting(known))")
        // Every name has a value here but two, set only when they apply: the scope of 机关运行经费
        // when only 行政 and 参公 units count, and the projects without targets.
        let unset = StatementFigureNames.global.subtracting(table.values.keys)
        #expect(unset == ["机关运行经费口径", "未填绩效项目"], "never computed: \(unset)")
        for (list, names) in StatementFigureNames.lists {
            let items = StatementFigureTable.items(list, reports, spec, document: document, data: data) { $0 }
            #expect(!items.isEmpty, "\(list)")
            for item in items { #expect(Set(item.keys).isSubset(of: names), "\(list): \(Set(item.keys).subtracting(names))") }
        }
    }
}
