import Testing

@testable import BudgetModel

/// Worked examples of the 基本支出 calculation. Every expected figure below was worked out by hand
/// (the arithmetic is in the comments) before the calculator was written.
@Suite struct BasicCalculatorTests {
    /// The standards of the examples, set explicitly so that no default can move a figure.
    static func standards(housing: String = "12") -> StandardTable {
        func rate(_ key: StandardKey, _ text: String) -> Standard {
            var standard = key.standard
            standard.value = StandardKind.rate.parse(text)!
            return standard
        }
        func amount(_ key: StandardKey, _ text: String) -> Standard {
            var standard = key.standard
            standard.value = StandardKind.amount.parse(text)!
            return standard
        }
        func share(_ economic: String, _ text: String) -> Standard {
            Standard(
                key: StandardKey.quotaShare(economic), name: "定额分配 \(economic)", value: StandardKind.rate.parse(text)!, kind: .rate,
                basis: "公用经费定额", source: "示例")
        }
        return StandardTable(kept: [
            rate(.pension, "16"), rate(.annuity, "8"), rate(.medical, "7"), rate(.civilServiceMedical, "4"), rate(.otherSocial, "1"),
            rate(.housingFund, housing), rate(.union, "2"), rate(.welfare, "1"), amount(.quotaAdministrative, "12,000.00"),
            amount(.quotaInstitution, "10000"), amount(.vehicle, "30,000.00"), share("30201", "40%"), share("30207", "10"),
            share("30211", "30"), share("30216", "20"),
        ])
    }

    static func yuan(_ text: String) -> Fen { try! Money.parse(text, unit: .yuan) }

    /// Lines as "功能/经济 元" for comparison.
    static func shown(_ lines: [GeneratedLine]) -> [String] {
        lines.map { "\($0.functional)/\($0.economic) \(Money.formatYuan($0.amount))" }
    }

