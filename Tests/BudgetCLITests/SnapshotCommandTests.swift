import BudgetTestSupport
import Foundation
import Testing

/// budget snapshot, diff, explain and merge through the executable (issue 4).
@Suite("budget snapshot, diff, explain, merge")
struct SnapshotCommandTests {
    @Test("snapshot save, list, restore and rm: what the clerk sees, and restore saving the state before it")
    func snapshots() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))

        let saved = try budget("snapshot", "save", project, "一上")
        let again = try budget("snapshot", "save", project, "一上")
        let edited = try budget("item", "rm", project, "18")
        let restored = try budget("snapshot", "restore", project, "一上")
        let listed = try budget("snapshot", "list", project)
        let unknown = try budget("snapshot", "restore", project, "二下")

        #expect(saved.status == 0 && saved.stdout.contains("已保存快照“一上”：53 条明细，合计 2343.44 万元"), "\(saved.stdout)\(saved.stderr)")
        #expect(again.status == 1 && again.stderr.contains("E-INPUT") && again.stderr.contains("已经有这个名称的快照"))
        #expect(edited.status == 0)
        #expect(restored.status == 0 && restored.stdout.contains("恢复前的内容已保存为快照“恢复“一上”之前"), "\(restored.stdout)\(restored.stderr)")
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4 && lines[1].hasPrefix("   1  一上") && lines[1].hasSuffix("53       2343.44"), "\(listed.stdout)")
        #expect(lines[2].hasPrefix("   2  恢复“一上”之前") && lines[2].hasSuffix("52       2339.44"), "\(listed.stdout)")
        #expect(unknown.status == 1 && unknown.stderr.contains("已有：一上、恢复“一上”之前"), "\(unknown.stderr)")
        #expect(try budget("item", "list", project).stdout.contains("#18 "), "item 18 is back")
    }

    @Test("snapshots by their number in snapshot list: restore, diff and rm; a number that is no snapshot's is refused")
    func snapshotsByNumber() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        #expect(try budget("snapshot", "save", project, "一上").status == 0)
        #expect(try budget("item", "rm", project, "18").status == 0)
        #expect(try budget("snapshot", "save", project, "二上").status == 0)
        // From snapshot 1 (一上) to snapshot 2 (二上): item 18 went.
        let diff = try budget("diff", project, "--from", "1", "--to", "2")
        #expect(diff.status == 1 && diff.stdout.contains("快照“一上”") && diff.stdout.contains("快照“二上”"), "\(diff.stdout)")
        let restored = try budget("snapshot", "restore", project, "1")
        #expect(restored.status == 0 && restored.stdout.contains("一上"), "\(restored.stdout)\(restored.stderr)")
        #expect(try budget("item", "list", project).stdout.contains("#18 "), "item 18 is back")
        #expect(try budget("snapshot", "rm", project, "2").status == 0)
        let listed = try budget("snapshot", "list", project).stdout
        #expect(!listed.contains("二上") && listed.contains("一上"), "\(listed)")
        let unknown = try budget("snapshot", "restore", project, "9")
        #expect(unknown.status == 1 && unknown.stderr.contains("没有这个快照（可写快照名称，或 budget snapshot list 中的编号）"), "\(unknown.stderr)")
    }

    @Test("diff exits 0 when equal and 1 when different, like diff; 2 for a snapshot that is not there; --json for machines")
    func diffStatuses() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        try #require(try budget("snapshot", "save", project, "一上").status == 0)

        let equal = try budget("diff", project)
        try #require(try budget("item", "set", project, "15", "--amount", "200000").status == 0)
        try #require(try budget("item", "set", project, "16", "--economic", "30211").status == 0)
        try #require(try budget("item", "rm", project, "18").status == 0)
        let different = try budget("diff", project)
        let json = try budget("diff", project, "--from", "一上", "--json")
        let missing = try budget("diff", project, "--from", "二上")
        let both = try budget("diff", project, folder.file("x.budget"), "--from", "一上")

        #expect(equal.status == 0 && equal.stdout.contains("没有差别"), "\(equal.stdout)\(equal.stderr)")
        #expect(different.status == 1, "\(different.stderr)")
        let text = different.stdout
        #expect(text.contains("明细：新增 0 条，删除 1 条，修改 2 条"))
        #expect(text.contains("预算合计：2343.44 → 2336.84（-6.60）万元"))
        #expect(text.contains("  删除 #18 432001 2010306 30228 基本支出/公用经费 一般公共预算拨款 40000.00 元"))
        #expect(text.contains("  修改 #15：金额 226000.00 → 200000.00"))
        #expect(text.contains("  修改 #16：经济分类 30207 → 30211"))
        #expect(text.contains("表6 第 12 行“30201 办公费” 第 5 栏“一般公共预算基本支出·公用经费”：22.60 → 20.00（-2.60）万元  明细 #15"), "\(text)")
        // The summary comes first: every table that moved, before the details.
        let summary = try #require(text.range(of: "各表变化："))
        let details = try #require(text.range(of: "明细变化："))
        #expect(summary.lowerBound < details.lowerBound)
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["equal"] as? Bool == false)
        #expect((object["removed"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [18])
        #expect((object["changed"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [15, 16])
        let cells = try #require(object["cells"] as? [[String: Any]])
        #expect(cells.contains { $0["table"] as? String == "6" && $0["rowKey"] as? String == "30211" && $0["deltaFen"] as? Int == 18_930_000 })
        #expect(missing.status == 2 && missing.stderr.contains("E-INPUT") && missing.stderr.contains("已有：一上"), "\(missing.stderr)")
        #expect(both.status == 64)
    }

    @Test("explain names the cell, its rule and its items; a row or column the table lacks is an input error")
    func explain() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))

        let labour = try budget("explain", project, "6", "30226", "人员经费")
        let total = try budget("explain", project, "1", "收入总计", "2")
        let wrong = try budget("explain", project, "6", "30226", "项目支出")

        #expect(labour.status == 0, "\(labour.stderr)")
        #expect(
            labour.stdout.hasPrefix("表6 部门预算一般公共预算财政拨款基本支出表 第 15 行“30226 劳务费” 第 4 栏“一般公共预算基本支出·人员经费”：523.43 万元（5234300.00 元）"), "\(labour.stdout)")
        #expect(labour.stdout.contains("经济分类为 30226 及其下级"))
        #expect(labour.stdout.contains("明细 1 条，合计 5234300.00 元，等于本格"))
        #expect(labour.stdout.contains("#11 432001 2010306 30226 基本支出/人员经费 一般公共预算拨款 5234300.00 元"))
        #expect(total.stdout.contains("核对：收支总表：收入总计 = 支出总计"), "\(total.stdout)")
        #expect(total.stdout.contains("明细 53 条，合计 23434400.00 元，等于本格"))
        #expect(wrong.status == 1 && wrong.stderr.contains("这张表没有这一栏") && wrong.stderr.contains("人员经费"), "\(wrong.stderr)")
    }

    @Test("merge through the command line: two unit files into one; refused with every reason and nothing written")
    func merge() throws {
        let folder = TemporaryFolder()
        var parts: [String] = []
        for code in ["432001", "432002"] {
            let path = try initProject(folder.file("\(code).budget"))
            let units = try String(contentsOfFile: Sample.units, encoding: .utf8).split(separator: "\n")
            let items = try String(contentsOfFile: Sample.items, encoding: .utf8).split(separator: "\n")
            let unitFile = folder.write("u\(code).csv", ([units[0]] + units.filter { $0.hasPrefix(code) }).joined(separator: "\n") + "\n")
            let itemFile = folder.write("i\(code).csv", ([items[0]] + items.filter { $0.hasPrefix(code) }).joined(separator: "\n") + "\n")
            try #require(try budget("unit", "import", path, unitFile).status == 0)
            try #require(try budget("import", path, itemFile, "--unit", "wan").status == 0)
            parts.append(path)
        }
        let whole = try makeSampleProject(folder.file("whole.budget"))

        let merged = try budget("merge", folder.file("m.budget"), parts[0], parts[1])
        let refused = try budget("merge", folder.file("n.budget"), parts[0], whole)

        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("已合并 2 个文件到 \(folder.file("m.budget"))：2 个单位，15 个项目，53 条明细，合计 2343.44 万元"), "\(merged.stdout)")
        for table in 1...9 {
            let a = try budget("show", folder.file("m.budget"), String(table), "--csv").stdout
            let b = try budget("show", whole, String(table), "--csv").stdout
            #expect(a == b, "table \(table)")
        }
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("“单位编码”列，值“432001”：这个单位也在"), "\(refused.stderr)")
        #expect(refused.stderr.contains("没有写入任何内容"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("n.budget")))
    }
}
