import BudgetModel
import Foundation

/// A disclosure template: which tables a region publishes, their titles, headers, rows and
/// columns, and the identities between them. Templates are JSON files in `Resources/templates`;
/// the computation reads them and never names a table itself.
public struct Template: Codable, Sendable {
    public var name: String
    public var description: String
    /// "wan" for 万元 with two decimals, "yuan" for 元 with two decimals, "yuan-whole" for whole 元.
    public var amountUnit: String
    /// "blank" (the default) leaves a zero amount empty; "zero" shows it as 0 or 0.00 (as the
    /// table's other amounts); "0" and "0.00" show that whatever the decimals. A table's own
    /// `zeroDisplay` wins.
    public var zeroDisplay: String?
    /// Whether the tables' amounts show thousands separators (1,234.56); default no.
    public var thousandsSeparator: Bool?
    /// Whether the statement's figures show thousands separators; default no, whatever the
    /// tables do (a separator is the tables' number format).
    public var textThousandsSeparator: Bool?
    /// Whether the tables show their 序号 column (default yes). Hidden, it is still column 0 for
    /// `sumCols` and `identities`.
    public var indexColumn: Bool?
    /// Whether the tables show the 栏次 row under the header (default yes; never without 序号).
    public var numberRow: Bool?
    /// "half-up" (the default: half a unit and more rounds away from zero) or "truncate" (the
    /// figure is cut to the unit shown, as some published statements do). Totals are always
    /// rounded from their exact sums, never added up from rounded parts.
    public var rounding: String?
    /// The rounding of the statement's text when it differs from the tables' (a document may
    /// round its tables half up and cut the figures of its text). Same values as `rounding`.
    public var textRounding: String?
    /// The unit of the statement's text (情况说明) when it differs from the tables': Shanghai
    /// prints its tables in 元 and its text in 万元. Same values as `amountUnit`.
    public var textUnit: String?
    /// Which units' 公用经费 make up 机关运行经费 when the template publishes it: "all", or
    /// "administrative" for 行政 and 参公 units only. Overrides the project's setting.
    public var operationCostScope: String?
    /// Metadata lines under each title; `{code}`, `{name}`, `{year}` and `{unit}` (the table's
    /// unit, 万元 or 元) are filled in.
    public var departmentLine: String
    public var yearLine: String
    public var unitLine: String
    public var tables: [TableSpec]
    public var identities: [IdentitySpec]
    /// Other versions of the same layout by name (e.g. "unit" for 单位预算 beside 部门预算):
    /// each replaces some lines, titles and whole tables of this one.
    public var variants: [String: TemplateVariant]?
    /// The statement (情况说明) and the document's sheets; nil: the built-in Hebei statement.
    public var statement: StatementSpec?
    /// What a table too wide for A4 at 80 % prints on: "a3" (the default: A3, else A3 several
    /// pages wide) or "pages" (A4 several pages wide at full size, the first column repeated).
    public var wideTables: String?
    /// The words of the published document around the tables and the statement (cover, 目录);
    /// nil: the seed's.
    public var publication: PublicationSpec?

    /// The statement this template writes: its own, else the built-in Hebei one; its document
    /// sheets' keys over the Hebei ones.
    public var statementSpec: StatementSpec {
        guard var spec = statement else { return Self.defaultStatement }
        spec.documentTables = (spec.documentTables ?? DocumentTablesSpec()).over(Self.defaultStatement.documentTables ?? DocumentTablesSpec())
        return spec
    }

    /// The built-in Hebei statement, for templates without one (files made before templates had
    /// statements).
    static let defaultStatement: StatementSpec = {
        guard let text = builtInNames["hebei"], let template = try? JSONDecoder().decode(Template.self, from: Data(text.utf8)),
            let statement = template.statement
        else { preconditionFailure("the built-in hebei template has no statement") }
        return statement
    }()

    /// The built-in templates, built into the executable (`EmbeddedTemplates`, made by
    /// `Scripts/embed-resources` from `Resources/templates`).
    public static let builtInNames = ["hebei": EmbeddedTemplates.hebei, "shanghai": EmbeddedTemplates.shanghai]