    /// A 行政 unit: 10 科员 all year, one newcomer from April (9 months), 4 retirees, 2 cars.
    @Test func administrativeUnit() throws {
        let unit = BudgetUnit(code: "801001", name: "某局机关", nature: .administrative)
        let groups = [
            RosterGroup(
                unitCode: "801001", category: .administrative, name: "科员", headcount: 10, basicPay: Self.yuan("3000"), allowances: Self.yuan("5000")),
            RosterGroup(
                unitCode: "801001", category: .administrative, name: "新录用", headcount: 1, months: 9, basicPay: Self.yuan("2500"),
                allowances: Self.yuan("4000")),
            RosterGroup(unitCode: "801001", category: .retired, headcount: 4, pension: Self.yuan("5000")),
        ]
        let profile = UnitProfile(unitCode: "801001", mainFunctional: "2010301", vehicles: 2)
        let lines = try BasicCalculator.lines(unit: unit, profile: profile, groups: groups, standards: Self.standards())
        // 30101 = 10 × 3000 × 12 + 1 × 2500 × 9 = 360000 + 22500 = 382500
        // 30102 = 10 × 5000 × 12 + 1 × 4000 × 9 = 600000 + 36000 = 636000
        // 30103 = 10 × 3000 × 1 + 1 × 2500 × 1 × 9/12 = 30000 + 1875 = 31875
        // base B = 10 × 8000 × 12 + 1 × 6500 × 9 = 960000 + 58500 = 1018500
        // 30108 16 % = 162960; 30109 8 % = 81480; 30110 7 % = 71295 (行政 → 2101101);
        // 30111 4 % = 40740 (行政编制); 30112 1 % = 10185; 30113 12 % = 122220
        // wage bill W = 382500 + 636000 + 31875 = 1050375; 30228 2 % = 21007.50; 30229 1 % = 10503.75
        // 30302 = 4 × 5000 × 12 = 240000 (行政 → 2080501)
        // 定额 = 12000 × (10 × 12 + 1 × 9) / 12 = 12000 × 129 / 12 = 129000:
        //   30201 40 % = 51600; 30207 10 % = 12900; 30211 30 % = 38700; 30216 20 % = 25800
        // 30231 = 2 × 30000 = 60000
        #expect(
            Self.shown(lines) == [
                "2010301/30101 382500.00", "2010301/30102 636000.00", "2010301/30103 31875.00", "2080505/30108 162960.00",
                "2080506/30109 81480.00", "2101101/30110 71295.00", "2101103/30111 40740.00", "2010301/30112 10185.00",
                "2210201/30113 122220.00", "2010301/30201 51600.00", "2010301/30207 12900.00", "2010301/30211 38700.00",
                "2010301/30216 25800.00", "2010301/30228 21007.50", "2010301/30229 10503.75", "2010301/30231 60000.00",
                "2080501/30302 240000.00",
            ])
        let pension = try #require(lines.first(where: { $0.economic == "30108" }))
        #expect(
            pension.formula
                == "机关事业单位基本养老保险单位缴费比例：缴费基数 1,018,500.00 元（科员 10 人 × 8,000.00 元 × 12 个月 + 新录用 1 人 × 6,500.00 元 × 9 个月） × 16%")
        let bonus = try #require(lines.first(where: { $0.economic == "30103" }))
        #expect(bonus.formula == "奖金（年终一次性奖金 1 个月 基本工资）：科员 10 人 × 3,000.00 元 × 1 个月 + 新录用 1 人 × 2,500.00 元 × 1 个月 × 9/12")
        // Every generated line is 基本支出 from 一般公共预算; 301/303 人员经费, 302 公用经费.
        #expect(lines.allSatisfy { $0.item.type == .basic && $0.item.source == .general })
        let natures = Dictionary(uniqueKeysWithValues: lines.map { ($0.economic, $0.item.nature) })
        #expect(natures["30228"] == CostNature.publicFunds)
        #expect(natures["30302"] == CostNature.personnel)
    }

    /// A 事业 unit with 绩效工资, a stated contribution base and retirees with a supplement; then
    /// the 住房公积金 rate is changed mid-draft from 12 % to 10 %.
    @Test func institutionWithPerformancePay() throws {
        let unit = BudgetUnit(code: "801002", name: "某中心", nature: .institution)
        let groups = [
            RosterGroup(
                unitCode: "801002", category: .institution, name: "专技", headcount: 5, basicPay: Self.yuan("4000"), allowances: Self.yuan("1000"),
                performancePay: Self.yuan("3000"), contributionBase: Self.yuan("9000")),
            RosterGroup(unitCode: "801002", category: .retired, headcount: 2, pension: Self.yuan("4000"), pensionSupplement: Self.yuan("500")),
        ]
        let profile = UnitProfile(unitCode: "801002", mainFunctional: "2010350")
        // 30101 = 5 × 4000 × 12 = 240000; 30102 = 5 × 1000 × 12 = 60000; 30103 = 5 × 4000 = 20000;
        // 30107 = 5 × 3000 × 12 = 180000; B = 5 × 9000 × 12 = 540000:
        // 30108 86400; 30109 43200; 30110 7 % = 37800 (事业 → 2101102); no 30111 (not 公务员);
        // 30112 5400; 30113 12 % = 64800, at 10 % = 54000;
        // W = 240000 + 60000 + 20000 + 180000 = 500000: 30228 10000; 30229 5000;
        // 30302 = 2 × (4000 + 500) × 12 = 108000 (事业 → 2080502);
        // 定额 = 10000 × 5 × 12 / 12 = 50000: 30201 20000; 30207 5000; 30211 15000; 30216 10000.
        let expected = [
            "2010350/30101 240000.00", "2010350/30102 60000.00", "2010350/30103 20000.00", "2010350/30107 180000.00",
            "2080505/30108 86400.00", "2080506/30109 43200.00", "2101102/30110 37800.00", "2010350/30112 5400.00",
            "2210201/30113 64800.00", "2010350/30201 20000.00", "2010350/30207 5000.00", "2010350/30211 15000.00",
            "2010350/30216 10000.00", "2010350/30228 10000.00", "2010350/30229 5000.00", "2080502/30302 108000.00",
        ]
        let lines = try BasicCalculator.lines(unit: unit, profile: profile, groups: groups, standards: Self.standards())
        #expect(Self.shown(lines) == expected)
        let changed = try BasicCalculator.lines(unit: unit, profile: profile, groups: groups, standards: Self.standards(housing: "10%"))
        #expect(Self.shown(changed) == expected.map { $0 == "2210201/30113 64800.00" ? "2210201/30113 54000.00" : $0 })
        let retirement = try #require(lines.first(where: { $0.economic == "30302" }))
        #expect(retirement.formula == "退休费：退休 2 人 × 4,500.00 元 × 12 个月")
    }

    /// Half a 分 rounds up once, from the exact total: 工会经费 2 % of a wage bill of
    /// 1,000,000.25 元 is 20,000.005 元 → 20,000.01; and a 定额 that does not divide evenly is
    /// spread so the lines add up to the rounded quota.
    @Test func roundsOnceFromTheExactTotal() throws {
        let unit = BudgetUnit(code: "801003", name: "某所", nature: .administrative)
        // 30101 = 1 × 83,333.35 × 12 = 1,000,000.20; 30102 = 1 × 0.05 × 12 = 0.60; no bonus (set
        // to 0 months below). W = 1,000,000.80 → 工会经费 2 % = 20,000.016 → 20,000.02.
        var table = Self.standards()
        var bonus = StandardKey.yearEndBonus.standard
        bonus.value = 0
        table.kept[bonus.key] = bonus
        for code in ["30207", "30211", "30216"] { table.kept[StandardKey.quotaShare(code)] = nil }
        table.kept[StandardKey.quotaShare("30201")]?.value = 333_333
        table.kept[StandardKey.quotaShare("30202")] = Standard(
            key: StandardKey.quotaShare("30202"), name: "定额分配 30202", value: 333_333, kind: .rate, basis: "", source: "")
        table.kept[StandardKey.quotaShare("30205")] = Standard(
            key: StandardKey.quotaShare("30205"), name: "定额分配 30205", value: 333_333, kind: .rate, basis: "", source: "")
        let groups = [
            RosterGroup(unitCode: "801003", category: .administrative, headcount: 1, basicPay: Self.yuan("83333.35"), allowances: Self.yuan("0.05")),
            RosterGroup(unitCode: "801003", category: .worker, name: "工勤", headcount: 1, months: 7, contributionBase: 0),
        ]
        let lines = try BasicCalculator.lines(
            unit: unit, profile: UnitProfile(unitCode: "801003", mainFunctional: "2010301"), groups: groups, standards: table)
        let byCode = Dictionary(uniqueKeysWithValues: lines.map { ($0.economic, Money.formatYuan($0.amount)) })
        #expect(byCode["30101"] == "1000000.20")
        #expect(byCode["30102"] == "0.60")
        #expect(byCode["30228"] == "20000.02")
        // 定额 = 12000 × (1 × 12 + 1 × 7) / 12 = 12000 × 19 / 12 = 19000.00; three shares of
        // 33.3333 %: 19000 × 0.333333 = 6333.327 → floor 6333.32 each (remainder .007), and
        // 30299 gets 0.0001 % = 0.019 → floor 0.01 (remainder .009). Rounded total 19000.00,
        // floors 3 × 6333.32 + 0.01 = 18999.97: three 分 left over go to the largest remainders:
        // 30299 (.009) then 30201 and 30202 (.007, earlier first).
        #expect(byCode["30201"] == "6333.33")
        #expect(byCode["30202"] == "6333.33")
        #expect(byCode["30205"] == "6333.32")
        #expect(byCode["30299"] == "0.02")
        #expect(byCode["30103"] == nil)
    }

    @Test func refusesAUnitWithoutAMainFunctionalCode() {
        let unit = BudgetUnit(code: "801004", name: "某站", nature: .institution)
        let groups = [RosterGroup(unitCode: "801004", category: .institution, headcount: 3, basicPay: 300_000)]
        #expect(throws: CalculationProblem.self) {
            try BasicCalculator.lines(unit: unit, profile: nil, groups: groups, standards: Self.standards())
        }
        // Retirees alone need no 项 of the unit's own.
        let retired = [RosterGroup(unitCode: "801004", category: .retired, headcount: 1, pension: 100_000)]
        #expect((try? BasicCalculator.lines(unit: unit, profile: nil, groups: retired, standards: Self.standards()))?.count == 1)
    }

    @Test func readsRatesAsClerksWriteThem() {
        #expect(StandardKind.rate.parse("16%") == 160_000)
        #expect(StandardKind.rate.parse("16") == 160_000)
        #expect(StandardKind.rate.parse("０.５％") == 5_000)
        #expect(StandardKind.rate.parse("12.5") == 125_000)
        #expect(StandardKind.rate.parse("101") == nil)
        #expect(StandardKind.rate.parse("1.23456") == nil)
        #expect(StandardKind.rate.format(125_000) == "12.5%")
        #expect(StandardKind.amount.parse("12,000.00") == 1_200_000)
        #expect(StandardKind.months.format(150) == "1.50 个月")
        #expect(Money.groupedYuan(101_850_000) == "1,018,500.00")
        #expect(Money.groupedYuan(50) == "0.50")
    }
}
