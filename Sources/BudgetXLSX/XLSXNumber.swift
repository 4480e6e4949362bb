import Foundation

/// Numbers as an XLSX file stores them: decimal text in a cell's `<v>`, written by the producer
/// from a binary double. Excel keeps and shows 15 significant digits; some producers write more
/// (libxlsxwriter writes 0.07 as “0.07000000000000001”), so the text is read as Excel shows it.
public enum XLSXNumber {
    /// The significant digits Excel keeps.
    public static let significantDigits = 15

    /// The decimal text of a stored number as Excel shows it: at most 15 significant digits
    /// (rounded half up, in decimal, never through a Double), no exponent, no trailing zeros:
    /// “0.07000000000000001” → “0.07”, “1.5E3” → “1500”, “1203000” → “1203000”.
    /// A number too large or too small to write out plainly is returned as stored, and nil is
    /// returned for text that is not a number at all (“NaN”, “INF”, “12abc”).
    public static func decimalText(_ stored: String) -> String? {
        let bytes = Array(stored.utf8)
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: [UInt8] = []
        var fractionCount = 0
        var seenPoint = false
        var seenDigit = false
        while index < bytes.count {
            let byte = bytes[index]
            if (48...57).contains(byte) {
                seenDigit = true
                // Leading zeros carry no value (but still count as decimals after the point).
                if !(digits.isEmpty && byte == 48) { digits.append(byte - 48) }
                if seenPoint { fractionCount += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
            guard digits.count <= 400, fractionCount <= 400 else { return stored }
        }
        guard seenDigit else { return nil }
        var exponent = 0
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
            index += 1
            var sign = 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            var exponentDigits = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                exponent = exponent * 10 + Int(bytes[index] - 48)
                exponentDigits += 1
                index += 1
                guard exponentDigits <= 4 else { return stored }
            }
            guard exponentDigits > 0, index == bytes.count else { return nil }
            exponent *= sign
        }
        if digits.isEmpty { return "0" }
        // The value is digits × 10^scale.
        var scale = exponent - fractionCount
        if digits.count > significantDigits {
            let roundUp = digits[significantDigits] >= 5
            scale += digits.count - significantDigits
            digits.removeLast(digits.count - significantDigits)
            if roundUp {
                var position = digits.count - 1
                while position >= 0 {
                    if digits[position] == 9 {
                        digits[position] = 0
                        position -= 1
                    } else {
                        digits[position] += 1
                        break
                    }
                }
                if position < 0 { digits.insert(1, at: 0) }
            }
        }
        while let last = digits.last, last == 0, digits.count > 1 {
            digits.removeLast()
            scale += 1
        }
        let text = digits.map { String($0) }.joined()
        let plain: String
        if scale >= 0 {
            guard text.count + scale <= 40 else { return stored }
            plain = text + String(repeating: "0", count: scale)
        } else {
            guard -scale <= 40 else { return stored }
            let point = text.count + scale
            if point <= 0 {
                plain = "0." + String(repeating: "0", count: -point) + text
            } else {
                plain = String(text.prefix(point)) + "." + String(text.dropFirst(point))
            }
        }
        return (negative && plain != "0" ? "-" : "") + plain
    }

    /// A number too large or too small to write out plainly, as Excel shows it: 15 significant
    /// digits at most and a two-digit exponent (“1E+308”, “1.5E-50”). Only for messages.
    public static func excelText(_ stored: String) -> String {
        guard let value = Double(stored), value.isFinite else { return stored }
        let formatted = String(format: "%.14E", value)
        guard let e = formatted.firstIndex(of: "E") else { return formatted }
        var mantissa = String(formatted[..<e])
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
        return mantissa + formatted[e...]
    }

    /// The date (“2022-12-31”) of a date cell's serial number, or nil when the number is not a
    /// whole day in years 1900–9999. Excel's 1900 system counts 1900-02-29, a day that never
    /// was (serial 60); the 1904 system counts from 1904-01-01.
    public static func date(serial: String, date1904: Bool) -> String? {
        guard let text = decimalText(serial), let serial = Int(text) else { return nil }
        // Days from 1970-01-01 of serial 0 (1899-12-30 for serials after the false leap day).
        let days: Int
        if date1904 {
            guard (0...2_957_003).contains(serial) else { return nil }
            days = serial - 24_107
        } else {
            guard (1...2_958_465).contains(serial), serial != 60 else { return nil }
            days = serial - (serial < 60 ? 25_568 : 25_569)
        }
        // Howard Hinnant's days-to-civil algorithm, in whole numbers.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}