    /// This template as one of its variants; nil or "department" (when the template has no such
    /// variant) is the template itself.
    public func variant(_ name: String?) throws -> Template {
        guard let name else { return self }
        if name == (defaultVariant ?? "department") {
            var out = self
            out.variantName = name
            return out
        }
        guard let variant = variants?[name] else {
            let known = [defaultVariant ?? "department"] + (variants?.keys.sorted() ?? [])
            throw TemplateError(file: self.name, message: "没有版本“\(name)”；这个模板的版本有：\(known.joined(separator: "、"))")
        }
        var out = self
        out.variants = nil
        out.variantName = name
        if let description = variant.description { out.description = description }
        if let line = variant.departmentLine { out.departmentLine = line }
        if let line = variant.yearLine { out.yearLine = line }
        if let line = variant.unitLine { out.unitLine = line }
        for (id, title) in variant.titles ?? [:] {
            guard let index = out.tables.firstIndex(where: { $0.id == id }) else {
                throw TemplateError(file: self.name, message: "variants.\(name).titles：没有表 \(id)")
            }
            out.tables[index].title = title
        }
        for (id, note) in variant.notes ?? [:] {
            guard let index = out.tables.firstIndex(where: { $0.id == id }) else {
                throw TemplateError(file: self.name, message: "variants.\(name).notes：没有表 \(id)")
            }
            out.tables[index].emptyNote = note
        }
        for table in variant.tables ?? [] {
            guard let index = out.tables.firstIndex(where: { $0.id == table.id }) else {
                throw TemplateError(file: self.name, message: "variants.\(name).tables：没有表 \(table.id) 可替换")
            }
            out.tables[index] = table
        }
        if var statement = out.statement, let change = statement.variants?[name] {
            statement = change.apply(to: statement)
            statement.variants = nil
            out.statement = statement
        }
        do {
            try out.validate(file: self.name)
        } catch let error as TemplateError {
            throw TemplateError(file: self.name, message: "variants.\(name)（替换后的模板）：\(error.message)")
        }
        return out
    }

    /// The name of the version the template itself is ("department" unless it says otherwise).
    public var defaultVariant: String?
    /// Set on a template made by ``variant(_:)``.
    public var variantName: String?

    /// Every variant's name, the template's own first.
    public var variantNames: [String] { [defaultVariant ?? "department"] + (variants?.keys.sorted() ?? []) }

    /// Loads a built-in template by name.
    public static func builtIn(_ name: String) throws -> Template {
        guard let text = builtInNames[name] else {
            throw TemplateError(file: name, message: "没有名为“\(name)”的内置模板")
        }
        return try decode(Data(text.utf8), file: name + ".json")
    }

