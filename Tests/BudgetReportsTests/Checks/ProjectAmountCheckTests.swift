import BudgetModel
import Testing

@testable import BudgetReports

@Suite("project-amount: a project's items add up to its declared amount; the projects to 项目支出")
struct ProjectAmountCheckTests {
    let projects = [BudgetProject(name: "甲", unitCode: "001001")]
    // 甲's items: 6.00 万元.
    let items = [item("2010306", "30227", .project, .general, 6_000_000, project: "甲")]

    func document(declared: Fen?) -> DocumentData {
        DocumentData(
            performance: [ProjectPerformance(project: "甲", goal: "", indicators: [])],
            declaredProjectAmounts: declared.map { ["甲": $0] } ?? [:])
    }

    @Test("declared 6.00 万元, items 6.00 万元, 项目支出 6.00 万元; or nothing declared: nothing found")
    func none() throws {
        for declared in [6_000_000, nil] as [Fen?] {
            let disclosure = try CheckFixture.disclose(items, projects: projects, document: document(declared: declared))
            #expect(disclosure.findings.of(.projectAmount).isEmpty)
        }
    }

    @Test("甲 declares 7.00 万元 for items of 6.00 万元: its own error, and the declared total against 项目支出")
    func declaredDisagrees() throws {
        // 甲: declared 7,000,000, items 6,000,000 → 相差 -1.00 万元.
        // Items of projects 6,000,000 = 项目支出 6,000,000: no error.
        // Every project declares: declared total 7,000,000 against 项目支出 6,000,000.
        let disclosure = try CheckFixture.disclose(items, projects: projects, document: document(declared: 7_000_000))

        #expect(
            disclosure.findings.of(.projectAmount) == [
                Finding(
                    severity: .error, check: "project-amount", message: "项目“甲”的金额为 7.00万元，它的预算明细合计 6.00万元，相差 -1.00万元",
                    table: "项目", row: "甲", expected: 7_000_000, actual: 6_000_000),
                Finding(
                    severity: .error, check: "project-amount", message: "各项目填写的金额合计 7.00万元 与项目支出 6.00万元 不一致",
                    table: "项目", expected: 6_000_000, actual: 7_000_000),
            ])
    }

    @Test("a 项目支出 item without a project: the projects (6.00) fall short of 项目支出 (7.00)")
    func itemWithoutProject() throws {
        // 项目支出 = 6,000,000 (甲) + 1,000,000 (no project) = 7,000,000; projects' items 6,000,000.
        var loose = item("2010306", "30227", .project, .general, 1_000_000)
        loose.project = nil
        let disclosure = try CheckFixture.disclose(items + [loose], projects: projects, document: document(declared: nil))

        #expect(
            disclosure.findings.of(.projectAmount) == [
                Finding(
                    severity: .error, check: "project-amount", message: "各项目合计 6.00万元 与项目支出 7.00万元 不一致：有项目支出明细没有归入项目",
                    table: "项目", expected: 7_000_000, actual: 6_000_000)
            ])
    }

    @Test("the projects' totals given apart from the figures (as a defect in one path would): the same error")
    func tamperedTotals() throws {
        let disclosure = try CheckFixture.disclose(items, projects: projects, document: document(declared: nil))
        // 甲's items read as 5.00 万元 while 项目支出 stays 6.00.
        let found = ProjectAmountCheck.projects(disclosure.reports, disclosure.figures, disclosure.document, ["甲": 5_000_000])
        #expect(found.count == 1)
        #expect(found.first?.expected == 6_000_000 && found.first?.actual == 5_000_000)
        #expect(found.first?.message.contains("各项目合计 5.00万元 与项目支出 6.00万元 不一致") == true)
    }
}
