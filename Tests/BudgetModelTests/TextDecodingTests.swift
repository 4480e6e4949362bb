import Foundation
import Testing

@testable import BudgetModel

extension Data {
    /// Bytes from a hex string such as "d4a4cbe3" (made with `iconv -f utf-8 -t gb18030 | xxd -p`).
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes)
    }
}

/// A line-item CSV in GB18030, as Excel on Chinese Windows saves it:
/// "单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注\r\n"
/// "432001,2010306,30201,基本支出,,,一般公共预算拨款,1234.56,办公用品\r\n"
let gb18030LineItemCSV = Data(
    hex:
        "b5a5cebbb1e0c2eb2cb9a6c4dcb7d6c0e0bfc6c4bfb1e0c2eb2cbeadbcc3b7d6c0e0bfc6c4bfb1e0c2eb2cd6a7b3f6c0e0d0cd2cbeadb7d1c0e0d0cd2ccfeec4bfc3fbb3c62cd7cabdf0c0b4d4b42cbdf0b6ee2cb1b8d7a20d0a3433323030312c323031303330362c33303230312cbbf9b1bed6a7b3f62c2c2cd2bbb0e3b9abb9b2d4a4cbe3b2a6bfee2c313233342e35362cb0ecb9abd3c3c6b70d0a"
)

@Suite("TextDecoding.decode")
struct TextDecodingTests {
    @Test("plain UTF-8")
    func utf8() throws {
        let (text, encoding) = try TextDecoding.decode(Data("预算,1234.56\n".utf8))
        #expect(text == "预算,1234.56\n")
        #expect(encoding == .utf8)
    }

    @Test("UTF-8 with a byte-order mark: the mark is stripped")
    func utf8BOM() throws {
        let data = Data([0xEF, 0xBB, 0xBF] + Array("单位编码,金额".utf8))
        let (text, encoding) = try TextDecoding.decode(data)
        #expect(text == "单位编码,金额")
        #expect(!text.unicodeScalars.contains("\u{FEFF}"))
        #expect(encoding == .utf8BOM)
    }

    @Test("empty data is empty UTF-8")
    func empty() throws {
        let (text, encoding) = try TextDecoding.decode(Data())
        #expect(text == "")
        #expect(encoding == .utf8)
    }

    @Test(
        "GB18030/GBK bytes",
        arguments: [
            ("d4a4cbe3", "预算"),
            ("b5a5cebbb1e0c2eb", "单位编码"),
            ("b1b8d7a2a3bab0ecb9abb7d1", "备注：办公费"),
            ("d4a4cbe32c313233342e3536", "预算,1234.56"),
            ("95328236", "𠀀"),  // a four-byte GB18030 sequence (CJK Extension B)
            ("a2e3", "€"),
        ])
    func gb18030(hex: String, expected: String) throws {
        let (text, encoding) = try TextDecoding.decode(Data(hex: hex))
        #expect(text == expected)
        #expect(encoding == .gb18030)
    }

    @Test("a whole GB18030 CSV file decodes with its line breaks")
    func gb18030File() throws {
        let (text, encoding) = try TextDecoding.decode(gb18030LineItemCSV)
        #expect(encoding == .gb18030)
        #expect(text.hasPrefix("单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注\r\n"))
        #expect(text.hasSuffix("432001,2010306,30201,基本支出,,,一般公共预算拨款,1234.56,办公用品\r\n"))
    }

    @Test("bytes that are neither UTF-8 nor GB18030 are refused with the offset and the line")
    func undecodable() {
        #expect(throws: TextDecodingError.neither(offset: 0, line: 1)) {
            try TextDecoding.decode(Data([0xFF, 0xFF, 0xFF]))
        }
        // "预算" then a stray 0xFF at offset 4
        #expect(throws: TextDecodingError.neither(offset: 4, line: 1)) {
            try TextDecoding.decode(Data([0xD4, 0xA4, 0xCB, 0xE3, 0xFF]))
        }
    }

    @Test("a GB18030 file cut in the middle of a character is refused")
    func truncated() {
        // "ab" then the first byte of a two-byte character
        #expect(throws: TextDecodingError.neither(offset: 2, line: 1)) {
            try TextDecoding.decode(Data([0x61, 0x62, 0x81]))
        }
    }

    @Test("encoding names shown to the clerk")
    func encodingNames() {
        #expect(TextEncoding.utf8.rawValue == "UTF-8")
        #expect(TextEncoding.utf8BOM.rawValue == "UTF-8 (BOM)")
        #expect(TextEncoding.gb18030.rawValue == "GB18030")
    }
}
