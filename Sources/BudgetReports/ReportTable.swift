import BudgetModel
import Foundation

/// A computed disclosure table, neutral of any output format: renderers draw it as XLSX,
/// terminal text or CSV, and never change a number.
public struct ReportTable: Sendable {
    public var id: String
    public var title: String
    public var sheetName: String
    public var header: HeaderLayout
    public var columnKinds: [ColumnKind]
    /// The 栏次 row: "栏次", then the column numbers of every column but 序号.
    public var numberRow: [String]
    public var rows: [ReportRow]
    /// The "注：无…，空表列示。" line when the table has nothing to show.
    public var note: String?
    /// For each row and column, which line items an amount cell adds up (for provenance).
    var cellFilters: [[ItemFilter?]] = []
    /// The lines between the title and the header; nil means the template's three (department,
    /// year, unit).
    public var lines: [String]? = nil
    /// Body cells merged over several rows or columns (the first cell holds the content).
    public var merges: [CellMerge] = []
    /// The table's own amount unit, when the template gives it one (see ``ReportSet/scoped(to:)``).
    public var amountUnit: String? = nil
    /// The table's own zero display, when the template gives it one.
    public var zeroDisplay: String? = nil
    /// For a table whose columns list only rows with money (``ListSpec``): the key of the row
    /// each listed cell came from, by row index, so that a class is found wherever it moved.
    public var listedKeys: [String?] = []
    public var listedColumns: Set<Int> = []
    /// For each column, its number in the template (序号 = 0): they differ once columns without
    /// money are left out (``TableSpec/optionalColumns``). Empty means the same.
    public var templateColumns: [Int] = []

    /// The column a template's column number is now, or nil when it was left out.
    public func column(template number: Int) -> Int? {
        templateColumns.isEmpty ? (number < columnCount ? number : nil) : templateColumns.firstIndex(of: number)
    }

    /// The template's number of a column.
    public func templateColumn(_ column: Int) -> Int { templateColumns.isEmpty ? column : templateColumns[column] }

    public var columnCount: Int { columnKinds.count }

    /// The row with a key, if the table has it.
    public func row(_ key: String) -> ReportRow? { rows.first { $0.key == key } }

    /// The index of the row holding a key's cell in a column: the row with that key, or, in a
    /// listed column, the row the key's cell moved to.
    public func rowIndex(_ key: String, column: Int) -> Int? {
        if listedColumns.contains(column) { return listedKeys.firstIndex(of: key) }
        return rows.firstIndex { $0.key == key }
    }

    /// Each key's row in a column (as ``rowIndex(_:column:)`` finds it, the first of a key),
    /// built once for looking up many keys.
    public func rowIndexes(column: Int) -> [String: Int] {
        let keys: [String?] = listedColumns.contains(column) ? listedKeys : rows.map(\.key)
        var out: [String: Int] = [:]
        for (index, key) in keys.enumerated() { if let key, out[key] == nil { out[key] = index } }
        return out
    }

    /// Each key's amount in a column (empty and text cells count as zero).
    public func amounts(column: Int) -> [String: Fen] {
        rowIndexes(column: column).mapValues { rows[$0].cells[column].amount ?? 0 }
    }

    /// Every key a column has a row for.
    public func keys(column: Int) -> [String] {
        listedColumns.contains(column) ? listedKeys.compactMap { $0 } : rows.map(\.key)
    }

    /// The exact amount of a cell in fen; empty and text cells count as zero.
    public func amount(row key: String, column: Int) -> Fen {
        rowIndex(key, column: column).flatMap { rows[$0].cells[column].amount } ?? 0
    }

    /// The filter that selects the line items behind a cell.
    public func filter(row: Int, column: Int) -> ItemFilter? {
        row < cellFilters.count && column < cellFilters[row].count ? cellFilters[row][column] : nil
    }

    /// The lines between title and header, in a project's report set.
    /// A template line left empty is not printed, so a region with one line under the title
    /// ("编制部门：{name}　单位：元") gives the others as "".
    public func lines(in reports: ReportSet) -> [String] {
        let reports = reports.scoped(to: self)
        return lines ?? [reports.departmentLine, reports.yearLine, reports.unitLine].filter { !$0.isEmpty }
    }

    /// Whether every amount cell is zero or empty.
    public var isEmpty: Bool {
        rows.allSatisfy { $0.cells.allSatisfy { ($0.amount ?? 0) == 0 } }
    }
}

public enum ColumnKind: Sendable, Equatable {
    case index, code, text, amount
}

public enum RowLevel: Sendable, Equatable {
    /// 合计.
    case total
    /// 类, 款 and 项 of a classification (1, 2, 3).
    case level(Int)
    /// A row fixed by the template.
    case fixed
}

