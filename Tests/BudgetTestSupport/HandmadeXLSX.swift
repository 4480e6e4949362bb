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
            types +=
                "<Override PartName=\"/xl/worksheets/sheet\(number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            workbookSheets +=
                "<sheet name=\"\(escaped(sheet.name))\" sheetId=\"\(number)\"\(sheet.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(number)\"/>"
            workbookRelations += "<Relationship Id=\"rId\(number)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(number).xml\"/>"
            parts.append(
                (
                    "xl/worksheets/sheet\(number).xml",
                    Data(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(main)\"><sheetData>\(sheet.rows)</sheetData></worksheet>".utf8
                    )
                ))
        }
        if let sharedStrings {
            types +=
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
            workbookRelations += "<Relationship Id=\"rIdStrings\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            let items = sharedStrings.map { "<si><t xml:space=\"preserve\">\(escaped($0))</t></si>" }.joined()
            parts.append(
                (
                    "xl/sharedStrings.xml",
                    Data(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(main)\" count=\"\(sharedStrings.count)\" uniqueCount=\"\(sharedStrings.count)\">\(items)</sst>"
                            .utf8)
                ))
        }
        types += "</Types>"
        parts.insert(("[Content_Types].xml", Data(types.utf8)), at: 0)
        parts.insert(
            (
                "_rels/.rels",
                Data(
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                    """.utf8)
            ), at: 1)
        parts.insert(
            (
                "xl/workbook.xml",
                Data(
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="\(main)" xmlns:r="\(relationships)">\
                    <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(workbookSheets)</sheets></workbook>
                    """.utf8)
            ), at: 2)
        parts.insert(
            (
                "xl/_rels/workbook.xml.rels",
                Data(
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(workbookRelations)</Relationships>
                    """.utf8)
            ), at: 3)
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

    /// A part written piece by piece, never held whole: `size` bytes, the bytes from an offset
    /// given by `piece` (for parts of many megabytes that compress to almost nothing).
    public struct Streamed: Sendable {
        public var name: String
        public var size: Int
        public var piece: @Sendable (_ offset: Int, _ count: Int) -> Data

        public init(_ name: String, size: Int, piece: @escaping @Sendable (_ offset: Int, _ count: Int) -> Data) {
            self.name = name
            self.size = size
            self.piece = piece
        }

        /// `unit` again and again, `count` times, between `prefix` and `suffix`.
        public init(_ name: String, prefix: String, repeating unit: String, count: Int, suffix: String) {
            let head = Data(prefix.utf8)
            let tail = Data(suffix.utf8)
            let unit = Data(unit.utf8)
            let body = unit.count * count
            // A run of whole units long enough for any piece, taken from at any offset.
            var run = Data()
            while run.count < (1 << 16) + unit.count { run.append(unit) }
            let block = run
            self.init(name, size: head.count + body + tail.count) { offset, count in
                var out = Data(capacity: count)
                var at = offset
                while out.count < count {
                    if at < head.count {
                        out.append(head[at..<min(head.count, at + count - out.count)])
                    } else if at < head.count + body {
                        let start = (at - head.count) % unit.count
                        let length = min(count - out.count, head.count + body - at, block.count - start)
                        out.append(block[start..<start + length])
                    } else {
                        let start = at - head.count - body
                        out.append(tail[start..<min(tail.count, start + count - out.count)])
                    }
                    at = offset + out.count
                }
                return out
            }
        }
    }

    /// Writes a ZIP package of `parts` and then the `streamed` ones, all deflated.
    public static func write(_ path: String, parts: [(name: String, data: Data)], streamed: [Streamed]) throws {
        try write(path, parts: parts)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .update)
        for part in streamed {
            try archive.addEntry(with: part.name, type: .file, uncompressedSize: Int64(part.size), compressionMethod: .deflate) { position, size in
                part.piece(Int(position), size)
            }
        }
    }

    /// Writes a ZIP package of `parts` stored without compression, by hand: in one pass however
    /// many parts there are, and as given (names twice, or a size in the directory that is not the
    /// part's: `declared` by name).
    public static func writeStored(_ path: String, parts: [(name: String, data: Data)], declared: [String: UInt32] = [:]) throws {
        var out = Data()
        var directory = Data()
        func le16(_ value: Int, _ data: inout Data) { withUnsafeBytes(of: UInt16(value).littleEndian) { data.append(contentsOf: $0) } }
        func le32(_ value: UInt32, _ data: inout Data) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        for (name, data) in parts {
            let offset = UInt32(out.count)
            let crc = data.crc32(checksum: 0)
            let size = UInt32(data.count)
            let name8 = Data(name.utf8)
            // Local header: signature, version, flags, method (stored), time, date (1980-01-01).
            le32(0x0403_4B50, &out)
            le16(20, &out)
            le16(0, &out)
            le16(0, &out)
            le16(0, &out)
            le16(0x21, &out)
            le32(crc, &out)
            le32(size, &out)
            le32(declared[name] ?? size, &out)
            le16(name8.count, &out)
            le16(0, &out)
            out.append(name8)
            out.append(data)
            // Its central directory entry.
            le32(0x0201_4B50, &directory)
            le16(20, &directory)
            le16(20, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0x21, &directory)
            le32(crc, &directory)
            le32(size, &directory)
            le32(declared[name] ?? size, &directory)
            le16(name8.count, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le32(0, &directory)
            le32(offset, &directory)
            directory.append(name8)
        }
        let start = UInt32(out.count)
        out.append(directory)
        le32(0x0605_4B50, &out)
        le16(0, &out)
        le16(0, &out)
        le16(parts.count, &out)
        le16(parts.count, &out)
        le32(UInt32(directory.count), &out)
        le32(start, &out)
        le16(0, &out)
        try? FileManager.default.removeItem(atPath: path)
        try out.write(to: URL(fileURLWithPath: path))
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
