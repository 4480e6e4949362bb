import BudgetModel
import Foundation

/// The statement (情况说明) of a template, as data: its title, its sections in order, each
/// paragraph as text with named figures (`{收入合计}`, `{基本支出增减}` …) and conditions, the
/// words a version replaces (`{本地}`, `{部门}`, `{本部门}`), the amounts it names by filter,
/// and the document's sheets (机构设置, 政府采购, 固定资产) with their titles, columns and rows.
///
/// A template without a statement gets the built-in Hebei one. Every figure name and condition
/// is checked when the template is loaded, so a misspelt name is a template error, not a blank.
public struct StatementSpec: Codable, Sendable {
    public var title: String
    /// Words the paragraphs use by name, e.g. "本地": "我省", "部门": "单位".
    public var words: [String: String]?
    /// Amounts named by a filter on the line items, e.g. 事业收入 as sources business and special.
    public var sums: [NamedSum]?
    /// How a zero amount is written (default "0").
    public var zeroAmount: String?
    public var sections: [StatementSection]
    /// The lines of 一般公共预算 spending by 项 (财政拨款支出主要内容), for `"each": "lines"`.
    public var lines: LinesSpec?
    /// The 名词解释 a project has until the clerk enters its own (`budget glossary`); they may
    /// use the words and figures of the statement.
    public var glossary: [GlossaryEntry]?
    public var documentTables: DocumentTablesSpec?
    /// What each version of the template (`variants`, e.g. "unit") changes in the statement.
    public var variants: [String: StatementVariant]?
}

/// An amount the statement names, summed from the line items a filter selects.
public struct NamedSum: Codable, Sendable {
    public var name: String
    public var filter: FilterSpec
}

/// Which spending the 主要内容 lists, and whether a change against last year needs a reason.
public struct LinesSpec: Codable, Sendable {
    /// The funding sources counted (default 一般公共预算 and its carry-over).
    public var sources: [FundingSource]?
    /// A change against last year's figure of this many percent or more needs a reason
    /// (`check` error while it is missing); nil: no reason asked for.
    public var reasonThreshold: Int?
}

/// A section: its heading (empty for an untitled opening) and its blocks.
public struct StatementSection: Codable, Sendable {
    public var heading: String
    public var blocks: [StatementBlock]
}

/// Names in a condition: one name, or a list (every one must hold).
public struct FigureNames: Codable, Sendable, Equatable {
    public var names: [String]

    public init(_ names: [String]) { self.names = names }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            names = [one]
        } else {
            names = try container.decode([String].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if names.count == 1 { try container.encode(names[0]) } else { try container.encode(names) }
    }
}

/// When a block or a fragment is shown. Every listed name must hold; nothing listed holds always.
/// - `when`: the figure has a value that is not zero (an amount other than 0, a text not empty);
/// - `whenZero`: the figure has a value and it is zero (a change: 持平);
/// - `whenKnown`: the figure has a value (last year's figure was entered);
/// - `whenMissing`: the figure has no value;
/// - `unless`: the figure has no value other than zero.
public struct StatementCondition: Codable, Sendable, Equatable {
    public var when: FigureNames?
    public var whenZero: FigureNames?
    public var whenKnown: FigureNames?
    public var whenMissing: FigureNames?
    public var unless: FigureNames?

    public var names: [String] { [when, whenZero, whenKnown, whenMissing, unless].compactMap { $0?.names }.flatMap { $0 } }
    public var isEmpty: Bool { names.isEmpty }
}

/// A piece of a paragraph: text with `{figures}`, or parts one after another, or items joined
/// (omitted with all its `before` and `after` when no item is shown); shown only when its
/// conditions hold, else its `otherwise` text (if any). Written as a string, a list of pieces, or
/// an object.
public struct Fragment: Codable, Sendable {
    public var text: String?
    public var parts: [Fragment]?
    public var items: [Fragment]?
    public var before: String?
    public var separator: String?
    public var after: String?
    public var condition = StatementCondition()
    public var otherwise: String?

