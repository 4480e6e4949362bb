import Foundation

/// One record of a CSV file with the line it starts on (1-based, counting the header).
public struct CSVRecord: Equatable, Sendable {
    public var line: Int
    public var fields: [String]
}

/// A structural problem in CSV text.
public struct CSVSyntaxError: Error, Equatable, Sendable {
    public var line: Int
    public var message: String
}

/// A strict RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; a quote
/// that is never closed, or text after a closing quote, is an error rather than a guess.
public enum CSVReader {
    /// The records of `text`; with `separator` a tab (`0x09`), of the tab-separated text Excel and
    /// WPS put on the clipboard (quoted the same way).
    public static func records(_ text: String, separator: UInt8 = CSVParser.comma) -> (records: [CSVRecord], errors: [CSVSyntaxError]) {
        var records: [CSVRecord] = []
        let errors = forEach(text, separator: separator) { records.append($0) }
        return (records, errors)
    }

    /// Hands each record to `body` as soon as it is read; returns the structural problems found.
    public static func forEach(_ text: String, separator: UInt8 = CSVParser.comma, _ body: (CSVRecord) -> Void) -> [CSVSyntaxError] {
        var text = text
        var parser = CSVParser(separator: separator)
        text.withUTF8 { bytes in parser.feed(bytes) { body(CSVRecord(line: $0.line, fields: $0.strings)) } }
        parser.finish { body(CSVRecord(line: $0.line, fields: $0.strings)) }
        return parser.errors
    }
}

/// One record as the parser holds it: its fields' bytes, valid only while it is handed over.
public struct CSVRawRecord {
    public let line: Int
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where each field ends in `bytes`.
    let ends: UnsafeBufferPointer<Int>

    public var count: Int { ends.count }

    /// The bytes of field `index` (the quotes taken off, doubled quotes made single).
    public subscript(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
    }

    public func string(_ index: Int) -> String { String(decoding: self[index], as: UTF8.self) }

    public var strings: [String] { (0..<count).map(string) }
}

/// The CSV state machine, fed UTF-8 in pieces of any size: a record, a quoted field, a doubled
/// quote or a CR LF may be cut anywhere between two pieces. Every byte that matters to CSV
/// (`,` `"` CR LF) is ASCII, so the bytes of other characters pass through untouched.
public struct CSVParser {
    /// The structural problems found so far.
    public private(set) var errors: [CSVSyntaxError] = []
    private var record: [UInt8] = []
    private var ends: [Int] = []
    private var line = 1
    private var recordLine = 1
    private var inQuotes = false
    /// In quotes, a quote was the last byte: the next one says whether it was doubled.
    private var quotePending = false
    /// A CR ended the last record: an LF right after it belongs to it.
    private var afterCR = false
    /// In quotes, the last byte was a CR (which counted the line break).
    private var quotedCR = false
    private var quoteOpenedOn = 0
    private var afterClosingQuote = false
    private var recordHasContent = false
    private var brokenRecord = false
    private var fieldStart = 0

    /// What separates the fields: a comma, or a tab for what a spreadsheet copies.
    private let separator: UInt8

    public init(separator: UInt8 = CSVParser.comma) {
        self.separator = separator
        record.reserveCapacity(1024)
    }

