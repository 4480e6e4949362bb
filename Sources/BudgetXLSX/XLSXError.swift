import CXLSXWriter
import Foundation

/// Why a workbook could not be written. The previous file at the target path is untouched.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var detail: String
    /// A failure of the file system inside libxlsxwriter (creating, writing or closing a file).
    var fileRelated = false
    /// `detail` names the cause from the errno the failing call left.
    var causeKnown = false

    init(path: String, operation: String, code: lxw_error) {
        let system = errno
        self.path = path
        self.operation = operation
        switch code {
        case LXW_ERROR_CREATING_XLSX_FILE, LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_CLOSE, LXW_ERROR_ZIP_FILE_ADD,
            LXW_ERROR_READING_TMPFILE:
            fileRelated = true
            if Self.namedCauses.contains(system) {
                causeKnown = true
                self.detail = FileSystemReason.describe(system)
                return
            }
        default: break
        }
        self.detail = XLSXError.explain(code)
    }

    public init(path: String, operation: String, detail: String) {
        self.path = path
        self.operation = operation
        self.detail = detail
    }

    /// The errno values that name a cause for sure (a failing fopen or write sets them).
    static let namedCauses: Set<Int32> = [ENOSPC, EDQUOT, EACCES, EPERM, ENAMETOOLONG, ENOENT, EROFS, EFBIG, EIO, ENOTDIR, EISDIR]

    /// libxlsxwriter's code, for when errno did not tell.
    static func explain(_ code: lxw_error) -> String {
        let library = String(cString: lxw_strerror(code))
        switch code {
        case LXW_ERROR_CREATING_XLSX_FILE: return "无法创建文件（\(library)）"
        case LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_CLOSE, LXW_ERROR_ZIP_FILE_ADD: return "写入失败（\(library)）"
        case LXW_ERROR_CREATING_TMPFILE: return "无法创建临时文件（\(library)）"
        default: return library
        }
    }

    public var description: String {
        "无法导出工作簿 \(path)（\(operation)）：\(detail)。原有文件（如果有）保持不变。"
    }
}

/// Every libxlsxwriter return code passes through here. In debug builds the reliability tests
/// can make the Nth call fail (`BUDGET_FAULT_LXW=N`), to prove that an export failing at any
/// call leaves the target as it was and no temporary file behind (fault test FT-09).
enum LXWFault {
    #if DEBUG
    static let failAt: Int? = ProcessInfo.processInfo.environment["BUDGET_FAULT_LXW"].flatMap(Int.init)
    nonisolated(unsafe) static var calls = 0
    static let lock = NSLock()
    #endif

    static func pass(_ code: lxw_error) -> lxw_error {
        #if DEBUG
        guard let failAt else { return code }
        let call = lock.withLock {
            calls += 1
            return calls
        }
        if call == failAt { return LXW_ERROR_MEMORY_MALLOC_FAILED }
        #endif
        return code
    }

    /// The number of checked calls so far (debug builds; 0 otherwise).
    static var count: Int {
        #if DEBUG
        lock.withLock { calls }
        #else
        0
        #endif
    }
}

/// The rows one worksheet can hold, checked before a workbook is written: a project with more
/// line items than a sheet has rows is refused at once, not after minutes of writing.
public enum SheetLimits {
    /// Rows of one worksheet in Excel, WPS and libxlsxwriter: 1,048,576. Debug builds can lower
    /// it (`BUDGET_ROW_LIMIT=N`) so that a test need not build a million-row project.
    public static var rows: Int {
        #if DEBUG
        if let limit = ProcessInfo.processInfo.environment["BUDGET_ROW_LIMIT"].flatMap(Int.init) { return limit }
        #endif
        return Int(LXW_ROW_MAX)
    }

    /// Why `records` rows under `headerRows` rows of headings do not fit on the sheet `sheet`
    /// of at most `limit` rows, or nil when they fit.
    public static func overflow(records: Int, headerRows: Int, sheet: String, limit: Int = rows) -> String? {
        let room = limit - headerRows
        guard records > room else { return nil }
        func grouped(_ number: Int) -> String {
            var digits = String(number)
            var index = digits.count - 3
            while index > 0 {
                digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
                index -= 3
            }
            return digits
        }
        return "工作表“\(sheet)”要写 \(grouped(records)) 行，超过了 Excel 一张工作表的行数上限（\(grouped(limit)) 行，除去 \(headerRows) 行表头最多 \(grouped(room)) 行）"
    }
}
