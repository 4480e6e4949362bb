import Foundation
import CXLSXWriter

/// Why a workbook could not be written. The previous file at the target path is untouched.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var detail: String

    init(path: String, operation: String, code: lxw_error) {
        self.path = path
        self.operation = operation
        self.detail = XLSXError.explain(code)
    }

    public init(path: String, operation: String, detail: String) {
        self.path = path
        self.operation = operation
        self.detail = detail
    }

    static func explain(_ code: lxw_error) -> String {
        let library = String(cString: lxw_strerror(code))
        switch code {
        case LXW_ERROR_CREATING_XLSX_FILE: return "无法创建文件：文件夹不存在、没有写权限，或目标是一个文件夹（\(library)）"
        case LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_CLOSE, LXW_ERROR_ZIP_FILE_ADD: return "写入失败，可能是磁盘已满（\(library)）"
        case LXW_ERROR_CREATING_TMPFILE: return "无法创建临时文件，可能是磁盘已满或没有写权限（\(library)）"
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
        let call = lock.withLock { calls += 1; return calls }
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
