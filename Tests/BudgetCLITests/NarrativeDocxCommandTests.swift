import BudgetTestSupport
import Foundation
import Testing

/// pandoc (which writes the DOCX), LibreOffice Writer (which prints it) and poppler (which reads
/// the print back): `Scripts/setup` installs them.
enum WordTools {
    static func onPath(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// Why the DOCX cannot be made and printed here, or nil when it can.
    static let missing: String? = {
        let absent = ["pandoc", "soffice", "pdftotext"].filter { !onPath($0) }
        return absent.isEmpty ? nil : "\(absent.joined(separator: ", ")) not on PATH"
    }()

    /// The DOCX printed to PDF by LibreOffice Writer (its own profile, so that it never meets
    /// another LibreOffice running on the machine), read back one string a page.
    static func printedPages(_ docx: String, in folder: TemporaryFolder) throws -> [String] {
        let profile = URL(fileURLWithPath: folder.file("lo-profile")).absoluteString
        let converted = try runProgram(
            "/usr/bin/env",
            ["soffice", "-env:UserInstallation=\(profile)", "--headless", "--convert-to", "pdf", "--outdir", folder.path, docx])
        let pdf = URL(fileURLWithPath: docx).deletingPathExtension().appendingPathExtension("pdf").path
        try #require(converted.status == 0 && FileManager.default.fileExists(atPath: pdf), "soffice: \(converted.stdout)\(converted.stderr)")
        let text = try runProgram("/usr/bin/env", ["pdftotext", pdf, "-"])
        try #require(text.status == 0, "pdftotext: \(text.stderr)")
        // pdftotext ends each page with a form feed.
        var pages = text.stdout.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }

    /// The words of every page of a PDF (poppler's `pdftotext -bbox`): the page's size and
    /// each word's left, top and text, top to bottom.
    static func pageWords(_ pdf: String) throws -> [(width: Double, height: Double, words: [(x: Double, y: Double, text: String)])] {
        let result = try runProgram("/usr/bin/env", ["pdftotext", "-bbox", pdf, "-"])
        try #require(result.status == 0, "pdftotext -bbox: \(result.stderr)")
        return result.stdout.components(separatedBy: "<page ").dropFirst().map { page in
            let size = page.firstMatch(of: /width="([0-9.]+)" height="([0-9.]+)"/)
            let words = page.matches(of: /<word xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>([^<]*)<\/word>/).map {
                (x: Double($0.output.1)!, y: Double($0.output.2)!, text: String($0.output.3))
            }
            return (Double(size?.output.1 ?? "0") ?? 0, Double(size?.output.2 ?? "0") ?? 0, words)
        }
    }

    /// Every figure with a decimal point (amounts, 2343.44; rates), counted. ASCII digits only:
    /// `\d` would take 万 (a numeric character in Unicode) as a digit.
    static func figures(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for match in text.matches(of: /[0-9]+\.[0-9]+/) { counts[String(match.output), default: 0] += 1 }
        return counts
    }
}

@Suite("narrative -o X.docx: the statement as a Word document")
struct NarrativeDocxCommandTests {
    /// Run where pandoc, LibreOffice Writer and poppler are; skipped elsewhere, except in CI.
    static let needsWordTools = ConditionTrait.enabled(
        if: WordTools.missing == nil || Office.inCI,
        "pandoc, LibreOffice Writer or poppler is missing (\(WordTools.missing ?? "")): Scripts/setup installs them")

    /// The sample's project, built as Scripts/demo does (check passes), once the tools are known to be there.
    static func demoProject(in folder: TemporaryFolder) throws -> String {
        try #require(WordTools.missing == nil, "CI needs pandoc, LibreOffice Writer and poppler: \(WordTools.missing ?? "")")
        return try DocumentCommandTests.makeDemoProject(folder.file("demo.budget"))
    }

    /// The statement of the project at `path` written as `statement.docx` in `folder` and
    /// printed: its pages' text.
    static func printedStatement(_ path: String, in folder: TemporaryFolder) throws -> [String] {
        let written = try budget("narrative", path, "-o", folder.file("statement.docx"))
        try #require(written.status == 0, "\(written.stderr)")
        return try WordTools.printedPages(folder.file("statement.docx"), in: folder)
    }

