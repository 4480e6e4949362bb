import Foundation
import Testing

@testable import BudgetModel

// The importer reads a file in pieces (1 MiB in the tool). A piece may end anywhere: inside a
// character, a byte-order mark, a CR LF, a doubled quote or a quoted field with line breaks.
// These tests read files in pieces of every small size and check that nothing changes.

private let context = ImportContext(unitCodes: ["432001", "432002"], projectNames: ["已有项目"], codes: CodeBook())
private let header = "unit,functional,economic,type,nature,project,source,amount,note"

private func lines(_ rows: String...) -> String { rows.map { $0 + "\r\n" }.joined() }

/// The items (or the problems) and the encoding, read `chunkSize` bytes at a time.
private func read(_ data: Data, chunkSize: Int, unit: Money.InputUnit = .yuan) -> String {
    do {
        let parsed = try LineItemCSV.parse(data: data, fileName: "f.csv", unit: unit, context: context, chunkSize: chunkSize)
        return "items: \(parsed.items)\nnew projects: \(parsed.newProjects)\nnames: \(parsed.newCodeNames)\n\(parsed.encoding)"
    } catch {
        return "problems: \(error.problems)"
    }
}

private func parse(_ data: Data, chunkSize: Int) throws(InputProblems) -> ParsedLineItems {
    try LineItemCSV.parse(data: data, fileName: "f.csv", unit: .yuan, context: context, chunkSize: chunkSize)
}

/// The problems of a refused file; none if it was accepted.
private func problems(_ data: Data, chunkSize: Int) -> [InputProblem] {
    do {
        _ = try parse(data, chunkSize: chunkSize)
        return []
    } catch {
        return error.problems
    }
}

/// Files that take every path of the reader: quoting, line breaks, multi-byte text, bad rows,
/// broken records, new projects and code names, encodings.
private let corpus: [(label: String, data: Data)] = [
    (
        "good rows, CR LF, Chinese values",
        Data(
            lines(
                "单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注",
                "432001,2010306,30101,基本支出,,,一般公共预算拨款,\"1,234.56\",",
                "432001,2010306,30226,项目支出,,政务公开平台运维,财政拨款结转结余（一般公共预算）,20000.00,办公用品",
                "432002,2080505,30108,基本支出,人员,,财政专户管理资金,１２．３,\"含逗号，和\"\"引号\"\"\""
            ).utf8)
    ),
    ("a byte-order mark", Data([0xEF, 0xBB, 0xBF] + Array(lines(header, "432001,2010306,30201,basic,,,general,1,备注").utf8))),
    (
        "multi-line notes with CR LF, CR and LF inside",
        Data(
            (header + "\n432001,2010306,30201,basic,,,general,1,\"第一行\r\n第二行\r第三行\n第四行\"\r\n"
                + "432001,2010306,30201,basic,,,general,-1,\"\"\"引号\"\" 在行首\"\r432001,2010306,30201,basic,,,general,2,x\n").utf8)
    ),
    (
        "bad rows between good ones",
        Data(
            lines(
                header, "432001,2010306,30201,basic,,,general,1,", "999999,2010306,30201,basic,,,general,1,",
                "432001,201030,3020,杂项,,,银行,-5,", "432001,2010306,30226,project,,,general,1,", "432001,2010306,30201,basic,,某项目,general,1,",
                "432001,2010306,30201,basic,,,general,1,a\u{01}b", "432001,2010306,30201", "432001,2010306,30201,basic,,,general,1,ab\"c",
                "432001,2010306,30201,basic,,,general,\"100\"元,", "432001,2010306,30201,basic,,,general,12万,"
            ).utf8)
    ),
    (
        "new projects and code names",
        Data(
            lines(
                header + ",functional_name,economic_name", "432001,2999999,39998,basic,,,general,1,,自定功能科目,自定经济科目",
                "432001,2999999,30201,project,,乙项目,general,2,,,", "432002,2010306,39998,project,,已有项目,general,3,,,",
                "432002,2010306,30201,project,,乙项目,general,4,,,", " 432001 , 2010306 , 30201 , project ,, 甲项目 , general ,5,,,"
            ).utf8)
    ),
    (
        "blank lines, spreadsheet blank rows, unnamed columns",
        Data(
            ("\r\n\n" + "unit,,functional,economic,type,source,amount,\n,,,,,,,\n432001,,2010306,30201,basic,general,1,\n"
                + " , ,　,\u{A0},,,,\n432001,x,2010306,30201,basic,general,1,\n432001,,2010306,30201,basic,general,2,").utf8)
    ),
    ("a quote left open", Data(lines(header, "432001,2010306,30201,basic,,,general,1,\"未闭合", "432001,2010306,30201,basic,,,general,1,").utf8)),
    ("a file that ends with a closing quote", Data((header + "\n432001,2010306,30201,basic,,,general,1,\"结尾\"").utf8)),
    ("a file that ends with a CR", Data((header + "\r432001,2010306,30201,basic,,,general,1,\r").utf8)),
    ("a bad header", Data(lines(header + ",颜色,amount", "432001,2010306,30201,basic,,,general,1,,红,1").utf8)),
    ("GB18030", gb18030LineItemCSV),
    ("GB18030 cut inside its last character", gb18030LineItemCSV + Data([0xB0])),
    ("neither UTF-8 nor GB18030 after good rows", Data(lines(header, "432001,2010306,30201,basic,,,general,1,").utf8) + Data([0xFF, 0x0A])),
    ("a byte-order mark, then bytes that are not UTF-8", Data([0xEF, 0xBB, 0xBF] + Array(lines(header).utf8) + [0xD4, 0xA4, 0x0A])),
    ("UTF-8 cut inside its last character", Data((header + "\n432001,2010306,30201,basic,,,general,1,预").utf8.dropLast())),
]

