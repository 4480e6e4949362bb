import BudgetModel
import Testing

@testable import BudgetReports

/// The engine writes every total as the sum of its parts, so the check is shown a tampered cell.
@Suite("sum: a total equals the sum of the cells it adds up")
struct SumCheckTests {
    // Item 1: 2010306 基本支出 1.00 万元; item 2: 2080501 基本支出 0.50 万元.
    // Table 3 rows: 0 合计, 1 201, 2 20103, 3 2010306, 4 208, 5 20805, 6 2080501;
    // columns: 3 合计, 4 基本支出, 5 项目支出 ….
    let items = [item("2010306", "30101", .basic, .general, 1_000_000), item("2080501", "30302", .basic, .general, 500_000)]

    func table3(_ reports: ReportSet) throws -> Int { try #require(reports.tables.firstIndex { $0.id == "3" }) }

    @Test("the tables as computed: nothing found")
    func none() throws {
        let disclosure = try CheckFixture.disclose(items)
        #expect(disclosure.findings.of(.sum).isEmpty)
        #expect(SumCheck.sums(disclosure.reports, { _ in [] }).isEmpty)
    }

    @Test("20103 基本支出 tampered to 0.90: an error there, and one at 201, which adds it up")
    func tampered() throws {
        var reports = try CheckFixture.disclose(items).reports
        let t = try table3(reports)
        // 20103 基本支出 = 2010306 基本支出 = 1,000,000; written 900,000 instead:
        //   row 2: total 900,000, parts 1,000,000 → off by -100,000 (−0.10 万元);
        //   row 1 (201 = 20103): total 1,000,000, parts 900,000 → off by 0.10 万元.
        reports.tables[t].rows[2].cells[4] = .sum(900_000, refs: [CellRef(row: 3, column: 4)])
        let locator = FixedLocator([1])

        let found = SumCheck.sums(reports, locator.locate)

        let tail = "没有落在任何分项中（例如资金来源或支出类型在这张表里没有对应的列）"
        #expect(
            found == [
                Finding(
                    severity: .error, check: "sum", message: "合计数 1.00 与分项之和 0.90 不一致：有 0.10 \(tail)",
                    table: "表3 部门预算支出总表", row: "第 2 行“201 一般公共服务支出”", column: "第 4 栏“基本支出”",
                    expected: 1_000_000, actual: 900_000, items: [1]),
                Finding(
                    severity: .error, check: "sum", message: "合计数 0.90 与分项之和 1.00 不一致：有 -0.10 \(tail)",
                    table: "表3 部门预算支出总表", row: "第 3 行“20103 政府办公厅（室）及相关机构事务”", column: "第 4 栏“基本支出”",
                    expected: 900_000, actual: 1_000_000, items: [1]),
            ])
    }

    @Test("a total that leaves out a part: the items behind it are those no part counts")
    func culprits() throws {
        var reports = try CheckFixture.disclose(items).reports
        let t = try table3(reports)
        // 合计 of 合计 adds 201 and 208; made to add 201 only: 1,500,000 against 1,000,000, and of
        // the total's items (1 and 2) only item 1 is under 201: item 2 is the culprit.
        reports.tables[t].rows[0].cells[3] = .sum(1_500_000, refs: [CellRef(row: 1, column: 3)])
        let lines = snapshot(items).items
        let locate: Checks.ItemLocator = { filter in lines.filter(filter.matches).compactMap(\.id) }

        let found = SumCheck.sums(reports, locate)

        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.severity == .error && finding.check == "sum")
        #expect(finding.table == "表3 部门预算支出总表" && finding.row == "第 1 行“合计”" && finding.column == "第 3 栏“合计”")
        #expect(finding.expected == 1_500_000 && finding.actual == 1_000_000)
        #expect(finding.message.hasPrefix("合计数 1.50 与分项之和 1.00 不一致：有 0.50 没有落在任何分项中"))
        #expect(finding.items == [2])
    }
}