    @Test(
        "the sample's DOCX prints in LibreOffice Writer with every figure of the Markdown, page numbers, no stamp; two runs give the same bytes",
        needsWordTools)
    func sampleDocx() throws {
        // Given the sample, built as Scripts/demo does, which check passes
        let folder = TemporaryFolder()
        let path = try Self.demoProject(in: folder)
        let markdown = folder.file("statement.md")
        try #require(try budget("narrative", path, "-o", markdown).status == 0)

        // When the statement is written as a Word document, twice
        let docx = folder.file("statement.docx")
        let first = try budget("narrative", path, "-o", docx)
        let again = folder.file("again.docx")
        let second = try budget("narrative", path, "-o", again)

        // Then both are written, byte for byte the same (pandoc's dates pinned to the budget year)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("情况说明：\(docx)"))
        #expect(second.status == 0, "\(second.stderr)")
        let bytes = try #require(FileManager.default.contents(atPath: docx))
        #expect(bytes.starts(with: Data("PK".utf8)))
        #expect(bytes == FileManager.default.contents(atPath: again))
        // Only the two statements and the project: no temporary file left beside them.
        #expect(folder.contents.filter { !$0.hasPrefix("demo.budget") } == ["again.docx", "statement.docx", "statement.md"])

        // When LibreOffice Writer prints it
        let pages = try WordTools.printedPages(docx, in: folder)

        // Then it opens and prints (more than one page), each page numbered “— N —” in its footer,
        // and without the unchecked stamp
        #expect(pages.count > 1)
        for (index, page) in pages.enumerated() {
            // (pdftotext leaves out the spaces around the number.)
            let number = page.firstMatch(of: /—\s*([0-9]+)\s*—/).map { Int($0.output.1) }
            #expect(number == index + 1, "page \(index + 1) of \(pages.count) has no page number “— \(index + 1) —”, it ends: \(page.suffix(80))")
            #expect(!page.contains("未经校验"), "page \(index + 1)")
        }
        // And every figure of the Markdown statement is printed, as many times: the total
        // 2343.44 (published), the procurement table's 330.60 (published 政府采购预算), …
        let text = pages.joined(separator: "\n")
        let expected = WordTools.figures(try String(contentsOfFile: markdown, encoding: .utf8))
        let printed = WordTools.figures(text)
        #expect(expected["2343.44", default: 0] > 0 && expected["330.60", default: 0] > 0, "\(expected)")
        let short = expected.filter { printed[$0.key, default: 0] < $0.value }
        #expect(short.isEmpty, "figures of the Markdown missing from the printed DOCX (figure: expected count): \(short), printed: \(printed)")
        // The headings and a table's words are there too (the narrow columns of the procurement
        // table wrap their headings, so the 机构设置 table's are looked for).
        let words = ["部门预算信息公开情况说明", "三、机关运行经费安排情况", "单位性质", "经费保障形式"].filter { !text.contains($0) }
        #expect(words.isEmpty, "not printed: \(words)")
    }

    @Test(
        "an unchecked statement carries 未经校验 on every printed page",
        needsWordTools)
    func uncheckedDocxIsStampedOnEveryPage() throws {
        // Given the sample with an item that unbalances the tables: check finds an error
        let folder = TemporaryFolder()
        let path = try Self.demoProject(in: folder)
        try addUnbalancingItem(path)
        #expect(try budget("check", path).status == 6)

        // When the statement is written as a Word document and printed
        let docx = folder.file("unchecked.docx")
        let result = try budget("narrative", path, "-o", docx)
        #expect(result.status == 0, "\(result.stderr)")
        let pages = try WordTools.printedPages(docx, in: folder)

        // Then every page carries the stamp in its header, the first page the whole warning
        #expect(pages.count > 1)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("未经校验：检查发现错误，本情况说明不得用于报批或公开"), "page \(index + 1) of \(pages.count): \(page.prefix(80))")
        }
        #expect(pages.first?.contains(/未经校验：检查发现 \d+ 个错误，本情况说明不得用于报批或公开/) == true, "\(pages.first ?? "")")
    }

