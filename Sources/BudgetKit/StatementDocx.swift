import Foundation
import ZIPFoundation

/// The statement as a Word document: pandoc converts its Markdown (the same text `narrative`
/// writes as `.md`), styled by a reference document made once by `Scripts/make-reference-docx`
/// (A4, 仿宋 body, 黑体 headings, “— N —” page numbers; the unchecked one adds 未经校验 to every
/// page's header). Pipe tables become Word tables. Nothing here writes XML: pandoc does.
enum StatementDocx {
    /// pandoc's Markdown with what would change the statement's text turned off: smart quotes
    /// (“--” into a dash), `$…$` as mathematics, `~`/`^` as sub- and superscripts, raw HTML and
    /// TeX, heading identifiers (bookmarks), a lone image as a figure.
    static let inputFormat =
        "markdown-smart-tex_math_dollars-subscript-superscript-raw_html-raw_tex-raw_attribute-auto_identifiers-implicit_figures"

    /// The same Markdown, with raw OpenXML taken: for the published document's cover and 目录,
    /// which the program writes whole (a tab before each page number), every text in it escaped.
    static let frontFormat = inputFormat.replacingOccurrences(of: "-raw_attribute", with: "")

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
        do {
            try Data(markdown.utf8).write(to: source)
            try referenceDocument(style, pages: pages, failure: failure).write(to: reference)
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

    /// The reference document of `style`, its page numbering as `pages` asks. pandoc takes the
    /// document's page setup from the reference's last section properties (`w:sectPr`): a first
    /// page number is a `w:pgNumType` there, a page without a number one without the footer's
    /// reference. Those two edits are made to that one element of the reference, which
    /// python-docx made (Scripts/make-reference-docx); pandoc writes everything else.
    static func referenceDocument(_ style: Style, pages: Pages, failure: (String) -> OutputWriteFailure) throws -> Data {
        guard let data = Data(base64Encoded: style.base64, options: .ignoreUnknownCharacters) else {
            throw failure("内置的 Word 样式文件已损坏，请报告这个问题")
        }
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

    /// Whether `output` names a Word document.
    static func isDocx(_ output: String) -> Bool {
        output.lowercased().hasSuffix(".docx")
    }
}
