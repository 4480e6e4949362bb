import BudgetModel
import Foundation

/// Computes the disclosure tables of a project under a template.
public enum ReportEngine {
    /// The straightforward computation from every line item of a snapshot.
    public static func compute(_ snapshot: ProjectSnapshot, template: Template) throws -> ReportSet {
        try compute(BudgetData(snapshot), template: template)
    }

    /// Computes the tables from the project's totals.
    public static func compute(_ data: BudgetData, template: Template) throws -> ReportSet {
        var collapsed = CollapseCache()
        return try compute(data, template: template, collapsed: &collapsed)
    }

    /// The same, with the totals collapsed for the fixed tables kept in `collapsed` (filled on
    /// first use): a resident session keeps them between edits and adds each edit's lines to
    /// them (``CollapseCache/add(_:sign:)``) instead of collapsing every total again.
    /// With `only`, just those of the template's tables (see ``computesAlone(_:_:)``).
    public static func compute(
        _ data: BudgetData, template: Template, collapsed: inout CollapseCache, only: Set<String>? = nil
    ) throws -> ReportSet {
        var tables: [ReportTable] = []
        for spec in template.tables where only?.contains(spec.id) ?? true {
            let header = try HeaderLayout.place(spec.header, file: template.name, table: spec.id)
            var table: ReportTable
            switch spec.body {
            case .hierarchy(let body):
                table = hierarchyTable(spec, body, header: header, totals: try totals(for: spec, data), data: data)
            case .fixed(let body):
                let items = collapsed.items(for: spec, body, try totals(for: spec, data))
                table = try fixedTable(
                    spec, body, header: header, items: items, template: template.name,
                    operationCosts: {
                        try operationCosts(data, template: template, table: spec.id)
                    })
            }
            if case .fixed(let body) = spec.body, let list = body.list { table = listed(table, list) }
            if let optional = spec.optionalColumns, !optional.isEmpty { table = withoutEmptyColumns(table, Set(optional)) }
            table.title = fill(spec.title, data.department)
            table.note = nil
            table.amountUnit = spec.amountUnit
            table.zeroDisplay = spec.zeroDisplay
            for index in table.rows.indices { table.rows[index].cells[0] = .text(String(index + 1)) }
            if template.numberRow == false || template.indexColumn == false { table.numberRow = [] }
            // The template's note, unless the project prints none (Shanghai's municipal documents).
            table.note = table.isEmpty && data.tableSettings.emptyNotes ? spec.emptyNote.map { fill($0, data.department) } : nil
            tables.append(table)
        }
        let (decided, units) = decimals(template, tables, data.tableSettings.yuanDecimals)
        for (index, unit) in units.enumerated() { tables[index].amountUnit = unit }
        return ReportSet(template: decided, department: data.department, tables: tables)
    }

    /// Whether a table computed alone is the same as computed with the others: each table's
    /// figures come from the totals alone, and only the number format of whole 元 can depend on
    /// other tables (``decimals(_:_:_:)``: with `.auto`, any table in whole 元 with 分).
    public static func computesAlone(_ template: Template, _ settings: TableSettings) -> Bool {
        settings.yuanDecimals != .auto || !template.tables.contains { ($0.amountUnit ?? template.amountUnit) == "yuan-whole" }
    }

    /// The decimals of amounts in 元 as the project chooses (``YuanDecimals``): the template and
    /// each table's own unit, "yuan" (two decimals) or "yuan-whole". With `.auto`, whole 元
    /// becomes two decimals when any amount of a table in whole 元 has 分; tables in 万元 keep
    /// theirs. Only the number format changes, never a value.
    static func decimals(_ template: Template, _ tables: [ReportTable], _ choice: YuanDecimals) -> (Template, [String?]) {
        let isYuan: (String?) -> Bool = { $0 == "yuan" || $0 == "yuan-whole" }
        let target: String?
        switch choice {
        case .whole: target = "yuan-whole"
        case .two: target = "yuan"
        case .auto:
            let hasFen = tables.contains { table in
                (table.amountUnit ?? template.amountUnit) == "yuan-whole"
                    && table.rows.contains { $0.cells.contains { ($0.amount ?? 0) % 100 != 0 } }
            }
            target = hasFen ? "yuan" : nil
        }
        guard let target else { return (template, tables.map(\.amountUnit)) }
        var out = template
        if isYuan(out.amountUnit) { out.amountUnit = target }
        return (out, tables.map { isYuan($0.amountUnit) ? target : $0.amountUnit })
    }