    enum CodingKeys: String, CodingKey {
        case text, parts, items, before, separator, after, when, whenZero, whenKnown, whenMissing, unless, otherwise
    }

    public init(text: String) { self.text = text }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.text = text
            return
        }
        if let parts = try? decoder.singleValueContainer().decode([Fragment].self) {
            self.parts = parts
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        parts = try container.decodeIfPresent([Fragment].self, forKey: .parts)
        items = try container.decodeIfPresent([Fragment].self, forKey: .items)
        before = try container.decodeIfPresent(String.self, forKey: .before)
        separator = try container.decodeIfPresent(String.self, forKey: .separator)
        after = try container.decodeIfPresent(String.self, forKey: .after)
        otherwise = try container.decodeIfPresent(String.self, forKey: .otherwise)
        condition = try StatementCondition(from: decoder)
        if [text != nil, parts != nil, items != nil].filter({ $0 }).count != 1 {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "一段文字应有且只有 text、parts、items 之一"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let plain = condition.isEmpty && otherwise == nil && items == nil
        if plain, let text, parts == nil {
            var container = encoder.singleValueContainer()
            try container.encode(text)
            return
        }
        if plain, let parts, text == nil {
            var container = encoder.singleValueContainer()
            try container.encode(parts)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(text, forKey: .text)
        try container.encodeIfPresent(parts, forKey: .parts)
        try container.encodeIfPresent(items, forKey: .items)
        try container.encodeIfPresent(before, forKey: .before)
        try container.encodeIfPresent(separator, forKey: .separator)
        try container.encodeIfPresent(after, forKey: .after)
        try container.encodeIfPresent(otherwise, forKey: .otherwise)
        try condition.encode(to: encoder)
    }
}

/// A block of a section: a paragraph, a subheading, a text the clerk entered, a table of the
/// document, or blocks repeated for each item of a list. Shown only when its conditions hold;
/// `otherwise` stands in its place (as a paragraph) when they do not, when the text is empty or
/// when the list has no item.
public struct StatementBlock: Codable, Sendable {
    public var paragraph: Fragment?
    public var subheading: Fragment?
    /// A text of the project (`budget text set`): one paragraph per stored paragraph.
    public var text: TextSection?
    /// A document table shown in place: 机构, 采购, 资产, or "performance" (each project's
    /// 绩效目标表 under its title).
    public var table: String?
    /// A list whose items repeat `blocks`: see ``StatementLists``.
    public var each: String?
    public var blocks: [StatementBlock]?
    public var condition = StatementCondition()
    public var otherwise: Fragment?
    /// Whether the text (or the list) must not be empty: `check` says so while it is.
    public var required: Bool?

    enum CodingKeys: String, CodingKey {
        case paragraph, subheading, text, table, each, blocks, when, whenZero, whenKnown, whenMissing, unless, otherwise, required
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        paragraph = try container.decodeIfPresent(Fragment.self, forKey: .paragraph)
        subheading = try container.decodeIfPresent(Fragment.self, forKey: .subheading)
        if let name = try container.decodeIfPresent(String.self, forKey: .text) {
            guard let section = TextSection(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .text, in: container,
                    debugDescription: "text 应为 \(TextSection.allCases.map(\.rawValue).joined(separator: "、")) 之一，不是 \(name)")
            }
            text = section
        }
        table = try container.decodeIfPresent(String.self, forKey: .table)
        each = try container.decodeIfPresent(String.self, forKey: .each)
        blocks = try container.decodeIfPresent([StatementBlock].self, forKey: .blocks)
        otherwise = try container.decodeIfPresent(Fragment.self, forKey: .otherwise)
        required = try container.decodeIfPresent(Bool.self, forKey: .required)
        condition = try StatementCondition(from: decoder)
        let kinds = [paragraph != nil, subheading != nil, text != nil, table != nil, each != nil].filter { $0 }.count
        if kinds != 1 {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "每一块应有且只有 paragraph、subheading、text、table、each 之一"))
        }
        if (each != nil) != (blocks != nil) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "each 与 blocks 应一起给出"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(paragraph, forKey: .paragraph)
        try container.encodeIfPresent(subheading, forKey: .subheading)
        try container.encodeIfPresent(text?.rawValue, forKey: .text)
        try container.encodeIfPresent(table, forKey: .table)
        try container.encodeIfPresent(each, forKey: .each)
        try container.encodeIfPresent(blocks, forKey: .blocks)
        try container.encodeIfPresent(otherwise, forKey: .otherwise)
        try container.encodeIfPresent(required, forKey: .required)
        try condition.encode(to: encoder)
    }
}

