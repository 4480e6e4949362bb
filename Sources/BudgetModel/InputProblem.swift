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

    public var description: String {
        var place: [String] = []
        if let file { place.append(file) }
        if let sheet, let cell {
            place.append("\(sheet)!\(cell)")
        } else if let sheet {
            place.append(line.map { "工作表“\(sheet)”第 \($0) 行" } ?? "工作表“\(sheet)”")
        } else if let line {
            place.append("第 \(line) 行")
        }
        if let column { place.append(column.hasPrefix("--") ? "选项 \(column)" : "“\(column)”列") }
        if let value {
            // A value too long to read is cut, so that one bad cell cannot flood the screen.
            let shown = value.count > 40 ? String(value.prefix(40)) + "…（共 \(value.count) 字）" : value
            place.append("值“\(shown)”")
        }
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

/// The rules every name and code a clerk types must follow: one line of visible text, not
/// too long. They keep the XLSX and CSV output well-formed.
public enum TextRules {
    /// What is wrong with a name, or nil when it is fine.
    public static func nameProblem(_ text: String, maximumLength: Int = 200) -> String? {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return "不能为空" }
        if text.count > maximumLength { return "太长（\(text.count) 字，最多 \(maximumLength) 字）" }
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
            return "含有换行或不可见的控制字符（U+\(String(bad.value, radix: 16, uppercase: true))），只能是一行文字"
        }
        return nil
    }

    /// What is wrong with a code (unit or department), or nil.
    public static func codeProblem(_ text: String) -> String? {
        if text.isEmpty || text.count > 32 { return "应为 1–32 个字符" }
        if text.contains(where: { $0.isWhitespace }) { return "不能含空格" }
        return nameProblem(text, maximumLength: 32)
    }
}
