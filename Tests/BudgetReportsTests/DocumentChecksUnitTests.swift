import BudgetKit
import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetReports

/// The checks that compare two computations of the same figure cannot fail on a project the
/// tool wrote; here each is given a figure that disagrees, as a defect in one path would.
@Suite("Document checks against disagreeing figures")
struct DocumentChecksUnitTests {
    static func sample() throws -> (Disclosure, TemporaryFolder) {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        return (try ProjectSession(path).document(), folder)
    }

    @Test("statement: each figure of the text that disagrees with its table is an error naming both")
    func statementAgainstTables() throws {
        let (document, _) = try Self.sample()
        #expect(StatementCheck.statement(document.reports, document.figures, document.narrative).isEmpty)

        // 机关运行经费 one 万元 more than table 6, 项目支出 and 公务接待费 off too
        var figures = document.figures
        figures.operation += 1_000_000
        figures.project -= 100
        figures.threePublic[.reception] = 50_000

        let found = StatementCheck.statement(document.reports, figures, document.narrative)

        #expect(found.allSatisfy { $0.check == "statement" && $0.severity == .error })
        let operation = try #require(found.first { $0.row == "机关运行经费" && $0.expected != nil })
        #expect(operation.expected == 71_790_000 && operation.actual == 72_790_000)
        #expect(operation.message.contains("表6 公用经费合计 71.79万元"))
        #expect(found.contains { $0.row == "项目支出" && $0.message.contains("表3 项目支出") })
        #expect(found.contains { $0.row == "公务接待费" && $0.message.contains("表9") })
        // The text no longer shows the figure it should: also an error.
        #expect(found.contains { $0.row == "机关运行经费" && $0.message.contains("没有写出机关运行经费 72.79万元") })
    }

    @Test("statement in the Shanghai template: the tables found by role (表8 基本支出, 表9 one row with 机关运行经费 and the “三公” columns)")
    func statementByRole() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        let document = try ProjectSession(path).document(template: "shanghai")
        #expect(StatementCheck.statement(document.reports, document.figures, document.narrative).filter { $0.severity == .error }.isEmpty)

        var figures = document.figures
        figures.operation += 1_000_000
        figures.basic += 100
        figures.threePublic[.vehicleOperation] = 80_000

        let found = StatementCheck.statement(document.reports, figures, document.narrative)

        let operation = try #require(found.first { $0.row == "机关运行经费" && $0.expected != nil })
        #expect(operation.expected == 62_030_000 && operation.actual == 63_030_000)
        #expect(operation.message.contains("表9 机关运行经费预算数"), "\(operation.message)")
        #expect(found.contains { $0.row == "基本支出" && $0.message.contains("表3 基本支出") })
        #expect(found.contains { $0.row == "公务用车运行费" && $0.message.contains("表9 公务用车运行费") && $0.expected == 0 && $0.actual == 80_000 })
    }

    @Test("projects: projects that do not add up to 项目支出 are an error")
    func projectsAgainstProjectSpending() throws {
        let (document, _) = try Self.sample()
        #expect(ProjectAmountCheck.projects(document.reports, document.figures, document.document, document.data.projectAmounts).isEmpty)

        var totals = document.data.projectAmounts
        totals["专家评审费"] = nil  // as if its items had lost their project

        let found = ProjectAmountCheck.projects(document.reports, document.figures, document.document, totals)

        #expect(found.count == 1)
        #expect(found.first?.check == "project-amount")
        #expect(found.first?.expected == 450_920_000 && found.first?.actual == 444_920_000)
    }
}
