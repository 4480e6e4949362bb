// Hostile workbooks (cases 2 and 7 of the hardening issue): files made to exhaust the importer —
// nesting, ZIP bombs, floods of cells or shared strings, one long string shown many times,
// thousands of sheets or parts, sizes that lie — and damaged ones that used to be half-read
// (duplicate entry names, a shared-string index past the table, no shared-string table). Each is
// imported by the built `budget` under `ulimit -v 1000000` (1 GB of address space) and a 10-second
// limit: exit 1 with the workbook, the part or sheet and the bound named, the project
// byte-identical. The files are small (a few MB at most); what they would expand to is not.
//
// BUDGET_HOSTILE (default 2) rounds of every kind, each with its own random sizes; BUDGET_SEED replays them.
import BudgetModel
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// A seeded generator of hostile workbooks.
enum HostileWorkbook {
    /// The kinds, each with the words its refusal must say.
    static let kinds: [(name: String, words: [String])] = [
        ("nested elements", ["工作表“预算明细”", "元素嵌套超过 64 层（上限）"]),
        ("nested elements, megabytes of them", ["xl/worksheets/sheet1.xml", "压缩炸弹"]),
        ("tiny cells by the million", ["xl/worksheets/sheet1.xml", "倍以上（上限 100 倍）"]),
        ("empty shared strings by the million", ["xl/sharedStrings.xml", "压缩炸弹"]),
        ("zip bomb", ["xl/worksheets/sheet1.xml", "压缩炸弹"]),
        ("a size in the directory beyond the bound", ["xl/worksheets/sheet1.xml", "解压后超过上限：所有部件共 512 MB"]),
        ("one huge shared string", ["xl/sharedStrings.xml", "共享字符串超过 32,767 个字符"]),
        ("one huge inline string", ["工作表“预算明细”", "的内容超过 32,767 个字符"]),
        ("one long shared string in thousands of cells", ["工作表“预算明细”", "单元格中的文字共超过 512 MB（上限"]),
        ("thousands of sheets", ["xl/workbook.xml", "工作表超过 1,000 个（上限）"]),
        ("ten thousand parts", ["部件（ZIP 中的文件）超过 10,000 个（上限）"]),
        ("duplicate entry names", ["文件已损坏：ZIP 中有两个名为", "不同的程序会读到不同的内容"]),
        ("a shared-string index past the table", ["工作表“预算明细”", "号共享字符串，但共享字符串表只有", "文件已损坏"]),
        ("no shared-string table", ["工作表“预算明细”", "没有共享字符串表（xl/sharedStrings.xml）", "文件已损坏"]),
    ]

