import BudgetReports
import CXLSXWriter
import Foundation

/// How much room text takes when printed: the model behind every row height and column width
/// the workbooks set, since neither Excel nor LibreOffice fits a merged cell's row to its text,
/// and a viewer without the font measures differently.
///
/// The model, by character class, in points for a font of `s` points:
/// - a full-width character (CJK ideographs, kana, hangul, full-width forms, and the CJK fonts'
///   full-width punctuation “”‘’…—, ≥ ≤ and arrows) is `s` wide;
/// - any other character (digits, Latin letters, ASCII punctuation) is 0.6 `s` wide (digits are
///   0.5–0.55 em in 宋体 and Noto Sans CJK, capitals up to 0.7: 0.6 is the wider average);
/// - bold text is 5 % wider;
/// - a line is 1.45 `s` high (Noto Sans CJK, which LibreOffice prints for 宋体 where SimSun is
///   missing, has 1.448 em from ascent to descent; SimSun has 1.14 em, so Excel has room over);
/// - text wraps greedily: after any full-width character, at spaces, and inside a run of other
///   characters only when the run is longer than a line (as LibreOffice and Excel do).
/// The margin: a cell's text gets its column width less `cellPadding` on each side (and the
/// indent of left-aligned text), and every wrapped row gets `rowPadding` above its lines; the
/// measured width is raised by `widthMargin` (7 %) for kerning and font differences.
public enum TextMetrics {
    /// Points of a column `width` wide as Excel and WPS print it, the narrowest a viewer makes
    /// it: the unit is the width of a '0' of the default font (Calibri 11: 7 pixels), plus 5
    /// pixels of padding, at 96 pixels to the inch. Text wraps into this width: a row high
    /// enough for it is high enough wherever the column is wider.
    public static func points(columnWidth width: Double) -> Double {
        width < 1 ? (width * 12).rounded() * 0.75 : ((width * 7).rounded() + 5) * 0.75
    }

    /// Points of a column `width` wide as LibreOffice prints it without Calibri (with DejaVu
    /// Sans, whose '0' is 7 points wide at 11 points), the widest a viewer makes it: the
    /// stored width (`width` and its padding, ``storedWidth(_:)``) times 7 points. Pages are
    /// fitted to this width, so a sheet is as many pages wide in every viewer.
    public static func widestPoints(columnWidth width: Double) -> Double {
        storedWidth(width) * 7
    }

    /// The width libxlsxwriter stores for `width`: its pixels (with the 5 of padding) over 7.
    static func storedWidth(_ width: Double) -> Double {
        ((width * 7).rounded() + 5) / 7
    }

    static let cellPadding = 3.0
    /// LibreOffice prints one indent level as 10 points; Excel as 3 spaces of the default font.
    static let indentPoints = 10.0
    static let rowPadding = 4.0
    static let lineFactor = 1.45
    static let widthMargin = 1.07

    /// Whether a character prints full-width in a CJK font.
    static func isFullWidth(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return TextRenderer.displayWidth(String(scalar)) == 2 || (0x2010...0x206F).contains(v) || (0x2190...0x23FF).contains(v)
            || (0x2460...0x27BF).contains(v) || (0x3000...0x303F).contains(v)
    }

    /// The width of `text` on one line, in points.
    public static func width(_ text: Substring, points: Double, bold: Bool = false) -> Double {
        let em = text.unicodeScalars.reduce(0.0) { $0 + (isFullWidth($1) ? 1 : 0.6) }
        return em * points * (bold ? 1.05 : 1) * widthMargin
    }

