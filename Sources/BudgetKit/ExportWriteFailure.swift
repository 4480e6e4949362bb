import BudgetXLSX
import Foundation

/// An export that could not write its workbook (folder missing or read-only, disk full, a write
/// or read-back that failed). The project file is untouched and so is any earlier workbook at
/// the target. The command line gives these their own exit status without importing the XLSX
/// layer.
public protocol ExportWriteFailure: Error {}

extension XLSXError: ExportWriteFailure {}

/// A CSV or Markdown file that could not be written (its folder missing or read-only, disk
/// full); an I/O failure like a workbook's, not a mistake in the input.
public struct OutputWriteFailure: ExportWriteFailure, CustomStringConvertible {
    public var file: String
    public var message: String

    public var description: String { "\(file)：\(message)" }
}

/// The terminal, for what must reach the clerk while a workbook is drawn.
public enum Console {
    /// The terminal's standard error, never silenced: while a workbook is drawn, descriptor 2
    /// points at /dev/null so that libxlsxwriter's English messages never reach the clerk.
    public static var standardError: FileHandle { LibraryOutput.standardError }
}
