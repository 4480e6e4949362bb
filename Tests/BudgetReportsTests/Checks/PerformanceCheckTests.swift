import BudgetModel
import Testing

@testable import BudgetReports

@Suite("performance: every project has a target table with each 一级指标, and its cost cap holds")
struct PerformanceCheckTests {
    let projects = [BudgetProject(name: "甲", unitCode: "001001")]
    // 甲's items: 6.00 万元.
    let items = [item("2010306", "30227", .project, .general, 6_000_000, project: "甲")]

    static let output = PerformanceIndicator(level1: .output, level2: "数量指标", level3: "评审项目数", value: "≥10个")
    static let benefit = PerformanceIndicator(level1: .benefit, level2: "社会效益指标", level3: "决策质量", value: "提高")
    static let satisfaction = PerformanceIndicator(level1: .satisfaction, level2: "服务对象满意度指标", level3: "满意度", value: "≥90%")

    func performance(_ targets: [ProjectPerformance]) throws -> [Finding] {
        try CheckFixture.disclose(items, projects: projects, document: DocumentData(performance: targets)).findings.of(.performance)
    }

    @Test("a goal, the three 一级指标 and a cap equal to the spending: nothing found")
    func none() throws {
        let cost = PerformanceIndicator(level1: .output, level2: "成本指标", level3: "评审成本", value: "≤6 万元")
        let targets = [ProjectPerformance(project: "甲", goal: "完成评审", indicators: [Self.output, cost, Self.benefit, Self.satisfaction])]
        #expect(try performance(targets).isEmpty)
    }

