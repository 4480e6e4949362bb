import BudgetKit
import BudgetTestSupport
import Foundation
import Testing

/// LibreOffice, pandoc, poppler and qpdf, which `publish` prints and joins with (Scripts/setup
/// installs them), and the printed PDF read back one string a page.
enum PrintedPDF {
    static let missing: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let absent = ["soffice", "pandoc", "pdftotext", "pdffonts", "qpdf"].filter { name in
            !path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }
        return absent.isEmpty ? nil : "\(absent.joined(separator: ", ")) not on PATH"
    }()

    /// Run where the tools are; skipped elsewhere, except in CI, where a missing tool fails.
    static let needed = ConditionTrait.enabled(
        if: missing == nil || !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty,
        "LibreOffice, pandoc, poppler or qpdf is missing (\(missing ?? "")): Scripts/setup installs them")

    /// Each page's text as pdftotext lays it out (lines as printed).
    static func pages(_ pdf: String) throws -> [String] {
        try #require(missing == nil, "CI needs LibreOffice, pandoc, poppler and qpdf: \(missing ?? "")")
        let text = try runProgram("/usr/bin/env", ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"])
        try #require(text.status == 0, "pdftotext: \(text.stderr)")
        var pages = text.stdout.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }

    /// A text without its spaces: pdftotext spaces out what is printed spread or centred.
    static func squeezed(_ text: some StringProtocol) -> String { String(text.filter { !$0.isWhitespace }) }

    /// The 目录's entries as printed: a title, dots, a page number.
    static func contents(_ page: String) -> [(title: String, page: Int)] {
        page.split(whereSeparator: \.isNewline).compactMap { line in
            guard let match = squeezed(line).wholeMatch(of: /(.+?)\.{3,}([0-9]+)/) else { return nil }
            return (String(match.output.1), Int(match.output.2)!)
        }
    }

    /// The first page (1-based) from `start` with a line that reads `title`.
    static func page(of title: String, in pages: [String], from start: Int) -> Int? {
        (start - 1..<pages.count).first { index in
            pages[index].split(whereSeparator: \.isNewline).contains { squeezed($0) == squeezed(title) }
        }.map { $0 + 1 }
    }

    /// Every figure with two decimals, counted. ASCII digits only (`\d` takes 万 for a digit).
    static func figures(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for match in text.matches(of: /[0-9]+\.[0-9]{2}(?![0-9])/) { counts[String(match.output), default: 0] += 1 }
        return counts
    }
}

@Suite("publish: the whole disclosure as one PDF")
struct PublishTests {
    /// The seed's 目录 (shared/seed, lines 9–31), in its order: the nine tables, then the
    /// statement's nine parts.
    static let seedTables = [
        "部门预算收支总表", "部门预算收入总表", "部门预算支出总表", "部门预算财政拨款收支总表", "部门预算一般公共预算财政拨款支出表",
        "部门预算一般公共预算财政拨款基本支出表", "部门预算政府基金预算财政拨款支出表", "部门预算国有资本经营预算财政拨款支出表",
        "部门预算财政拨款“三公”经费支出表",
    ]
    static let seedSections = [
        "一、部门职责及机构设置情况", "二、部门预算安排的总体情况", "三、机关运行经费安排情况", "四、财政拨款“三公”经费预算情况及增减变化原因",
        "五、预算绩效信息", "六、政府采购预算情况", "七、国有资产信息", "八、名词解释", "九、其他需要说明的事项",
    ]