    /// The totals a table needs: summed along the one classification it looks at, or by both.
    static func totals(for spec: TableSpec, _ data: BudgetData) throws -> [ItemTotal] {
        switch (spec.usesFunctional, spec.usesEconomic) {
        case (true, true):
            guard let totals = data.totals else {
                throw TemplateError(file: spec.id, message: "表 \(spec.id) 同时按功能分类和经济分类计算，需要完整的汇总数")
            }
            return totals
        case (false, true): return data.economicTotals
        default: return data.functionalTotals
        }
    }

    /// A title or note with `{year}`, `{name}` and `{code}` filled in.
    static func fill(_ pattern: String, _ department: Department) -> String {
        pattern.replacingOccurrences(of: "{year}", with: String(department.year))
            .replacingOccurrences(of: "{name}", with: department.name)
            .replacingOccurrences(of: "{code}", with: department.code)
    }

    /// 机关运行经费: 一般公共预算 (with its carry-over) 基本支出 公用经费, of every unit or of 行政
    /// and 参公 units only, as the template (or else the project) says; with the filter of the
    /// line items behind it (by unit when only some units count), for provenance.
    static func operationCosts(_ data: BudgetData, template: Template, table: String) throws -> (Fen, ItemFilter) {
        let scope = template.operationCostScope.flatMap(OperationCostScope.init(rawValue:)) ?? data.operationCostScope
        let all = ItemFilter.operationCosts(units: nil)
        let sum = { data.economicTotals.reduce(Fen(0)) { all.matches($1) ? $0 + $1.amount : $0 } }
        guard scope == .administrative else { return (sum(), all) }
        let filter = ItemFilter.operationCosts(units: Set(data.units.filter { scope.counts($0.nature) }.map(\.code)))
        if let byNature = data.publicFundsByUnitNature {
            let amount = byNature.reduce(Fen(0)) { total, entry in scope.counts(entry.key) ? total + entry.value.values.reduce(0, +) : total }
            return (amount, filter)
        }
        // One unit's own tables: its nature decides.
        guard data.units.count == 1 else {
            throw TemplateError(file: template.name, message: "表 \(table) 的机关运行经费只计行政和参公单位，需要按单位性质汇总的公用经费")
        }
        return (scope.counts(data.units[0].nature) ? sum() : 0, filter)
    }

    // MARK: - Columns shown only with money

    /// Leaves out the optional columns that have no money: their cells, header cells (or one
    /// column of a header cell's span), filters and the references to them; the rest move left.
    static func withoutEmptyColumns(_ table: ReportTable, _ optional: Set<Int>) -> ReportTable {
        let dropped = optional.filter { column in table.rows.allSatisfy { ($0.cells[column].amount ?? 0) == 0 } }
        guard !dropped.isEmpty else { return table }
        let kept = (0..<table.columnCount).filter { !dropped.contains($0) }
        let newIndex = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        var out = table
        out.columnKinds = kept.map { table.columnKinds[$0] }
        out.rows = table.rows.map { row in
            var row = row
            row.cells = kept.map { column in
                guard case .sum(let value, let refs) = row.cells[column] else { return row.cells[column] }
                return .sum(value, refs: refs.compactMap { ref in newIndex[ref.column].map { CellRef(row: ref.row, column: $0) } })
            }
            return row
        }
        out.cellFilters = table.cellFilters.map { filters in kept.map { $0 < filters.count ? filters[$0] : nil } }
        var cells: [HeaderLayout.Cell] = []
        for cell in table.header.cells {
            let columns = (cell.column..<cell.column + cell.columnSpan).compactMap { newIndex[$0] }
            guard let first = columns.first else { continue }
            cells.append(HeaderLayout.Cell(text: cell.text, row: cell.row, column: first, rowSpan: cell.rowSpan, columnSpan: columns.count))
        }
        out.header = HeaderLayout(cells: cells, rowCount: table.header.rowCount, columnCount: kept.count)
        if !table.numberRow.isEmpty { out.numberRow = numberRow(kept.count) }
        out.listedColumns = Set(table.listedColumns.compactMap { newIndex[$0] })
        out.templateColumns = kept.map { table.templateColumn($0) }
        out.merges = table.merges.compactMap { merge in
            newIndex[merge.column].map { CellMerge(row: merge.row, column: $0, rowSpan: merge.rowSpan, columnSpan: merge.columnSpan) }
        }
        return out
    }

