/// A located problem with something the user typed or imported: which file, which line,
/// which column, what value, and what is wrong with it, in words a clerk understands.
public struct InputProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: String?
    public var value: String?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: String? = nil, value: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }

    public var description: String {
        var place: [String] = []
        if let file { place.append(file) }
        if let line { place.append("第 \(line) 行") }
        if let column { place.append("“\(column)”列") }
        if let value { place.append("值“\(value)”") }
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