    /// Loads a template file.
    public static func load(_ url: URL) throws -> Template {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TemplateError(file: url.lastPathComponent, message: "无法读取文件")
        }
        return try decode(data, file: url.lastPathComponent)
    }

    /// A template from the text of a template file.
    public static func decode(text: String, file: String) throws -> Template {
        try decode(Data(text.utf8), file: file)
    }

    static func decode(_ data: Data, file: String) throws -> Template {
        let url = URL(fileURLWithPath: file)
        do {
            let template = try JSONDecoder().decode(Template.self, from: data)
            try template.validate(file: url.lastPathComponent)
            return template
        } catch let error as TemplateError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw TemplateError(file: url.lastPathComponent, message: "\(Self.path(context.codingPath)) 缺少 \(key.stringValue)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw TemplateError(file: url.lastPathComponent, message: "\(Self.path(context.codingPath)) 缺少值")
        } catch let DecodingError.typeMismatch(type, context) {
            throw TemplateError(file: url.lastPathComponent, message: "\(Self.path(context.codingPath))：类型不对，应为\(Self.kind(type))")
        } catch let DecodingError.dataCorrupted(context) {
            if context.codingPath.isEmpty {
                let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                throw TemplateError(file: url.lastPathComponent, message: "不是有效的 JSON（请用 UTF-8 保存，检查括号、引号和逗号）\(detail.map { "：\($0)" } ?? "")")
            }
            let message = context.debugDescription.unicodeScalars.contains { $0.value > 0x2E80 } ? context.debugDescription : "值不对"
            throw TemplateError(file: url.lastPathComponent, message: "\(Self.path(context.codingPath))：\(message)")
        } catch {
            throw TemplateError(file: url.lastPathComponent, message: "\(error)")
        }
    }

    static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "文字（带引号）"
        case is Int.Type: "整数"
        case is Bool.Type: "true 或 false"
        default: "列表或对象"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        if keys.isEmpty { return "最外层" }
        return keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }

    /// The roles a table can have (see ``TableSpec/role``).
    public static let roles = ["spending", "basic", "three-public"]

    /// What a zero amount may show (see ``zeroDisplay``).
    public static let zeroDisplays = ["blank", "zero", "0", "0.00"]

    static func checkZeroDisplay(_ value: String?, _ place: String, file: String) throws {
        guard let value, !zeroDisplays.contains(value) else { return }
        throw TemplateError(
            file: file,
            message: "\(place)：应为 \"blank\"（零显示为空）、\"zero\"（显示 0 或 0.00，与其他金额的小数位相同）、\"0\" 或 \"0.00\"，不是 \"\(value)\"")
    }

    static func checkUnit(_ unit: String?, _ place: String, file: String) throws {
        guard let unit, !["wan", "yuan", "yuan-whole"].contains(unit) else { return }
        throw TemplateError(file: file, message: "\(place)：应为 \"wan\"（万元，两位小数）、\"yuan\"（元，两位小数）或 \"yuan-whole\"（元，取整），不是 \"\(unit)\"")
    }

    func validate(file: String) throws {
        try Self.checkUnit(amountUnit, ".amountUnit", file: file)
        try Self.checkUnit(textUnit, ".textUnit", file: file)
        for (key, value) in [("rounding", rounding), ("textRounding", textRounding)] {
            if let value, !["half-up", "truncate"].contains(value) {
                throw TemplateError(file: file, message: ".\(key)：应为 \"half-up\"（四舍五入）或 \"truncate\"（截尾），不是 \"\(value)\"")
            }
        }
        if let wide = wideTables, !["a3", "pages"].contains(wide) {
            throw TemplateError(file: file, message: ".wideTables：应为 \"a3\"（A4 放不下时用 A3 纸）或 \"pages\"（A4 分几页宽打印，重复首列），不是 \"\(wide)\"")
        }
        if let scope = operationCostScope, !["all", "administrative"].contains(scope) {
            throw TemplateError(file: file, message: ".operationCostScope：应为 \"all\"（全部单位）或 \"administrative\"（行政和参公单位），不是 \"\(scope)\"")
        }
        let roles = tables.compactMap(\.role)
        if let bad = roles.first(where: { !Self.roles.contains($0) }) {
            throw TemplateError(file: file, message: "表的 role“\(bad)”不认识；可用：\(Self.roles.joined(separator: "、"))")
        }
        if let twice = roles.first(where: { role in roles.filter { $0 == role }.count > 1 }) {
            throw TemplateError(file: file, message: "role“\(twice)”给了不止一张表")
        }
        try Self.checkZeroDisplay(zeroDisplay, ".zeroDisplay", file: file)
        for (index, table) in tables.enumerated() {
            try Self.checkUnit(table.amountUnit, "tables[\(index)]（表 \(table.id)）.amountUnit", file: file)
            try Self.checkZeroDisplay(table.zeroDisplay, "tables[\(index)]（表 \(table.id)）.zeroDisplay", file: file)
            // What Excel refuses is refused here, before anything is computed or written.
            if let problem = SheetName.problem(table.sheetName) {
                throw TemplateError(file: file, message: "tables[\(index)]（表 \(table.id)）.sheetName“\(table.sheetName.prefix(40))”：\(problem)")
            }
            // Tables share a sheet only one under another, named exactly alike: a name used again
            // otherwise would be a second sheet of that name (Excel ignores case).
            if index > 0, tables[index - 1].sheetName != table.sheetName,
                let earlier = tables[..<index].firstIndex(where: { SheetName.same($0.sheetName, table.sheetName) })
            {
                throw TemplateError(
                    file: file,
                    message:
                        "tables[\(index)]（表 \(table.id)）.sheetName“\(table.sheetName)”与 tables[\(earlier)]（表 \(tables[earlier].id)）的相同（不分大小写），但两表不相邻或写法不同：同名的表只能一张接一张、名称完全一样，放在同一工作表中"
                )
            }
            let texts = [("title", table.title)] + table.header.joined().map { ("header", $0.text) } + [("emptyNote", table.emptyNote ?? "")]
            if let (key, text) = texts.first(where: { $0.1.utf16.count > SheetName.cellTextLimit }) {
                throw TemplateError(
                    file: file, message: "tables[\(index)]（表 \(table.id)）.\(key) 有 \(text.utf16.count) 个字符，超过 Excel 一个单元格的上限 32,767 个")
            }
            let width = table.columnCount
            let headerWidth = try HeaderLayout.place(table.header, file: file, table: table.id).columnCount
            if headerWidth != width {
                throw TemplateError(file: file, message: "tables[\(index)]（表 \(table.id)）的表头有 \(headerWidth) 列，正文有 \(width) 列")
            }
            if case .fixed(let fixed) = table.body {
                for row in fixed.rows where row.cells.count != fixed.columns.count {
                    throw TemplateError(
                        file: file, message: "tables[\(index)]（表 \(table.id)）行 \(row.key) 有 \(row.cells.count) 格，应为 \(fixed.columns.count) 格")
                }
            }
            // Columns are numbered from 序号 = 0; a sum may name only amount columns of its table.
            let amounts: Set<Int>
            var sums: [(place: String, columns: [Int])] = []
            switch table.body {
            case .hierarchy(let spec):
                if let layout = spec.codeLayout, !["single", "split"].contains(layout) {
                    throw TemplateError(
                        file: file, message: "tables[\(index)]（表 \(table.id)）.body.codeLayout：应为 \"single\" 或 \"split\"，不是 \"\(layout)\"")
                }
                if let position = spec.totalRow, !["first", "last"].contains(position) {
                    throw TemplateError(
                        file: file, message: "tables[\(index)]（表 \(table.id)）.body.totalRow：应为 \"first\" 或 \"last\"，不是 \"\(position)\"")
                }
                if let place = spec.totalLabelAt, !["name", "code"].contains(place) {
                    throw TemplateError(
                        file: file,
                        message: "tables[\(index)]（表 \(table.id)）.body.totalLabelAt：应为 \"name\"（名称列）或 \"code\"（从第一个编码列起，合并编码列和名称列），不是 \"\(place)\"")
                }
                amounts = Set((2 + spec.codeColumns)..<width)
                for (offset, column) in spec.columns.enumerated() {
                    if let columns = column.sumCols { sums.append(("columns[\(offset)].sumCols", columns)) }
                }
            case .fixed(let spec):
                amounts = Set(
                    spec.columns.enumerated().compactMap { offset, column in
                        if case .amount = column { return offset + 1 } else { return nil }
                    })
                if let list = spec.list {
                    let keys = Set(spec.rows.map(\.key))
                    if let bad = list.rows.first(where: { !keys.contains($0) }) {
                        throw TemplateError(file: file, message: "tables[\(index)]（表 \(table.id)）.body.list.rows：没有行 \(bad)")
                    }
                    if let bad = (list.columns + [list.numberColumn].compactMap { $0 }).first(where: { !(1..<width).contains($0) }) {
                        throw TemplateError(file: file, message: "tables[\(index)]（表 \(table.id)）.body.list：没有第 \(bad) 列（共 \(width) 列，从序号 = 0 数起）")
                    }
                    if let twice = list.rows.first(where: { row in list.rows.filter { $0 == row }.count > 1 }) {
                        throw TemplateError(file: file, message: "tables[\(index)]（表 \(table.id)）.body.list.rows：行 \(twice) 列了两次")
                    }
                    if let number = list.numberColumn {
                        let isText =
                            number >= 1 && number <= spec.columns.count && { if case .text = spec.columns[number - 1] { true } else { false } }()
                        guard list.columns.contains(number), isText else {
                            throw TemplateError(
                                file: file, message: "tables[\(index)]（表 \(table.id)）.body.list.numberColumn：第 \(number) 列应是 list.columns 中的文字列")
                        }
                    }
                    if let numbering = list.numbering, numbering != "chinese" {
                        throw TemplateError(
                            file: file, message: "tables[\(index)]（表 \(table.id)）.body.list.numbering：应为 \"chinese\"（一、二、三…），不是 \"\(numbering)\"")
                    }
                }
                for row in spec.rows {
                    for (offset, cell) in row.cells.enumerated() {
                        if let columns = cell.sumCols { sums.append(("行 \(row.key) cells[\(offset)].sumCols", columns)) }
                    }
                }
            }
            if let bad = (table.optionalColumns ?? []).first(where: { !amounts.contains($0) }) {
                throw TemplateError(
                    file: file,
                    message:
                        "tables[\(index)]（表 \(table.id)）.optionalColumns 中的 \(bad) 不是本表的金额列（金额列：\(amounts.sorted().map(String.init).joined(separator: "、"))）"
                )
            }
            for sum in sums {
                if let bad = sum.columns.first(where: { !amounts.contains($0) }) {
                    throw TemplateError(
                        file: file,
                        message:
                            "tables[\(index)]（表 \(table.id)）\(sum.place) 中的 \(bad) 不是本表的金额列（列从序号 = 0 数起；金额列：\(amounts.sorted().map(String.init).joined(separator: "、"))）"
                    )
                }
            }
        }
        try validateStatement(file: file)
        let ids = Set(tables.map(\.id))
        for (index, identity) in identities.enumerated() {
            for (side, selector) in [("left", identity.left), ("right", identity.right)] {
                guard ids.contains(selector.table), let table = tables.first(where: { $0.id == selector.table }) else {
                    throw TemplateError(file: file, message: "identities[\(index)].\(side).table：没有表 \(selector.table)")
                }
                guard (1..<table.columnCount).contains(selector.column) else {
                    throw TemplateError(
                        file: file,
                        message:
                            "identities[\(index)].\(side).column：表 \(selector.table) 没有第 \(selector.column) 列（共 \(table.columnCount) 列，从序号 = 0 数起）")
                }
            }
        }
        // Each version is checked as the template it makes, once the template itself is sound: a
        // mistake of the template is named at its own place, not as one of every version.
        if let variants {
            for name in variants.keys.sorted() {
                do {
                    _ = try variant(name)
                } catch let error as TemplateError {
                    throw TemplateError(
                        file: file, message: error.message.hasPrefix("variants.") ? error.message : "variants.\(name)（替换后的模板）：\(error.message)")
                }
            }
        }
    }
}

