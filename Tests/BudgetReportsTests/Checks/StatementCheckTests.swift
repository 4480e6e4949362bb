import BudgetModel
import Testing

@testable import BudgetReports

/// The statement's figures and the tables come from the same totals, so the check is shown a
/// tampered figure or cell.
@Suite("statement: the figures the statement quotes equal the tables' cells")
struct StatementCheckTests {
    // 一般公共预算: 人员 3.00 万元 and 公用 1.00 万元 of 基本支出; 甲's 公务接待费 0.50 万元 of 项目支出.
    // 支出合计 4.50, 基本支出 4.00, 项目支出 0.50 (表3 合计 row); 机关运行经费 1.00 (表6 公用经费);
    // 公务接待费 0.50 (表9); no procurement.
    static func disclosure() throws -> Disclosure {
        try CheckFixture.disclose(
            [
                item("2010301", "30101", .basic, .general, 3_000_000), item("2010301", "30201", .basic, .general, 1_000_000),
                item("2010306", "30217", .project, .general, 500_000, project: "甲"),
            ],
            projects: [BudgetProject(name: "甲", unitCode: "001001")])
    }

    /// The findings on the figures as computed, then changed.
    static func statement(_ change: (inout StatementFigures) -> Void) throws -> [Finding] {
        let disclosure = try disclosure()
        var figures = disclosure.figures
        change(&figures)
        return StatementCheck.statement(disclosure.reports, figures, disclosure.narrative)
    }

    @Test("figures and tables as computed: nothing found")
    func none() throws {
        let disclosure = try Self.disclosure()
        #expect(disclosure.figures.spending == 4_500_000 && disclosure.figures.operation == 1_000_000)
        #expect(disclosure.findings.of(.statement).isEmpty)
    }

    @Test("机关运行经费 1 分 above 表6: an error in 元, as both round to 1.00 万元")
    func operationInYuan() throws {
        // 1,000,001 against 1,000,000.
        #expect(
            try Self.statement { $0.operation += 1 } == [
                Finding(
                    severity: .error, check: "statement", message: "情况说明中的机关运行经费 10000.01元 与表6 公用经费合计 10000.00元 不一致",
                    table: "情况说明", row: "机关运行经费", expected: 1_000_000, actual: 1_000_001)
            ])
    }

    @Test("公务接待费 0.60 against 表9's 0.50: an error in 万元")
    func threePublic() throws {
        #expect(
            try Self.statement { $0.threePublic[.reception] = 600_000 } == [
                Finding(
                    severity: .error, check: "statement", message: "情况说明中的公务接待费 0.60万元 与表9 公务接待费 0.50万元 不一致",
                    table: "情况说明", row: "公务接待费", expected: 500_000, actual: 600_000)
            ])
    }

    @Test("表3 项目支出 tampered to 0.60: the statement's 0.50 disagrees with the cell")
    func tamperedCell() throws {
        let disclosure = try Self.disclosure()
        var reports = disclosure.reports
        let t3 = try #require(reports.tables.firstIndex { $0.id == "3" })
        // Row 0 is 合计; column 5 项目支出.
        reports.tables[t3].rows[0].cells[5] = .sum(600_000, refs: reports.tables[t3].rows[0].cells[5].refs)

        #expect(
            StatementCheck.statement(reports, disclosure.figures, disclosure.narrative) == [
                Finding(
                    severity: .error, check: "statement", message: "情况说明中的项目支出 0.50万元 与表3 项目支出 0.60万元 不一致",
                    table: "情况说明", row: "项目支出", expected: 600_000, actual: 500_000)
            ])
    }

    @Test("支出合计 5.50 against 表3's 4.50: an error, and the text does not show 5.50万元")
    func spending() throws {
        #expect(
            try Self.statement { $0.spending = 5_500_000 } == [
                Finding(
                    severity: .error, check: "statement", message: "情况说明中的支出合计 5.50万元 与表3 合计 4.50万元 不一致",
                    table: "情况说明", row: "支出合计", expected: 4_500_000, actual: 5_500_000),
                Finding(severity: .error, check: "statement", message: "情况说明中没有写出支出合计 5.50万元", table: "情况说明", row: "支出合计"),
            ])
    }

    @Test("without tables 3, 6 and 9 nothing is compared, and that is said")
    func noTables() throws {
        let disclosure = try Self.disclosure()
        var reports = disclosure.reports
        reports.tables.removeAll { ["3", "6", "9"].contains($0.id) }

        #expect(
            StatementCheck.statement(reports, disclosure.figures, disclosure.narrative) == [
                Finding(
                    severity: .warning, check: "statement",
                    message: "模板“hebei”中没有可与情况说明核对的表（支出总表、基本支出表、“三公”经费表），情况说明中的这些数字没有与表核对",
                    table: "情况说明")
            ])
    }

    @Test("上年结转 in the statement but no 结转 row in the tables: a warning that the two part ways")
    func carryoverWithoutRow() throws {
        let disclosure = try Self.disclosure()
        var figures = disclosure.figures
        figures.income.carryover = 1_000_000
        // Hebei's tables have 上年结转 rows: the same figure is no finding …
        #expect(StatementCheck.statement(disclosure.reports, figures, disclosure.narrative).isEmpty)
        // … but a template whose tables name no 结转 counts it with this year's income.
        var reports = disclosure.reports
        for t in reports.tables.indices.prefix(reports.template.tables.count) {
            for r in reports.tables[t].rows.indices {
                reports.tables[t].rows[r].cells = reports.tables[t].rows[r].cells.map { $0.text?.contains("结转") == true ? .text("其他") : $0 }
            }
        }

        #expect(
            StatementCheck.statement(reports, figures, disclosure.narrative) == [
                Finding(
                    severity: .warning, check: "statement",
                    message: "模板“hebei”的表中没有上年结转的行，它的 1.00万元 并在本年同类收入中列示；情况说明把它单独写出。公开前请核对情况说明与表1 的口径是否一致",
                    table: "情况说明", row: "上年结转")
            ])
    }
}
