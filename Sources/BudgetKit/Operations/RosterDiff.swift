import BudgetModel
import Foundation

// What a change of the roster or of a standard did to the calculated 基本支出: the cause, then the
// lines it moved ("801002 某中心：退休 2 → 3 人 → 2080502/30302 +2.40 万元").
extension ProjectSession {
    /// One line per unit whose roster or profile changed, and one per standard changed with the
    /// units' lines it moved. The lines moved are computed from each side's roster and
    /// standards by the calculator itself, so they name what the calculation does, whatever the
    /// clerk did to the items since.
    static func rosterChanges(_ a: Contents, _ b: Contents) -> [String] {
        let (x, y) = (a.document.roster, b.document.roster)
        guard x != nil || y != nil else { return [] }
        let empty = RosterFacts(groups: [])
        let (old, new) = (x ?? empty, y ?? empty)
        var out: [String] = []
        let units = Dictionary(b.snapshot.units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            .merging(a.snapshot.units.map { ($0.code, $0) }, uniquingKeysWith: { new, _ in new })

        // The standards changed, each said once.
        var standardsChanged: [String] = []
        for key in StandardKey.allCases where old.standards.value(key) != new.standards.value(key) {
            standardsChanged.append("\(new.standards[key].name) \(old.standards[key].shownValue) → \(new.standards[key].shownValue)")
        }
        let oldShares = Dictionary(old.standards.quotaShares.map { ($0.economic, $0.share) }, uniquingKeysWith: { first, _ in first })
        let newShares = Dictionary(new.standards.quotaShares.map { ($0.economic, $0.share) }, uniquingKeysWith: { first, _ in first })
        for code in Set(oldShares.keys).union(newShares.keys).sorted() where oldShares[code] != newShares[code] {
            let show = { (share: Int64?) in share.map { StandardKind.rate.format($0) } ?? "（无）" }
            standardsChanged.append("定额分配 \(code) \(show(oldShares[code])) → \(show(newShares[code]))")
        }

        let oldGroups = Dictionary(grouping: old.groups, by: \.unitCode)
        let newGroups = Dictionary(grouping: new.groups, by: \.unitCode)
        for code in Set(oldGroups.keys).union(newGroups.keys).union(old.profiles.keys).union(new.profiles.keys).sorted() {
            guard let unit = units[code] else { continue }
            var causes = groupChanges(oldGroups[code] ?? [], newGroups[code] ?? [])
            let (p, q) = (old.profiles[code], new.profiles[code])
            if p?.mainFunctional != q?.mainFunctional {
                causes.append("列支科目 \(p?.mainFunctional ?? "（未设）") → \(q?.mainFunctional ?? "（未设）")")
            }
            if (p?.vehicles ?? 0) != (q?.vehicles ?? 0) { causes.append("公务用车 \(p?.vehicles ?? 0) → \(q?.vehicles ?? 0) 辆") }
            if (p?.students ?? 0) != (q?.students ?? 0) { causes.append("学生 \(p?.students ?? 0) → \(q?.students ?? 0) 人") }
            // Under last side's standards: what the standards then moved is said below, and the two add up.
            let moved = lineChanges(unit, old: (oldGroups[code] ?? [], p, old.standards), new: (newGroups[code] ?? [], q, old.standards))
            guard !causes.isEmpty else { continue }
            out.append(
                "人员名册：\(code) \(unit.name)：\(causes.joined(separator: "，"))" + (moved.isEmpty ? "（测算结果不变）" : " → " + moved.joined(separator: "，")))
        }
        if !standardsChanged.isEmpty {
            // What the standards alone moved: the new roster under the old and the new standards.
            var moved: [String] = []
            for code in newGroups.keys.sorted() {
                guard let unit = units[code] else { continue }
                let lines = lineChanges(
                    unit, old: (newGroups[code] ?? [], new.profiles[code], old.standards),
                    new: (newGroups[code] ?? [], new.profiles[code], new.standards))
                if !lines.isEmpty { moved.append("\(code) " + lines.joined(separator: "，")) }
            }
            let shown = moved.prefix(20).joined(separator: "；") + (moved.count > 20 ? " 等 \(moved.count) 个单位" : "")
            out.append("测算标准：\(standardsChanged.joined(separator: "；"))" + (moved.isEmpty ? "（测算结果不变）" : " → " + shown))
        }
        return out
    }

    /// "退休 2 → 3 人", "新增 科员 3 人", "科员 基本工资 3,000.00 → 3,100.00 元/月".
    static func groupChanges(_ old: [RosterGroup], _ new: [RosterGroup]) -> [String] {
        func key(_ group: RosterGroup) -> String { group.category.rawValue + "/" + group.name }
        var remaining = Dictionary(grouping: old, by: key)
        var out: [String] = []
        for group in new {
            guard var candidates = remaining[key(group)], !candidates.isEmpty else {
                out.append("新增 \(group.label) \(group.headcount) 人")
                continue
            }
            let before = candidates.removeFirst()
            remaining[key(group)] = candidates
            if before.headcount != group.headcount { out.append("\(group.label) \(before.headcount) → \(group.headcount) 人") }
            if before.months != group.months { out.append("\(group.label) 月数 \(before.months) → \(group.months)") }
            let amounts: [(String, Fen, Fen)] = [
                ("基本工资", before.basicPay, group.basicPay), ("津贴补贴", before.allowances, group.allowances),
                ("绩效工资", before.performancePay, group.performancePay), ("伙食补助", before.mealAllowance, group.mealAllowance),
                ("缴费基数", before.effectiveContributionBase, group.effectiveContributionBase), ("离退休费", before.pension, group.pension),
                ("离退休补贴", before.pensionSupplement, group.pensionSupplement),
            ]
            for (name, a, b) in amounts where a != b {
                out.append("\(group.label) \(name) \(Money.groupedYuan(a)) → \(Money.groupedYuan(b)) 元/月")
            }
            if before.establishment != group.establishment {
                out.append(
                    "\(group.label) 编制数 \(before.establishment.map(String.init) ?? "（未填）") → \(group.establishment.map(String.init) ?? "（未填）")")
            }
        }
        for group in remaining.values.joined() { out.append("删除 \(group.label) \(group.headcount) 人") }
        return out
    }

    /// The calculated lines that differ between two sides of one unit: "2080502/30302 +2.40 万元".
    static func lineChanges(
        _ unit: BudgetUnit, old: ([RosterGroup], UnitProfile?, StandardTable), new: ([RosterGroup], UnitProfile?, StandardTable)
    ) -> [String] {
        func amounts(_ side: ([RosterGroup], UnitProfile?, StandardTable)) -> [String: Fen] {
            let lines = (try? BasicCalculator.lines(unit: unit, profile: side.1, groups: side.0, standards: side.2)) ?? []
            return Dictionary(lines.map { ($0.key, $0.amount) }, uniquingKeysWith: +)
        }
        let (before, after) = (amounts(old), amounts(new))
        return Set(before.keys).union(after.keys).sorted { $0.suffix(5) + $0 < $1.suffix(5) + $1 }.compactMap { key in
            let delta = (after[key] ?? 0) - (before[key] ?? 0)
            guard delta != 0 else { return nil }
            return "\(key) \(delta > 0 ? "+" : "")\(Money.formatWan(delta)) 万元"
        }
    }
}
