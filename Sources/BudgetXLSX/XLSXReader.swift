import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A cell as stored in a workbook: its text or number, and its formula if it has one.
public struct XLSXCell: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case number, string, boolean, error }
    public var kind: Kind
    /// The number or text; for a formula, its cached result.
    public var value: String
    public var formula: String?

    public var number: Double? { kind == .number ? Double(value) : nil }
}

/// One worksheet, keyed by A1 references.
public struct XLSXSheet: Sendable {
    public var name: String
    public var cells: [String: XLSXCell]
    public var merges: [String]

    public func cell(_ reference: String) -> XLSXCell? { cells[reference] }

    /// The cell at a zero-based row and column.
    public func cell(row: Int, column: Int) -> XLSXCell? {
        cells[XLSXReference.name(row: row, column: column)]
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

    /// (row, column), zero-based, of an A1 reference.
    public static func parse(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0
        var digits = ""
        for character in reference {
            if let ascii = character.asciiValue, (65...90).contains(ascii), digits.isEmpty {
                column = column * 26 + Int(ascii - 64)
            } else if character.isNumber {
                digits.append(character)
            } else {
                return nil
            }
        }
        guard column > 0, let row = Int(digits), row > 0 else { return nil }
        return (row - 1, column - 1)
    }
}

public struct XLSXReadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path)：\(message)" }
}

/// The raw parts of an XLSX (ZIP) package.
public enum XLSXPackage {
    /// The bytes of one part, e.g. "xl/workbook.xml"; nil if the package has no such part.
    public static func part(_ path: String, _ name: String) throws -> Data? {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw XLSXReadError(path: path, message: "不是有效的 XLSX（ZIP）文件")
        }
        guard let entry = archive[name] else { return nil }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        return data
    }
}

/// Reads the cells of an XLSX workbook written by this tool, Excel, WPS or LibreOffice.
public struct XLSXWorkbook: Sendable {
    public var sheets: [XLSXSheet]

    public func sheet(_ name: String) -> XLSXSheet? { sheets.first { $0.name == name } }

    /// Reads every sheet, or only those named in `only`.
    public init(path: String, only: Set<String>? = nil) throws {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw XLSXReadError(path: path, message: "不是有效的 XLSX（ZIP）文件")
        }
        func part(_ name: String) throws -> Data? {
            guard let entry = archive[name] else { return nil }
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            return data
        }
        guard let workbookXML = try part("xl/workbook.xml") else {
            throw XLSXReadError(path: path, message: "缺少 xl/workbook.xml")
        }
        let relations = try part("xl/_rels/workbook.xml.rels").map { try XMLScan.elements($0, named: "Relationship") } ?? []
        let targets = Dictionary(relations.compactMap { r in r["Id"].flatMap { id in r["Target"].map { (id, $0) } } }, uniquingKeysWith: { a, _ in a })
        let shared = try part("xl/sharedStrings.xml").map(XMLScan.sharedStrings) ?? []
        var sheets: [XLSXSheet] = []
        for sheet in try XMLScan.elements(workbookXML, named: "sheet") {
            guard let name = sheet["name"], let id = sheet["r:id"], var target = targets[id] else { continue }
            if let only, !only.contains(name) { continue }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let data = try part(target) else { throw XLSXReadError(path: path, message: "缺少工作表 \(target)") }
            let (cells, merges) = try XMLScan.sheet(data, shared: shared)
            sheets.append(XLSXSheet(name: name, cells: cells, merges: merges))
        }
        self.sheets = sheets
    }
}

/// Small SAX-style readers of the few XLSX parts we need.
enum XMLScan {
    /// A parser fed from a stream in pieces: libxml2 refuses a single piece of more than 10 MB
    /// ("huge input lookup"), and a sheet of thousands of projects' 绩效目标表 is larger.
    static func parser(_ data: Data) -> XMLParser {
        XMLParser(stream: InputStream(data: data))
    }

    final class Collector: NSObject, XMLParserDelegate {
        let name: String
        var found: [[String: String]] = []
        init(name: String) { self.name = name }
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if element == name { found.append(attributes) }
        }
    }

    static func elements(_ data: Data, named name: String) throws -> [[String: String]] {
        let parser = parser(data)
        let collector = Collector(name: name)
        parser.delegate = collector
        guard parser.parse() else { throw XLSXReadError(path: "", message: "XML 无法解析：\(parser.parserError.map { "\($0)" } ?? "")") }
        return collector.found
    }

    final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        var current = ""
        var inText = false
        var inPhonetic = false
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch element {
            case "si": current = ""
            case "t": inText = !inPhonetic
            case "rPh": inPhonetic = true
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            switch element {
            case "si": strings.append(XLSXText.unescaped(current))
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }
    }

    static func sharedStrings(_ data: Data) throws -> [String] {
        let parser = parser(data)
        let reader = SharedStrings()
        parser.delegate = reader
        guard parser.parse() else { throw XLSXReadError(path: "", message: "XML 无法解析：\(parser.parserError.map { "\($0)" } ?? "")") }
        return reader.strings
    }

    final class Sheet: NSObject, XMLParserDelegate {
        let shared: [String]
        var cells: [String: XLSXCell] = [:]
        var merges: [String] = []
        var reference = ""
        var type = ""
        var value = ""
        var formula: String?
        var text: String?
        var capture: String?
        init(shared: [String]) { self.shared = shared }
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch element {
            case "c":
                reference = attributes["r"] ?? ""
                type = attributes["t"] ?? "n"
                value = ""
                formula = nil
                text = nil
            case "v", "f", "t":
                capture = ""
            case "mergeCell":
                if let ref = attributes["ref"] { merges.append(ref) }
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { capture? += string }
        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            switch element {
            case "v": value = capture ?? ""; capture = nil
            case "f": formula = capture ?? ""; capture = nil
            case "t": text = (text ?? "") + XLSXText.unescaped(capture ?? ""); capture = nil
            case "c":
                let cell: XLSXCell
                switch type {
                case "s": cell = XLSXCell(kind: .string, value: Int(value).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? "", formula: formula)
                case "inlineStr": cell = XLSXCell(kind: .string, value: text ?? "", formula: formula)
                case "str": cell = XLSXCell(kind: .string, value: value, formula: formula)
                case "b": cell = XLSXCell(kind: .boolean, value: value, formula: formula)
                case "e": cell = XLSXCell(kind: .error, value: value, formula: formula)
                default:
                    if value.isEmpty && formula == nil { return }
                    cell = XLSXCell(kind: .number, value: value, formula: formula)
                }
                cells[reference] = cell
            default: break
            }
        }
    }

    static func sheet(_ data: Data, shared: [String]) throws -> ([String: XLSXCell], [String]) {
        let parser = parser(data)
        let reader = Sheet(shared: shared)
        parser.delegate = reader
        guard parser.parse() else { throw XLSXReadError(path: "", message: "XML 无法解析：\(parser.parserError.map { "\($0)" } ?? "")") }
        return (reader.cells, reader.merges)
    }
}
