import Foundation

/// The rules for each field of a line item, shared by the CSV importer and the `item` commands.
/// Each turns what the clerk wrote into a value or a message; `assemble` then applies the rules
/// between fields. The importer remembers each field's verdict per distinct text, so a million
/// rows cost a million lookups, not a million validations.
public enum FieldRules {
    /// A field's verdict.
    public enum Verdict<Value: Sendable>: Sendable {
        case value(Value)
        case problem(String)
    }

    /// A code's verdict: in a catalog, not in any (a name must come with it: in the name column,
    /// or after the code in its own cell), or malformed.
    public enum CodeVerdict: Sendable {
        case known(String)
        /// A code outside the catalogs, and the name written after it in its cell (if any).
        case unknown(String, name: String?)
        case problem(String)
    }

    /// Trims spaces, tabs, no-break and ideographic spaces from both ends.
    public static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s.value == 0x3000 || s.value == 0xA0 }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// A unit code as written, trimmed and in half width (“３０１００３” is 301003): how every route
    /// (`unit add`, `unit import`, the 单位 sheet, filters) reads one before it is checked.
    public static func unitCode(_ raw: String) -> String { CodeText.halfWidth(trim(raw)) }

    /// A unit code as the clerk writes it: full-width digits read as ASCII, and “301003 某某学校”
    /// (as the draft workbook's drop-down shows a unit) read as the code, the name checked
    /// against the unit's (`context.unitNames`).
    public static func unit(_ raw: String, _ context: ImportContext) -> Verdict<String> {
        let (code, name) = CodeText.split(CSVWriter.unneutralise(trim(raw)), digitsOnly: false)
        if code.isEmpty { return .problem("缺少单位编码") }
        if let message = TextRules.nameProblem(code) { return .problem(message) }
        guard context.unitCodes.contains(code) else {
            let codes = context.unitCodes.sorted()
            let known = codes.prefix(8).joined(separator: "、") + (codes.count > 8 ? " 等 \(codes.count) 个" : "")
            return .problem("项目文件中没有这个单位（已有：\(known.isEmpty ? "无，请先用 budget unit add 添加" : known)）")
        }
        if let name, let unitName = context.unitNames[code], Vocabulary.fold(name) != Vocabulary.fold(unitName) {
            return .problem("单位名称与单位编码不符：\(code) 是“\(unitName)”。请只填单位编码，或写对名称")
        }
        return .value(code)
    }

    /// A functional or economic code as the clerk writes it, the one reading of every route:
    /// full-width digits, and the code followed by its name (``splitCode(_:_:_:)``).
    public static func code(_ kind: CodeKind, _ raw: String, _ context: ImportContext) -> CodeVerdict {
        let trimmed = trim(raw)
        if let problem = TextRules.invisibleProblem(trimmed) { return .problem("编码" + problem) }
        let (code, name, problem) = splitCode(kind, trimmed, context.codes)
        if let problem { return .problem(problem) }
        guard kind.isWellFormedLeaf(code) else {
            let shape = kind == .functional ? "7 位数字，以 2 开头（功能分类的“项”，如 2010306）" : "5 位数字，以 3 开头（部门经济分类的“款”，如 30101）"
            return .problem(code.isEmpty ? "缺少\(kind.chineseName)编码" : "编码应为 \(shape)")
        }
        return context.codes.lookup(kind, code) == nil ? .unknown(code, name: name) : .known(code)
    }

    /// Splits a cell written as a draft workbook's drop-down list shows a code, “2010306 政务公开审批”
    /// (or “２０１０３０６　政务公开审批”, “30101基本工资”), into the code (in ASCII digits) and the
    /// name after it, and checks the name: for a code in a catalog it must be one of the names
    /// the project knows for that code; for a code outside them it is the name to record, as
    /// the name column of the CSV gives it. A text that is not digits followed by a name is
    /// returned whole (in half width), for ``code(_:_:_:)`` to judge.
    /// - Returns: the code; the name after it (nil when the cell holds the code alone, or when the
    ///   code is in a catalog); or what is wrong with the name.
    public static func splitCode(_ kind: CodeKind, _ raw: String, _ codes: CodeBook) -> (code: String, name: String?, problem: String?) {
        let (code, split) = CodeText.split(trim(raw), digitsOnly: true)
        guard let name = split, !code.isEmpty else { return (code, nil, nil) }
        let known = [codes.bureau[kind]?[code], codes.bundled.name(kind, code), codes.user[kind]?[code]].compactMap { $0 }
        if let first = known.first {
            if known.contains(where: { Vocabulary.fold($0) == Vocabulary.fold(name) }) { return (code, nil, nil) }
            var message = "名称与编码不符：\(code) 是“\(first)”"
            if let other = codeNamed(kind, name, codes, near: code), other != code { message += "，而“\(name)”是 \(other) 的名称" }
            return (code, nil, message + "。请从下拉列表中选择，或只填编码")
        }
        if let problem = TextRules.nameProblem(name) { return (code, nil, "编码后的名称" + problem) }
        if kind.isWellFormedLeaf(code), let other = codeNamed(kind, name, codes, near: code) {
            return (code, nil, "编码 \(code) 不在分类目录中，而“\(name)”是 \(other) 的名称：编码是否写错了？")
        }
        return (code, name, nil)
    }

    /// The code of this classification (a leaf) whose name is `name`, if any; of several (行政运行
    /// is the name of one 项 in most 款), the one sharing the longest start with `near`.
    static func codeNamed(_ kind: CodeKind, _ name: String, _ codes: CodeBook, near: String = "") -> String? {
        let folded = Vocabulary.fold(name)
        let names = (kind == .functional ? codes.bundled.functional : codes.bundled.economic)
            .merging(codes.user[kind] ?? [:]) { bundled, _ in bundled }
            .merging(codes.bureau[kind] ?? [:]) { _, bureau in bureau }
        let found = names.filter { kind.isWellFormedLeaf($0.key) && Vocabulary.fold($0.value) == folded }.keys
        func shared(_ code: String) -> Int { zip(code, near).prefix { $0 == $1 }.count }
        return found.min { (-shared($0), $0) < (-shared($1), $1) }
    }

    static func unknownCodeMessage(_ nameColumn: LineItemColumn) -> String {
        "这个编码不在分类目录中：如确实要用，请在“\(nameColumn.chineseName)”列写上它的名称，或先用 budget catalog import 导入财政部门当年的科目表"
    }

    /// A name given for a code outside the catalogs; empty when none was given.
    public static func name(_ raw: String) -> Verdict<String> {
        let name = CSVWriter.unneutralise(trim(raw))
        if name.isEmpty { return .value("") }
        if let message = TextRules.nameProblem(name) { return .problem(message) }
        return .value(name)
    }

    public static func type(_ raw: String) -> Verdict<ExpenditureType> {
        let text = trim(raw)
        if let type = Vocabulary.expenditureType(text) { return .value(type) }
        return .problem(text.isEmpty ? "缺少支出类型" : "不认识的支出类型。可用：\(Vocabulary.typeChoices)")
    }

    /// nil when the field is empty.
    public static func nature(_ raw: String) -> Verdict<CostNature?> {
        let text = trim(raw)
        if text.isEmpty { return .value(nil) }
        if let nature = Vocabulary.costNature(text) { return .value(nature) }
        return .problem("不认识的经费类型。可用：\(Vocabulary.natureChoices)")
    }

    public static func source(_ raw: String) -> Verdict<FundingSource> {
        let text = trim(raw)
        if let source = Vocabulary.fundingSource(text) { return .value(source) }
        if Vocabulary.isAmbiguousCarryover(text) { return .problem(Vocabulary.carryoverHint) }
        if Vocabulary.isAmbiguousAppropriation(text) { return .problem(Vocabulary.appropriationHint) }
        return .problem(text.isEmpty ? "缺少资金来源" : "不认识的资金来源。可用：\(Vocabulary.sourceChoices)")
    }

    /// A project name; empty when none was given.
    public static func project(_ raw: String) -> Verdict<String> { name(raw) }

    public static func amount(_ raw: String, _ unit: Money.InputUnit) -> Verdict<Fen> {
        do {
            return .value(try Money.parse(raw, unit: unit))
        } catch {
            return .problem(error.reason.hasPrefix("是空的") ? "缺少金额" : "金额" + error.reason)
        }
    }

    public static func note(_ raw: String) -> Verdict<String> {
        if raw.isEmpty { return .value("") }
        var note = CSVWriter.unneutralise(raw)
        if note.unicodeScalars.contains("\r") { note = note.replacingOccurrences(of: "\r\n", with: "\n") }
        if let bad = note.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
            return .problem("含有不可见的控制字符（U+\(String(bad.value, radix: 16, uppercase: true))）")
        }
        if let problem = TextRules.invisibleProblem(note) { return .problem(problem) }
        // Characters counted once, and only when the bytes could make more than 500.
        if note.utf8.count > 500, case let length = note.count, length > 500 { return .problem("备注太长（\(length) 字，最多 500 字）") }
        return .value(note)
    }

    /// The verdicts of one row's fields, with the raw text for messages.
    public struct Row {
        public var unit: Verdict<String>
        public var functional: CodeVerdict
        public var economic: CodeVerdict
        public var functionalName: Verdict<String>
        public var economicName: Verdict<String>
        public var type: Verdict<ExpenditureType>
        public var nature: Verdict<CostNature?>
        public var project: Verdict<String>
        public var source: Verdict<FundingSource>
        public var amount: Verdict<Fen>
        public var note: Verdict<String>
        /// The texts as written, for the problem report.
        public var raw: RawTexts
    }

    /// The texts of one row by column, without copying them.
    public struct RawTexts {
        public var fields: [String]
        /// For each column (in `LineItemColumn.allCases` order), its position in `fields`.
        public var positions: [Int?]

        public init(fields: [String], positions: [Int?]) {
            self.fields = fields
            self.positions = positions
        }

        public subscript(_ column: LineItemColumn) -> String {
            positions[column.ordinal].map { fields[$0] } ?? ""
        }
    }

    /// Applies the rules between fields and builds the item, or lists every problem of the row.
    public static func assemble(
        _ row: Row, file: String?, line: Int?, newNames: inout [CodeKind: [String: String]]
    ) -> (item: LineItem?, problems: [InputProblem]) {
        var problems: [InputProblem] = []
        func problem(_ column: LineItemColumn, _ message: String) {
            let raw = row.raw[column]
            problems.append(InputProblem(file: file, line: line, column: column.chineseName, value: raw.isEmpty ? nil : raw, message: message))
        }
        func value<T>(_ verdict: Verdict<T>, _ column: LineItemColumn) -> T? {
            switch verdict {
            case .value(let value): return value
            case .problem(let message):
                problem(column, message)
                return nil
            }
        }
        let unit = value(row.unit, .unit)
        var codes: [CodeKind: String] = [:]
        for (kind, verdict, column, nameVerdict, nameColumn) in [
            (CodeKind.functional, row.functional, LineItemColumn.functional, row.functionalName, LineItemColumn.functionalName),
            (.economic, row.economic, .economic, row.economicName, .economicName),
        ] {
            let given = value(nameVerdict, nameColumn)
            switch verdict {
            case .known(let code):
                codes[kind] = code
            case .unknown(let code, let written):
                if let written, let given, !given.isEmpty, Vocabulary.fold(given) != Vocabulary.fold(written) {
                    problem(nameColumn, "与“\(column.chineseName)”列中编码后写的名称“\(written)”不同")
                } else if let written, newNames[kind]?[code] == nil {
                    newNames[kind, default: [:]][code] = written
                    codes[kind] = code
                } else if newNames[kind]?[code] != nil {
                    codes[kind] = code
                } else if let given, !given.isEmpty {
                    newNames[kind, default: [:]][code] = given
                    codes[kind] = code
                } else if given != nil {
                    problem(column, unknownCodeMessage(nameColumn))
                }
            case .problem(let message):
                problem(column, message)
            }
        }
        let type = value(row.type, .type)
        let nature = value(row.nature, .nature) ?? nil
        if nature != nil, let type, type != .basic {
            problem(.nature, "只有基本支出才分人员经费和公用经费，这一行是\(type.chineseName)")
        }
        let project = value(row.project, .project)
        if type == .project && project == "" {
            problem(.project, "项目支出必须写明项目名称")
        } else if let type, type != .project, let project, !project.isEmpty {
            problem(.project, "只有项目支出才填项目名称，这一行是\(type.chineseName)")
        }
        let source = value(row.source, .source)
        let amount = value(row.amount, .amount)
        let note = value(row.note, .note)
        guard problems.isEmpty, let unit, let type, let source, let amount, let note, let functional = codes[.functional],
            let economic = codes[.economic]
        else {
            return (nil, problems)
        }
        let item = LineItem(
            unitCode: unit, functional: functional, economic: economic, type: type, nature: nature,
            project: type == .project ? project : nil, source: source, amount: amount, note: note)
        return (item, [])
    }
}
