// Bad workbooks (issue 4, reliability.md §6.3 applied to XLSX): random cell values and types in the
// sheets of a real draft workbook, damaged sheet XML, missing parts, truncated and corrupted ZIP
// files never crash or hang the import; each gives a clean import, or exit 1 with every problem
// located in the workbook and the project byte-identical (never a partial import).
//
// BUDGET_FUZZ (default 300) workbooks through the CLI; BUDGET_SEED replays them.
import BudgetKit
import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@Suite("Fuzzed workbooks never crash the import and never half-import", .serialized)
struct WorkbookFuzzTests {
    static let cases = Settings.integer("BUDGET_FUZZ", default: 300)

    /// Texts a clerk, a program or a damaged file might put in a cell.
    static let texts = [
        "432001", "432001 石家庄高新技术产业开发区行政服务局本级", "2010306 政务公开审批", "2010306 错误名称", "30101", "基本支出", "项目支出",
        "一般公共预算拨款", "上年结转结余", "人员经费", "1,234.56", "１２３４．５６", "12.345", "-5", "1e3", "100元", "", "   ", "合计",
        "_x0041_", "'=1+1", "=SUM(A1)", "产出指标", "收支总计", "2022-12-31", "A02010108", "新项目", "&lt;&amp;&gt;", "\t",
    ]
    static let numbers = [
        "0", "1", "0.07000000000000001", "12.345", "1203000", "-0", "-5", "1E+400", "1E-300", "NaN", "INF", "9999999999999999999",
        "1.5E3", "44926", "", "abc", "0x10", "99999999999.99001",
    ]

