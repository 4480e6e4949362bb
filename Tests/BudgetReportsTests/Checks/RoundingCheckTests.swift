import BudgetModel
import Testing

@testable import BudgetReports

@Suite("rounding: 尾差 between a rounded total and its rounded parts")
struct RoundingCheckTests {
    // Two items of 0.005 万元 (5,000 分) each, under 2010301 and 2010306. In 万元 with two
    // decimals, half up: each shows 0.01, their exact sum 10,000 分 shows 0.01.
    // Table 3 rows: 0 合计, 1 201, 2 20103, 3 2010301, 4 2010306.
    //   20103 合计 (col 3) and 基本支出 (col 4): shown 0.01, parts shown 0.01 + 0.01 = 0.02 → 尾差 twice;
    //   201 and 合计 add one part each (0.01 = 0.01); a leaf's 合计 adds its own columns (0.01 + 0 …).
    let halves = [item("2010301", "30101", .basic, .general, 5_000), item("2010306", "30201", .basic, .general, 5_000)]

    static func only3(_ reports: ReportSet) -> ReportSet {
        var reports = reports
        reports.tables = reports.tables.filter { $0.id == "3" }
        return reports
    }

    static let note = "合计由精确金额计算后取整，公开时可加注“因四舍五入，合计数与分项数之和可能存在尾差”"

    @Test("amounts in whole hundredths of 万元: nothing found")
    func none() throws {
        let disclosure = try CheckFixture.disclose([
            item("2010301", "30101", .basic, .general, 10_000), item("2010306", "30201", .basic, .general, 1_230_000),
        ])
        #expect(disclosure.findings.of(.rounding).isEmpty)
    }

    @Test("two 尾差 in table 3: one warning at the first, counting both")
    func two() throws {
        let disclosure = try CheckFixture.disclose(halves)
        let expected = Finding(
            severity: .warning, check: "rounding",
            message: "因四舍五入，显示的合计 0.01 与显示的分项之和 0.02 相差 -0.01（尾差）；本表共有 2 处这样的尾差。\(Self.note)",
            table: "表3 部门预算支出总表", row: "第 3 行“20103 政府办公厅（室）及相关机构事务”", column: "第 3 栏“合计”",
            expected: 20_000, actual: 10_000)

        #expect(RoundingCheck.rounding(Self.only3(disclosure.reports)) == [expected])
        // Through the pipeline: one warning per table, table 3's among them.
        let found = disclosure.findings.of(.rounding)
        #expect(found.contains(expected))
        #expect(Set(found.compactMap(\.table)).count == found.count)
    }

    @Test("a total that is wrong is a sum error, not 尾差: only the other one is counted")
    func wrongTotal() throws {
        var reports = Self.only3(try CheckFixture.disclose(halves).reports)
        // 20103 合计 written 20,000 against exact parts 10,000: skipped (and 201's 合计 now disagrees
        // with it exactly, skipped too); 20103 基本支出 still shows 0.01 against 0.02.
        reports.tables[0].rows[2].cells[3] = .sum(20_000, refs: reports.tables[0].rows[2].cells[3].refs)

        #expect(
            RoundingCheck.rounding(reports) == [
                Finding(
                    severity: .warning, check: "rounding", message: "因四舍五入，显示的合计 0.01 与显示的分项之和 0.02 相差 -0.01（尾差）。\(Self.note)",
                    table: "表3 部门预算支出总表", row: "第 3 行“20103 政府办公厅（室）及相关机构事务”", column: "第 4 栏“基本支出”",
                    expected: 20_000, actual: 10_000)
            ])
    }
}
