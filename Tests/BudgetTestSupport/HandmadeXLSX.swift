import BudgetXLSX
import Foundation
import ZIPFoundation

/// Workbooks made by hand, part by part, as producers other than this tool write them: for
/// tests of the XLSX reader and of the draft-workbook import, and for fuzzing them.
public enum HandmadeXLSX {
    /// A sheet: its name and the XML of its rows (the content of `<sheetData>`).
    public struct Sheet: Sendable {
        public var name: String
        public var rows: String
        public var hidden: Bool

        public init(_ name: String, rows: String, hidden: Bool = false) {
            self.name = name
            self.rows = rows
            self.hidden = hidden
        }

        /// A sheet of texts and numbers, row by row from A1: a String is an inline string, an
        /// Int or a Double a number, nil an empty cell.
        public init(_ name: String, table: [[(any Sendable)?]]) {
            var xml = ""
            for (r, row) in table.enumerated() {
                xml += "<row r=\"\(r + 1)\">"
                for (c, value) in row.enumerated() {
                    let reference = HandmadeXLSX.reference(row: r, column: c)
                    switch value {
                    case let text as String: xml += HandmadeXLSX.inline(reference, text)
                    case let number as Int: xml += HandmadeXLSX.number(reference, String(number))
                    case let number as Double: xml += HandmadeXLSX.number(reference, String(number))
                    default: break
                    }
                }
                xml += "</row>"
            }
            self.init(name, rows: xml)
        }
    }

    public static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public static func reference(row: Int, column: Int) -> String { XLSXReference.name(row: row, column: column) }

    public static func inline(_ reference: String, _ text: String) -> String {
        "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(escaped(text))</t></is></c>"
    }

    public static func number(_ reference: String, _ value: String) -> String {
        "<c r=\"\(reference)\"><v>\(value)</v></c>"
    }

    /// The parts of a workbook of `sheets`, with `sharedStrings` when given.
    public static func parts(_ sheets: [Sheet], sharedStrings: [String]? = nil, date1904: Bool = false) -> [(name: String, data: Data)] {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var types = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            """
        var workbookSheets = ""
        var workbookRelations = ""
        var parts: [(String, Data)] = []
        for (index, sheet) in sheets.enumerated() {
            let number = index + 1
            types += "<Override PartName=\"/xl/worksheets/sheet\(number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            workbookSheets += "<sheet name=\"\(escaped(sheet.name))\" sheetId=\"\(number)\"\(sheet.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(number)\"/>"
            workbookRelations += "<Relationship Id=\"rId\(number)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(number).xml\"/>"
            parts.append(("xl/worksheets/sheet\(number).xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(main)\"><sheetData>\(sheet.rows)</sheetData></worksheet>".utf8)))
        }
        if let sharedStrings {
            types += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
            workbookRelations += "<Relationship Id=\"rIdStrings\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            let items = sharedStrings.map { "<si><t xml:space=\"preserve\">\(escaped($0))</t></si>" }.joined()
            parts.append(("xl/sharedStrings.xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(main)\" count=\"\(sharedStrings.count)\" uniqueCount=\"\(sharedStrings.count)\">\(items)</sst>".utf8)))
        }
        types += "</Types>"
        parts.insert(("[Content_Types].xml", Data(types.utf8)), at: 0)
        parts.insert(("_rels/.rels", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """.utf8)), at: 1)
        parts.insert(("xl/workbook.xml", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="\(main)" xmlns:r="\(relationships)">\
            <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(workbookSheets)</sheets></workbook>
            """.utf8)), at: 2)
        parts.insert(("xl/_rels/workbook.xml.rels", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(workbookRelations)</Relationships>
            """.utf8)), at: 3)
        return parts
    }

    /// Writes a workbook of `sheets` to `path`.
    public static func write(_ path: String, _ sheets: [Sheet], sharedStrings: [String]? = nil, date1904: Bool = false) throws {
        try write(path, parts: parts(sheets, sharedStrings: sharedStrings, date1904: date1904))
    }

    /// Writes a ZIP package of `parts` to `path` (replacing it), compressed as spreadsheet programs do.
    public static func write(_ path: String, parts: [(name: String, data: Data)]) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, data) in parts {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// Every part of a ZIP package, in the package's order.
    public static func read(_ path: String) throws -> [(name: String, data: Data)] {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var parts: [(String, Data)] = []
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts.append((entry.path, data))
        }
        return parts
    }
}
