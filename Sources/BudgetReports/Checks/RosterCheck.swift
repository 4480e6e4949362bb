import BudgetModel

/// The roster against the line items (warnings): a unit with staff but no 人员经费; a
/// contribution base outside the local band; 30108 that is not the pension rate of the roster's
/// base; more people than the establishment; 公用经费 above what the 定额 and rules give; a
/// generated line edited by hand, which no longer follows the roster.
enum RosterCheck: DisclosureCheck {
    static let id = CheckID.roster

    static func run(_ context: CheckContext) -> [Finding] {
        guard let facts = context.documentParts?.document.roster, facts.linesRead else { return [] }
        return findings(facts, units: context.data.units)
    }

    static func findings(_ facts: RosterFacts, units: [BudgetUnit]) -> [Finding] {
        var findings: [Finding] = []
        func warn(_ unit: String, _ message: String, items: [Int64] = []) {
            findings.append(Finding(severity: .warning, check: id.rawValue, message: message, row: unit, items: items))
        }
        let byUnit = Dictionary(grouping: facts.groups, by: \.unitCode)
        let floor = facts.standards.value(.baseFloor)
        let ceiling = facts.standards.value(.baseCeiling)
        for unit in units {
            guard let groups = byUnit[unit.code] else { continue }
            let name = "单位 \(unit.code)“\(unit.name)”"
            let serving = groups.filter { $0.category.isEstablished && $0.headcount > 0 }
            let basic = facts.basicByEconomic[unit.code] ?? [:]
            let personnel = basic.filter { $0.key.hasPrefix("301") || $0.key.hasPrefix("303") }.values.reduce(0, +)
            let staff = groups.filter { $0.headcount > 0 }.reduce(0) { $0 + $1.headcount }
            if staff > 0 && personnel == 0 {
                warn(unit.code, "\(name)名册有 \(staff) 人，但没有人员经费（301、303 的基本支出）：请运行 budget calculate，或录入人员经费")
            }
            for group in serving {
                let base = group.effectiveContributionBase
                if floor > 0, base < floor {
                    warn(
                        unit.code,
                        "\(name)“\(group.label)”的月缴费基数 \(Money.groupedYuan(base)) 元低于本地下限 \(Money.groupedYuan(floor)) 元：缴费基数应不低于下限")
                }
                if ceiling > 0, base > ceiling {
                    warn(
                        unit.code,
                        "\(name)“\(group.label)”的月缴费基数 \(Money.groupedYuan(base)) 元高于本地上限 \(Money.groupedYuan(ceiling)) 元：缴费基数应不高于上限")
                }
            }
            // 30108 against the pension rate of the roster's base, rounded once (half up).
            let base = Fen(
                clamping: serving.reduce(Int128(0)) { $0 + Int128($1.headcount) * Int128($1.effectiveContributionBase) * Int128($1.months) })
            let rate = facts.standards.value(.pension)
            if base > 0, rate > 0 {
                let expected = Fen(clamping: (Int128(base) * Int128(rate) * 2 + 1_000_000) / 2_000_000)
                let actual = basic["30108"] ?? 0
                if actual != expected {
                    warn(
                        unit.code,
                        "\(name)的 30108 机关事业单位基本养老保险缴费合计 \(Money.groupedYuan(actual)) 元，按名册缴费基数 \(Money.groupedYuan(base)) 元 × \(facts.standards[.pension].shownValue) 应为 \(Money.groupedYuan(expected)) 元"
                    )
                }
            }
            // Establishment per category, where the roster gives it.
            for category in StaffCategory.allCases {
                let members = groups.filter { $0.category == category }
                let limits = members.compactMap(\.establishment)
                guard !limits.isEmpty else { continue }
                let limit = limits.reduce(0, +)
                let count = members.reduce(0) { $0 + $1.headcount }
                if count > limit {
                    warn(unit.code, "\(name)\(category.rawValue)实有 \(count) 人，超过编制数 \(limit) 人")
                }
            }
            // 公用经费 against what the 定额 and rules give, when the bureau's 定额 is set.
            let perPerson = facts.standards.value(.quota(for: unit.nature))
            if perPerson > 0,
                let lines = try? BasicCalculator.lines(unit: unit, profile: facts.profiles[unit.code], groups: groups, standards: facts.standards)
            {
                let allowed = lines.filter { $0.item.nature == .publicFunds }.reduce(0) { $0 + $1.amount }
                let actual = facts.publicFunds[unit.code] ?? 0
                if actual > allowed {
                    warn(
                        unit.code,
                        "\(name)的基本支出公用经费 \(Money.groupedYuan(actual)) 元，高于按定额和标准测算的 \(Money.groupedYuan(allowed)) 元（多 \(Money.groupedYuan(actual - allowed)) 元）"
                    )
                }
            }
        }
        for item in facts.typedAlongside {
            warn(
                item.unitCode,
                "单位 \(item.unitCode) 的明细 #\(item.id ?? 0)（\(item.functional)/\(item.economic)，\(Money.groupedYuan(item.amount)) 元）是手工录入的，人员名册测算也生成了这一科目，会重复计算：如已由测算代替，请用 budget item rm 删除它",
                items: item.id.map { [$0] } ?? [])
        }
        for line in facts.edited {
            warn(
                line.unitCode,
                "明细 #\(line.itemID)（单位 \(line.unitCode) \(line.functional)/\(line.economic)）由人员名册测算为 \(Money.groupedYuan(line.generated)) 元，已手工改为 \(Money.groupedYuan(line.now)) 元，不再随名册重算：如要恢复，删除它后运行 budget calculate",
                items: [line.itemID])
        }
        return findings
    }
}
