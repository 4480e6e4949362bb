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

    public static let required: [LineItemColumn] = [.unit, .functional, .economic, .type, .source, .amount]

    /// The command-line option that gives this field (`item add`, `item set`).
    public var option: String {
        switch self {
        case .unit: "--unit"
        case .functionalName: "--functional-name"
        case .economicName: "--economic-name"
        default: "--" + rawValue
        }
    }

    /// The column's place in `allCases`.
    public var ordinal: Int { Self.allCases.firstIndex(of: self)! }

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
    /// What a streamed import found, besides the items it handed over.
    public struct Summary: Sendable {
        public var itemCount: Int
        public var total: Fen
        /// Projects named in the file that the project does not have yet, in order of first use.
        public var newProjects: [String]
        /// Names given for codes outside the catalogs.
        public var newCodeNames: [CatalogEntry]
        public var encoding: TextEncoding
    }

    /// Reads every row, handing each good item to `onItem` while no problem has been found, and
    /// throws every problem of the file at the end. The caller writes inside one transaction, so
    /// a throw undoes whatever `onItem` wrote: all or nothing, without holding the file twice.
    public static func read(
        data: Data, fileName: String, unit: Money.InputUnit, context: ImportContext,
        progress: ((Int, Int) -> Void)? = nil, onItem: (LineItem) throws -> Void
    ) throws -> Summary {
        let decoded: (text: String, encoding: TextEncoding)
        do {
            decoded = try TextDecoding.decode(data)
        } catch {
            guard case .undecodable(let offset) = error else { throw InputProblems([]) }
            throw InputProblems([InputProblem(file: fileName, message: "无法识别文件的文字编码（第 \(offset) 字节处既不是 UTF-8 也不是 GB18030）：请在 Excel 或 WPS 中另存为“CSV UTF-8”")])
        }
        var problems: [InputProblem] = []
        var headerProblems = false
        var columns: [LineItemColumn?]?
        var positions = [Int?](repeating: nil, count: LineItemColumn.allCases.count)
        var unnamedColumns: [Int] = []
        var itemCount = 0
        var total: Fen = 0
        var newProjects: [String] = []
        var knownProjects = context.projectNames
        var newNames: [CodeKind: [String: String]] = [:]
        var failure: (any Error)?
        // Each column's verdicts, remembered per distinct text.
        var units: [String: FieldRules.Verdict<String>] = [:]
        var functionalCodes: [String: FieldRules.CodeVerdict] = [:]
        var economicCodes: [String: FieldRules.CodeVerdict] = [:]
        var names: [String: FieldRules.Verdict<String>] = [:]
        var types: [String: FieldRules.Verdict<ExpenditureType>] = [:]
        var natures: [String: FieldRules.Verdict<CostNature?>] = [:]
        var sources: [String: FieldRules.Verdict<FundingSource>] = [:]
        var projects: [String: FieldRules.Verdict<String>] = [:]
        func memo<V>(_ cache: inout [String: V], _ text: String, _ make: (String) -> V) -> V {
            if let known = cache[text] { return known }
            let verdict = make(text)
            cache[text] = verdict
            return verdict
        }

        func readHeader(_ header: CSVRecord) -> [LineItemColumn?] {
            var columns: [LineItemColumn?] = []
            for name in header.fields {
                let trimmed = FieldRules.trim(name)
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
            headerProblems = !problems.isEmpty
            for (position, column) in columns.enumerated() {
                if let column { positions[column.ordinal] = position } else { unnamedColumns.append(position) }
            }
            return columns
        }

        let syntaxErrors = CSVReader.forEach(decoded.text, progress: progress) { record in
            guard let columns else {
                columns = readHeader(record)
                return
            }
            if headerProblems { return }
            // A row of empty cells (",,,,,,") is what a spreadsheet saves for a blank line.
            if record.fields.allSatisfy({ FieldRules.trim($0).isEmpty }) { return }
            if record.fields.count != columns.count {
                problems.append(InputProblem(file: fileName, line: record.line, message: "这一行有 \(record.fields.count) 个字段，表头有 \(columns.count) 列"))
                return
            }
            if let index = unnamedColumns.first(where: { !FieldRules.trim(record.fields[$0]).isEmpty }) {
                problems.append(InputProblem(file: fileName, line: record.line, column: "第 \(index + 1) 列", value: record.fields[index], message: "这一列没有列名，却有内容：请补上列名或删去内容"))
            }
            let raw = FieldRules.RawTexts(fields: record.fields, positions: positions)
            let row = FieldRules.Row(
                unit: memo(&units, raw[.unit]) { FieldRules.unit($0, context) },
                functional: memo(&functionalCodes, raw[.functional]) { FieldRules.code(.functional, $0, context) },
                economic: memo(&economicCodes, raw[.economic]) { FieldRules.code(.economic, $0, context) },
                functionalName: memo(&names, raw[.functionalName], FieldRules.name),
                economicName: memo(&names, raw[.economicName], FieldRules.name),
                type: memo(&types, raw[.type], FieldRules.type), nature: memo(&natures, raw[.nature], FieldRules.nature),
                project: memo(&projects, raw[.project], FieldRules.project), source: memo(&sources, raw[.source], FieldRules.source),
                amount: FieldRules.amount(raw[.amount], unit), note: FieldRules.note(raw[.note]), raw: raw)
            let result = FieldRules.assemble(row, file: fileName, line: record.line, newNames: &newNames)
            problems += result.problems
            guard let item = result.item else { return }
            itemCount += 1
            let (sum, overflow) = total.addingReportingOverflow(item.amount)
            total = overflow ? .max : sum
            if let project = item.project, !knownProjects.contains(project) {
                knownProjects.insert(project)
                newProjects.append(project)
            }
            // Once a problem is found nothing more is handed over: the rows are only checked.
            if problems.isEmpty && failure == nil {
                do { try onItem(item) } catch { failure = error }
            }
        }
        problems = syntaxErrors.map { InputProblem(file: fileName, line: $0.line, message: $0.message) } + problems
        if columns == nil {
            problems.append(InputProblem(file: fileName, message: "文件是空的：第一行应是列名（unit,functional,economic,type,nature,project,source,amount,note 或对应的中文列名）"))
        }
        if !problems.isEmpty { throw InputProblems(problems) }
        if let failure { throw failure }
        let entries = newNames.flatMap { kind, names in names.map { CatalogEntry(kind: kind, code: $0.key, name: $0.value) } }
            .sorted { ($0.kind.rawValue, $0.code) < ($1.kind.rawValue, $1.code) }
        return Summary(itemCount: itemCount, total: total, newProjects: newProjects, newCodeNames: entries, encoding: decoded.encoding)
    }

    /// Reads every row into memory: for small files and tests.
    public static func parse(
        data: Data, fileName: String, unit: Money.InputUnit, context: ImportContext
    ) throws(InputProblems) -> ParsedLineItems {
        var items: [LineItem] = []
        do {
            let summary = try read(data: data, fileName: fileName, unit: unit, context: context) { items.append($0) }
            return ParsedLineItems(items: items, newProjects: summary.newProjects, newCodeNames: summary.newCodeNames, encoding: summary.encoding)
        } catch let problems as InputProblems {
            throw problems
        } catch {
            throw InputProblems([InputProblem(file: fileName, message: "\(error)")])
        }
    }

    /// The header of the CSV this tool writes, in English: the importer reads it back.
    public static let exportHeader: [LineItemColumn] = [.unit, .functional, .economic, .type, .nature, .project, .source, .amount, .note]

    /// Writes line items as CSV in 元, with text cells neutralised against formula injection.
    /// With `names`, two more columns carry the names of codes that are outside the catalogs,
    /// so that the file imports into an empty project.
    public static func write(_ items: [LineItem], names: CodeBook? = nil) -> String {
        items.reduce(header(names: names)) { $0 + row($1, names: names) }
    }

    /// The header line; with `names`, the two name columns follow.
    public static func header(names: CodeBook?) -> String {
        CSVWriter.line((exportHeader + (names == nil ? [] : [.functionalName, .economicName])).map(\.rawValue))
    }

    /// One item's line, in 元.
    public static func row(_ item: LineItem, names: CodeBook?) -> String {
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
        return CSVWriter.line(fields)
    }
}

