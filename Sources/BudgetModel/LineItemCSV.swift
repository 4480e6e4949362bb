import Foundation

/// The columns of the line-item CSV format, in English or Chinese.
public enum LineItemColumn: String, CaseIterable, Sendable {
    case unit, functional, economic, type, nature, project, source, amount, note
    case functionalName = "functional_name"
    case economicName = "economic_name"

    public var chineseName: String {
        switch self {
        case .unit: "单位编码"
        case .functional: "功能分类科目编码"
        case .economic: "经济分类科目编码"
        case .type: "支出类型"
        case .nature: "经费类型"
        case .project: "项目名称"
        case .source: "资金来源"
        case .amount: "金额"
        case .note: "备注"
        case .functionalName: "功能分类科目名称"
        case .economicName: "经济分类科目名称"
        }
    }

    static let required: [LineItemColumn] = [.unit, .functional, .economic, .type, .source, .amount]

    static func named(_ header: String) -> LineItemColumn? {
        let key = Vocabulary.fold(header)
        return allCases.first { key == $0.rawValue || key == Vocabulary.fold($0.chineseName) }
    }
}

/// What the importer knows about the project it imports into.
public struct ImportContext: Sendable {
    public var unitCodes: Set<String>
    public var projectNames: Set<String>
    public var codes: CodeBook

    public init(unitCodes: Set<String>, projectNames: Set<String>, codes: CodeBook) {
        self.unitCodes = unitCodes
        self.projectNames = projectNames
        self.codes = codes
    }
}

/// Line items read from a file, ready to be written in one transaction.
public struct ParsedLineItems: Sendable {
    public var items: [LineItem]
    /// Projects named in the file that the project does not have yet, in order of first use.
    public var newProjects: [String]
    /// Names given for codes outside the catalogs.
    public var newCodeNames: [CatalogEntry]
    public var encoding: TextEncoding
}

/// Reads line items from CSV text, checking every row and reporting every problem.
public enum LineItemCSV {
    public static func parse(
        data: Data, fileName: String, unit: Money.InputUnit, context: ImportContext
    ) throws(InputProblems) -> ParsedLineItems {
        let decoded: (text: String, encoding: TextEncoding)
        do {
            decoded = try TextDecoding.decode(data)
        } catch {
            guard case .undecodable(let offset) = error else { throw InputProblems([]) }
            throw InputProblems([InputProblem(file: fileName, message: "无法识别文件的文字编码（第 \(offset) 字节处既不是 UTF-8 也不是 GB18030）：请在 Excel 或 WPS 中另存为“CSV UTF-8”")])
        }
        let (records, syntaxErrors) = CSVReader.records(decoded.text)
        var problems = syntaxErrors.map { InputProblem(file: fileName, line: $0.line, message: $0.message) }
        guard let header = records.first else {
            throw InputProblems(problems + [InputProblem(file: fileName, message: "文件是空的：第一行应是列名（unit,functional,economic,type,nature,project,source,amount,note 或对应的中文列名）")])
        }
        var columns: [LineItemColumn?] = []
        for name in header.fields {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                // Excel and WPS often save empty columns after the last one; they must stay empty.
                columns.append(nil)
            } else if let column = LineItemColumn.named(trimmed) {
                if columns.contains(column) {
                    problems.append(InputProblem(file: fileName, line: header.line, column: trimmed, message: "列名重复"))
                }
                columns.append(column)
            } else {
                columns.append(nil)
                problems.append(InputProblem(
                    file: fileName, line: header.line, column: trimmed,
                    message: "不认识的列名。可用的列名：" + LineItemColumn.allCases.map { "\($0.rawValue)/\($0.chineseName)" }.joined(separator: "、")))
            }
        }
        for column in LineItemColumn.required where !columns.contains(column) {
            problems.append(InputProblem(file: fileName, line: header.line, message: "缺少“\(column.chineseName)”（\(column.rawValue)）列"))
        }
        if !problems.isEmpty && records.count <= 1 { throw InputProblems(problems) }
        guard problems.allSatisfy({ $0.line != header.line }) else { throw InputProblems(problems) }

