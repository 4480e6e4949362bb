import BudgetModel
import Testing

@testable import BudgetReports

@Suite("zero-amount: line items of amount 0")
struct ZeroAmountCheckTests {
    @Test("no line item of 0 分: nothing found")
    func none() throws {
        let disclosure = try CheckFixture.disclose([
            item("2010306", "30101", .basic, .general, 1_000_000), item("2010306", "30201", .basic, .general, 1),
        ])
        #expect(disclosure.findings.of(.zeroAmount).isEmpty)
    }

    @Test("two items of 0 分 among four: one warning counting them, with their ids")
    func two() throws {
        // Items are numbered 1–4 in order; 2 and 4 are 0 分: one finding, "有 2 条", items [2, 4].
        let items = [
            item("2010306", "30101", .basic, .general, 1_000_000), item("2010306", "30201", .basic, .general, 0),
            item("2010301", "30101", .basic, .general, 5), item("2010301", "30201", .basic, .general, 0),
        ]
        let expected = [Finding(severity: .warning, check: "zero-amount", message: "有 2 条明细金额为 0", items: [2, 4])]

        #expect(ZeroAmountCheck.zeroAmounts(CheckFixture.data(items)) == expected)
        #expect(try CheckFixture.disclose(items).findings.of(.zeroAmount) == expected)
    }
}
