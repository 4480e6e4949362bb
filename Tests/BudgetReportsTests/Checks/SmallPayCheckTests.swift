import BudgetModel
import Testing

@testable import BudgetReports

/// The data of a few line items with their per-unit sums, as `check` reads them.
func plausibilityData(_ items: [LineItem], units: [BudgetUnit] = [CheckFixture.mainUnit]) -> BudgetData {
    var data = CheckFixture.data(items, units: units)
    data.unitLines = UnitLineTotal.summing(items)
    return data
}

/// A line item of a given unit.
func unitItem(_ unit: String, _ functional: String, _ economic: String, _ fen: Fen, source: FundingSource = .general) -> LineItem {
    LineItem(unitCode: unit, functional: functional, economic: economic, type: .basic, source: source, amount: fen)
}

@Suite("small-pay: pay implausibly small for a unit with staff")
struct SmallPayCheckTests {
    @Test("基本工资 for 25 people typed 102.00 meaning 万元, stored as 102 元: a warning naming the unit, 30101, the amount and the item")
    func clerksBasicPay() {
        // The clerk's case: 30101 of 102.00 元 = 10,200 分, below one person's year (12 × 1,000 元 = 12,000.00 元).
        let items = [unitItem("001001", "2010301", "30101", 10_200), unitItem("001001", "2010301", "30102", 50_000_000)]
        let locator = FixedLocator([1])
        let findings = SmallPayCheck.smallPay(plausibilityData(items), UnitLineTotal.summing(items), locator.locate)

        #expect(findings.count == 1)
        let finding = findings[0]
        #expect(finding.severity == .warning && finding.check == "small-pay")
        #expect(finding.key == "small-pay:001001:30101" && finding.fingerprint == "30101=10200")
        #expect(finding.message.contains("001001 本级") && finding.message.contains("基本工资（30101）只有 102.00 元（0.01 万元）"))
        // Read as 万元 it would be 102 × 10,000 = 1,020,000.00 元.
        #expect(finding.message.contains("应为 1020000.00 元"))
        #expect(finding.items == [1])
        #expect(locator.asked.count == 1 && locator.asked[0].units == ["001001"] && locator.asked[0].economicCodes == ["30101"])
    }

    @Test("the same 102.00 in 万元 (1,020,000.00 元): nothing")
    func basicPayInWan() {
        let items = [unitItem("001001", "2010301", "30101", 102_000_000)]
        #expect(SmallPayCheck.smallPay(plausibilityData(items), UnitLineTotal.summing(items), { _ in [] }).isEmpty)
    }

    @Test("the bound: 12,000.00 元 a year passes, 11,999.99 元 is questioned")
    func bound() {
        let at = [unitItem("001001", "2010301", "30101", 1_200_000)]
        let below = [unitItem("001001", "2010301", "30101", 1_199_999)]
        #expect(SmallPayCheck.smallPay(plausibilityData(at), UnitLineTotal.summing(at), { _ in [] }).isEmpty)
        #expect(SmallPayCheck.smallPay(plausibilityData(below), UnitLineTotal.summing(below), { _ in [] }).count == 1)
    }

    @Test("301 without 30101 below 12,000 元, and 303 below 1,200 元 (300 元 a year): one warning each")
    func payAndAid() {
        // 30102 of 5,000.00 元 < 12,000.00; 30302 of 300.00 元 < 1,200.00 (12 × 100 元).
        let items = [unitItem("001001", "2010301", "30102", 500_000), unitItem("001001", "2080501", "30302", 30_000)]
        let findings = SmallPayCheck.smallPay(plausibilityData(items), UnitLineTotal.summing(items), { _ in [] })
        #expect(findings.map(\.key) == ["small-pay:001001:301", "small-pay:001001:303"])
        #expect(findings.map(\.fingerprint) == ["301=500000", "303=30000"])
    }

    @Test("a unit without pay lines, or other units' small amounts: nothing for it")
    func perUnit() {
        let second = BudgetUnit(code: "001002", name: "中心", nature: .institution)
        // 001001's 30101 of 2,000,000.00 元 is plausible; 001002 has 30201 only (no staff pay booked).
        let items = [unitItem("001001", "2010301", "30101", 200_000_000), unitItem("001002", "2010350", "30201", 100)]
        let data = plausibilityData(items, units: [CheckFixture.mainUnit, second])
        #expect(SmallPayCheck.smallPay(data, UnitLineTotal.summing(items), { _ in [] }).isEmpty)
    }

    @Test("through the registry: the check runs when the per-unit sums were read, and not otherwise")
    func registry() throws {
        let items = [unitItem("001001", "2010301", "30101", 10_200)]
        let data = plausibilityData(items)
        let reports = try ReportEngine.compute(data, template: CheckFixture.hebei)
        #expect(Checks.run(data, reports, locate: { _ in [] }).of(.smallPay).count == 1)
        #expect(Checks.run(CheckFixture.data(items), reports, locate: { _ in [] }).of(.smallPay).isEmpty)
    }
}
