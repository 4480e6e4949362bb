import BudgetModel
import BudgetReports
import CXLSXWriter
import Foundation

/// Settings of one exported workbook.
public struct WorkbookOptions: Sendable {
    /// The creation date written into the file. Pinned so the same project gives the same bytes.
    public var created: Date
    /// When set, every sheet carries this warning under its title (an export made with --force).
    public var uncheckedStamp: String?
    /// When set, a last sheet lists every line item.
    public var itemSheet: ItemSheet?
    /// When set, a sheet 情况说明 after the tables holds the statement.
    public var narrative: Narrative?
    /// The pages' footer and first page number; the workbook's own (“第 N 页 共 M 页” from 1)
    /// unless set (a part of a published document, numbered from where it starts).
    public var pages: PageNumbering

    public init(
        created: Date, uncheckedStamp: String? = nil, itemSheet: ItemSheet? = nil, narrative: Narrative? = nil,
        pages: PageNumbering = .workbook
    ) {
        self.created = created
        self.uncheckedStamp = uncheckedStamp
        self.itemSheet = itemSheet
        self.narrative = narrative
        self.pages = pages
    }
}

/// How the printed pages of a workbook are numbered.
public struct PageNumbering: Equatable, Sendable {
    /// The footer, in Excel's header and footer codes (&P the page number, &N the page count).
    public var footer: String
    /// The number of the first page; the following sheets' pages go on from it.
    public var firstPage: Int

    /// A workbook of its own: “第 N 页 共 M 页”, from page 1.
    public static let workbook = PageNumbering(footer: "&C&\"宋体\"&10第 &P 页 共 &N 页", firstPage: 1)

    /// A part of a longer document whose pages go on from `firstPage`, numbered as the
    /// statement's pages are (“— N —”): the count of this part alone would be wrong.
    public static func part(from firstPage: Int) -> PageNumbering {
        PageNumbering(footer: "&C&\"宋体\"&12— &P —", firstPage: firstPage)
    }
}

/// A sheet of every line item, streamed from the project row by row.
public struct ItemSheet: Sendable {
    public var name: String
    /// Hands every line item to the closure it is given, in order.
    public var items: @Sendable ((LineItem) throws -> Void) throws -> Void

    public init(name: String = "预算明细", items: @escaping @Sendable ((LineItem) throws -> Void) throws -> Void) {
        self.name = name
        self.items = items
    }
}

/// Writes disclosure tables into an XLSX workbook in the published layout.
///
/// The workbook is written to a temporary file beside the target, read back and compared with
/// the tables, and only then renamed over the target: a failed export leaves the old file as it was.
public enum WorkbookWriter {
    public static func export(_ reports: ReportSet, to path: String, options: WorkbookOptions, overwrite: Bool = false) throws(XLSXError) {
        let prepared = try prepare(reports, to: path, options: options, overwrite: overwrite)
        try commit([prepared])
    }

    /// A workbook written to a temporary file in a staging folder beside its target and read
    /// back, not yet in place.
    public struct Prepared: Sendable {
        public let temporary: String
        public let target: String
        let staging: StagingFolder
        /// The staging folder was made for this workbook alone (not for a batch).
        let ownsStaging: Bool

        /// Removes the temporary file (a batch that failed elsewhere), and its staging folder if
        /// it was its own.
        public func discard() {
            unlink(temporary)
            if ownsStaging { staging.remove() }
        }
    }

    /// Writes and verifies a workbook without putting it in place: ``commit(_:)`` does that, for
    /// one workbook or for a whole batch at once.
    ///
    /// `staging`: the staging folder of a batch (all its workbooks in one folder, put in place
    /// together); without it the workbook gets its own.
    public static func prepare(
        _ reports: ReportSet, to path: String, options: WorkbookOptions, staging: StagingFolder? = nil, overwrite: Bool = false
    ) throws(XLSXError) -> Prepared {
        try prepareSafely(path, staging: staging, overwrite: overwrite) { temporary, folder throws(XLSXError) in
            try write(reports, to: temporary, tmpdir: folder, options: options)
            #if DEBUG
            if LXWFault.failAt == 0 { LibraryOutput.standardError.write(Data("lxw-calls \(LXWFault.count)\n".utf8)) }
            #endif
        } verify: { temporary in
            try WorkbookVerifier.verify(temporary, against: reports, stamped: options.uncheckedStamp != nil, narrative: options.narrative)
        }
    }

