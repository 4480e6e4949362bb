import BudgetModel
import Foundation
import ZIPFoundation


/// A cell as stored in a workbook: its text or number, and its formula if it has one.
public struct XLSXCell: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case number, string, boolean, error }
    public var kind: Kind
    /// The number or text; for a formula, its cached result.
    public var value: String
    public var formula: String?

    public var number: Double? { kind == .number ? Double(value) : nil }
}

/// A cell's place in a sheet, zero-based.
public struct XLSXPosition: Hashable, Sendable {
    public var row: Int
    public var column: Int
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
    /// "B5".
    public var reference: String { XLSXReference.name(row: row, column: column) }
}

/// One worksheet, keyed by position (a reading of thousands of cells hashes two numbers per
/// cell, not a string).
public struct XLSXSheet: Sendable {
    public var name: String
    public var cells: [XLSXPosition: XLSXCell]
    public var merges: [String]
    /// Hidden from the clerk (a sheet of lists behind drop-downs, for example).
    public var hidden = false

    public init(name: String, cells: [XLSXPosition: XLSXCell], merges: [String], hidden: Bool = false) {
        self.name = name
        self.cells = cells
        self.merges = merges
        self.hidden = hidden
    }

    /// The sheet's cells row by row, top to bottom, each row's cells left to right.
    public func rows() -> [(row: Int, cells: [(column: Int, cell: XLSXCell)])] {
        var rows: [Int: [(column: Int, cell: XLSXCell)]] = [:]
        for (position, cell) in cells {
            rows[position.row, default: []].append((position.column, cell))
        }
        return rows.keys.sorted().map { row in (row, rows[row]!.sorted { $0.column < $1.column }) }
    }

    /// The cell at an A1 reference ("B5").
    public func cell(_ reference: String) -> XLSXCell? {
        XLSXReference.parse(reference).flatMap { cells[XLSXPosition(row: $0.row, column: $0.column)] }
    }

    /// The cell at a zero-based row and column.
    public func cell(row: Int, column: Int) -> XLSXCell? {
        cells[XLSXPosition(row: row, column: column)]
    }
}

public enum XLSXReference {
    public static func name(row: Int, column: Int) -> String {
        var letters = ""
        var n = column + 1
        while n > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
            n = (n - 1) / 26
        }
        return letters + String(row + 1)
    }

    /// The most rows and columns a sheet can have (Excel's limits).
    public static let rowLimit = 1_048_576
    public static let columnLimit = 16_384

    /// (row, column), zero-based, of an A1 reference; nil for anything else, a reference beyond
    /// Excel's last row or column included (so a damaged file cannot make the numbers overflow).
    public static func parse(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0
        var letters = 0
        var row = 0
        var digits = 0
        for byte in reference.utf8 {
            if (65...90).contains(byte) && digits == 0 {
                letters += 1
                guard letters <= 3 else { return nil }
                column = column * 26 + Int(byte - 64)
            } else if (48...57).contains(byte) {
                digits += 1
                guard digits <= 7 else { return nil }
                row = row * 10 + Int(byte - 48)
            } else {
                return nil
            }
        }
        guard column > 0, column <= columnLimit, row > 0, row <= rowLimit else { return nil }
        return (row - 1, column - 1)
    }
}

public struct XLSXReadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(Shown.text(path, limit: 200))：\(Shown.message(message))" }
}

/// The raw parts of an XLSX (ZIP) package.
public enum XLSXPackage {
    /// The largest part read (uncompressed): far above any sheet a budget needs, and a bound on
    /// what a damaged or hostile file can make the reader hold.
    public static let partLimit = 512 * 1024 * 1024

    /// The bytes of one part, e.g. "xl/workbook.xml"; nil if the package has no such part.
    public static func part(_ path: String, _ name: String) throws -> Data? {
        try part(try open(path), name, path: path)
    }

