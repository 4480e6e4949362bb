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
    public static func records(_ text: String) -> (records: [CSVRecord], errors: [CSVSyntaxError]) {
        var records: [CSVRecord] = []
        let errors = forEach(text) { records.append($0) }
        return (records, errors)
    }

    /// Hands each record to `body` as soon as it is read, so that a large file is never held
    /// twice in memory; returns the structural problems found.
    /// `progress` hears (bytes read, bytes in all) now and then.
    public static func forEach(
        _ text: String, progress: ((Int, Int) -> Void)? = nil, _ body: (CSVRecord) -> Void
    ) -> [CSVSyntaxError] {
        var text = text
        return text.withUTF8 { forEach(bytes: $0, progress: progress, body) }
    }

    /// The same over UTF-8 bytes. Every byte that matters to CSV (`,` `"` CR LF) is ASCII, so
    /// the bytes of other characters pass through untouched.
    static func forEach(
        bytes: UnsafeBufferPointer<UInt8>, progress: ((Int, Int) -> Void)? = nil, _ body: (CSVRecord) -> Void
    ) -> [CSVSyntaxError] {
        let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var errors: [CSVSyntaxError] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(256)
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteOpenedOn = 0
        var afterClosingQuote = false
        var recordHasContent = false
        var brokenRecord = false
        var index = 0
        let count = bytes.count

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterClosingQuote = false
        }
        func endRecord() {
            endField()
            let blank = !recordHasContent && fields.count == 1 && fields[0].isEmpty
            if !blank && !brokenRecord { body(CSVRecord(line: recordLine, fields: fields)) }
            if let progress, recordLine % 8192 == 0 { progress(index, count) }
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
            brokenRecord = false
        }

        while index < count {
            let byte = bytes[index]
            index += 1
            let next: UInt8? = index < count ? bytes[index] : nil
            if inQuotes {
                if byte == quote {
                    if next == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    if byte == lf || (byte == cr && next != lf) { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case comma:
                recordHasContent = true
                endField()
            case cr, lf:
                if byte == cr && next == lf { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            case quote:
                recordHasContent = true
                if field.isEmpty && !afterClosingQuote {
                    inQuotes = true
                    quoteOpenedOn = line
                } else if !brokenRecord {
                    errors.append(CSVSyntaxError(line: line, message: "字段中间出现了引号：含引号的字段要整个用英文双引号括起来，内部的引号写两次（\"\"）"))
                    brokenRecord = true
                }
            default:
                recordHasContent = true
                if afterClosingQuote && !brokenRecord {
                    errors.append(CSVSyntaxError(line: line, message: "右引号后面还有文字：引号要把整个字段括起来"))
                    brokenRecord = true
                }
                field.append(byte)
            }
        }
        if inQuotes {
            errors.append(CSVSyntaxError(line: quoteOpenedOn, message: "引号没有闭合：从这一行开始的引号直到文件结尾都没有对应的右引号"))
        } else if recordHasContent || !field.isEmpty || !fields.isEmpty {
            endRecord()
        }
        return errors
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