extension TableSpec {
    /// Every filter of the table: the table's, its columns', rows' and cells'.
    var allFilters: [FilterSpec] {
        var filters: [FilterSpec] = [filter].compactMap { $0 }
        switch body {
        case .hierarchy(let spec):
            filters += spec.columns.compactMap(\.filter)
        case .fixed(let spec):
            for column in spec.columns { if case .amount(let filter) = column { filters.append(filter) } }
            for row in spec.rows {
                filters += [row.filter].compactMap { $0 }
                for cell in row.cells { filters += [cell.amount, cell.filter].compactMap { $0 } }
            }
        }
        return filters
    }

    /// Whether the table looks at functional codes (its rows or any filter).
    var usesFunctional: Bool {
        if case .hierarchy(let spec) = body, spec.classification == .functional { return true }
        return allFilters.contains { $0.functionalPrefixes != nil }
    }

    /// Whether the table looks at economic codes (its rows or any filter).
    var usesEconomic: Bool {
        if case .hierarchy(let spec) = body, spec.classification == .economic { return true }
        return allFilters.contains { $0.economicCodes != nil }
    }
}

extension Template {
    /// Whether some table needs totals by both classifications at once.
    public var needsFullTotals: Bool { tables.contains { $0.usesFunctional && $0.usesEconomic } }
}

