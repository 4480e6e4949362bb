import BudgetModel
import CXLSXWriter
import Foundation

/// An input workbook (填报工作簿) for clerks to fill in Excel, WPS or LibreOffice: a read-me sheet,
/// then one sheet per part of the draft, each a header row over one row per record, with a total
/// row above the header, and a hidden sheet of the lists behind the drop-downs. What goes in it is
/// decided by the caller (``BudgetKit``); this only draws it.
public struct DraftWorkbook: Sendable {
    /// The workbook's title (document properties).
    public var title: String
    public var author: String
    /// The creation date written into the file. Pinned so the same project gives the same bytes.
    public var created: Date
    /// The lines of the read-me sheet, first.
    public var readMe: [DraftText]
    public var sheets: [DraftSheet]
    /// The columns of the hidden list sheet, one list each.
    public var lists: [DraftList]

    public init(title: String, author: String, created: Date, readMe: [DraftText], sheets: [DraftSheet], lists: [DraftList]) {
        self.title = title
        self.author = author
        self.created = created
        self.readMe = readMe
        self.sheets = sheets
        self.lists = lists
    }
}

/// Where things are on a draft workbook's sheets (zero-based rows).
public enum DraftLayout {
    /// The total row, above the header so that it is never taken for a record.
    public static let totalRow = 0
    public static let headerRow = 1
    public static let firstDataRow = 2
    /// The read-me sheet, first.
    public static let readMeSheet = "填表说明"
    /// The hidden sheet of the lists behind the drop-downs, last.
    public static let listSheet = "代码表"
    /// The caps against the draft (控制数执行): computed, protected, and never imported.
    public static let capsExecutionSheet = "控制数执行"
}

/// A line of the read-me sheet.
public struct DraftText: Sendable, Equatable {
    public enum Style: Sendable { case title, heading, body }
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .body) {
        self.text = text
        self.style = style
    }
}

/// A list a drop-down offers: a column of the hidden list sheet.
public struct DraftList: Sendable, Equatable {
    /// Entries that follow a sheet of the workbook (units, projects): formulas reading its rows,
    /// so that a unit or project the clerk adds there is offered too.
    public struct Source: Sendable, Equatable {
        public var sheet: String
        /// The sheet's columns whose texts make an entry, joined by a space (“432001 本级”).
        public var columns: [Int]
        /// Entries beyond the sheet's rows when written, for rows the clerk adds.
        public var spare: Int

        public init(sheet: String, columns: [Int], spare: Int) {
            self.sheet = sheet
            self.columns = columns
            self.spare = spare
        }
    }

    /// The column's heading on the list sheet.
    public var name: String
    /// The entries as written (for a list with a source, the sheet's rows then).
    public var values: [String]
    public var source: Source?

    public init(name: String, values: [String], source: Source? = nil) {
        self.name = name
        self.values = values
        self.source = source
    }

    /// How many entries the list sheet holds.
    var length: Int { values.count + (source?.spare ?? 0) }

    /// The formula of entry `index` of a list with a source.
    func formula(_ index: Int) -> String? {
        guard let source else { return nil }
        let row = DraftLayout.firstDataRow + 1 + index
        let sheet = "'\(source.sheet)'"
        let cells = source.columns.map { "\(sheet)!$\(SheetWriter.columnName($0))$\(row)" }
        return "=IF(\(cells[0])=\"\",\"\"," + cells.joined(separator: "&\" \"&") + ")"
    }
}

/// A column of a draft sheet.
public struct DraftColumn: Sendable {
    public enum Format: Sendable {
        /// Text, and so are codes typed into it (a code keeps its leading zeros).
        case text
        /// Money in 元, shown with two decimals and thousands separators.
        case amount
        /// A plain number (a count, an area, a quantity).
        case number
        /// Text of a paragraph or more, wrapped in its cell.
        case paragraph
    }

    public var header: String
    public var format: Format
    /// Width in characters.
    public var width: Double
    /// The list (an index into ``DraftWorkbook/lists``) the column's drop-down offers.
    public var list: Int?
    /// A hint shown when a cell of the column is selected.
    public var prompt: String?

    public init(_ header: String, _ format: Format = .text, width: Double = 12, list: Int? = nil, prompt: String? = nil) {
        self.header = header
        self.format = format
        self.width = width
        self.list = list
        self.prompt = prompt
    }
}

