import Testing

@testable import BudgetModel

/// A year's catalog change applied to line items (issue 18, first part). Figures by hand.
@Suite("Code migration")
struct CodeMigrationTests {
    static func read(_ rows: [[String: String]]) -> (CodeMigration, [InputProblem]) {
        CodeMigration.read(rows.enumerated().map { ($0.offset + 2, $0.element) }, file: "map.csv")
    }

    static func item(_ id: Int64, _ functional: String, _ economic: String, _ fen: Fen) -> LineItem {
        LineItem(id: id, unitCode: "432001", functional: functional, economic: economic, type: .basic, source: .general, amount: fen)
    }

    @Test("a renamed 项, two 款 merged, one split 60/40 and a retired code without a rule: amounts conserved to the 分")
    func applies() {
        // 2010350 renamed 2010399; 30201 and 30202 merged into 30201; 30299 split 60 % 30201 / 40 % 30207.
        let (migration, problems) = Self.read([
            ["old": "2010350", "new": "2010399"], ["old": "30202", "new": "30201"], ["old": "30299", "new": "30201", "share": "60"],
            ["old": "30299", "new": "30207", "share": "40%"],
        ])
        #expect(problems.isEmpty)
        let items = [
            Self.item(1, "2010350", "30101", 1_000_000), Self.item(2, "2010301", "30202", 50_000),
            // 100.01 元 = 10,001 分: 60 % is 6,000.6 and 40 % is 4,000.4 → 6,000 + 4,000 and the one 分
            // left goes to the larger remainder (.6): 6,001 + 4,000 = 10,001.
            Self.item(3, "2010301", "30299", 10_001),
            // 2010302 is not in next year's catalog in this test, and no rule maps it.
            Self.item(4, "2010302", "30201", 70_000),
        ]
        let current: Set<String> = ["2010301", "2010399", "30101", "30201", "30207"]
        let result = migration.apply(to: items) { _, code in current.contains(code) }
        let shown = result.items.map { "\($0.id.map(String.init) ?? "新") \($0.functional)/\($0.economic) \($0.amount)" }
        #expect(shown == ["1 2010399/30101 1000000", "2 2010301/30201 50000", "3 2010301/30201 6001", "新 2010301/30207 4000"])
        #expect(result.unmapped.map(\.id) == [4])
        let kept = result.items.reduce(0) { $0 + $1.amount } + result.unmapped.reduce(0) { $0 + $1.amount }
        #expect(kept == items.reduce(0) { $0 + $1.amount })
        let moved = result.moved.map { "\($0.old)→\($0.new) \($0.amount)" }
        #expect(moved == ["2010350→2010399 1000000", "30202→30201 50000", "30299→30201 6001", "30299→30207 4000"])
    }

    @Test("a bad mapping file: every bad cell located, nothing applied")
    func refuses() {
        let (_, problems) = Self.read([
            ["old": "2010350", "new": "30201"],  // line 2: kinds differ
            ["old": "12345", "new": "30201"],  // line 3: not a code
            ["old": "30299", "new": "30201", "share": "60"],  // lines 4–5: 60 + 30 ≠ 100
            ["old": "30299", "new": "30207", "share": "30"],
            ["old": "30202", "new": "30201", "share": "50"],  // line 6: alone, but 50 %
        ])
        #expect(problems.map { "\($0.line ?? 0) \($0.column ?? "")" } == ["2 新编码", "3 旧编码", "4 比例", "6 比例"])
    }

    @Test("full-width digits and a code with its name are read as the code")
    func clerkForms() {
        let (migration, problems) = Self.read([["old": "２０１０３５０ 事业运行", "new": "2010399"]])
        #expect(problems.isEmpty)
        #expect(migration.rules[.functional]?["2010350"] == [CodeMigration.Target(code: "2010399", share: 1_000_000)])
    }
    @Test("a row with no new code retires the code: its items are unmapped until another file names a successor")
    func retired() {
        let (migration, problems) = Self.read([["old": "30309", "new": ""], ["old": "30202", "new": "30201"]])
        #expect(problems.isEmpty)
        #expect(migration.retired[.economic] == ["30309"])
        let items = [Self.item(1, "2010301", "30309", 300), Self.item(2, "2010301", "30202", 500)]
        // The catalog still has 30309 (every code is current here): the rule retires it all the same.
        let before = migration.apply(to: items) { _, _ in true }
        #expect(before.unmapped.map(\.id) == [1] && before.items.map(\.id) == [2])
        // A bureau's own file names the successor: it wins over the retirement.
        let (successor, more) = Self.read([["old": "30309", "new": "30399"]])
        #expect(more.isEmpty)
        let after = migration.merging(successor).apply(to: items) { _, _ in true }
        #expect(after.unmapped.isEmpty)
        #expect(after.items.map { "\($0.economic) \($0.amount)" } == ["30399 300", "30201 500"])
        // Where one share of last year's figure goes: the same largest-remainder rule.
        let split = Self.read([["old": "30299", "new": "30201", "share": "60"], ["old": "30299", "new": "30207", "share": "40"]]).0
        #expect(split.targets(.economic, "30299", amount: 10_001).map { "\($0.code) \($0.amount)" } == ["30201 6001", "30207 4000"])
        #expect(split.targets(.economic, "30201", amount: 7).map { "\($0.code) \($0.amount)" } == ["30201 7"])
    }

    @Test("a retired code given a share, twice, or also mapped in the same file is a located problem")
    func retiredProblems() {
        let (_, problems) = Self.read([
            ["old": "30309", "new": "", "share": "50"],  // line 2: no new code, but a share
            ["old": "30310", "new": ""],  // lines 3 and 4: retired twice
            ["old": "30310", "new": ""],
            ["old": "30311", "new": ""],  // lines 5 and 6: retired and mapped
            ["old": "30311", "new": "30399"],
        ])
        #expect(problems.map { "\($0.line ?? 0) \($0.column ?? "")" } == ["2 比例", "4 旧编码", "5 新编码"])
    }
}