/// Validation of one row given as texts by column, as the `item add` and `item set` commands give it.
public struct RowReader {
    public var file: String?
    public var line: Int?
    public var values: [LineItemColumn: String]

    public init(file: String?, line: Int?, values: [LineItemColumn: String]) {
        self.file = file
        self.line = line
        self.values = values
    }

    /// Checks a row and builds its line item, or says everything that is wrong with it.
    public func lineItem(
        unit amountUnit: Money.InputUnit, context: ImportContext, newNames: inout [CodeKind: [String: String]]
    ) -> (item: LineItem?, problems: [InputProblem]) {
        let raw = FieldRules.RawTexts(
            fields: LineItemColumn.allCases.map { values[$0] ?? "" }, positions: Array(LineItemColumn.allCases.indices))
        let row = FieldRules.Row(
            unit: FieldRules.unit(raw[.unit], context), functional: FieldRules.code(.functional, raw[.functional], context),
            economic: FieldRules.code(.economic, raw[.economic], context), functionalName: FieldRules.name(raw[.functionalName]),
            economicName: FieldRules.name(raw[.economicName]), type: FieldRules.type(raw[.type]), nature: FieldRules.nature(raw[.nature]),
            project: FieldRules.project(raw[.project]), source: FieldRules.source(raw[.source]),
            amount: FieldRules.amount(raw[.amount], amountUnit), note: FieldRules.note(raw[.note]), raw: raw)
        return FieldRules.assemble(row, file: file, line: line, newNames: &newNames)
    }
}