/// What a cell of a record holds.
public enum DraftValue: Sendable, Equatable {
    case empty
    case text(String)
    /// An amount in fen, written in 元.
    case amount(Fen)
    /// A plain decimal number, given as its text (“3”, “1200.5”).
    case number(String)
}

/// One part of the draft on its own sheet.
public struct DraftSheet: Sendable {
    /// A total cell of the row above the header: the SUM of the given columns over every record
    /// row, placed above `column`.
    public struct Total: Sendable {
        public var column: Int
        public var parts: [Int]

        public init(column: Int, parts: [Int]? = nil) {
            self.column = column
            self.parts = parts ?? [column]
        }
    }

    public var name: String
    public var columns: [DraftColumn]
    public var rows: [[DraftValue]]
    /// The label of the total row (in its first cell).
    public var totalLabel: String
    /// The sums of the total row; without any, the row counts the records instead.
    public var totals: [Total]
    /// A computed sheet for reading (控制数执行): protected against changes, not read back.
    public var readOnly = false

    public init(name: String, columns: [DraftColumn], rows: [[DraftValue]], totalLabel: String = "合计", totals: [Total] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.totalLabel = totalLabel
        self.totals = totals
    }

    /// The formula of a total: SUM from the header row down (SUM passes over its text), so a row
    /// inserted right under the header or added at the end still counts.
    public func formula(_ total: Total) -> String {
        let first = DraftLayout.firstDataRow
        let last = XLSXReference.rowLimit
        return "=SUM(" + total.parts.map { "\(SheetWriter.columnName($0))\(first):\(SheetWriter.columnName($0))\(last)" }.joined(separator: ",") + ")"
    }

    /// The formula that counts the records when there is nothing to sum: the filled cells of the first column.
    public var countFormula: String {
        "=COUNTA(A\(DraftLayout.firstDataRow + 1):A\(XLSXReference.rowLimit))"
    }

    /// The amount a total adds up, in fen.
    public func sum(_ total: Total) -> Fen {
        rows.reduce(0) { sum, row in
            total.parts.reduce(sum) { sum, column in
                if column < row.count, case .amount(let fen) = row[column] { return sum + fen }
                return sum
            }
        }
    }

    /// The records whose first cell is filled: what the count formula finds.
    public var filledCount: Int {
        rows.filter { ($0.first ?? .empty) != .empty && $0.first != .text("") }.count
    }
}

/// Draws a ``DraftWorkbook`` through libxlsxwriter, safely: to a temporary file beside the
/// target, read back and compared cell by cell, then renamed over the target.
public enum DraftWorkbookWriter {
    public static func export(_ workbook: DraftWorkbook, to path: String, overwrite: Bool = false) throws(XLSXError) {
        try WorkbookWriter.replaceSafely(path, overwrite: overwrite) { temporary, folder throws(XLSXError) in
            try write(workbook, to: temporary, tmpdir: folder)
        } verify: { temporary in
            try DraftWorkbookVerifier.verify(temporary, against: workbook)
        }
    }