/// Excel's rules for a sheet's name, checked when a template is loaded and again when a sheet is
/// written.
public enum SheetName {
    /// The most characters a cell may hold (UTF-16 units, as Excel counts them).
    public static let cellTextLimit = 32_767

    /// Why Excel would refuse `name` as a sheet's name; nil when it is fine.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "工作表名不能为空" }
        if name.utf16.count > 31 { return "工作表名最多 31 个字符，这个有 \(name.utf16.count) 个" }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) { return "工作表名不能含 [ ] : * ? / \\（这里有“\(bad)”）" }
        if name.hasPrefix("'") || name.hasSuffix("'") { return "工作表名不能以单引号（'）开头或结尾" }
        if name.lowercased() == "history" { return "“History”是 Excel 保留的工作表名" }
        return nil
    }

    /// Whether two names are one sheet's to Excel (which ignores case).
    public static func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }
}

public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "模板 \(file) 有错误：\(message)" }
}

/// One disclosure table of a template.
public struct TableSpec: Codable, Sendable {
    public var id: String
    public var title: String
    public var sheetName: String
    /// Header rows, each a list of cells with spans, laid out left to right like an HTML table.
    public var header: [[HeaderCellSpec]]
    /// Which line items the table covers at all.
    public var filter: FilterSpec?
    public var body: BodySpec
    /// The line shown under a table that has nothing to show.
    public var emptyNote: String?
    /// The table's own amount unit, when it differs from the template's (Shanghai's “三公” table
    /// is in 万元 beside tables in 元).
    public var amountUnit: String?
    /// The table's own zero display, when it differs from the template's (published documents
    /// mix blank, 0 and 0.00 table by table). Same values as the template's.
    public var zeroDisplay: String?
    /// Amount columns (numbered from 序号 = 0) shown only when they have money, e.g. Shanghai's
    /// 事业单位经营支出 beside 基本支出 and 项目支出. `sumCols` and `identities` keep the template's
    /// numbers; a column left out counts as zeros.
    public var optionalColumns: [Int]?
    /// What the table is, whatever its number and title in a region: "spending" (支出总表),
    /// "basic" (一般公共预算基本支出表), "three-public" (“三公”经费表). The statement's figures are
    /// compared with the tables that have these roles.
    public var role: String?

