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
