import BudgetKit
import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

/// The sample in the Shanghai template (issue 7): the same figures as the Hebei tables, in 元,
/// laid out as Shanghai publishes them.
@Suite("The Shanghai template on the sample")
struct ShanghaiTemplateTests {
    static func sample(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("p.budget")
        try SampleProject.build(at: path)
        return path
    }

    @Test("every figure of the nine tables equals the Hebei figure scaled from 万元 to 元, table by table and column by column")
    func sameFigures() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        let hebei = try ProjectSession(path).document(template: "hebei").reports
        let shanghai = try ProjectSession(path).document(template: "shanghai").reports

        // Shanghai table → Hebei table: the order differs (基本支出 is 8th in Shanghai, 6th in Hebei).
        let pairs = [("2", "2"), ("3", "3"), ("5", "5"), ("6", "7"), ("7", "8"), ("8", "6")]
        let sameMeaning: Set<String> = ["合计", "财政拨款收入", "基本支出", "项目支出", "人员经费", "公用经费"]
        var compared = 0
        for (s, h) in pairs {
            let a = try #require(shanghai.table(s))
            let b = try #require(hebei.table(h))
            let scopedA = shanghai.scoped(to: a)
            let aLabels = a.header.columnLabels.map { String($0.split(separator: "·").last ?? "") }
            let bLabels = b.header.columnLabels.map { String($0.split(separator: "·").last ?? "") }
            // An empty Shanghai table keeps an empty 合计 row; the Hebei one has no rows.
            #expect(
                Set(a.rows.map(\.key)).subtracting(b.rows.isEmpty ? ["total"] : []) == Set(b.rows.map(\.key)), "表\(s) and 表\(h) have the same codes")
            for row in a.rows {
                for (column, label) in aLabels.enumerated() where a.columnKinds[column] == .amount && sameMeaning.contains(label) {
                    let other = try #require(bLabels.firstIndex(of: label), "表\(h) has a column \(label)")
                    let yuan = scopedA.displayUnits(a.amount(row: row.key, column: column))
                    let wan = hebei.displayUnits(b.amount(row: row.key, column: other))
                    // Hundredths of 万元 are 100 元: the sample's amounts are in 0.01 万元.
                    #expect(yuan == wan * 100, "表\(s) \(row.key) \(label): \(yuan) 元 vs \(wan) hundredths of 万元")
                    compared += 1
                }
            }
        }
        // 收支总表 and 财政拨款收支总表: the classes, wherever the list moved them, and the totals.
        for (id, columns) in [("1", [(4, 4)]), ("4", [(4, 4), (5, 5)])] {
            let a = try #require(shanghai.table(id))
            let b = try #require(hebei.table(id))
            for key in b.rows.map(\.key) where key.count == 3 && key.allSatisfy(\.isNumber) {
                for (sc, hc) in columns {
                    #expect(
                        shanghai.scoped(to: a).displayUnits(a.amount(row: key, column: sc)) == hebei.displayUnits(b.amount(row: key, column: hc))
                            * 100)
                    compared += 1
                }
            }
            #expect(a.amount(row: "grand", column: 2) == b.amount(row: "grand", column: 2))
            #expect(a.amount(row: "grand", column: 4) == b.amount(row: "grand", column: 4))
        }
        #expect(compared > 150)
        // “三公” in 万元 in both; every item zero in the sample, as published.
        let three = try #require(shanghai.table("9"))
        #expect(three.amountUnit == "wan")
        #expect(three.rows.count == 1)
        for column in 1...6 { #expect(three.amount(row: "total", column: column) == 0) }
    }

    @Test("机关运行经费 counts only 行政 and 参公 units: the 本级's 一般公共预算 基本支出 公用经费, summed here from the sample's items")
    func operationCosts() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        // Independently: the sample's items file, the 行政 unit (432001) only.
        let csv = try String(contentsOfFile: SampleProject.file("items.csv"), encoding: .utf8)
        var expected: Fen = 0
        var everyUnit: Fen = 0
        for line in csv.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // A blank 经费类型 follows the economic code: 301 and 303 are 人员经费, the rest 公用经费.
            let nature = cells[4].isEmpty ? (cells[2].hasPrefix("301") || cells[2].hasPrefix("303") ? "人员经费" : "公用经费") : cells[4]
            guard cells[3] == "基本支出", nature == "公用经费", cells[6] == "一般公共预算拨款" else { continue }
            let fen = try Money.parse(cells[7], unit: .wan)
            everyUnit += fen
            if cells[0] == "432001" { expected += fen }
        }
        let document = try ProjectSession(path).document(template: "shanghai")
        let three = try #require(document.reports.table("9"))
        #expect(three.amount(row: "total", column: 7) == expected)
        #expect(document.figures.operation == expected)
        #expect(expected != everyUnit, "the sample has a 事业 unit with 公用经费, so the scope matters")
        // The Hebei template keeps the project's own scope (all units).
        #expect(try ProjectSession(path).document(template: "hebei").figures.operation == everyUnit)
        #expect(document.narrative.paragraphs.contains { $0.contains("财政拨款的机关运行经费预算为\(Money.formatWan(expected))万元") })
    }

    @Test("the check passes in the Shanghai template: sums, identities over moved class rows, and the statement against 表3, 表8 and 表9")
    func checks() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        // What the Shanghai statement asks and the Hebei sample has not (主要用于 per 项, each
        // project's 项目经费情况说明, the counts of vehicles and equipment), as stand-ins.
        try ProjectSession(path).fillStandIns()
        let result = try ProjectSession(path).check(template: "shanghai")
        #expect(result.errorCount == 0, "\(result.findings.map(\.message))")
        #expect(!result.findings.contains { $0.check == "statement" })
        let unit = try ProjectSession(path).check(template: "shanghai", variant: "unit")
        #expect(unit.errorCount == 0, "\(unit.findings.map(\.message))")
    }

    @Test("a wrong figure in a moved class row is found by the identity with 支出预算总表")
    func identityOverMovedRows() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        var reports = try ProjectSession(path).reports(template: "shanghai")
        var table = try #require(reports.table("1"))
        // 卫生健康支出 (210) is listed third, on the row whose own key is 203.
        let row = try #require(table.rowIndex("210", column: 4))
        #expect(table.rows[row].key == "203")
        #expect(table.rows[row].cells[3] == .text("三、卫生健康支出"))
        table.rows[row].cells[4] = .amount(1)
        reports.tables[0] = table
        let findings = Checks.run(try ProjectSession(path).document(template: "shanghai").data, reports) { _ in [] }
        #expect(
            findings.contains { $0.check == "identity" && $0.message.contains("各类支出") && $0.row?.contains("卫生健康支出") == true },
            "\(findings.map(\.message))")
        #expect(findings.contains { $0.check == "sum" }, "支出总计 no longer adds up")
    }
}
