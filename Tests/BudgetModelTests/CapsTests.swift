import BudgetModel
import Testing

/// The 控制数 against line items, as a pure computation (issue 18).
@Suite("Caps: which line items a cap covers, and how the caps changed")
struct CapsTests {
    /// Five items of two units: amounts in 元 (×100 fen).
    static let items: [LineItem] = [
        LineItem(id: 1, unitCode: "001", functional: "2010301", economic: "30101", type: .basic, source: .general, amount: 100_00),
        LineItem(id: 2, unitCode: "001", functional: "2010301", economic: "30201", type: .basic, source: .general, amount: 20_00),
        LineItem(
            id: 3, unitCode: "001", functional: "2010301", economic: "30227", type: .project, project: "甲", source: .general, amount: 50_00),
        LineItem(id: 4, unitCode: "002", functional: "2010301", economic: "30201", type: .operating, source: .general, amount: 7_00),
        LineItem(id: 5, unitCode: "002", functional: "2010301", economic: "30201", type: .basic, source: .business, amount: 9_00),
    ]

    @Test(
        "each cap sums the items of its unit (or all), source, type, project and 类, with their numbers; types other than 基本/项目 count only under a cap without a type"
    )
    func coverage() {
        let caps = [
            // Every general item of every unit and type: #1 100 + #2 20 + #3 50 + #4 7 = 177 元.
            BudgetCap(source: .general, amount: 177_00),
            // 001's 基本支出 from general: #1 100 + #2 20 = 120 元; cap 100 → over by 20.
            BudgetCap(unitCode: "001", source: .general, type: .basic, amount: 100_00),
            // 001's 302 类 of 基本支出: #2 20 元; cap 30 → 10 left.
            BudgetCap(unitCode: "001", source: .general, type: .basic, economicClass: "302", amount: 30_00),
            // Project 甲: #3 50 元.
            BudgetCap(unitCode: "001", source: .general, type: .project, project: "甲", amount: 50_00),
            // 002's 基本支出 from general: none (#4 is 经营支出, #5 事业收入) → 0.
            BudgetCap(unitCode: "002", source: .general, type: .basic, amount: 5_00),
        ]
        let execution = CapExecution.compare(caps, items: Self.items)
        #expect(execution.map(\.drafted) == [177_00, 120_00, 20_00, 50_00, 0])
        #expect(execution.map(\.lines) == [[1, 2, 3, 4], [1, 2], [2], [3], []])
        #expect(execution.map(\.remaining) == [0, -20_00, 10_00, 0, 5_00])
        #expect(execution.map(\.verdict) == ["相符", "超出", "尚余", "相符", "尚余"])
    }

    @Test("an item counts under every cap that covers it: a unit's cap and the department's")
    func overlapping() {
        let caps = [BudgetCap(source: .business, amount: 9_00), BudgetCap(unitCode: "002", source: .business, amount: 8_00)]
        let execution = CapExecution.compare(caps, items: Self.items)
        #expect(execution.map(\.drafted) == [9_00, 9_00])
        #expect(execution[1].remaining == -1_00)
    }

    @Test("caps matched by unit, source, type, project and 类 between two rounds: added, removed, changed (amount and round named)")
    func changes() {
        let old = [
            BudgetCap(id: 1, round: "一下", unitCode: "001", source: .general, type: .basic, amount: 500_000_00),
            BudgetCap(id: 2, round: "一下", source: .general, amount: 900_000_00),
            BudgetCap(id: 3, round: "一下", unitCode: "002", source: .general, type: .project, amount: 30_000_00),
        ]
        let new = [
            // Same cap, new number (a re-import): 500,000 → 480,000 元, 一下 → 二下.
            BudgetCap(id: 7, round: "二下", unitCode: "001", source: .general, type: .basic, amount: 480_000_00),
            // Unchanged but for its number: no change.
            BudgetCap(id: 8, round: "一下", unitCode: "002", source: .general, type: .project, amount: 30_000_00),
            BudgetCap(id: 9, round: "二下", unitCode: "001", source: .general, type: .project, amount: 70_000_00),
        ]
        let changes = CapChange.changes(old: old, new: new)
        #expect(changes.map(\.kind) == [.removed, .changed, .added])
        #expect(changes[0].description == "控制数删除：全部门 一般公共预算拨款 全部支出：900,000.00 元，一下")
        // 480,000 − 500,000 = −20,000 元.
        #expect(changes[1].description == "控制数修改：001 一般公共预算拨款 基本支出：500,000.00 元 → 480,000.00 元（-20,000.00 元）；轮次 一下 → 二下")
        #expect(changes[2].description == "控制数新增：001 一般公共预算拨款 项目支出：70,000.00 元，二下")
        #expect(CapChange.changes(old: old, new: old).isEmpty)
    }
}
