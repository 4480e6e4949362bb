import BudgetModel
import BudgetReports
import CXLSXWriter
import Foundation

/// Writes one table onto a worksheet, from a given row: a sheet holds one table, or several
/// tables one under another when they share a sheet name (the projects' 绩效目标表).
struct SheetWriter {
    let sheet: UnsafeMutablePointer<lxw_worksheet>
    let styles: Styles
    let reports: ReportSet
    let table: ReportTable
    let path: String
    /// Set for the first table of a sheet of an unchecked export.
    let stamp: String?
    let place: Placement

    /// Where the parts of a table start on its sheet.
    struct Placement {
        var titleRow: Int
        var headerRow: Int
        var numberRow: Int
        var firstBodyRow: Int
        /// The first row after the table and its note.
        var end: Int
        /// Whether the table starts a new printed page (``PageBreaks``).
        var startsPage = false
        /// The rows (indices of body rows, or past them the blank row and the note) that start
        /// a further page of the table.
        var breaks: [Int] = []
        /// The body rows a further page starts with after a copy of the title line and the
        /// header (none: the table is not continued, or has sums, whose ranges would take in
        /// the copy), and the rows each copy takes.
        var copies: [Int] = []
        var continuationRows = 0

        /// The sheet row of body row `r` (or past the body, of the blank row and the note),
        /// below the header copies before it.
        func row(_ r: Int) -> Int {
            firstBodyRow + r + continuationRows * copies.count { $0 <= r }
        }

        /// The body rows of a merged block, in parts where pages break it.
        func parts(_ block: CellMerge) -> [Range<Int>] {
            let cuts = copies.filter { block.row < $0 && $0 < block.row + block.rowSpan }
            return zip([block.row] + cuts, cuts + [block.row + block.rowSpan]).map { $0..<$1 }
        }

        /// The sheet row a break starts a page with: the header copy's first row, or the row.
        func pageStart(_ r: Int) -> Int {
            row(r) - (copies.contains(r) ? continuationRows : 0)
        }
    }

    /// Title, the stamp if any, the lines above the header, the header, the 栏次 row if any;
    /// with `breaks` (``Placement/breaks``) and a header copy (`continued`) before each that
    /// starts with a body row.
    static func placement(
        _ table: ReportTable, in reports: ReportSet, stamped: Bool, start: Int = 0, breaks: [Int] = [], continued: Bool = false
    ) -> Placement {
        let headerRow = start + 1 + (stamped ? 1 : 0) + table.lines(in: reports).count
        let numberRow = headerRow + table.header.rowCount
        let firstBodyRow = numberRow + (table.numberRow.isEmpty ? 0 : 1)
        let continuationRows = continued ? 1 + firstBodyRow - headerRow : 0
        let copies = continued ? breaks.filter { $0 < table.rows.count } : []
        let end = firstBodyRow + table.rows.count + continuationRows * copies.count + (table.note == nil ? 0 : 2)
        return Placement(
            titleRow: start, headerRow: headerRow, numberRow: numberRow, firstBodyRow: firstBodyRow, end: end, breaks: breaks,
            copies: copies, continuationRows: continuationRows)
    }

    /// The title line a continued page of `table` starts with.
    static func continuedTitle(_ table: ReportTable) -> String { table.title + "（续）" }

    /// The tables of a report set by sheet, in order, each with its placement: tables that share
    /// a sheet name follow one another with two blank rows between them, paged (``paged(_:_:stamped:)``).
    static func sheets(_ reports: ReportSet, stamped: Bool) -> [(name: String, tables: [(ReportTable, Placement)])] {
        var sheets: [(name: String, tables: [(ReportTable, Placement)])] = []
        for table in reports.tables {
            if let last = sheets.last, last.name == table.sheetName, let previous = last.tables.last {
                let place = placement(table, in: reports, stamped: false, start: previous.1.end + 2)
                sheets[sheets.count - 1].tables.append((table, place))
            } else {
                sheets.append((table.sheetName, [(table, placement(table, in: reports, stamped: stamped))]))
            }
        }
        return sheets.map { sheet in (sheet.name, sheet.tables.count > 1 ? paged(sheet.tables.map(\.0), reports, stamped: stamped) : sheet.tables) }
    }

