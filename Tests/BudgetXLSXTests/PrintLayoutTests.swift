import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetXLSX

/// The print layout's model (``TextMetrics``, ``PageSetup``, ``PageBreaks``), its figures
/// worked out by hand. Scripts/print-check checks the printed pages (PrintCheckTests).
@Suite("Print layout")
struct PrintLayoutTests {
    @Test("text is measured by character class: full-width 1 em, other 0.6 em, 7 % over")
    func widths() {
        // 2 × 10 × 1.07 = 21.4; 4 × 0.6 × 10 × 1.07 = 25.68; “” and ≥ print full-width in CJK fonts.
        #expect(abs(TextMetrics.width("预算", points: 10) - 21.4) < 1e-9)
        #expect(abs(TextMetrics.width("2023", points: 10) - 25.68) < 1e-9)
        #expect(abs(TextMetrics.width("“≥”", points: 10) - 32.1) < 1e-9)
        // Bold 5 % wider: 21.4 × 1.05 = 22.47.
        #expect(abs(TextMetrics.width("预算", points: 10, bold: true) - 22.47) < 1e-9)
    }

    @Test("wrapping: after any full-width character, between words, each line break a line")
    func wrapping() {
        // Each character 10.7 points: 4 fit in 50 (42.8; a 5th makes 53.5): 4 + 4 + 2.
        #expect(TextMetrics.lines("一二三四五六七八九十", available: 50, points: 10) == 3)
        // Three words of 6 letters (38.52 each, a space 6.42) in 70 points: a word and a space
        // (44.94) leave 25.06, less than the next word, so one word a line: 3 lines, where
        // breaking anywhere would take 2 (20 × 6.42 = 128.4 over 70).
        #expect(TextMetrics.lines("abcdef abcdef abcdef", available: 70, points: 10) == 3)
        // A run longer than a line is broken inside it: 20 × 6.42 = 128.4 over 50: 3 lines.
        #expect(TextMetrics.lines("abcdefghijabcdefghij", available: 50, points: 10) == 3)
        #expect(TextMetrics.lines("一\n二", available: 500, points: 10) == 2)
        #expect(TextMetrics.lines("", available: 50, points: 10) == 1)
        // 2 lines of 10 points: 2 × 14.5 + 4 = 33.
        #expect(TextMetrics.rowHeight(lines: 2, points: 10) == 33)
    }

    @Test("a column's width in points: Excel's (narrowest) for wrapping, LibreOffice's without Calibri (widest) for the page")
    func columnPoints() {
        // 10 units: 70 + 5 pixels = 75 pixels = 56.25 points; stored as 75 / 7 units, 7 points each = 75.
        #expect(TextMetrics.points(columnWidth: 10) == 56.25)
        #expect(abs(TextMetrics.widestPoints(columnWidth: 10) - 75) < 1e-9)
    }

    @Test("a sheet is fitted to A4, then scaled to no less than 8 pt, then A3, never shrunk below 80 %")
    func pageSetup() {
        // A4 landscape less 0.4 inch each side: 841.9 − 57.6 = 784.3 points. Width w is 7w + 5 points.
        let fits = PageSetup.fit([10, 100], minimums: [10, 12])  // 75 + 705 = 780
        #expect(fits == PageSetup(paper: .a4, scale: 100, columnWidths: [10, 100], repeatedColumns: 0))
        // 75 + 775 = 850: the text column narrowed until 7w + 5 ≤ 784.3 − 75 = 709.3, w = 100.
        let narrowed = PageSetup.fit([10, 110], minimums: [10, 12])
        #expect(narrowed == PageSetup(paper: .a4, scale: 100, columnWidths: [10, 100], repeatedColumns: 0))
        // 845 points that cannot narrow: 784.3 / 845 = 92.8 %.
        #expect(PageSetup.fit([120], minimums: [120]) == PageSetup(paper: .a4, scale: 92, columnWidths: [120], repeatedColumns: 0))
        // 1055 points: 74 % on A4 would print 10 pt at 7.4 pt; A3 (1190.6 − 57.6 = 1133) holds it.
        #expect(PageSetup.fit([150], minimums: [150]) == PageSetup(paper: .a3, scale: 100, columnWidths: [150], repeatedColumns: 0))
        // 1405 points: A3 at 1133 / 1405 = 80.6 %.
        #expect(PageSetup.fit([200], minimums: [200]) == PageSetup(paper: .a3, scale: 80, columnWidths: [200], repeatedColumns: 0))
        // 1755 points: two pages wide on A3 at 80 %, the first column on each.
        #expect(PageSetup.fit([250], minimums: [250]) == PageSetup(paper: .a3, scale: 80, columnWidths: [250], repeatedColumns: 1))
        // The widest column narrowed first, down to no less than its minimum: 60 and 90 units
        // (425 + 635 = 1060 points) come down to a + b ≤ 110 (7 × 110 + 10 = 780 ≤ 784.3, 111 would
        // take 787), the wider first, so 55 and 55.
        #expect(PageSetup.fit([60, 90], minimums: [12, 12]).columnWidths == [55, 55])
        #expect(PageSetup.fit([200, 30], minimums: [200, 12]).columnWidths == [200, 12])
        // (595.3 − 2 × 54) × 0.97 = 472.681 points of rows on an A4 page at 100 %.
        #expect(abs(fits.printableHeight - 472.681) < 1e-9)
    }