@Suite("Reading a file in pieces")
struct ChunkedReadingTests {
    @Test("pieces of any size give what the whole file at once gives", arguments: corpus.indices)
    func anyChunkSize(index: Int) {
        let (label, data) = corpus[index]
        let whole = read(data, chunkSize: data.count + 1)
        for size in Array(1...24) + [31, 64, 100] {
            #expect(read(data, chunkSize: size) == whole, "\(label), pieces of \(size) bytes")
        }
    }

    @Test("a character cut between two pieces is read whole")
    func characterAcrossPieces() throws {
        // Given: Chinese values, each of three bytes, in every column that carries text
        let text = lines("单位编码,功能分类科目编码,经济分类科目编码,支出类型,资金来源,金额,项目名称,备注", "432001,2010306,30226,项目支出,一般公共预算拨款,1,政务平台,办公用品")
        // When: read in pieces of 1 to 7 bytes, so that some piece ends after each byte of each character
        for size in 1...7 {
            let item = try #require(try parse(Data(text.utf8), chunkSize: size).items.first)
            // Then
            #expect(item.type == .project && item.source == .general, "pieces of \(size)")
            #expect(item.project == "政务平台" && item.note == "办公用品", "pieces of \(size)")
        }
    }

    @Test("a byte-order mark cut between pieces is still seen")
    func byteOrderMarkAcrossPieces() throws {
        let data = Data([0xEF, 0xBB, 0xBF] + Array(lines("单位编码,功能分类科目编码,经济分类科目编码,支出类型,资金来源,金额", "432001,2010306,30201,基本支出,一般公共预算拨款,1").utf8))
        for size in [1, 2, 3, 4] {
            let parsed = try parse(data, chunkSize: size)
            #expect(parsed.encoding == .utf8BOM, "pieces of \(size)")
            #expect(parsed.items.map(\.amount) == [100], "pieces of \(size)")
        }
    }

