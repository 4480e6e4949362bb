import Foundation
import ZIPFoundation

/// The statement as a Word document: pandoc converts its Markdown (the same text `narrative`
/// writes as `.md`), styled by a reference document made once by `Scripts/make-reference-docx`
/// (A4, 仿宋 body, 黑体 headings, “— N —” page numbers; the unchecked one adds 未经校验 to every
/// page's header). Pipe tables become Word tables; a table wider than ``landscapeColumns`` is
/// printed on landscape pages of its own (``landscaped(_:sectionEnd:)``). pandoc writes the XML,
/// but for the one element Markdown has no syntax for: the end of a section, a copy of the
/// reference document's.
enum StatementDocx {
    /// pandoc's Markdown with what would change the statement's text turned off: smart quotes
    /// (“--” into a dash), `$…$` as mathematics, `~`/`^` as sub- and superscripts, raw HTML and
    /// TeX, heading identifiers (bookmarks), a lone image as a figure. Raw OpenXML blocks
    /// (```` ```{=openxml} ````) are on, for the sections around wide tables: no clerk's text can
    /// open one, since every text the statement shows has its backticks and tildes escaped
    /// (`Narrative.escaped`).
    static let inputFormat =
        "markdown-smart-tex_math_dollars-subscript-superscript-raw_html-raw_tex-auto_identifiers-implicit_figures"

    /// Which reference document styles the DOCX.
    enum Style {
        case statement
        /// 未经校验 in every page's header, naming 本情况说明.
        case statementUnchecked
        /// 未经校验 in every page's header, naming 本文件 (the published document's parts).
        case publicationUnchecked

        var base64: String {
            switch self {
            case .statement: EmbeddedStatementStyles.reference
            case .statementUnchecked: EmbeddedStatementStyles.referenceUnchecked
            case .publicationUnchecked: EmbeddedStatementStyles.publicationUnchecked
            }
        }
    }

    /// How the pages are numbered: from 1 with “— N —” in the footer, unless a part of a longer
    /// document starts at `firstPage`, or has no number (`numbered` false: a cover).
    struct Pages: Equatable {
        var firstPage: Int?
        var numbered = true
    }

    /// The DOCX of `markdown`, made by pandoc. The same Markdown gives the same bytes: pandoc
    /// dates the file's parts (zip entries, core properties) from SOURCE_DATE_EPOCH, here
    /// 1 January of the budget year.
    static func render(markdown: String, unchecked: Bool, created: Date, output: String) throws -> Data {
        try render(markdown: markdown, style: unchecked ? .statementUnchecked : .statement, created: created, output: output)
    }