    // MARK: - Columns that list only rows with money

    /// Moves the listed columns' non-empty cells up, in order, numbers their labels, drops the
    /// rows left empty, and points every sum at the cells' new places.
    static func listed(_ table: ReportTable, _ list: ListSpec) -> ReportTable {
        let candidates = list.rows.compactMap { key in table.rows.firstIndex { $0.key == key } }
        let columns = Set(list.columns)
        let kept = candidates.filter { r in list.columns.contains { (table.rows[r].cells[$0].amount ?? 0) != 0 } }
        // Old row → new row, for the listed columns and for the others.
        var listedTarget: [Int: Int] = [:]
        for (offset, r) in kept.enumerated() { listedTarget[r] = candidates[offset] }
        var cells = table.rows.map(\.cells)
        var filters = table.cellFilters
        var listedKeys = [String?](repeating: nil, count: table.rows.count)
        for (offset, target) in candidates.enumerated() {
            let source = offset < kept.count ? kept[offset] : nil
            for column in list.columns {
                var cell: ReportCell = .empty
                var filter: ItemFilter? = nil
                if let source {
                    cell = table.rows[source].cells[column]
                    filter = table.filter(row: source, column: column)
                    if column == list.numberColumn, list.numbering == "chinese", let text = cell.text {
                        cell = .text(ChineseNumber.of(offset + 1) + "、" + text)
                    }
                }
                cells[target][column] = cell
                if target < filters.count, column < filters[target].count { filters[target][column] = filter }
            }
            listedKeys[target] = source.map { table.rows[$0].key }
        }
        // Rows of the list left with nothing in any column go.
        let listedRows = Set(candidates)
        let keptRows = table.rows.indices.filter { r in
            !listedRows.contains(r) || cells[r].dropFirst().contains { $0 != .empty }
        }
        let newIndex = Dictionary(uniqueKeysWithValues: keptRows.enumerated().map { ($1, $0) })
        func moved(_ ref: CellRef) -> CellRef? {
            let row = columns.contains(ref.column) ? (listedRows.contains(ref.row) ? listedTarget[ref.row] : ref.row) : ref.row
            guard let row, let index = newIndex[row] else { return nil }
            return CellRef(row: index, column: ref.column)
        }
        var out = table
        out.rows = keptRows.map { r in
            var row = table.rows[r]
            row.cells = cells[r].map { cell in
                guard case .sum(let value, let refs) = cell else { return cell }
                return .sum(value, refs: refs.compactMap(moved))
            }
            return row
        }
        out.cellFilters = keptRows.map { $0 < filters.count ? filters[$0] : [] }
        out.listedKeys = keptRows.map { listedKeys[$0] ?? (listedRows.contains($0) ? nil : table.rows[$0].key) }
        out.listedColumns = columns
        return out
    }

    static func numberRow(_ count: Int) -> [String] {
        ["栏次"] + (1..<count).map(String.init)
    }

    // MARK: - Rows from the data

