import Foundation
import Testing

@testable import BudgetModel

@Suite("CSVReader.records")
struct CSVReaderTests {
    @Test("plain records carry their 1-based line numbers")
    func plainRecords() {
        let (records, errors) = CSVReader.records("a,b,c\n1,2,3\n")
        #expect(errors.isEmpty)
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "b", "c"]),
                CSVRecord(line: 2, fields: ["1", "2", "3"]),
            ])
    }

    @Test("a final record without a trailing newline is kept")
    func finalRecordWithoutNewline() {
        let (records, errors) = CSVReader.records("a,b\n1,2")
        #expect(errors.isEmpty)
        #expect(records.last == CSVRecord(line: 2, fields: ["1", "2"]))
        #expect(records.count == 2)
    }

    @Test("a final record of one quoted empty field is kept")
    func finalQuotedEmptyField() {
        let (records, errors) = CSVReader.records("a\n\"\"")
        #expect(errors.isEmpty)
        #expect(records == [CSVRecord(line: 1, fields: ["a"]), CSVRecord(line: 2, fields: [""])])
    }

    @Test("quoted fields may hold commas and doubled quotes")
    func quotedCommasAndQuotes() {
        let (records, errors) = CSVReader.records("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n")
        #expect(errors.isEmpty)
        #expect(records == [CSVRecord(line: 1, fields: ["a,b", "say \"hi\"", "\""])])
    }

    @Test("empty fields, including trailing ones, are kept")
    func emptyFields() {
        let (records, errors) = CSVReader.records(",a,,\n")
        #expect(errors.isEmpty)
        #expect(records == [CSVRecord(line: 1, fields: ["", "a", "", ""])])
    }

    @Test("embedded newlines keep the line numbers of following records right")
    func embeddedNewlines() {
        // Given: a record whose second field spans three physical lines
        let text = "h1,h2\nx,\"first\nsecond\nthird\"\ny,z\n"
        // When
        let (records, errors) = CSVReader.records(text)
        // Then
        #expect(errors.isEmpty)
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["h1", "h2"]),
                CSVRecord(line: 2, fields: ["x", "first\nsecond\nthird"]),
                CSVRecord(line: 5, fields: ["y", "z"]),
            ])
    }

    @Test("CRLF inside quotes counts as one line break")
    func embeddedCRLF() {
        let (records, errors) = CSVReader.records("a,\"1\r\n2\"\r\nb,c\r\n")
        #expect(errors.isEmpty)
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "1\r\n2"]),
                CSVRecord(line: 3, fields: ["b", "c"]),
            ])
    }

    @Test("CRLF line endings")
    func crlf() {
        let (records, errors) = CSVReader.records("a,b\r\n1,2\r\n3,4\r\n")
        #expect(errors.isEmpty)
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "b"]),
                CSVRecord(line: 2, fields: ["1", "2"]),
                CSVRecord(line: 3, fields: ["3", "4"]),
            ])
    }

    @Test("lone CR line endings (old Mac) are line breaks too")
    func loneCR() {
        let (records, errors) = CSVReader.records("a\r1\r2")
        #expect(errors.isEmpty)
        #expect(records.map(\.line) == [1, 2, 3])
        #expect(records.map(\.fields) == [["a"], ["1"], ["2"]])
    }

    @Test("blank lines are skipped but still counted")
    func blankLinesSkipped() {
        let (records, errors) = CSVReader.records("\na,b\n\n\r\n1,2\n\n")
        #expect(errors.isEmpty)
        #expect(
            records == [
                CSVRecord(line: 2, fields: ["a", "b"]),
                CSVRecord(line: 5, fields: ["1", "2"]),
            ])
    }

    @Test("empty text has no records and no errors")
    func emptyText() {
        let (records, errors) = CSVReader.records("")
        #expect(records.isEmpty)
        #expect(errors.isEmpty)
    }

    @Test("an unbalanced quote is reported at the line where it opened")
    func unbalancedQuote() throws {
        // Given: the quote opens on line 3 and is never closed
        let text = "a,b\n1,2\n3,\"oops\n4,5\n6,7\n"
        // When
        let (records, errors) = CSVReader.records(text)
        // Then: the records before it survive, the rest of the file is swallowed
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.line == 3)
        #expect(error.message.contains("引号没有闭合"))
    }

    @Test("text after a closing quote is an error and the record is dropped")
    func textAfterClosingQuote() throws {
        let (records, errors) = CSVReader.records("a,b\n\"x\"y,2\n3,4\n")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 3, fields: ["3", "4"])])
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.line == 2)
        #expect(error.message.contains("右引号后面还有文字"))
    }

    @Test("a space after a closing quote is also text after the quote")
    func spaceAfterClosingQuote() {
        let (records, errors) = CSVReader.records("\"x\" ,y\n")
        #expect(records.isEmpty)
        #expect(errors.map(\.line) == [1])
    }

    @Test("a quote in the middle of a field is an error and the record is dropped")
    func quoteInMiddle() throws {
        let (records, errors) = CSVReader.records("a,b\n1,2\nab\"c,d\n5,6")
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "b"]),
                CSVRecord(line: 2, fields: ["1", "2"]),
                CSVRecord(line: 4, fields: ["5", "6"]),
            ])
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.line == 3)
        #expect(error.message.contains("字段中间出现了引号"))
    }

    @Test("one error per broken record, every broken record reported")
    func oneErrorPerRecord() {
        let (records, errors) = CSVReader.records("a\"b\"c\"\n\"x\"y\"z\nok\n")
        #expect(records == [CSVRecord(line: 3, fields: ["ok"])])
        #expect(errors.map(\.line) == [1, 2])
    }

    @Test("the error line inside a multi-line record is the physical line")
    func errorLineAfterEmbeddedNewline() {
        let (_, errors) = CSVReader.records("\"a\nb\"x\n")
        #expect(errors.map(\.line) == [2])
    }
}

