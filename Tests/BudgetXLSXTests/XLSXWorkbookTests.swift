import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetXLSX

@Suite("Reading workbooks as other programs write them")
struct XLSXWorkbookTests {
    @Test("shared and inline strings, rich text, numbers, booleans, errors, formulas with and without results")
    func cellKinds() throws {
        // Given
        let folder = TemporaryFolder()
        let path = folder.file("kinds.xlsx")
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is></c>\
            <c r="C1"><v>1234.56</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#REF!</v></c>\
            <c r="F1"><f>SUM(C1:C9)</f><v>1234.56</v></c><c r="G1"><f>SUM(C1:C9)</f></c><c r="H1" t="str"><f>A1</f><v>共享</v></c>\
            <c r="I1" s="3"/><c r="J1" t="s"><v>1</v></c></row>
            """
        try HandmadeXLSX.write(path, [HandmadeXLSX.Sheet("表", rows: rows)], sharedStrings: ["共享", "带_x0041_转义"])

        // When
        let sheet = try #require(try XLSXWorkbook(path: path).sheets.first)

        // Then
        #expect(sheet.cell("A1") == XLSXCell(kind: .string, value: "共享", formula: nil))
        #expect(sheet.cell("B1")?.value == "富文本")
        #expect(sheet.cell("C1") == XLSXCell(kind: .number, value: "1234.56", formula: nil))
        #expect(sheet.cell("D1")?.kind == .boolean)
        #expect(sheet.cell("E1") == XLSXCell(kind: .error, value: "#REF!", formula: nil))
        #expect(sheet.cell("F1") == XLSXCell(kind: .number, value: "1234.56", formula: "SUM(C1:C9)"))
        #expect(sheet.cell("G1") == XLSXCell(kind: .number, value: "", formula: "SUM(C1:C9)"))
        #expect(sheet.cell("H1")?.value == "共享")
        #expect(sheet.cell("I1") == nil, "a styled empty cell is no cell")
        #expect(sheet.cell("J1")?.value == "带A转义")
    }

    @Test("cells and rows without their r attribute, and cells out of order, land where they belong")
    func positions() throws {
        // Given: row 2 without r, its cells without r; row 5 with its cells written right to left
        let folder = TemporaryFolder()
        let path = folder.file("positions.xlsx")
        let rows = """
            <row r="1"><c r="B1"><v>1</v></c></row><row><c><v>2</v></c><c><v>3</v></c></row>\
            <row r="5"><c r="C5"><v>5</v></c><c r="A5"><v>4</v></c></row><row><c r="B6"><v>6</v></c><c><v>7</v></c></row>
            """
        try HandmadeXLSX.write(path, [HandmadeXLSX.Sheet("表", rows: rows)])

        // When
        let sheet = try #require(try XLSXWorkbook(path: path).sheets.first)

        // Then
        #expect(
            Dictionary(uniqueKeysWithValues: sheet.cells.map { ($0.key.reference, $0.value.value) }) == [
                "B1": "1", "A2": "2", "B2": "3", "C5": "5", "A5": "4", "B6": "6", "C6": "7",
            ])
        #expect(sheet.rows().map(\.row) == [0, 1, 4, 5])
        #expect(sheet.rows()[2].cells.map(\.column) == [0, 2])
    }

    @Test(
        "a damaged cell reference is a clean error naming the sheet, not a crash",
        arguments: [
            "<row r=\"1\"><c r=\"ZZZZZZZZZZZZZZZZZZZZZZ1\"><v>1</v></c></row>", "<row r=\"1\"><c r=\"A99999999999999999999\"><v>1</v></c></row>",
            "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", "<row r=\"-3\"><c><v>1</v></c></row>", "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>",
        ])
    func damagedReferences(_ rows: String) throws {
        let folder = TemporaryFolder()
        let path = folder.file("damaged.xlsx")
        try HandmadeXLSX.write(path, [HandmadeXLSX.Sheet("坏表", rows: rows)])

        #expect {
            _ = try XLSXWorkbook(path: path)
        } throws: { error in
            "\(error)".contains("坏表")
        }
    }

    @Test("references are parsed within Excel's limits only")
    func referenceLimits() {
        #expect(XLSXReference.parse("XFD1048576")! == (1_048_575, 16_383))
        #expect(XLSXReference.parse("XFE1") == nil)
        #expect(XLSXReference.parse("A1048577") == nil)
        #expect(XLSXReference.parse("AAAA1") == nil)
        #expect(XLSXReference.parse("A0") == nil)
    }

    @Test("hidden sheets, the 1904 date system and a relationship id under another prefix are read")
    func workbookProperties() throws {
        let folder = TemporaryFolder()
        let path = folder.file("props.xlsx")
        var parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("甲", rows: ""), HandmadeXLSX.Sheet("乙", rows: "", hidden: true)], date1904: true)
        let index = try #require(parts.firstIndex { $0.name == "xl/workbook.xml" })
        parts[index].data = Data(
            String(decoding: parts[index].data, as: UTF8.self)
                .replacingOccurrences(of: "xmlns:r=", with: "xmlns:rel=").replacingOccurrences(of: " r:id=", with: " rel:id=").utf8)
        try HandmadeXLSX.write(path, parts: parts)

        let workbook = try XLSXWorkbook(path: path)

        #expect(workbook.sheets.map(\.name) == ["甲", "乙"])
        #expect(workbook.sheets.map(\.hidden) == [false, true])
        #expect(workbook.date1904)
    }
}