    static func open(_ path: String) throws -> Archive {
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw XLSXReadError(path: path, message: "不是有效的 XLSX（ZIP）文件")
        }
    }

    static func part(_ archive: Archive, _ name: String, path: String) throws -> Data? {
        guard let entry = archive[name] else { return nil }
        var data = Data()
        do {
            let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= partLimit else { throw XLSXReadError(path: path, message: "\(name) 太大（解压后超过 512 MB）") }
                data.append(chunk)
            }
            // ZIPFoundation computes the checksum but leaves the comparison to its caller.
            guard checksum == entry.checksum else { throw XLSXReadError(path: path, message: "文件已损坏：\(name) 的校验和不符") }
        } catch let error as XLSXReadError {
            throw error
        } catch {
            throw XLSXReadError(path: path, message: "文件已损坏：\(name) 无法解压（\(error)）")
        }
        return data
    }
}

/// Reads the cells of an XLSX workbook written by this tool, Excel, WPS or LibreOffice.
public struct XLSXWorkbook: Sendable {
    public var sheets: [XLSXSheet]
    /// Dates count from 1904 rather than 1900 (an option of old Mac workbooks).
    public var date1904 = false

    public func sheet(_ name: String) -> XLSXSheet? { sheets.first { $0.name == name } }

    /// Reads every sheet, or only those named in `only`.
    public init(path: String, only: Set<String>? = nil) throws {
        let archive = try XLSXPackage.open(path)
        func part(_ name: String) throws -> Data? { try XLSXPackage.part(archive, name, path: path) }
        func parsed<T>(_ name: String, _ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let error as XLSXReadError {
                throw XLSXReadError(path: path, message: "\(name)：\(error.message)")
            }
        }
        guard let workbookXML = try part("xl/workbook.xml") else {
            throw XLSXReadError(path: path, message: "缺少 xl/workbook.xml：不是 Excel 工作簿")
        }
        let relations = try part("xl/_rels/workbook.xml.rels").map { data in
            try parsed("xl/_rels/workbook.xml.rels") { try XMLScan.elements(data, named: "Relationship") }
        } ?? []
        let targets = Dictionary(relations.compactMap { r in r["Id"].flatMap { id in r["Target"].map { (id, $0) } } }, uniquingKeysWith: { a, _ in a })
        let shared = try part("xl/sharedStrings.xml").map { data in try parsed("xl/sharedStrings.xml") { try XMLScan.sharedStrings(data) } } ?? []
        let properties = try parsed("xl/workbook.xml") { try XMLScan.elements(workbookXML, named: "workbookPr") }
        date1904 = properties.contains { ["1", "true"].contains($0["date1904"]?.lowercased() ?? "") }
        var sheets: [XLSXSheet] = []
        for sheet in try parsed("xl/workbook.xml", { try XMLScan.elements(workbookXML, named: "sheet") }) {
            // The relationship id is r:id in every producer seen; another prefix is allowed too.
            let id = sheet["r:id"] ?? sheet.first { $0.key.hasSuffix(":id") }?.value
            guard let name = sheet["name"], let id, var target = targets[id] else { continue }
            if let only, !only.contains(name) { continue }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let data = try part(target) else { throw XLSXReadError(path: path, message: "缺少工作表“\(name)”（\(target)）") }
            let (cells, merges) = try parsed("工作表“\(name)”") { try XMLScan.sheet(data, shared: shared) }
            let hidden = ["hidden", "veryhidden"].contains(sheet["state"]?.lowercased() ?? "")
            sheets.append(XLSXSheet(name: name, cells: cells, merges: merges, hidden: hidden))
        }
        self.sheets = sheets
    }
}

