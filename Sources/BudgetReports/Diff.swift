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
        /// The changed line items that moved this cell (the net of their old and new versions in
        /// it is not zero), by their numbers in the newer state (in the older one for removed
        /// items); at most ``itemListLimit``, ``itemCount`` in all.
        public var items: [Int64]
        /// Between files numbered apart: the older file's numbers of its items that moved the cell.
        public var oldItems: [Int64] = []
        public var itemCount = 0
        /// The column's number in the template (序号 = 0), which `column` differs from when a
        /// column without money is left out.
        public var templateColumn: Int
    }

    /// How many item numbers a cell keeps; the rest are counted.
    public static let itemListLimit = 200

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

    /// Changes that are not amounts: units, projects, code names, the statement's texts,
    /// performance targets, procurement and asset details, last year's figures, the glossary,
    /// settings; one line each, in words.
    public var other: [String] = []
    /// The finance bureau's 控制数 added, removed and changed (amounts, with the round names),
    /// beside the draft's changes.
    public var caps: [CapChange] = []

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && cells.isEmpty && other.isEmpty && caps.isEmpty }

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

    /// The fields that say which line an item is (not how much, nor a note).
    static let identityFields: Set<String> = ["单位", "功能分类", "经济分类", "支出类型", "项目", "资金来源"]

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
        // Items by number, joined in one pass over both lists in number order (no dictionaries
        // of a million items).
        func order(_ items: [LineItem]) -> [Int] {
            let indices = Array(items.indices)
            let sorted = zip(items, items.dropFirst()).allSatisfy { ($0.id ?? 0) <= ($1.id ?? 0) }
            return sorted ? indices : indices.sorted { (items[$0].id ?? 0) < (items[$1].id ?? 0) }
        }
        let (oldOrder, newOrder) = (order(old), order(new))
        var pairs: [(Int, Int)] = []
        var onlyOld: [Int] = []
        var onlyNew: [Int] = []
        var i = 0
        var j = 0
        while i < oldOrder.count && j < newOrder.count {
            let (a, b) = (old[oldOrder[i]].id ?? 0, new[newOrder[j]].id ?? 0)
            if a == b {
                pairs.append((oldOrder[i], newOrder[j]))
                i += 1
                j += 1
            } else if a < b {
                onlyOld.append(oldOrder[i])
                i += 1
            } else {
                onlyNew.append(newOrder[j])
                j += 1
            }
        }
        onlyOld += oldOrder[i...]
        onlyNew += newOrder[j...]
        // Numbers mean the same line when most shared numbers still hold a similar item (same
        // unit and codes, or the same amount); otherwise the files were numbered apart.
        let similar = pairs.filter { pair in
            let (a, b) = (old[pair.0], new[pair.1])
            return (a.unitCode == b.unitCode && a.functional == b.functional && a.economic == b.economic) || a.amount == b.amount
        }.count
        if !pairs.isEmpty && similar * 2 >= pairs.count {
            matchedByNumber = true
            removed = onlyOld.map { old[$0] }
            added = onlyNew.map { new[$0] }
            for (x, y) in pairs {
                let (a, b) = (old[x], new[y])
                guard a != b else { continue }
                let changes = Self.fields(a, b)
                guard !changes.isEmpty else { continue }
                // A number given again to another line (the last item removed, a new one added):
                // most of what makes the line differs, so it is one removed and one added.
                if changes.filter({ Self.identityFields.contains($0.field) }).count >= 4 {
                    removed.append(a)
                    added.append(b)
                } else {
                    changed.append(ItemChange(old: a, new: b, fields: changes))
                }
            }
            removed.sort { ($0.id ?? 0) < ($1.id ?? 0) }
            added.sort { ($0.id ?? 0) < ($1.id ?? 0) }
            return
        }
        // By content: the same line with another amount is a change; the rest are added or removed.
        matchedByNumber = pairs.isEmpty && (old.isEmpty || new.isEmpty)
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
                // Each side's rows by key, built once: a table of a million items has thousands of rows.
                let newRows = newColumn.map { newTable.rowIndexes(column: $0) } ?? [:]
                let oldRows = oldColumn.map { oldTable.rowIndexes(column: $0) } ?? [:]
                var keys: [String] = []
                var seen: Set<String> = []
                let candidates = (newColumn.map { newTable.keys(column: $0) } ?? []) + (oldColumn.map { oldTable.keys(column: $0) } ?? [])
                for key in candidates where seen.insert(key).inserted { keys.append(key) }
                for key in keys {
                    let a = oldRows[key].map { oldTable.rows[$0].cells[oldColumn!].amount ?? 0 } ?? 0
                    let b = newRows[key].map { newTable.rows[$0].cells[newColumn!].amount ?? 0 } ?? 0
                    guard a != b else { continue }
                    count += 1
                    let inNew = newRows[key]
                    let (table, index, column) = inNew.map { (newTable, $0, newColumn!) } ?? (oldTable, oldRows[key]!, oldColumn!)
                    // A row that is gone is named as it was, in the earlier table.
                    let label = table.rowLabel(index, column: column) + (inNew == nil ? "（原表，现已没有这一行）" : "")
                    cells.append(
                        CellChange(
                            table: newTable.id, title: newTable.title, rowKey: key, row: label, column: column,
                            columnLabel: table.header.columnLabels[column], old: a, new: b, items: [], templateColumn: number))
                }
            }
            var total: (String, Fen, Fen)?
            if let key = ["grand", "total"].first(where: { newTable.row($0) != nil }),
                let column = newTable.rows.first(where: { $0.key == key })?.cells.firstIndex(where: { $0.amount != nil }),
                oldTable.amount(row: key, column: column) != newTable.amount(row: key, column: column)
            {
                total = (
                    newTable.rowLabel(newTable.rowIndex(key, column: column)!, column: column),
                    oldTable.amount(row: key, column: column), newTable.amount(row: key, column: column)
                )
            }
            tables.append(TableSummary(table: newTable.id, title: newTable.title, changedCells: count, total: total))
        }
        attributeItems(oldReports, newReports)
    }

    /// Names in each changed cell the changed items whose net effect on it (new version counted
    /// there minus old version counted there) is not zero. Each item version is tried only
    /// against the changed cells of the rows it can fall in (its codes' rows and 合计 in a table
    /// from the data, every row of a fixed table), so a diff costs in proportion to the items
    /// that changed, not to items × cells.
    mutating func attributeItems(_ oldReports: ReportSet, _ newReports: ReportSet) {
        guard !cells.isEmpty else { return }
        /// A table on one side, with its changed cells by row: an item's rows are looked up by
        /// index, and only the changed cells in them are tried. Entries point into one array of
        /// filters, so that trying them copies nothing.
        struct Entry {
            var cell: Int
            var first: Int
            var count: Int
        }
        struct Side {
            var fixed: Bool
            var listed: Bool
            var rows: [String: [Int]]
            var cellsByRow: [[Entry]]
        }
        var filters: [ItemFilter] = []
        func sides(_ reports: ReportSet) -> [Side] {
            reports.tables.compactMap { table in
                var cellsByRow = [[Entry]](repeating: [], count: table.rows.count)
                var any = false
                var indexes: [Int: [String: Int]] = [:]
                for (index, cell) in cells.enumerated() where cell.table == table.id {
                    guard let column = table.column(template: cell.templateColumn) else { continue }
                    if indexes[column] == nil { indexes[column] = table.rowIndexes(column: column) }
                    guard let row = indexes[column]![cell.rowKey] else { continue }
                    let own = table.itemFilters(row: row, column: column)
                    cellsByRow[row].append(Entry(cell: index, first: filters.count, count: own.count))
                    filters += own
                    any = true
                }
                guard any else { return nil }
                var rows: [String: [Int]] = [:]
                for (index, row) in table.rows.enumerated() { rows[row.key, default: []].append(index) }
                return Side(
                    fixed: table.rows.contains { $0.level == .fixed }, listed: !table.listedColumns.isEmpty, rows: rows, cellsByRow: cellsByRow)
            }
        }
        let oldSides = sides(oldReports)
        let newSides = sides(newReports)
        var ancestors: [String: [String]] = [:]
        func lineage(_ kind: CodeKind, _ code: String) -> [String] {
            if let known = ancestors[kind.rawValue + code] { return known }
            let found = kind.ancestors(of: code) + [code]
            ancestors[kind.rawValue + code] = found
            return found
        }
        /// The changed cells (by index) an item version counts in, with its amount.
        func touched(_ item: LineItem, _ sides: [Side]) -> [Int: Fen] {
            var out: [Int: Fen] = [:]
            let keys = ["total"] + lineage(.functional, item.functional) + lineage(.economic, item.economic)
            for s in sides.indices {
                let all = sides[s].fixed || sides[s].listed
                let rows = all ? Array(sides[s].cellsByRow.indices) : keys.flatMap { sides[s].rows[$0] ?? [] }
                for row in rows {
                    for entry in sides[s].cellsByRow[row] {
                        var hit = false
                        for f in entry.first..<entry.first + entry.count where filters[f].matches(item) {
                            hit = true
                            break
                        }
                        if hit { out[entry.cell, default: 0] += item.amount }
                    }
                }
            }
            return out
        }
        func record(_ net: [Int: Fen], id: Int64?, old: Bool) {
            for (index, amount) in net where amount != 0 {
                guard let id else { continue }
                cells[index].itemCount += 1
                if old {
                    if cells[index].oldItems.count < Self.itemListLimit { cells[index].oldItems.append(id) }
                } else if cells[index].items.count < Self.itemListLimit {
                    cells[index].items.append(id)
                }
            }
        }
        // Items removed: their old numbers, marked as the older file's when the files are numbered apart.
        for item in removed { record(touched(item, oldSides).mapValues { -$0 }, id: item.id, old: !matchedByNumber) }
        for item in added { record(touched(item, newSides), id: item.id, old: false) }
        for change in changed {
            var net = touched(change.new, newSides)
            for (cell, amount) in touched(change.old, oldSides) { net[cell, default: 0] -= amount }
            record(net, id: change.new.id ?? change.old.id, old: false)
        }
        for index in cells.indices {
            cells[index].items.sort()
            cells[index].oldItems.sort()
        }
    }
}

extension ReportTable {
    /// "第 5 行“201 一般公共服务支出”", or for a two-sided table the label left of the cell.
    public func rowLabel(_ row: Int, column: Int) -> String {
        let value = rows[row]
        if let label = value.label { return "第 \(row + 1) 行“\(label)”" }
        switch value.level {
        case .fixed:
            let labels = value.cells.indices.filter { $0 < column && columnKinds[$0] != .index }.compactMap { value.cells[$0].text }
                .filter { !$0.isEmpty }
            // A figure left of the cell (a count, an area, “——”) is not what the row is called.
            let isFigure = { (text: String) in text.allSatisfy { ("0"..."9").contains($0) || ".,-—".contains($0) } }
            guard let left = labels.last(where: { !isFigure($0) }) ?? labels.last else { return "第 \(row + 1) 行" }
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
