/// Which classification a code belongs to.
public enum CodeKind: String, CaseIterable, Codable, Sendable {
    /// 支出功能分类科目: 类 (3 digits), 款 (5), 项 (7).
    case functional
    /// 部门预算支出经济分类科目: 类 (3 digits), 款 (5).
    case economic

    public var chineseName: String { self == .functional ? "功能分类科目" : "部门经济分类科目" }

    /// The length of the code a line item carries.
    public var leafLength: Int { self == .functional ? 7 : 5 }

    /// The codes above a leaf code, from 类 down: "2010306" → ["201", "20103"].
    public func ancestors(of code: String) -> [String] {
        let lengths = self == .functional ? [3, 5] : [3]
        return lengths.filter { $0 < code.count }.map { String(code.prefix($0)) }
    }

    /// Whether the text has the shape of a code this classification puts on a line item.
    public func isWellFormedLeaf(_ code: String) -> Bool {
        guard code.count == leafLength, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return self == .functional ? code.hasPrefix("2") : code.hasPrefix("3")
    }

    /// Level of a code of this classification: 1 = 类, 2 = 款, 3 = 项.
    public func level(of code: String) -> Int {
        switch code.count {
        case 3: 1
        case 5: 2
        default: 3
        }
    }
}

/// How a clerk writes a code, read one way on every route (the `item` and `unit` options and the
/// filters, the CSV imports, the draft workbook): full-width digits and letters as ASCII
/// (“２０５０１０１” is 2050101), and a code followed by its name (“2050101 行政运行”, as the
/// draft workbook's drop-down lists show it, or “30101基本工资”) split into the two.
public enum CodeText {
    /// Full-width ASCII (U+FF01–U+FF5E) as ASCII: “２０５０１０１” → “2050101”, “Ａ０１” → “A01”.
    public static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0xFF01...0xFF5E).contains($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append((0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar)
        }
        return String(out)
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s.value == 0x3000 || s.value == 0xA0 }

    /// The code and the name written after it (nil when none), from a text already trimmed: the
    /// first word (up to a space, a tab, an ideographic or no-break space) in half width, the
    /// rest trimmed. A classification code (`digitsOnly`) also ends where its digits give way to
    /// a name without a space (“30101基本工资”); a first word that is not all digits is then
    /// returned whole, in half width, for the code's rules to judge.
    public static func split(_ text: String, digitsOnly: Bool) -> (code: String, name: String?) {
        let scalars = text.unicodeScalars
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) || (0xFF10...0xFF19).contains(s.value) }
        var end = scalars.firstIndex(where: isSpace) ?? scalars.endIndex
        if digitsOnly, let first = scalars.firstIndex(where: { !isDigit($0) }), first < end, first > scalars.startIndex,
            !scalars[first].isASCII
        {
            end = first
        }
        let code = halfWidth(String(scalars[..<end]))
        let rest = String(scalars[end...]).unicodeScalars
        guard let start = rest.firstIndex(where: { !isSpace($0) }) else { return (code, nil) }
        if digitsOnly && !code.allSatisfy({ $0.isASCII && $0.isNumber }) { return (halfWidth(text), nil) }
        let last = rest.lastIndex(where: { !isSpace($0) })!
        return (code, String(rest[start...last]))
    }
}
