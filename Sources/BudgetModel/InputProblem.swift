import Foundation

/// A located problem with something the user typed or imported: which file, which line (or
/// which sheet and cell of a workbook), which column, what value, and what is wrong with it, in
/// words a clerk understands.
public struct InputProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: String?
    public var value: String?
    public var message: String
    /// The worksheet of a workbook the problem is on.
    public var sheet: String?
    /// The cell on `sheet`, as Excel names it (“H12”); without it, `line` is the sheet's row.
    public var cell: String?

    public init(
        file: String? = nil, line: Int? = nil, column: String? = nil, value: String? = nil, message: String, sheet: String? = nil,
        cell: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.message = message
        self.sheet = sheet
        self.cell = cell
    }

    /// Every text that came from the input (file, sheet, column, value) is shown through
    /// ``Shown``: control characters escaped, long texts cut.
    public var description: String {
        var place: [String] = []
        if let file { place.append(Shown.text(file, limit: 200)) }
        if let sheet, let cell {
            place.append("\(Shown.text(sheet))!\(cell)")
        } else if let sheet {
            place.append(line.map { "工作表“\(Shown.text(sheet))”第 \($0) 行" } ?? "工作表“\(Shown.text(sheet))”")
        } else if let line {
            place.append("第 \(line) 行")
        }
        // A column of a file is a “列”; without a file the value came from the command line, where
        // it is an option (“--name”) or an argument (“快照名称”), never a column.
        if let column {
            place.append(
                column.hasPrefix("--") ? "选项 \(column)" : file == nil && line == nil && sheet == nil ? Shown.text(column) : "“\(Shown.text(column))”列"
            )
        }
        if let value { place.append("值“\(Shown.text(value))”") }
        let message = Shown.message(message)
        return place.isEmpty ? message : place.joined(separator: "，") + "：" + message
    }
}

/// Several input problems reported together; nothing was written.
public struct InputProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [InputProblem]
    /// How many problems are listed before the rest are only counted.
    public static let listLimit = 200

    public init(_ problems: [InputProblem]) { self.problems = problems }

    public var description: String {
        var lines = problems.prefix(Self.listLimit).map(\.description)
        if problems.count > Self.listLimit { lines.append("……另有 \(problems.count - Self.listLimit) 处问题未列出") }
        lines.append("共 \(problems.count) 处问题，没有写入任何内容。")
        return lines.joined(separator: "\n")
    }
}

/// How a text that came from the input is shown in a message or on the terminal: control
/// characters (C0, DEL, C1) and invisible characters (zero-width, direction controls) escaped as
/// `\u{1B}`, so that a file cannot clear the screen, retitle the window or turn a line around;
/// and a long text cut after its first characters, with its length.
public enum Shown {
    /// The characters of a value shown before it is cut.
    public static let limit = 60
    /// The characters of one line of a message shown before it is cut.
    public static let lineLimit = 2000

    /// `value` escaped, and cut after `limit` characters: “abc…（共 100000 个字符）”.
    public static func text(_ value: String, limit: Int = limit) -> String {
        guard value.unicodeScalars.contains(where: needsEscape) || value.utf8.count > limit else { return value }
        let count = value.count
        guard count > limit else { return escaped(value) }
        return escaped(String(value.prefix(limit))) + "…（共 \(count) 个字符）"
    }

    /// A message (which may hold values): escaped but for its line breaks, and each line cut
    /// after `lineLimit` characters.
    public static func message(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && needsEscape($0) }) || text.utf8.count > lineLimit else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { Self.text(String($0), limit: lineLimit) }.joined(separator: "\n")
    }

    /// `\u{1B}` for every character that is a control or invisible; the rest as it is.
    public static func escaped(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || TextRules.invisibleName(scalar) != nil || value == 0xFFFE
            || value == 0xFFFF
    }
}

/// The rules every name and code a clerk types must follow: one line of visible text, not
/// too long. They keep the XLSX and CSV output well-formed, and two names that look the same
/// the same name.
public enum TextRules {
    /// What is wrong with a name, or nil when it is fine.
    public static func nameProblem(_ text: String, maximumLength: Int = 200) -> String? {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return "不能为空" }
        if text.count > maximumLength { return "太长（\(text.count) 字，最多 \(maximumLength) 字）" }
        if let bad = text.unicodeScalars.first(where: {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0xFFFE || $0.value == 0xFFFF
        }) {
            return "含有换行或不可见的控制字符（U+\(hex(bad))），只能是一行文字"
        }
        return invisibleProblem(text)
    }

    /// A character that shows nothing or turns the text around (zero-width, direction
    /// controls), named by its code point and position; nil when there is none.
    public static func invisibleProblem(_ text: String) -> String? {
        for (index, scalar) in text.unicodeScalars.enumerated() {
            guard let name = invisibleName(scalar) else { continue }
            return "在第 \(index + 1) 个字符处含有看不见的字符 U+\(hex(scalar))（\(name)）：它会让两个看起来一样的名称成为不同的名称，请删去它"
        }
        return nil
    }

    /// The Chinese name of a zero-width or direction-control character; nil for any other.
    public static func invisibleName(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x200B: "零宽空格"
        case 0x200C: "零宽不连字"
        case 0x200D: "零宽连字"
        case 0x200E, 0x200F: "文字方向标记"
        case 0x202A...0x202E: "文字方向控制符"
        case 0x2060: "零宽不折行符"
        case 0x2066...0x2069: "文字方向隔离符"
        case 0xFEFF: "零宽不折行空格（字节顺序标记）"
        default: nil
        }
    }

    static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// What is wrong with a code (unit or department), or nil.
    public static func codeProblem(_ text: String) -> String? {
        if text.isEmpty || text.count > 32 { return "应为 1–32 个字符" }
        if text.contains(where: { $0.isWhitespace }) { return "不能含空格" }
        return nameProblem(text, maximumLength: 32)
    }
}
