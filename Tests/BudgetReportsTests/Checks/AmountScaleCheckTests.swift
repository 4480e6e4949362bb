import BudgetModel
import Testing

@testable import BudgetReports

@Suite("amount-scale: a budget about 10,000 times from last year's")
struct AmountScaleCheckTests {
    /// The sample's last year (prior.csv): 收支总计 2302.08 万元 = 2,302,080,000 分.
    static let prior = PriorYear(amounts: [.total: 2_302_080_000, .basic: 1_794_760_000, .project: 507_320_000])

    @Test("the sample's 万元 file imported as 元 (2343.44 元) against last year's 2302.08 万元: about 9,824 times smaller")
    func wanAsYuan() {
        // 2343.44 元 = 234,344 分. 234,344 × 9,823 = 2,301,961,112; the rest 118,888 is over half of
        // 234,344 (117,172), so rounded: 9,824 times.
        let found = AmountScaleCheck.scale(total: 234_344, prior: Self.prior)
        #expect(found.count == 1)
        #expect(found[0].key == "amount-scale" && found[0].fingerprint == "234344/2302080000")
        #expect(found[0].message.contains("2343.44 元（0.23 万元）") && found[0].message.contains("小了约 9824 倍"))
        #expect(found[0].message.contains("--unit wan --replace"))
    }

    @Test("the sample in 万元 (2343.44 万元): nothing; no figure of last year: nothing")
    func plausible() {
        #expect(AmountScaleCheck.scale(total: 2_343_440_000, prior: Self.prior).isEmpty)
        #expect(AmountScaleCheck.scale(total: 234_344, prior: PriorYear()).isEmpty)
    }

    @Test("元 typed as 万元: 10,000 times larger; without 收支总计, 基本支出 + 项目支出 is compared")
    func yuanAsWan() {
        let parts = PriorYear(amounts: [.basic: 1_794_760_000, .project: 507_320_000])
        // 2302.08 万元 × 10,000 against 2302.08 万元: exactly 10,000 times.
        let found = AmountScaleCheck.scale(total: 23_020_800_000_000, prior: parts)
        #expect(found.count == 1 && found[0].message.contains("大了约 10000 倍") && found[0].message.contains("基本支出与项目支出之和"))
    }

    @Test("the bound: exactly 1,000 times apart passes, more is questioned")
    func bound() {
        #expect(AmountScaleCheck.apart(1_000, 1_000_000) == nil)
        #expect(AmountScaleCheck.apart(999, 1_000_000)! == (1_001, true))
    }

    @Test("at import: against the average line already in the project when last year is not entered")
    func importAgainstItems() {
        // 53 lines of 2343.44 万元 average 2,343,440,000 / 53 = 44,215,849 分; 2 lines of 200.00 元
        // average 10,000 分: 44,215,849 / 10,000 ≈ 4,422 times smaller.
        let warning = AmountScale.importWarning(
            importTotal: 20_000, importCount: 2, existingTotal: 2_343_440_000, existingCount: 53, prior: PriorYear())
        #expect(warning?.contains("小了约 4422 倍") == true)
        #expect(
            AmountScale.importWarning(importTotal: 20_000_000, importCount: 2, existingTotal: 2_343_440_000, existingCount: 53, prior: PriorYear())
                == nil)
    }
}