    @Test("a template that prints wide tables on A4 pages (wideTables \"pages\"): A4 at full size, several pages wide, the first column on each")
    func widePages() {
        // 1055 points (a column of 150: 7 × 150 + 5): 74 % on A4 is below 80 %. By default A3
        // holds it; with "pages" it stays on A4 at 100 %, two pages wide (784.3 points a page).
        #expect(PageSetup.fit([150], minimums: [150], wide: .pages) == PageSetup(paper: .a4, scale: 100, columnWidths: [150], repeatedColumns: 1))
        // A sheet that fits A4 at 80 % or more is the same either way: 845 points at 92 %.
        #expect(PageSetup.fit([120], minimums: [120], wide: .pages) == PageSetup(paper: .a4, scale: 92, columnWidths: [120], repeatedColumns: 0))
        // Narrowed to its minimums first, as on A3: 60 and 90 units go down to 12 and 12 only
        // when the rest cannot fit; here [200, 30] with minimums [200, 12] keep 200 and take 12.
        #expect(
            PageSetup.fit([200, 30], minimums: [200, 12], wide: .pages)
                == PageSetup(paper: .a4, scale: 100, columnWidths: [200, 12], repeatedColumns: 1))
    }

    @Test(
        "a table that does not fit in what is left of a page starts the next; a longer one breaks between rows, not inside a merged run, each further page losing the header copy's height"
    )
    func pageBreaks() {
        func table(gap: Bool = true, rows: Int, together: [Range<Int>] = []) -> PageBreaks.Table {
            // Every row 20 points: a title and a header row (40) before the body.
            PageBreaks.Table(
                gap: gap ? [20, 20] : [], lead: [20, 20], rows: Array(repeating: 20, count: rows), together: together, continuation: 30)
        }
        let starts = PageBreaks.Plan(startsPage: true)
        // Pages of 450: tables of 40 + 160 = 200 with gaps of 40: 200 + 40 + 200 = 440 fits,
        // another 40 + 200 does not: the third table starts a page.
        let three = [table(gap: false, rows: 8), table(rows: 8), table(rows: 8)]
        #expect(PageBreaks.plan(three, pageHeight: 450) == [.init(), .init(), starts])
        // 28 body rows (40 + 560 = 600) run over: 40 + 20 × 20 = 440 fills the first page (a
        // 21st row makes 460), so body row 20 starts the next page under the header copy (30):
        // 30 + 8 × 20 = 190; 190 + 40 + 40 + 20 = 290 fits the next table after it.
        let long = [table(gap: false, rows: 28), table(rows: 1)]
        #expect(PageBreaks.plan(long, pageHeight: 450) == [PageBreaks.Plan(breaks: [20]), .init()])
        // Body rows 18–22 merged (a 一级指标 over five indicators): the page breaks before them.
        let merged = [table(gap: false, rows: 28, together: [18..<23]), table(rows: 1)]
        #expect(PageBreaks.plan(merged, pageHeight: 450) == [PageBreaks.Plan(breaks: [18]), .init()])
        // A run from the first body row longer than a page is broken where the pages end, its
        // first rows kept with the header: 40 + 20 × 20 = 440 (rows 0–19), then 30 + 21 × 20 =
        // 450 (rows 20–40), then rows 41–49.
        #expect(PageBreaks.plan([table(gap: false, rows: 50, together: [0..<50])], pageHeight: 450) == [PageBreaks.Plan(breaks: [20, 41])])
        // A long table after a short one starts a page (100 + 40 + 600 > 450), then breaks as
        // the first: 40 + 20 × 20, then 30 + 8 × 20.
        let after = [table(gap: false, rows: 3), table(rows: 28)]
        #expect(PageBreaks.plan(after, pageHeight: 450) == [.init(), PageBreaks.Plan(startsPage: true, breaks: [20])])
        #expect(PageBreaks.plan([table(gap: false, rows: 5)], pageHeight: 450) == [.init()])
    }

    @Test("the sample's 项目绩效目标表 sheet: rows as high as their text, page breaks between tables only")
    func performanceSheet() throws {
        let folder = TemporaryFolder()
        let (project, path) = (folder.file("sample.budget"), folder.file("sample.xlsx"))
        try SampleProject.build(at: project)
        try #require(try runBudget(["export", project, path]).status == 0)
        let workbook = try XLSXWorkbook(path: path)
        let index = try #require(workbook.sheets.firstIndex { $0.name == DocumentTables.performanceSheetName })
        let xml = String(decoding: try #require(try XLSXPackage.part(path, "xl/worksheets/sheet\(index + 1).xml")), as: UTF8.self)
        let sheet = workbook.sheets[index]
        // Every break is at a table's title (its first row: “N、…绩效目标表”).
        let breaks = xml.matches(of: /<brk id="(\d+)"/).map { Int($0.output.1)! }
        #expect(!breaks.isEmpty)
        for row in breaks {
            let title = sheet.cell("A\(row + 1)")?.value ?? ""
            #expect(title.hasSuffix("绩效目标表"), "break before row \(row + 1): \(title)")
        }
        // No row of a table is below one line of 10 points (14.5 + 4 = 18.5, rounded up to 19).
        let heights = xml.matches(of: /<row r="(\d+)"[^>]* ht="([\d.]+)"/).map { (Int($0.output.1)!, Double($0.output.2)!) }
        #expect(!heights.isEmpty && heights.allSatisfy { $0.1 >= 19 })
    }
}