    /// One random cell at `reference`, of any type, or with a damaged reference.
    static func randomCell(_ reference: String, _ random: inout SplitMix64) -> String {
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
        var text = pick(texts)
        if Int.random(in: 0..<20, using: &random) == 0 { text = String(repeating: "预", count: Int.random(in: 100...40_000, using: &random)) }
        let r = Int.random(in: 0..<25, using: &random) == 0 ? pick(["A0", "ZZZZ1", "A99999999", "", "1A", "XFE3"]) : reference
        let position = Int.random(in: 0..<15, using: &random) == 0 ? "" : " r=\"\(r)\""
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return "<c\(position) t=\"s\"><v>\(pick(["0", "5", "999999", "-1", "x", ""]))</v></c>"
        case 1, 2: return "<c\(position) t=\"inlineStr\"><is><t>\(text)</t></is></c>"
        case 3, 4: return "<c\(position)><v>\(pick(numbers))</v></c>"
        case 5: return "<c\(position) t=\"b\"><v>\(pick(["0", "1", "2"]))</v></c>"
        case 6: return "<c\(position) t=\"e\"><v>\(pick(["#REF!", "#DIV/0!", "#N/A"]))</v></c>"
        default: return "<c\(position)><f>\(pick(["SUM(A1:A9)", "1/0", ""]))</f>\(Bool.random(using: &random) ? "" : "<v>\(pick(numbers))</v>")</c>"
        }
    }

    /// Replaces some cells of a sheet's XML with random ones.
    static func mutateCells(_ xml: String, _ random: inout SplitMix64) -> String {
        let cells = xml.matches(of: /<c r="([A-Z]+[0-9]+)"[^>]*?(\/>|>.*?<\/c>)/)
        guard !cells.isEmpty else { return xml }
        var result = xml
        // From the last, so that earlier ranges stay valid.
        let chosen = (0..<Int.random(in: 1...6, using: &random)).map { _ in Int.random(in: 0..<cells.count, using: &random) }
        for index in Set(chosen).sorted(by: >) {
            let cell = cells[index]
            result.replaceSubrange(cell.range, with: randomCell(String(cell.output.1), &random))
        }
        return result
    }

    /// A workbook (its bytes) damaged in one of several ways; the way, for the log.
    static func damaged(_ parts: [(name: String, data: Data)], at path: String, _ random: inout SplitMix64) throws -> String {
        var parts = parts
        let sheets = parts.indices.filter { parts[$0].name.hasPrefix("xl/worksheets/") }
        let way = Int.random(in: 0..<10, using: &random)
        switch way {
        case 0...4:
            // Random cells in one or two sheets.
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let index = sheets[Int.random(in: 0..<sheets.count, using: &random)]
                parts[index].data = Data(mutateCells(String(decoding: parts[index].data, as: UTF8.self), &random).utf8)
            }
        case 5:
            // Damaged XML: cut short, or a stray < or &.
            let index = sheets[Int.random(in: 0..<sheets.count, using: &random)]
            var bytes = [UInt8](parts[index].data)
            let at = Int.random(in: 0..<bytes.count, using: &random)
            if Bool.random(using: &random) { bytes.removeSubrange(at...) } else { bytes.insert(Bool.random(using: &random) ? 0x3C : 0x26, at: at) }
            parts[index].data = Data(bytes)
        case 6:
            // A part missing.
            parts.remove(at: Int.random(in: 0..<parts.count, using: &random))
        case 7:
            // Shared strings cut down, so that indexes point past the end.
            if let index = parts.firstIndex(where: { $0.name == "xl/sharedStrings.xml" }) {
                let xml = String(decoding: parts[index].data, as: UTF8.self)
                if let cut = xml.range(of: "<si>", options: .backwards) { parts[index].data = Data((String(xml[..<cut.lowerBound]) + "</sst>").utf8) }
            }
        default:
            break
        }
        try HandmadeXLSX.write(path, parts: parts)
        guard way >= 8 else { return ["cells", "cells", "cells", "cells", "cells", "xml", "missing part", "shared strings"][way] }
        // The ZIP itself: truncated, or bytes flipped.
        var bytes = [UInt8](try read(path))
        if way == 8 {
            bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...)
        } else {
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return way == 8 ? "truncated zip" : "corrupted zip"
    }

    @Test("damaged workbooks: exit 0 with a sound project, or exit 1 with every problem located and nothing written")
    func damagedWorkbooks() throws {
        // Given: the sample's own draft workbook, and a project with the sample's units only
        let folder = TemporaryFolder()
        var random = Settings.random("damagedWorkbooks")
        let sample = folder.file("sample.budget")
        try SampleProject.build(at: sample)
        let template = folder.file("template.xlsx")
        try setup("template", sample, template)
        let parts = try HandmadeXLSX.read(template)
        let baseline = folder.file("baseline.budget")
        try SampleProject.empty(at: baseline)
        let empty = try read(baseline)
        var counts = (imported: 0, refused: 0, other: 0)
        var ways: [String: Int] = [:]

        for number in 0..<Self.cases {
            let project = folder.file("p.budget")
            let workbook = folder.file("w.xlsx")
            try put(empty, at: project)
            let way = try Self.damaged(parts, at: workbook, &random)
            ways[way, default: 0] += 1

            // When
            let outcome = try cli(["import", project, workbook], timeout: 60)

            // Then
            let context = "case \(number) (seed \(Settings.seed), \(way))"
            #expect(!outcome.timedOut && outcome.exited, "\(context): \(outcome)")
            if outcome.status == 1 {
                counts.refused += 1
                #expect(try read(project) == empty, "\(context): exit 1 but the project changed")
                #expect(outcome.stderr.contains("没有写入任何内容"), "\(context): \(outcome.stderr.prefix(300))")
                // Every problem names the workbook, and a sheet and cell where there is one.
                let lines = outcome.stderr.split(separator: "\n").dropLast().filter { !$0.hasPrefix("……另有") }
                for line in lines {
                    #expect(line.contains("w.xlsx"), "\(context): a problem without its place: \(line.prefix(200))")
                }
                #expect(outcome.stderr.utf8.count < 200_000, "\(context): stderr is \(outcome.stderr.utf8.count) bytes")
            } else if outcome.succeeded {
                counts.imported += 1
                let doctor = try cli(["doctor", project])
                #expect(doctor.succeeded, "\(context): doctor after the import: \(doctor)")
            } else {
                counts.other += 1
                Issue.record("\(context): neither imported nor refused: \(outcome)")
            }
            #expect(sideFiles(in: folder.path).isEmpty, "\(context): \(sideFiles(in: folder.path))")
        }
        note(
            "workbook fuzz: \(Self.cases) damaged workbooks (\(ways.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))), \(counts.imported) imported, \(counts.refused) refused with nothing written, \(counts.other) otherwise (crashed or hung)"
        )
    }

    @Test(
        "random cells under a line-item header, imported in process: a clean import or located problems, nothing half-written", arguments: [0, 1, 2])
    func inProcess(_ round: Int) throws {
        // The whole import without a process per case, so many more cases: the reader, the
        // recognition of sheets and every rule of the cells.
        let folder = TemporaryFolder()
        var random = Settings.random("inProcess\(round)")
        let baseline = folder.file("baseline.budget")
        try SampleProject.empty(at: baseline)
        let empty = try read(baseline)
        let project = folder.file("p.budget")
        let path = folder.file("w.xlsx")
        let header = ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "经费类型", "项目名称", "资金来源", "金额", "备注"]
        var counts = (imported: 0, refused: 0)
        for number in 0..<200 {
            var rows =
                "<row r=\"2\">"
                + header.enumerated().map { HandmadeXLSX.inline(HandmadeXLSX.reference(row: 1, column: $0.offset), $0.element) }.joined() + "</row>"
            for row in 2..<Int.random(in: 3...12, using: &random) {
                rows += "<row r=\"\(row + 1)\">"
                for column in 0..<Int.random(in: 0...10, using: &random) {
                    rows += Self.randomCell(HandmadeXLSX.reference(row: row, column: column), &random)
                }
                rows += "</row>"
            }
            try HandmadeXLSX.write(path, [HandmadeXLSX.Sheet("预算明细", rows: rows)], sharedStrings: ["基本支出", "432001", "2010306 政务公开审批"])
            try put(empty, at: project)
            let context = "round \(round) case \(number) (seed \(Settings.seed))"
            do {
                _ = try ProjectSession(project).importWorkbook(from: path, unit: .yuan, replace: false)
                counts.imported += 1
            } catch let problems as InputProblems {
                counts.refused += 1
                #expect(try read(project) == empty, "\(context): refused but the project changed")
                #expect(problems.problems.allSatisfy { $0.file == "w.xlsx" }, "\(context): \(problems)")
                #expect(
                    problems.problems.allSatisfy { $0.sheet != nil || $0.message.contains("无法读取") || $0.message.contains("没有可识别") },
                    "\(context): \(problems)")
            } catch {
                Issue.record("\(context): not a located problem: \(error)")
            }
        }
        note("workbook fuzz in process, round \(round): 200 workbooks, \(counts.imported) imported, \(counts.refused) refused with nothing written")
    }
}