    static func hierarchyTable(_ spec: TableSpec, _ body: HierarchySpec, header: HeaderLayout, totals: [ItemTotal], data: BudgetData) -> ReportTable {
        let kind = body.classification
        let tableFilter = ItemFilter(spec.filter)
        let codeColumns = body.codeColumns
        let firstAmount = 2 + codeColumns
        let columnFilters: [ItemFilter?] = body.columns.map { $0.filter.map { tableFilter.and(ItemFilter($0)) } }
        // Exact sums per leaf code and column first, then rolled up to every ancestor: the
        // per-total work is one dictionary lookup.
        // Each leaf's sums in a slot of an array, found by one lookup per total and added to in place.
        let zeros = [Fen](repeating: 0, count: body.columns.count)
        var slots: [String: Int] = [:]
        var leafCodes: [String] = []
        var leafValues: [[Fen]] = []
        var total = zeros
        for item in totals where tableFilter.matches(item) {
            let leaf = kind == .functional ? item.functional : item.economic
            let slot: Int
            if let known = slots[leaf] {
                slot = known
            } else {
                slot = leafValues.count
                slots[leaf] = slot
                leafCodes.append(leaf)
                leafValues.append(zeros)
            }
            for (index, filter) in columnFilters.enumerated() where filter?.matches(item) == true {
                leafValues[slot][index] += item.amount
                total[index] += item.amount
            }
        }
        let any = !leafCodes.isEmpty
        var sums = Dictionary(uniqueKeysWithValues: zip(leafCodes, leafValues))
        for (leaf, values) in zip(leafCodes, leafValues) {
            for code in kind.ancestors(of: leaf) {
                var parent = sums[code] ?? [Fen](repeating: 0, count: body.columns.count)
                for index in parent.indices { parent[index] += values[index] }
                sums[code] = parent
            }
        }
        let width = firstAmount + body.columns.count
        let kinds: [ColumnKind] =
            [.index] + Array(repeating: .code, count: codeColumns) + [.text]
            + Array(repeating: .amount, count: body.columns.count)
        // The 合计 label in the name column, or from the first code column over the codes and the
        // name, merged (Shanghai).
        let labelFirst = body.totalLabelAt == "code"
        let totalLabelCells: [ReportCell] =
            labelFirst
            ? [.text(body.totalLabel)] + Array(repeating: .empty, count: codeColumns)
            : Array(repeating: .empty, count: codeColumns) + [.text(body.totalLabel)]
        func totalMerge(_ row: Int) -> [CellMerge] {
            labelFirst ? [CellMerge(row: row, column: 1, rowSpan: 1, columnSpan: codeColumns + 1)] : []
        }
        guard any else {
            // Shanghai prints an empty table's header and an empty 合计 row.
            let rows =
                body.emptyTotalRow == true
                ? [
                    ReportRow(
                        key: "total", level: .total, cells: [.empty] + totalLabelCells + Array(repeating: .amount(0), count: body.columns.count))
                ]
                : []
            return ReportTable(
                id: spec.id, title: spec.title, sheetName: spec.sheetName, header: header, columnKinds: kinds,
                numberRow: numberRow(width), rows: rows, note: nil, cellFilters: rows.isEmpty ? [] : [Array(repeating: nil, count: width)],
                merges: rows.isEmpty ? [] : totalMerge(0))
        }
        let codes = sums.keys.sorted()
        // 合计 first (Hebei) or last (Shanghai); sums refer to rows by key, so either order adds up.
        let keys = body.totalRow == "last" ? codes + ["total"] : ["total"] + codes
        let rowIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        func level(_ code: String) -> Int { kind.level(of: code) }
        // Each code's children, in row order: its parent is its longest ancestor.
        var childRows: [String: [Int]] = [:]
        for code in codes {
            childRows[kind.ancestors(of: code).last ?? "total", default: []].append(rowIndex[code]!)
        }
        func children(_ key: String) -> [Int] { childRows[key] ?? [] }
        var rows: [ReportRow] = []
        var filters: [[ItemFilter?]] = []
        for key in keys {
            let values = key == "total" ? total : sums[key]!
            let childRows = children(key)
            let isLeaf = childRows.isEmpty
            var cells: [ReportCell] =
                key == "total"
                ? [.empty] + totalLabelCells
                : [.empty] + Self.codeCells(key, kind: kind, columns: codeColumns) + [.text(data.codes.name(kind, key) ?? "")]
            var rowFilters: [ItemFilter?] = Array(repeating: nil, count: firstAmount)
            for (index, column) in body.columns.enumerated() {
                let scoped = columnFilters[index].map { key == "total" ? $0 : $0.under(kind, key) }
                rowFilters.append(scoped)
                let columnNumber = firstAmount + index
                if isLeaf, let sumCols = column.sumCols {
                    let refs = sumCols.map { CellRef(row: rowIndex[key]!, column: $0) }
                    let value = column.filter != nil ? values[index] : sumCols.reduce(0) { $0 + values[$1 - firstAmount] }
                    cells.append(.sum(value, refs: refs))
                } else if isLeaf {
                    cells.append(.amount(values[index]))
                } else {
                    let refs = childRows.map { CellRef(row: $0, column: columnNumber) }
                    let value: Fen
                    if column.filter != nil {
                        value = values[index]
                    } else {
                        value = (column.sumCols ?? []).reduce(0) { $0 + values[$1 - firstAmount] }
                    }
                    cells.append(.sum(value, refs: refs))
                }
            }
            let rowLevel: RowLevel = key == "total" ? .total : .level(level(key))
            rows.append(ReportRow(key: key, level: rowLevel, cells: cells))
            filters.append(rowFilters)
        }
        return ReportTable(
            id: spec.id, title: spec.title, sheetName: spec.sheetName, header: header, columnKinds: kinds,
            numberRow: numberRow(width), rows: rows, note: nil, cellFilters: filters, merges: totalMerge(rowIndex["total"]!))
    }

