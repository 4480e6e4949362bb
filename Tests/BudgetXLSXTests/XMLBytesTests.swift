import Foundation
import Testing

@testable import BudgetXLSX

@Suite("The XML reader of XLSX parts")
struct XMLBytesTests {
    /// The events of a document, written out: "<name {attributes}>", "</name>", "'text'".
    func events(_ xml: String) throws -> [String] {
        var out: [String] = []
        try XMLScan().scan(Data(xml.utf8)) { bytes, event in
            switch event {
            case .start(let tag):
                let attributes = try tag.attributes().sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                out.append("<\(tag.nameString)\(attributes.isEmpty ? "" : " " + attributes)>")
            case .end(let tag):
                out.append("</\(tag.nameString)>")
            case .text(let range, let raw):
                let text = try XMLBytes.text(bytes, range, raw: raw)
                out.append("'\(text)'")
            }
        }
        return out
    }

    func failure(_ xml: String) -> String? {
        do {
            _ = try events(xml)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("elements, attributes in either quote, self-closing tags, prefixes, a declaration, a byte order mark, comments and instructions")
    func structure() throws {
        let xml =
            "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<!-- made by hand -->"
            + "<x:sheet a = \"1\" b='two words'><?pi data?><c r=\"A1\"/><x:c r='B1' t=\"s\"><v>3</v></x:c></x:sheet>\n"
        #expect(
            try events(xml) == [
                "<x:sheet a=1,b=two words>", "<c r=A1>", "</c>", "<x:c r=B1,t=s>", "<v>", "'3'", "</v>", "</x:c>", "</x:sheet>",
            ])
    }

    @Test("entities, character references, CDATA, and line ends in text and in attributes")
    func decoding() throws {
        let xml = "<t a=\"x&amp;y&#10;z\tw\">&lt;1&gt; &quot;&apos; &#x4E2D;&#25991; a\r\nb\rc<![CDATA[<不是标签> &amp;\r\n]]></t>"
        #expect(try events(xml) == ["<t a=x&y\nz w>", "'<1> \"' 中文 a\nb\nc'", "'<不是标签> &amp;\n'", "</t>"])
    }

    @Test(
        "what is not well formed is refused with the place and the reason",
        arguments: [
            ("<a><b></a></b>", "不对应"),
            ("<a>", "元素中间结束"),
            ("<a b=1/>", "引号"),
            ("<a b=\"1\"c=\"2\"/>", "空白"),
            ("<a>&nbsp;</a>", "实体"),
            ("<a>&#0;</a>", "实体"),
            ("<a>&amp</a>", "缺少"),
            ("<a>&#+49;</a>", "实体"),
            ("<a>&#x-31;</a>", "实体"),
            ("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>", "DOCTYPE"),
            ("text<a/>", "根元素之外"),
            ("<a/><b/>", "根元素之后"),
            ("<a", "没有结束"),
            ("<a><!-- </a>", "注释没有结束"),
            ("", "没有根元素"),
            ("<a <b/>", "“<”"),
        ])
    func malformed(xml: String, reason: String) throws {
        let message = try #require(failure(xml), "accepted: \(xml)")
        #expect(message.contains(reason), "\(xml): \(message)")
        #expect(message.contains("字节"))
    }

    @Test("a sheet: numbers, shared and inline strings, formulas with cached values, rich text without its reading, merges")
    func sheet() throws {
        let xml = """
            <worksheet><sheetData>
            <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><f>SUM(B3:B4)</f><v>12.5</v></c><c t="inlineStr"><is><r><t>甲</t></r><r><t xml:space="preserve"> 乙</t></r><rPh><t>ジャ</t></rPh></is></c></row>
            <row><c r="B3"><v>1E-2</v></c><c r="C3" t="b"><v>1</v></c><c r="D3"/></row>
            </sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>
            """
        var budget = XMLScan.Budget()
        let (cells, merges) = try XMLScan().sheet(Data(xml.utf8), shared: ["零", "壹"], budget: &budget)
        #expect(cells[XLSXPosition(row: 1, column: 0)] == XLSXCell(kind: .string, value: "壹", formula: nil))
        #expect(cells[XLSXPosition(row: 1, column: 1)] == XLSXCell(kind: .number, value: "12.5", formula: "SUM(B3:B4)"))
        #expect(cells[XLSXPosition(row: 1, column: 2)] == XLSXCell(kind: .string, value: "甲 乙", formula: nil))
        #expect(cells[XLSXPosition(row: 2, column: 1)]?.number == 0.01)
        #expect(cells[XLSXPosition(row: 2, column: 2)] == XLSXCell(kind: .boolean, value: "1", formula: nil))
        #expect(cells[XLSXPosition(row: 2, column: 3)] == nil, "an empty cell is no cell")
        #expect(cells.count == 5)
        #expect(merges == ["A1:C1"])
    }
}
