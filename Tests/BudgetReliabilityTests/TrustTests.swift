// The file is checked, not trusted, where it counts (issue 13, case 10): another program's
// change of an item's unit or project is found even after a later write of this tool, and a
// trigger (or view, table, index) planted in a received file blocks every write until removed.
import BudgetTestSupport
import Foundation
import GRDB
import Testing

@Suite("A project changed by another program is checked, not trusted", .serialized)
struct TrustTests {
    /// Runs SQL on the file as another program would (the sqlite3 shell).
    func foreign(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
        try queue.close()
    }

    func sample(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("p.budget")
        try SampleProject.buildItems(at: path)
        try SampleProject.fillStandIns(at: path)
        return path
    }

    static let add = [
        "--unit", "432002", "--functional", "2010306", "--economic", "30201", "--type", "basic", "--source", "general",
        "--amount", "1", "--note", "原",
    ]

    @Test(
        "an item moved to another unit or project by another program, then a write of this tool: never sealed, export refused",
        arguments: [
            "UPDATE line_item SET unit_id = (SELECT id FROM unit WHERE code = '432002') WHERE id = 1",
            "UPDATE line_item SET project_id = (SELECT project_id FROM line_item WHERE type = 'project' AND project_id <> (SELECT project_id FROM line_item WHERE id = 40) LIMIT 1) WHERE id = 40",
        ])
    func movedItem(sql: String) throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        try foreign(path, "PRAGMA foreign_keys = OFF; " + sql)
        // A later write of this tool compares the totals in full: they disagree, so it does not seal.
        try setup(["item", "add", path] + Self.add)
        let doctor = try cli(["doctor", path])
        #expect(doctor.status == 3, "\(doctor)")
        #expect(!doctor.stdout.contains("封印：有效"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("汇总数与明细不一致"), "\(doctor.stdout)")
        let export = try cli(["export", path, folder.file("out.xlsx")])
        #expect(export.status == 3 && export.stderr.contains("E-TOTALS"), "\(export)")
        #expect(!exists(folder.file("out.xlsx")))
        #expect(try cli(["check", path, "--full"]).status == 6)
        // Mended by rebuilding the totals; then export works.
        try setup("check", path, "--full", "--rebuild-totals")
        #expect(try cli(["export", path, folder.file("out.xlsx")]).succeeded)
    }

    @Test("an item of 0.00 moved to another unit by another program: found by the next write, never sealed")
    func movedZeroItem() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        var zero = Self.add
        zero[zero.firstIndex(of: "--amount")! + 1] = "0"
        zero[zero.firstIndex(of: "--note")! + 1] = "零元"
        try setup(["item", "add", path] + zero)
        // Amounts and counts by unit are unchanged in sum; only the item's unit is another.
        try foreign(
            path,
            "PRAGMA foreign_keys = OFF; UPDATE line_item SET unit_id = (SELECT id FROM unit WHERE code = '432001') WHERE note = '零元'")
        try setup(["item", "add", path] + Self.add)
        let doctor = try cli(["doctor", path])
        #expect(doctor.status == 3 && doctor.stdout.contains("汇总数与明细不一致"), "\(doctor.stdout)")
        // Sealed by mistake, the export would trust the totals and go ahead.
        let export = try cli(["export", path, folder.file("out.xlsx")])
        #expect(export.status == 3 && export.stderr.contains("E-TOTALS"), "\(export)")
        #expect(try cli(["check", path, "--full"]).status == 6)
    }

    @Test(
        "a trigger planted in a received file: writes refused with E-SCHEMA, doctor names it, --remove-unknown removes it",
        arguments: [
            "CREATE TRIGGER rewrite AFTER INSERT ON line_item BEGIN UPDATE line_item SET unit_id = 1, note = '改' WHERE id = new.id; END",
            "CREATE VIEW peek AS SELECT * FROM line_item",
            "CREATE TABLE extra (x)",
            "CREATE INDEX line_item_note ON line_item(note)",
        ])
    func plantedObject(sql: String) throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        try foreign(path, sql)
        let name = sql.split(separator: " ")[2]
        let before = try read(path)
        let add = try cli(["item", "add", path] + Self.add)
        #expect(add.status == 3 && add.stderr.contains("E-SCHEMA") && add.stderr.contains(String(name)), "\(add)")
        #expect(try read(path) == before, "the file was written")
        // Reads still work.
        #expect(try cli(["show", path, "1"]).succeeded)
        let doctor = try cli(["doctor", path])
        #expect(doctor.status == 3 && doctor.stdout.contains(String(name)) && !doctor.stdout.contains("封印：有效"), "\(doctor)")
        #expect(doctor.stderr.contains("E-DOCTOR") && doctor.stderr.contains("budget doctor --remove-unknown"), "\(doctor.stderr)")
        let removal = try cli(["doctor", path, "--remove-unknown"])
        #expect(removal.succeeded && removal.stdout.contains("已移除") && removal.stdout.contains(String(name)), "\(removal)")
        try setup(["item", "add", path] + Self.add)
        let listed = try cli(["item", "list", path, "--unit", "432002"])
        #expect(listed.stdout.contains("原") && !listed.stdout.contains("改"), "\(listed)")
        #expect(try cli(["doctor", path]).succeeded)
    }
}
