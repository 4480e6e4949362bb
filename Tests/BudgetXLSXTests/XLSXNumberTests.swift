import BudgetModel
import BudgetXLSX
import Foundation
import Testing

@Suite("Numbers as XLSX files store them")
struct XLSXNumberTests {
    @Test(
        "stored decimal text is read as Excel shows it: 15 significant digits, no exponent",
        arguments: [
            // What libxlsxwriter writes for amounts in 元 (16 significant digits).
            ("0.07000000000000001", "0.07"), ("99999999999.99001", "99999999999.99"), ("1234.56", "1234.56"),
            ("1871000.12", "1871000.12"), ("999999999999.99", "999999999999.99"),
            // What Excel, LibreOffice and openpyxl write.
            ("1203000", "1203000"), ("0.1", "0.1"), ("1100.0000000000002", "1100"), ("-5", "-5"), ("-0", "0"), ("0", "0"),
            ("1.5E3", "1500"), ("1.2345E-2", "0.012345"), ("2.5e+2", "250"), ("007", "7"), ("0.000", "0"), ("+12", "12"),
            // A real third decimal stays, for the amount rules to refuse.
            ("12.345", "12.345"), ("0.005", "0.005"),
            // Rounding at the 15th digit carries.
            ("9.9999999999999999", "10"), ("123456789012345678", "123456789012346000"),
        ])
    func decimalText(_ stored: String, _ shown: String) {
        #expect(XLSXNumber.decimalText(stored) == shown)
    }

    @Test(
        "text that is not a number gives nil; extreme exponents are left as stored",
        arguments: [
            ("NaN", nil), ("INF", nil), ("12abc", nil), ("", nil), (".", nil), ("1e", nil), ("1e5x", nil), ("--1", nil),
            ("1E+99999", "1E+99999"), ("1E-300", "1E-300"), ("1E+300", "1E+300"),
        ] as [(String, String?)])
    func notNumbers(_ stored: String, _ expected: String?) {
        #expect(XLSXNumber.decimalText(stored) == expected)
    }

    @Test("every amount up to the cap written as libxlsxwriter writes it reads back to the same fen")
    func amountsThroughDoubles() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let fen = Fen.random(in: 0...Money.maximumItemFen, using: &generator)
            // %.16G, as libxlsxwriter formats a number cell.
            let stored = String(format: "%.16G", Double(fen) / 100)
            let text = try #require(XLSXNumber.decimalText(stored))
            #expect(try Money.parse(text, unit: .yuan) == fen, "\(fen) stored as \(stored), read as \(text)")
        }
    }

    @Test(
        "date serials in the 1900 and 1904 systems",
        arguments: [
            ("44926", false, "2022-12-31"), ("1", false, "1900-01-01"), ("59", false, "1900-02-28"), ("61", false, "1900-03-01"),
            ("36526", false, "2000-01-01"), ("2958465", false, "9999-12-31"), ("43464", true, "2022-12-31"), ("0", true, "1904-01-01"),
        ])
    func dates(_ serial: String, _ date1904: Bool, _ date: String) {
        #expect(XLSXNumber.date(serial: serial, date1904: date1904) == date)
    }

    @Test("a serial that is not a whole day, or 1900-02-29 that never was, is no date", arguments: ["60", "0", "44926.5", "-1", "3000000", "x"])
    func notDates(_ serial: String) {
        #expect(XLSXNumber.date(serial: serial, date1904: false) == nil)
    }
}
