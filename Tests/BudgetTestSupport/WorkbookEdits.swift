import BudgetXLSX
import Foundation

/// Edits cells of an XLSX file in place, as a clerk typing into a sheet would: the cell's XML is
/// replaced (a text as an inline string, a number as a value), or removed to empty it.
public enum WorkbookEdits {
    public enum Value: Sendable, Equatable {
        case text(String)
        case number(String)
        case empty
    }

    public struct Edit: Sendable {
        public var sheet: String
        /// Zero-based row and column.
        public var row: Int
        public var column: Int
        public var value: Value

        public init(sheet: String, row: Int, column: Int, value: Value) {
            self.sheet = sheet
            self.row = row
            self.column = column
            self.value = value
        }
    }

    /// Applies edits to the workbook at `path`.
    public static func apply(_ edits: [Edit], to path: String) throws {
        var parts = try HandmadeXLSX.read(path)
        func text(_ name: String) -> String? { parts.first { $0.name == name }.map { String(decoding: $0.data, as: UTF8.self) } }
        let workbook = text("xl/workbook.xml") ?? ""
        let relations = text("xl/_rels/workbook.xml.rels") ?? ""
        for edit in edits {
            // The sheet's part: its relationship id in workbook.xml, that id's target in the rels.
            let escapedName = HandmadeXLSX.escaped(edit.sheet)
            guard
                let sheet = workbook.firstMatch(of: try Regex("<sheet [^>]*name=\"\(NSRegularExpression.escapedPattern(for: escapedName))\"[^>]*/>")),
                let id = String(workbook[sheet.range]).firstMatch(of: /r:id="([^"]+)"/)?.1,
                let relation = relations.firstMatch(of: try Regex("<Relationship [^>]*Id=\"\(id)\"[^>]*/>")),
                let target = String(relations[relation.range]).firstMatch(of: /Target="([^"]+)"/)?.1
            else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no sheet \(edit.sheet)"]) }
            let partName = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let index = parts.firstIndex(where: { $0.name == partName }) else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no part \(partName)"])
            }
            let xml = set(String(decoding: parts[index].data, as: UTF8.self), edit)
            parts[index].data = Data(xml.utf8)
        }
        try HandmadeXLSX.write(path, parts: parts)
    }

    /// The sheet XML with one cell set.
    static func set(_ xml: String, _ edit: Edit) -> String {
        let reference = XLSXReference.name(row: edit.row, column: edit.column)
        let rowNumber = edit.row + 1
        let cell: String =
            switch edit.value {
            case .empty: ""
            case .number(let value): "<c r=\"\(reference)\"><v>\(value)</v></c>"
            case .text(let value): "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(HandmadeXLSX.escaped(value))</t></is></c>"
            }
        var xml = xml
        if xml.contains("<sheetData/>") { xml = xml.replacingOccurrences(of: "<sheetData/>", with: "<sheetData></sheetData>") }
        // The row, or a new one before the first row below it.
        let rowPattern = try! Regex("<row r=\"\(rowNumber)\"[^>]*?(/>|>.*?</row>)").dotMatchesNewlines()
        guard let row = xml.firstMatch(of: rowPattern) else {
            guard !cell.isEmpty else { return xml }
            let later = xml.matches(of: /<row r="(\d+)"/).first { Int($0.1)! > rowNumber }
            let at = later?.range.lowerBound ?? xml.range(of: "</sheetData>")!.lowerBound
            xml.insert(contentsOf: "<row r=\"\(rowNumber)\">\(cell)</row>", at: at)
            return xml
        }
        var rowXML = String(xml[row.range])
        if rowXML.hasSuffix("/>") { rowXML = String(rowXML.dropLast(2)) + "></row>" }
        // Cells in column order: the old one replaced, or the new one before the first to its right.
        let cells = rowXML.matches(of: try! Regex("<c r=\"([A-Z]+)\\d+\"[^>]*?(/>|>.*?</c>)").dotMatchesNewlines())
        if let old = cells.first(where: { String(rowXML[$0.range]).hasPrefix("<c r=\"\(reference)\"") }) {
            rowXML.replaceSubrange(old.range, with: cell)
        } else if !cell.isEmpty {
            let right = cells.first { match in
                let name = String(rowXML[match.range]).firstMatch(of: /<c r="([A-Z]+)\d+"/)!.1
                return XLSXReference.parse(name + "1")!.column > edit.column
            }
            rowXML.insert(contentsOf: cell, at: right?.range.lowerBound ?? rowXML.range(of: "</row>", options: .backwards)!.lowerBound)
        }
        xml.replaceSubrange(row.range, with: rowXML)
        return xml
    }
}
