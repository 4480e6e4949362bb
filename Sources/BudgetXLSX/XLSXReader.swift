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
    /// The number format code of every cell that has a style (“#,##0.00”, “General”), blank
    /// cells included; read only when the workbook is opened with `numberFormats: true`.
    public var numberFormats: [XLSXPosition: String] = [:]

    public init(name: String, cells: [XLSXPosition: XLSXCell], merges: [String], hidden: Bool = false) {
        self.name = name
        self.cells = cells
        self.merges = merges
        self.hidden = hidden
    }

    /// The number format of the cell at a zero-based row and column (nil: no style, General).
    public func numberFormat(row: Int, column: Int) -> String? {
        numberFormats[XLSXPosition(row: row, column: column)]
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

/// What a workbook may hold before it is refused: bounds on what a damaged or hostile file can
/// make the reader hold or do. The defaults pass the draft workbook of a 1,000,000-item project
/// (35 MB; 330 MB of XML, 7.1 million cells, 174 MB of cell text) with room to spare.
public struct XLSXLimits: Sendable, Equatable {
    /// Entries (parts) in the ZIP package.
    public var parts = 10_000
    /// Sheets listed in xl/workbook.xml.
    public var sheets = 1_000
    /// Bytes of all the parts read, uncompressed.
    public var size = 512 * 1024 * 1024
    /// The most a part may expand when it is decompressed (bytes out per byte in), checked for
    /// parts above ``ratioGrace``: spreadsheet XML expands 5 to 15 times; a “ZIP bomb” thousands.
    public var ratio = 100
    public var ratioGrace = 1024 * 1024
    /// Elements inside one another (a sheet needs 7).
    public var depth = 64
    /// Cells with a value (and merged ranges), all sheets together.
    public var cells = 10_000_000
    /// Entries of the shared-string table, and their bytes (UTF-8) together.
    public var sharedStrings = 10_000_000
    public var sharedLength = 256 * 1024 * 1024
    /// Characters (UTF-16, as Excel counts them) of one text, number or formula: Excel's own limit
    /// for a cell.
    public var textLength = 32_767
    /// Bytes (UTF-8) of the values of all cells together, a shared string counted at every cell
    /// that shows it: what the import then reads cell by cell.
    public var cellText = 512 * 1024 * 1024

    public init() {}
    public static let standard = XLSXLimits()

    /// 536870912 → “512 MB”; a bound that is not whole megabytes in bytes.
    static func bytes(_ bytes: Int) -> String {
        bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024)) MB" : "\(count(bytes)) 字节"
    }
    /// 10000000 → “10,000,000”.
    static func count(_ number: Int) -> String {
        let digits = Array(String(number))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}

/// The raw parts of an XLSX (ZIP) package.
public enum XLSXPackage {
    /// The bytes of one part, e.g. "xl/workbook.xml"; nil if the package has no such part.
    public static func part(_ path: String, _ name: String, limits: XLSXLimits = .standard) throws -> Data? {
        try Reader(path, limits: limits).part(name)
    }

    /// The parts of one package, indexed by name once (a lookup per sheet would be quadratic in
    /// the number of sheets), and every part read counted against the limits.
    final class Reader {
        let archive: Archive
        let path: String
        let limits: XLSXLimits
        private var entries: [String: Entry] = [:]
        /// Bytes decompressed so far.
        private var used = 0

        init(_ path: String, limits: XLSXLimits) throws {
            self.path = path
            self.limits = limits
            do {
                archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            } catch {
                throw XLSXReadError(path: path, message: "不是有效的 XLSX（ZIP）文件")
            }
            // Names are compared as Office does (case-insensitively): two entries of one name are
            // read as the first by one program and as the last by another.
            var seen: Set<String> = []
            for entry in archive {
                guard seen.count < limits.parts else {
                    throw XLSXReadError(path: path, message: "部件（ZIP 中的文件）超过 \(XLSXLimits.count(limits.parts)) 个（上限），不像是工作簿")
                }
                guard seen.insert(entry.path.lowercased()).inserted else {
                    throw XLSXReadError(path: path, message: "文件已损坏：ZIP 中有两个名为“\(entry.path.prefix(100))”的部件（不同的程序会读到不同的内容）")
                }
                entries[entry.path] = entry
            }
        }

        func fail(_ message: String) -> XLSXReadError { XLSXReadError(path: path, message: message) }