    @Test("a quoted field with line breaks across pieces, and the line numbers after it")
    func quotedLineBreaksAcrossPieces() {
        // Given: a note of three lines (CR LF, then LF) and a bad amount on line 5
        let text = header + "\r\n432001,2010306,30201,basic,,,general,1,\"第一行\r\n第二行\n\"\"第三行\"\"\"\r\n432001,2010306,30201,basic,,,general,-1,\r\n"
        for size in 1...12 {
            // When
            let found = problems(Data(text.utf8), chunkSize: size)
            // Then
            #expect(found == [InputProblem(file: "f.csv", line: 5, column: "金额", value: "-1", message: "金额是负数：预算金额不能为负")], "pieces of \(size)")
        }
        let parsed = try? parse(Data(text.replacingOccurrences(of: "-1", with: "1").utf8), chunkSize: 5)
        #expect(parsed?.items.first?.note == "第一行\n第二行\n\"第三行\"")
    }

    @Test("bad rows after many pieces are reported with their lines, columns and values")
    func badRowsAfterPieces() {
        // Given: 2,000 good rows (about 100 KB), then two bad rows, then good rows again
        var text = header + "\n"
        for number in 0..<2000 { text += "432001,2010306,30201,basic,,,general,\(number).5,第 \(number) 行\n" }
        text += "432001,2010306,30201,basic,,,general,1.234,\n432009,2010306,30201,basic,,,天上掉的,1,\n"
        text += "432001,2010306,30201,basic,,,general,1,\n"
        // When: read in pieces of 4 KiB and of 1 MiB
        for size in [4096, 1 << 20] {
            let found = problems(Data(text.utf8), chunkSize: size)
            // Then
            #expect(
                found == [
                    InputProblem(file: "f.csv", line: 2002, column: "金额", value: "1.234", message: "金额的小数位太多：以元为单位最多 2 位小数（精确到分）"),
                    InputProblem(file: "f.csv", line: 2003, column: "单位编码", value: "432009", message: "项目文件中没有这个单位（已有：432001、432002）"),
                    InputProblem(file: "f.csv", line: 2003, column: "资金来源", value: "天上掉的", message: "不认识的资金来源。可用：\(Vocabulary.sourceChoices)"),
                ], "pieces of \(size)")
        }
    }

    /// The GB18030 file with its data row `rows` times, and that row.
    private func gb18030File(rows: Int) throws -> (file: Data, row: Data) {
        let headerEnd = try #require(gb18030LineItemCSV.firstIndex(of: 0x0A)) + 1
        let row = gb18030LineItemCSV[headerEnd...]
        return (gb18030LineItemCSV[..<headerEnd] + Data(repeatElement(row, count: rows).joined()), Data(row))
    }

    @Test("a GB18030 file of many pieces")
    func gb18030OfManyPieces() throws {
        // Given: the GB18030 file with its data row 500 times (about 40 KB)
        let data = try gb18030File(rows: 500).file
        // When
        for size in [1, 2, 3, 5, 64, 4096] {
            let parsed = try parse(data, chunkSize: size)
            // Then
            #expect(parsed.encoding == .gb18030, "pieces of \(size)")
            #expect(parsed.items.count == 500, "pieces of \(size)")
            #expect(parsed.items.allSatisfy { $0.note == "办公用品" && $0.amount == 123_456 }, "pieces of \(size)")
        }
    }

    @Test("in a GB18030 file, a byte that fits neither encoding is named by its offset and line, however far in")
    func undecodableFarIn() throws {
        var (data, row) = try gb18030File(rows: 100)
        let offset = data.count
        data += Data([0x80]) + row  // 0x80 begins no GB18030 character
        for size in [1, 7, 64, 4096] {
            #expect(
                read(data, chunkSize: size)
                    == "problems: \([InputProblem(file: "f.csv", line: 102, message: "无法识别文件的文字编码（第 \(offset) 字节处既不是 UTF-8 也不是 GB18030）：请在 Excel 或 WPS 中另存为“CSV UTF-8”")])",
                "pieces of \(size)")
        }
        #expect(throws: TextDecodingError.neither(offset: offset, line: 102)) { try TextDecoding.decode(data) }
    }

    @Test("a file that proves not to be UTF-8 only in a later piece is read again, whole, as GB18030")
    func notUTF8InALaterPiece() throws {
        // Given: ASCII rows, then a note in GB18030 (“办公用品”)
        var data = Data((header + "\n" + String(repeating: "432001,2010306,30201,basic,,,general,1,\n", count: 50)).utf8)
        data += Data("432001,2010306,30201,basic,,,general,2,".utf8) + Data(hex: "b0ecb9abd3c3c6b7") + Data("\n".utf8)
        // When: the first pieces hold ASCII only, which is both UTF-8 and GB18030
        let parsed = try parse(data, chunkSize: 256)
        // Then
        #expect(parsed.encoding == .gb18030)
        #expect(parsed.items.count == 51)
        #expect(parsed.items.last?.note == "办公用品")
    }
}