    /// Tables that share a sheet, placed one under another and paged: each on one page when it
    /// fits on one (a table that does not fit in what is left of a page starts the next); one
    /// longer than a page broken between rows, each further page starting with “（续）” and a
    /// copy of its header (``PageBreaks``).
    static func paged(_ tables: [ReportTable], _ reports: ReportSet, stamped: Bool) -> [(ReportTable, Placement)] {
        let setup = pageSetup(tables, reports)
        let columnPoints = setup.columnWidths.map(TextMetrics.points(columnWidth:))
        var start = 0
        let unbroken = tables.enumerated().map { index, table in
            let continued = !table.rows.contains { $0.cells.contains { if case .sum = $0 { true } else { false } } }
            let place = placement(table, in: reports, stamped: stamped && index == 0, start: start, continued: continued)
            start = place.end + 2
            let scoped = reports.scoped(to: table)
            let heights = rowHeights(table, scoped, place, columnPoints: columnPoints)
            let height = { heights[$0] ?? 15 }
            let header = (place.headerRow..<place.firstBodyRow).reduce(0) { $0 + height($1) }
            let all = columnPoints.prefix(table.columnCount - scoped.hiddenColumns(table)).reduce(0, +)
            let title = TextMetrics.height(continuedTitle(table), columnPoints: all, points: PageSetup.bodyPoints)
            return PageBreaks.Table(
                gap: index == 0 ? [] : [15, 15], lead: (place.titleRow..<place.firstBodyRow).map(height),
                rows: (place.firstBodyRow..<place.end).map(height),
                together: table.merges.filter { $0.rowSpan > 1 }.map { $0.row..<$0.row + $0.rowSpan },
                continuation: continued ? title + header : 0)
        }
        let plans = PageBreaks.plan(unbroken, pageHeight: setup.printableHeight)
        start = 0
        return zip(tables, zip(plans, unbroken)).enumerated().map { index, entry in
            let (table, (plan, rows)) = entry
            var place = placement(
                table, in: reports, stamped: stamped && index == 0, start: start, breaks: plan.breaks, continued: rows.continuation > 0)
            place.startsPage = plan.startsPage
            start = place.end + 2
            return (table, place)
        }
    }

    /// The paper, scale and column widths of a sheet of `tables`.
    static func pageSetup(_ tables: [ReportTable], _ reports: ReportSet) -> PageSetup {
        let shift = reports.hiddenColumns(tables[0])
        let widths = columnWidths(tables, reports)
        return PageSetup.fit(
            Array(widths.natural.dropFirst(shift)), minimums: Array(widths.minimums.dropFirst(shift)),
            wide: reports.template.wideTables.flatMap(PageSetup.Wide.init(rawValue:)) ?? .a3)
    }