    static let header = ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "经费类型", "项目名称", "资金来源", "金额", "备注"]

    /// The line-item header on row 2, as shared strings 0…8 or inline.
    static func headerRow(shared: Bool) -> String {
        "<row r=\"2\">"
            + header.enumerated().map { column, text in
                let reference = HandmadeXLSX.reference(row: 1, column: column)
                return shared ? "<c r=\"\(reference)\" t=\"s\"><v>\(column)</v></c>" : HandmadeXLSX.inline(reference, text)
            }.joined() + "</row>"
    }

    /// Random Chinese text (it compresses little, as real text does not either).
    static func text(_ count: Int, _ random: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count { scalars.append(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &random))!) }
        return String(scalars)
    }

    static let worksheetStart =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"

    /// Writes a hostile workbook of kind `kind` at `path`; a description of its sizes, for the log.
    static func make(_ kind: Int, at path: String, _ random: inout SplitMix64) throws -> String {
        func items(_ rows: String, shared: [String]? = header) throws {
            try HandmadeXLSX.write(path, [HandmadeXLSX.Sheet("预算明细", rows: rows)], sharedStrings: shared)
        }
        /// The parts of a one-sheet workbook whose sheet (or shared strings) is streamed.
        func streamed(_ part: HandmadeXLSX.Streamed) throws {
            let parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("预算明细", rows: "")], sharedStrings: part.name.hasSuffix("sharedStrings.xml") ? [] : nil)
            try HandmadeXLSX.write(path, parts: parts.filter { $0.name != part.name }, streamed: [part])
        }
        let megabytes = Int.random(in: 4...16, using: &random)
        switch kind {
        case 0:
            let depth = Int.random(in: 65...5_000, using: &random)
            let names = (0..<depth).map { _ in "e\(Int.random(in: 0..<1_000, using: &random))" }
            try items(headerRow(shared: true) + names.map { "<\($0)>" }.joined() + names.reversed().map { "</\($0)>" }.joined())
            return "depth \(depth)"
        case 1:
            let count = megabytes << 20 / 3
            try streamed(.init("xl/worksheets/sheet1.xml", prefix: worksheetStart, repeating: "<a>", count: count, suffix: ""))
            return "\(count) nested elements"
        case 2:
            let count = megabytes << 20 / 15
            try streamed(
                .init(
                    "xl/worksheets/sheet1.xml", prefix: worksheetStart + "<row>", repeating: "<c><v>1</v></c>", count: count,
                    suffix: "</row></sheetData></worksheet>"))
            return "\(count) cells"
        case 3:
            let count = megabytes << 20 / 5
            try streamed(
                .init(
                    "xl/sharedStrings.xml", prefix: "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">", repeating: "<si/>",
                    count: count, suffix: "</sst>"))
            return "\(count) shared strings"
        case 4:
            try streamed(.init("xl/worksheets/sheet1.xml", prefix: "", repeating: " ", count: megabytes << 20, suffix: ""))
            return "\(megabytes) MB of spaces"
        case 5:
            var parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("预算明细", rows: headerRow(shared: false))])
            parts.append(("xl/media/image1.png", Data(count: 100)))
            let declared = UInt32(512 << 20) + UInt32.random(in: 1...(1 << 30), using: &random)
            try HandmadeXLSX.writeStored(path, parts: parts, declared: ["xl/worksheets/sheet1.xml": declared])
            return "declared \(declared) bytes"
        case 6:
            let length = Int.random(in: 32_768...200_000, using: &random)
            try items(headerRow(shared: true) + "<row r=\"3\"><c r=\"I3\" t=\"s\"><v>9</v></c></row>", shared: header + [text(length, &random)])
            return "\(length) characters"
        case 7:
            let length = Int.random(in: 32_768...200_000, using: &random)
            try items(headerRow(shared: true) + "<row r=\"3\">" + HandmadeXLSX.inline("I3", text(length, &random)) + "</row>")
            return "\(length) characters"
        case 8:
            // 30,000 characters (90 KB) shown by enough cells to pass 512 MB.
            let cells = Int.random(in: 6_000...20_000, using: &random)
            let rows = (0..<cells).map { "<row r=\"\($0 + 3)\"><c r=\"I\($0 + 3)\" t=\"s\"><v>9</v></c></row>" }.joined()
            try items(headerRow(shared: true) + rows, shared: header + [text(30_000, &random)])
            return "\(cells) cells"
        case 9:
            let count = Int.random(in: 1_001...1_500, using: &random)
            try HandmadeXLSX.write(path, (1...count).map { HandmadeXLSX.Sheet("表\($0)", rows: "") })
            return "\(count) sheets"
        case 10:
            let count = Int.random(in: 10_001...12_000, using: &random)
            var parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("预算明细", rows: headerRow(shared: false))])
            for number in 0..<(count - parts.count) { parts.append(("xl/media/image\(number).png", Data([UInt8(number & 0xFF)]))) }
            try HandmadeXLSX.writeStored(path, parts: parts)
            return "\(count) parts"
        case 11:
            var parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("预算明细", rows: headerRow(shared: false))])
            let name = ["xl/worksheets/sheet1.xml", "XL/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"][
                Int.random(in: 0..<4, using: &random)]
            let original = try #require(parts.first { $0.name.lowercased() == name.lowercased() })
            parts.append((name, original.data + Data("<!-- another -->".utf8)))
            if Bool.random(using: &random) { parts.swapAt(parts.count - 1, Int.random(in: 0..<(parts.count - 1), using: &random)) }
            try HandmadeXLSX.writeStored(path, parts: parts)
            return "\(name) twice"
        case 12:
            let index = header.count + Int.random(in: 0...1_000_000, using: &random)
            try items(headerRow(shared: true) + "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>\(index)</v></c></row>")
            return "index \(index) of \(header.count)"
        default:
            try items(headerRow(shared: true), shared: nil)
            return "no xl/sharedStrings.xml"
        }
    }
}

@Suite("Hostile workbooks: refused within 1 GB and 10 seconds, located, nothing written", .serialized)
struct HostileWorkbookTests {
    static let rounds = Settings.integer("BUDGET_HOSTILE", default: 2)

    /// Runs `budget` with at most 1,000,000 KiB of address space.
    static func limited(_ arguments: [String], timeout: Double) throws -> Outcome {
        try tool("/bin/bash", ["-c", "ulimit -v 1000000; exec \"$0\" \"$@\"", PackagePaths.executable.path] + arguments, timeout: timeout)
    }

