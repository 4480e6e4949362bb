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

    @Test("after a snapshot and three changes (an amount, a move to another code, a removal), diff names exactly those and every cell they moved, with the right deltas")
    func threeChangesDiff() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try Workbench.saveSnapshot(path, name: "一上")
        let before = try Self.cells(try ProjectFile.open(at: path).snapshot())
        try Self.threeChanges(path)
        let after = try Self.cells(try ProjectFile.open(at: path).snapshot())

        let result = try Workbench.diff(path, from: nil, to: nil)
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
        #expect(six("total", 3)?.items == [15, 16, 18])
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

        let travel = try Workbench.explain(path, table: "6", row: "30211", column: "公用经费")
        let office = try Workbench.explain(path, table: "6", row: "办公费", column: "5")
        let basic = try Workbench.explain(path, table: "3", row: "合计", column: "基本支出")

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
        #expect(throws: InputProblem.self) { try Workbench.explain(path, table: "6", row: "39999", column: "公用经费") }
        #expect(throws: InputProblem.self) { try Workbench.explain(path, table: "6", row: "30211", column: "项目支出") }
        #expect(throws: InputProblem.self) { try Workbench.explain(path, table: "66", row: "30211", column: "3") }
    }

    @Test("restore puts the snapshot back whole, after saving the current state, so that the restore itself can be undone")
    func restore() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        try Workbench.saveSnapshot(path, name: "一上")
        let original = try ProjectFile.open(at: path).snapshot()
        try Self.threeChanges(path)
        let changed = try ProjectFile.open(at: path).snapshot()

        let saved = try Workbench.restoreSnapshot(path, name: "一上")

        let restored = try ProjectFile.open(at: path).snapshot()
        #expect(restored.items == original.items)
        #expect(restored.units == original.units && restored.projects == original.projects)
        #expect(try Workbench.diff(path, from: "一上", to: nil).diff.isEmpty)
        #expect(try Workbench.check(path).errorCount == 0)
        #expect(try ProjectFile.open(at: path).read { try $0.totalsAgree() })
        #expect(try ProjectFile.open(at: path).integrityProblems() == [])
        // The document came back too: indicators, procurement, texts.
        #expect(try Workbench.documentData(path) == (try { () throws -> DocumentData in
            let copy = folder.file("fresh.budget")
            try SampleProject.build(at: copy)
            return try Workbench.documentData(copy)
        })())
        #expect(try Workbench.snapshots(path).map(\.name) == ["一上", saved.name])
        #expect(saved.name.hasPrefix("恢复“一上”之前"))
        #expect(saved.itemCount == 52)

        // Undo: restore the state saved before the restore.
        _ = try Workbench.restoreSnapshot(path, name: saved.name)
        #expect(try ProjectFile.open(at: path).snapshot().items == changed.items)
        #expect(try Workbench.snapshots(path).count == 3)
    }

    @Test("snapshot names: a second snapshot of the same name, an unknown one to restore or remove, and a diff without snapshots are refused, naming what there is")
    func names() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        #expect { try Workbench.diff(path, from: nil, to: nil) } throws: { ($0 as? InputProblem)?.message.contains("还没有快照") == true }
        try Workbench.saveSnapshot(path, name: "一上")
        #expect { try Workbench.saveSnapshot(path, name: "一上") } throws: { ($0 as? InputProblem)?.message.contains("已经有这个名称的快照") == true }
        #expect { try Workbench.restoreSnapshot(path, name: "二上") } throws: { ($0 as? InputProblem)?.message.contains("已有：一上") == true }
        #expect { try Workbench.saveSnapshot(path, name: "") } throws: { $0 is InputProblem }
        try Workbench.removeSnapshot(path, name: "一上")
        #expect(try Workbench.snapshots(path).isEmpty)
        #expect(throws: InputProblem.self) { try Workbench.removeSnapshot(path, name: "一上") }
    }

    @Test("diff of two files: a copy edited apart gives the same three changes; files numbered apart are matched by content")
    func twoFiles() throws {
        let folder = TemporaryFolder()
        let first = try Self.sample(folder, "一上.budget")
        let second = folder.file("二上.budget")
        try FileManager.default.copyItem(atPath: first, toPath: second)
        try Self.threeChanges(second)

        let edited = try Workbench.diff(files: first, second).diff
        #expect(edited.removed.map(\.id) == [18] && edited.changed.map(\.new.id) == [15, 16] && edited.added.isEmpty)

        // The same items imported in reverse order: other numbers, the same budget.
        let reversed = folder.file("reversed.budget")
        try SampleProject.empty(at: reversed)
        let items = try ProjectFile.open(at: first).snapshot().items
        try ProjectFile.open(at: reversed).write { writer in
            for project in try ProjectFile.open(at: first).snapshot().projects { try writer.insertProject(project) }
            _ = try writer.insertItems(items.reversed().map { item in
                var copy = item
                copy.id = nil
                return copy
            })
        }
        let same = try Workbench.diff(files: first, reversed).diff
        #expect(!same.matchedByNumber)
        #expect(same.added.isEmpty && same.removed.isEmpty && same.changed.isEmpty, "\(same.changed.prefix(3))")
        // The nine tables are the same; the document's tables differ, as only the items were copied.
        #expect(same.cells.filter { Int($0.table) != nil }.isEmpty)
        #expect(same.cells.contains { $0.table == "采购" })
        let apart = try Workbench.diff(files: reversed, second).diff
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
        let document = try Workbench.documentData(whole)
        var parts: [String] = []
        for unit in snapshot.units {
            let path = folder.file("\(unit.code).budget")
            _ = try ProjectFile.create(at: path, department: snapshot.department)
            try ProjectFile.open(at: path).write { writer in
                try writer.insertUnit(unit)
                for project in snapshot.projects where snapshot.items.contains(where: { $0.project == project.name && $0.unitCode == unit.code }) {
                    try writer.insertProject(project)
                }
                _ = try writer.insertItems(snapshot.items.filter { $0.unitCode == unit.code }.map { item in
                    var copy = item
                    copy.id = nil
                    return copy
                })
                _ = try writer.insertProcurement(document.procurement.filter { $0.unitCode == unit.code }.map { row in
                    var copy = row
                    copy.id = nil
                    return copy
                })
            }
            parts.append(path)
        }
        let merged = folder.file("merged.budget")

        let result = try Workbench.merge(into: merged, from: parts)

        #expect(result.items == 53 && result.units == 2 && result.total == 2_343_440_000)
        let mergedCells = try Self.cells(try ProjectFile.open(at: merged).snapshot())
        #expect(mergedCells == (try Self.cells(snapshot)))
        // Cell by cell, the merged tables are the sum of the parts' tables.
        let partCells = try parts.map { try Self.cells(try ProjectFile.open(at: $0).snapshot()) }
        for (key, value) in mergedCells {
            #expect(value == partCells.reduce(0) { $0 + ($1[key] ?? 0) }, "\(key)")
        }
        let procurement = { (path: String) in try Workbench.document(path).reports.table("采购").map { $0.rows.map { $0.cells.compactMap(\.amount) } } }
        #expect(try procurement(merged) == (try procurement(whole)))
        #expect(try Workbench.check(merged).findings.filter { $0.severity == .error }.isEmpty)
    }

    @Test("merge is refused, with every reason and nothing written, for another year, another department, a unit in two files or a code named two ways")
    func mergeRefused() throws {
        let folder = TemporaryFolder()
        let base = try Self.sample(folder, "a.budget")
        let other = folder.file("b.budget")
        _ = try ProjectFile.create(at: other, department: Department(code: "433", name: "另一个部门", year: 2024))
        try ProjectFile.open(at: other).write { writer in
            try writer.insertUnit(BudgetUnit(code: "432001", name: "重复的单位", nature: .administrative, level: "", fundingForm: ""))
            try writer.setCodeNames([CatalogEntry(kind: .economic, code: "30201", name: "办公用品费")], origin: .bureau)
            _ = try writer.insertItems([LineItem(unitCode: "432001", functional: "2010306", economic: "30201", type: .basic, source: .general, amount: 100)])
        }
        let out = folder.file("m.budget")

        #expect {
            try Workbench.merge(into: out, from: [base, other])
        } throws: { error in
            let text = "\(error)"
            return text.contains("2023 年") && text.contains("部门编码") && text.contains("432001") && text.contains("办公用品费") && text.contains("办公费")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(folder.contents.filter { $0.hasPrefix(".") }.isEmpty, "no temporary left")
    }
}