/// The sheets of the document that follow the nine tables, as a template names them. A key left
/// out keeps the built-in Hebei value; `lines` left out are the template's department line (and,
/// for 政府采购, its unit line).
public struct DocumentTablesSpec: Codable, Sendable {
    public var organisation: DocumentTableSpec?
    public var procurement: DocumentTableSpec?
    public var assets: DocumentTableSpec?

    /// Each table's keys, over the defaults.
    func over(_ defaults: DocumentTablesSpec) -> DocumentTablesSpec {
        DocumentTablesSpec(
            organisation: DocumentTableSpec.merge(organisation, over: defaults.organisation),
            procurement: DocumentTableSpec.merge(procurement, over: defaults.procurement),
            assets: DocumentTableSpec.merge(assets, over: defaults.assets))
    }
}

/// One sheet of the document: its title, sheet name, column titles, lines under the title,
/// notes and row labels. Titles, lines and notes take `{year}`, `{name}`, `{code}` and `{unit}`.
public struct DocumentTableSpec: Codable, Sendable {
    public var title: String?
    public var sheetName: String?
    /// The column titles (机构设置: 4; 固定资产: 3).
    public var columns: [String]?
    public var lines: [String]?
    /// The note under an empty table.
    public var emptyNote: String?
    /// The note under a table with rows (政府采购).
    public var note: String?
    /// Row labels by key (固定资产: total, buildings, offices, vehicles, equipment, other).
    public var rows: [String: String]?

    static func merge(_ spec: DocumentTableSpec?, over defaults: DocumentTableSpec?) -> DocumentTableSpec? {
        guard var out = defaults else { return spec }
        guard let spec else { return out }
        out.title = spec.title ?? out.title
        out.sheetName = spec.sheetName ?? out.sheetName
        out.columns = spec.columns ?? out.columns
        out.lines = spec.lines ?? out.lines
        out.emptyNote = spec.emptyNote ?? out.emptyNote
        out.note = spec.note ?? out.note
        if let rows = spec.rows { out.rows = (out.rows ?? [:]).merging(rows) { $1 } }
        return out
    }
}

// MARK: - The projects' 绩效目标

extension StatementSpec {
    /// How a block speaks of projects without 绩效目标: shown for them (a condition on
    /// `{未填绩效项目}`), or its `otherwise` shown for a project of `projects` without one (a
    /// condition on the project's `{绩效目标}`).
    enum PerformanceGap { case none, shown, otherwise }

    static func performanceGap(_ block: StatementBlock, list: String?) -> PerformanceGap {
        let names = block.condition.names
        if names.contains("未填绩效项目") { return .shown }
        if list == "projects" && names.contains("绩效目标") { return .otherwise }
        return .none
    }

    /// Whether the statement publishes the projects' 绩效目标: it shows their 绩效目标表
    /// (`"table": "performance"`) or speaks of the projects without one. Then a project without
    /// 绩效目标 is an error of `check` that blocks export; otherwise a warning.
    public var publishesPerformanceTargets: Bool {
        func publishes(_ blocks: [StatementBlock], list: String?) -> Bool {
            blocks.contains { block in
                block.table == "performance" || Self.performanceGap(block, list: list) != .none
                    || publishes(block.blocks ?? [], list: block.each ?? list)
            }
        }
        return publishes(sections.flatMap(\.blocks), list: nil)
    }
}