    /// Columns including the 序号 column.
    public var columnCount: Int {
        switch body {
        case .hierarchy(let spec): 2 + spec.codeColumns + spec.columns.count
        case .fixed(let spec): 1 + spec.columns.count
        }
    }
}

public struct HeaderCellSpec: Codable, Sendable {
    public var text: String
    public var rows: Int?
    public var cols: Int?
}

/// Which line items count: every field that is given must match; a missing field matches all.
public struct FilterSpec: Codable, Sendable, Hashable {
    public var sources: [FundingSource]?
    public var types: [ExpenditureType]?
    public var natures: [CostNature]?
    public var functionalPrefixes: [String]?
    public var economicCodes: [String]?
}

public enum BodySpec: Codable, Sendable {
    /// Rows from the data: 合计, then 类 → 款 → 项 of a classification.
    case hierarchy(HierarchySpec)
    /// Rows fixed by the template (the 31 classes, income rows, "三公" items).
    case fixed(FixedSpec)

    enum CodingKeys: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .kind)
        switch kind {
        case "hierarchy": self = .hierarchy(try HierarchySpec(from: decoder))
        case "fixed": self = .fixed(try FixedSpec(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: try decoder.container(keyedBy: CodingKeys.self), debugDescription: "kind 应为 hierarchy 或 fixed，而不是 \(kind)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .hierarchy(let spec):
            try container.encode("hierarchy", forKey: .kind)
            try spec.encode(to: encoder)
        case .fixed(let spec):
            try container.encode("fixed", forKey: .kind)
            try spec.encode(to: encoder)
        }
    }
}

