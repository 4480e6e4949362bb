import BudgetModel
import BudgetReports

/// Reads a written workbook back and compares every amount, formula result and label with the
/// tables it was written from.
public enum WorkbookVerifier {
    public struct Mismatch: Error, CustomStringConvertible {
        public var description: String
    }

    public static func verify(_ path: String, against reports: ReportSet, stamped: Bool = false, narrative: Narrative? = nil) throws {
        let sheets = SheetWriter.sheets(reports, stamped: stamped)
        let names = sheets.map(\.name) + (narrative == nil ? [] : [NarrativeSheet.name])
        let workbook = try XLSXWorkbook(path: path, only: Set(names))
        guard workbook.sheets.map(\.name) == names else {
            throw Mismatch(description: "工作表不全：\(workbook.sheets.map(\.name))")
        }
        if let narrative, let sheet = workbook.sheets.last {
            for (index, text) in NarrativeSheet.lines(narrative).enumerated() {
                let row = index + (stamped && index > 0 ? 1 : 0)
                if sheet.cell(row: row, column: 0)?.value ?? "" != text.text {
                    throw Mismatch(
                        description:
                            "\(NarrativeSheet.name)!A\(row + 1) 应为“\(text.text.prefix(40))”，读回“\((sheet.cell(row: row, column: 0)?.value ?? "").prefix(40))”"
                    )
                }
            }
        }
        for (sheet, (_, tables)) in zip(workbook.sheets, sheets) {
            for (table, place) in tables {
                let reports = reports.scoped(to: table)
                let shift = reports.hiddenColumns(table)
                // The title and the lines above the header (a text Excel cannot hold is left out by
                // libxlsxwriter without an error: only reading it back finds it missing).
                let lines = table.lines(in: reports)
                let above = [(place.titleRow, table.title)] + lines.enumerated().map { (place.headerRow - lines.count + $0.offset, $0.element) }
                for (row, text) in above where sheet.cell(row: row, column: 0)?.value ?? "" != text {
                    throw Mismatch(
                        description:
                            "\(sheet.name)!A\(row + 1) 应为“\(text.prefix(40))”，读回“\((sheet.cell(row: row, column: 0)?.value ?? "空").prefix(40))”")
                }
                // The header, and its copy under “（续）” on each further page of a long table.
                let copies = place.copies.map { place.row($0) - place.continuationRows }
                for first in copies where sheet.cell(row: first, column: 0)?.value ?? "" != SheetWriter.continuedTitle(table) {
                    throw Mismatch(description: "\(sheet.name)!A\(first + 1) 应为“\(SheetWriter.continuedTitle(table).prefix(40))”")
                }
                for headerRow in [place.headerRow] + copies.map({ $0 + 1 }) {
                    for cell in table.header.cells where cell.column + cell.columnSpan > shift {
                        let column = max(cell.column, shift) - shift
                        let stored = sheet.cell(row: headerRow + cell.row, column: column)?.value ?? ""
                        if stored != cell.text {
                            let reference = "\(sheet.name)!\(XLSXReference.name(row: headerRow + cell.row, column: column))"
                            throw Mismatch(description: "\(reference) 表头应为“\(cell.text.prefix(40))”，读回“\(stored.prefix(40))”")
                        }
                    }
                }
                for (r, row) in table.rows.enumerated() {
                    let sheetRow = place.row(r)
                    for (c, cell) in row.cells.enumerated() where c >= shift {
                        let stored = sheet.cell(row: sheetRow, column: c - shift)
                        // Named only for a message: this runs for every cell of every table.
                        var reference: String { "\(sheet.name)!\(XLSXReference.name(row: sheetRow, column: c - shift))" }
                        switch cell {
                        case .amount(let fen), .sum(let fen, _):
                            // A truncating template writes the figure cut to the unit shown.
                            let expected = reports.truncates ? reports.displayUnits(fen) * reports.fenPerShownUnit : fen
                            let found = stored?.number.map { Int64(($0 * Double(reports.fenPerDisplayUnit)).rounded()) } ?? 0
                            if found != expected {
                                throw Mismatch(description: "\(reference) 应为 \(reports.format(fen))，读回 \(stored?.value ?? "空")")
                            }
                            if case .sum = cell, !reports.truncates, stored?.formula == nil {
                                throw Mismatch(description: "\(reference) 应为公式")
                            }
                        case .text(let text) where table.columnKinds[c] != .index:
                            if (stored?.value ?? "") != text { throw Mismatch(description: "\(reference) 应为“\(text)”，读回“\(stored?.value ?? "")”") }
                        default:
                            break
                        }
                    }
                }
            }
        }
    }
}
