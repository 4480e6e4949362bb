import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetXLSX

/// Each bound of the XLSX reader (``XLSXLimits``), one at a time: a workbook just inside it is
/// read, one just beyond it is refused with a message naming the part or sheet and the limit.
/// Most use a lowered limit, so that the workbooks stay small.
@Suite("The XLSX reader's bounds")
struct XLSXLimitsTests {
    let folder = TemporaryFolder()

    /// A sheet of `count` numbers in column A, one per row.
    static func numbers(_ count: Int) -> String {
        (0..<count).map { "<row r=\"\($0 + 1)\">" + HandmadeXLSX.number("A\($0 + 1)", "1") + "</row>" }.joined()
    }

    /// A sheet of cells that name shared strings by index.
    static func sharedCells(_ indexes: [String]) -> String {
        indexes.enumerated().map { "<row r=\"\($0.offset + 1)\"><c r=\"A\($0.offset + 1)\" t=\"s\"><v>\($0.element)</v></c></row>" }.joined()
    }

    /// Reads the parts written as a workbook with `limits`; the message of the refusal, or nil when read.
    func refusal(_ parts: [(name: String, data: Data)], _ limits: XLSXLimits = .standard) throws -> String? {
        let path = folder.file("w.xlsx")
        try HandmadeXLSX.write(path, parts: parts)
        do {
            _ = try XLSXWorkbook(path: path, limits: limits)
            return nil
        } catch let error as XLSXReadError {
            #expect(error.path == path)
            return error.message
        }
    }

    func refusal(_ sheets: [HandmadeXLSX.Sheet], sharedStrings: [String]? = nil, _ limits: XLSXLimits = .standard) throws -> String? {
        try refusal(HandmadeXLSX.parts(sheets, sharedStrings: sharedStrings), limits)
    }

    @Test("the defaults: what the tool's own 1,000,000-item draft workbook needs, with room")
    func defaults() {
        let limits = XLSXLimits.standard
        #expect(limits.parts == 10_000 && limits.sheets == 1_000 && limits.depth == 64 && limits.ratio == 100)
        #expect(limits.size == 512 << 20 && limits.cellText == 512 << 20 && limits.sharedLength == 256 << 20)
        #expect(limits.cells == 10_000_000 && limits.sharedStrings == 10_000_000 && limits.textLength == 32_767)
        #expect(XLSXLimits.count(10_000_000) == "10,000,000" && XLSXLimits.count(999) == "999")
        #expect(XLSXLimits.bytes(512 << 20) == "512 MB" && XLSXLimits.bytes(1_234) == "1,234 字节")
    }

