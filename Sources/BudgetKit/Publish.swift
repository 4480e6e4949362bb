import BudgetModel
import BudgetReports
import BudgetXLSX
import Foundation

/// What `budget publish` made: the page count and the 目录, each part with the page it starts on.
public struct Publication: Sendable {
    public struct Entry: Sendable, Equatable {
        public var title: String
        public var page: Int
    }

    public var pages: Int
    /// The cover and the 目录: pages 1 to this.
    public var frontPages: Int
    /// The template's tables, each where its title is printed.
    public var tables: [Entry]
    /// The statement's sections, each where its heading is printed.
    public var statement: [Entry]
    public var check: CheckResult
}

extension ProjectSession {
    /// Writes the whole disclosure as one PDF, in the published order: the cover and the 目录,
    /// the template's tables, then the statement with its sections, performance tables,
    /// procurement, assets and glossary as the template orders them. Pages are numbered through
    /// the document (the cover and the 目录 first, unnumbered but counted), and the 目录 gives
    /// the page where each table and section is found printed. Refused while `check` finds
    /// errors unless `force`, which puts 未经校验 on every page. See ``PublishedDocument``.
    public func publish(
        to output: String, force: Bool, template: String? = nil, variant: String? = nil, overwrite: Bool = false
    ) throws -> Publication {
        // A target that would be refused is refused before the minutes of rendering.
        try OutputFiles.checkTarget(output, overwrite: overwrite)
        let result: CheckResult
        do { result = try checkedForExport(force: force, template: template, variant: variant) } catch var refused as ExportRefused {
            refused.output = "公开文件 PDF"
            throw refused
        }
        let (data, publication) = try PublishedDocument.make(result, output: output)
        try OutputFiles.writeAtomically(data, to: output, overwrite: overwrite)
        return publication
    }

    /// The statement's Markdown, opening with the 未经校验 warning while `check` finds errors
    /// (`of`: what the warning names).
    static func statementMarkdown(_ result: CheckResult, of what: String = "本情况说明") -> String {
        var text = result.narrative.markdown(result.reports)
        if let stamp = result.uncheckedStamp(of: what) {
            text = "> **\(stamp)**（请先用 budget check 查看并改正）\n\n" + text
        }
        return text
    }
}