/// What a version of a template changes in the statement: its title, some words (merged over
/// the template's), whole sections, document sheets (key by key) and the standard glossary.
public struct StatementVariant: Codable, Sendable {
    public var title: String?
    public var words: [String: String]?
    public var sections: [StatementSection]?
    public var documentTables: DocumentTablesSpec?
    public var glossary: [GlossaryEntry]?

    func apply(to spec: StatementSpec) -> StatementSpec {
        var out = spec
        if let title { out.title = title }
        if let words { out.words = (out.words ?? [:]).merging(words) { $1 } }
        if let sections { out.sections = sections }
        if let documentTables { out.documentTables = documentTables.over(out.documentTables ?? DocumentTablesSpec()) }
        if let glossary { out.glossary = glossary }
        return out
    }
}

// MARK: - Checked when the template is loaded

extension Template {
    /// Every figure a text names, every condition and list, the document sheets' names and
    /// columns: a mistake is named by its place in the file.
    func validateStatement(file: String) throws {
        guard let spec = statement else { return }
        if let bad = (spec.variants ?? [:]).keys.sorted().first(where: { variants?[$0] == nil }) {
            throw TemplateError(file: file, message: "statement.variants：模板没有版本“\(bad)”（版本在最外层的 variants 中定义）")
        }
        func fail(_ place: String, _ message: String) -> TemplateError { TemplateError(file: file, message: "statement\(place)：\(message)") }
        let sums = (spec.sums ?? []).map(\.name)
        if let twice = sums.first(where: { name in sums.filter { $0 == name }.count > 1 || StatementFigureNames.global.contains(name) }) {
            throw fail(".sums", "名称“\(twice)”重复，或与内置的数字同名")
        }
        let base = StatementFigureNames.global.union((spec.words ?? [:]).keys).union(sums)

        func names(in text: String, _ known: Set<String>, _ place: String) throws {
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{") {
                guard let close = rest[open...].firstIndex(of: "}") else { throw fail(place, "“{”没有对应的“}”：\(text.prefix(40))") }
                let name = String(rest[rest.index(after: open)..<close])
                if !known.contains(name) {
                    throw fail(place, "没有名为“\(name)”的数字或词（可用的名称见 docs/template-schema.md 的 statement 一节）")
                }
                rest = rest[rest.index(after: close)...]
            }
        }
        func checkCondition(_ condition: StatementCondition, _ known: Set<String>, _ place: String) throws {
            if let bad = condition.names.first(where: { !known.contains($0) }) { throw fail(place, "条件中的“\(bad)”不是数字或词的名称") }
        }
        func checkFragment(_ fragment: Fragment, _ known: Set<String>, _ place: String) throws {
            try checkCondition(fragment.condition, known, place)
            for text in [fragment.text, fragment.before, fragment.separator, fragment.after, fragment.otherwise].compactMap({ $0 }) {
                try names(in: text, known, place)
            }
            for (index, part) in (fragment.parts ?? []).enumerated() { try checkFragment(part, known, place + ".parts[\(index)]") }
            for (index, item) in (fragment.items ?? []).enumerated() { try checkFragment(item, known, place + ".items[\(index)]") }
        }
        func checkBlocks(_ blocks: [StatementBlock], _ known: Set<String>, _ place: String) throws {
            for (index, block) in blocks.enumerated() {
                let here = "\(place).blocks[\(index)]"
                try checkCondition(block.condition, known, here)
                if let paragraph = block.paragraph { try checkFragment(paragraph, known, here + ".paragraph") }
                if let subheading = block.subheading { try checkFragment(subheading, known, here + ".subheading") }
                if let otherwise = block.otherwise { try checkFragment(otherwise, known, here + ".otherwise") }
                if let table = block.table, !StatementFigureNames.tables.contains(table) {
                    throw fail(here + ".table", "没有文档表“\(table)”；可用：\(StatementFigureNames.tables.sorted().joined(separator: "、"))")
                }
                if let list = block.each {
                    guard let itemNames = StatementFigureNames.lists[list] else {
                        throw fail(here + ".each", "没有列表“\(list)”；可用：\(StatementFigureNames.lists.keys.sorted().joined(separator: "、"))")
                    }
                    try checkBlocks(block.blocks ?? [], known.union(itemNames), here)
                }
            }
        }
        try names(in: spec.title, base, ".title")
        for (index, section) in spec.sections.enumerated() {
            try names(in: section.heading, base, ".sections[\(index)].heading")
            try checkBlocks(section.blocks, base, ".sections[\(index)]")
        }
        for (index, entry) in (spec.glossary ?? []).enumerated() {
            try names(in: entry.term + entry.text, base, ".glossary[\(index)]")
        }
        if let threshold = spec.lines?.reasonThreshold, !(1...1000).contains(threshold) {
            throw fail(".lines.reasonThreshold", "应为 1 到 1000 之间的整数（百分比），不是 \(threshold)")
        }
        try validateDocumentTables(statementSpec.documentTables ?? DocumentTablesSpec(), fail: fail)
    }