    static func render(
        markdown: String, format: String = inputFormat, style: Style, pages: Pages = Pages(), created: Date, output: String
    ) throws -> Data {
        func failure(_ what: String) -> OutputWriteFailure { OutputWriteFailure(file: output, message: "没有写成 Word 文档：\(what)") }
        let pandoc = try ExternalTool.find(
            "pandoc", package: "pandoc", purpose: "没有写成 Word 文档", output: output, otherwise: "；或写成 .md")
        let folder = try WorkFolder("budget-docx", failure: failure)
        defer { folder.remove() }
        let source = folder.file("statement.md")
        let reference = folder.file("reference.docx")
        let result = folder.file("statement.docx")
        guard let base = Data(base64Encoded: style.base64, options: .ignoreUnknownCharacters),
            let body = try? documentPart(of: base), let section = sectionEnd(body)
        else { throw failure("内置的 Word 样式文件已损坏，请报告这个问题") }
        // Wide tables in sections of their own, copies of the reference document's, which
        // pandoc gives the document's last section. A first page number belongs to the first
        // section: the one before the first wide table when there is one.
        let firstPortrait = try pages.firstPage.map { try sectioned(section.portrait, pages: Pages(firstPage: $0), failure: failure) }
        let text = landscaped(markdown, sectionEnd: section, firstPortrait: firstPortrait)
        let lastSection = text == markdown ? pages : Pages(firstPage: nil, numbered: pages.numbered)
        do {
            try Data(text.utf8).write(to: source)
            try referenceDocument(base, pages: lastSection, failure: failure).write(to: reference)
        } catch let error as OutputWriteFailure {
            throw error
        } catch { throw failure("无法写入临时文件：\(error.localizedDescription)") }
        try pandoc.run(
            ["--from", format, "--to", "docx", "--reference-doc", reference.path, "--output", result.path, source.path], in: folder.url,
            environment: ["SOURCE_DATE_EPOCH": String(Int(created.timeIntervalSince1970))], failure: failure)
        // A DOCX is a zip file: its first bytes are a zip entry's signature.
        guard let data = try? Data(contentsOf: result), data.count > 4, data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]) else {
            throw failure("pandoc 没有写出 Word 文档")
        }
        return data
    }

    /// The body (`word/document.xml`) of a reference document.
    static func documentPart(of data: Data) throws -> String? {
        let archive = try Archive(data: data, accessMode: .read)
        guard let entry = archive["word/document.xml"] else { return nil }
        var content = Data()
        _ = try archive.extract(entry) { content.append($0) }
        return String(data: content, encoding: .utf8)
    }

    /// A reference document (`data`) with its page numbering as `pages` asks. pandoc takes the
    /// document's page setup from the reference's last section properties (`w:sectPr`): a first
    /// page number is a `w:pgNumType` there, a page without a number one without the footer's
    /// reference. Those two edits are made to that one element of the reference, which
    /// python-docx made (Scripts/make-reference-docx); pandoc writes everything else.
    static func referenceDocument(_ data: Data, pages: Pages, failure: (String) -> OutputWriteFailure) throws -> Data {
        if pages == Pages() { return data }
        do {
            let original = try Archive(data: data, accessMode: .read)
            let copy = try Archive(accessMode: .create)
            for entry in original {
                var content = Data()
                _ = try original.extract(entry) { content.append($0) }
                if entry.path == "word/document.xml" {
                    guard let text = String(data: content, encoding: .utf8) else { throw failure("内置的 Word 样式文件已损坏，请报告这个问题") }
                    content = Data(try sectioned(text, pages: pages, failure: failure).utf8)
                }
                try copy.addEntry(
                    with: entry.path, type: .file, uncompressedSize: Int64(content.count), modificationDate: Date(timeIntervalSince1970: 0),
                    compressionMethod: .deflate,
                    provider: { position, size in content.subdata(in: Int(position)..<Int(position) + size) })
            }
            guard let written = copy.data else { throw failure("无法写出 Word 样式文件") }
            return written
        } catch let error as OutputWriteFailure {
            throw error
        } catch { throw failure("无法改写内置的 Word 样式文件：\(error)") }
    }

    /// `document` (the reference's body) with its last section numbered as `pages` asks.
    static func sectioned(_ document: String, pages: Pages, failure: (String) -> OutputWriteFailure) throws -> String {
        guard let open = document.range(of: "<w:sectPr", options: .backwards),
            let close = document.range(of: "</w:sectPr>", range: open.upperBound..<document.endIndex),
            let margins = document.range(of: "<w:pgMar ", range: open.upperBound..<close.lowerBound),
            let marginsEnd = document.range(of: "/>", range: margins.upperBound..<close.lowerBound)
        else { throw failure("内置的 Word 样式文件没有页面设置，请报告这个问题") }
        var section = String(document[open.lowerBound..<close.upperBound])
        // After the margins, as the schema orders a section's properties.
        if let first = pages.firstPage {
            let offset = document.distance(from: open.lowerBound, to: marginsEnd.upperBound)
            section.insert(contentsOf: "<w:pgNumType w:start=\"\(first)\"/>", at: section.index(section.startIndex, offsetBy: offset))
        }
        if !pages.numbered {
            while let footer = section.range(of: "<w:footerReference "),
                let end = section.range(of: "/>", range: footer.upperBound..<section.endIndex)
            {
                section.removeSubrange(footer.lowerBound..<end.upperBound)
            }
        }
        return document.replacingCharacters(in: open.lowerBound..<close.upperBound, with: section)
    }

    /// A table of more columns than this (the procurement budget's 16) is printed landscape:
    /// on a portrait A4 page its text columns are 2–3 characters wide.
    static let landscapeColumns = 8

    /// The ends of a portrait and of a landscape section as raw OpenXML paragraphs, made from
    /// the reference document's last `<w:sectPr>` (its header with 未经校验 while unchecked, its
    /// footer with the page number, its margins): the landscape one with the page turned.
    static func sectionEnd(_ document: String) -> (portrait: String, landscape: String)? {
        guard let start = document.range(of: "<w:sectPr", options: .backwards),
            let end = document.range(of: "</w:sectPr>", range: start.lowerBound..<document.endIndex)
        else { return nil }
        let portrait = String(document[start.lowerBound..<end.upperBound])
        guard let size = portrait.firstMatch(of: /<w:pgSz w:w="(\d+)" w:h="(\d+)"\s*\/>/) else { return nil }
        let turned = "<w:pgSz w:w=\"\(size.output.2)\" w:h=\"\(size.output.1)\" w:orient=\"landscape\"/>"
        let landscape = portrait.replacingCharacters(in: size.range, with: turned)
        // An empty paragraph 1 point high: it never takes a page of its own.
        let tiny = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/><w:rPr><w:sz w:val=\"2\"/></w:rPr>"
        func paragraph(_ section: String) -> String { "```{=openxml}\n<w:p><w:pPr>\(tiny)\(section)</w:pPr></w:p>\n```" }
        return (paragraph(portrait), paragraph(landscape))
    }

    /// `markdown` with each table of more than ``landscapeColumns`` columns in a landscape
    /// section of its own, with what leads to it (up to three one-line paragraphs above, back
    /// to its heading: “六、政府采购预算情况”, the sentence that introduces it, “单位：万元”); its
    /// columns as wide as their text (the widest 24 characters), so that names wrap on one or
    /// two lines. What follows the table goes on on a portrait page.
    ///
    /// A table is told by its delimiter row (“| --- | ---: |”), which only ``Narrative``'s
    /// tables write: a clerk's “|” is escaped.
    /// `firstPortrait`: the end of the first section (before the first wide table), when it
    /// differs from the others' (it carries the document's first page number).
    static func landscaped(_ markdown: String, sectionEnd: (portrait: String, landscape: String), firstPortrait: String? = nil) -> String {
        var lines = markdown.components(separatedBy: "\n")
        var wide: [(start: Int, end: Int)] = []
        var index = 1
        while index < lines.count {
            let columns = lines[index].wholeMatch(of: /\|( -{3,}:? \|)+/) == nil ? 0 : lines[index].count { $0 == "|" } - 1
            guard columns > landscapeColumns, lines[index - 1].hasPrefix("| ") else {
                index += 1
                continue
            }
            var end = index + 1
            while end < lines.count, lines[end].hasPrefix("| ") { end += 1 }
            lines[index] = delimiter(lines[index - 1..<end])
            // Up to three one-line paragraphs above, back to a heading, and no table's row.
            var start = index - 1
            for _ in 0..<3 {
                guard start >= 2, lines[start - 1].isEmpty, !lines[start - 2].isEmpty, start < 3 || lines[start - 3].isEmpty,
                    !lines[start - 2].hasPrefix("|"), !lines[start - 2].hasPrefix("`")
                else { break }
                start -= 2
                if lines[start].hasPrefix("#") { break }
            }
            // Next to the wide table before it (blank lines between): one landscape section.
            if let last = wide.last, lines[last.end..<start].allSatisfy(\.isEmpty) {
                wide[wide.count - 1].end = end
            } else {
                wide.append((start, end))
            }
            index = end
        }
        for (index, table) in wide.enumerated().reversed() {
            lines.insert(contentsOf: ["", sectionEnd.landscape, ""], at: table.end)
            lines.insert(contentsOf: ["", index == 0 ? firstPortrait ?? sectionEnd.portrait : sectionEnd.portrait, ""], at: table.start)
        }
        return lines.joined(separator: "\n")
    }

    /// A pipe table's delimiter row whose dashes give each column its share of the width (as
    /// pandoc reads them when a line is longer than 72 characters): its widest text in
    /// display columns (a full-width character 2) in the body (a heading wraps), 6 to 24, the
    /// alignment kept.
    static func delimiter(_ table: ArraySlice<String>) -> String {
        let rows = table.map { $0.dropFirst(2).dropLast(2).components(separatedBy: " | ") }
        let delimiter = rows[1]
        func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E7F ? 2 : 1) } }
        let widths: [Int] = delimiter.indices.map { column in
            rows.dropFirst(2).map { row in row.indices.contains(column) ? width(row[column]) : 0 }.max() ?? 0
        }
        let cells = zip(delimiter, widths).map { mark, width in
            String(repeating: "-", count: min(max(width, 6), 24)) + (mark.hasSuffix(":") ? ":" : "")
        }
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// Whether `output` names a Word document.
    static func isDocx(_ output: String) -> Bool {
        output.lowercased().hasSuffix(".docx")
    }
}
