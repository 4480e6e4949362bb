import Foundation
import Testing

@testable import BudgetXLSX

@Suite("Text as XLSX stores it")
struct XLSXTextTests {
    @Test(
        "_xHHHH_ sequences are escaped so Excel shows them as typed, and read back as typed",
        arguments: [
            "_x0041_", "单位_x0042_名称", "__x0041__", "_x005F_", "_X0041_", "_x004_", "no escape", "", "_x0041_x0042_", "_x0041__x0042_",
        ])
    func roundTrip(text: String) {
        let stored = XLSXText.escaped(text)
        // What Excel would show: every _xHHHH_ decoded once.
        #expect(XLSXText.unescaped(stored) == text)
        if text.contains("_x0041_") { #expect(stored.contains("_x005F_x0041_")) }
        // As Excel decodes, character by character (an independent reading, not the reader's).
        #expect(Self.excelDecode(stored) == text)
        if !text.contains("_x") { #expect(stored == text) }
    }

    /// Excel's reading of cell text: left to right, each `_xHHHH_` becomes one character.
    static func excelDecode(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var index = 0
        while index < chars.count {
            if chars[index] == "_", index + 6 < chars.count, chars[index + 1] == "x", chars[index + 6] == "_",
                let code = UInt32(String(chars[index + 2...index + 5]), radix: 16), let scalar = Unicode.Scalar(code)
            {
                out.append(Character(scalar))
                index += 7
            } else {
                out.append(chars[index])
                index += 1
            }
        }
        return out
    }

    @Test("stored escapes that Excel writes are decoded on reading")
    func decodes() {
        #expect(XLSXText.unescaped("A_x000D_B") == "A\rB")
        #expect(XLSXText.unescaped("_x005F_x0041_") == "_x0041_")
        #expect(XLSXText.unescaped("_xZZZZ_") == "_xZZZZ_")
    }
}