/// The published PDF, made by kept engines and joined: the tables are the workbook's sheets
/// printed by LibreOffice Calc (as a clerk's office suite prints them, with the print layout of
/// ``PageSetup``), the statement is its Word document (pandoc) printed by LibreOffice Writer, and
/// the cover and 目录 are a Word document made the same way. Each part is numbered from the
/// page it starts on: the parts are printed in order, each once the pages before it are
/// counted; the 目录 is made last, from the pages where each title is found in the printed
/// text (poppler's pdftotext), and if it takes more pages than were left for it, the parts are
/// printed again. qpdf joins the parts, with an identifier computed from the content, so the
/// same project gives the same bytes.
enum PublishedDocument {
    static func make(_ result: CheckResult, output: String) throws -> (Data, Publication) {
        func failure(_ what: String) -> OutputWriteFailure { OutputWriteFailure(file: output, message: "没有写成 PDF：\(what)") }
        let purpose = "没有写成 PDF"
        let office = try ExternalTool.find(
            "soffice", package: "libreoffice-calc-nogui libreoffice-writer-nogui", purpose: purpose, output: output)
        let pdftotext = try ExternalTool.find("pdftotext", package: "poppler-utils", purpose: purpose, output: output)
        let qpdf = try ExternalTool.find("qpdf", package: "qpdf", purpose: purpose, output: output)
        let folder = try WorkFolder("budget-publish", failure: failure)
        defer { folder.remove() }

        let reports = result.reports
        let words = reports.publication
        let created = OutputFiles.pinnedDate(reports.department.year)
        let unchecked = result.errorCount > 0
        let style: StatementDocx.Style = unchecked ? .publicationUnchecked : .statement
        let tables = reports.templateTables
        let statement = ProjectSession.statementMarkdown(result)
        let headings = result.narrative.sections.map(\.heading).filter { !$0.isEmpty }

        // LibreOffice with a profile of its own: another LibreOffice running (a clerk's, or a
        // second publish) neither receives the work nor locks this one out.
        let profile = "file://" + folder.file("profile").path
        // The Word documents name the 公文 fonts (仿宋, 黑体, 楷体) as Windows has them; where they
        // are missing, fontconfig is told which installed face stands in for each (``fontAliases``)
        // rather than giving every one the same sans face. The tables' 宋体 is left as the print
        // layout measured it.
        let fonts = folder.file("fonts.conf")
        do { try Data(fontAliases.utf8).write(to: fonts) } catch { throw failure("无法写入临时文件 \(fonts.path)") }
        func print(_ file: URL) throws -> [String] {
            try office.run(
                [
                    "-env:UserInstallation=\(profile)", "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
                    folder.url.path,
                    file.path,
                ], in: folder.url, environment: file.pathExtension == "docx" ? ["FONTCONFIG_FILE": fonts.path] : [:], failure: failure)
            let pdf = file.deletingPathExtension().appendingPathExtension("pdf")
            guard FileManager.default.fileExists(atPath: pdf.path) else {
                throw failure("LibreOffice 没有把 \(file.lastPathComponent) 转成 PDF")
            }
            return try pageTexts(pdf)
        }
        func pageTexts(_ pdf: URL) throws -> [String] {
            let text = try pdftotext.run(["-layout", "-enc", "UTF-8", pdf.path, "-"], in: folder.url, failure: failure)
            var pages = text.components(separatedBy: "\u{0C}")
            if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
            return pages
        }

        var frontPages = 2
        for _ in 0..<3 {
            let tablesFirst = frontPages + 1
            let workbook = folder.file("tables.xlsx")
            try? FileManager.default.removeItem(at: workbook)
            do {
                try WorkbookWriter.export(
                    tables, to: workbook.path,
                    options: WorkbookOptions(created: created, uncheckedStamp: result.uncheckedStamp(of: "本文件"), pages: .part(from: tablesFirst)))
            } catch { throw failure("表格没有写成：\(error)") }
            let tablePages = try print(workbook)
            let tableEntries = try locate(tables.tables.map(\.title), in: tablePages, from: tablesFirst, failure: failure)

            let statementFirst = tablesFirst + tablePages.count
            let document = folder.file("statement.docx")
            try StatementDocx.render(
                markdown: statement, style: style, pages: StatementDocx.Pages(firstPage: statementFirst), created: created, output: output
            ).write(to: document)
            let statementPages = try print(document)
            let sectionEntries = try locate(headings, in: statementPages, from: statementFirst, failure: failure)

            let front = folder.file("front.docx")
            try StatementDocx.render(
                markdown: frontMatter(words, tables: tableEntries, statement: sectionEntries), style: style,
                pages: StatementDocx.Pages(numbered: false), created: created, output: output
            ).write(to: front)
            let printedFront = try print(front)
            guard printedFront.count == frontPages else {
                // The 目录 took more (or fewer) pages than were left for it: number the parts again.
                frontPages = printedFront.count
                continue
            }
            let joined = folder.file("published.pdf")
            try qpdf.run(
                [
                    "--empty", "--deterministic-id", "--pages", front.deletingPathExtension().path + ".pdf",
                    workbook.deletingPathExtension().path + ".pdf", document.deletingPathExtension().path + ".pdf", "--", joined.path,
                ],
                in: folder.url, failure: failure)
            let total = frontPages + tablePages.count + statementPages.count
            // The joined file's page count from qpdf itself, not a second reading of its text.
            let counted = try qpdf.run(["--show-npages", joined.path], in: folder.url, failure: failure)
            guard let data = try? Data(contentsOf: joined), data.starts(with: Data("%PDF".utf8)),
                Int(counted.trimmingCharacters(in: .whitespacesAndNewlines)) == total
            else { throw failure("合并后的 PDF 页数不对") }
            return (
                data,
                Publication(pages: total, frontPages: frontPages, tables: tableEntries, statement: sectionEntries, check: result)
            )
        }
        throw failure("目录的页数定不下来")
    }

