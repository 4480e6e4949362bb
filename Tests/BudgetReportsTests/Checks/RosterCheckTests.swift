import BudgetModel
import Testing

@testable import BudgetReports

/// The roster against the line items. Figures worked out by hand in the comments.
@Suite("roster: the roster against the line items")
struct RosterCheckTests {
    static let units = [
        BudgetUnit(code: "801001", name: "某局机关", nature: .administrative), BudgetUnit(code: "801002", name: "某中心", nature: .institution),
    ]

    static func standards() -> StandardTable {
        var floor = StandardKey.baseFloor.standard
        floor.value = 600_000  // 6,000.00 元 a month
        var quota = StandardKey.quotaAdministrative.standard
        quota.value = 1_200_000  // 12,000.00 元 a person a year
        return StandardTable(kept: [floor, quota])
    }

    @Test("each disagreement is a warning that names the unit and both figures")
    func findings() {
        let groups = [
            RosterGroup(
                unitCode: "801001", category: .administrative, name: "科员", headcount: 3, establishment: 2, basicPay: 300_000, allowances: 200_000),
            RosterGroup(unitCode: "801002", category: .retired, headcount: 2, pension: 200_000),
        ]
        let facts = RosterFacts(
            groups: groups, profiles: ["801001": UnitProfile(unitCode: "801001", mainFunctional: "2010301")], standards: Self.standards(),
            basicByEconomic: ["801001": ["30101": 10_800_000, "30108": 1_000_000, "30201": 4_000_000]],
            publicFunds: ["801001": 4_000_000],
            edited: [.init(itemID: 7, unitCode: "801001", functional: "2010301", economic: "30102", generated: 10_000, now: 12_000)])
        let messages = RosterCheck.findings(facts, units: Self.units).map(\.message)
        #expect(
            messages == [
                // base 3,000 + 2,000 = 5,000.00 < 6,000.00
                "单位 801001“某局机关”“科员”的月缴费基数 5,000.00 元低于本地下限 6,000.00 元：缴费基数应不低于下限",
                // B = 3 × 5,000 × 12 = 180,000.00; × 16 % = 28,800.00 against 10,000.00 typed
                "单位 801001“某局机关”的 30108 机关事业单位基本养老保险缴费合计 10,000.00 元，按名册缴费基数 180,000.00 元 × 16% 应为 28,800.00 元",
                "单位 801001“某局机关”行政编制实有 3 人，超过编制数 2 人",
                // 定额 3 × 12,000.00 = 36,000.00; 工会经费 2 % × (108,000 + 72,000 + 9,000 年终奖) = 3,780.00;
                // allowed 39,780.00 against 40,000.00: 220.00 more
                "单位 801001“某局机关”的基本支出公用经费 40,000.00 元，高于按定额和标准测算的 39,780.00 元（多 220.00 元）",
                "单位 801002“某中心”名册有 2 人，但没有人员经费（301、303 的基本支出）：请运行 budget calculate，或录入人员经费",
                "明细 #7（单位 801001 2010301/30102）由人员名册测算为 100.00 元，已手工改为 120.00 元，不再随名册重算：如要恢复，删除它后运行 budget calculate",
            ])
        #expect(RosterCheck.findings(facts, units: Self.units).allSatisfy { $0.severity == .warning })
    }

    @Test("a roster that agrees with its lines: nothing")
    func agrees() {
        // 1 人 × 基数 6,000.00 × 12 = 72,000.00 × 16 % = 11,520.00 typed as 30108.
        let groups = [RosterGroup(unitCode: "801001", category: .administrative, headcount: 1, basicPay: 600_000)]
        let facts = RosterFacts(
            groups: groups, profiles: [:], standards: Self.standards(), basicByEconomic: ["801001": ["30101": 7_200_000, "30108": 1_152_000]])
        #expect(RosterCheck.findings(facts, units: Self.units).isEmpty)
    }
}
