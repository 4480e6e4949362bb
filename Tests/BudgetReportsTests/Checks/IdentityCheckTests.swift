import BudgetModel
import Testing

@testable import BudgetReports

/// The engine computes every table from the same totals, so the check is shown a tampered table.
@Suite("identity: the tables agree as the template's identities say")
struct IdentityCheckTests {
    // One item: 2010306 一般公共预算 基本支出 1.00 万元 (id 1).
    let items = [item("2010306", "30101", .basic, .general, 1_000_000)]

    @Test("the tables as computed: nothing found")
    func none() throws {
        let disclosure = try CheckFixture.disclose(items)
        #expect(disclosure.findings.of(.identity).isEmpty)
        #expect(IdentityCheck.identities(disclosure.reports, { _ in [] }).isEmpty)
    }

    @Test("表6 合计 tampered to 0.99: 表5 基本支出 (1.00) disagrees, found at 表5 with the items of its cell")
    func tampered() throws {
        var reports = try CheckFixture.disclose(items).reports
        let t6 = try #require(reports.tables.firstIndex { $0.id == "6" })
        // Identity “表5 col 4 [total] = 表6 col 3”: left 1,000,000, right 990,000 → expected 990,000, actual 1,000,000.
        reports.tables[t6].rows[0].cells[3] = .sum(990_000, refs: reports.tables[t6].rows[0].cells[3].refs)
        let locator = FixedLocator([1])

        let found = IdentityCheck.identities(reports, locator.locate)

        #expect(
            found == [
                Finding(
                    severity: .error, check: "identity",
                    message: "一般公共预算财政拨款支出表基本支出 = 基本支出表合计：本表为 1.00，表6 部门预算一般公共预算财政拨款基本支出表 第 1 行“合计” 第 3 栏“一般公共预算基本支出·合计” 为 0.99",
                    table: "表5 部门预算一般公共预算财政拨款支出表", row: "第 1 行“合计”", column: "第 4 栏“基本支出”",
                    expected: 990_000, actual: 1_000_000, items: [1])
            ])
        // The items are those of 表5's 合计 基本支出 cell: 基本支出 of 一般公共预算.
        #expect(locator.asked.count == 1)
        #expect(locator.asked.first?.summary.contains("支出类型为 基本支出") == true)
    }

    @Test("a row on one side only: 表2's 2010306 renamed 2010399 is missing from 表3, and 2010306 from 表2")
    func missingRow() throws {
        var reports = try CheckFixture.disclose(items).reports
        let t2 = try #require(reports.tables.firstIndex { $0.id == "2" })
        // Table 2 rows: 合计, 201, 20103, 2010306 (index 3). Identity “表2 col 3 = 表3 col 3, row by row”
        // over the keys of both, in key order: 2010306 (表2 0, 表3 1,000,000), 2010399 (表2 1,000,000, 表3 0).
        reports.tables[t2].rows[3].key = "2010399"
        let locator = FixedLocator([1])

        let found = IdentityCheck.identities(reports, locator.locate)

        let name = "收入总表与支出总表逐行相等"
        #expect(
            found == [
                Finding(
                    severity: .error, check: "identity",
                    message: "\(name)：本表为 0.00，表3 部门预算支出总表 第 4 行“2010306 政务公开审批” 第 3 栏“合计” 为 1.00",
                    table: "表2 部门预算收入总表", row: "“2010306”（本表没有这一行）", expected: 1_000_000, actual: 0),
                Finding(
                    severity: .error, check: "identity", message: "\(name)：本表为 1.00，表3 中没有这一行 为 0.00",
                    table: "表2 部门预算收入总表", row: "第 4 行“2010306 政务公开审批”", column: "第 3 栏“合计”",
                    expected: 0, actual: 1_000_000, items: [1]),
            ])
        // Only the row 表2 has is located.
        #expect(locator.asked.count == 1)
    }
}