        var items: [LineItem] = []
        var newProjects: [String] = []
        var knownProjects = context.projectNames
        var newNames: [CodeKind: [String: String]] = [:]
        for record in records.dropFirst() {
            // A row of empty cells (",,,,,,") is what a spreadsheet saves for a blank line.
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if record.fields.count != columns.count {
                problems.append(InputProblem(file: fileName, line: record.line, message: "这一行有 \(record.fields.count) 个字段，表头有 \(columns.count) 列"))
                continue
            }
            var values: [LineItemColumn: String] = [:]
            var unnamed: (Int, String)?
            for (index, (column, value)) in zip(columns, record.fields).enumerated() {
                if let column {
                    values[column] = value
                } else if unnamed == nil && !value.trimmingCharacters(in: .whitespaces).isEmpty {
                    unnamed = (index, value)
                }
            }
            if let (index, value) = unnamed {
                problems.append(InputProblem(file: fileName, line: record.line, column: "第 \(index + 1) 列", value: value, message: "这一列没有列名，却有内容：请补上列名或删去内容"))
            }
            let row = RowReader(file: fileName, line: record.line, values: values)
            let result = row.lineItem(unit: unit, context: context, newNames: &newNames)
            problems += result.problems
            if let item = result.item {
                items.append(item)
                if let project = item.project, !knownProjects.contains(project) {
                    knownProjects.insert(project)
                    newProjects.append(project)
                }
            }
        }
        if !problems.isEmpty { throw InputProblems(problems) }
        let entries = newNames.flatMap { kind, names in names.map { CatalogEntry(kind: kind, code: $0.key, name: $0.value) } }
            .sorted { ($0.kind.rawValue, $0.code) < ($1.kind.rawValue, $1.code) }
        return ParsedLineItems(items: items, newProjects: newProjects, newCodeNames: entries, encoding: decoded.encoding)
    }

    /// The header of the CSV this tool writes, in English: the importer reads it back.
    public static let exportHeader: [LineItemColumn] = [.unit, .functional, .economic, .type, .nature, .project, .source, .amount, .note]

    /// Writes line items as CSV in 元, with text cells neutralised against formula injection.
    /// With `names`, two more columns carry the names of codes that are outside the catalogs,
    /// so that the file imports into an empty project.
    public static func write(_ items: [LineItem], names: CodeBook? = nil) -> String {
        let header = exportHeader + (names == nil ? [] : [.functionalName, .economicName])
        var out = CSVWriter.line(header.map(\.rawValue))
        for item in items {
            var fields = [
                CSVWriter.field(item.unitCode), item.functional, item.economic, item.type.rawValue,
                item.nature?.rawValue ?? "", CSVWriter.field(item.project ?? ""), item.source.rawValue,
                Money.formatYuan(item.amount), CSVWriter.field(item.note),
            ]
            if let names {
                for (kind, code) in [(CodeKind.functional, item.functional), (.economic, item.economic)] {
                    let entry = names.lookup(kind, code)
                    // Names the bundled catalog does not know travel with the file.
                    fields.append(entry.map { $0.origin == .bundled ? "" : CSVWriter.field($0.name) } ?? "")
                }
            }
            out += CSVWriter.line(fields)
        }
        return out
    }

    static func unneutralise(_ text: String) -> String { CSVWriter.unneutralise(text) }
}

/// Validation of one row, shared by the CSV importer and the `item add` command.
public struct RowReader {
    public var file: String?
    public var line: Int?
    public var values: [LineItemColumn: String]

    public init(file: String?, line: Int?, values: [LineItemColumn: String]) {
        self.file = file
        self.line = line
        self.values = values
    }

    func value(_ column: LineItemColumn) -> String {
        (values[column] ?? "").trimmingCharacters(in: .whitespaces)
    }

    func problem(_ column: LineItemColumn, _ message: String) -> InputProblem {
        let raw = values[column] ?? ""
        return InputProblem(file: file, line: line, column: column.chineseName, value: raw.isEmpty ? nil : raw, message: message)
    }

