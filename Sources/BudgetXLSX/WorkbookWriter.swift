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

    public init(created: Date, uncheckedStamp: String? = nil, itemSheet: ItemSheet? = nil, narrative: Narrative? = nil) {
        self.created = created
        self.uncheckedStamp = uncheckedStamp
        self.itemSheet = itemSheet
        self.narrative = narrative
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
    public static func export(_ reports: ReportSet, to path: String, options: WorkbookOptions) throws(XLSXError) {
        let prepared = try prepare(reports, to: path, options: options)
        try commit([prepared])
    }

    /// A workbook written to a temporary file beside its target and read back, not yet in place.
    public struct Prepared: Sendable {
        public let temporary: String
        public let target: String

        /// Removes the temporary file (a batch that failed elsewhere).
        public func discard() { unlink(temporary) }
    }

    /// Writes and verifies a workbook without putting it in place: ``commit(_:)`` does that, for
    /// one workbook or for a whole batch at once.
    ///
    /// `staleTemporariesRemoved`: the caller has already removed what killed exports left in the
    /// folder (``removeStaleTemporaries(inFolder:of:)``), as a batch does once for all its files.
    public static func prepare(
        _ reports: ReportSet, to path: String, options: WorkbookOptions, staleTemporariesRemoved: Bool = false
    ) throws(XLSXError) -> Prepared {
        try prepareSafely(path, removingStale: !staleTemporariesRemoved) { temporary, folder throws(XLSXError) in
            try write(reports, to: temporary, tmpdir: folder, options: options)
            #if DEBUG
            if LXWFault.failAt == 0 { FileHandle.standardError.write(Data("lxw-calls \(LXWFault.count)\n".utf8)) }
            #endif
        } verify: { temporary in
            try WorkbookVerifier.verify(temporary, against: reports, stamped: options.uncheckedStamp != nil, narrative: options.narrative)
        }
    }

    /// Writes a workbook to a temporary file beside `path` (with `write`, given the temporary
    /// path and its folder), reads it back (`verify`), and only then renames it over `path`: a
    /// failure at any step leaves the previous file as it was and no temporary file behind.
    static func replaceSafely(
        _ path: String, write: (String, String) throws(XLSXError) -> Void, verify: (String) throws -> Void
    ) throws(XLSXError) {
        try commit([try prepareSafely(path, write: write, verify: verify)])
    }

    /// The first half of ``replaceSafely(_:write:verify:)``: the target checked, the temporary
    /// written and verified (and removed again on any failure).
    static func prepareSafely(
        _ path: String, removingStale: Bool = true, write: (String, String) throws(XLSXError) -> Void, verify: (String) throws -> Void
    ) throws(XLSXError) -> Prepared {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw XLSXError(path: path, operation: "检查目标", detail: "这是一个文件夹")
        }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw XLSXError(path: path, operation: "检查目标", detail: "文件夹 \(folder) 不存在")
        }
        if isSQLite(path) {
            throw XLSXError(path: path, operation: "检查目标", detail: "目标是一个项目文件，导出会覆盖它")
        }
        if removingStale { removeStaleTemporaries(of: target) }
        let temporary = folder + "/." + target.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).xlsx"
        do {
            try write(temporary, folder)
        } catch {
            unlink(temporary)
            throw XLSXError(path: path, operation: error.operation, detail: error.detail)  // name the target, not the temporary file
        }
        do {
            try verify(temporary)
        } catch {
            unlink(temporary)
            throw XLSXError(path: path, operation: "读回校验", detail: "\(error)")
        }
        return Prepared(temporary: temporary, target: path)
    }

    /// Puts prepared workbooks in place: their bytes made durable first (`fsync`), then each
    /// renamed over its target, then each folder made durable once (not once per workbook). A failure leaves the targets not yet renamed as they were, and
    /// removes every temporary file not yet in place.
    public static func commit(_ prepared: [Prepared]) throws(XLSXError) {
        // In the order of their names, so that a failure half-way is the same on every run.
        var pending = prepared.sorted { $0.target < $1.target }
        defer { for workbook in pending { workbook.discard() } }
        for workbook in prepared {
            let fd = open(workbook.temporary, O_RDONLY)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
        }
        var folders: [String] = []
        while let workbook = pending.first {
            guard rename(workbook.temporary, workbook.target) == 0 else {
                let reason = String(cString: strerror(errno))
                let renamed = prepared.count - pending.count
                throw XLSXError(
                    path: workbook.target, operation: "替换目标文件",
                    detail: renamed == 0 ? reason : "\(reason)；在它之前已有 \(renamed) 个工作簿换成了新版，它和其后的 \(pending.count - 1) 个仍是原来的")
            }
            pending.removeFirst()
            let folder = URL(fileURLWithPath: workbook.target).deletingLastPathComponent().path
            if !folders.contains(folder) { folders.append(folder) }
        }
        for folder in folders {
            let folderFD = open(folder, O_RDONLY)
            if folderFD >= 0 {
                fsync(folderFD)
                close(folderFD)
            }
        }
    }

    /// Removes temporary files an export of the same target left when it was killed: those whose
    /// process no longer runs.
    static func removeStaleTemporaries(of target: URL) {
        removeStaleTemporaries(inFolder: target.deletingLastPathComponent().path, of: target.lastPathComponent)
    }

    /// The same for every workbook of a folder (or only those of one target name): a batch export
    /// looks once, not once per workbook of a folder that fills with them.
    public static func removeStaleTemporaries(inFolder folder: String, of target: String? = nil) {
        let prefix = "." + (target ?? "")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".xlsx") {
            // ".<target>.tmp-<pid>-<random>.xlsx"
            guard let marker = name.range(of: ".tmp-", options: .backwards), target == nil || marker.lowerBound == name.index(name.startIndex, offsetBy: prefix.count),
                let pid = Int32(name[marker.upperBound...].prefix { $0 != "-" })
            else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink(folder + "/" + name)
            }
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
            path, tmpdir: tmpdir, strings: strings, title: "\(reports.department.name)\(reports.department.year)年部门预算公开表",
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
        for (name, tables) in SheetWriter.sheets(reports, stamped: options.uncheckedStamp != nil) {
            try SheetWriter.write(name, tables, workbook: workbook, styles: styles, reports: reports, path: path, stamp: options.uncheckedStamp)
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

    static func writeItems(
        _ itemSheet: ItemSheet, workbook: UnsafeMutablePointer<lxw_workbook>, styles: Styles, path: String
    ) throws(XLSXError) {
        guard let sheet = workbook_add_worksheet(workbook, itemSheet.name) else {
            throw XLSXError(path: path, operation: "新建工作表", detail: "工作表名“\(itemSheet.name)”无效")
        }
        let headers = ["编号", "单位编码", "功能分类科目", "经济分类科目", "支出类型", "经费类型", "项目名称", "资金来源", "金额（元）", "备注"]
        let widths: [Double] = [9, 10, 10, 10, 12, 10, 30, 20, 16, 30]
        for (column, width) in widths.enumerated() {
            try check(worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, nil), path, "设置列宽")
        }
        for (column, header) in headers.enumerated() {
            try check(writeText(sheet, 0, lxw_col_t(column), header, styles.header), path, "写入明细表头")
        }
        worksheet_freeze_panes(sheet, 1, 0)
        var row: lxw_row_t = 0
        var failure: XLSXError?
        func text(_ column: lxw_col_t, _ value: String) {
            guard failure == nil, !value.isEmpty else { return }
            let code = LXWFault.pass(writeText(sheet, row, column, value, nil))
            if code != LXW_NO_ERROR { failure = XLSXError(path: path, operation: "写入明细", code: code) }
        }
        do {
            try itemSheet.items { item in
                row += 1
                guard row < LXW_ROW_MAX else {
                    throw XLSXError(path: path, operation: "写入明细", detail: "明细超过 Excel 一张表的行数上限（1,048,575 行）")
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

    deinit { pointers.forEach { free($0) } }
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
    let title, meta, metaRight, stamp, header, number, index, text, code, totalText, note, itemAmount: Format
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
        title = make {
            format_set_bold($0)
            format_set_font_size($0, 16)
            align($0, LXW_ALIGN_CENTER)
            align($0, LXW_ALIGN_VERTICAL_CENTER)
        }
        meta = make { align($0, LXW_ALIGN_LEFT) }
        metaRight = make { align($0, LXW_ALIGN_RIGHT) }
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
        }
        code = make {
            bordered($0)
            format_set_num_format($0, "@")
        }
        amount = make {
            bordered($0)
            format_set_num_format($0, amountFormat)
        }
        totalText = make {
            bordered($0)
            format_set_bold($0)
            align($0, LXW_ALIGN_CENTER)
        }
        totalAmount = make {
            bordered($0)
            format_set_bold($0)
            format_set_num_format($0, amountFormat)
        }
        note = make { align($0, LXW_ALIGN_LEFT) }
        itemAmount = make { format_set_num_format($0, "#,##0.00") }
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
            amountFormats[other] = (
                make {
                    bordered($0)
                    format_set_num_format($0, other)
                },
                make {
                    bordered($0)
                    format_set_bold($0)
                    format_set_num_format($0, other)
                })
        }
    }
}
