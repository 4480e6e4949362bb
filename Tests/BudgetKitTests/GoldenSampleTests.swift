import BudgetKit
import BudgetModel
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// The published 2023 disclosure, parsed from the verbatim copy in Fixtures/.
struct PublishedDisclosure {
    struct Table {
        var title: String
        /// 序号 → the cells after 序号, as printed (trailing empty cells may be missing).
        var rows: [Int: [String]] = [:]
        var notes: [String] = []
    }

    var tables: [Table] = []

    static let titles = [
        "部门预算收支总表", "部门预算收入总表", "部门预算支出总表", "部门预算财政拨款收支总表", "部门预算一般公共预算财政拨款支出表",
        "部门预算一般公共预算财政拨款基本支出表", "部门预算政府基金预算财政拨款支出表", "部门预算国有资本经营预算财政拨款支出表",
        "部门预算财政拨款“三公”经费支出表",
    ]

    static func load() throws -> PublishedDisclosure {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/seed-2023-tables.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var result = PublishedDisclosure()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if titles.contains(line) {
                result.tables.append(Table(title: line))
            } else if line.hasPrefix("注："), !result.tables.isEmpty {
                result.tables[result.tables.count - 1].notes.append(line)
            } else if let first = line.split(separator: "\t", omittingEmptySubsequences: false).first, let number = Int(first), !result.tables.isEmpty
            {
                let cells = line.split(separator: "\t", omittingEmptySubsequences: false).dropFirst().map(String.init)
                result.tables[result.tables.count - 1].rows[number] = cells
            }
        }
        return result
    }
}

/// Text compared as a reader sees it: full-width and half-width brackets and spaces alike.
func folded(_ text: String) -> String {
    text.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")").replacingOccurrences(of: " ", with: "")
}

@Suite("The sample reproduces the published 2023 disclosure")
struct GoldenSampleTests {
    @Test("every published figure of the nine tables is in the exported workbook")
    func everyPublishedFigure() throws {
        // Given: the sample project built from Workbooks/ and exported
        let folder = TemporaryFolder()
        let project = folder.file("sample.budget")
        try SampleProject.build(at: project)
        let result = try ProjectSession(project).export(to: folder.file("sample.xlsx"), force: false)
        #expect(result.errorCount == 0)
        let published = try PublishedDisclosure.load()
        try #require(published.tables.count == 9)

        // When: the workbook is read back from the file
        let workbook = try XLSXWorkbook(path: folder.file("sample.xlsx"))
        // The nine tables first; the document's sheets follow (GoldenDocumentTests).
        try #require(workbook.sheets.count > 9)

        // Then: every published row, figure and label is there, and nothing more
        var figures = 0
        for (table, sheet) in zip(published.tables, workbook.sheets) {
            #expect(sheet.cell(row: 0, column: 0)?.value == table.title)
            let numberRow = try #require((0..<40).first { sheet.cell(row: $0, column: 0)?.value == "栏次" }, "no 栏次 row in \(sheet.name)")
            let lastNumber = table.rows.keys.max() ?? 0
            for (number, cells) in table.rows.sorted(by: { $0.key < $1.key }) {
                let row = numberRow + number
                #expect(sheet.cell(row: row, column: 0)?.number == Double(number), "\(sheet.name) 序号 \(number)")
                let width = (1..<20).last { sheet.cell(row: numberRow, column: $0) != nil } ?? 0
                for column in 1...width {
                    let expected = column - 1 < cells.count ? cells[column - 1] : ""
                    let stored = sheet.cell(row: row, column: column)
                    let place = "\(sheet.name)!\(XLSXReference.name(row: row, column: column)) (published row \(number))"
                    if expected.wholeMatch(of: /\d+\.\d\d/) != nil {
                        let value = try #require(stored?.number, "\(place) should hold \(expected)")
                        #expect(String(format: "%.2f", value) == expected, "\(place)")
                        figures += 1
                    } else if expected.isEmpty {
                        #expect(stored == nil || stored?.value == "" || stored?.number == 0, "\(place) should be blank, holds \(stored?.value ?? "")")
                    } else {
                        #expect(folded(stored?.value ?? "") == folded(expected), "\(place)")
                    }
                }
            }
            // No row beyond the last published one.
            #expect(sheet.cell(row: numberRow + lastNumber + 1, column: 0)?.number == nil, "\(sheet.name) has rows beyond \(lastNumber)")
            for note in table.notes {
                #expect(sheet.cells.values.contains { $0.value == note }, "\(sheet.name) lacks the note \(note)")
            }
        }
        // `grep -P "^\\d+\\t" Fixtures/seed-2023-tables.txt | tr "\\t" "\\n" | grep -cP "^\\d+\\.\\d\\d$"` counts 196.
        #expect(figures == 196, "published figures compared")
    }

    @Test("totals are SUM formulas (rounded to one 分) whose stored values are the published figures")
    func totalsAreFormulas() throws {
        let folder = TemporaryFolder()
        let project = folder.file("sample.budget")
        try SampleProject.build(at: project)
        _ = try ProjectSession(project).export(to: folder.file("sample.xlsx"), force: false)
        let workbook = try XLSXWorkbook(path: folder.file("sample.xlsx"))

        // 表6 row 1 (合计): 1892.52 = SUM of the 类 rows; 1820.73 人员经费; 71.79 公用经费.
        let sheet6 = try #require(workbook.sheets.first { $0.name.hasPrefix("6") })
        let numberRow = try #require((0..<20).first { sheet6.cell(row: $0, column: 0)?.value == "栏次" })
        let total = try #require(sheet6.cell(row: numberRow + 1, column: 3))
        #expect(total.formula != nil)
        #expect(total.number == 1892.52)
        #expect(sheet6.cell(row: numberRow + 1, column: 4)?.number == 1820.73)
        #expect(sheet6.cell(row: numberRow + 1, column: 5)?.number == 71.79)
        // A leaf row's 合计 adds its own 人员经费 and 公用经费.
        let leaf = try #require(sheet6.cell(row: numberRow + 15, column: 3))  // 30226 劳务费
        #expect(leaf.formula == "ROUND(SUM(E\(numberRow + 16):F\(numberRow + 16)),6)")
        #expect(leaf.number == 523.43)

        // 表1 本年收入合计 and 收入总计 are formulas holding 2343.44.
        let sheet1 = try #require(workbook.sheets.first)
        let row32 = try #require((0..<60).first { sheet1.cell(row: $0, column: 1)?.value == "本年收入合计" })
        #expect(sheet1.cell(row: row32, column: 2)?.formula != nil)
        #expect(sheet1.cell(row: row32, column: 2)?.number == 2343.44)
        #expect(sheet1.cell(row: row32 + 2, column: 4)?.number == 2343.44)
    }

    @Test("the sample's projects add up to 项目支出 450.92 in 15 projects")
    func projectsAddUp() throws {
        let folder = TemporaryFolder()
        let project = folder.file("sample.budget")
        try SampleProject.build(at: project)
        let projects = try ProjectSession(project).projects().projects
        #expect(projects.count == 15)
        #expect(projects.reduce(0) { $0 + $1.total } == 450_920_000)
        // Cost caps of the seed's performance tables (万元) equal each project's amount.
        let caps: [String: Int64] = [
            "“一窗通”平台运维费": 6_000_000, "大厅岗位外包服务费": 25_200_000, "委托投资咨询评估服务机构费用": 164_000_000,
            "政务大厅运行经费": 73_720_000, "容e查费用": 29_000_000,
        ]
        for (name, fen) in caps {
            #expect(projects.first { $0.project.name == name }?.total == fen, "\(name)")
        }
    }
}