    static func write(_ draft: DraftWorkbook, to path: String, tmpdir: String) throws(XLSXError) {
        let c = CStrings()
        func check(_ code: lxw_error, _ operation: String) throws(XLSXError) { try WorkbookWriter.check(code, path, operation) }
        let workbook = try WorkbookWriter.newWorkbook(
            path, tmpdir: tmpdir, strings: c, title: draft.title, author: draft.author,
            comments: "由 budget template 从项目文件生成；填好后用 budget import 导回", created: draft.created)
        var closed = false
        defer { if !closed { _ = workbook_close(workbook) } }
        let styles = DraftStyles(workbook)

        // The read-me sheet.
        try SheetWriter.validateSheetName(DraftLayout.readMeSheet, path: path)
        guard let readMe = workbook_add_worksheet(workbook, DraftLayout.readMeSheet) else {
            throw XLSXError(path: path, operation: "新建工作表", detail: "工作表名“\(DraftLayout.readMeSheet)”无效")
        }
        let readMeWidth = 72.0
        try check(worksheet_set_column(readMe, 0, 0, readMeWidth, nil), "\(DraftLayout.readMeSheet) 设置列宽")
        for (row, line) in draft.readMe.enumerated() {
            let format = line.style == .title ? styles.title : (line.style == .heading ? styles.heading : styles.prose)
            try check(writeText(readMe, lxw_row_t(row), 0, line.text, format), "\(DraftLayout.readMeSheet) 写入文字")
            let perLine = readMeWidth - 4
            let lines = max(1, Int((Double(displayWidth(line.text)) / perLine).rounded(.up)))
            try check(
                worksheet_set_row(readMe, lxw_row_t(row), Double(lines) * (line.style == .title ? 22 : 15) + 4, nil),
                "\(DraftLayout.readMeSheet) 设置行高")
        }
        worksheet_set_paper(readMe, 9)  // A4
        worksheet_fit_to_pages(readMe, 1, 0)

        // The list sheet is referred to by the drop-downs; its ranges are fixed before any sheet is drawn.
        let quotedListSheet = "'\(DraftLayout.listSheet)'"
        func listRange(_ index: Int) -> String? {
            let count = draft.lists[index].length
            guard count > 0 else { return nil }
            let column = SheetWriter.columnName(index)
            return "=\(quotedListSheet)!$\(column)$2:$\(column)$\(count + 1)"
        }

        for sheet in draft.sheets {
            try SheetWriter.validateSheetName(sheet.name, path: path)
            guard let worksheet = workbook_add_worksheet(workbook, sheet.name) else {
                throw XLSXError(path: path, operation: "新建工作表", detail: "工作表名“\(sheet.name)”无效")
            }
            func op(_ text: String) -> String { "\(sheet.name) \(text)" }
            for (index, column) in sheet.columns.enumerated() {
                let format: DraftStyles.Format =
                    switch column.format {
                    case .amount: styles.amount
                    case .number: styles.number
                    case .paragraph: styles.paragraph
                    case .text: styles.text
                    }
                try check(worksheet_set_column(worksheet, lxw_col_t(index), lxw_col_t(index), column.width, format), op("设置列宽"))
            }
            // The total row.
            try check(writeText(worksheet, lxw_row_t(DraftLayout.totalRow), 0, sheet.totalLabel, styles.total), op("写入合计"))
            if sheet.totals.isEmpty {
                try check(
                    worksheet_write_formula_num(
                        worksheet, lxw_row_t(DraftLayout.totalRow), 1, sheet.countFormula, styles.total, Double(sheet.filledCount)), op("写入行数公式"))
            }
            for total in sheet.totals {
                let value = Double(sheet.sum(total)) / 100
                precondition(value.isFinite)
                try check(
                    worksheet_write_formula_num(
                        worksheet, lxw_row_t(DraftLayout.totalRow), lxw_col_t(total.column), sheet.formula(total), styles.totalAmount, value),
                    op("写入合计公式"))
            }
            // The header.
            for (index, column) in sheet.columns.enumerated() {
                try check(writeText(worksheet, lxw_row_t(DraftLayout.headerRow), lxw_col_t(index), column.header, styles.header), op("写入表头"))
            }
            try check(worksheet_set_row(worksheet, lxw_row_t(DraftLayout.headerRow), 30, nil), op("设置行高"))
            // The records.
            for (r, row) in sheet.rows.enumerated() {
                let sheetRow = lxw_row_t(DraftLayout.firstDataRow + r)
                guard Int(sheetRow) < XLSXReference.rowLimit else {
                    throw XLSXError(path: path, operation: op("写入"), detail: "超过 Excel 一张表的行数上限")
                }
                for (c, value) in row.enumerated() {
                    let column = lxw_col_t(c)
                    switch value {
                    case .empty:
                        break
                    case .text(let text):
                        let format = sheet.columns[c].format == .paragraph ? styles.paragraph : styles.text
                        try check(writeText(worksheet, sheetRow, column, text, format), op("写入文字"))
                    case .amount(let fen):
                        let number = Double(fen) / 100
                        precondition(number.isFinite)
                        try check(worksheet_write_number(worksheet, sheetRow, column, number, styles.amount), op("写入金额"))
                    case .number(let text):
                        guard let number = Double(text), number.isFinite else {
                            try check(writeText(worksheet, sheetRow, column, text, styles.text), op("写入文字"))
                            continue
                        }
                        try check(worksheet_write_number(worksheet, sheetRow, column, number, styles.number), op("写入数字"))
                    }
                }
            }
            // The drop-downs: a warning, not a stop, so that a new unit or project (not yet in
            // the list) or a code typed without its name can still be entered.
            for (index, column) in sheet.columns.enumerated() {
                guard let list = column.list, let range = listRange(list) else { continue }
                var validation = lxw_data_validation()
                validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
                validation.value_formula = c(range)
                validation.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_WARNING.rawValue)
                validation.error_title = c("不在下拉列表中")
                validation.error_message = c("输入的内容不在下拉列表中。导入时会检查它是否有效。\n要保留它，请选“是”。")
                if let prompt = column.prompt {
                    validation.input_title = c(column.header.count <= 30 ? column.header : String(column.header.prefix(30)))
                    validation.input_message = c(prompt)
                }
                try check(
                    worksheet_data_validation_range(
                        worksheet, lxw_row_t(DraftLayout.firstDataRow), lxw_col_t(index), lxw_row_t(XLSXReference.rowLimit - 1), lxw_col_t(index),
                        &validation), op("设置下拉列表"))
            }
            worksheet_freeze_panes(worksheet, lxw_row_t(DraftLayout.firstDataRow), 0)
            if sheet.readOnly { worksheet_protect(worksheet, nil, nil) }
            worksheet_set_landscape(worksheet)
            worksheet_set_paper(worksheet, 9)  // A4
            worksheet_fit_to_pages(worksheet, 1, 0)
            try check(worksheet_repeat_rows(worksheet, lxw_row_t(DraftLayout.headerRow), lxw_row_t(DraftLayout.headerRow)), op("设置打印标题行"))
        }

