import BudgetModel

/// What changed between two states of a project (a snapshot and now, two snapshots, two files):
/// the line items added, removed and changed, and every table cell whose value moved, with the
/// line items that moved it.
public struct ProjectDiff: Sendable {
    public struct FieldChange: Sendable, Equatable, Codable {
        /// 单位, 功能分类, 经济分类, 支出类型, 经费类型, 项目, 资金来源, 金额, 备注.
        public var field: String
        public var old: String
        public var new: String

        public init(field: String, old: String, new: String) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    public struct ItemChange: Sendable, Equatable {
        public var old: LineItem
        public var new: LineItem
        public var fields: [FieldChange]
    }

    public struct CellChange: Sendable {
        public var table: String
        public var title: String
        public var rowKey: String
        /// "第 5 行“201 一般公共服务支出”".
        public var row: String
        public var column: Int
        public var columnLabel: String
        public var old: Fen
        public var new: Fen
        public var delta: Fen { new - old }
        /// The changed line items that count in this cell (before or after the change).
        public var items: [Int64]
    }

    public struct TableSummary: Sendable {
        public var table: String
        public var title: String
        public var changedCells: Int
        /// The table's first total (合计, 收入总计 …) before and after, when it has one.
        public var total: (label: String, old: Fen, new: Fen)?
    }

    public var added: [LineItem] = []
    public var removed: [LineItem] = []
    public var changed: [ItemChange] = []
    public var cells: [CellChange] = []
    public var tables: [TableSummary] = []
    /// Items were matched by their numbers (the same project over time), or by their contents
    /// (files whose numbers are unrelated, e.g. imported separately).
    public var matchedByNumber = true
    public var oldTotal: Fen = 0
    public var newTotal: Fen = 0

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && cells.isEmpty }

    /// Compares two states; both sides' tables computed with the same template.
    public static func compute(old: [LineItem], new: [LineItem], oldReports: ReportSet, newReports: ReportSet) -> ProjectDiff {
        var diff = ProjectDiff()
        diff.oldTotal = old.reduce(0) { $0 + $1.amount }
        diff.newTotal = new.reduce(0) { $0 + $1.amount }
        diff.matchItems(old: old, new: new)
        diff.compareCells(oldReports, newReports)
        return diff
    }

    // MARK: - Line items

    static func fields(_ a: LineItem, _ b: LineItem) -> [FieldChange] {
        var out: [FieldChange] = []
        func add(_ field: String, _ x: String, _ y: String) { if x != y { out.append(FieldChange(field: field, old: x, new: y)) } }
        add("单位", a.unitCode, b.unitCode)
        add("功能分类", a.functional, b.functional)
        add("经济分类", a.economic, b.economic)
        add("支出类型", a.type.chineseName, b.type.chineseName)
        add("经费类型", a.nature?.chineseName ?? "", b.nature?.chineseName ?? "")
        add("项目", a.project ?? "", b.project ?? "")
        add("资金来源", a.source.chineseName, b.source.chineseName)
        add("金额", Money.formatYuan(a.amount), Money.formatYuan(b.amount))
        add("备注", a.note, b.note)
        return out
    }

    /// Everything but the amount and the number: what makes two items "the same line".
    struct ContentKey: Hashable {
        var unit, functional, economic, type, nature, project, source, note: String
        init(_ item: LineItem) {
            unit = item.unitCode
            functional = item.functional
            economic = item.economic
            type = item.type.rawValue
            nature = item.nature?.rawValue ?? ""
            project = item.project ?? ""
            source = item.source.rawValue
            note = item.note
        }
    }

