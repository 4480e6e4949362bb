/// Calculates a unit's 基本支出 line items from its roster and the standards: 人员经费 from
/// headcount × pay × months and the contributions the law sets, 公用经费 from 定额 and the
/// rules (工会经费 2 % of the wage bill), each line with its formula in words.
///
/// Every figure is exact until it becomes a line: amounts are kept as multiples of
/// 1/1,200,000,000 分 (12 months × hundredths of a month × millionths of a rate), so each line is
/// rounded once, half up, from its exact value.

/// A line item the calculator makes, with the formula that gives it.
public struct GeneratedLine: Equatable, Sendable {
    public var unitCode: String
    public var functional: String
    public var economic: String
    public var amount: Fen
    /// "基本工资：科员 10 人 × 3,000.00 元 × 12 个月 + …".
    public var formula: String

    /// The line item it stands for: 基本支出, 一般公共预算拨款, 人员经费 or 公用经费 by its class.
    public var item: LineItem {
        LineItem(unitCode: unitCode, functional: functional, economic: economic, type: .basic, source: .general, amount: amount)
    }

    /// What identifies a generated line within its unit.
    public var key: String { functional + "/" + economic }
}

/// Why a unit's 基本支出 cannot be calculated.
public struct CalculationProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var unitCode: String
    public var message: String
    public var description: String { "单位 \(unitCode)：\(message)" }
}

public enum BasicCalculator {
    /// The functional 项 of the contributions, by unit nature where it matters.
    static let pensionFunctional = "2080505"
    static let annuityFunctional = "2080506"
    static let housingFunctional = "2210201"
    static let civilServiceMedicalFunctional = "2101103"
    static func medicalFunctional(_ nature: UnitNature) -> String { nature == .institution ? "2101102" : "2101101" }
    static func retirementFunctional(_ nature: UnitNature) -> String { nature == .institution ? "2080502" : "2080501" }

    /// The 款 the part of 定额 no share names goes to: 其他商品和服务支出.
    static let unsharedQuotaEconomic = "30299"
    /// The 款 the calculation fills by rules of their own (工会经费, 福利费, 公务用车运行维护费): no
    /// share of the 定额 goes to them, or one 款 would be two lines.
    public static let ruleEconomics: Set<String> = ["30228", "30229", "30231"]

