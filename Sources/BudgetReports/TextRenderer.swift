import BudgetModel

/// Draws report tables as aligned text for a terminal, and as CSV.
public enum TextRenderer {
    /// Columns a string takes in a terminal: CJK and full-width characters take two.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return width + (wide ? 2 : 1)
        }
    }

    static func pad(_ text: String, to width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - displayWidth(text)))
        return right ? fill + text : text + fill
    }

    /// The cell as the published table shows it: amounts in the template's unit, a zero blank or
    /// as the template shows it.
    public static func display(_ cell: ReportCell, _ reports: ReportSet) -> String {
        switch cell {
        case .empty: ""
        case .text(let text): text
        case .amount(let fen), .sum(let fen, _): reports.displayUnits(fen) == 0 ? reports.zeroText ?? "" : reports.format(fen)
        }
    }

    public static func render(_ table: ReportTable, in reports: ReportSet) -> String {
        let reports = reports.scoped(to: table)
        let labels = table.header.columnLabels
        let headerLines = table.numberRow.isEmpty ? 1 : 2
        var grid: [[String]] = table.numberRow.isEmpty ? [labels] : [labels, table.numberRow]
        for row in table.rows {
            grid.append(row.cells.map { display($0, reports) })
        }
        // Columns the template hides (序号) are left out.
        let shift = reports.hiddenColumns(table)
        grid = grid.map { Array($0.dropFirst(shift)) }
        let kinds = Array(table.columnKinds.dropFirst(shift))
        var widths = [Int](repeating: 0, count: kinds.count)
        for line in grid {
            for (index, text) in line.enumerated() where index < widths.count { widths[index] = max(widths[index], displayWidth(text)) }
        }
        let lines = table.lines(in: reports)
        var out = "\(table.title)\n" + (lines.isEmpty ? "" : lines.joined(separator: "    ") + "\n")
        for (lineNumber, line) in grid.enumerated() {
            let cells = line.enumerated().map { index, text in
                pad(text, to: widths[index], right: lineNumber >= headerLines && kinds[index] == .amount)
            }
            out += cells.joined(separator: "  ").replacing(/\s+$/, with: "") + "\n"
            if lineNumber == headerLines - 1 { out += String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) + "\n" }
        }
        if let note = table.note { out += note + "\n" }
        return out
    }

    /// The table as CSV: header labels, the 栏次 row and the rows, amounts in the display unit.
    public static func csv(_ table: ReportTable, in reports: ReportSet) -> String {
        let reports = reports.scoped(to: table)
        let shift = reports.hiddenColumns(table)
        var out = CSVWriter.line(table.header.columnLabels.dropFirst(shift).map { CSVWriter.field($0) })
        if !table.numberRow.isEmpty { out += CSVWriter.line(table.numberRow.map { CSVWriter.field($0) }) }
        for row in table.rows {
            out += CSVWriter.line(
                row.cells.enumerated().dropFirst(shift).map { index, cell in
                    CSVWriter.field(display(cell, reports), isText: table.columnKinds[index] != .amount)
                })
        }
        if let note = table.note { out += CSVWriter.line([CSVWriter.field(note)]) }
        return out
    }
}

extension Finding {
    /// One finding in words: place, severity, message, amounts, items.
    public func describe(format: (Fen) -> String) -> String {
        var place = [table, row, column].compactMap { $0 }.joined(separator: " ")
        if place.isEmpty { place = "项目" }
        var text = "\(place)：\(severity == .error ? "错误" : "提醒") [\(check)] \(message)"
        if let expected, let actual, !["sum", "identity", "rounding", "caps"].contains(check) {
            text += "（应为 \(format(expected))，实为 \(format(actual))）"
        }
        if !items.isEmpty {
            let shown = items.prefix(12).map { "#\($0)" }.joined(separator: " ")
            text += "\n    涉及明细：\(shown)\(items.count > 12 ? " 等 \(items.count) 条" : "")"
        }
        return text
    }
}

extension TextRenderer {
    /// Lines of columns padded to a common width; `right` marks the columns aligned right.
    public static func aligned(_ rows: [[String]], right: Set<Int> = []) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows {
            for (index, text) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], displayWidth(text)) }
        }
        return rows.map { row in
            row.enumerated().map { pad($1, to: widths[$0], right: right.contains($0)) }.joined(separator: "  ")
                .replacing(/\s+$/, with: "")
        }.joined(separator: "\n") + "\n"
    }
}