    /// The code of a row in its columns: "2010306" in one, or "201" | "03" | "06" split by level.
    static func codeCells(_ code: String?, kind: CodeKind, columns: Int) -> [ReportCell] {
        guard let code else { return Array(repeating: .empty, count: columns) }
        guard columns > 1 else { return [.text(code)] }
        let bounds = kind == .functional ? [0, 3, 5, 7] : [0, 3, 5]
        return (0..<columns).map { level in
            let start = bounds[level]
            let end = bounds[level + 1]
            guard code.count >= end else { return .empty }
            return .text(String(code.dropFirst(start).prefix(end - start)))
        }
    }

    // MARK: - Rows fixed by the template

    /// Sums totals over the detail no filter of a fixed table looks at (a table of 31 classes needs
    /// 3 digits of the functional code and no economic code), so that each of its cells adds up a
    /// few hundred totals instead of every one.
    static func depths(_ spec: TableSpec) -> (functional: Int, economic: Int) {
        let filters = spec.allFilters
        return (
            filters.flatMap { $0.functionalPrefixes ?? [] }.map(\.count).max() ?? 0,
            filters.flatMap { $0.economicCodes ?? [] }.map(\.count).max() ?? 0
        )
    }

    static func collapse(_ items: [ItemTotal], depths: (functional: Int, economic: Int)) -> [ItemTotal] {
        let depth = depths.functional
        let economicDepth = depths.economic
        var sums: [ItemTotal.Key: (Fen, Int)] = [:]
        for item in items {
            var key = item.key
            key.functional = String(key.functional.prefix(depth))
            key.economic = String(key.economic.prefix(economicDepth))
            let old = sums[key] ?? (0, 0)
            sums[key] = (old.0 + item.amount, old.1 + item.count)
        }
        return sums.map { ItemTotal(key: $0.key, amount: $0.value.0, count: $0.value.1) }
    }

    /// Collapsed totals, shared by fixed tables that look at the same detail (tables 1 and 4).
    public struct CollapseCache: Sendable {
        var cache: [[Int]: [ItemTotal]] = [:]

        public init() {}

        /// Adds lines (`sign` 1) or takes them out (-1) of every collapse kept, as collapsing the
        /// totals with those lines in or out would: a collapsed total left with no item goes.
        public mutating func add(_ lines: [some Classified], sign: Int) {
            for (key, var items) in cache {
                let (depth, economicDepth, usesFunctional, usesEconomic) = (key[0], key[1], key[2] == 1, key[3] == 1)
                for line in lines {
                    // The totals the tables read (``ReportEngine/totals(for:_:)``), then collapsed.
                    var total = ItemTotal.Key(line)
                    total.functional = usesFunctional || !usesEconomic ? String(total.functional.prefix(depth)) : ""
                    total.economic = usesEconomic ? String(total.economic.prefix(economicDepth)) : ""
                    if let index = items.firstIndex(where: { $0.key == total }) {
                        items[index].amount += Fen(sign) * line.amount
                        items[index].count += sign
                        if items[index].count == 0 { items.remove(at: index) }
                    } else {
                        items.append(ItemTotal(key: total, amount: Fen(sign) * line.amount, count: sign))
                    }
                }
                cache[key] = items
            }
        }