    /// The line items of one unit, in code order; lines of 0 are left out.
    ///
    /// - Throws: `CalculationProblem` when the unit has serving staff but no 项 to charge their pay
    ///   to, or when the 定额 shares add up to more than 100 %.
    public static func lines(unit: BudgetUnit, profile: UnitProfile?, groups: [RosterGroup], standards: StandardTable) throws
        -> [GeneratedLine]
    {
        var builder = LineBuilder(unit: unit)
        let serving = groups.filter { $0.category.isEstablished && $0.headcount > 0 }
        let contract = groups.filter { $0.category == .contract && $0.headcount > 0 }
        let retired = groups.filter { !$0.category.isServing && $0.headcount > 0 }
        let needsMain =
            !serving.isEmpty || !contract.isEmpty || (profile?.vehicles ?? 0) > 0 || (profile?.students ?? 0) > 0
        var main = ""
        if needsMain {
            guard let code = profile?.mainFunctional else {
                throw CalculationProblem(
                    unitCode: unit.code,
                    message: "还没有设工资列支的功能分类“项”（如 2010301 行政运行、2010350 事业运行）：budget roster unit 项目文件 \(unit.code) --functional 编码")
            }
            main = code
        }

        // 工资福利支出 of the serving staff on the establishment.
        let pay: [(economic: String, name: String, amount: (RosterGroup) -> Fen)] = [
            ("30101", "基本工资", \.basicPay), ("30102", "津贴补贴", \.allowances), ("30106", "伙食补助费", \.mealAllowance),
            ("30107", "绩效工资", \.performancePay),
        ]
        var wageBill = Exact.zero
        for (economic, name, amount) in pay {
            let total = builder.add(
                functional: main, economic: economic, name: name,
                terms: serving.map { (Exact(fen: Int64($0.headcount) * amount($0) * Int64($0.months)), LineBuilder.term($0, amount($0))) })
            if economic != "30106" { wageBill = wageBill + total }
        }
        // 奖金: the year-end bonus, months of 基本工资, for the part of the year each group serves.
        let bonusMonths = standards.value(.yearEndBonus)
        if bonusMonths > 0 {
            let bonus = builder.add(
                functional: main, economic: "30103", name: "奖金（年终一次性奖金 \(StandardKind.months.format(bonusMonths)) 基本工资）",
                terms: serving.map { group in
                    (
                        Exact(scaled: Int128(group.headcount) * Int128(group.basicPay) * Int128(group.months) * Int128(bonusMonths) * 1_000_000),
                        "\(group.label) \(group.headcount) 人 × \(Money.groupedYuan(group.basicPay)) 元 × \(StandardKind.months.format(bonusMonths))"
                            + (group.months == 12 ? "" : " × \(group.months)/12")
                    )
                })
            wageBill = wageBill + bonus
        }
        // 编外聘用: paid under contract, as 其他工资福利支出.
        let contractPay = builder.add(
            functional: main, economic: "30199", name: "其他工资福利支出（编外聘用人员工资）",
            terms: contract.map { group in
                let monthly = group.basicPay + group.allowances + group.performancePay + group.mealAllowance
                return (Exact(fen: Int64(group.headcount) * monthly * Int64(group.months)), LineBuilder.term(group, monthly))
            })
        wageBill = wageBill + contractPay

        // Contributions, at each standard's rate of the contribution base.
        // Sums of a base in 分 kept in 128 bits: a bound on each line is checked at the end.
        let base = serving.reduce(Int128(0)) { $0 + Int128($1.headcount) * Int128($1.effectiveContributionBase) * Int128($1.months) }
        let civil = serving.filter(\.category.isCivilService)
        let civilBase = civil.reduce(Int128(0)) { $0 + Int128($1.headcount) * Int128($1.effectiveContributionBase) * Int128($1.months) }
        let contributions: [(StandardKey, String, String, [RosterGroup], Int128)] = [
            (.pension, "30108", pensionFunctional, serving, base), (.annuity, "30109", annuityFunctional, serving, base),
            (.medical, "30110", medicalFunctional(unit.nature), serving, base),
            (.civilServiceMedical, "30111", civilServiceMedicalFunctional, civil, civilBase),
            (.otherSocial, "30112", main, serving, base), (.housingFund, "30113", housingFunctional, serving, base),
        ]
        for (key, economic, functional, members, base) in contributions where base > 0 {
            let standard = standards[key]
            builder.addRate(
                functional: functional, economic: economic, name: standard.name, rate: standard, of: Exact(scaled: base * Exact.denominator),
                basis: "缴费基数 \(Money.groupedYuan(Fen(clamping: base))) 元（\(builder.terms(members.map { ($0, $0.effectiveContributionBase) }))）")
        }

        // 离退休费, with the supplements paid with it.
        for (category, economic, name) in [(StaffCategory.retiredCadre, "30301", "离休费"), (.retired, "30302", "退休费")] {
            builder.add(
                functional: retirementFunctional(unit.nature), economic: economic, name: name,
                terms: retired.filter { $0.category == category }.map { group in
                    let monthly = group.pension + group.pensionSupplement
                    return (Exact(fen: Int64(group.headcount) * monthly * Int64(group.months)), LineBuilder.term(group, monthly))
                })
        }

        // 公用经费: 工会经费 and 福利费 from the wage bill.
        if wageBill.scaled > 0 {
            for (key, economic) in [(StandardKey.union, "30228"), (.welfare, "30229")] {
                let standard = standards[key]
                builder.addRate(
                    functional: main, economic: economic, name: standard.name, rate: standard, of: wageBill,
                    basis: "工资总额 \(wageBill.shown) 元")
            }
        }
        // 定额 per serving person and 生均, spread over the 款 by the bureau's shares.
        let quotaKey = StandardKey.quota(for: unit.nature)
        let perPerson = standards.value(quotaKey)
        let personMonths = serving.reduce(Int64(0)) { $0 + $1.personMonths }
        let students = Int64(profile?.students ?? 0)
        let perStudent = standards.value(.perStudent)
        var quotaParts: [String] = []
        var quota = Exact.zero
        if perPerson > 0, personMonths > 0 {
            quota = quota + Exact(scaled: Int128(perPerson) * Int128(personMonths) * 100_000_000)
            quotaParts.append("\(standards[quotaKey].name) \(Money.groupedYuan(perPerson)) 元 × \(personMonthsText(serving))")
        }
        if perStudent > 0, students > 0 {
            quota = quota + Exact(scaled: Int128(perStudent) * Int128(students) * Exact.denominator)
            quotaParts.append("生均公用经费 \(Money.groupedYuan(perStudent)) 元 × \(students) 名学生")
        }
        if quota.scaled > 0 {
            try builder.spread(quota, over: standards.quotaShares, functional: main, basis: quotaParts.joined(separator: " + "))
        }
        // 公务用车运行维护费 per vehicle.
        let vehicles = Int64(profile?.vehicles ?? 0)
        let perVehicle = standards.value(.vehicle)
        if vehicles > 0, perVehicle > 0 {
            builder.append(
                functional: main, economic: "30231", exact: Exact(scaled: Int128(vehicles) * Int128(perVehicle) * Exact.denominator),
                formula: "公务用车运行维护费：\(vehicles) 辆 × \(Money.groupedYuan(perVehicle)) 元")
        }
        if let large = builder.lines.first(where: { $0.amount > Money.maximumItemFen }) {
            throw CalculationProblem(
                unitCode: unit.code,
                message: "测算出的 \(large.economic) 超过一条明细的上限（1 万亿元）：请检查名册和标准的金额（每人每月、元）是否写错")
        }
        return builder.lines.sorted { ($0.economic, $0.functional) < ($1.economic, $1.functional) }
    }

