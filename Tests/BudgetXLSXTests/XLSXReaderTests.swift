import Foundation
import Testing

@testable import BudgetXLSX

@Suite("Reading XLSX parts back")
struct XLSXReaderTests {
    @Test("a part larger than libxml2's 10 MB single-read limit is read whole (a sheet of thousands of 绩效目标表)")
    func largePart() throws {
        // Given: a sheet part of about 16 MB with 200,000 cells
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>"#
        let count = 200_000
        xml.reserveCapacity(count * 82)
        for row in 1...count {
            xml += #"<row r="\#(row)"><c r="A\#(row)" t="inlineStr"><is><t>满意度指标服务对象满意度 第\#(row)行</t></is></c></row>"#
        }
        xml += "</sheetData></worksheet>"
        let data = Data(xml.utf8)
        #expect(data.count > 10_000_000)

        // When
        let cells = try XMLScan().elements(data, named: "c", most: count, what: "单元格")

        // Then: every cell, the last one included
        #expect(cells.count == count)
        #expect(cells.last?["r"] == "A\(count)")
    }
}
