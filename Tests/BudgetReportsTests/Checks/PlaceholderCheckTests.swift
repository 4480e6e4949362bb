import BudgetModel
import Testing

@testable import BudgetReports

@Suite("placeholder: no XXX, ××, 待填写, 待补充, TODO or “（…尚未填写）”, and no required section left empty")
struct PlaceholderCheckTests {
    @Test("the markers, as clerks type them, and look-alikes that are not")
    func markers() {
        #expect(PlaceholderCheck.marker(in: "由XXX公司承建") == "XXX")
        #expect(PlaceholderCheck.marker(in: "由ｘｘｘｘ公司承建") == "ｘｘｘｘ")
        #expect(PlaceholderCheck.marker(in: "××局负责") == "××")
        #expect(PlaceholderCheck.marker(in: "实施方案待填写") == "待填写")
        #expect(PlaceholderCheck.marker(in: "依据待补充。") == "待补充")
        #expect(PlaceholderCheck.marker(in: "TODO: 补上依据") == "TODO")
        #expect(PlaceholderCheck.marker(in: "todo") == "todo")
        #expect(PlaceholderCheck.marker(in: "（部门职责尚未填写）") == "尚未填写")
        // Not placeholders: two X, one ×, a product, an English word with an x.
        #expect(PlaceholderCheck.marker(in: "XX线路") == nil)
        #expect(PlaceholderCheck.marker(in: "面积 3×4 米") == nil)
        #expect(PlaceholderCheck.marker(in: "采购 Xbox 一台") == nil)
        #expect(PlaceholderCheck.marker(in: "负责全区财政工作。") == nil)
    }

    @Test("a paragraph with a marker is an error naming its section; a required text left empty is one error, not two")
    func statement() {
        let narrative = Narrative(
            title: "测试部门2024年部门预算",
            sections: [
                .init(heading: "一、主要职能", blocks: [.paragraph("（主要职能尚未填写）")]),
                .init(heading: "二、项目", blocks: [.subheading("（一）立项依据"), .paragraph("依据XXX文件。"), .paragraph("已经写好。")]),
            ],
            gaps: [.init(section: "一、主要职能", what: "部门职责", hint: "budget text set 项目文件 duties 文本文件", shown: "（主要职能尚未填写）")])

        let found = PlaceholderCheck.placeholders(narrative, tables: [])

        #expect(
            found == [
                Finding(
                    severity: .error, check: "placeholder",
                    message: "情况说明“一、主要职能”必须有部门职责，尚未填写：请用 budget text set 项目文件 duties 文本文件 填写", table: "情况说明",
                    row: "一、主要职能"),
                Finding(
                    severity: .error, check: "placeholder", message: "情况说明“二、项目”中有未填写的内容“XXX”：“依据XXX文件。”，公开前请填写", table: "情况说明",
                    row: "二、项目"),
            ])
    }

    @Test("a long paragraph is quoted by its beginning and the words before the marker")
    func excerpt() {
        let line = "12. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”科目71.54万元，主要用于（尚未填写）。"
        #expect(PlaceholderCheck.excerpt(line, around: "尚未填写") == "“12. “社会保障和就业支出（类）行政事业单位养老支出（款）…”科目71.54万元，主要用于（尚未填写…”")
    }

    @Test("a document sheet's text cell (a 绩效目标表's goal or indicator) with a marker is an error naming the table and row")
    func tables() throws {
        let performance = ProjectPerformance(
            project: "政务公开", goal: "待补充",
            indicators: [PerformanceIndicator(level1: .output, level2: "数量指标", level3: "公开条数", value: "≥XXX条")])
        let disclosure = try CheckFixture.disclose(
            [item("2010302", "30201", .project, .general, 1_000_000, project: "政务公开")], projects: [BudgetProject(name: "政务公开")],
            document: DocumentData(texts: [.duties: ["负责政务公开。"]], performance: [performance]))

        let found = disclosure.findings.of(.placeholder).filter { $0.table != "情况说明" }

        #expect(
            found == [
                Finding(
                    severity: .error, check: "placeholder", message: "1、政务公开绩效目标表中有未填写的内容“待补充”：“待补充”，公开前请填写",
                    table: "1、政务公开绩效目标表", row: "表头"),
                Finding(
                    severity: .error, check: "placeholder", message: "1、政务公开绩效目标表中有未填写的内容“XXX”：“≥XXX条”，公开前请填写",
                    table: "1、政务公开绩效目标表", row: "产出指标"),
            ])
    }

    @Test("through the pipeline: an empty Hebei document has its required texts and the （…尚未填写） fills as errors; the sample's kind has none")
    func pipeline() throws {
        let items = [item("2010301", "30101", .basic, .general, 1_000_000, nature: .personnel)]
        let empty = try CheckFixture.disclose(items).findings.of(.placeholder)
        #expect(empty.map(\.row) == ["一、部门职责及机构设置情况", "五、预算绩效信息", "五、预算绩效信息", "二、部门预算安排的总体情况", "七、国有资产信息"])
        #expect(empty.allSatisfy { $0.severity == .error })

        let filled = DocumentData(
            texts: [.duties: ["负责测试。"], .overallGoal: ["完成测试。"], .measures: ["加强管理。"]],
            assets: AssetHoldings(asOf: "2023-12-31", total: 0),
            prior: PriorYear(amounts: [.total: 1_000_000, .basic: 1_000_000, .project: 0]))
        #expect(try CheckFixture.disclose(items, document: filled).findings.of(.placeholder).isEmpty)
    }
}