    /// Checks a row and builds its line item, or says everything that is wrong with it.
    public func lineItem(
        unit amountUnit: Money.InputUnit, context: ImportContext, newNames: inout [CodeKind: [String: String]]
    ) -> (item: LineItem?, problems: [InputProblem]) {
        var problems: [InputProblem] = []
        let unitCode = LineItemCSV.unneutralise(value(.unit))
        if unitCode.isEmpty {
            problems.append(problem(.unit, "缺少单位编码"))
        } else if !context.unitCodes.contains(unitCode) {
            let known = context.unitCodes.sorted().joined(separator: "、")
            problems.append(problem(.unit, "项目文件中没有这个单位（已有：\(known.isEmpty ? "无，请先用 budget unit add 添加" : known)）"))
        }
        var codes: [CodeKind: String] = [:]
        for (kind, column, nameColumn) in [(CodeKind.functional, LineItemColumn.functional, LineItemColumn.functionalName), (.economic, .economic, .economicName)] {
            let code = value(column)
            let given = LineItemCSV.unneutralise(value(nameColumn))
            if !kind.isWellFormedLeaf(code) {
                let shape = kind == .functional ? "7 位数字，以 2 开头（功能分类的“项”，如 2010306）" : "5 位数字，以 3 开头（部门经济分类的“款”，如 30101）"
                problems.append(problem(column, code.isEmpty ? "缺少\(kind.chineseName)编码" : "编码应为 \(shape)"))
            } else if context.codes.lookup(kind, code) == nil && newNames[kind]?[code] == nil {
                if given.isEmpty {
                    problems.append(problem(column, "这个编码不在分类目录中：如确实要用，请在“\(nameColumn.chineseName)”列写上它的名称，或先用 budget catalog import 导入财政部门当年的科目表"))
                } else {
                    newNames[kind, default: [:]][code] = given
                    codes[kind] = code
                }
            } else {
                codes[kind] = code
            }
        }
        let typeText = value(.type)
        let type = Vocabulary.expenditureType(typeText)
        if type == nil {
            problems.append(problem(.type, typeText.isEmpty ? "缺少支出类型" : "不认识的支出类型。可用：\(Vocabulary.typeChoices)"))
        }
        let natureText = value(.nature)
        var nature: CostNature?
        if !natureText.isEmpty {
            nature = Vocabulary.costNature(natureText)
            if nature == nil {
                problems.append(problem(.nature, "不认识的经费类型。可用：\(Vocabulary.natureChoices)"))
            } else if let type, type != .basic {
                problems.append(problem(.nature, "只有基本支出才分人员经费和公用经费，这一行是\(type.chineseName)"))
            }
        }
        let projectName = LineItemCSV.unneutralise(value(.project))
        if type == .project && projectName.isEmpty {
            problems.append(problem(.project, "项目支出必须写明项目名称"))
        } else if let type, type != .project && !projectName.isEmpty {
            problems.append(problem(.project, "只有项目支出才填项目名称，这一行是\(type.chineseName)"))
        }
        let sourceText = value(.source)
        let source = Vocabulary.fundingSource(sourceText)
        if source == nil {
            if Vocabulary.isAmbiguousCarryover(sourceText) {
                problems.append(problem(.source, Vocabulary.carryoverHint))
            } else {
                problems.append(problem(.source, sourceText.isEmpty ? "缺少资金来源" : "不认识的资金来源。可用：\(Vocabulary.sourceChoices)"))
            }
        }
        var amount: Fen?
        do {
            amount = try Money.parse(values[.amount] ?? "", unit: amountUnit)
        } catch {
            problems.append(problem(.amount, error.reason.hasPrefix("是空的") ? "缺少金额" : "金额" + error.reason))
        }
        let note = LineItemCSV.unneutralise(values[.note] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        if let bad = note.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
            problems.append(problem(.note, "含有不可见的控制字符（U+\(String(bad.value, radix: 16, uppercase: true))）"))
        }
        for column in [LineItemColumn.project, .functionalName, .economicName, .unit] where !value(column).isEmpty {
            if let message = TextRules.nameProblem(value(column)) { problems.append(problem(column, message)) }
        }
        if note.count > 500 { problems.append(problem(.note, "备注太长（\(note.count) 字，最多 500 字）")) }
        guard problems.isEmpty, let type, let source, let amount, let functional = codes[.functional], let economic = codes[.economic] else {
            return (nil, problems)
        }
        let item = LineItem(
            unitCode: unitCode, functional: functional, economic: economic, type: type, nature: nature,
            project: type == .project ? projectName : nil, source: source, amount: amount, note: note)
        return (item, [])
    }
}
