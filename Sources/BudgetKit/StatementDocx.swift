import Foundation

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
        do {
            try Data(markdown.utf8).write(to: source)
            try styleData.write(to: reference)
        } catch { throw failure("无法写入临时文件：\(error.localizedDescription)") }

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