@Suite("CSVWriter")
struct CSVWriterTests {
    @Test(
        "text starting with a formula character gets an apostrophe",
        arguments: [
            ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
        ])
    func neutralisesFormulas(value: String, written: String) {
        #expect(CSVWriter.field(value) == written)
    }

    @Test("a neutralised field with a line break is also quoted")
    func neutralisedAndQuoted() {
        #expect(CSVWriter.field("\nx") == "\"'\nx\"")
        #expect(CSVWriter.field("=a,b") == "\"'=a,b\"")
    }

    @Test("numeric fields are left alone when isText is false")
    func numericFieldsUntouched() {
        #expect(CSVWriter.field("-5", isText: false) == "-5")
        #expect(CSVWriter.field("+5", isText: false) == "+5")
        #expect(CSVWriter.field("1234.56", isText: false) == "1234.56")
    }

    @Test("plain text and formula characters in the middle are untouched")
    func plainText() {
        #expect(CSVWriter.field("办公费") == "办公费")
        #expect(CSVWriter.field("a=b-c") == "a=b-c")
        #expect(CSVWriter.field("") == "")
    }

    @Test(
        "fields with commas, quotes or line breaks are quoted",
        arguments: [
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line1\nline2", "\"line1\nline2\""),
            ("line1\rline2", "\"line1\rline2\""),
        ])
    func quotes(value: String, written: String) {
        #expect(CSVWriter.field(value) == written)
        #expect(CSVWriter.field(value, isText: false) == written)
    }

    @Test("a field holding a CRLF line break is quoted")
    func quotesCRLF() {
        // "\r\n" is one Character in Swift, equal neither to "\r" nor to "\n".
        #expect(CSVWriter.field("line1\r\nline2") == "\"line1\r\nline2\"")
        #expect(CSVWriter.field("line1\r\nline2", isText: false) == "\"line1\r\nline2\"")
    }

    @Test("line joins with commas and ends in CRLF")
    func line() {
        #expect(CSVWriter.line(["a", "b", ""]) == "a,b,\r\n")
        #expect(CSVWriter.line([]) == "\r\n")
    }

    @Test("what the writer writes the reader reads back")
    func writerReaderRoundTrip() {
        // Given
        let values = ["a,b", "say \"hi\"", "多\n行", "plain", "", "x\ry", "=1+1"]
        // When
        let text = CSVWriter.line(values.map { CSVWriter.field($0, isText: false) }) + CSVWriter.line(["z"])
        let (records, errors) = CSVReader.records(text)
        // Then
        #expect(errors.isEmpty)
        #expect(records == [CSVRecord(line: 1, fields: values), CSVRecord(line: 4, fields: ["z"])])
    }

    @Test("a field with a CRLF line break written by the writer is read back as one field")
    func writerReaderRoundTripCRLF() {
        // Given
        let values = ["x\r\ny", "after"]
        // When
        let text = CSVWriter.line(values.map { CSVWriter.field($0) }) + CSVWriter.line(["z"])
        let (records, errors) = CSVReader.records(text)
        // Then
        #expect(errors.isEmpty)
        #expect(records == [CSVRecord(line: 1, fields: values), CSVRecord(line: 3, fields: ["z"])])
    }
}