    private func validateDocumentTables(_ spec: DocumentTablesSpec, fail: (String, String) -> TemplateError) throws {
        let taken = tables.map(\.sheetName) + [DocumentTables.performanceSheetName, "情况说明"]
        var names: [String] = []
        let parts: [(String, DocumentTableSpec?, Int, Set<String>)] = [
            ("organisation", spec.organisation, 4, []), ("procurement", spec.procurement, 0, []),
            ("assets", spec.assets, 3, Set(DocumentTables.assetRowKeys)),
        ]
        for (key, table, columns, rows) in parts {
            guard let table else { continue }
            let place = ".documentTables.\(key)"
            if let sheet = table.sheetName {
                if let problem = SheetName.problem(sheet) { throw fail(place + ".sheetName", "“\(sheet)”：\(problem)") }
                if let clash = (taken + names).first(where: { SheetName.same($0, sheet) }) {
                    throw fail(place + ".sheetName", "“\(sheet)”与工作表“\(clash)”同名")
                }
                names.append(sheet)
            }
            if let given = table.columns, columns > 0, given.count != columns {
                throw fail(place + ".columns", "应有 \(columns) 个列名，这里有 \(given.count) 个")
            }
            if let bad = table.rows?.keys.sorted().first(where: { !rows.contains($0) }) {
                throw fail(place + ".rows", "没有行“\(bad)”\(rows.isEmpty ? "" : "；可用：\(rows.sorted().joined(separator: "、"))")")
            }
        }
    }
}

extension StatementSpec {
    /// Every figure name the statement's texts and conditions use, lists' own names included.
    public var namesUsed: Set<String> {
        var names: Set<String> = []
        func scan(_ text: String?) {
            guard let text else { return }
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                names.insert(String(rest[rest.index(after: open)..<close]))
                rest = rest[rest.index(after: close)...]
            }
        }
        func fragment(_ piece: Fragment) {
            names.formUnion(piece.condition.names)
            [piece.text, piece.before, piece.separator, piece.after, piece.otherwise].forEach(scan)
            (piece.parts ?? []).forEach(fragment)
            (piece.items ?? []).forEach(fragment)
        }
        func block(_ spec: StatementBlock) {
            names.formUnion(spec.condition.names)
            [spec.paragraph, spec.subheading, spec.otherwise].compactMap { $0 }.forEach(fragment)
            (spec.blocks ?? []).forEach(block)
        }
        scan(title)
        for section in sections {
            scan(section.heading)
            section.blocks.forEach(block)
        }
        return names
    }

    /// The figures of last year the statement compares with (its `{N上年}`, `{N增减}` or
    /// `{N增减方向}`); “三公”经费 stands for its four items.
    public var comparedItems: Set<PriorItem> {
        let used = namesUsed
        var items: Set<PriorItem> = []
        for (item, name) in StatementFigureNames.priorItems where ["上年", "增减", "增减方向"].contains(where: { used.contains(name + $0) }) {
            items.insert(item)
            if item == .threePublic { items.formUnion(PriorItem.threePublicItems) }
        }
        return items
    }
}
