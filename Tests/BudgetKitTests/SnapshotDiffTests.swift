import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import Foundation
import Testing

/// Snapshots, differences and the provenance of a number (issue 4), on the sample.
@Suite("Snapshots, diff, explain")
struct SnapshotDiffTests {
    static func sample(_ folder: TemporaryFolder, _ name: String = "p.budget") throws -> String {
        let path = folder.file(name)
        try SampleProject.build(at: path)
        return path
    }

    /// The three changes: #15 办公费 226,000 → 200,000 元; #16 邮电费 moved to 30211
    /// 差旅费; #18 工会经费 40,000 元 removed.
    static func threeChanges(_ path: String) throws {
        let project = try ProjectFile.open(at: path)
        try project.write { writer in
            var fifteen = try #require(try writer.reader.item(id: 15))
            #expect(fifteen.economic == "30201" && fifteen.amount == 22_600_000)
            fifteen.amount = 20_000_000
            try writer.updateItem(fifteen)
            var sixteen = try #require(try writer.reader.item(id: 16))
            #expect(sixteen.economic == "30207" && sixteen.amount == 18_930_000)
            sixteen.economic = "30211"
            try writer.updateItem(sixteen)
            let eighteen = try #require(try writer.reader.item(id: 18))
            #expect(eighteen.economic == "30228" && eighteen.amount == 4_000_000)
            try writer.deleteItems(ids: [18])
        }
    }

    /// Every cell of every table, by table, row key and column: the straightforward computation
    /// from all line items, not the kept totals the diff reads.
    static func cells(_ snapshot: ProjectSnapshot) throws -> [String: Fen] {
        let reports = try ReportEngine.compute(snapshot, template: try Template.builtIn("hebei"))
        var out: [String: Fen] = [:]
        for table in reports.tables {
            for row in table.rows {
                for (column, cell) in row.cells.enumerated() {
                    if let amount = cell.amount { out["\(table.id)|\(row.key)|\(column)"] = amount }
                }
            }
        }
        return out
    }

    @Test(
        "after a snapshot and three changes (an amount, a move to another code, a removal), diff names exactly those and every cell they moved, with the right deltas"
    )
    func threeChangesDiff() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try ProjectSession(path).saveSnapshot(name: "一上")
        let before = try Self.cells(try ProjectFile.open(at: path).snapshot())
        try Self.threeChanges(path)
        let after = try Self.cells(try ProjectFile.open(at: path).snapshot())

        let result = try ProjectSession(path).diff(from: nil, to: nil)
        let diff = result.diff

        #expect(result.from.hasPrefix("快照“一上”"))
        #expect(result.to == "当前项目")
        #expect(diff.matchedByNumber)
        #expect(diff.added.isEmpty)
        #expect(diff.removed.map(\.id) == [18])
        #expect(diff.changed.map(\.new.id) == [15, 16])
        #expect(diff.changed[0].fields == [.init(field: "金额", old: "226000.00", new: "200000.00")])
        #expect(diff.changed[1].fields == [.init(field: "经济分类", old: "30207", new: "30211")])
        #expect(diff.newTotal - diff.oldTotal == -6_600_000)

        // Every cell of the nine tables that moved, and nothing else, with its delta.
        var expected: [String: Fen] = [:]
        for key in Set(before.keys).union(after.keys) where (before[key] ?? 0) != (after[key] ?? 0) {
            expected[key] = (after[key] ?? 0) - (before[key] ?? 0)
        }
        let nine = Set((1...9).map(String.init))
        var found: [String: Fen] = [:]
        for cell in diff.cells where nine.contains(cell.table) { found["\(cell.table)|\(cell.rowKey)|\(cell.column)"] = cell.delta }
        #expect(found == expected)
        #expect(expected.count > 40)
        // By hand: 表6 办公费 −2.60 万元 (#15), 邮电费 gone and 差旅费 new (#16), 工会经费 −4.00 (#18).
        let six = { (key: String, column: Int) in diff.cells.first { $0.table == "6" && $0.rowKey == key && $0.column == column } }
        #expect(six("30201", 5)?.delta == -2_600_000)
        #expect(six("30201", 5)?.items == [15])
        #expect(six("30207", 5)?.delta == -18_930_000)
        #expect(six("30207", 5)?.items == [16])
        #expect(six("30207", 5)?.row.contains("现已没有这一行") == true)
        #expect(six("30211", 5)?.delta == 18_930_000)
        #expect(six("30211", 5)?.items == [16])
        #expect(six("30228", 5)?.items == [18])
        #expect(six("total", 3)?.delta == -6_600_000)
        // #16 moved from one 公用经费 款 to another: no net effect on 合计, so not named there.
        #expect(six("total", 3)?.items == [15, 18])
        // Every changed cell names the changed items behind it, and only those.
        for cell in diff.cells { #expect(!cell.items.isEmpty && Set(cell.items).isSubset(of: [15, 16, 18]), "\(cell.table) \(cell.row)") }
        let tableSix = try #require(diff.tables.first { $0.table == "6" })
        #expect(tableSix.total?.old == 1_892_520_000 && tableSix.total?.new == 1_885_920_000)
    }

