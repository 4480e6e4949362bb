@testable import BudgetXLSX
import Testing

@Suite("Text as XLSX stores it")
struct XLSXTextTests {
    @Test("_xHHHH_ sequences are escaped so Excel shows them as typed, and read back as typed", arguments: [
        "_x0041_", "单位_x0042_名称", "__x0041__", "_x005F_", "_X0041_", "_x004_", "no escape", "",
    ])
    func roundTrip(text: String) {
        let stored = XLSXText.escaped(text)
        // What Excel would show: every _xHHHH_ decoded once.
        #expect(XLSXText.unescaped(stored) == text)
        if text.contains("_x0041_") { #expect(stored.contains("_x005F_x0041_")) }
        if !text.contains("_x") { #expect(stored == text) }
    }

    @Test("stored escapes that Excel writes are decoded on reading")
    func decodes() {
        #expect(XLSXText.unescaped("A_x000D_B") == "A\rB")
        #expect(XLSXText.unescaped("_x005F_x0041_") == "_x0041_")
        #expect(XLSXText.unescaped("_xZZZZ_") == "_xZZZZ_")
    }
}