/// Small readers of the few XLSX parts we need, on ``XMLBytes``.
enum XMLScan {
    /// Runs `body` over the part's XML events; a part that is not UTF-8 or not well formed is
    /// refused with the reason.
    static func scan(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>, XMLBytes.Event) throws -> Void) throws {
        // A damaged file: refused before anything is read from it.
        guard String(validating: data, as: UTF8.self) != nil else { throw XLSXReadError(path: "", message: "不是有效的 UTF-8 文本（文件已损坏？）") }
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            do {
                try XMLBytes.scan(bytes) { try body(bytes, $0) }
            } catch let failure as XMLBytes.Failure {
                throw XLSXReadError(path: "", message: "XML 无法解析：\(failure)")
            }
        }
    }

    /// The attributes of every element of that name.
    static func elements(_ data: Data, named name: StaticString) throws -> [[String: String]] {
        var found: [[String: String]] = []
        try scan(data) { _, event in
            if case .start(let tag) = event, tag.named(name) { found.append(try tag.attributes()) }
        }
        return found
    }

    static func sharedStrings(_ data: Data) throws -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var inPhonetic = false
        try scan(data) { bytes, event in
            switch event {
            case .start(let tag):
                if tag.named("si") {
                    current = ""
                } else if tag.named("t") {
                    inText = !inPhonetic
                } else if tag.named("rPh") {
                    inPhonetic = true
                }
            case .text(let range, let raw):
                if inText { current += try XMLBytes.text(bytes, range, raw: raw) }
            case .end(let tag):
                if tag.named("si") {
                    strings.append(XLSXText.unescaped(current))
                } else if tag.named("t") {
                    inText = false
                } else if tag.named("rPh") {
                    inPhonetic = false
                }
            }
        }
        return strings
    }

    static func sheet(_ data: Data, shared: [String]) throws -> ([XLSXPosition: XLSXCell], [String]) {
        var cells: [XLSXPosition: XLSXCell] = [:]
        var merges: [String] = []
        var position = XLSXPosition(row: 0, column: 0)
        var type = ""
        var value = ""
        var formula: String?
        var text: String?
        var capture: String?
        // Where the last row and cell were: the position of a row or cell written without its
        // `r` attribute (which the format allows) follows from them.
        var row = -1
        var column = -1
        var inPhonetic = false
        func fail(_ message: String) -> XLSXReadError { XLSXReadError(path: "", message: message) }
        try scan(data) { bytes, event in
            switch event {
            case .start(let tag):
                if tag.named("row") {
                    if let r = try tag.attribute("r") {
                        guard let number = Int(r), (1...XLSXReference.rowLimit).contains(number) else {
                            throw fail("行号“\(r.prefix(20))”无效")
                        }
                        row = number - 1
                    } else {
                        row += 1
                        guard row < XLSXReference.rowLimit else { throw fail("行数超过 Excel 的上限") }
                    }
                    column = -1
                } else if tag.named("c") {
                    if let r = try tag.attribute("r") {
                        guard let (cellRow, cellColumn) = XLSXReference.parse(r) else { throw fail("单元格位置“\(r.prefix(20))”无效") }
                        (row, column) = (cellRow, cellColumn)
                    } else {
                        row = max(row, 0)
                        column += 1
                        guard column < XLSXReference.columnLimit else { throw fail("列数超过 Excel 的上限") }
                    }
                    position = XLSXPosition(row: row, column: column)
                    type = try tag.attribute("t") ?? "n"
                    value = ""
                    formula = nil
                    text = nil
                } else if tag.named("v") || tag.named("f") || tag.named("t") {
                    capture = ""
                } else if tag.named("rPh") {
                    inPhonetic = true
                } else if tag.named("mergeCell") {
                    if let ref = try tag.attribute("ref") { merges.append(ref) }
                }
            case .text(let range, let raw):
                if capture != nil {
                    capture! += try XMLBytes.text(bytes, range, raw: raw)
                }
            case .end(let tag):
                if tag.named("v") {
                    value = capture ?? ""
                    capture = nil
                } else if tag.named("f") {
                    formula = capture ?? ""
                    capture = nil
                } else if tag.named("t") {
                    // The reading (furigana) of East Asian text is not part of the cell's text.
                    if !inPhonetic { text = (text ?? "") + XLSXText.unescaped(capture ?? "") }
                    capture = nil
                } else if tag.named("rPh") {
                    inPhonetic = false
                } else if tag.named("c") {
                    let cell: XLSXCell
                    switch type {
                    case "s": cell = XLSXCell(kind: .string, value: Int(value).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? "", formula: formula)
                    case "inlineStr": cell = XLSXCell(kind: .string, value: text ?? "", formula: formula)
                    case "str", "d": cell = XLSXCell(kind: .string, value: value, formula: formula)
                    case "b": cell = XLSXCell(kind: .boolean, value: value, formula: formula)
                    case "e": cell = XLSXCell(kind: .error, value: value, formula: formula)
                    default:
                        if value.isEmpty && formula == nil { return }
                        cell = XLSXCell(kind: .number, value: value, formula: formula)
                    }
                    cells[position] = cell
                }
            }
        }
        return (cells, merges)
    }
}