public struct ReportRow: Sendable {
    /// The row's key: a code, "total", or the key the template gives a fixed row.
    public var key: String
    public var level: RowLevel
    /// Every column, 序号 first.
    public var cells: [ReportCell]
    /// What the row is called in diff, explain and check messages, when the cells left of an
    /// amount do not name it (a purchase: its source and item, not its quantity).
    public var label: String? = nil
}

/// A block of body cells shown as one: `rowSpan` rows by `columnSpan` columns from (row, column).
public struct CellMerge: Hashable, Sendable {
    public var row: Int
    public var column: Int
    public var rowSpan: Int
    public var columnSpan: Int

    public init(row: Int, column: Int, rowSpan: Int, columnSpan: Int) {
        self.row = row
        self.column = column
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
    }
}

public struct CellRef: Hashable, Sendable {
    /// Index into `ReportTable.rows`.
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

public enum ReportCell: Sendable, Equatable {
    case empty
    case text(String)
    case amount(Fen)
    /// A total that the workbook writes as a SUM formula over `refs`, with its exact value.
    case sum(Fen, refs: [CellRef])

    public var amount: Fen? {
        switch self {
        case .amount(let fen), .sum(let fen, _): fen
        default: nil
        }
    }

    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

/// Header cells placed on a grid, with their spans.
public struct HeaderLayout: Sendable {
    public struct Cell: Sendable, Equatable {
        public init(text: String, row: Int, column: Int, rowSpan: Int = 1, columnSpan: Int = 1) {
            self.text = text
            self.row = row
            self.column = column
            self.rowSpan = rowSpan
            self.columnSpan = columnSpan
        }

        public var text: String
        public var row: Int
        public var column: Int
        public var rowSpan: Int
        public var columnSpan: Int
    }

    public var cells: [Cell]
    public var rowCount: Int
    public var columnCount: Int
    /// A one-line label per column: the header texts above it, joined with "·".
    public let columnLabels: [String]

    public init(cells: [Cell], rowCount: Int, columnCount: Int) {
        self.cells = cells
        self.rowCount = rowCount
        self.columnCount = columnCount
        columnLabels = (0..<columnCount).map { column in
            var parts: [String] = []
            for cell in cells.sorted(by: { $0.row < $1.row }) where column >= cell.column && column < cell.column + cell.columnSpan {
                let text = cell.text.replacingOccurrences(of: " ", with: "")
                if !text.isEmpty && parts.last != text { parts.append(text) }
            }
            return parts.joined(separator: "·")
        }
    }

    /// Places header cells left to right, skipping places taken by spans from rows above.
    static func place(_ rows: [[HeaderCellSpec]], file: String = "", table: String = "") throws(TemplateError) -> HeaderLayout {
        var taken: Set<[Int]> = []
        var cells: [Cell] = []
        var width = 0
        for (rowIndex, row) in rows.enumerated() {
            var column = 0
            for spec in row {
                while taken.contains([rowIndex, column]) { column += 1 }
                let rowSpan = spec.rows ?? 1
                let columnSpan = spec.cols ?? 1
                guard rowSpan >= 1, columnSpan >= 1, rowIndex + rowSpan <= rows.count else {
                    throw TemplateError(file: file, message: "表 \(table) 表头“\(spec.text)”的跨行跨列不对")
                }
                for r in rowIndex..<rowIndex + rowSpan {
                    for c in column..<column + columnSpan { taken.insert([r, c]) }
                }
                cells.append(Cell(text: spec.text, row: rowIndex, column: column, rowSpan: rowSpan, columnSpan: columnSpan))
                column += columnSpan
                width = max(width, column)
            }
        }
        // Every row of the header spans the same columns, with no hole.
        for row in 0..<rows.count {
            let covered = taken.filter { $0[0] == row }.count
            if covered != width {
                throw TemplateError(file: file, message: "表 \(table) 表头第 \(row + 1) 行占 \(covered) 列，其他行占 \(width) 列：请检查 rows 和 cols")
            }
        }
        return HeaderLayout(cells: cells, rowCount: rows.count, columnCount: width)
    }

}

/// The computed tables of a project under one template, with the lines above each table.
public struct ReportSet: Sendable {
    public var template: Template
    public var department: Department
    public var tables: [ReportTable]

    public var departmentLine: String { fill(template.departmentLine) }
    public var yearLine: String { fill(template.yearLine) }
    public var unitLine: String { fill(template.unitLine) }
    /// What the document calls the body whose budget it is: 部门, or 单位 in a unit version (the
    /// statement's word `{部门}`), for the texts outside the statement (the workbook's title, the
    /// 政府采购 header).
    public var departmentWord: String { template.statementSpec.words?["部门"] ?? "部门" }
    public var inWan: Bool { template.amountUnit == "wan" }
    /// Whether figures are cut to the unit shown rather than rounded half up.
    public var truncates: Bool { template.rounding == "truncate" }