        mutating func items(for spec: TableSpec, _ body: FixedSpec, _ totals: [ItemTotal]) -> [ItemTotal] {
            let depths = depths(spec)
            let key = [depths.functional, depths.economic, spec.usesFunctional ? 1 : 0, spec.usesEconomic ? 1 : 0]
            if let known = cache[key] { return known }
            let items = collapse(totals, depths: depths)
            cache[key] = items
            return items
        }
    }

    /// Fed collapsed totals (see ``collapse``).
    static func fixedTable(
        _ spec: TableSpec, _ body: FixedSpec, header: HeaderLayout, items: [ItemTotal], template: String,
        operationCosts: () throws -> (Fen, ItemFilter) = { (0, .all) }
    ) throws -> ReportTable {
        let tableFilter = ItemFilter(spec.filter)
        let kinds: [ColumnKind] = [.index] + body.columns.map { if case .text = $0 { .text } else { .amount } }
        let rowIndex = Dictionary(body.rows.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        var cells = [[ReportCell]](repeating: [], count: body.rows.count)
        var filters = [[ItemFilter?]](repeating: [], count: body.rows.count)
        // First pass: labels and amounts; sums are placed afterwards, once their parts are known.
        var pendingSums: [(row: Int, column: Int, refs: [CellRef], direct: Fen?)] = []
        for (r, row) in body.rows.enumerated() {
            cells[r] = [.empty]
            filters[r] = [nil]
            let rowFilter = tableFilter.and(ItemFilter(row.filter))
            for (c, cellSpec) in row.cells.enumerated() {
                let column = c + 1
                var columnFilter = rowFilter
                if case .amount(let filter) = body.columns[c] { columnFilter = rowFilter.and(ItemFilter(filter)) }
                func direct(_ spec: FilterSpec?) -> (ItemFilter, Fen)? {
                    guard let spec else { return nil }
                    let filter = columnFilter.and(ItemFilter(spec))
                    return (filter, items.reduce(0) { filter.matches($1) ? $0 + $1.amount : $0 })
                }
                if let text = cellSpec.text {
                    cells[r].append(.text(text))
                    filters[r].append(nil)
                } else if cellSpec.operationCosts == true {
                    let (amount, filter) = try operationCosts()
                    cells[r].append(.amount(amount))
                    filters[r].append(filter)
                } else if let amount = direct(cellSpec.amount) {
                    cells[r].append(.amount(amount.1))
                    filters[r].append(amount.0)
                } else if cellSpec.sumRows != nil || cellSpec.sumCols != nil {
                    var refs: [CellRef] = []
                    for key in cellSpec.sumRows ?? [] {
                        guard let target = rowIndex[key] else {
                            throw TemplateError(file: template, message: "表 \(spec.id) 行 \(row.key) 引用了不存在的行 \(key)")
                        }
                        refs.append(CellRef(row: target, column: column))
                    }
                    refs += (cellSpec.sumCols ?? []).map { CellRef(row: r, column: $0) }
                    let independent = direct(cellSpec.filter)
                    cells[r].append(.sum(0, refs: refs))
                    filters[r].append(independent?.0)
                    pendingSums.append((r, column, refs, independent?.1))
                } else {
                    cells[r].append(.empty)
                    filters[r].append(nil)
                }
            }
        }
        // Sums without an independent filter take the sum of their parts, in dependency order.
        func value(_ ref: CellRef, depth: Int = 0) -> Fen {
            guard depth < 64 else { return 0 }
            switch cells[ref.row][ref.column] {
            case .amount(let fen): return fen
            case .sum(_, let refs):
                if let pending = pendingSums.first(where: { $0.row == ref.row && $0.column == ref.column }), let direct = pending.direct {
                    return direct
                }
                return refs.reduce(0) { $0 + value($1, depth: depth + 1) }
            default: return 0
            }
        }
        for pending in pendingSums {
            cells[pending.row][pending.column] = .sum(value(CellRef(row: pending.row, column: pending.column)), refs: pending.refs)
        }
        let rows = body.rows.enumerated().map { ReportRow(key: $1.key, level: .fixed, cells: cells[$0]) }
        return ReportTable(
            id: spec.id, title: spec.title, sheetName: spec.sheetName, header: header, columnKinds: kinds,
            numberRow: numberRow(kinds.count), rows: rows, note: nil, cellFilters: filters)
    }
}