    @Test(
        "the sample's PDF: a 目录 of the seed's parts at the pages they are printed on, numbered through, every published figure in its table, the same bytes twice",
        PrintedPDF.needed)
    func sample() throws {
        // Given the sample, which check passes
        let folder = TemporaryFolder()
        let project = folder.file("sample.budget")
        try SampleProject.build(at: project)
        let published = try PublishedDisclosure.load()
        try #require(published.tables.map(\.title) == Self.seedTables)

        // When it is published, twice
        let pdf = folder.file("sample.pdf")
        let publication = try ProjectSession(project).publish(to: pdf, force: false)
        let again = folder.file("again.pdf")
        _ = try ProjectSession(project).publish(to: again, force: false)

        // Then the same bytes come out (dates and identifiers pinned)
        #expect(publication.check.errorCount == 0)
        let bytes = try #require(FileManager.default.contents(atPath: pdf))
        #expect(bytes.starts(with: Data("%PDF".utf8)))
        #expect(bytes == FileManager.default.contents(atPath: again))

        // The cover names the department and the year; page 2 is the 目录, with the seed's title
        let pages = try PrintedPDF.pages(pdf)
        #expect(pages.count == publication.pages)
        #expect(PrintedPDF.squeezed(pages[0]).contains("石家庄高新技术产业开发区行政服务局"))
        #expect(PrintedPDF.squeezed(pages[0]).contains("2023年部门预算信息公开"))
        #expect(PrintedPDF.squeezed(pages[1]).contains("2023年石家庄高新技术产业开发区行政服务局部门预算信息公开目录"))
        #expect(PrintedPDF.squeezed(pages[1]).contains("部门预算公开表"))
        #expect(PrintedPDF.squeezed(pages[1]).contains("部门预算信息公开情况说明"))

        // The 目录 lists the seed's 18 parts in the seed's order
        let contents = PrintedPDF.contents(pages[1])
        #expect(contents.map(\.title) == Self.seedTables + Self.seedSections)

        // Each starts on the page the 目录 gives: the first page, after the 目录, where its
        // title is printed as a line of its own, and that page's footer prints the number
        var after = 3
        for entry in contents {
            let found = PrintedPDF.page(of: entry.title, in: pages, from: after)
            #expect(found == entry.page, "“\(entry.title)”: the 目录 says \(entry.page), printed on \(found.map(String.init) ?? "no page")")
            after = found ?? after
        }
        // Every page after the cover and the 目录 prints its own number, “— N —”
        for number in 3...pages.count {
            #expect(PrintedPDF.squeezed(pages[number - 1]).contains("—\(number)—"), "page \(number) does not print its number")
        }
        #expect(!PrintedPDF.squeezed(pages[0]).contains("—1—"))

        // Every published figure of each of the nine tables is printed on that table's pages
        let starts = contents.map(\.page)
        var compared = 0
        for (index, table) in published.tables.enumerated() {
            let text = pages[(starts[index] - 1)..<(starts[index + 1] - 1)].joined(separator: "\n")
            let printed = PrintedPDF.figures(text)
            var wanted: [String: Int] = [:]
            for cell in table.rows.values.joined() where cell.wholeMatch(of: /[0-9]+\.[0-9]{2}/) != nil { wanted[cell, default: 0] += 1 }
            for (figure, count) in wanted {
                #expect((printed[figure] ?? 0) >= count, "\(table.title): \(figure) published \(count)×, printed \(printed[figure] ?? 0)×")
                compared += count
            }
        }
        // `grep -P "^\\d+\\t" Fixtures/seed-2023-tables.txt | tr "\\t" "\\n" | grep -cP "^\\d+\\.\\d\\d$"` counts 196.
        #expect(compared == 196)

        // Every font is embedded (an auditor's tool reads the text; every viewer prints the same)
        let fonts = try runProgram("/usr/bin/env", ["pdffonts", pdf])
        let rows = fonts.stdout.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        for row in rows {
            // name, type (one or two words), encoding, then emb sub uni: “yes yes yes”.
            #expect(row.contains(" yes "), "a font not embedded: \(row)")
        }
        // The statement's 仿宋 prints in a serif face and its 黑体 headings in a sans one (the
        // stand-ins of fonts-noto-cjk, which Scripts/setup installs), not all in one face
        #expect(fonts.stdout.contains("NotoSerifCJK"), "\(fonts.stdout)")
        #expect(fonts.stdout.contains("NotoSansCJK"), "\(fonts.stdout)")
        // No page carries the unchecked stamp
        #expect(!pages.contains { $0.contains("未经校验") })
    }

    @Test(
        "under Shanghai's template: its words on the cover and in the 目录, its nine titles in its order at the pages they are printed on",
        PrintedPDF.needed)
    func shanghai() throws {
        // Given the sample, under the Shanghai template (forced: its statement asks for texts the
        // sample has not filled in)
        let folder = TemporaryFolder()
        let project = folder.file("sample.budget")
        try SampleProject.build(at: project)
        let pdf = folder.file("shanghai.pdf")
        _ = try ProjectSession(project).publish(to: pdf, force: true, template: "shanghai")

        // Then the cover says “2023年部门预算”, the 目录 is titled 目录 with Shanghai's headings,
        // and its table entries are the nine Shanghai titles (reference/templates.md, section 2)
        // in their published order, each where its title is printed
        let pages = try PrintedPDF.pages(pdf)
        #expect(PrintedPDF.squeezed(pages[0]).contains("2023年部门预算"))
        let contents = PrintedPDF.squeezed(pages[1])
        #expect(contents.contains("目录2023年部门预算表"))
        #expect(contents.contains("2023年部门预算情况说明"))
        let titles = [
            "部门财务收支预算总表", "部门收入预算总表", "部门支出预算总表", "部门财政拨款收支预算总表", "部门一般公共预算支出功能分类预算表",
            "部门政府性基金预算支出功能分类预算表", "部门国有资本经营预算支出功能分类预算表", "部门一般公共预算基本支出部门预算经济分类预算表",
            "部门“三公”经费和机关运行经费预算表",
        ].map { "2023年" + $0 }
        let entries = PrintedPDF.contents(pages[1])
        #expect(Array(entries.map(\.title).prefix(9)) == titles)
        var after = 3
        for entry in entries.prefix(9) {
            let found = PrintedPDF.page(of: entry.title, in: pages, from: after)
            #expect(found == entry.page, "“\(entry.title)”: the 目录 says \(entry.page), printed on \(found.map(String.init) ?? "no page")")
            after = found ?? after
        }
    }

    @Test("with errors, publish is refused and nothing is written; with force, every page says 未经校验", PrintedPDF.needed)
    func unchecked() throws {
        // Given the sample's items without the rest of the document: the statement has gaps,
        // which check counts as errors
        let folder = TemporaryFolder()
        let project = folder.file("items.budget")
        try SampleProject.buildItems(at: project)
        let pdf = folder.file("out.pdf")

        // When published without force: refused, naming the PDF, and no file
        #expect {
            try ProjectSession(project).publish(to: pdf, force: false)
        } throws: { error in
            let refused = error as? ExportRefused
            return refused?.description.contains("没有导出公开文件 PDF") == true && (refused?.result.errorCount ?? 0) > 0
        }
        #expect(!FileManager.default.fileExists(atPath: pdf))

        // When forced: every page, cover and 目录 included, carries the stamp
        let publication = try ProjectSession(project).publish(to: pdf, force: true)
        #expect(publication.check.errorCount > 0)
        let pages = try PrintedPDF.pages(pdf)
        #expect(pages.count == publication.pages)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("未经校验"), "page \(index + 1) has no 未经校验")
        }
    }
}