    @Test("explain of a changed cell lists the items summed into it, the rule and the identities")
    func explainChanged() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try Self.threeChanges(path)

        let travel = try ProjectSession(path).explain(table: "6", row: "30211", column: "公用经费")
        let office = try ProjectSession(path).explain(table: "6", row: "办公费", column: "5")
        let basic = try ProjectSession(path).explain(table: "3", row: "合计", column: "基本支出")

        #expect(travel.value == 18_930_000)
        #expect(travel.items.map(\.id) == [16])
        #expect(travel.rules.first?.contains("经济分类为 30211") == true)
        #expect(travel.rules.first?.contains("经费类型为 公用经费") == true)
        #expect(office.items.map(\.id) == [15] && office.value == 20_000_000)
        // 合计 of 基本支出: a sum of the 类 rows, computed from the items too; 33 basic items − #18.
        #expect(basic.items.count == 32)
        #expect(basic.items.reduce(0) { $0 + $1.amount } == basic.value)
        #expect(basic.rules.contains { $0.hasPrefix("合计：本表") })
        #expect(basic.rules.contains { $0.contains("核对：一般公共预算财政拨款支出表基本支出") } == false, "表3 is not in that identity")
        let text = DiffText.render(travel)
        #expect(text.contains("#16 432001 2010306 30211 基本支出/公用经费 一般公共预算拨款 189300.00 元"))
        #expect(text.contains("明细 1 条，合计 189300.00 元，等于本格"))
        // Wrong places are named.
        #expect(throws: InputProblem.self) { try ProjectSession(path).explain(table: "6", row: "39999", column: "公用经费") }
        #expect(throws: InputProblem.self) { try ProjectSession(path).explain(table: "6", row: "30211", column: "项目支出") }
        #expect(throws: InputProblem.self) { try ProjectSession(path).explain(table: "66", row: "30211", column: "3") }
        // A row asked by its number in a table with no rows (表7 has no 政府性基金 money).
        #expect(throws: InputProblem.self) { try ProjectSession(path).explain(table: "7", row: "1", column: "3") }
    }

    @Test("restore puts the snapshot back whole, after saving the current state, so that the restore itself can be undone")
    func restore() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try ProjectSession(path).saveSnapshot(name: "一上")
        let original = try ProjectFile.open(at: path).snapshot()
        try Self.threeChanges(path)
        let changed = try ProjectFile.open(at: path).snapshot()

        let saved = try ProjectSession(path).restoreSnapshot(name: "一上")

        let restored = try ProjectFile.open(at: path).snapshot()
        #expect(restored.items == original.items)
        #expect(restored.units == original.units && restored.projects == original.projects)
        #expect(try ProjectSession(path).diff(from: "一上", to: nil).diff.isEmpty)
        #expect(try ProjectSession(path).check().errorCount == 0)
        #expect(try ProjectFile.open(at: path).read { try $0.totalsAgree() })
        #expect(try ProjectFile.open(at: path).integrityProblems() == [])
        // The document came back too: indicators, procurement, texts.
        #expect(
            try ProjectSession(path).documentData()
                == (try { () throws -> DocumentData in
                    let copy = folder.file("fresh.budget")
                    try SampleProject.build(at: copy)
                    return try ProjectSession(copy).documentData()
                })())
        #expect(try ProjectSession(path).snapshots().map(\.name) == ["一上", saved.name])
        #expect(saved.name.hasPrefix("恢复“一上”之前"))
        #expect(saved.itemCount == 52)

        // Undo: restore the state saved before the restore.
        _ = try ProjectSession(path).restoreSnapshot(name: saved.name)
        #expect(try ProjectFile.open(at: path).snapshot().items == changed.items)
        #expect(try ProjectSession(path).snapshots().count == 3)
    }

    @Test(
        "snapshot names: a second snapshot of the same name, an unknown one to restore or remove, and a diff without snapshots are refused, naming what there is"
    )
    func names() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        #expect { try ProjectSession(path).diff(from: nil, to: nil) } throws: { ($0 as? InputProblem)?.message.contains("还没有快照") == true }
        try ProjectSession(path).saveSnapshot(name: "一上")
        #expect { try ProjectSession(path).saveSnapshot(name: "一上") } throws: { ($0 as? InputProblem)?.message.contains("已经有这个名称的快照") == true }
        #expect { try ProjectSession(path).restoreSnapshot(name: "二上") } throws: { ($0 as? InputProblem)?.message.contains("已有：一上") == true }
        #expect { try ProjectSession(path).saveSnapshot(name: "") } throws: { $0 is InputProblem }
        try ProjectSession(path).removeSnapshot(name: "一上")
        #expect(try ProjectSession(path).snapshots().isEmpty)
        #expect(throws: InputProblem.self) { try ProjectSession(path).removeSnapshot(name: "一上") }
    }

    @Test("diff of two files: a copy edited apart gives the same three changes; files numbered apart are matched by content")
    func twoFiles() throws {
        let folder = TemporaryFolder()
        let first = try Self.sample(folder, "一上.budget")
        let second = folder.file("二上.budget")
        try FileManager.default.copyItem(atPath: first, toPath: second)
        try Self.threeChanges(second)

        let edited = try ProjectSession.diff(files: first, second).diff
        #expect(edited.removed.map(\.id) == [18] && edited.changed.map(\.new.id) == [15, 16] && edited.added.isEmpty)

        // The same items imported in reverse order: other numbers, the same budget.
        let reversed = folder.file("reversed.budget")
        try SampleProject.empty(at: reversed)
        let items = try ProjectFile.open(at: first).snapshot().items
        try ProjectFile.open(at: reversed).write { writer in
            for project in try ProjectFile.open(at: first).snapshot().projects { try writer.insertProject(project) }
            _ = try writer.insertItems(
                items.reversed().map { item in
                    var copy = item
                    copy.id = nil
                    return copy
                })
        }
        let same = try ProjectSession.diff(files: first, reversed).diff
        #expect(!same.matchedByNumber)
        #expect(same.added.isEmpty && same.removed.isEmpty && same.changed.isEmpty, "\(same.changed.prefix(3))")
        // The nine tables are the same; the document's tables differ, as only the items were copied.
        #expect(same.cells.filter { Int($0.table) != nil }.isEmpty)
        #expect(same.cells.contains { $0.table == "采购" })
        let apart = try ProjectSession.diff(files: reversed, second).diff
        // Moved to another code, matched by content an item is one removed and one added line.
        #expect(apart.removed.map(\.economic).sorted() == ["30207", "30228"])
        #expect(apart.added.map(\.economic) == ["30211"])
        #expect(apart.changed.count == 1 && apart.changed[0].fields.map(\.field) == ["金额"])
    }

    @Test("merging two unit files gives the same tables as one file holding both units, cell by cell")
    func merge() throws {
        let folder = TemporaryFolder()
        let whole = try Self.sample(folder)
        let snapshot = try ProjectFile.open(at: whole).snapshot()
        let document = try ProjectSession(whole).documentData()
        var parts: [String] = []
        for unit in snapshot.units {
            let path = folder.file("\(unit.code).budget")
            _ = try ProjectFile.create(at: path, department: snapshot.department)
            try ProjectFile.open(at: path).write { writer in
                try writer.insertUnit(unit)
                for project in snapshot.projects where snapshot.items.contains(where: { $0.project == project.name && $0.unitCode == unit.code }) {
                    try writer.insertProject(project)
                }
                _ = try writer.insertItems(
                    snapshot.items.filter { $0.unitCode == unit.code }.map { item in
                        var copy = item
                        copy.id = nil
                        return copy
                    })
                _ = try writer.insertProcurement(
                    document.procurement.filter { $0.unitCode == unit.code }.map { row in
                        var copy = row
                        copy.id = nil
                        return copy
                    })
            }
            parts.append(path)
        }
        let merged = folder.file("merged.budget")

        let result = try ProjectSession.merge(into: merged, from: parts)

        #expect(result.items == 53 && result.units == 2 && result.total == 2_343_440_000)
        let mergedCells = try Self.cells(try ProjectFile.open(at: merged).snapshot())
        #expect(mergedCells == (try Self.cells(snapshot)))
        // Cell by cell, the merged tables are the sum of the parts' tables.
        let partCells = try parts.map { try Self.cells(try ProjectFile.open(at: $0).snapshot()) }
        for (key, value) in mergedCells {
            #expect(value == partCells.reduce(0) { $0 + ($1[key] ?? 0) }, "\(key)")
        }
        let procurement = { (path: String) in
            try ProjectSession(path).document().reports.table("采购").map { $0.rows.map { $0.cells.compactMap(\.amount) } }
        }
        #expect(try procurement(merged) == (try procurement(whole)))
        // The parts carry no statement texts nor 绩效目标表: the only errors are those.
        #expect(
            try ProjectSession(merged).check().findings.filter { $0.severity == .error && !isUnwrittenPart(check: $0.check, message: $0.message) }
                .isEmpty)
    }

    @Test(
        "merge is refused, with every reason and nothing written, for another year, another department, a unit in two files or a code named two ways")
    func mergeRefused() throws {
        let folder = TemporaryFolder()
        let base = try Self.sample(folder, "a.budget")
        let other = folder.file("b.budget")
        _ = try ProjectFile.create(at: other, department: Department(code: "433", name: "另一个部门", year: 2024))
        try ProjectFile.open(at: other).write { writer in
            try writer.insertUnit(BudgetUnit(code: "432001", name: "重复的单位", nature: .administrative, level: "", fundingForm: ""))
            try writer.setCodeNames([CatalogEntry(kind: .economic, code: "30201", name: "办公用品费")], origin: .bureau)
            _ = try writer.insertItems([
                LineItem(unitCode: "432001", functional: "2010306", economic: "30201", type: .basic, source: .general, amount: 100)
            ])
        }
        let out = folder.file("m.budget")

        #expect {
            try ProjectSession.merge(into: out, from: [base, other])
        } throws: { error in
            let text = "\(error)"
            return text.contains("2023 年") && text.contains("部门编码") && text.contains("432001") && text.contains("办公用品费") && text.contains("办公费")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(folder.contents.filter { $0.hasPrefix(".") }.isEmpty, "no temporary left")
    }

    // MARK: - The review's findings

    @Test(
        "a cut of every amount: each changed cell counts every item behind it and names the first 200; an item moved within a cell is not named there"
    )
    func manyChanges() throws {
        let folder = TemporaryFolder()
        let path = folder.file("g.budget")
        try ProjectSession.generate(at: path, units: 4, items: 3_000, seed: 5)
        try ProjectSession(path).saveSnapshot(name: "一上")
        let items = try ProjectFile.open(at: path).snapshot().items
        try ProjectFile.open(at: path).write { writer in
            for var item in items where item.amount > 100 {
                item.amount -= item.amount / 20
                try writer.updateItem(item)
            }
        }
        let changedCount = items.filter { $0.amount > 100 && $0.amount / 20 != 0 }.count

        let diff = try ProjectSession(path).diff(from: nil, to: nil).diff

        #expect(diff.changed.count == changedCount)
        let total = try #require(diff.cells.first { $0.table == "3" && $0.rowKey == "total" && $0.templateColumn == 3 })
        #expect(total.itemCount == changedCount)
        #expect(total.items.count == min(changedCount, ProjectDiff.itemListLimit))
        // A leaf cell: exactly the changed items explain lists for it.
        let leaf = try #require(diff.cells.first { $0.table == "6" && $0.rowKey.count == 5 && $0.templateColumn == 4 && $0.itemCount < 150 })
        let explained = try ProjectSession(path).explain(table: "6", row: leaf.rowKey, column: "4")
        let expected = Set(explained.items.filter { item in items.first { $0.id == item.id }!.amount != item.amount }.compactMap(\.id))
        #expect(Set(leaf.items) == expected)
        #expect(leaf.itemCount == expected.count && explained.itemCount == explained.items.count)
    }

    @Test(
        "diff reports what is not an amount: a code renamed by a bureau list, a text, the default template, a unit's name; \"no difference\" only when there is none"
    )
    func otherChanges() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try ProjectSession(path).saveSnapshot(name: "一上")
        #expect(try ProjectSession(path).diff(from: nil, to: nil).diff.isEmpty)
        _ = try ProjectSession(path).importCatalog(from: folder.write("codes.csv", "code,name\n30201,办公用品及服务费\n"))
        _ = try ProjectSession(path).setText(section: .duties, text: "新的部门职责。\n")
        try ProjectSession(path).setSettings(operationCosts: nil, template: "shanghai")

        let diff = try ProjectSession(path).diff(from: nil, to: nil).diff

        #expect(!diff.isEmpty)
        #expect(diff.added.isEmpty && diff.removed.isEmpty && diff.changed.isEmpty)
        #expect(diff.other.contains("科目名称新增：部门经济分类科目 30201 “办公用品及服务费”"), "\(diff.other)")
        #expect(diff.other.contains { $0.hasPrefix("部门职责：文字有改动") })
        #expect(diff.other.contains("默认模板：（未设） → shanghai"))
        // The renamed code shows in the tables' names, not their amounts.
        let text = DiffText.render(from: "a", to: "b", diff: diff, reports: try ProjectSession(path).reports())
        #expect(text.contains("其他变化："))
        #expect(!text.contains("明细变化："), "no empty heading")
    }

    @Test(
        "snapshot names: long ones are refused above 60 characters, and a 60-character one restores (its undo name fits); spaces at either end are refused"
    )
    func longNames() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        let long = String(repeating: "二上", count: 30)
        try ProjectSession(path).saveSnapshot(name: long)
        #expect { try ProjectSession(path).saveSnapshot(name: long + "稿") } throws: { ($0 as? InputProblem)?.message.contains("最多 60") == true }
        #expect { try ProjectSession(path).saveSnapshot(name: String(repeating: "e\u{301}", count: 40)) } throws: { $0 is InputProblem }
        #expect { try ProjectSession(path).saveSnapshot(name: " 一上") } throws: { ($0 as? InputProblem)?.message.contains("空格") == true }
        let saved = try ProjectSession(path).restoreSnapshot(name: long)
        #expect(saved.name.hasPrefix("恢复“\(long)”之前"))
    }

    @Test("a number given again to another item (the last one removed, a new one added) is one removal and one addition, not a change")
    func reusedNumber() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try ProjectSession(path).saveSnapshot(name: "一上")
        try ProjectSession(path).removeItems(ids: [53])
        let (item, _) = try ProjectSession(path).addItem(
            values: [.unit: "432002", .functional: "2080505", .economic: "30108", .type: "basic", .source: "general", .amount: "1000"],
            amountUnit: .yuan)
        #expect(item.id == 53)

        let diff = try ProjectSession(path).diff(from: nil, to: nil).diff

        #expect(diff.changed.isEmpty)
        #expect(diff.removed.map(\.id) == [53] && diff.added.map(\.id) == [53])
    }

    @Test("--to alone compares with the snapshot before it; the same snapshot on both sides is refused")
    func toAlone() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try ProjectSession(path).saveSnapshot(name: "一上")
        try ProjectSession(path).removeItems(ids: [18])
        try ProjectSession(path).saveSnapshot(name: "二上")

        let result = try ProjectSession(path).diff(from: nil, to: "二上")

        #expect(result.from.hasPrefix("快照“一上”") && result.to.hasPrefix("快照“二上”"))
        #expect(result.diff.removed.map(\.id) == [18])
        #expect(throws: InputProblem.self) { try ProjectSession(path).diff(from: "二上", to: "二上") }
    }

    @Test(
        "Shanghai: diff gives the column as the table shows it (an optional column appears), explain finds it; 机关运行经费 names its items, of the 行政 unit only"
    )
    func shanghaiDiffExplain() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try ProjectSession(path).setSettings(operationCosts: nil, template: "shanghai")
        try ProjectSession(path).saveSnapshot(name: "一上")
        _ = try ProjectSession(path).addItem(
            values: [
                .unit: "432002", .functional: "2010306", .economic: "39999", .economicName: "上缴款", .type: "remit", .source: "other", .amount: "5000",
            ],
            amountUnit: .yuan)

        let diff = try ProjectSession(path).diff(from: nil, to: nil).diff
        let remit = try #require(diff.cells.first { $0.table == "3" && $0.rowKey == "total" && $0.columnLabel.hasSuffix("上缴上级支出") })
        let explained = try ProjectSession(path).explain(table: "3", row: "合计", column: String(remit.column))
        let operation = try ProjectSession(path).explain(table: "9", row: "1", column: "机关运行经费")

        #expect(remit.column == 8 && remit.templateColumn == 9)
        #expect(remit.delta == 500_000 && remit.items.count == 1)
        #expect(explained.value == 500_000 && explained.itemCount == 1)
        #expect(operation.value == 62_030_000)
        #expect(operation.itemsTotal == 62_030_000)
        #expect(operation.items.allSatisfy { $0.unitCode == "432001" })
        #expect(operation.rules.first?.contains("单位为 432001") == true)
    }

    @Test("merge adds up the units' assets and last year's figures, says so, and takes a bureau's code name over a user's in the same file")
    func mergeAddsUp() throws {
        let folder = TemporaryFolder()
        var parts: [String] = []
        for (code, total, vehicles) in [("432001", "500", "1"), ("432002", "300", "2")] {
            let path = folder.file("\(code).budget")
            _ = try ProjectFile.create(at: path, department: SampleProject.department)
            try ProjectFile.open(at: path).write { writer in
                try writer.insertUnit(BudgetUnit(code: code, name: "单位\(code)", nature: .administrative))
            }
            _ = try ProjectSession(path).setAssets(
                changes: ["as-of": "2022-12-31", "total": total, "vehicles": vehicles, "other-value": total], amountUnit: .wan)
            try ProjectSession(path).setPrior(item: .total, amount: total, reason: "原因\(code)", amountUnit: .wan)
            parts.append(path)
        }
        // A user's name and a bureau's list for one code in the first file: the bureau's applies.
        _ = try ProjectSession(parts[0]).addItem(
            values: [
                .unit: "432001", .functional: "2010306", .economic: "30298", .economicName: "自定义费", .type: "basic", .source: "general", .amount: "1",
            ],
            amountUnit: .yuan)
        _ = try ProjectSession(parts[0]).importCatalog(from: folder.write("c.csv", "code,name\n30298,局定名称\n"))
        let merged = folder.file("m.budget")

        let result = try ProjectSession.merge(into: merged, from: parts)

        let document = try ProjectSession(merged).documentData()
        #expect(document.assets.total == 800 * 1_000_000 && document.assets.vehicleCount == 3)
        #expect(document.prior.amounts[.total] == Fen(800_000_000))
        #expect(result.notes.contains { $0.contains("固定资产占用情况为") } && result.notes.contains { $0.contains("上年预算数为") })
    }

    @Test("project rename carries the items, goal and indicators; merge's advice for a project in two files then works")
    func renameThenMerge() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        let before = try ProjectSession(path).documentData().performance.first { $0.project == "档案扫描服务费" }
        try ProjectSession(path).renameProject(name: "档案扫描服务费", to: "档案数字化服务费")
        let after = try ProjectSession(path).documentData().performance.first { $0.project == "档案数字化服务费" }
        #expect(after?.indicators == before?.indicators && after?.goal == before?.goal && before != nil)
        #expect(try ProjectFile.open(at: path).snapshot().items.filter { $0.project == "档案数字化服务费" }.count == 1)
        #expect(throws: InputProblem.self) { try ProjectSession(path).renameProject(name: "档案数字化服务费", to: "党建活动经费") }
    }

    @Test("merge removes the temporary of a merge that was killed, and refuses an existing output before reading anything")
    func mergeLeftovers() throws {
        let folder = TemporaryFolder()
        let a = try Self.sample(folder, "a.budget")
        let stale = folder.write(".m.budget.merge-999999", "half made")
        #expect(throws: (any Error).self) { try ProjectSession.merge(into: folder.file("m.budget"), from: [a, a + ".missing"]) }
        #expect(!FileManager.default.fileExists(atPath: stale))
        let existing = try Self.sample(folder, "exists.budget")
        #expect { try ProjectSession.merge(into: existing, from: [a, folder.file("x.budget")]) } throws: { "\($0)".contains("已经存在") }
    }
}