    /// "科员 10 人 × 12 个月 + 新录用 1 人 × 9 个月".
    static func personMonthsText(_ groups: [RosterGroup]) -> String {
        LineBuilder.joined(groups.map { "\($0.label) \($0.headcount) 人 × \($0.months) 个月" })
    }
}

/// An exact amount: a multiple of 1/1,200,000,000 分.
struct Exact: Equatable {
    static let denominator: Int128 = 1_200_000_000
    static let zero = Exact(scaled: 0)

    var scaled: Int128
    init(scaled: Int128) { self.scaled = scaled }
    init(fen: Fen) { scaled = Int128(fen) * Self.denominator }

    static func + (a: Exact, b: Exact) -> Exact { Exact(scaled: a.scaled + b.scaled) }
    /// Times a rate in millionths; exact because every value built here is a multiple of 10^6
    /// scaled units.
    func times(rate millionths: Int64) -> Exact { Exact(scaled: scaled * Int128(millionths) / 1_000_000) }

    /// Rounded half up to 分.
    var rounded: Fen { Fen(clamping: (scaled * 2 + Self.denominator) / (2 * Self.denominator)) }
    /// Whole 分 and the remainder, for spreading.
    var floor: Fen { Fen(clamping: scaled / Self.denominator) }
    var remainder: Int128 { scaled % Self.denominator }
    /// The exact value in 元 as the formula shows it: "1,050,375.00", or with the fraction of a
    /// 分 when there is one ("21,007.505").
    var shown: String {
        let whole = Money.groupedYuan(floor)
        guard remainder != 0 else { return whole }
        var digits = ""
        var rest = remainder
        for _ in 0..<9 where rest != 0 {
            rest *= 10
            digits.append(String(rest / Self.denominator))
            rest %= Self.denominator
        }
        return whole + digits
    }
}

/// Collects a unit's lines and writes their formulas.
struct LineBuilder {
    let unit: BudgetUnit
    var lines: [GeneratedLine] = []
    static let maximumTerms = 6