    /// The lines `text` takes wrapped in `available` points (each line break in it starts one).
    public static func lines(_ text: String, available: Double, points: Double, bold: Bool = false) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { count, paragraph in
            count + paragraphLines(paragraph, available: max(available, points), points: points, bold: bold)
        }
    }

    static func paragraphLines(_ text: Substring, available: Double, points: Double, bold: Bool) -> Int {
        var lines = 1
        var x = 0.0
        func place(_ width: Double, space: Bool = false) {
            if x + width > available && x > 0 {
                lines += 1
                x = space ? 0 : width
            } else {
                x += width
            }
            // A run longer than a line is broken inside.
            while x > available {
                lines += 1
                x -= available
            }
        }
        var run = 0.0
        for scalar in text.unicodeScalars {
            let full = isFullWidth(scalar)
            let width = (full ? 1 : 0.6) * points * (bold ? 1.05 : 1) * widthMargin
            if full || scalar == " " {
                if run > 0 { place(run) }
                run = 0
                place(width, space: scalar == " ")
            } else {
                run += width
            }
        }
        if run > 0 { place(run) }
        return lines
    }

    /// The height in points of a row holding `lines` lines of a `points` font.
    public static func rowHeight(lines: Int, points: Double) -> Double {
        (Double(lines) * points * lineFactor + rowPadding).rounded(.up)
    }

    /// The height a cell needs for `text` in a span `columnPoints` wide.
    static func height(_ text: String, columnPoints: Double, points: Double, bold: Bool = false, indented: Bool = false) -> Double {
        let available = columnPoints - 2 * cellPadding - (indented ? indentPoints : 0)
        return rowHeight(lines: lines(text, available: available, points: points, bold: bold), points: points)
    }
}

/// Paper, orientation and scale of a sheet of tables: A4 landscape at full size when the
/// columns fit; else the columns narrowed towards their minimums (text and headers wrap), then
/// the print scaled down
/// no further than body text at 8 points; else A3; else A3 at that scale, two or more pages
/// wide, with the first column repeated on each. No sheet is fitted to the page by shrinking
/// (which prints a wide table at 4–6 points).
public struct PageSetup: Equatable, Sendable {
    public enum Paper: Equatable, Sendable {
        case a4, a3
        /// libxlsxwriter's paper code.
        var code: UInt8 { self == .a4 ? 9 : 8 }
        /// Width and height in points, landscape.
        public var landscape: (width: Double, height: Double) { self == .a4 ? (841.9, 595.3) : (1190.6, 841.9) }
    }

    public var paper: Paper
    /// Percent.
    public var scale: Int
    public var columnWidths: [Double]
    /// Columns printed again on every page across (a sheet too wide even for A3).
    public var repeatedColumns: Int

    /// Margins in inches: left and right, top and bottom (room for the page header and footer).
    static let sideMargin = 0.4
    static let endMargin = 0.75
    /// Body text size, and the smallest size it may print at.
    public static let bodyPoints = 10.0
    public static let smallestPoints = 8.0
    /// The narrowest a text column is made (5 full-width characters a line).
    public static let narrowestText = 12.0

    /// The width the columns may take, in points at 100 %.
    public var printableWidth: Double { (paper.landscape.width - 2 * Self.sideMargin * 72) * 100 / Double(scale) }
    /// The height rows may take on one page, in points at 100 %, with 3 % to spare.
    public var printableHeight: Double { (paper.landscape.height - 2 * Self.endMargin * 72) * 0.97 * 100 / Double(scale) }

    /// What a sheet too wide for A4, even at the smallest scale, is printed on: A3 (then A3 at
    /// that scale several pages wide), or A4 several pages wide at full size. The template
    /// decides (`wideTables`).
    public enum Wide: String, Sendable {
        case a3
        case pages
    }