    @Test(
        "the 16-column procurement table prints on a landscape page of its own, under its heading, every name on one or two lines; the pages around it portrait",
        needsWordTools)
    func wideTableLandscape() throws {
        // Given the sample's statement as a Word document, printed
        let folder = TemporaryFolder()
        let pages = try Self.printedStatement(try Self.demoProject(in: folder), in: folder)
        let printed = try WordTools.pageWords(folder.file("statement.pdf"))
        try #require(printed.count == pages.count)

        // Then the page with the table (its 采购物品名称 其他专业技术服务) is landscape, wider
        // than high (A4: 841.9 × 595.3 points), with the section's heading; the others portrait
        let index = try #require(pages.firstIndex { $0.contains("其他专业技术服务") })
        #expect(printed[index].width > printed[index].height, "page \(index + 1): \(printed[index].width) × \(printed[index].height)")
        #expect(pages[index].contains("六、政府采购预算情况"))
        for (number, page) in printed.enumerated() where number != index {
            #expect(page.width < page.height, "page \(number + 1) is not portrait")
        }
        // And each project and item name of the table (the published 政府采购预算) on one or
        // two lines: its words in one column, top to bottom, make the name in one or two.
        let words = printed[index].words
        let names = [
            "建设项目环境影响评价文件技术评估和排污许可技术评估费", "委托投资咨询评估服务机构费用", "石家庄高新技术产业开发区行政服务局本级小计", "办公设备维修和保养服务",
            "其他专业技术服务", "便携式计算机",
        ]
        for name in names {
            let first = try #require(words.firstIndex { name.hasPrefix($0.text) && $0.text.count > 1 }, "\(name) not on page \(index + 1)")
            var text = words[first].text
            var lines = 1
            for word in words[(first + 1)...] where text.count < name.count && abs(word.x - words[first].x) < 1 && word.y > words[first].y {
                guard name.hasPrefix(text + word.text) else { break }
                text += word.text
                lines += 1
            }
            #expect(text == name && lines <= 2, "\(name): \(lines) lines, read “\(text)”")
        }
    }

    @Test(
        "a clerk's text cannot open a raw OpenXML block: fences and code spans print as typed",
        needsWordTools)
    func rawOpenXMLNotInjected() throws {
        // Given the sample whose 其他需要说明的事项 tries a fenced and an inline raw block
        let folder = TemporaryFolder()
        let path = try Self.demoProject(in: folder)
        let lines = ["~~~{=openxml}", "<w:p><w:r><w:t>注入的段落</w:t></w:r></w:p>", "~~~", "行内`<w:r><w:t>注入</w:t></w:r>`{=openxml}结束"]
        let set = try budget("text", "set", path, "other", folder.write("other.txt", lines.joined(separator: "\n") + "\n"))
        try #require(set.status == 0, "\(set.stderr)")

        // When the statement is written as a Word document and printed
        let text = try Self.printedStatement(path, in: folder).joined(separator: "\n")

        // Then every line prints as the clerk typed it, the XML as text
        for line in lines {
            #expect(text.contains(line), "not printed as typed: \(line)")
        }
    }

    @Test("without pandoc: exit 5, the install command named, nothing written")
    func pandocMissing() throws {
        // Given the sample, and a PATH without pandoc (an empty folder)
        let folder = TemporaryFolder()
        let path = try DocumentCommandTests.makeDemoProject(folder.file("demo.budget"))
        let empty = folder.file("bin")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        let contents = folder.contents

        // When the statement is asked for as a Word document
        let result = try runProgram(
            PackagePaths.executable.path, ["narrative", path, "-o", folder.file("statement.docx")], environment: ["PATH": empty])

        // Then it is refused, naming pandoc and how to install it, and nothing is written
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("错误 E-EXPORT-IO："), "\(result.stderr)")
        #expect(result.stderr.contains("找不到 pandoc"), "\(result.stderr)")
        #expect(result.stderr.contains("apt-get install pandoc"), "\(result.stderr)")
        #expect(folder.contents == contents)
    }
}