public struct HierarchySpec: Codable, Sendable {
    public var classification: CodeKind
    public var totalLabel: String
    /// "name" (default): the 合计 label in the name column; "code": it begins in the first code
    /// column, one cell merged across the code columns and the name column (Shanghai).
    public var totalLabelAt: String?
    /// "single" (default): one 科目编码 column ("2010306"); "split": one column per level,
    /// 类 | 款 | 项 for functional codes and 类 | 款 for economic ones, each row repeating its
    /// parents' parts ("201" | "03" | "06").
    public var codeLayout: String?

    /// "first" (default) or "last": where the 合计 row goes.
    public var totalRow: String?
    /// Whether a table with nothing to show still has its 合计 row, empty (Shanghai); default no.
    public var emptyTotalRow: Bool?

    /// How many columns the codes take.
    public var codeColumns: Int { codeLayout == "split" ? (classification == .functional ? 3 : 2) : 1 }
    /// The amount columns after 序号, 科目编码 and 科目名称.
    public var columns: [AmountColumnSpec]
}

/// An amount column of a hierarchy table: a filter, or the sum of other columns (numbered from
/// 序号 = 0), whose own `filter`, when given, computes the same total independently for `check`.
public struct AmountColumnSpec: Codable, Sendable {
    public var filter: FilterSpec?
    public var sumCols: [Int]?
}

public struct FixedSpec: Codable, Sendable {
    /// The columns after 序号: text, or amounts with a column filter.
    public var columns: [FixedColumnSpec]
    public var rows: [FixedRowSpec]
    /// Columns that list only the rows with money, one under another from the top (Shanghai's
    /// 收支总表 prints only the non-empty 类 beside its fixed income rows).
    public var list: ListSpec?
}

/// Some columns of a fixed table that show only their rows with a non-zero amount, moved up
/// to fill the table from the top; rows left with nothing in any column are dropped.
public struct ListSpec: Codable, Sendable {
    /// The columns that move (numbered from 序号 = 0).
    public var columns: [Int]
    /// The rows whose cells in those columns take part, in order (the class rows).
    public var rows: [String]
    /// A text column whose labels get their place in the list in front: "chinese" gives 一、二、….
    public var numberColumn: Int?
    public var numbering: String?
}

/// A version of a template: lines, titles and whole tables that replace the template's.
public struct TemplateVariant: Codable, Sendable {
    public var description: String?
    public var departmentLine: String?
    public var yearLine: String?
    public var unitLine: String?
    /// Table id → title.
    public var titles: [String: String]?
    /// Table id → empty-table note.
    public var notes: [String: String]?
    /// Tables that replace the template's tables of the same id.
    public var tables: [TableSpec]?
}

public enum FixedColumnSpec: Codable, Sendable {
    case text
    case amount(FilterSpec)

    enum CodingKeys: String, CodingKey { case amount }

    public init(from decoder: any Decoder) throws {
        if let word = try? decoder.singleValueContainer().decode(String.self) {
            guard word == "text" else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "列应为 \"text\" 或 {\"amount\": {…}}"))
            }
            self = .text
        } else {
            self = .amount(try decoder.container(keyedBy: CodingKeys.self).decode(FilterSpec.self, forKey: .amount))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .text:
            var container = encoder.singleValueContainer()
            try container.encode("text")
        case .amount(let filter):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(filter, forKey: .amount)
        }
    }
}

public struct FixedRowSpec: Codable, Sendable {
    public var key: String
    public var filter: FilterSpec?
    public var cells: [FixedCellSpec]
}