    /// Adds a line whose amount is the sum of one term per group ("科员 10 人 × 3,000.00 元 × 12
    /// 个月"); nothing when it is 0. Returns the exact total.
    @discardableResult
    mutating func add(functional: String, economic: String, name: String, terms: [(Exact, String)]) -> Exact {
        let total = terms.reduce(Exact.zero) { $0 + $1.0 }
        guard total.scaled > 0 else { return total }
        let parts = terms.filter { $0.0.scaled > 0 }.map(\.1)
        append(functional: functional, economic: economic, exact: total, formula: "\(name)：\(Self.joined(parts))")
        return total
    }

    /// "科员 10 人 × 3,000.00 元 × 12 个月".
    static func term(_ group: RosterGroup, _ monthly: Fen) -> String {
        "\(group.label) \(group.headcount) 人 × \(Money.groupedYuan(monthly)) 元 × \(group.months) 个月"
    }

    /// Adds `rate` × `base` as a line; nothing when either is 0.
    mutating func addRate(functional: String, economic: String, name: String, rate: Standard, of base: Exact, basis: String) {
        guard rate.value > 0, base.scaled > 0 else { return }
        append(functional: functional, economic: economic, exact: base.times(rate: rate.value), formula: "\(name)：\(basis) × \(rate.shownValue)")
    }

    /// Spreads `quota` over the shares (the rest to 30299), so that the lines add up to the quota
    /// rounded once: each share's exact part rounded down, the 分 left over one each to the parts
    /// with the largest remainders.
    mutating func spread(_ quota: Exact, over shares: [(economic: String, share: Int64)], functional: String, basis: String) throws {
        if let taken = shares.first(where: { BasicCalculator.ruleEconomics.contains($0.economic) && $0.share > 0 }) {
            throw CalculationProblem(
                unitCode: unit.code,
                message: "公用经费定额不能分配到 \(taken.economic)（它按自己的标准测算）：请用 budget standards reset 项目文件 分配:\(taken.economic) 删除这项分配")
        }
        let named = shares.reduce(Int64(0)) { $0 + $1.share }
        guard named <= 1_000_000 else {
            throw CalculationProblem(
                unitCode: unit.code, message: "公用经费定额的分配比例合计 \(StandardKind.rate.format(named))，超过 100%：budget standards list 查看，改正后再测算")
        }
        var parts = shares.filter { $0.share > 0 }.map { (economic: $0.economic, share: $0.share) }
        if named < 1_000_000 {
            if let index = parts.firstIndex(where: { $0.economic == BasicCalculator.unsharedQuotaEconomic }) {
                parts[index].share += 1_000_000 - named
            } else {
                parts.append((BasicCalculator.unsharedQuotaEconomic, 1_000_000 - named))
            }
        }
        let exacts = parts.map { quota.times(rate: $0.share) }
        var amounts = exacts.map(\.floor)
        var leftOver = quota.rounded - amounts.reduce(0, +)
        for index in exacts.indices.sorted(by: { (exacts[$0].remainder, -$0) > (exacts[$1].remainder, -$1) }) where leftOver > 0 {
            amounts[index] += 1
            leftOver -= 1
        }
        for (part, amount) in zip(parts, amounts) where amount > 0 {
            lines.append(
                GeneratedLine(
                    unitCode: unit.code, functional: functional, economic: part.economic, amount: amount,
                    formula: "公用经费定额：（\(basis)）= \(quota.shown) 元 × \(StandardKind.rate.format(part.share))"))
        }
    }

    mutating func append(functional: String, economic: String, exact: Exact, formula: String) {
        let amount = exact.rounded
        guard amount > 0 else { return }
        lines.append(GeneratedLine(unitCode: unit.code, functional: functional, economic: economic, amount: amount, formula: formula))
    }

    /// "科员 10 人 × 8,000.00 元 × 12 个月 + …" for a rate's base.
    func terms(_ members: [(RosterGroup, Fen)]) -> String {
        Self.joined(members.map { Self.term($0.0, $0.1) })
    }

    /// Terms joined with " + ", at most six, then "等 N 组".
    static func joined(_ parts: [String]) -> String {
        guard parts.count > maximumTerms else { return parts.joined(separator: " + ") }
        return parts.prefix(maximumTerms - 1).joined(separator: " + ") + " + … 等 \(parts.count) 组"
    }
}