    @Test("parts in the package: at the bound read, one more refused")
    func parts() throws {
        let parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("甲", rows: Self.numbers(1))])
        var limits = XLSXLimits()
        limits.parts = parts.count
        #expect(try refusal(parts, limits) == nil)
        limits.parts = parts.count - 1
        #expect(try refusal(parts, limits) == "部件（ZIP 中的文件）超过 \(parts.count - 1) 个（上限），不像是工作簿")
    }

    @Test(
        "two entries of one name (case 7): refused as damaged, whichever a program would read",
        arguments: ["xl/worksheets/sheet1.xml", "XL/Worksheets/Sheet1.xml"])
    func duplicateNames(_ second: String) throws {
        var parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("甲", rows: Self.numbers(1))])
        parts.append((second, Data("<worksheet><sheetData/></worksheet>".utf8)))
        #expect(try refusal(parts) == "文件已损坏：ZIP 中有两个名为“\(second)”的部件（不同的程序会读到不同的内容）")
    }

    @Test("sheets listed in the workbook")
    func sheets() throws {
        let sheets = (1...4).map { HandmadeXLSX.Sheet("表\($0)", rows: Self.numbers(1)) }
        var limits = XLSXLimits()
        limits.sheets = 4
        #expect(try refusal(sheets, limits) == nil)
        limits.sheets = 3
        #expect(try refusal(sheets, limits) == "xl/workbook.xml：工作表超过 3 个（上限）")
    }

    @Test("a thousand sheets are read in one pass over the package (a lookup per sheet was quadratic)")
    func manySheets() throws {
        let path = folder.file("w.xlsx")
        try HandmadeXLSX.write(path, (1...1_000).map { HandmadeXLSX.Sheet("表\($0)", rows: Self.numbers(1)) })
        let started = Date()
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheets.count == 1_000)
        #expect(workbook.sheets.last?.cell("A1")?.value == "1")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("bytes of all parts together, uncompressed")
    func size() throws {
        let parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("甲", rows: Self.numbers(200))])
        // What is read: the workbook, its relationships and the sheet.
        let read = parts.filter { $0.name.hasPrefix("xl/") }.map(\.data.count).reduce(0, +)
        var limits = XLSXLimits()
        limits.size = read
        #expect(try refusal(parts, limits) == nil)
        limits.size = read - 1
        #expect(try refusal(parts, limits) == "xl/worksheets/sheet1.xml 解压后超过上限：所有部件共 \(XLSXLimits.count(read - 1)) 字节")
    }

    @Test("a part that expands more than 100 times (a ZIP bomb) is refused before it is parsed")
    func ratio() throws {
        // 2 MB of one row again and again: deflate makes it about a thousand times smaller.
        let rows = String(repeating: "<row/>", count: 2 << 20 / 6)
        let message = try refusal([HandmadeXLSX.Sheet("甲", rows: rows)])
        #expect(message == "xl/worksheets/sheet1.xml 解压后是压缩时的 100 倍以上（上限 100 倍），不像是工作簿（可能是“压缩炸弹”）")
        // The same below the grace of 1 MB is read.
        #expect(try refusal([HandmadeXLSX.Sheet("甲", rows: String(repeating: "<row/>", count: 100_000))]) == nil)
    }

    @Test("elements nested deeper than 64")
    func depth() throws {
        func nested(_ depth: Int) -> String { String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth) }
        // worksheet and sheetData are two levels already.
        #expect(try refusal([HandmadeXLSX.Sheet("甲", rows: nested(62))]) == nil)
        let message = try #require(try refusal([HandmadeXLSX.Sheet("甲", rows: nested(63))]))
        #expect(message.hasPrefix("工作表“甲”：XML 无法解析：第 "))
        #expect(message.hasSuffix("字节：元素嵌套超过 64 层（上限）"))
    }

    @Test("cells with a value, all sheets together, merged ranges counted")
    func cells() throws {
        let sheets = [HandmadeXLSX.Sheet("甲", rows: Self.numbers(6)), HandmadeXLSX.Sheet("乙", rows: Self.numbers(4))]
        var limits = XLSXLimits()
        limits.cells = 10
        #expect(try refusal(sheets, limits) == nil)
        limits.cells = 9
        #expect(try refusal(sheets, limits) == "工作表“乙”：单元格（含合并区域）超过 9 个（上限，各工作表合计）")
        // Empty cells cost nothing kept.
        let empty = HandmadeXLSX.Sheet("丙", rows: "<row>" + String(repeating: "<c/>", count: 100) + "</row>")
        #expect(try refusal([empty], limits) == nil)
        let merged = HandmadeXLSX.Sheet("丁", rows: Self.numbers(9) + "</sheetData><mergeCells><mergeCell ref=\"B1:C1\"/></mergeCells><sheetData>")
        #expect(try refusal([merged], limits) == "工作表“丁”：单元格（含合并区域）超过 9 个（上限，各工作表合计）")
    }

    @Test("entries of the shared-string table, and their bytes together")
    func sharedStrings() throws {
        let sheet = HandmadeXLSX.Sheet("甲", rows: Self.sharedCells(["0"]))
        var limits = XLSXLimits()
        limits.sharedStrings = 3
        #expect(try refusal([sheet], sharedStrings: ["a", "b", "c"], limits) == nil)
        #expect(try refusal([sheet], sharedStrings: ["a", "b", "c", "d"], limits) == "xl/sharedStrings.xml：共享字符串超过 3 个（上限）")
        limits = XLSXLimits()
        limits.sharedLength = 6
        #expect(try refusal([sheet], sharedStrings: ["预算"], limits) == nil)
        #expect(try refusal([sheet], sharedStrings: ["预算", "x"], limits) == "xl/sharedStrings.xml：共享字符串共超过 6 字节（上限）")
    }

    @Test("a text longer than Excel lets a cell be: shared, inline, or a value")
    func textLength() throws {
        let longest = String(repeating: "预", count: 32_767)
        let sheet = HandmadeXLSX.Sheet("甲", rows: Self.sharedCells(["0"]))
        #expect(try refusal([sheet], sharedStrings: [longest]) == nil)
        #expect(try refusal([sheet], sharedStrings: ["短", longest + "算"]) == "xl/sharedStrings.xml：第 2 个共享字符串超过 32,767 个字符（Excel 一个单元格的上限）")
        // Characters as Excel counts them: one beyond the Basic Multilingual Plane is two.
        #expect(try refusal([sheet], sharedStrings: [String(repeating: "预", count: 32_766) + "𠀀"]) != nil)
        let inline = HandmadeXLSX.Sheet("乙", rows: "<row r=\"3\">" + HandmadeXLSX.inline("B3", longest + "算") + "</row>")
        #expect(try refusal([inline]) == "工作表“乙”：单元格 B3 的内容超过 32,767 个字符（Excel 一个单元格的上限）")
        let value = HandmadeXLSX.Sheet("丙", rows: "<row r=\"1\">" + HandmadeXLSX.number("A1", String(repeating: "9", count: 200_000)) + "</row>")
        #expect(try refusal([value]) == "工作表“丙”：单元格 A1 的内容超过 32,767 个字符（Excel 一个单元格的上限）")
    }

    @Test("the text of all cells together, a shared string counted at every cell that shows it")
    func cellText() throws {
        // One shared string of 30 bytes shown by 4 cells: 120 bytes.
        let text = String(repeating: "预", count: 10)
        let sheet = HandmadeXLSX.Sheet("甲", rows: Self.sharedCells(["0", "0", "0", "0"]))
        var limits = XLSXLimits()
        limits.cellText = 120
        #expect(try refusal([sheet], sharedStrings: [text], limits) == nil)
        limits.cellText = 119
        #expect(try refusal([sheet], sharedStrings: [text], limits) == "工作表“甲”：单元格中的文字共超过 119 字节（上限，各工作表合计，共享字符串每引用一次计一次），在 单元格 A4")
    }

    @Test("a shared string shown by many cells is stored once: the cells share its text")
    func sharedStorage() throws {
        let text = String(repeating: "预算", count: 10_000)
        let path = folder.file("w.xlsx")
        try HandmadeXLSX.write(path, [HandmadeXLSX.Sheet("甲", rows: Self.sharedCells(Array(repeating: "0", count: 100)))], sharedStrings: [text])
        let sheet = try #require(try XLSXWorkbook(path: path).sheets.first)
        let first = try #require(sheet.cell("A1")?.value)
        let last = try #require(sheet.cell("A100")?.value)
        #expect(first == text)
        first.utf8.withContiguousStorageIfAvailable { a in
            last.utf8.withContiguousStorageIfAvailable { b in #expect(a.baseAddress == b.baseAddress) }
        }
    }

    @Test("a shared-string index past the table, or a shared string without a table (case 7): refused, never read as empty")
    func badSharedIndex() throws {
        let sheet = HandmadeXLSX.Sheet("甲", rows: Self.sharedCells(["1", "5"]))
        #expect(try refusal([sheet], sharedStrings: ["零", "壹"]) == "工作表“甲”：单元格 A2 引用第 5 号共享字符串，但共享字符串表只有 2 项（从 0 数起）：文件已损坏")
        #expect(
            try refusal([HandmadeXLSX.Sheet("甲", rows: Self.sharedCells(["x"]))], sharedStrings: ["零"])
                == "工作表“甲”：单元格 A1 引用第 x 号共享字符串，但共享字符串表只有 1 项（从 0 数起）：文件已损坏")
        #expect(try refusal([sheet]) == "工作表“甲”：单元格 A1 引用共享字符串，但工作簿中没有共享字符串表（xl/sharedStrings.xml）：文件已损坏")
    }
}