        // The lists, hidden.
        try SheetWriter.validateSheetName(DraftLayout.listSheet, path: path)
        guard let lists = workbook_add_worksheet(workbook, DraftLayout.listSheet) else {
            throw XLSXError(path: path, operation: "新建工作表", detail: "工作表名“\(DraftLayout.listSheet)”无效")
        }
        for (index, list) in draft.lists.enumerated() {
            let column = lxw_col_t(index)
            try check(worksheet_set_column(lists, column, column, 24, styles.text), "\(DraftLayout.listSheet) 设置列宽")
            try check(writeText(lists, 0, column, list.name, styles.header), "\(DraftLayout.listSheet) 写入表头")
            if list.source != nil {
                for row in 0..<list.length {
                    let cached = row < list.values.count ? list.values[row] : ""
                    try check(
                        worksheet_write_formula_str(lists, lxw_row_t(row + 1), column, list.formula(row)!, styles.text, cached),
                        "\(DraftLayout.listSheet) 写入列表")
                }
                continue
            }
            for (row, value) in list.values.enumerated() {
                try check(writeText(lists, lxw_row_t(row + 1), column, value, styles.text), "\(DraftLayout.listSheet) 写入列表")
            }
        }
        worksheet_hide(lists)
        closed = true
        try check(workbook_close(workbook), "保存工作簿")
    }

    /// Columns a text takes on screen: two for a CJK character, one otherwise.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    }
}

/// The cell formats of a draft workbook.
struct DraftStyles {
    typealias Format = UnsafeMutablePointer<lxw_format>?
    let header, text, amount, number, total, totalAmount, title, heading, prose, paragraph: Format

    init(_ workbook: UnsafeMutablePointer<lxw_workbook>) {
        func make(_ configure: (Format) -> Void) -> Format { Styles.make(workbook, configure) }
        func align(_ format: Format, _ value: lxw_format_alignments) { Styles.align(format, value) }
        header = make {
            format_set_bold($0)
            format_set_text_wrap($0)
            format_set_border($0, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_bg_color($0, 0xDDEBF7)
            align($0, LXW_ALIGN_CENTER)
            align($0, LXW_ALIGN_VERTICAL_CENTER)
        }
        // Text cells keep what is typed as text: a code keeps its leading zeros.
        text = make { format_set_num_format($0, "@") }
        paragraph = make {
            format_set_num_format($0, "@")
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_VERTICAL_TOP)
        }
        amount = make { format_set_num_format($0, "#,##0.00") }
        number = make { _ in }
        // The total row: bold and blue, apart from the records.
        total = make {
            format_set_bold($0)
            format_set_font_color($0, 0x1F4E79)
        }
        totalAmount = make {
            format_set_bold($0)
            format_set_font_color($0, 0x1F4E79)
            format_set_num_format($0, "#,##0.00")
        }
        title = make {
            format_set_bold($0)
            format_set_font_size($0, 14)
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_VERTICAL_CENTER)
        }
        heading = make {
            format_set_bold($0)
            format_set_font_size($0, 11)
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_VERTICAL_CENTER)
        }
        prose = make {
            format_set_font_size($0, 11)
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_VERTICAL_TOP)
        }
    }
}