@Suite("UTF-8 checked in pieces")
struct UTF8ValidatorTests {
    @Test("agrees with String(validating:) on random bytes cut at random places")
    func agreesWithTheStandardLibrary() {
        var random = SplitMix64(seed: 7)
        // Bytes that make up UTF-8 and break it: ASCII, leads, continuations, bytes never used.
        let alphabet: [UInt8] = [0x41, 0x0A, 0xC2, 0xC0, 0xDF, 0xE0, 0xE3, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF]
        var invalid = 0
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            var validator = UTF8Validator()
            var valid = true
            var start = 0
            while start < bytes.count && valid {
                let end = min(bytes.count, start + Int.random(in: 1...4, using: &random))
                valid = bytes[start..<end].withUnsafeBufferPointer { validator.validate($0) }
                start = end
            }
            valid = valid && validator.finish()
            #expect(valid == expected, "\(bytes.map { String($0, radix: 16) })")
            if !expected { invalid += 1 }
        }
        #expect(invalid > 1000 && invalid < 19_000)  // both kinds were tried
    }
}

@Suite("CSV parsed in pieces")
struct CSVParserPiecesTests {
    @Test("random CSV-like text gives the same records and errors in pieces of any size")
    func randomText() {
        var random = SplitMix64(seed: 11)
        let alphabet = Array("ab,\"\r\n预 ".utf8)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            func records(_ size: Int) -> (records: [CSVRecord], errors: [CSVSyntaxError]) {
                var parser = CSVParser()
                var records: [CSVRecord] = []
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + size)
                    bytes[start..<end].withUnsafeBufferPointer { piece in
                        parser.feed(piece) { records.append(CSVRecord(line: $0.line, fields: $0.strings)) }
                    }
                    start = end
                }
                parser.finish { records.append(CSVRecord(line: $0.line, fields: $0.strings)) }
                return (records, parser.errors)
            }
            let whole = records(bytes.count + 1)
            let reference = referenceRecords(bytes)
            #expect(
                whole.records == reference.records && whole.errors == reference.errors, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            for size in 1...5 {
                let pieces = records(size)
                #expect(
                    pieces.records == whole.records && pieces.errors == whole.errors,
                    "\(String(decoding: bytes, as: UTF8.self).debugDescription), pieces of \(size)")
            }
        }
    }
}

/// The reader as it was before it read in pieces (a state machine over the whole text, looking
/// one byte ahead), kept as the reference the new one must agree with.
private func referenceRecords(_ bytes: [UInt8]) -> (records: [CSVRecord], errors: [CSVSyntaxError]) {
    let comma: UInt8 = 0x2C
    let quote: UInt8 = 0x22
    let cr: UInt8 = 0x0D
    let lf: UInt8 = 0x0A
    var records: [CSVRecord] = []
    var errors: [CSVSyntaxError] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var inQuotes = false
    var quoteOpenedOn = 0
    var afterClosingQuote = false
    var recordHasContent = false
    var brokenRecord = false
    var index = 0
    func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll()
        afterClosingQuote = false
    }
    func endRecord() {
        endField()
        let blank = !recordHasContent && fields.count == 1 && fields[0].isEmpty
        if !blank && !brokenRecord { records.append(CSVRecord(line: recordLine, fields: fields)) }
        fields.removeAll()
        recordHasContent = false
        brokenRecord = false
    }
    while index < bytes.count {
        let byte = bytes[index]
        index += 1
        let next: UInt8? = index < bytes.count ? bytes[index] : nil
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
    return (records, errors)
}
