import BudgetKit
import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

@Suite("The resident tables of a session, kept by delta between item edits")
struct ResidentTablesTests {
    /// The sample's units and line items in a new project file, and a session of it.
    func sample(in folder: TemporaryFolder) throws -> (String, ProjectSession) {
        let path = folder.file("s.budget")
        try SampleProject.buildItems(at: path)
        return (path, try ProjectSession(path))
    }

    /// The amount right of the cell that reads `label`.
    func figure(_ table: ReportTable, after label: String) -> Fen? {
        for row in table.rows {
            guard let at = row.cells.firstIndex(where: { $0.text == label }) else { continue }
            return row.cells[(at + 1)...].first { $0.amount != nil }?.amount
        }
        return nil
    }

    /// Every table the session keeps against those of a fresh session of the same file, cell
    /// by cell: the fresh computation is the expected side.
    func expectSameAsFresh(_ session: ProjectSession, _ path: String, _ step: String) throws {
        let fresh = try ProjectSession(path).reports()
        // Each table asked for alone first (computed alone), then all of them.
        for table in fresh.tables {
            let set = try session.reports(table: table.id)
            let alone = try #require(set.table(table.id), "\(step): table \(table.id) alone")
            #expect(alone.rows.map(\.cells) == table.rows.map(\.cells), "\(step): table \(table.id) alone")
            #expect(alone.title == table.title && alone.note == table.note, "\(step)")
            // The unit it is printed in (its own, else the template's): whole 元 or two decimals.
            #expect(
                (alone.amountUnit ?? set.template.amountUnit) == (table.amountUnit ?? fresh.template.amountUnit),
                "\(step): table \(table.id) alone, its unit")
        }
        let kept = try session.reports()
        #expect(kept.tables.map(\.id) == fresh.tables.map(\.id), "\(step)")
        for (mine, theirs) in zip(kept.tables, fresh.tables) {
            #expect(mine.rows.map(\.key) == theirs.rows.map(\.key), "\(step): table \(mine.id) rows")
            for (index, (a, b)) in zip(mine.rows, theirs.rows).enumerated() where a.cells != b.cells {
                Issue.record("\(step): table \(mine.id) row \(index + 1) (\(b.key)): \(a.cells) kept, \(b.cells) fresh")
            }
            #expect(mine.amountUnit == theirs.amountUnit && mine.note == theirs.note && mine.title == theirs.title, "\(step)")
        }
        #expect(kept.template.amountUnit == fresh.template.amountUnit, "\(step)")
    }

    @Test("+1.00 万元 on the sample's item 1 moves table 1's 一般公共预算拨款收入 from 2343.44 to 2344.44 without reading the totals again")
    func sampleEdit() throws {
        let folder = TemporaryFolder()
        let (path, session) = try sample(in: folder)
        // Published (seed-2023-tables.txt): 2343.44 万元 = 2,343,440,000 分.
        #expect(figure(try #require(session.reports().table("1")), after: "一、一般公共预算拨款收入") == 2_343_440_000)
        let item = try #require(session.itemPage(matching: .init(), offset: 0, limit: 1).items.first)
        // Item 1: 120.30 万元 → 121.30 万元, 一般公共预算拨款, 基本支出, 2010306.
        _ = try session.setItem(id: try #require(item.id), changes: [.amount: "121.30"], amountUnit: .wan, expecting: item)
        let reports = try session.reports()
        // 2343.44 + 1.00 = 2344.44 万元; 一般公共服务支出 2092.43 + 1.00 = 2093.43.
        #expect(figure(try #require(reports.table("1")), after: "一、一般公共预算拨款收入") == 2_344_440_000)
        #expect(figure(try #require(reports.table("1")), after: "一、一般公共服务支出") == 2_093_430_000)
        #expect(session.residentTableReads == 1, "the edit's delta, not a second read of the totals")
        try expectSameAsFresh(session, path, "after the edit")
    }

    @Test("a pasted block of rows is taken into the kept tables by delta, as one write")
    func pastedBlock() throws {
        let folder = TemporaryFolder()
        let (path, session) = try sample(in: folder)
        _ = try session.reports()
        let text = [
            "432001\t2010306\t30201\t基本支出\t\t\t一般公共预算拨款\t10000\t",
            "432001\t2010306\t30216\t基本支出\t\t\t一般公共预算拨款\t20000\t",
        ].joined(separator: "\n")
        _ = try session.addItems(pasted: text, amountUnit: .yuan)
        // 10,000 + 20,000 元 = 3.00 万元: 2343.44 + 3.00 = 2346.44 万元.
        let reports = try session.reports()
        #expect(figure(try #require(reports.table("1")), after: "一、一般公共预算拨款收入") == 2_346_440_000)
        #expect(session.residentTableReads == 1, "the block's delta, not a second read of the totals")
        try expectSameAsFresh(session, path, "after the paste")
    }

    @Test("after random edits, additions and removals the kept tables equal a fresh session's, cell by cell")
    func randomEditsAgreeWithFresh() throws {
        let folder = TemporaryFolder()
        let sample = folder.file("s.budget")
        try SampleProject.buildItems(at: sample)
        let generated = folder.file("g.budget")
        try ProjectSession.generate(at: generated, units: 3, items: 400, seed: 11)
        var random = TestSeed.random("resident-random-edits")
        for path in [sample, generated] {
            let session = try ProjectSession(path)
            try randomEdits(session, path, steps: 60, &random)
            // Every step by delta: the totals were read once, before the first edit.
            #expect(session.residentTableReads == 1)
        }
    }

    @Test(
        "Shanghai's template: its tables in whole 元 are computed with the others, its 机关运行经费 of 行政 and 参公 units is read again at each edit; both agree with a fresh session"
    )
    func shanghaiAgreesWithFresh() throws {
        let folder = TemporaryFolder()
        var random = TestSeed.random("resident-shanghai-edits")
        for decimals in [YuanDecimals.auto, .two] {
            let path = folder.file("g-\(decimals.rawValue).budget")
            try ProjectSession.generate(at: path, units: 3, items: 300, seed: 12)
            try ProjectSession(path).setSettings(operationCosts: nil, template: "shanghai", yuanDecimals: decimals)
            let session = try ProjectSession(path)
            try randomEdits(session, path, steps: 15, &random)
            // 公用经费 by unit nature is not kept by delta: read again after every edit.
            #expect(session.residentTableReads > 1)
        }
    }

    @Test("Shanghai's tables in whole 元 all print two decimals once one of them has 分, a table asked for alone too")
    func decimalsAcrossTables() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.buildItems(at: path)
        try ProjectSession(path).setSettings(operationCosts: nil, template: "shanghai", yuanDecimals: .auto)
        let session = try ProjectSession(path)
        let before = try session.reports()
        #expect(before.template.amountUnit == "yuan-whole", "the sample's amounts are whole 元")
        // Item 1: 1,203,000.00 元 of 一般公共预算拨款 → 1,203,000.01 元 of 政府性基金预算拨款: only the
        // fund's tables have 分, and every table in whole 元 turns to two decimals.
        _ = try session.setItem(id: 1, changes: [.source: "fund", .amount: "1203000.01"], amountUnit: .yuan)
        let general = try #require(before.tables.first { $0.amountUnit == nil && $0.title.contains("一般公共预算") }?.id)
        let alone = try session.reports(table: general)
        #expect((alone.table(general)?.amountUnit ?? alone.template.amountUnit) == "yuan")
        try expectSameAsFresh(session, path, "after 1 分 in the fund's tables")
    }

    /// Random edits, additions and removals through `session`, its tables compared with a
    /// fresh session's after each.
    func randomEdits(_ session: ProjectSession, _ path: String, steps: Int, _ random: inout SplitMix64) throws {
        try expectSameAsFresh(session, path, "before any edit")
        let all = try session.items(matching: .init()).items
        let units = Array(Set(all.map(\.unitCode))).sorted()
        for step in 0..<steps {
            let items = try session.items(matching: .init()).items
            let item = items[Int(random.next() % UInt64(items.count))]
            let other = all[Int(random.next() % UInt64(all.count))]
            let id = try #require(item.id)
            let amount = Money.formatYuan(Fen(random.next() % 3 == 0 ? 0 : random.next() % 50_000_000))
            let described: String
            do {
                switch random.next() % 7 {
                case 0:
                    described = "remove #\(id)"
                    try session.removeItems(ids: [id], expecting: [item])
                case 1:
                    described = "add like #\(other.id ?? 0), \(amount) 元"
                    var values: [LineItemColumn: String] = [
                        .unit: other.unitCode, .functional: other.functional, .economic: other.economic, .type: other.type.rawValue,
                        .nature: other.nature?.rawValue ?? "", .source: other.source.rawValue, .amount: amount,
                    ]
                    if let project = other.project { values[.project] = project }
                    _ = try session.addItem(values: values, amountUnit: .yuan)
                case 2:
                    described = "#\(id) economic \(other.economic)"
                    _ = try session.setItem(id: id, changes: [.economic: other.economic], amountUnit: .yuan, expecting: item)
                case 3:
                    described = "#\(id) functional \(other.functional)"
                    _ = try session.setItem(id: id, changes: [.functional: other.functional], amountUnit: .yuan, expecting: item)
                case 4:
                    let unit = units[Int(random.next() % UInt64(units.count))]
                    described = "#\(id) unit \(unit)"
                    _ = try session.setItem(id: id, changes: [.unit: unit], amountUnit: .yuan, expecting: item)
                case 5:
                    described = "#\(id) source \(other.source.rawValue), \(amount) 元"
                    _ = try session.setItem(
                        id: id, changes: [.source: other.source.rawValue, .amount: amount], amountUnit: .yuan, expecting: item)
                default:
                    described = "#\(id) amount \(amount) 元"
                    _ = try session.setItem(id: id, changes: [.amount: amount], amountUnit: .yuan, expecting: item)
                }
            } catch {
                continue  // refused, nothing written (a project's line moved to a unit without it …)
            }
            try expectSameAsFresh(session, path, "step \(step + 1): \(described)")
        }
    }

    @Test("a write by another program or by any other operation drops the kept tables: they are read again")
    func otherWritesInvalidate() throws {
        let folder = TemporaryFolder()
        let (path, session) = try sample(in: folder)
        _ = try session.reports()
        let item = try #require(session.itemPage(matching: .init(), offset: 0, limit: 1).items.first)
        // Another program (a second session, as the CLI would be): +1.00 万元 on item 1.
        _ = try ProjectSession(path).setItem(id: try #require(item.id), changes: [.amount: "121.30"], amountUnit: .wan)
        // 2343.44 + 1.00 = 2344.44 万元, seen by the first session.
        #expect(figure(try #require(session.reports().table("1")), after: "一、一般公共预算拨款收入") == 2_344_440_000)
        #expect(session.residentTableReads == 2)
        // This session's next edit does not apply a delta to tables that missed a write.
        _ = try ProjectSession(path).setItem(id: try #require(item.id), changes: [.amount: "122.30"], amountUnit: .wan)
        _ = try session.setItem(id: try #require(item.id), changes: [.amount: "123.30"], amountUnit: .wan)
        // 2343.44 + 3.00 = 2346.44 万元.
        #expect(figure(try #require(session.reports().table("1")), after: "一、一般公共预算拨款收入") == 2_346_440_000)
        #expect(session.residentTableReads == 3)
        try expectSameAsFresh(session, path, "after writes by two sessions")
    }
}