    mutating func matchItems(old: [LineItem], new: [LineItem]) {
        let oldByID = Dictionary(old.compactMap { item in item.id.map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
        let newByID = Dictionary(new.compactMap { item in item.id.map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
        let common = Set(oldByID.keys).intersection(newByID.keys)
        // Numbers mean the same line when most shared numbers still hold a similar item (same
        // unit and codes, or the same amount); otherwise the files were numbered apart.
        let similar = common.filter { id in
            let (a, b) = (oldByID[id]!, newByID[id]!)
            return (a.unitCode == b.unitCode && a.functional == b.functional && a.economic == b.economic) || a.amount == b.amount
        }.count
        if !common.isEmpty && similar * 2 >= common.count {
            matchedByNumber = true
            for item in old where !common.contains(item.id ?? -1) { removed.append(item) }
            for item in new where !common.contains(item.id ?? -1) { added.append(item) }
            for id in common.sorted() {
                let (a, b) = (oldByID[id]!, newByID[id]!)
                let changes = Self.fields(a, b)
                if !changes.isEmpty { changed.append(ItemChange(old: a, new: b, fields: changes)) }
            }
            return
        }
        // By content: the same line with another amount is a change; the rest are added or removed.
        matchedByNumber = common.isEmpty && (old.isEmpty || new.isEmpty)
        var oldGroups: [ContentKey: [LineItem]] = [:]
        for item in old { oldGroups[ContentKey(item), default: []].append(item) }
        var newGroups: [ContentKey: [LineItem]] = [:]
        for item in new { newGroups[ContentKey(item), default: []].append(item) }
        for key in Set(oldGroups.keys).union(newGroups.keys) {
            var before = oldGroups[key] ?? []
            var after = newGroups[key] ?? []
            // Equal amounts cancel first.
            var unmatched: [LineItem] = []
            for item in after {
                if let index = before.firstIndex(where: { $0.amount == item.amount }) { before.remove(at: index) } else { unmatched.append(item) }
            }
            after = unmatched
            before.sort { $0.amount < $1.amount }
            after.sort { $0.amount < $1.amount }
            for (a, b) in zip(before, after) { changed.append(ItemChange(old: a, new: b, fields: Self.fields(a, b))) }
            removed += before.dropFirst(after.count)
            added += after.dropFirst(before.count)
        }
        let order = { (item: LineItem) in item.id ?? 0 }
        removed.sort { order($0) < order($1) }
        added.sort { order($0) < order($1) }
        changed.sort { order($0.old) < order($1.old) }
    }

    // MARK: - Table cells

    mutating func compareCells(_ oldReports: ReportSet, _ newReports: ReportSet) {
        let movedItems = removed + added + changed.flatMap { [$0.old, $0.new] }
        for newTable in newReports.tables {
            guard let oldTable = oldReports.table(newTable.id) else { continue }
            var count = 0
            // Columns by their number in the template: a column without money may be left out on one side.
            let amountColumns = { (table: ReportTable) in
                (0..<table.columnCount).filter { table.columnKinds[$0] == .amount }.map { table.templateColumn($0) }
            }
            for number in Set(amountColumns(newTable) + amountColumns(oldTable)).sorted() {
                let newColumn = newTable.column(template: number)
                let oldColumn = oldTable.column(template: number)
                var keys: [String] = []
                var seen: Set<String> = []
                let candidates = (newColumn.map { newTable.keys(column: $0) } ?? []) + (oldColumn.map { oldTable.keys(column: $0) } ?? [])
                for key in candidates where seen.insert(key).inserted { keys.append(key) }
                for key in keys {
                    let a = oldColumn.map { oldTable.amount(row: key, column: $0) } ?? 0
                    let b = newColumn.map { newTable.amount(row: key, column: $0) } ?? 0
                    guard a != b else { continue }
                    count += 1
                    let inNew = newColumn.flatMap { newTable.rowIndex(key, column: $0) }
                    let (table, index, column) = inNew.map { (newTable, $0, newColumn!) }
                        ?? (oldTable, oldTable.rowIndex(key, column: oldColumn!)!, oldColumn!)
                    let filters = table.itemFilters(row: index, column: column)
                    let ids = movedItems.filter { item in filters.contains { $0.matches(item) } }.compactMap(\.id)
                    // A row that is gone is named as it was, in the earlier table.
                    let label = table.rowLabel(index, column: column) + (inNew == nil ? "（原表，现已没有这一行）" : "")
                    cells.append(CellChange(
                        table: newTable.id, title: newTable.title, rowKey: key, row: label, column: number,
                        columnLabel: table.header.columnLabels[column], old: a, new: b, items: Array(Set(ids)).sorted()))
                }
            }
            var total: (String, Fen, Fen)?
            if let key = ["grand", "total"].first(where: { newTable.row($0) != nil }),
                let column = newTable.rows.first(where: { $0.key == key })?.cells.firstIndex(where: { $0.amount != nil })
            {
                total = (newTable.rowLabel(newTable.rowIndex(key, column: column)!, column: column),
                    oldTable.amount(row: key, column: column), newTable.amount(row: key, column: column))
            }
            tables.append(TableSummary(table: newTable.id, title: newTable.title, changedCells: count, total: total))
        }
    }
}

extension LineItem: Classified {}

extension ReportTable {
    /// "第 5 行“201 一般公共服务支出”", or for a two-sided table the label left of the cell.
    public func rowLabel(_ row: Int, column: Int) -> String {
        let value = rows[row]
        switch value.level {
        case .fixed:
            let labels = value.cells.indices.filter { $0 < column && columnKinds[$0] != .index }.compactMap { value.cells[$0].text }
            guard let left = labels.filter({ !$0.isEmpty }).last else { return "第 \(row + 1) 行" }
            return "第 \(row + 1) 行“\(left)”"
        default:
            let codes = value.cells.indices.filter { columnKinds[$0] == .code }.compactMap { value.cells[$0].text }.joined()
            let name = value.cells.indices.filter { columnKinds[$0] == .text }.compactMap { value.cells[$0].text }.first ?? ""
            return "第 \(row + 1) 行“\([codes, name].filter { !$0.isEmpty }.joined(separator: " "))”"
        }
    }

    /// The filters of the line items a cell adds up: its own, or its parts' for a sum that has none.
    public func itemFilters(row: Int, column: Int, depth: Int = 0) -> [ItemFilter] {
        if let filter = filter(row: row, column: column) { return [filter] }
        guard depth < 16, row < rows.count, column < rows[row].cells.count, case .sum(_, let refs) = rows[row].cells[column] else { return [] }
        return refs.flatMap { itemFilters(row: $0.row, column: $0.column, depth: depth + 1) }
    }
}
