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
    /// Each unit's name by its code, to check a name written after a unit code (“301003 某某学校”).
    public var unitNames: [String: String]
    /// New project names the clerk confirmed (`--new-project`), though close to one already there.
    public var confirmedNewProjects: Set<String>

    public init(
        unitCodes: Set<String>, projectNames: Set<String>, codes: CodeBook, unitNames: [String: String] = [:],
        confirmedNewProjects: Set<String> = []
    ) {
        self.unitNames = unitNames
        self.confirmedNewProjects = confirmedNewProjects
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
        /// Set by the import into a project: the snapshot saved before it, and the lines that were
        /// already in the project (a partial double import), by their place in the file.
        public var savedAs: String?
        public var replacedItems: Int = 0
        public var repeated: [Int] = []
        /// A warning when the file's amounts look about 10,000 times too small or too large
        /// against last year's figures or the items already there (元 and 万元 mixed up).
        public var scaleWarning: String?
    }

    /// Reads every row of the text in `source`, handing the good items over in batches while no
    /// problem has been found, and throws every problem of the file at the end. The caller writes
    /// inside one transaction, so a throw undoes whatever `onBatch` wrote: all or nothing. The file
    /// is read in pieces, so its size does not change the memory needed. The last batch carries
    /// the totals of all items, for the kept totals.
    ///
    /// With the `.detect` plan, throws ``TextStream/NotUTF8`` when the file proves not to be UTF-8
    /// (possibly after some batches): the caller undoes what it wrote and reads again with
    /// `.fallback` (``TextStream/withPlans(for:_:)``).
    public static func read(
        _ source: ByteSource, plan: TextStream.Plan, chunkSize: Int = TextStream.defaultChunkSize, fileName: String,
        unit: Money.InputUnit, context: ImportContext, batchSize: Int = 4096, progress: ((Int, Int) -> Void)? = nil,
        onBatch: (ItemBatch) throws -> Void
    ) throws -> Summary {
        var stream = TextStream(source, plan: plan, chunkSize: chunkSize)
        var parser = CSVParser()
        var reader = LineItemReader(fileName: fileName, unit: unit, context: context)
        func read(_ record: CSVRawRecord) throws {
            reader.read(record)
            if let batch = reader.takeBatch(minimum: batchSize) { try onBatch(batch) }
        }
        do {
            while try stream.next({ text in try parser.feed(text, read) }) {
                progress?(stream.consumed, source.count)
            }
            try parser.finish(read)
        } catch let error as TextDecodingError {
            throw InputProblems([error.problem(file: fileName)])
        }
        let summary = try reader.finish(syntaxErrors: parser.errors, encoding: stream.encoding)
        try onBatch(reader.takeLastBatch())
        return summary
    }

    /// Reads every row into memory: for small files and tests. `chunkSize` is how much of the
    /// file is read at a time.
    public static func parse(
        data: Data, fileName: String, unit: Money.InputUnit, context: ImportContext, chunkSize: Int = TextStream.defaultChunkSize,
        encoding: EncodingChoice? = nil
    ) throws(InputProblems) -> ParsedLineItems {
        func read(_ plan: TextStream.Plan) throws -> ParsedLineItems {
            var items: [LineItem] = []
            var names = ItemBatch.Names()
            let summary = try LineItemCSV.read(
                ByteSource(data), plan: plan, chunkSize: chunkSize, fileName: fileName, unit: unit, context: context
            ) { batch in
                names.add(batch)
                items += batch.items.map { names.lineItem($0, of: batch) }
            }
            return ParsedLineItems(items: items, newProjects: summary.newProjects, newCodeNames: summary.newCodeNames, encoding: summary.encoding)
        }
        do {
            return try TextStream.withPlans(for: encoding, read)
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
    /// With `chinese`, the columns by their Chinese names (单位编码, 功能分类科目编码 …), what a
    /// clerk opens in Excel; `import` reads both.
    public static func header(names: CodeBook?, chinese: Bool = false) -> String {
        CSVWriter.line((exportHeader + (names == nil ? [] : [.functionalName, .economicName])).map { chinese ? $0.chineseName : $0.rawValue })
    }

    /// One item's line, in 元.
    /// With `chinese`, type, nature and source by their Chinese names (基本支出, 公用经费, 一般公共预算拨款).
    public static func row(_ item: LineItem, names: CodeBook?, chinese: Bool = false) -> String {
        var fields = [
            CSVWriter.field(item.unitCode), item.functional, item.economic, chinese ? item.type.chineseName : item.type.rawValue,
            (chinese ? item.nature?.chineseName : item.nature?.rawValue) ?? "", CSVWriter.field(item.project ?? ""),
            chinese ? CSVWriter.field(item.source.chineseName) : item.source.rawValue,
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