    /// The same report set with one table's amount unit and zero display: renderers and checks
    /// format a table's cells through it.
    public func scoped(to table: ReportTable) -> ReportSet {
        var copy = self
        if let unit = table.amountUnit { copy.template.amountUnit = unit }
        if let zero = table.zeroDisplay { copy.template.zeroDisplay = zero }
        return copy
    }

    /// The same report set with the statement's unit (the template's `textUnit`), rounding and
    /// separators.
    public var forText: ReportSet {
        var copy = self
        if let unit = template.textUnit { copy.template.amountUnit = unit }
        if let rounding = template.textRounding { copy.template.rounding = rounding }
        copy.template.thousandsSeparator = template.textThousandsSeparator
        return copy
    }
    /// Places after the decimal point: 2, or 0 for whole 元 (`"yuan-whole"`).
    public var decimals: Int { template.amountUnit == "yuan-whole" ? 0 : 2 }
    /// Whether a zero amount shows as 0 (or 0.00) rather than a blank cell.
    public var showsZero: Bool { zeroText != nil }
    /// What a zero amount shows: nil for a blank cell, else "0" or "0.00".
    public var zeroText: String? {
        switch template.zeroDisplay {
        case "zero": formatUnits(0)
        case "0", "0.00": template.zeroDisplay
        default: nil
        }
    }
    /// Whether rounding to the display unit can lose 分 (万元, whole 元), so 尾差 can occur.
    public var rounds: Bool { inWan || decimals == 0 }

    /// A line with the department's `{code}`, `{name}`, `{year}` (as titles have them) and the unit.
    func fill(_ pattern: String) -> String {
        ReportEngine.fill(pattern, department).replacingOccurrences(of: "{unit}", with: unitName)
    }

    public func table(_ id: String) -> ReportTable? { tables.first { $0.id == id } }

    /// The tables a query names: by number ("5"), title or sheet name exactly, else every table
    /// whose title or sheet name contains it.
    public func find(_ query: String) -> [ReportTable] {
        let exact = tables.filter { $0.id == query || $0.title == query || $0.sheetName == query }
        if !exact.isEmpty { return exact }
        // A number names a table by its number only ("0" is not part of "绩效目标表10").
        if query.allSatisfy(\.isNumber) { return [] }
        return tables.filter { $0.title.contains(query) || $0.sheetName.contains(query) }
    }

    /// The amount in the smallest unit shown (hundredths of 万元, 分, or whole 元), rounded once
    /// (half away from zero, or cut toward zero when the template truncates) from the exact amount.
    public func displayUnits(_ fen: Fen) -> Int64 {
        if truncates { return fen / fenPerShownUnit }
        if inWan { return Money.wanHundredths(fen) }
        if decimals == 0 { return (fen + (fen < 0 ? -50 : 50)) / 100 }
        return fen
    }

    /// A count of display units as the tables show it: "4.71", or "47123" for whole 元, with
    /// thousands separators when the template asks for them.
    public func formatUnits(_ units: Int64) -> String {
        let text = decimals == 0 ? String(units) : Money.formatHundredths(units)
        guard template.thousandsSeparator == true else { return text }
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        let whole = digits.prefix { $0 != "." }
        var grouped = ""
        for (index, character) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (negative ? "-" : "") + grouped + digits.dropFirst(whole.count)
    }

    public func format(_ fen: Fen) -> String { formatUnits(displayUnits(fen)) }

    /// How many leading columns of a table are not shown: its 序号 column, when the template
    /// hides it. Renderers skip them; the model, the checks and the column numbers keep them.
    public func hiddenColumns(_ table: ReportTable) -> Int {
        template.indexColumn == false && table.columnKinds.first == .index ? 1 : 0
    }

    /// Fen in one unit of `displayUnits` (10,000 for a hundredth of 万元, 1 for 分, 100 for whole 元).
    public var fenPerShownUnit: Int64 { inWan ? 10_000 : (decimals == 0 ? 100 : 1) }

    /// Fen in one unit of display (1,000,000 for 万元, 100 for 元).
    public var fenPerDisplayUnit: Int64 { inWan ? 1_000_000 : 100 }

    /// The number format of amount cells: the template's decimals and separators; zero blank or shown.
    public var amountNumberFormat: String {
        let number = (template.thousandsSeparator == true ? "#,##0" : "0") + (decimals == 0 ? "" : ".00")
        let zero = template.zeroDisplay == "zero" ? number : (zeroText ?? "")
        return "\(number);-\(number);\(zero);@"
    }
}