        /// The bytes of one part; nil if the package has no such part.
        func part(_ name: String) throws -> Data? {
            guard let entry = entries[name] else { return nil }
            let left = limits.size - used
            let sizeMessage = "\(name) 解压后超过上限：所有部件共 \(XLSXLimits.bytes(limits.size))"
            let ratioMessage = "\(name) 解压后是压缩时的 \(limits.ratio) 倍以上（上限 \(limits.ratio) 倍），不像是工作簿（可能是“压缩炸弹”）"
            func tooDense(_ bytes: Int) -> Bool {
                bytes > limits.ratioGrace && UInt64(bytes) / max(entry.compressedSize, 1) >= UInt64(limits.ratio)
            }
            // What the directory declares is checked first; what comes out is counted as it comes.
            guard entry.uncompressedSize <= UInt64(left) else { throw fail(sizeMessage) }
            guard !tooDense(Int(entry.uncompressedSize)) else { throw fail(ratioMessage) }
            var data = Data()
            data.reserveCapacity(Int(entry.uncompressedSize))
            do {
                let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard data.count + chunk.count <= left else { throw fail(sizeMessage) }
                    guard !tooDense(data.count + chunk.count) else { throw fail(ratioMessage) }
                    data.append(chunk)
                }
                // ZIPFoundation computes the checksum but leaves the comparison to its caller.
                guard checksum == entry.checksum else { throw fail("文件已损坏：\(name) 的校验和不符") }
            } catch let error as XLSXReadError {
                throw error
            } catch {
                throw fail("文件已损坏：\(name) 无法解压（\(error)）")
            }
            used += data.count
            return data
        }
    }
}

/// Reads the cells of an XLSX workbook written by this tool, Excel, WPS or LibreOffice.
public struct XLSXWorkbook: Sendable {
    public var sheets: [XLSXSheet]
    /// Dates count from 1904 rather than 1900 (an option of old Mac workbooks).
    public var date1904 = false

    public func sheet(_ name: String) -> XLSXSheet? { sheets.first { $0.name == name } }

    /// Reads every sheet, or only those named in `only`; a workbook beyond `limits` is refused.
    /// With `numberFormats`, each sheet also gives its cells' number formats (for tests and
    /// checks of how a workbook prints; the import does not need them).
    public init(path: String, only: Set<String>? = nil, limits: XLSXLimits = .standard, numberFormats: Bool = false) throws {
        let package = try XLSXPackage.Reader(path, limits: limits)
        func part(_ name: String) throws -> Data? { try package.part(name) }
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
        let scan = XMLScan(limits: limits)
        let relations =
            try part("xl/_rels/workbook.xml.rels").map { data in
                try parsed("xl/_rels/workbook.xml.rels") { try scan.elements(data, named: "Relationship", most: limits.parts, what: "关系") }
            } ?? []
        let targets = Dictionary(
            relations.compactMap { r in r["Id"].flatMap { id in r["Target"].map { (id, $0) } } }, uniquingKeysWith: { a, _ in a })
        let shared = try part("xl/sharedStrings.xml").map { data in try parsed("xl/sharedStrings.xml") { try scan.sharedStrings(data) } }
        let formats =
            numberFormats ? try part("xl/styles.xml").map { data in try parsed("xl/styles.xml") { try scan.numberFormats(data) } } ?? [] : nil
        let properties = try parsed("xl/workbook.xml") { try scan.elements(workbookXML, named: "workbookPr", most: 16, what: "workbookPr") }
        date1904 = properties.contains { ["1", "true"].contains($0["date1904"]?.lowercased() ?? "") }
        let listed = try parsed("xl/workbook.xml") { try scan.elements(workbookXML, named: "sheet", most: limits.sheets, what: "工作表") }
        var sheets: [XLSXSheet] = []
        var budget = XMLScan.Budget()
        for sheet in listed {
            // The relationship id is r:id in every producer seen; another prefix is allowed too.
            let id = sheet["r:id"] ?? sheet.first { $0.key.hasSuffix(":id") }?.value
            guard let name = sheet["name"], let id, var target = targets[id] else { continue }
            if let only, !only.contains(name) { continue }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let data = try part(target) else { throw XLSXReadError(path: path, message: "缺少工作表“\(name)”（\(target)）") }
            var styles: [XLSXPosition: Int]? = formats == nil ? nil : [:]
            let (cells, merges) = try parsed("工作表“\(name)”") { try scan.sheet(data, shared: shared, budget: &budget, styles: &styles) }
            let hidden = ["hidden", "veryhidden"].contains(sheet["state"]?.lowercased() ?? "")
            var read = XLSXSheet(name: name, cells: cells, merges: merges, hidden: hidden)
            if let formats, let styles {
                read.numberFormats = styles.mapValues { formats.indices.contains($0) ? formats[$0] : "General" }
            }
            sheets.append(read)
        }
        self.sheets = sheets
    }
}