/// Reads a written draft workbook back and compares every header, record cell, total and list
/// entry with what was to be written.
public enum DraftWorkbookVerifier {
    public static func verify(_ path: String, against draft: DraftWorkbook) throws {
        let workbook = try XLSXWorkbook(path: path)
        let names = [DraftLayout.readMeSheet] + draft.sheets.map(\.name) + [DraftLayout.listSheet]
        guard workbook.sheets.map(\.name) == names else {
            throw WorkbookVerifier.Mismatch(description: "工作表不全：\(workbook.sheets.map(\.name))")
        }
        func mismatch(_ sheet: String, _ row: Int, _ column: Int, _ expected: String, _ found: XLSXCell?) -> WorkbookVerifier.Mismatch {
            WorkbookVerifier.Mismatch(
                description:
                    "\(sheet)!\(XLSXReference.name(row: row, column: column)) 应为“\(expected.prefix(40))”，读回“\((found?.value ?? "空").prefix(40))”")
        }
        let readMe = workbook.sheets[0]
        for (row, line) in draft.readMe.enumerated() where readMe.cell(row: row, column: 0)?.value ?? "" != line.text {
            throw mismatch(readMe.name, row, 0, line.text, readMe.cell(row: row, column: 0))
        }
        for (sheet, stored) in zip(draft.sheets, workbook.sheets.dropFirst()) {
            for (column, header) in sheet.columns.enumerated() {
                let cell = stored.cell(row: DraftLayout.headerRow, column: column)
                if cell?.value != header.header { throw mismatch(sheet.name, DraftLayout.headerRow, column, header.header, cell) }
            }
            for total in sheet.totals {
                // A total may pass the cap of one amount: compared as decimal text, not parsed.
                let cell = stored.cell(row: DraftLayout.totalRow, column: total.column)
                let expected = XLSXNumber.decimalText(Money.formatYuan(sheet.sum(total)))
                if cell?.formula == nil || cell.flatMap({ XLSXNumber.decimalText($0.value) }) != expected {
                    throw mismatch(sheet.name, DraftLayout.totalRow, total.column, Money.formatYuan(sheet.sum(total)), cell)
                }
            }
            for (r, row) in sheet.rows.enumerated() {
                let sheetRow = DraftLayout.firstDataRow + r
                for (column, value) in row.enumerated() {
                    let cell = stored.cell(row: sheetRow, column: column)
                    switch value {
                    case .empty:
                        if let cell, !cell.value.isEmpty { throw mismatch(sheet.name, sheetRow, column, "", cell) }
                    case .text(let text):
                        if (cell?.value ?? "") != text || (cell != nil && cell?.kind != .string) {
                            throw mismatch(sheet.name, sheetRow, column, text, cell)
                        }
                    case .amount(let fen):
                        let found = cell.flatMap { $0.kind == .number ? XLSXNumber.decimalText($0.value) : nil }.flatMap {
                            try? Money.parse($0, unit: .yuan)
                        }
                        if found != fen { throw mismatch(sheet.name, sheetRow, column, Money.formatYuan(fen), cell) }
                    case .number(let text):
                        let expected = XLSXNumber.decimalText(text) ?? text
                        let found = cell.map { $0.kind == .number ? XLSXNumber.decimalText($0.value) ?? $0.value : $0.value }
                        if found != expected { throw mismatch(sheet.name, sheetRow, column, text, cell) }
                    }
                }
            }
        }
        let lists = workbook.sheets[workbook.sheets.count - 1]
        guard lists.hidden else { throw WorkbookVerifier.Mismatch(description: "\(DraftLayout.listSheet) 应为隐藏的工作表") }
        for (column, list) in draft.lists.enumerated() {
            let expected = [list.name] + list.values + Array(repeating: "", count: list.source?.spare ?? 0)
            for (row, value) in expected.enumerated() where (lists.cell(row: row, column: column)?.value ?? "") != value {
                throw mismatch(lists.name, row, column, value, lists.cell(row: row, column: column))
            }
        }
    }
}