    /// The setup for columns of `natural` widths, each narrowed no further than its minimum:
    /// the widest first, one unit at a time.
    public static func fit(_ natural: [Double], minimums: [Double], wide: Wide = .a3) -> PageSetup {
        func narrowed(_ widths: inout [Double], until done: ([Double]) -> Bool) {
            while !done(widths) {
                let candidates = widths.indices.filter { widths[$0] - 1 >= minimums[$0] }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { return }
                widths[widest] -= 1
            }
        }
        let total = { (widths: [Double]) in widths.reduce(0) { $0 + TextMetrics.widestPoints(columnWidth: $1) } }
        let smallestScale = Int((smallestPoints / bodyPoints * 100).rounded(.up))
        for paper in wide == .a3 ? [Paper.a4, .a3] : [.a4] {
            var setup = PageSetup(paper: paper, scale: 100, columnWidths: natural, repeatedColumns: 0)
            let printable = setup.printableWidth
            narrowed(&setup.columnWidths) { total($0) <= printable }
            let needed = total(setup.columnWidths)
            if needed <= printable { return setup }
            let scale = Int((printable / needed * 100).rounded(.down))
            if scale >= smallestScale {
                setup.scale = scale
                return setup
            }
        }
        var pages =
            wide == .a3
            ? PageSetup(paper: .a3, scale: smallestScale, columnWidths: natural, repeatedColumns: 1)
            : PageSetup(paper: .a4, scale: 100, columnWidths: natural, repeatedColumns: 1)
        narrowed(&pages.columnWidths) { _ in false }
        return pages
    }

    /// Sets the paper, orientation, margins, scale and footer of `sheet`.
    func apply(
        to sheet: UnsafeMutablePointer<lxw_worksheet>, landscape: Bool = true, footer: String = PageNumbering.workbook.footer
    ) -> lxw_error {
        if landscape { worksheet_set_landscape(sheet) } else { worksheet_set_portrait(sheet) }
        worksheet_set_paper(sheet, paper.code)
        worksheet_set_print_scale(sheet, UInt16(scale))
        worksheet_set_margins(sheet, Self.sideMargin, Self.sideMargin, Self.endMargin, Self.endMargin)
        if repeatedColumns > 0 {
            let code = worksheet_repeat_columns(sheet, 0, lxw_col_t(repeatedColumns - 1))
            if code != LXW_NO_ERROR { return code }
        }
        return worksheet_set_footer(sheet, footer)
    }
}

/// Manual page breaks that keep each table of a sheet whole on one page when it fits on one:
/// a table that would not fit in what is left of a page starts a new page. A table longer than
/// a page starts at the top of one and is broken between rows, never inside a run of rows kept
/// together (a merged 一级指标) unless the run is longer than a page; each page it continues on
/// starts with a copy of its header (a sheet can repeat only one set of rows, and the tables
/// share a sheet), whose height the page loses.
enum PageBreaks {
    /// One table's rows, as heights in points.
    struct Table: Equatable {
        /// The blank rows before it (none before the first table).
        var gap: [Double] = []
        /// The title, the lines above the header and the header: kept with the first body row.
        var lead: [Double]
        /// The body rows, then the rows after them (a blank row and the note).
        var rows: [Double]
        /// Runs of body rows not to be broken.
        var together: [Range<Int>] = []
        /// The height of the rows a continued page starts with (a title line and the header).
        var continuation: Double = 0
    }

    /// Where a table's pages break.
    struct Plan: Equatable {
        /// Whether the table starts a new page (never the first table).
        var startsPage = false
        /// The rows (indices into ``Table/rows``) each further page of the table starts with.
        var breaks: [Int] = []
    }

    static func plan(_ tables: [Table], pageHeight: Double) -> [Plan] {
        var plans: [Plan] = []
        var used = 0.0
        for table in tables {
            var plan = Plan()
            let gap = table.gap.reduce(0, +)
            let size = table.lead.reduce(0, +) + table.rows.reduce(0, +)
            if used > 0 && used + gap + size > pageHeight {
                plan.startsPage = true
                used = 0
            } else {
                used += gap
            }
            if used + size <= pageHeight {
                used += size
            } else {
                used += table.lead.reduce(0, +)
                var pageStart = 0
                for (row, height) in table.rows.enumerated() {
                    if used + height > pageHeight && row > pageStart {
                        // Before the run the row is in, unless that run started the page.
                        let run = table.together.first { $0.lowerBound < row && row < $0.upperBound }
                        let at = run.map(\.lowerBound).flatMap { $0 > pageStart ? $0 : nil } ?? row
                        plan.breaks.append(at)
                        used = table.continuation + table.rows[at..<row].reduce(0, +)
                        pageStart = at
                    }
                    used += height
                }
            }
            plans.append(plan)
        }
        return plans
    }
}