    /// A folder, the test's random generator, and the bytes of an empty project with the sample's units.
    static func start(_ test: String) throws -> (folder: TemporaryFolder, random: SplitMix64, empty: Data) {
        let folder = TemporaryFolder()
        let baseline = folder.file("baseline.budget")
        try SampleProject.empty(at: baseline)
        return (folder, Settings.random(test), try read(baseline))
    }

    @Test("every kind of hostile workbook, through the CLI: exit 1 naming the workbook, the part or sheet and the bound; the project byte-identical")
    func hostile() throws {
        // Given: an empty project with the sample's units
        let (folder, generator, empty) = try Self.start("hostileWorkbooks")
        var random = generator
        var slowest = (seconds: 0.0, kind: "")

        for round in 0..<Self.rounds {
            for (kind, (name, words)) in HostileWorkbook.kinds.enumerated() {
                let project = folder.file("p.budget")
                let workbook = folder.file("w.xlsx")
                try put(empty, at: project)
                let sizes = try HostileWorkbook.make(kind, at: workbook, &random)
                let context = "round \(round), \(name) (\(sizes), \(try read(workbook).count) bytes; seed \(Settings.seed))"

                // When
                let outcome = try Self.limited(["import", project, workbook], timeout: 10)

                // Then
                #expect(!outcome.timedOut && outcome.exited, "\(context): \(outcome)")
                #expect(outcome.status == 1, "\(context): \(outcome)")
                #expect(outcome.stderr.hasPrefix("错误 E-INPUT：w.xlsx："), "\(context): \(outcome.stderr.prefix(300))")
                #expect(outcome.stderr.contains("无法读取这个工作簿"), "\(context): \(outcome.stderr.prefix(300))")
                for word in words { #expect(outcome.stderr.contains(word), "\(context): “\(word)” not in \(outcome.stderr.prefix(300))") }
                #expect(outcome.stderr.contains("没有写入任何内容"), "\(context): \(outcome.stderr.prefix(300))")
                #expect(try read(project) == empty, "\(context): the project changed")
                #expect(sideFiles(in: folder.path).isEmpty, "\(context): \(sideFiles(in: folder.path))")
                if outcome.seconds > slowest.seconds { slowest = (outcome.seconds, name) }
            }
        }
        note(
            "hostile workbooks: \(Self.rounds) × \(HostileWorkbook.kinds.count) kinds, each refused under ulimit -v 1000000; slowest \(String(format: "%.2f", slowest.seconds)) s (\(slowest.kind))"
        )
    }

    @Test("a long shared string in many cells below the bound, and a thousand sheets: read in time, every problem located")
    func heavyButWithin() throws {
        // Given: 2,000 line items whose 备注 is one shared string of 30,000 characters (90 KB, 180 MB
        // shown), and a workbook of 1,000 sheets (the bound) each with the header and one item
        let (folder, generator, empty) = try Self.start("heavyButWithin")
        var random = generator
        let notes = folder.file("notes.xlsx")
        let rows = (0..<2_000).map { "<row r=\"\($0 + 3)\"><c r=\"I\($0 + 3)\" t=\"s\"><v>9</v></c></row>" }.joined()
        try HandmadeXLSX.write(
            notes, [HandmadeXLSX.Sheet("预算明细", rows: HostileWorkbook.headerRow(shared: true) + rows)],
            sharedStrings: HostileWorkbook.header + [HostileWorkbook.text(30_000, &random)])
        let sheets = folder.file("sheets.xlsx")
        try HandmadeXLSX.write(sheets, (1...1_000).map { HandmadeXLSX.Sheet("表\($0)", rows: HostileWorkbook.headerRow(shared: false)) })

        for (workbook, words) in [(notes, ["预算明细!I3", "内容太长（超过 2000 字", "共 14000 处问题"]), (sheets, ["都是预算明细表", "表1", "表2"])] {
            let project = folder.file("p.budget")
            try put(empty, at: project)

            // When
            let outcome = try Self.limited(["import", project, workbook], timeout: 10)

            // Then: refused for what the cells say, not for their size; located; in time and memory
            #expect(!outcome.timedOut && outcome.exited && outcome.status == 1, "\(workbook): \(outcome)")
            for word in words { #expect(outcome.stderr.contains(word), "\(workbook): “\(word)” not in \(outcome.stderr.prefix(400))") }
            #expect(outcome.stderr.utf8.count < 200_000, "\(workbook): stderr is \(outcome.stderr.utf8.count) bytes")
            #expect(try read(project) == empty)
            note("within the bounds: \(URL(fileURLWithPath: workbook).lastPathComponent) refused in \(String(format: "%.2f", outcome.seconds)) s")
        }
    }
}
