/// Money is kept as whole 分 (fen) in an `Int64`, never as a floating-point number.
///
/// One 元 is 100 fen; one 万元 is 1,000,000 fen. Published tables show 万元 with two
/// decimals, that is whole units of 10,000 fen, rounded once from an exact total.
public typealias Fen = Int64

public enum Money {
    /// The largest amount one line item may carry: 1 万亿元 (10^12 元).
    public static let maximumItemFen: Fen = 100_000_000_000_000

    /// The unit an amount is written in.
    public enum InputUnit: String, CaseIterable, Sendable {
        case yuan
        case wan

        /// Fen per unit.
        public var fenPerUnit: Fen { self == .yuan ? 100 : 1_000_000 }
        /// Decimals allowed before the amount is finer than one fen.
        public var maximumDecimals: Int { self == .yuan ? 2 : 6 }
        public var chineseName: String { self == .yuan ? "元" : "万元" }
    }

    /// Rounds fen to hundredths of 万元 (units of 10,000 fen), half away from zero (四舍五入).
    public static func wanHundredths(_ fen: Fen) -> Int64 {
        let quotient = fen / 10_000
        let remainder = fen % 10_000
        if 2 * abs(remainder) >= 10_000 { return quotient + (fen < 0 ? -1 : 1) }
        return quotient
    }

    /// "2343.44" for 2,343,440,000 fen: 万元 with two decimals, rounded once.
    public static func formatWan(_ fen: Fen) -> String {
        formatHundredths(wanHundredths(fen))
    }

    /// "1871000.00" for 187,100,000 fen: 元 with two decimals, exact.
    public static func formatYuan(_ fen: Fen) -> String {
        formatHundredths(fen)
    }

    /// "1,018,500.00" for 101,850,000 fen: 元 with two decimals and thousands separators, exact.
    public static func groupedYuan(_ fen: Fen) -> String {
        let plain = formatHundredths(fen)
        let negative = plain.hasPrefix("-")
        let digits = negative ? String(plain.dropFirst()) : plain
        let whole = digits.prefix { $0 != "." }
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (negative ? "-" : "") + grouped + digits.dropFirst(whole.count)
    }

    /// Formats an integer count of hundredths as a decimal with two places, without Double.
    public static func formatHundredths(_ hundredths: Int64) -> String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let cents = magnitude % 100
        return "\(sign)\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

}

/// Why an amount was refused, in words a clerk understands.
public struct AmountError: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "金额“\(text)”\(reason)" }
}

extension Money {
    /// The fen of what most files hold: ASCII digits and at most one point, no more than 15
    /// digits, no more decimals than `unit` allows. Nil for anything else, which ``parse(_:unit:)``
    /// then reads by the full rules (and explains when refused).
    public static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>, unit: InputUnit) -> Fen? {
        guard !bytes.isEmpty, bytes.count <= 16, bytes.first != 0x2E, bytes.last != 0x2E else { return nil }
        var fen: Fen = 0
        var decimals = -1
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                fen = fen * 10 + Fen(byte - 0x30)
                if decimals >= 0 { decimals += 1 }
            } else if byte == 0x2E && decimals < 0 {
                decimals = 0
            } else {
                return nil
            }
        }
        let places = max(decimals, 0)
        guard places <= unit.maximumDecimals else { return nil }
        for _ in places..<unit.maximumDecimals {
            let (scaled, overflow) = fen.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }  // the full rules say it is too large
            fen = scaled
        }
        guard fen <= maximumItemFen else { return nil }
        return fen
    }

    /// Parses an amount strictly into fen.
    ///
    /// Accepted: ASCII or full-width digits, an optional decimal point, thousands separators in
    /// groups of three (`1,234,567.89`), surrounding spaces. Refused: signs, exponents, currency
    /// or unit words, spaces inside, misplaced separators, and more decimals than one fen allows.
    /// Negative amounts are refused: a budget line is never negative.
    public static func parse(_ raw: String, unit: InputUnit) throws(AmountError) -> Fen {
        func fail(_ reason: String) -> AmountError { AmountError(text: raw, reason: reason) }
        var text = raw
        if let fen = text.withUTF8({ parsePlain($0, unit: unit) }) { return fen }
        var scalars: [Unicode.Scalar] = []
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: scalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0E: scalars.append(".")
            case 0xFF0C: scalars.append(",")
            case 0xFF0D: scalars.append("-")
            case 0xFF0B: scalars.append("+")
            default: scalars.append(scalar)
            }
        }
        // Trim ASCII spaces, tabs and the ideographic space.
        func isTrimmable(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s.value == 0x3000 }
        while let first = scalars.first, isTrimmable(first) { scalars.removeFirst() }
        while let last = scalars.last, isTrimmable(last) { scalars.removeLast() }
        if scalars.isEmpty { throw fail("是空的：请填写金额") }
        if scalars.first == "-" { throw fail("是负数：预算金额不能为负") }
        if scalars.first == "+" { scalars.removeFirst() }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var groups: [Int] = []  // lengths of the digit groups split by commas
        var currentGroup = 0
        var seenPoint = false
        for scalar in scalars {
            switch scalar {
            case "0"..."9":
                let digit = UInt8(scalar.value - 0x30)
                if seenPoint {
                    fractionDigits.append(digit)
                } else {
                    integerDigits.append(digit)
                    currentGroup += 1
                }
            case ",":
                if seenPoint { throw fail("的千位分隔符位置不对") }
                groups.append(currentGroup)
                currentGroup = 0
            case ".":
                if seenPoint { throw fail("有两个小数点") }
                seenPoint = true
            case " ", "\u{00A0}", "\u{3000}", "\t":
                throw fail("中间有空格")
            case "元", "万", "¥", "￥":
                throw fail("带有单位或货币符号：只填数字，单位用 --unit 指定（当前为\(unit.chineseName)）")
            case "e", "E":
                throw fail("是科学计数法：请写成普通数字")
            default:
                throw fail("不是数字")
            }
        }
        if !groups.isEmpty {
            groups.append(currentGroup)
            let first = groups[0]
            if first < 1 || first > 3 || groups.dropFirst().contains(where: { $0 != 3 }) {
                throw fail("的千位分隔符位置不对（应为 1,234,567.89 的形式）")
            }
        }
        if integerDigits.isEmpty { throw fail("缺少整数部分") }
        if seenPoint && fractionDigits.isEmpty { throw fail("小数点后没有数字") }
        if fractionDigits.count > unit.maximumDecimals {
            throw fail("的小数位太多：以\(unit.chineseName)为单位最多 \(unit.maximumDecimals) 位小数（精确到分）")
        }
        var fen: Fen = 0
        for digit in integerDigits + fractionDigits + Array(repeating: 0, count: unit.maximumDecimals - fractionDigits.count) {
            let (times, o1) = fen.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Fen(digit))
            if o1 || o2 { throw fail("太大") }
            fen = plus
        }
        if fen > maximumItemFen { throw fail("太大：一笔金额不能超过 1 万亿元") }
        return fen
    }
}
