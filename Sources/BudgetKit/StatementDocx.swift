import BudgetXLSX
import Foundation

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

    /// The DOCX of `markdown`, made by pandoc. The same Markdown gives the same bytes: pandoc
    /// dates the file's parts (zip entries, core properties) from SOURCE_DATE_EPOCH, here
    /// 1 January of the budget year.
    static func render(markdown: String, unchecked: Bool, created: Date, output: String) throws -> Data {
        guard let pandoc = executable("pandoc") else {
            throw OutputWriteFailure(
                file: output,
                message: "没有写成 Word 文档：找不到 pandoc（把情况说明转成 .docx 要用它）。请先安装：apt-get install pandoc（不是管理员时用 sudo apt-get install pandoc）；或写成 .md")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("budget-docx-\(UUID().uuidString)")
        func failure(_ what: String) -> OutputWriteFailure { OutputWriteFailure(file: output, message: "没有写成 Word 文档：\(what)") }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false) } catch {
            throw failure("无法新建临时文件夹 \(folder.path)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("statement.md")
        let reference = folder.appendingPathComponent("reference.docx")
        let result = folder.appendingPathComponent("statement.docx")
        let style = unchecked ? EmbeddedStatementStyles.referenceUnchecked : EmbeddedStatementStyles.reference
        guard let styleData = Data(base64Encoded: style, options: .ignoreUnknownCharacters) else {
            throw failure("内置的 Word 样式文件已损坏，请报告这个问题")
        }
        do { try styleData.write(to: reference) } catch { throw failure("无法写入临时文件：\(error.localizedDescription)") }
        // The reference document's section, which pandoc gives the document's last section.
        guard let part = try? XLSXPackage.part(reference.path, "word/document.xml"),
            let section = sectionEnd(String(decoding: part, as: UTF8.self))
        else { throw failure("内置的 Word 样式文件已损坏，请报告这个问题") }
        do { try Data(landscaped(markdown, sectionEnd: section).utf8).write(to: source) } catch {
            throw failure("无法写入临时文件：\(error.localizedDescription)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: pandoc)
        process.arguments = [
            "--from", inputFormat, "--to", "docx", "--reference-doc", reference.path, "--output", result.path, source.path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = String(Int(created.timeIntervalSince1970))
        process.environment = environment
        let errors = folder.appendingPathComponent("pandoc.err")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil), let errorFile = try? FileHandle(forWritingTo: errors) else {
            throw failure("无法写入临时文件 \(errors.path)")
        }
        defer { try? errorFile.close() }
        process.standardError = errorFile
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw failure("无法运行 pandoc（\(pandoc)）：\(error.localizedDescription)") }
        process.waitUntilExit()
        let said = ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            throw failure("pandoc 出错（退出码 \(process.terminationStatus)）\(said.isEmpty ? "" : "：\(said)")")
        }
        // A DOCX is a zip file: its first bytes are a zip entry's signature.
        guard let data = try? Data(contentsOf: result), data.count > 4, data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]) else {
            throw failure("pandoc 没有写出 Word 文档\(said.isEmpty ? "" : "：\(said)")")
        }
        return data
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
    static func landscaped(_ markdown: String, sectionEnd: (portrait: String, landscape: String)) -> String {
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
        for table in wide.reversed() {
            lines.insert(contentsOf: ["", sectionEnd.landscape, ""], at: table.end)
            lines.insert(contentsOf: ["", sectionEnd.portrait, ""], at: table.start)
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

    /// The first executable `name` on PATH.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(folder)/\(name)"
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }
}