    /// A fontconfig file: the system's configuration, and for the fonts the Word documents name
    /// the installed faces of the same kind put first (a strong binding: LibreOffice asks with
    /// the text's language, which otherwise gives the Chinese sans face to all three) — 仿宋 and
    /// 楷体 a serif (楷体 the AR PL UKai of Debian's fonts-arphic-ukai when installed), 黑体 a
    /// sans — from Debian's fonts-noto-cjk. On a machine with the real fonts, they are used.
    static let fontAliases = """
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig>
          <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
          <match target="pattern"><test name="family"><string>仿宋</string></test>
            <edit name="family" mode="prepend" binding="strong"><string>FangSong</string><string>Noto Serif CJK SC</string></edit></match>
          <match target="pattern"><test name="family"><string>楷体</string></test>
            <edit name="family" mode="prepend" binding="strong"><string>KaiTi</string><string>AR PL UKai CN</string><string>Noto Serif CJK SC</string></edit></match>
          <match target="pattern"><test name="family"><string>黑体</string></test>
            <edit name="family" mode="prepend" binding="strong"><string>SimHei</string><string>Noto Sans CJK SC</string></edit></match>
        </fontconfig>
        """

    /// The page each title starts on, searched in order from the page the previous one was
    /// found on: a page with a line that reads as the title (spaces aside), else a page whose
    /// text holds it (a title wrapped over two lines). `first` is the number of the first page.
    static func locate(
        _ titles: [String], in pages: [String], from first: Int, failure: (String) -> OutputWriteFailure
    ) throws -> [Publication.Entry] {
        func squeezed(_ text: some StringProtocol) -> String { String(text.filter { !$0.isWhitespace }) }
        let lines = pages.map { $0.split(whereSeparator: \.isNewline).map(squeezed) }
        let whole = pages.map(squeezed)
        var entries: [Publication.Entry] = []
        var at = 0
        for title in titles {
            let wanted = squeezed(title)
            guard
                let page = (at..<pages.count).first(where: { lines[$0].contains(wanted) })
                    ?? (at..<pages.count).first(where: { whole[$0].contains(wanted) })
            else { throw failure("打印出的页面里找不到“\(title)”，无法编目录") }
            entries.append(Publication.Entry(title: title, page: first + page))
            at = page
        }
        return entries
    }

    /// The cover and the 目录, as Markdown for pandoc: each line a paragraph of one of the
    /// reference document's styles (封面首行, 封面标题, 目录标题, 目录分组, 目录项), each entry's
    /// page number after a tab that the style leads to with dots. Every text is escaped, so
    /// that only the tabs are raw OpenXML.
    static func frontMatter(_ words: PublicationSpec, tables: [Publication.Entry], statement: [Publication.Entry]) -> String {
        func escaped(_ text: String) -> String {
            var out = ""
            for character in text.replacingOccurrences(of: "\n", with: " ") {
                if character.isASCII && (character.isPunctuation || character.isSymbol) { out.append("\\") }
                out.append(character)
            }
            return out
        }
        func paragraphs(_ style: String, _ texts: [String]) -> String {
            "::: {custom-style=\"\(style)\"}\n" + texts.map(escaped).joined(separator: "\n\n") + "\n:::\n\n"
        }
        func entries(_ entries: [Publication.Entry]) -> String {
            "::: {custom-style=\"目录项\"}\n"
                + entries.map { escaped($0.title) + "`<w:r><w:tab/></w:r>`{=openxml}" + String($0.page) }.joined(separator: "\n\n") + "\n:::\n\n"
        }
        let cover = words.cover ?? []
        var out = ""
        if let first = cover.first { out += paragraphs("封面首行", [first]) }
        if cover.count > 1 { out += paragraphs("封面标题", Array(cover.dropFirst())) }
        out += paragraphs("目录标题", [words.contentsTitle ?? ""])
        out += paragraphs("目录分组", [words.tablesHeading ?? ""]) + entries(tables)
        out += paragraphs("目录分组", [words.statementHeading ?? ""]) + entries(statement)
        return out
    }
}