    /// Adds a sheet and writes its tables, then lays it out for print (``PageSetup``): every
    /// row as high as its text needs, and each table on one page when it fits on one.
    static func write(
        _ name: String, _ tables: [(ReportTable, Placement)], workbook: UnsafeMutablePointer<lxw_workbook>, styles: Styles,
        reports: ReportSet, path: String, stamp: String?, pages: PageNumbering = .workbook, firstSheet: Bool = false
    ) throws(XLSXError) {
        try validateSheetName(name, path: path)
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw XLSXError(path: path, operation: "新建工作表", detail: "工作表名“\(name)”无效")
        }
        let first = tables[0]
        let setup = pageSetup(tables.map(\.0), reports)
        let columnPoints = setup.columnWidths.map(TextMetrics.points(columnWidth:))
        var numberText = NumberTextCells()
        var heights: [Int: Double] = [:]
        for (index, (table, place)) in tables.enumerated() {
            let scoped = reports.scoped(to: table)
            let writer = SheetWriter(
                sheet: sheet, styles: styles.amounts(scoped.amountNumberFormat), reports: scoped, table: table, path: path,
                stamp: index == 0 ? stamp : nil, place: place)
            try writer.write(noting: &numberText)
            heights.merge(rowHeights(table, scoped, place, columnPoints: columnPoints)) { max($0, $1) }
        }
        let writer = SheetWriter(sheet: sheet, styles: styles, reports: reports, table: first.0, path: path, stamp: stamp, place: first.1)
        for (row, height) in heights.sorted(by: { $0.key < $1.key }) {
            try writer.check(worksheet_set_row(sheet, lxw_row_t(row), height, nil), "设置行高")
        }
        // The page breaks of tables that share a sheet (``paged(_:_:stamped:)``).
        let breaks = tables.flatMap { _, place in (place.startsPage ? [place.titleRow] : []) + place.breaks.map(place.pageStart) }
        if !breaks.isEmpty {
            var rows = breaks.prefix(Int(LXW_BREAKS_MAX)).map { lxw_row_t($0) } + [0]
            try writer.check(worksheet_set_h_pagebreaks(sheet, &rows), "设置分页")
        }
        try writer.finish(setup, single: tables.count == 1, footer: pages.footer)
        // The first sheet's pages start at the part's first page; the others' go on from it.
        if firstSheet && pages.firstPage != 1 { worksheet_set_start_page(sheet, UInt16(clamping: pages.firstPage)) }
        if let ranges = numberText.ranges {
            try writer.check(worksheet_ignore_errors(sheet, UInt8(LXW_IGNORE_NUMBER_STORED_AS_TEXT.rawValue), ranges), "设置忽略错误")
        }
    }

    func check(_ code: lxw_error, _ operation: String) throws(XLSXError) {
        let code = LXWFault.pass(code)
        if code != LXW_NO_ERROR { throw XLSXError(path: path, operation: "表\(table.id) \(operation)", code: code) }
    }

    /// Writes the table; the cells given text that reads as a number (栏次, codes, 数量) are added
    /// to `numberText`.
    func write(noting numberText: inout NumberTextCells) throws(XLSXError) {
        let shift = reports.hiddenColumns(table)
        let lastColumn = lxw_col_t(table.columnCount - 1 - shift)

        func merge(_ row: Int, _ text: String, _ format: Styles.Format) throws(XLSXError) {
            try check(mergeText(sheet, lxw_row_t(row), 0, lxw_row_t(row), lastColumn, text, format), "写入表头")
        }
        try merge(place.titleRow, table.title, styles.title)
        var metaRow = place.titleRow + 1
        if let stamp {
            try merge(metaRow, stamp, styles.stamp)
            metaRow += 1
        }
        for (offset, line) in table.lines(in: reports).enumerated() {
            let right = line.hasPrefix("单位：") || line.hasPrefix("截止时间")
            try merge(metaRow + offset, line, right ? styles.metaRight : styles.meta)
        }

        try writeHeader(at: place.headerRow, noting: &numberText)
        for body in place.copies {
            let first = place.row(body) - place.continuationRows
            try merge(first, Self.continuedTitle(table), styles.meta)
            try writeHeader(at: first + 1, noting: &numberText)
        }

        for (r, row) in table.rows.enumerated() {
            let sheetRow = lxw_row_t(place.row(r))
            let isTotal = row.level == .total || row.level == .level(1)
            for (c, cell) in row.cells.enumerated() where c >= shift {
                let column = lxw_col_t(c - shift)
                let kind = table.columnKinds[c]
                switch cell {
                case .empty:
                    let format = kind == .amount ? styles.amount : styles.text
                    try check(worksheet_write_blank(sheet, sheetRow, column, format), "写入空格")
                case .text(let text):
                    if kind == .index, let number = Double(text) {
                        try check(worksheet_write_number(sheet, sheetRow, column, number, styles.index), "写入序号")
                    } else {
                        let format = kind == .code ? styles.code : (row.level == .total ? styles.totalText : styles.text)
                        try check(writeText(sheet, sheetRow, column, text, format), "写入文字")
                        numberText.note(row: Int(sheetRow), column: Int(column), text)
                    }
                case .amount(let fen):
                    let value = displayValue(fen)
                    let format = isTotal ? styles.totalAmount : styles.amount
                    if fen == 0 && !reports.showsZero {
                        try check(worksheet_write_blank(sheet, sheetRow, column, format), "写入金额")
                    } else {
                        try check(worksheet_write_number(sheet, sheetRow, column, value, format), "写入金额")
                    }
                case .sum(let fen, let refs):
                    let format = isTotal ? styles.totalAmount : styles.amount
                    if reports.truncates {
                        // Cut from the exact total: a SUM of cut parts could come out lower.
                        try check(worksheet_write_number(sheet, sheetRow, column, displayValue(fen), format), "写入金额")
                    } else {
                        let formula = Self.formula(refs, firstBodyRow: place.firstBodyRow, shift: shift, decimals: storedDecimals)
                        try check(worksheet_write_formula_num(sheet, sheetRow, column, formula, format, displayValue(fen)), "写入公式")
                    }
                }
            }
        }
        for block in table.merges where block.column >= shift {
            let text = table.rows[block.row].cells[block.column].text ?? ""
            let column = lxw_col_t(block.column - shift)
            let format = table.rows[block.row].level == .total ? styles.totalText : styles.text
            // Broken by a page, each part carries the text.
            for rows in place.parts(block) {
                let (first, last) = (lxw_row_t(place.row(rows.lowerBound)), lxw_row_t(place.row(rows.upperBound - 1)))
                let lastColumn = column + lxw_col_t(block.columnSpan - 1)
                if first == last && block.columnSpan == 1 {
                    try check(writeText(sheet, first, column, text, format), "写入文字")
                } else {
                    try check(mergeText(sheet, first, column, last, lastColumn, text, format), "合并单元格")
                }
            }
        }
        if let note = table.note {
            try merge(place.row(table.rows.count + 1), note, styles.note)
        }
    }

    /// The header and the 栏次 row, the header's first row at `headerRow`.
    func writeHeader(at headerRow: Int, noting numberText: inout NumberTextCells) throws(XLSXError) {
        let shift = reports.hiddenColumns(table)
        for cell in table.header.cells {
            let row = lxw_row_t(headerRow + cell.row)
            // A header cell over hidden columns loses them, or goes.
            let hidden = max(0, shift - cell.column)
            guard cell.columnSpan > hidden else { continue }
            let column = lxw_col_t(cell.column + hidden - shift)
            let span = cell.columnSpan - hidden
            if cell.rowSpan > 1 || span > 1 {
                try check(
                    mergeText(
                        sheet, row, column, row + lxw_row_t(cell.rowSpan - 1), column + lxw_col_t(span - 1),
                        cell.text, styles.header), "合并表头")
            } else {
                try check(writeText(sheet, row, column, cell.text, styles.header), "写入表头")
            }
            numberText.note(row: Int(row), column: Int(column), cell.text)
        }
        let numberRow = headerRow + table.header.rowCount
        for (column, label) in table.numberRow.enumerated() {
            try check(writeText(sheet, lxw_row_t(numberRow), lxw_col_t(column), label, styles.number), "写入栏次")
            numberText.note(row: numberRow, column: column, label)
        }
    }

    /// Column widths and print settings, once per sheet. A sheet of one table repeats its
    /// header rows on every printed page and freezes them on screen.
    func finish(_ setup: PageSetup, single: Bool, footer: String) throws(XLSXError) {
        for (c, width) in setup.columnWidths.enumerated() {
            try check(worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), width, nil), "设置列宽")
        }
        if let stamp {
            // On every printed page, not only the first.
            try check(worksheet_set_header(sheet, "&C&\"宋体,Bold\"&KC00000" + stamp.replacingOccurrences(of: "&", with: "&&")), "设置页眉")
        }
        try check(setup.apply(to: sheet, footer: footer), "设置打印")
        worksheet_center_horizontally(sheet)
        if single {
            let lastHeaderRow = table.numberRow.isEmpty ? place.firstBodyRow - 1 : place.numberRow
            try check(worksheet_repeat_rows(sheet, lxw_row_t(place.headerRow), lxw_row_t(lastHeaderRow)), "设置打印标题行")
            worksheet_freeze_panes(sheet, lxw_row_t(place.firstBodyRow), 0)
        }
    }

    /// The height of every row of `table` that its text needs (``TextMetrics``), by sheet
    /// row, given the printed width of each sheet column in points.
    static func rowHeights(_ table: ReportTable, _ reports: ReportSet, _ place: Placement, columnPoints: [Double]) -> [Int: Double] {
        let shift = reports.hiddenColumns(table)
        let body = PageSetup.bodyPoints
        let all = columnPoints.prefix(table.columnCount - shift).reduce(0, +)
        var heights: [Int: Double] = [:]
        var spans: [(row: Int, rows: Int, need: Double)] = []
        func need(_ row: Int, rows: Int = 1, _ height: Double) {
            if rows == 1 {
                heights[row] = max(heights[row] ?? 0, height)
            } else {
                spans.append((row, rows, height))
            }
        }
        func span(_ column: Int, _ count: Int) -> Double {
            (column..<min(column + count, columnPoints.count)).reduce(0) { $0 + columnPoints[$1] }
        }
        let one = TextMetrics.rowHeight(lines: 1, points: body)
        need(place.titleRow, max(30, TextMetrics.height(table.title, columnPoints: all, points: 16, bold: true)))
        for row in place.titleRow + 1..<place.headerRow {
            need(row, one)
        }
        for (offset, line) in table.lines(in: reports).enumerated() {
            need(place.headerRow - table.lines(in: reports).count + offset, TextMetrics.height(line, columnPoints: all, points: body))
        }
        // The header, and its copies under the title line of each further page.
        let copies = place.copies.map { place.row($0) - place.continuationRows }
        for first in copies {
            need(first, TextMetrics.height(continuedTitle(table), columnPoints: all, points: body))
        }
        for headerRow in [place.headerRow] + copies.map({ $0 + 1 }) {
            for cell in table.header.cells {
                let hidden = max(0, shift - cell.column)
                guard cell.columnSpan > hidden else { continue }
                let width = span(cell.column + hidden - shift, cell.columnSpan - hidden)
                need(headerRow + cell.row, rows: cell.rowSpan, TextMetrics.height(cell.text, columnPoints: width, points: body, bold: true))
            }
            if !table.numberRow.isEmpty { need(headerRow + table.header.rowCount, one) }
        }
        var merged: Set<[Int]> = []
        for block in table.merges where block.column >= shift {
            for r in block.row..<block.row + block.rowSpan {
                for c in block.column..<block.column + block.columnSpan { merged.insert([r, c]) }
            }
            let text = table.rows[block.row].cells[block.column].text ?? ""
            let bold = table.rows[block.row].level == .total
            let width = span(block.column - shift, block.columnSpan)
            for rows in place.parts(block) {
                need(
                    place.row(rows.lowerBound), rows: rows.count,
                    TextMetrics.height(text, columnPoints: width, points: body, bold: bold, indented: !bold))
            }
        }
        for (r, row) in table.rows.enumerated() {
            need(place.row(r), one)
            for (c, cell) in row.cells.enumerated() where c >= shift && !merged.contains([r, c]) {
                guard case .text(let text) = cell, c - shift < columnPoints.count else { continue }
                let kind = table.columnKinds[c]
                let bold = row.level == .total && kind != .code
                let indented = kind == .code || (kind == .text && !bold)
                need(
                    place.row(r),
                    TextMetrics.height(text, columnPoints: columnPoints[c - shift], points: body, bold: bold, indented: indented))
            }
        }
        if let note = table.note {
            need(place.row(table.rows.count + 1), TextMetrics.height(note, columnPoints: all, points: body))
        }
        // A cell over several rows: what its rows lack shared among them.
        for span in spans {
            let rows = span.row..<span.row + span.rows
            let have = rows.reduce(0.0) { $0 + (heights[$1] ?? one) }
            guard span.need > have else { continue }
            let extra = ((span.need - have) / Double(span.rows)).rounded(.up)
            for row in rows { heights[row] = (heights[row] ?? one) + extra }
        }
        return heights
    }

    /// The number a cell holds: the exact amount in the display unit (e.g. 4.712345 万元). The
    /// 0.00 format shows it rounded once, as the tool does. A truncating template's cells hold
    /// the figure already cut to the unit shown, since a number format can only round.
    func displayValue(_ fen: Fen) -> Double {
        let exact = reports.truncates ? reports.displayUnits(fen) * reports.fenPerShownUnit : fen
        let value = Double(exact) / Double(reports.fenPerDisplayUnit)
        precondition(value.isFinite)
        return value
    }

    /// The decimals of a cell's exact amount in the display unit: 6 in 万元, 2 in 元 (one 分).
    ///
    /// A total's formula rounds its SUM to them: the parts are binary fractions, so their SUM
    /// can miss the exact total by a few units in the last place (855.8249999999999 for 855.825
    /// 万元), which the 0.00 format, rounding a figure that sits on a half, shows one hundredth
    /// lower (855.82) than the stored total (855.83) once a viewer recalculates. Rounded to one
    /// 分 the result is the exact total, the same number as the stored cached value: every
    /// viewer shows the same figure before and after recalculating, and a total of totals adds
    /// exact figures too.
    var storedDecimals: Int { String(reports.fenPerDisplayUnit).count - 1 }

    /// Widths that fit the widest text of each column over the tables of a sheet (a header
    /// wraps at 8 full-width characters a line, 4 in a table of more than 10 columns), and the
    /// narrowest each may be made (``PageSetup/fit(_:minimums:)``): a text column 5 full-width
    /// characters a line, an amount or a code its widest figure or code (a header 2 to 4
    /// characters a line), a 序号 its own.
    static func columnWidths(_ tables: [ReportTable], _ reports: ReportSet) -> (natural: [Double], minimums: [Double]) {
        let count = tables.map(\.columnCount).max() ?? 0
        let wide = count > 10
        var headers = [Int](repeating: 4, count: count)
        var contents = [Int](repeating: 0, count: count)
        var kinds = [ColumnKind](repeating: .text, count: count)
        for table in tables {
            for (c, kind) in table.columnKinds.enumerated() { kinds[c] = kind }
            for cell in table.header.cells where cell.columnSpan == 1 {
                headers[cell.column] = max(headers[cell.column], min(TextRenderer.displayWidth(cell.text), wide ? 8 : 16))
            }
            let scoped = reports.scoped(to: table)
            for row in table.rows {
                for (c, cell) in row.cells.enumerated() {
                    contents[c] = max(contents[c], TextRenderer.displayWidth(TextRenderer.display(cell, scoped)))
                }
            }
        }
        // A wide table (the procurement budget's 16 columns) wraps its text sooner.
        let maximum = wide ? 22 : 60
        // Text and codes keep one indent (10 points, about 2 units) off their border, and a
        // figure its indent from the right: a text that fits its widest line fits still.
        let padding: [ColumnKind: Int] = [.code: 5, .text: 4, .amount: 3, .index: 2]
        var natural: [Double] = []
        var minimums: [Double] = []
        for c in 0..<count {
            let kind = kinds[c]
            let smallest = kind == .amount ? (wide ? 8 : 12) : (kind == .index ? 5 : kind == .code ? 4 : 8)
            let width = Double(min(max(headers[c], contents[c], smallest), maximum) + padding[kind, default: 2])
            natural.append(width)
            switch kind {
            case .text: minimums.append(min(width, PageSetup.narrowestText))
            case .amount: minimums.append(min(width, Double(max(contents[c] + padding[kind, default: 2], 9))))
            case .code: minimums.append(min(width, Double(max(contents[c], 4) + padding[kind, default: 2])))
            case .index: minimums.append(width)
            }
        }
        return (natural, minimums)
    }

    /// "=ROUND(SUM(D6:D8,D12),6)": references grouped into ranges where rows or columns run
    /// on, the SUM rounded to `decimals` (``storedDecimals``).
    static func formula(_ refs: [CellRef], firstBodyRow: Int, shift: Int = 0, decimals: Int) -> String {
        var parts: [String] = []
        var index = 0
        while index < refs.count {
            var end = index
            while end + 1 < refs.count, refs[end + 1].column == refs[end].column, refs[end + 1].row == refs[end].row + 1 {
                end += 1
            }
            if end == index {
                while end + 1 < refs.count, refs[end + 1].row == refs[end].row, refs[end + 1].column == refs[end].column + 1 {
                    end += 1
                }
            }
            let first = cellName(refs[index], firstBodyRow, shift)
            parts.append(end > index ? first + ":" + cellName(refs[end], firstBodyRow, shift) : first)
            index = end + 1
        }
        return "=ROUND(SUM(" + parts.joined(separator: ",") + "),\(decimals))"
    }

    static func cellName(_ ref: CellRef, _ firstBodyRow: Int, _ shift: Int = 0) -> String {
        columnName(ref.column - shift) + String(firstBodyRow + ref.row + 1)
    }

    static func columnName(_ column: Int) -> String {
        var name = ""
        var n = column + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func validateSheetName(_ name: String, path: String) throws(XLSXError) {
        if let problem = SheetName.problem(name) { throw XLSXError(path: path, operation: "新建工作表", detail: "工作表名“\(name)”无效：\(problem)") }
    }
}