    /// Writes a workbook to a temporary file beside `path` (with `write`, given the temporary
    /// path and the folder for libxlsxwriter's own temporary files), reads it back (`verify`),
    /// and only then renames it over `path`: a failure at any step leaves the previous file as
    /// it was and no temporary file behind.
    static func replaceSafely(
        _ path: String, overwrite: Bool = false, write: (String, String) throws(XLSXError) -> Void, verify: (String) throws -> Void
    ) throws(XLSXError) {
        try commit([try prepareSafely(path, overwrite: overwrite, write: write, verify: verify)])
    }

    /// Whether `path` may be written: not a folder, its folder there, not a project file, and
    /// (without `overwrite`) not another user's or a read-only file.
    public static func checkTarget(_ path: String, overwrite: Bool) throws(XLSXError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw XLSXError(path: path, operation: "检查目标", detail: "这是一个文件夹")
        }
        guard stat(folder, &info) == 0 else {
            throw XLSXError(path: path, operation: "检查目标", detail: "文件夹 \(folder)：\(FileSystemReason.describe(errno))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw XLSXError(path: path, operation: "检查目标", detail: "\(folder) 不是文件夹")
        }
        if isSQLite(path) {
            throw XLSXError(path: path, operation: "检查目标", detail: "目标是一个项目文件，导出会覆盖它")
        }
        if !overwrite, let problem = ReplacePermission.problem(path) {
            throw XLSXError(path: path, operation: "检查目标", detail: problem)
        }
    }

    /// The first half of ``replaceSafely(_:write:verify:)``: the target checked, the temporary
    /// written and verified (and removed again on any failure).
    static func prepareSafely(
        _ path: String, staging given: StagingFolder? = nil, overwrite: Bool = false, write: (String, String) throws(XLSXError) -> Void,
        verify: (String) throws -> Void
    ) throws(XLSXError) -> Prepared {
        try checkTarget(path, overwrite: overwrite)
        let staging: StagingFolder
        if let given {
            staging = given
        } else {
            do { staging = try StagingFolder.create(in: URL(fileURLWithPath: path).deletingLastPathComponent().path) } catch {
                throw XLSXError(path: path, operation: error.action, detail: error.reason)
            }
        }
        let prepared = Prepared(temporary: staging.newFile(extension: "xlsx"), target: path, staging: staging, ownsStaging: given == nil)
        do {
            try LibraryOutput.silenced { () throws(XLSXError) in try write(prepared.temporary, staging.path) }
        } catch {
            // Name the target, not the temporary file, and the real cause when the disk is full.
            let detail = error.fileRelated && !error.causeKnown ? FileSystemReason.fullDisk(at: staging.path) ?? error.detail : error.detail
            prepared.discard()
            throw XLSXError(path: path, operation: error.operation, detail: detail)
        }
        do {
            try verify(prepared.temporary)
        } catch {
            // A workbook libxlsxwriter wrote on a full disk can come back cut short.
            let detail = FileSystemReason.fullDisk(at: staging.path) ?? "\(error)"
            prepared.discard()
            throw XLSXError(path: path, operation: "读回校验", detail: detail)
        }
        return prepared
    }

    /// Puts prepared workbooks in place: their bytes made durable first (`fsync`), then each
    /// renamed over its target, then the folder made durable. One workbook is renamed in one
    /// step; a batch (several workbooks of one staging folder) is journalled (``BatchJournal``),
    /// so that even a process killed half-way leaves the old set or, once the next write into
    /// the folder has completed it, the new one. A failure before the renames leaves every
    /// target as it was and removes every temporary file.
    public static func commit(_ prepared: [Prepared]) throws(XLSXError) {
        guard let first = prepared.first else { return }
        // In the order of their names, so that a failure half-way is the same on every run.
        let sorted = prepared.sorted { $0.target < $1.target }
        var committed = false
        defer {
            if !committed {
                for workbook in sorted { workbook.discard() }
                if !first.ownsStaging { first.staging.remove() }
            }
        }
        for workbook in sorted {
            if let code = syncToDisk(workbook.temporary) {
                throw XLSXError(path: workbook.target, operation: "写入磁盘", detail: FileSystemReason.describe(code))
            }
        }
        if sorted.count == 1 && first.ownsStaging {
            guard rename(first.temporary, first.target) == 0 else {
                throw XLSXError(path: first.target, operation: "替换目标文件", detail: FileSystemReason.describe(errno))
            }
            committed = true
            syncToDisk(first.staging.folder)
            first.staging.remove()
            return
        }
        if let code = syncToDisk(first.staging.path) {
            throw XLSXError(path: first.staging.folder, operation: "写入磁盘", detail: FileSystemReason.describe(code))
        }
        do {
            try BatchJournal.commit(sorted.map { ($0.temporary, $0.target) }, staging: first.staging)
            committed = true
        } catch {
            // Past the journal the batch is committed: the next write into the folder completes it.
            let journalled = error.action != "写入导出日志"
            committed = journalled
            throw XLSXError(
                path: error.path, operation: error.action,
                detail: error.reason + (journalled ? "；已放好的工作簿是新版，其余新版暂存在 \(first.staging.path)，排除问题后再运行一次 export-units 会补完" : ""))
        }
    }