    public static let comma: UInt8 = 0x2C, tab: UInt8 = 0x09
    private static let quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    /// Reads a piece of the text, handing each record it completes to `body`.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (CSVRawRecord) throws -> Void) rethrows {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            if afterCR {
                afterCR = false
                if base[index] == Self.lf {
                    index += 1
                    continue
                }
            }
            if quotePending {
                quotePending = false
                if base[index] == Self.quote {
                    record.append(Self.quote)
                    index += 1
                    continue
                }
                inQuotes = false
                afterClosingQuote = true
            }
            if inQuotes {
                // A run of quoted text up to the next quote or line break.
                var end = index
                while end < count {
                    let byte = base[end]
                    if byte == Self.quote || byte == Self.cr || byte == Self.lf { break }
                    end += 1
                }
                if end > index {
                    record.append(contentsOf: UnsafeBufferPointer(start: base + index, count: end - index))
                    quotedCR = false
                    index = end
                    continue
                }
                let byte = base[index]
                index += 1
                if byte == Self.quote {
                    quotePending = true
                    quotedCR = false
                } else {
                    // CR LF, CR and LF each end one line.
                    if byte == Self.cr || !quotedCR { line += 1 }
                    quotedCR = byte == Self.cr
                    record.append(byte)
                }
                continue
            }
            // A run of plain text up to the next byte that matters.
            var end = index
            while end < count {
                let byte = base[end]
                if byte == separator || byte == Self.quote || byte == Self.cr || byte == Self.lf { break }
                end += 1
            }
            if end > index {
                recordHasContent = true
                if afterClosingQuote && !brokenRecord {
                    errors.append(CSVSyntaxError(line: line, message: "右引号后面还有文字：引号要把整个字段括起来"))
                    brokenRecord = true
                }
                record.append(contentsOf: UnsafeBufferPointer(start: base + index, count: end - index))
                index = end
                continue
            }
            let byte = base[index]
            index += 1
            switch byte {
            case separator:
                recordHasContent = true
                endField()
            case Self.quote:
                recordHasContent = true
                if record.count == fieldStart && !afterClosingQuote {
                    inQuotes = true
                    quotedCR = false
                    quoteOpenedOn = line
                } else if !brokenRecord {
                    errors.append(CSVSyntaxError(line: line, message: "字段中间出现了引号：含引号的字段要整个用英文双引号括起来，内部的引号写两次（\"\"）"))
                    brokenRecord = true
                }
            default:  // CR or LF
                afterCR = byte == Self.cr
                try endRecord(body)
                line += 1
                recordLine = line
            }
        }
    }

    /// The end of the text: hands over the last record, if it has no line break after it.
    public mutating func finish(_ body: (CSVRawRecord) throws -> Void) rethrows {
        if quotePending {
            quotePending = false
            inQuotes = false
            afterClosingQuote = true
        }
        if inQuotes {
            errors.append(CSVSyntaxError(line: quoteOpenedOn, message: "引号没有闭合：从这一行开始的引号直到文件结尾都没有对应的右引号"))
        } else if recordHasContent || !record.isEmpty || !ends.isEmpty {
            try endRecord(body)
        }
    }

    private mutating func endField() {
        ends.append(record.count)
        fieldStart = record.count
        afterClosingQuote = false
    }

    private mutating func endRecord(_ body: (CSVRawRecord) throws -> Void) rethrows {
        endField()
        let blank = !recordHasContent && ends.count == 1 && ends[0] == 0
        if !blank && !brokenRecord {
            let line = recordLine
            try record.withUnsafeBufferPointer { bytes in
                try ends.withUnsafeBufferPointer { ends in try body(CSVRawRecord(line: line, bytes: bytes, ends: ends)) }
            }
        }
        record.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        fieldStart = 0
        recordHasContent = false
        brokenRecord = false
    }
}

/// Writes CSV text that Excel and WPS read back unchanged.
public enum CSVWriter {
    /// Quotes a field when needed. Text fields that a spreadsheet would run as a formula
    /// (starting with = + - @, a tab or a line break) get a leading apostrophe.
    public static func field(_ value: String, isText: Bool = true) -> String {
        var value = value
        if isText, let first = value.unicodeScalars.first, formulaTriggers.contains(first) || first == "'" {
            value = "'" + value
        }
        if value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    /// Characters that make a spreadsheet treat a cell's text as a formula.
    public static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n"]

    /// Undoes `field`'s apostrophe: one leading apostrophe before a formula character or a
    /// second apostrophe is dropped, as a spreadsheet does.
    public static func unneutralise(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars.prefix(2))
        if scalars.count == 2, scalars[0] == "'", formulaTriggers.contains(scalars[1]) || scalars[1] == "'" {
            return String(text.unicodeScalars.dropFirst())
        }
        return text
    }

    public static func line(_ fields: [String]) -> String {
        fields.joined(separator: ",") + "\r\n"
    }
}