/// Small readers of the few XLSX parts we need, on ``XMLBytes``, within the limits.
struct XMLScan {
    var limits = XLSXLimits.standard

    /// What the sheets of one workbook have used of the limits so far.
    struct Budget {
        var cells = 0
        var text = 0
    }

    func fail(_ message: String) -> XLSXReadError { XLSXReadError(path: "", message: message) }

    /// Whether a text is longer than Excel lets a cell be (its UTF-8 length is a cheap first test).
    func tooLong(_ text: String) -> Bool {
        text.utf8.count > limits.textLength && text.utf16.count > limits.textLength
    }

    /// Whether a text still growing is surely too long: a UTF-16 unit takes at most 3 bytes of
    /// UTF-8. Cheap enough for every piece of text.
    func surelyTooLong(_ text: String) -> Bool { text.utf8.count > 3 * limits.textLength }

    var tooLongMessage: String { "超过 \(XLSXLimits.count(limits.textLength)) 个字符（Excel 一个单元格的上限）" }

    /// Runs `body` over the part's XML events; a part that is not UTF-8 or not well formed is
    /// refused with the reason.
    func scan(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>, XMLBytes.Event) throws -> Void) throws {
        // A damaged file: refused before anything is read from it.
        guard String(validating: data, as: UTF8.self) != nil else { throw fail("不是有效的 UTF-8 文本（文件已损坏？）") }
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            do {
                try XMLBytes.scan(bytes, depth: limits.depth) { try body(bytes, $0) }
            } catch let failure as XMLBytes.Failure {
                throw fail("XML 无法解析：\(failure)")
            }
        }
    }

    /// The attributes of every element of that name; more than `most` of them are refused.
    func elements(_ data: Data, named name: StaticString, most: Int, what: String) throws -> [[String: String]] {
        var found: [[String: String]] = []
        try scan(data) { _, event in
            if case .start(let tag) = event, tag.named(name) {
                guard found.count < most else { throw fail("\(what)超过 \(XLSXLimits.count(most)) 个（上限）") }
                found.append(try tag.attributes())
            }
        }
        return found
    }

    func sharedStrings(_ data: Data) throws -> [String] {
        var strings: [String] = []
        var length = 0
        var current = ""
        var inText = false
        var inPhonetic = false
        try scan(data) { bytes, event in
            switch event {
            case .start(let tag):
                if tag.named("si") {
                    guard strings.count < limits.sharedStrings else {
                        throw fail("共享字符串超过 \(XLSXLimits.count(limits.sharedStrings)) 个（上限）")
                    }
                    current = ""
                } else if tag.named("t") {
                    inText = !inPhonetic
                } else if tag.named("rPh") {
                    inPhonetic = true
                }
            case .text(let range, let raw):
                if inText {
                    current += try XMLBytes.text(bytes, range, raw: raw)
                    guard !surelyTooLong(current) else { throw fail("第 \(XLSXLimits.count(strings.count + 1)) 个共享字符串\(tooLongMessage)") }
                }
            case .end(let tag):
                if tag.named("si") {
                    guard !tooLong(current) else { throw fail("第 \(XLSXLimits.count(strings.count + 1)) 个共享字符串\(tooLongMessage)") }
                    let text = XLSXText.unescaped(current)
                    length += text.utf8.count
                    guard length <= limits.sharedLength else {
                        throw fail("共享字符串共超过 \(XLSXLimits.bytes(limits.sharedLength))（上限）")
                    }
                    strings.append(text)
                } else if tag.named("t") {
                    inText = false
                } else if tag.named("rPh") {
                    inPhonetic = false
                }
            }
        }
        return strings
    }

    /// The number format code of each cell format (`cellXfs`), by index: the workbook's own
    /// codes (`numFmts`) and Excel's built-in ones.
    func numberFormats(_ data: Data) throws -> [String] {
        var custom: [Int: String] = [:]
        var formats: [String] = []
        var inCellFormats = false
        try scan(data) { _, event in
            switch event {
            case .start(let tag):
                if tag.named("numFmt"), let id = try tag.attribute("numFmtId").flatMap({ Int($0) }) {
                    custom[id] = try tag.attribute("formatCode") ?? ""
                } else if tag.named("cellXfs") {
                    inCellFormats = true
                } else if inCellFormats, tag.named("xf") {
                    guard formats.count < limits.cells else { throw fail("单元格格式超过 \(XLSXLimits.count(limits.cells)) 个（上限）") }
                    let id = try tag.attribute("numFmtId").flatMap { Int($0) } ?? 0
                    formats.append(custom[id] ?? Self.builtInFormats[id] ?? "General")
                }
            case .end(let tag):
                if tag.named("cellXfs") { inCellFormats = false }
            case .text:
                break
            }
        }
        return formats
    }

    /// Excel's built-in number formats that a workbook names by number only.
    static let builtInFormats: [Int: String] = [
        0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 14: "mm-dd-yy", 49: "@",
    ]

    /// The cells and merged ranges of a sheet (see below), without their styles.
    func sheet(_ data: Data, shared: [String]?, budget: inout Budget) throws -> ([XLSXPosition: XLSXCell], [String]) {
        var styles: [XLSXPosition: Int]? = nil
        return try sheet(data, shared: shared, budget: &budget, styles: &styles)
    }

    /// The cells and merged ranges of a sheet. `shared` is nil when the workbook has no
    /// shared-string table; a cell that names a shared string the table does not have is refused,
    /// never read as empty. With `styles`, the style index of every cell that has one.
    func sheet(
        _ data: Data, shared: [String]?, budget: inout Budget, styles: inout [XLSXPosition: Int]?
    ) throws -> ([XLSXPosition: XLSXCell], [String]) {
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
        var used = budget
        defer { budget = used }
        // `what` is only worked out for the message: this runs once per cell.
        func count(_ what: @autoclosure () -> String, text: Int = 0) throws {
            used.cells += 1
            used.text += text
            guard used.cells <= limits.cells else { throw fail("单元格（含合并区域）超过 \(XLSXLimits.count(limits.cells)) 个（上限，各工作表合计）") }
            guard used.text <= limits.cellText else {
                throw fail("单元格中的文字共超过 \(XLSXLimits.bytes(limits.cellText))（上限，各工作表合计，共享字符串每引用一次计一次），在 \(what())")
            }
        }
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
                    if styles != nil, let style = try tag.attribute("s").flatMap({ Int($0) }) { styles![position] = style }
                    type = try tag.attribute("t") ?? "n"
                    value = ""
                    formula = nil
                    text = nil
                } else if tag.named("v") || tag.named("f") || tag.named("t") {
                    capture = ""
                } else if tag.named("rPh") {
                    inPhonetic = true
                } else if tag.named("mergeCell") {
                    if let ref = try tag.attribute("ref") {
                        try count("合并区域 \(ref.prefix(20))", text: ref.utf8.count)
                        merges.append(ref)
                    }
                }
            case .text(let range, let raw):
                if capture != nil {
                    capture! += try XMLBytes.text(bytes, range, raw: raw)
                    guard !surelyTooLong(capture!) else { throw fail("单元格 \(position.reference) 的内容\(tooLongMessage)") }
                }
            case .end(let tag):
                if tag.named("v") || tag.named("f") {
                    guard !tooLong(capture ?? "") else { throw fail("单元格 \(position.reference) 的内容\(tooLongMessage)") }
                    if tag.named("v") { value = capture ?? "" } else { formula = capture ?? "" }
                    capture = nil
                } else if tag.named("t") {
                    // The reading (furigana) of East Asian text is not part of the cell's text.
                    if !inPhonetic { text = (text ?? "") + XLSXText.unescaped(capture ?? "") }
                    capture = nil
                    guard !tooLong(text ?? "") else { throw fail("单元格 \(position.reference) 的内容\(tooLongMessage)") }
                } else if tag.named("rPh") {
                    inPhonetic = false
                } else if tag.named("c") {
                    let cell: XLSXCell
                    switch type {
                    case "s":
                        // Resolved once per cell to the table's own string: the text is shared, not copied.
                        guard let shared else {
                            throw fail("单元格 \(position.reference) 引用共享字符串，但工作簿中没有共享字符串表（xl/sharedStrings.xml）：文件已损坏")
                        }
                        guard let index = Int(value), shared.indices.contains(index) else {
                            throw fail("单元格 \(position.reference) 引用第 \(value.prefix(20)) 号共享字符串，但共享字符串表只有 \(shared.count) 项（从 0 数起）：文件已损坏")
                        }
                        cell = XLSXCell(kind: .string, value: shared[index], formula: formula)
                    case "inlineStr": cell = XLSXCell(kind: .string, value: text ?? "", formula: formula)
                    case "str", "d": cell = XLSXCell(kind: .string, value: value, formula: formula)
                    case "b": cell = XLSXCell(kind: .boolean, value: value, formula: formula)
                    case "e": cell = XLSXCell(kind: .error, value: value, formula: formula)
                    default:
                        if value.isEmpty && formula == nil { return }
                        cell = XLSXCell(kind: .number, value: value, formula: formula)
                    }
                    try count("单元格 \(position.reference)", text: cell.value.utf8.count + (cell.formula?.utf8.count ?? 0))
                    cells[position] = cell
                }
            }
        }
        return (cells, merges)
    }
}