    static func isSQLite(_ path: String) -> Bool {
        // Only a regular file is read: a pipe or a device would wait for input.
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8)
    }

    /// Writes the workbook straight to `path` (no temporary file, no verification).
    static func write(_ reports: ReportSet, to path: String, tmpdir: String, options: WorkbookOptions) throws(XLSXError) {
        let strings = CStrings()
        let workbook = try newWorkbook(
            path, tmpdir: tmpdir, strings: strings, title: "\(reports.department.name)\(reports.department.year)年\(reports.departmentWord)预算公开表",
            author: reports.department.name, comments: options.uncheckedStamp ?? "由 budget 从项目文件计算生成", created: options.created)
        var closed = false
        defer { if !closed { _ = workbook_close(workbook) } }
        // One pair of amount formats per number format the tables use (a table in 万元 beside tables in 元).
        var formats = [reports.amountNumberFormat]
        for table in reports.tables {
            let format = reports.scoped(to: table).amountNumberFormat
            if !formats.contains(format) { formats.append(format) }
        }
        let styles = Styles(workbook, amountFormats: formats)
        for (index, (name, tables)) in SheetWriter.sheets(reports, stamped: options.uncheckedStamp != nil).enumerated() {
            try SheetWriter.write(
                name, tables, workbook: workbook, styles: styles, reports: reports, path: path, stamp: options.uncheckedStamp,
                pages: options.pages, firstSheet: index == 0)
        }
        if let narrative = options.narrative {
            try NarrativeSheet(workbook: workbook, styles: styles, path: path, stamp: options.uncheckedStamp).write(narrative)
        }
        if let itemSheet = options.itemSheet {
            // libxlsxwriter takes "constant memory" per sheet when the sheet is added: the table
            // sheets above keep their merged headers, and this one streams its rows to a
            // temporary file instead of holding a million rows in memory.
            workbook.pointee.options.constant_memory = 1
            try writeItems(itemSheet, workbook: workbook, styles: styles, path: path)
        }
        closed = true
        try check(workbook_close(workbook), path, "保存工作簿")
    }

    /// A new workbook at `path` (libxlsxwriter's temporary parts in `tmpdir`) with its document
    /// properties set, the creation date pinned to `created`; the caller closes it.
    static func newWorkbook(
        _ path: String, tmpdir: String, strings c: CStrings, title: String, author: String, comments: String, created: Date
    ) throws(XLSXError) -> UnsafeMutablePointer<lxw_workbook> {
        var workbookOptions = lxw_workbook_options(constant_memory: 0, tmpdir: c(tmpdir), use_zip64: 0)
        guard let workbook = workbook_new_opt(path, &workbookOptions) else {
            throw XLSXError(path: path, operation: "新建工作簿", detail: "内存不足")
        }
        var properties = lxw_doc_properties()
        properties.title = c(title)
        properties.author = c(author)
        properties.company = c(author)
        properties.comments = c(comments)
        properties.created = time_t(created.timeIntervalSince1970)
        do {
            try check(workbook_set_properties(workbook, &properties), path, "设置文档属性")
        } catch {
            _ = workbook_close(workbook)
            throw error
        }
        return workbook
    }

    /// The header of the line-item list `export --with-items` adds (which a draft import tells
    /// from a sheet of the draft workbook).
    public static let itemSheetHeader = ["编号", "单位编码", "功能分类科目", "经济分类科目", "支出类型", "经费类型", "项目名称", "资金来源", "金额（元）", "备注"]

    static func writeItems(
        _ itemSheet: ItemSheet, workbook: UnsafeMutablePointer<lxw_workbook>, styles: Styles, path: String
    ) throws(XLSXError) {
        guard let sheet = workbook_add_worksheet(workbook, itemSheet.name) else {
            throw XLSXError(path: path, operation: "新建工作表", detail: "工作表名“\(itemSheet.name)”无效")
        }
        let headers = Self.itemSheetHeader
        let widths: [Double] = [9, 10, 10, 10, 12, 10, 30, 20, 16, 30]
        for (column, width) in widths.enumerated() {
            try check(worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, nil), path, "设置列宽")
        }
        for (column, header) in headers.enumerated() {
            try check(writeText(sheet, 0, lxw_col_t(column), header, styles.header), path, "写入明细表头")
        }
        worksheet_freeze_panes(sheet, 1, 0)
        try check(worksheet_repeat_rows(sheet, 0, 0), path, "设置打印标题行")
        try check(PageSetup.fit(widths, minimums: widths).apply(to: sheet), path, "设置打印")
        var row: lxw_row_t = 0
        var failure: XLSXError?
        func text(_ column: lxw_col_t, _ value: String) {
            guard failure == nil, !value.isEmpty else { return }
            let code = LXWFault.pass(writeText(sheet, row, column, value, styles.itemText))
            if code != LXW_NO_ERROR { failure = XLSXError(path: path, operation: "写入明细", code: code) }
        }
        do {
            try itemSheet.items { item in
                row += 1
                guard row < LXW_ROW_MAX else {
                    throw XLSXError(path: path, operation: "写入明细", detail: "明细超过 Excel 一张表的行数上限（1,048,575 行）")
                }
                // A long project name or note wraps, in a row set as high as it needs before
                // its cells (the sheet streams its rows).
                let texts = [(6, item.project ?? ""), (9, item.note)]
                let lines =
                    texts.map { column, value in
                        TextMetrics.lines(
                            value, available: TextMetrics.points(columnWidth: widths[column]) - 2 * TextMetrics.cellPadding,
                            points: PageSetup.bodyPoints)
                    }.max() ?? 1
                if lines > 1 {
                    let height = LXWFault.pass(worksheet_set_row(sheet, row, TextMetrics.rowHeight(lines: lines, points: PageSetup.bodyPoints), nil))
                    if height != LXW_NO_ERROR { failure = XLSXError(path: path, operation: "写入明细", code: height) }
                }
                let number = LXWFault.pass(worksheet_write_number(sheet, row, 0, Double(item.id ?? 0), nil))
                if number != LXW_NO_ERROR { failure = XLSXError(path: path, operation: "写入明细", code: number) }
                text(1, item.unitCode)
                text(2, item.functional)
                text(3, item.economic)
                text(4, item.type.chineseName)
                text(5, item.nature?.chineseName ?? "")
                text(6, item.project ?? "")
                text(7, item.source.chineseName)
                let code = LXWFault.pass(worksheet_write_number(sheet, row, 8, Double(item.amount) / 100, styles.itemAmount))
                if code != LXW_NO_ERROR { failure = XLSXError(path: path, operation: "写入明细", code: code) }
                text(9, item.note)
                if let failure { throw failure }
            }
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError(path: path, operation: "读取明细", detail: "\(error)")
        }
        if row > 0 {
            // The codes (unit, functional, economic) are text on purpose: no “number stored as text” marks.
            let codes = "B2:D\(row + 1)"
            try check(worksheet_ignore_errors(sheet, UInt8(LXW_IGNORE_NUMBER_STORED_AS_TEXT.rawValue), codes), path, "设置忽略错误")
        }
    }

    static func check(_ code: lxw_error, _ path: String, _ operation: String) throws(XLSXError) {
        let code = LXWFault.pass(code)
        if code != LXW_NO_ERROR { throw XLSXError(path: path, operation: operation, code: code) }
    }
}

