import BudgetModel
import Testing

@testable import BudgetReports

@Suite("empty-project: a project without line items")
struct EmptyProjectCheckTests {
    let projects = [BudgetProject(name: "甲", unitCode: "001001"), BudgetProject(name: "乙", unitCode: "001001")]

    @Test("every project has an item, even one of 0 分: nothing found")
    func none() throws {
        // 乙's only item is 0 分: it still has an item (zero-amount points the amount out).
        let disclosure = try CheckFixture.disclose(
            [
                item("2010306", "30227", .project, .general, 6_000_000, project: "甲"),
                item("2010306", "30227", .project, .general, 0, project: "乙"),
            ],
            projects: projects)
        #expect(disclosure.findings.of(.emptyProject).isEmpty)
        #expect(disclosure.findings.of(.zeroAmount).map(\.items) == [[2]])
    }

    @Test("乙 has no item: one warning naming 乙")
    func one() throws {
        // Items count per project: 甲 1, 乙 none → one warning, row 乙.
        let items = [item("2010306", "30227", .project, .general, 6_000_000, project: "甲")]
        let expected = [Finding(severity: .warning, check: "empty-project", message: "项目“乙”没有任何预算明细", row: "乙")]

        #expect(EmptyProjectCheck.emptyProjects(CheckFixture.data(items, projects: projects)) == expected)
        #expect(try CheckFixture.disclose(items, projects: projects).findings.of(.emptyProject) == expected)
    }
}
