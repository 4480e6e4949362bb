import CXLSXWriter
import Foundation

/// Text as an XLSX file stores it. Excel reads `_xHHHH_` in a cell's text as the character
/// U+HHHH, so a clerk's “_x0041_” would show as “A”; the underscore of every such sequence is
/// written as `_x005F_`, as Excel itself does, and reading undoes both.
enum XLSXText {
    static func escaped(_ text: String) -> String {
        guard mayHoldEscape(text) else { return text }
        // A lookahead, so that sequences sharing an underscore ("_x0041_x0042_") are both escaped.
        return text.replacing(/_(?=x[0-9A-Fa-f]{4}_)/, with: "_x005F_")
    }

    static func unescaped(_ text: String) -> String {
        guard mayHoldEscape(text) else { return text }
        return text.replacing(/_x([0-9A-Fa-f]{4})_/) { match in
            UInt32(match.output.1, radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? String(match.output.0)
        }
    }

    /// Whether "_x" occurs, by bytes: this runs for every text cell written or read.
    static func mayHoldEscape(_ text: String) -> Bool {
        var underscore = false
        for byte in text.utf8 {
            if underscore && byte == UInt8(ascii: "x") { return true }
            underscore = byte == UInt8(ascii: "_")
        }
        return false
    }
}

/// `worksheet_write_string` with the text escaped.
func writeText(
    _ sheet: UnsafeMutablePointer<lxw_worksheet>, _ row: lxw_row_t, _ column: lxw_col_t, _ text: String, _ format: UnsafeMutablePointer<lxw_format>?
) -> lxw_error {
    worksheet_write_string(sheet, row, column, XLSXText.escaped(text), format)
}

/// `worksheet_merge_range` with the text escaped.
func mergeText(
    _ sheet: UnsafeMutablePointer<lxw_worksheet>, _ firstRow: lxw_row_t, _ firstColumn: lxw_col_t, _ lastRow: lxw_row_t,
    _ lastColumn: lxw_col_t, _ text: String, _ format: UnsafeMutablePointer<lxw_format>?
) -> lxw_error {
    worksheet_merge_range(sheet, firstRow, firstColumn, lastRow, lastColumn, XLSXText.escaped(text), format)
}