/// A cell of a fixed row: a label, an amount, a sum of rows or columns, or nothing.
public struct FixedCellSpec: Codable, Sendable {
    public var text: String?
    public var amount: FilterSpec?
    public var sumRows: [String]?
    public var sumCols: [Int]?
    public var filter: FilterSpec?
    /// 机关运行经费: 一般公共预算 基本支出 公用经费 of the units the template's (or else the
    /// project's) `operationCostScope` names.
    public var operationCosts: Bool?
}

/// An identity between two tables' cells, matched by row key.
public struct IdentitySpec: Codable, Sendable {
    public var name: String
    public var left: CellSelector
    public var right: CellSelector

    /// The rows the left side compares: its own selection, every row by default.
    public var leftRows: RowSelection { left.rows ?? .all }
    /// The rows the right side compares: its own list of keys, else the left's rows.
    public var rightRows: RowSelection {
        if case .keys? = right.rows { return right.rows! }
        return leftRows
    }
}

public struct CellSelector: Codable, Sendable {
    public var table: String
    public var column: Int
    /// Row keys; "all" for every row of either table, "classes" for the functional 类 rows.
    public var rows: RowSelection?
}

public enum RowSelection: Codable, Sendable {
    case keys([String])
    case all
    case classes

    /// Whether a row key is among the selected rows.
    public func contains(_ key: String) -> Bool {
        switch self {
        case .keys(let list): list.contains(key)
        case .all: true
        case .classes: Self.isClass(key)
        }
    }

    /// A functional 类 row's key ("201").
    static func isClass(_ key: String) -> Bool { key.count == 3 && key.allSatisfy(\.isNumber) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let keys = try? container.decode([String].self) {
            self = .keys(keys)
        } else {
            let word = try container.decode(String.self)
            switch word {
            case "all": self = .all
            case "classes": self = .classes
            default: throw DecodingError.dataCorruptedError(in: container, debugDescription: "rows 应为键的列表、\"all\" 或 \"classes\"")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .keys(let keys): try container.encode(keys)
        case .all: try container.encode("all")
        case .classes: try container.encode("classes")
        }
    }
}

/// The words `budget publish` puts around the tables and the statement: the cover's lines, the
/// 目录's title and the headings of its two groups. `{name}`, `{code}`, `{year}` and the
/// statement's word `{部门}` (单位 in a unit version) are filled in. Each one left out is the
/// seed's (Hebei's published document).
public struct PublicationSpec: Codable, Sendable, Equatable {
    public var cover: [String]?
    public var contentsTitle: String?
    public var tablesHeading: String?
    public var statementHeading: String?

    public init(cover: [String]? = nil, contentsTitle: String? = nil, tablesHeading: String? = nil, statementHeading: String? = nil) {
        self.cover = cover
        self.contentsTitle = contentsTitle
        self.tablesHeading = tablesHeading
        self.statementHeading = statementHeading
    }

    static let seed = PublicationSpec(
        cover: ["{name}", "{year}年{部门}预算信息公开"], contentsTitle: "{year} 年{name}{部门}预算信息公开目录",
        tablesHeading: "{部门}预算公开表", statementHeading: "{部门}预算信息公开情况说明")
}

extension ReportSet {
    /// The words of the published document, filled in (``PublicationSpec``).
    public var publication: PublicationSpec {
        let spec = template.publication ?? PublicationSpec()
        let seed = PublicationSpec.seed
        let word = departmentWord
        func filled(_ text: String) -> String { fill(text).replacingOccurrences(of: "{部门}", with: word) }
        return PublicationSpec(
            cover: (spec.cover ?? seed.cover ?? []).map(filled), contentsTitle: filled(spec.contentsTitle ?? seed.contentsTitle ?? ""),
            tablesHeading: filled(spec.tablesHeading ?? seed.tablesHeading ?? ""),
            statementHeading: filled(spec.statementHeading ?? seed.statementHeading ?? ""))
    }

    /// The template's own tables (the nine), without the document's (organisation, performance
    /// targets, procurement, assets), which the statement shows.
    public var templateTables: ReportSet {
        var copy = self
        let ids = Set(template.tables.map(\.id))
        copy.tables = tables.filter { ids.contains($0.id) }
        return copy
    }
}
