import BudgetModel
import BudgetXLSX
import Foundation

extension ProjectSession {
    // MARK: - Sheets to records

    /// The most characters any column of a draft workbook takes (a project's 绩效目标), but the
    /// paragraphs of the statement's texts.
    static let longestText = 2_000

    /// The most characters of a paragraph of the statement (`budget text set`), on 情况说明文字.
    static let longestParagraph = 5_000

    /// The rows searched for a header, from the top of a sheet.
    static let headerSearchRows = 10

    /// The recognised sheets of a workbook with their records; the names of sheets with content
    /// but no known header; the problems of headers and cells; and the sheets of a disclosure
    /// (``DisclosureSigns``) that have no clean header of a part, which are not read.
    static func draftTables(_ workbook: XLSXWorkbook, file: String, disclosure signs: DisclosureSigns = .none)
        -> (tables: [DraftTable], skipped: [String], problems: [InputProblem], disclosure: [String])
    {
        var tables: [DraftTable] = []
        var skipped: [String] = []
        var problems: [InputProblem] = []
        var disclosure: [String] = []
        // 控制数执行 is computed from the caps and the line items, for reading: never imported.
        for sheet in workbook.sheets where sheet.name != DraftLayout.capsExecutionSheet {
            let rows = sheet.rows()
            func text(_ cell: XLSXCell) -> String {
                FieldRules.trim(cell.kind == .number ? XLSXNumber.decimalText(cell.value) ?? cell.value : cell.value)
            }
            var found: (index: Int, part: DraftPart)?
            for (index, row) in rows.prefix(while: { $0.row < Self.headerSearchRows }).enumerated() {
                let texts = row.cells.filter { $0.cell.kind == .string }.map { text($0.cell) }.filter { !$0.isEmpty }
                if let part = DraftPart.recognise(texts) {
                    found = (index, part)
                    break
                }
            }
            guard let (headerIndex, part) = found else {
                let ours = sheet.name == DraftLayout.readMeSheet || sheet.name == DraftLayout.listSheet
                if !sheet.hidden && !ours && rows.contains(where: { $0.cells.contains { !text($0.cell).isEmpty } }) {
                    if signs.marks(rows) { disclosure.append(sheet.name) } else { skipped.append(sheet.name) }
                }
                continue
            }
            let header = rows[headerIndex]
            func problem(_ column: Int?, _ message: String, value: String? = nil, row: Int = header.row, label: String? = nil) -> InputProblem {
                InputProblem(
                    file: file, line: row + 1, column: label, value: value, message: message, sheet: sheet.name,
                    cell: column.map { XLSXReference.name(row: row, column: $0) })
            }
            // The header: every named column known, none twice, the required ones there.
            var columns: [String: Int] = [:]
            var ignoredColumns: Set<Int> = []
            var headerProblems: [InputProblem] = []
            for (column, cell) in header.cells {
                let name = text(cell)
                // A 序号 column, or one whose name starts with #, is the clerk's own and not imported.
                if name.isEmpty || name == "序号" || name.hasPrefix("#") || name.hasPrefix("＃") {
                    if !name.isEmpty { ignoredColumns.insert(column) }
                    continue
                }
                guard let key = part.key(naming: name) else {
                    headerProblems.append(
                        problem(
                            column, "不认识的列名（识别为“\(part.sheetName)”表）。可用的列名：" + part.columns.map { "\($0.names[1])" }.joined(separator: "、"),
                            value: name))
                    continue
                }
                if columns[key] != nil {
                    headerProblems.append(problem(column, "列名重复", value: name))
                    continue
                }
                columns[key] = column
            }
            for key in part.required where columns[key] == nil {
                headerProblems.append(problem(nil, "缺少“\(part.label(key))”列（识别为“\(part.sheetName)”表）"))
            }
            // A disclosure table whose header happens to name some columns of a part (部门政府采购预算,
            // 部门机构设置) is not a part with a bad header.
            if !headerProblems.isEmpty && signs.marks(rows) {
                disclosure.append(sheet.name)
                continue
            }
            problems += headerProblems
            if !headerProblems.isEmpty { continue }
            let keys = Dictionary(columns.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
            var records: [DraftRow] = []
            for row in rows[(headerIndex + 1)...] {
                let filled = row.cells.filter { !ignoredColumns.contains($0.column) }
                    .filter { !text($0.cell).isEmpty || $0.cell.kind == .error || $0.cell.formula != nil }
                if filled.isEmpty { continue }
                // A total row (under the records, as some sheets have it): formulas and a 合计 label,
                // or nothing but SUM/SUBTOTAL formulas. A row of other formulas (cells linked to
                // the clerk's working sheet) is a record.
                let totalLabels: Set<String> = ["合计", "总计", "小计", "合计:", "总计:"]
                // Folded only when short enough to be a label: a long text shown in thousands of
                // cells is not folded once per cell.
                let isLabel = { (cell: XLSXCell) in
                    cell.kind == .string && cell.value.utf8.count <= 64 && totalLabels.contains(Vocabulary.fold(text(cell)))
                }
                let isSum = { (cell: XLSXCell) in
                    let formula = (cell.formula ?? "").uppercased().replacingOccurrences(of: "=", with: "")
                    return formula.hasPrefix("SUM(") || formula.hasPrefix("SUBTOTAL(")
                }
                if filled.allSatisfy({ $0.cell.formula != nil || isLabel($0.cell) })
                    && (filled.contains { isLabel($0.cell) } || filled.allSatisfy { isSum($0.cell) })
                {
                    continue
                }
                for (column, cell) in filled where keys[column] == nil && !ignoredColumns.contains(column) {
                    problems.append(problem(column, "这一列没有列名，却有内容：请补上列名或删去内容", value: text(cell), row: row.row))
                }
                var values: [String: String] = [:]
                for key in columns.keys { values[key] = "" }
                for (column, cell) in row.cells {
                    guard let key = keys[column] else { continue }
                    let (value, message) = Self.cellText(cell, key: key, part: part, date1904: workbook.date1904)
                    if let message {
                        problems.append(problem(column, message, value: cell.value.isEmpty ? nil : cell.value, row: row.row, label: part.label(key)))
                        continue
                    }
                    values[key] = part == .items ? value : Self.trimmingSpaces(value)
                }
                records.append(DraftRow(sheet: sheet.name, row: row.row + 1, values: values, columns: columns))
            }
            tables.append(DraftTable(part: part, sheet: sheet.name, rows: records))
        }
        return (tables, skipped, problems, disclosure)
    }

    /// `text` without white space at either end; the same string (its storage shared, not copied:
    /// a shared string may stand in thousands of cells) when it has none.
    static func trimmingSpaces(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last)
        else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The text a cell gives a column, or why it gives none. Numbers are their stored decimal
    /// text as Excel shows it (15 significant digits), never a Double; a date cell of 截止时间
    /// becomes “2022-12-31”.
    static func cellText(_ cell: XLSXCell, key: String, part: DraftPart, date1904: Bool) -> (String, String?) {
        switch cell.kind {
        case .error:
            return ("", "单元格是错误值（\(cell.value)）：请改正公式或内容")
        case .boolean:
            return (cell.value == "1" || cell.value.lowercased() == "true" ? "TRUE" : "FALSE", nil)
        case .number:
            if cell.formula != nil && cell.value.isEmpty {
                return ("", "是公式，但文件中没有保存它的计算结果（有的程序保存时不计算公式）：请在 Excel 或 WPS 中打开并保存一次，或直接填写数值")
            }
            if part == .assets && key == "as-of", let date = XLSXNumber.date(serial: cell.value, date1904: date1904) { return (date, nil) }
            guard let text = XLSXNumber.decimalText(cell.value) else { return ("", "不是有效的数字") }
            // Only a number too large or too small to write out plainly keeps its exponent.
            if text.contains(where: { $0 == "e" || $0 == "E" }) {
                return ("", "这个数字太大或太精确（Excel 中显示为 \(XLSXNumber.excelText(cell.value))），不能作为金额或编码：请填写实际的数值")
            }
            return (text, nil)
        case .string:
            // Longer than any column takes, told from its bytes alone: a long text shown in
            // thousands of cells costs nothing more per cell than a short one.
            if part == .texts && key == "paragraph" {
                if cell.value.utf8.count > 4 * Self.longestParagraph {
                    return ("", "内容太长（超过 \(Self.longestParagraph) 字；一段最多 \(Self.longestParagraph) 字）")
                }
            } else if cell.value.utf8.count > 4 * Self.longestText {
                return ("", "内容太长（超过 \(Self.longestText) 字；工作簿中最长的一列（绩效目标）最多 \(Self.longestText) 字）")
            }
            // Text in a workbook is never a neutralised CSV field: an apostrophe the clerk typed
            // before = + - @ stays, while the line-item rules would drop one.
            var text = cell.value
            let scalars = Array(text.unicodeScalars.prefix(2))
            if part == .items, scalars.count == 2, scalars[0] == "'", CSVWriter.formulaTriggers.contains(scalars[1]) || scalars[1] == "'" {
                text = "'" + text
            }
            return (text, nil)
        }
    }
}