    @Test("projects without targets: one finding naming them, or the first ten and the count; an error, as Hebei publishes 绩效目标")
    func reminders() throws {
        #expect(
            try performance([ProjectPerformance(project: "甲", goal: "", indicators: [])]) == [
                Finding(
                    severity: .error, check: "performance",
                    message: "项目“甲”还没有绩效目标表，模板的情况说明要公开绩效目标，公开前必须填写：请用 budget indicator import 或 budget indicator add 填写绩效指标",
                    table: "项目绩效目标表", row: "甲")
            ])
        // Twelve projects P01…P12: the first ten named, then “等 12 个项目”; the row counts them.
        let twelve = (1...12).map { ProjectPerformance(project: "P" + ($0 < 10 ? "0" : "") + String($0), goal: "", indicators: []) }
        let found = PerformanceCheck.performance(try CheckFixture.disclose([]).reports, DocumentData(performance: twelve), [:])
        #expect(found.count == 1)
        #expect(found.first?.severity == .error && found.first?.row == "12 个项目")
        #expect(
            found.first?.message.hasPrefix(
                "项目“P01”、“P02”、“P03”、“P04”、“P05”、“P06”、“P07”、“P08”、“P09”、“P10” 等 12 个项目还没有绩效目标表") == true)
    }

    /// A project 甲 without a 绩效目标表 under `template`: every finding of the check.
    func withoutTargets(_ template: Template) throws -> [Finding] {
        try CheckFixture.disclose(
            items, projects: projects, document: DocumentData(performance: [ProjectPerformance(project: "甲", goal: "", indicators: [])]),
            template: template
        ).findings
    }

    @Test(
        "a project without 绩效目标: one finding, the performance error, under Hebei and Shanghai (department and unit), though their statements write “（…尚未填写）” for it"
    )
    func missingTargetsOnce() throws {
        let shanghai = try Template.builtIn("shanghai")
        for template in [CheckFixture.hebei, try CheckFixture.hebei.variant("unit"), shanghai, try shanghai.variant("unit")] {
            let disclosure = try CheckFixture.disclose(
                items, projects: projects, document: DocumentData(performance: [ProjectPerformance(project: "甲", goal: "", indicators: [])]),
                template: template)
            // (The fixture has no texts: the required 总体绩效目标 is a placeholder error of its own.)
            let found = disclosure.findings.filter { $0.message.contains("甲") }
            #expect(found.map(\.check) == ["performance"], "\(template.name) \(template.variantName ?? ""): \(found)")
            #expect(found.map(\.severity) == [.error])
            // The statement still says which project lacks them: Hebei's section 五 and Shanghai's
            // section 四 write “（项目“甲”的绩效目标…尚未填写。）”, not reported again as a placeholder.
            #expect(disclosure.narrative.paragraphs.contains { $0.hasPrefix("（项目“甲”的绩效目标") && $0.hasSuffix("尚未填写。）") })
            #expect(!disclosure.findings.of(.placeholder).contains { $0.message.contains("甲") || $0.message.contains("（绩效目标尚未填写）") })
        }
    }

    @Test("a template whose statement does not publish 绩效目标: a project without them is a warning, and nothing else")
    func missingTargetsUnpublished() throws {
        var template = CheckFixture.hebei
        let statement = try #require(template.statement)
        // Hebei's statement without the 绩效目标表 of section 五 and its sentence on the projects without one.
        template.statement?.sections = statement.sections.map { section in
            var section = section
            section.blocks.removeAll { $0.table == "performance" || $0.condition.names.contains("未填绩效项目") }
            return section
        }
        #expect(template.statementSpec.publishesPerformanceTargets == false)
        #expect(CheckFixture.hebei.statementSpec.publishesPerformanceTargets)

        let found = try withoutTargets(template).filter { $0.message.contains("甲") }

        #expect(found.map(\.check) == ["performance"])
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.message == "项目“甲”还没有绩效目标表，公开前必须填写：请用 budget indicator import 或 budget indicator add 填写绩效指标")
    }

    @Test("a goal without indicators: one error, and nothing else of that table")
    func goalOnly() throws {
        #expect(
            try performance([ProjectPerformance(project: "甲", goal: "完成评审", indicators: [])]) == [
                Finding(
                    severity: .error, check: "performance",
                    message: "项目“甲”的绩效目标表只有绩效目标，没有指标：每个项目至少要有一条产出指标、效益指标和满意度指标",
                    table: "绩效目标表1 甲", row: "甲")
            ])
    }

    @Test("a blank goal, no 满意度指标, a cap of ≤1 万元 on 6 万元 and a cap not in 万元: four findings, in order")
    func everything() throws {
        // Rows: 1 output, 2 benefit, 3 cost “≤1 万元” (1,000,000 < 6,000,000: error),
        // 4 cost “约6万元” (no ≤: warning). Goal of spaces: empty. 满意度指标: missing.
        let capped = PerformanceIndicator(level1: .output, level2: "成本指标", level3: "评审成本", value: "≤1 万元")
        let vague = PerformanceIndicator(level1: .output, level2: "成本指标", level3: "差旅成本", value: "约6万元")
        let table = "绩效目标表1 甲"

        #expect(
            try performance([ProjectPerformance(project: "甲", goal: "  ", indicators: [Self.output, Self.benefit, capped, vague])]) == [
                Finding(severity: .error, check: "performance", message: "项目“甲”的绩效目标是空的", table: table, row: "绩效目标"),
                Finding(
                    severity: .error, check: "performance",
                    message: "项目“甲”的绩效目标表没有满意度指标：每个项目至少要有一条产出指标、效益指标和满意度指标", table: table, row: "满意度指标"),
                Finding(
                    severity: .error, check: "performance", message: "成本指标“评审成本”的上限 ≤1 万元 低于项目“甲”的预算 6.00万元",
                    table: table, row: "第 3 行", column: "指标值", expected: 6_000_000, actual: 1_000_000),
                Finding(
                    severity: .warning, check: "performance",
                    message: "成本指标“差旅成本”的指标值“约6万元”不是“≤金额 万元”的形式，无法与项目金额核对", table: table, row: "第 4 行", column: "指标值"),
            ])
    }

    @Test("a cap left above the project's amount after a cut (≤6 万元 on 5.70 万元): a warning naming both (issue 16)")
    func staleCap() throws {
        // The project's lines are 6.00 万元 (6,000,000 分); the cap ≤6.5 万元 = 6,500,000 > 6,000,000.
        let stale = PerformanceIndicator(level1: .output, level2: "成本指标", level3: "评审成本", value: "≤6.5 万元")
        #expect(
            try performance([ProjectPerformance(project: "甲", goal: "完成评审", indicators: [Self.output, Self.benefit, Self.satisfaction, stale])]) == [
                Finding(
                    severity: .warning, check: "performance",
                    message: "成本指标“评审成本”的上限 ≤6.5 万元 高于项目“甲”的预算 6.00万元：项目金额改过后，成本指标是否忘了改？可用 budget indicator set 修改",
                    table: "绩效目标表1 甲", row: "第 4 行", column: "指标值", expected: 6_000_000, actual: 6_500_000)
            ])
    }
}
