import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension ProjectSession {
    // MARK: - Line items

    /// Problems of a row typed as command-line options name the options, not CSV columns.
    static func asOptions(_ problems: [InputProblem]) -> InputProblems {
        InputProblems(
            problems.map { problem in
                var problem = problem
                if let column = problem.column, let field = LineItemColumn.allCases.first(where: { $0.chineseName == column }) {
                    problem.column = "\(field.option)（\(column)）"
                }
                return problem
            })
    }

    static func context(_ reader: ProjectReader) throws -> ImportContext {
        let units = try reader.units()
        return ImportContext(
            unitCodes: Set(units.map(\.code)), projectNames: Set(try reader.projects().map(\.name)), codes: try reader.codeBook(),
            unitNames: Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Adds one line item; a project named for the first time is created.
    public func addItem(values: [LineItemColumn: String], amountUnit: Money.InputUnit) throws -> (
        item: LineItem, newProject: Bool
    ) {
        let (added, writes, exact) = try projectFile.write { writer in
            let context = try Self.context(writer.reader)
            var names: [CodeKind: [String: String]] = [:]
            let result = RowReader(file: nil, line: nil, values: values).lineItem(unit: amountUnit, context: context, newNames: &names)
            guard let item = result.item else { throw Self.asOptions(result.problems) }
            let written = try Self.insert([item], names: names, context: context, writer)
            let created = !written.newProjects.isEmpty
            return ((item: written.items[0], newProject: created), try writer.reader.writeCount(), !created && names.isEmpty)
        }
        residentEdit(removed: [], added: [added.item], writes: writes, exact: exact)
        return added
    }

    /// Adds line items already checked against `context`: the projects they name for the first
    /// time (each belonging to the unit of its first item), the names given for codes outside
    /// the catalogs, then the items, which come back with their ids.
    static func insert(_ items: [LineItem], names: [CodeKind: [String: String]], context: ImportContext, _ writer: ProjectWriter) throws -> (
        items: [LineItem], newProjects: [String]
    ) {
        var created: [String] = []
        for item in items {
            if let project = item.project, !context.projectNames.contains(project), !created.contains(project) {
                try writer.insertProject(BudgetProject(name: project, unitCode: item.unitCode))
                created.append(project)
            }
        }
        try writer.setCodeNames(Self.entries(names), origin: .user)
        let ids = try writer.insertItems(items)
        let written = zip(items, ids).map { item, id in
            var item = item
            item.id = id
            return item
        }
        return (written, created)
    }

    /// Changes fields of one line item; the rest stay as they were. With `expecting` (the item
    /// as the caller last saw it), a line changed since by anyone is refused with
    /// ``ItemChanged`` carrying its fresh value, in the same transaction as the write.
    public func setItem(
        id: Int64, changes: [LineItemColumn: String], amountUnit: Money.InputUnit, expecting seen: LineItem? = nil
    ) throws -> LineItem {
        let (old, new, writes, exact) = try projectFile.write { writer in
            guard let old = try writer.reader.item(id: id) else {
                if seen != nil { throw ItemChanged(id: id, current: nil) }
                throw InputProblem(column: "明细编号", value: String(id), message: "没有这条预算明细（用 budget item list 查看编号）")
            }
            if let seen, seen != old { throw ItemChanged(id: id, current: old) }
            var values: [LineItemColumn: String] = [
                .unit: old.unitCode, .functional: old.functional, .economic: old.economic, .type: old.type.rawValue,
                .nature: old.nature?.rawValue ?? "", .project: old.project ?? "", .source: old.source.rawValue,
                .note: old.note,
            ]
            // A change of type drops what belonged to the old type.
            if let type = changes[.type].flatMap(Vocabulary.expenditureType), type != old.type {
                if type != .project { values[.project] = "" }
                if type != .basic || old.type != .basic { values[.nature] = "" }
            }
            if changes[.economic] != nil && changes[.nature] == nil && old.type == .basic
                && old.nature == CostNature.defaultFor(economic: old.economic)
            {
                values[.nature] = ""  // the nature followed the old code's default; follow the new one
            }
            var unit = amountUnit
            if changes[.amount] == nil {
                values[.amount] = Money.formatYuan(old.amount)
                unit = .yuan
            }
            for (column, value) in changes { values[column] = value }
            let context = try Self.context(writer.reader)
            var names: [CodeKind: [String: String]] = [:]
            let result = RowReader(file: nil, line: nil, values: values).lineItem(unit: unit, context: context, newNames: &names)
            guard var item = result.item else { throw Self.asOptions(result.problems) }
            var created = false
            if let project = item.project, !context.projectNames.contains(project) {
                try writer.insertProject(BudgetProject(name: project, unitCode: item.unitCode))
                created = true
            }
            try writer.setCodeNames(Self.entries(names), origin: .user)
            item.id = id
            try writer.updateItem(item)
            return (old, item, try writer.reader.writeCount(), !created && names.isEmpty)
        }
        residentEdit(removed: [old], added: [new], writes: writes, exact: exact)
        return new
    }

    static func entries(_ names: [CodeKind: [String: String]]) -> [CatalogEntry] {
        names.flatMap { kind, map in map.map { CatalogEntry(kind: kind, code: $0.key, name: $0.value) } }
            .sorted { ($0.kind.rawValue, $0.code) < ($1.kind.rawValue, $1.code) }
    }

    /// Removes line items; with `expecting` (the items as the caller last saw them), none is
    /// removed when any of them was changed or removed since (``ItemChanged``).
    public func removeItems(ids: [Int64], expecting seen: [LineItem]? = nil) throws {
        let (removed, writes) = try projectFile.write { writer in
            if let seen {
                for item in seen {
                    guard let id = item.id else { continue }
                    let current = try writer.reader.item(id: id)
                    if current != item { throw ItemChanged(id: id, current: current) }
                }
            }
            // The lines as they were, for the resident tables (an id named twice fails below).
            let removed = try ids.compactMap { try writer.reader.item(id: $0) }
            try writer.deleteItems(ids: ids)
            return (removed, try writer.reader.writeCount())
        }
        residentEdit(removed: removed, added: [], writes: writes)
    }

    /// Which line items `item list` shows.
    public struct ItemQuery: Sendable {
        public var unit: String?
        public var functionalPrefix: String?
        public var economicPrefix: String?
        public var type: ExpenditureType?
        public var source: FundingSource?
        public var project: String?
        public var nature: CostNature?

        public init(
            unit: String? = nil, functionalPrefix: String? = nil, economicPrefix: String? = nil, type: ExpenditureType? = nil,
            source: FundingSource? = nil, project: String? = nil, nature: CostNature? = nil
        ) {
            self.unit = unit
            self.functionalPrefix = functionalPrefix
            self.economicPrefix = economicPrefix
            self.type = type
            self.source = source
            self.project = project
            self.nature = nature
        }

        /// Whether the query names no condition at all (every item matches).
        public var isEmpty: Bool {
            unit == nil && functionalPrefix == nil && economicPrefix == nil && type == nil && source == nil && project == nil && nature == nil
        }

        /// The query with its codes read as every route reads them: full-width digits, a unit
        /// code or a classification code followed by its name (“2050101 行政运行”), the name
        /// checked against the catalogs (or the unit's name); a problem names the option.
        func resolved(_ reader: ProjectReader) throws -> ItemQuery {
            var query = self
            var problems: [InputProblem] = []
            if let text = unit {
                let (code, name) = CodeText.split(FieldRules.trim(text), digitsOnly: false)
                query.unit = code
                if let name, let known = try reader.units().first(where: { $0.code == code }),
                    Vocabulary.fold(name) != Vocabulary.fold(known.name)
                {
                    problems.append(InputProblem(column: "--unit", value: text, message: "单位名称与单位编码不符：\(code) 是“\(known.name)”"))
                }
            }
            let codes = try reader.codeBook()
            for (kind, option, path) in [
                (CodeKind.functional, "--functional", \ItemQuery.functionalPrefix), (.economic, "--economic", \ItemQuery.economicPrefix),
            ] {
                guard let text = self[keyPath: path] else { continue }
                let (code, name, problem) = FieldRules.splitCode(kind, text, codes)
                query[keyPath: path] = code
                if let problem {
                    problems.append(InputProblem(column: option, value: text, message: problem))
                } else if name != nil {
                    problems.append(InputProblem(column: option, value: text, message: "编码 \(code) 不在分类目录中，不能按名称核对：请只写编码"))
                } else if code.isEmpty || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    problems.append(
                        InputProblem(
                            column: option, value: text, message: "应为\(kind.chineseName)编码或它的开头（数字），如 \(kind == .functional ? "205" : "302")"))
                }
            }
            try problems.throwIfAny()
            return query
        }

        func matches(_ item: LineItem) -> Bool {
            (unit == nil || item.unitCode == unit) && (functionalPrefix.map(item.functional.hasPrefix) ?? true)
                && (economicPrefix.map(item.economic.hasPrefix) ?? true) && (type == nil || item.type == type)
                && (source == nil || item.source == source) && (project == nil || item.project == project)
                && (nature == nil || item.nature == nature)
        }
    }

    public func items(matching query: ItemQuery) throws -> (items: [LineItem], total: Fen, codes: CodeBook) {
        try projectFile.read { reader in
            let query = try query.resolved(reader)
            var items: [LineItem] = []
            try reader.forEachItem { if query.matches($0) { items.append($0) } }
            return (items, items.reduce(0) { $0 + $1.amount }, try reader.codeBook())
        }
    }
}
