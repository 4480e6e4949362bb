import Foundation

/// One row of line-item texts by column, with its line where it was written (for messages).
public struct ItemRow: Sendable, Equatable {
    public var line: Int?
    public var values: [LineItemColumn: String]

    public init(line: Int?, values: [LineItemColumn: String]) {
        self.line = line
        self.values = values
    }
}

/// A block of rows copied from Excel or WPS (or from the workbench's grid) and pasted into the
/// workbench: tab-separated text, quoted as CSV is (the strict ``CSVParser``, with a tab for
/// the comma), in the grid's column order, with or without the header row. Each row's texts
/// then go through ``RowReader``, the rules the CSV importer and the `item` commands share.
public enum PastedRows {
    /// What the messages call the pasted text, as they call a file by its name.
    public static let sourceName = "粘贴的内容"

    /// The grid's columns in its order, with the labels it shows (and 编号, which a pasted row
    /// may carry and which is not read: a pasted row is always a new line item).
    public static let gridColumns: [(label: String, column: LineItemColumn?)] = [
        ("编号", nil), ("单位", .unit), ("功能科目", .functional), ("经济科目", .economic), ("类型", .type), ("经费", .nature),
        ("项目", .project), ("资金来源", .source), ("金额（元）", .amount), ("备注", .note),
    ]

    /// The rows of the pasted `text`, each with its line in it (1 for the first line copied).
    /// A first row naming columns (the grid's labels or the CSV's column names) is the header,
    /// and the columns are read by name; without one, a row of ten cells or more starts with
    /// 编号, a shorter one with 单位. Blank rows are left out; a cell beyond the columns must be
    /// empty. Every problem is located; none means at least one row.
    public static func rows(_ text: String) throws(InputProblems) -> [ItemRow] {
        let (records, errors) = CSVReader.records(text, separator: CSVParser.tab)
        var problems = errors.map { InputProblem(file: sourceName, line: $0.line, message: $0.message) }
        func blank(_ field: String) -> Bool { FieldRules.trim(field).isEmpty }
        var body = records.filter { !$0.fields.allSatisfy(blank) }
        var header: [LineItemColumn?]?
        if let first = body.first, let label = first.fields.first(where: { !blank($0) }), column(named: label) != nil {
            body.removeFirst()
            header = first.fields.map { name in
                let trimmed = FieldRules.trim(name)
                guard !trimmed.isEmpty else { return nil }
                guard case .some(let found) = column(named: trimmed) else {
                    problems.append(
                        InputProblem(
                            file: sourceName, line: first.line, column: trimmed,
                            message: "不认识的列名。可用的列名：" + gridColumns.map(\.label).joined(separator: "、")))
                    return nil
                }
                return found
            }
        }
        var rows: [ItemRow] = []
        for record in body {
            let columns = header ?? (record.fields.count >= gridColumns.count ? gridColumns : Array(gridColumns.dropFirst())).map(\.column)
            var values: [LineItemColumn: String] = [:]
            for (index, field) in record.fields.enumerated() {
                if index < columns.count, let column = columns[index] {
                    values[column] = field
                } else if index >= columns.count && !blank(field) {
                    problems.append(
                        InputProblem(
                            file: sourceName, line: record.line, column: "第 \(index + 1) 列", value: field,
                            message: "多于明细表的 \(columns.count) 列：请只复制明细表的各列（\(gridColumns.map(\.label).joined(separator: "、"))）"))
                }
            }
            rows.append(ItemRow(line: record.line, values: values))
        }
        if rows.isEmpty && problems.isEmpty {
            problems.append(InputProblem(file: sourceName, message: "没有可添加的明细行：请从 Excel 或 WPS 复制整行（按明细表的列顺序）再粘贴"))
        }
        if !problems.isEmpty { throw InputProblems(problems) }
        return rows
    }

    /// What a header cell names: a column of the grid or of the CSV (单位编码, functional …), or
    /// the grid's 编号 (`.some(nil)`, not read); nil when it names none.
    static func column(named label: String) -> LineItemColumn?? {
        let trimmed = FieldRules.trim(label)
        if let known = gridColumns.first(where: { $0.label == trimmed }) { return .some(known.column) }
        if trimmed == "id" { return .some(nil) }
        return LineItemColumn.named(trimmed).map { .some($0) }
    }
}