/// C copies of strings handed to libxlsxwriter, freed together when dropped (after the
/// workbook that uses them is closed).
final class CStrings {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    func callAsFunction(_ text: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(text)!
        pointers.append(pointer)
        return pointer
    }

    deinit { for pointer in pointers { free(pointer) } }
}

/// The cell formats of a workbook.
struct Styles {
    typealias Format = UnsafeMutablePointer<lxw_format>?

    /// A new format of the workbook in the house font (宋体, 10 points), then configured.
    static func make(_ workbook: UnsafeMutablePointer<lxw_workbook>, _ configure: (Format) -> Void) -> Format {
        let format = workbook_add_format(workbook)
        format_set_font_name(format, "宋体")
        format_set_font_size(format, 10)
        configure(format)
        return format
    }

    static func align(_ format: Format, _ value: lxw_format_alignments) { format_set_align(format, UInt8(value.rawValue)) }

    /// An amount cell: bordered, right-aligned one indent off its border, in `numberFormat`.
    static func amount(_ format: Format, _ numberFormat: String, bold: Bool) {
        format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue))
        align(format, LXW_ALIGN_VERTICAL_CENTER)
        align(format, LXW_ALIGN_RIGHT)
        format_set_indent(format, 1)
        if bold { format_set_bold(format) }
        format_set_num_format(format, numberFormat)
    }
    let title, meta, metaRight, stamp, header, number, index, text, code, totalText, note, itemAmount, itemText: Format
    let prose, proseHeading, proseTitle: Format
    /// Amount cells and total amount cells in the number format of the table being written.
    private(set) var amount, totalAmount: Format
    /// Amount and total formats by number format.
    private var amountFormats: [String: (Format, Format)] = [:]

    /// The same styles with amounts in another of the workbook's number formats.
    func amounts(_ numberFormat: String) -> Styles {
        guard let pair = amountFormats[numberFormat] else { return self }
        var copy = self
        copy.amount = pair.0
        copy.totalAmount = pair.1
        return copy
    }

    /// - Parameter amountFormats: the number formats of amount cells, from the template; the
    ///   first is the default.
    init(_ workbook: UnsafeMutablePointer<lxw_workbook>, amountFormats numberFormats: [String]) {
        let amountFormat = numberFormats[0]
        func make(_ configure: (Format) -> Void) -> Format { Self.make(workbook, configure) }
        func align(_ format: Format, _ value: lxw_format_alignments) { Self.align(format, value) }
        func bordered(_ format: Format) {
            format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue))
            align(format, LXW_ALIGN_VERTICAL_CENTER)
        }
        // Every text wraps, in rows as high as their text (PrintLayout); left- and
        // right-aligned cells keep one indent from their borders.
        title = make {
            format_set_bold($0)
            format_set_font_size($0, 16)
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_CENTER)
            align($0, LXW_ALIGN_VERTICAL_CENTER)
        }
        meta = make {
            align($0, LXW_ALIGN_LEFT)
            format_set_text_wrap($0)
        }
        metaRight = make {
            align($0, LXW_ALIGN_RIGHT)
            format_set_text_wrap($0)
        }
        stamp = make {
            format_set_bold($0)
            format_set_font_color($0, 0xC00000)
        }
        header = make {
            bordered($0)
            format_set_bold($0)
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_CENTER)
        }
        number = make {
            bordered($0)
            align($0, LXW_ALIGN_CENTER)
        }
        index = number
        text = make {
            bordered($0)
            format_set_text_wrap($0)
            format_set_indent($0, 1)
        }
        code = make {
            bordered($0)
            format_set_num_format($0, "@")
            format_set_text_wrap($0)
            format_set_indent($0, 1)
        }
        amount = make { Self.amount($0, amountFormat, bold: false) }
        totalText = make {
            bordered($0)
            format_set_bold($0)
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_CENTER)
        }
        totalAmount = make { Self.amount($0, amountFormat, bold: true) }
        note = make {
            align($0, LXW_ALIGN_LEFT)
            format_set_text_wrap($0)
        }
        itemAmount = make { format_set_num_format($0, "#,##0.00") }
        itemText = make {
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_VERTICAL_TOP)
        }
        prose = make {
            format_set_font_size($0, 11)
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_VERTICAL_TOP)
        }
        proseTitle = make {
            format_set_bold($0)
            format_set_font_size($0, 14)
            format_set_text_wrap($0)
            align($0, LXW_ALIGN_CENTER)
            align($0, LXW_ALIGN_VERTICAL_CENTER)
        }
        proseHeading = make {
            format_set_font_size($0, 11)
            format_set_bold($0)
            format_set_text_wrap($0)
        }
        amountFormats[amountFormat] = (amount, totalAmount)
        for other in numberFormats.dropFirst() where amountFormats[other] == nil {
            amountFormats[other] = (make { Self.amount($0, other, bold: false) }, make { Self.amount($0, other, bold: true) })
        }
    }
}
