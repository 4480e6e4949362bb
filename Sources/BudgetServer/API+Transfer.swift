import BudgetKit
import BudgetModel
import BudgetReports
import Foundation
import HTTPTypes
import Hummingbird

/// Files in and out of the workbench: the disclosure workbook and the published PDF as
/// downloads (written by the session's `export` and `publish` into a temporary folder, then
/// sent), and an items CSV or a draft workbook as an upload (`importItems`, `importWorkbook`:
/// the same strict importers as `budget import`, all or nothing).
///
/// A download is asked by POST (the CSRF token in its header, as every write), or by GET with
/// the token as `csrf=` in the address: another site can make a browser follow a link, but it
/// cannot read the page's token, so it cannot start a download (or the minutes of a PDF).
extension API {
    /// The largest file accepted as an upload.
    static let uploadLimit = 32 << 20

    func addTransferRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/export/workbook", use: answering(exportWorkbook))
        router.post("/api/export/workbook", use: answering(exportWorkbook))
        router.get("/api/export/pdf", use: answering(exportPDF))
        router.post("/api/export/pdf", use: answering(exportPDF))
        router.post("/api/import", use: answering(importFile))
    }

    /// A GET download carries the page's CSRF token in its address (a POST's was checked by the guard).
    func downloadAllowed(_ request: Request) throws {
        guard request.method == .get else { return }
        guard let given = request.uri.queryParameters.get("csrf"), Guard<BasicRequestContext>.same(given, keys.csrf) else {
            throw ServerFailure.forbidden("拒绝下载：请求缺少页面的防伪令牌（CSRF），请在工作台页面上点“导出”")
        }
    }

    /// What a refused export is answered with: the refusal and each error the check found.
    struct RefusedJSON: Encodable {
        var error: String
        var findings: [String]
    }

    func exportWorkbook(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try downloadAllowed(request)
        let resident = try resident(request)
        let force = request.uri.queryParameters.get("force") == "1"
        return try await download(resident, what: "部门预算公开表", fileExtension: "xlsx", force: force) { session, path in
            try session.export(to: path, force: force).reports.department
        }
    }

    func exportPDF(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try downloadAllowed(request)
        let resident = try resident(request)
        let force = request.uri.queryParameters.get("force") == "1"
        return try await download(resident, what: "部门预算公开文件", fileExtension: "pdf", force: force) { session, path in
            try session.publish(to: path, force: force).check.reports.department
        }
    }

    static let contentTypes = ["xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"]

    /// Runs `make` (which writes the file at the path it is given) on a copy of the project, so
    /// that edits do not wait for a long export; then streams the file,
    /// named “石家庄…行政服务局2023年部门预算公开表.xlsx” (“（未经校验）” when forced).
    func download(
        _ resident: Resident, what: String, fileExtension: String, force: Bool,
        make: @escaping @Sendable (ProjectSession, String) throws -> Department
    ) async throws -> Response {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("budget-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.\(fileExtension)").path
        let department: Department
        do {
            department = try await resident.runOnCopy { session in try make(session, path) }
        } catch let refused as ExportRefused {
            let errors = refused.result.findings.filter { $0.severity == .error }
            let format = refused.result.reports.format
            let text = PageText.exportRefusal(refused.description)
            return JSON.response(
                RefusedJSON(error: text, findings: errors.prefix(200).map { $0.describe(format: format) }), status: .conflict)
        } catch let failure as OutputWriteFailure {
            // The file it names is this server's temporary one: only the reason is the clerk's.
            return JSON.response(ErrorBody(error: ErrorAnswer.clean(failure.message, root: workspace.root)), status: .serviceUnavailable)
        }
        // Opened, then its folder removed (the open file stays readable), then sent in pieces.
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let size = Int(try file.seekToEnd())
        try file.seek(toOffset: 0)
        let name = Self.fileName(department, what: what, unchecked: force, fileExtension: fileExtension)
        return Response(
            status: .ok,
            headers: [
                .contentType: Self.contentTypes[fileExtension] ?? "application/octet-stream", .cacheControl: "no-store",
                .contentDisposition: Self.contentDisposition(name, fallback: "budget-\(department.year).\(fileExtension)"),
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ],
            body: ResponseBody(contentLength: size) { writer in
                defer { try? file.close() }
                while let chunk = try file.read(upToCount: 1 << 16), !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
    }

    /// “部门名称2023年部门预算公开表.xlsx”, without characters a file name cannot have.
    static func fileName(_ department: Department, what: String, unchecked: Bool, fileExtension: String) -> String {
        let name = department.name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !"/\\:*?\"<>|".unicodeScalars.contains($0) }
        return String(String.UnicodeScalarView(name.prefix(80))) + "\(department.year)年\(what)" + (unchecked ? "（未经校验）" : "") + ".\(fileExtension)"
    }

    /// `attachment` with the name in UTF-8 as RFC 5987 (and RFC 6266) give it, and a plain
    /// ASCII name for any client that does not read `filename*`.
    static func contentDisposition(_ name: String, fallback: String) -> String {
        // attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    // MARK: - Import

    /// A located problem of an imported file: the file, its line or its sheet and cell, the
    /// column and the value, as `budget import` names them.
    struct ImportProblemJSON: Encodable {
        var file: String?
        var line: Int?
        var place: String?
        var column: String?
        var value: String?
        var message: String
        /// The whole problem as the command line prints it.
        var text: String
    }

    struct ImportRefusedJSON: Encodable {
        var error: String
        var problems: [ImportProblemJSON]
    }

    struct ImportedJSON: Encodable {
        var kind: String
        var lines: [String]
        var snapshot: String?
        var writes: Int64
    }

    /// The file's own name as the clerk chose it (its last part, no control characters), so that
    /// messages name it; never a path of the server.
    static func uploadName(_ given: String?) -> String {
        let last = (given ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(120)))
        return clean.isEmpty || clean.hasPrefix(".") ? "上传的文件" : clean
    }

    /// An items CSV or a draft workbook (told apart by its content, as `budget import` does),
    /// sent as the request's body; `name=` is its file name, `mode=` add or replace (CSV adds by
    /// default; a workbook without either imports parts the project does not have yet), `unit=wan`
    /// when its amounts are in 万元.
    func importFile(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let parameters = request.uri.queryParameters
        let name = Self.uploadName(parameters.get("name"))
        let mode = parameters.get("mode") ?? ""
        guard ["", "add", "replace"].contains(mode) else { throw ServerFailure.bad("导入方式应为 add（添加）或 replace（替换）") }
        let unit = try Self.amountUnit(parameters.get("unit"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("budget-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try await Self.save(request.body, to: path)
        let workbook = InputFiles.isWorkbook(path)
        do {
            let (answer, writes) = try await write(resident, origin: "import") { session in
                if workbook { return try Self.importWorkbook(session, path, name: name, mode: mode, unit: unit) }
                return try Self.importItems(session, path, mode: mode, unit: unit)
            }
            return JSON.response(ImportedJSON(kind: workbook ? "workbook" : "csv", lines: answer.lines, snapshot: answer.snapshot, writes: writes))
        } catch let problems as InputProblems {
            return refusal(problems.problems, all: problems.description)
        } catch let problem as InputProblem {
            return refusal([problem], all: problem.description + "\n没有写入任何内容。")
        }
    }

    /// Writes an upload to `path` as it arrives (never the whole file in memory), refusing it
    /// past ``uploadLimit`` or when empty.
    static func save(_ body: RequestBody, to path: String) async throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw ServerFailure.bad("无法保存上传的文件，没有导入")
        }
        defer { try? file.close() }
        var size = 0
        for try await chunk in body {
            size += chunk.readableBytes
            if size > uploadLimit {
                throw ServerFailure.tooLarge("上传的文件太大（上限 \(uploadLimit >> 20) MB），没有导入。大文件请用命令 budget import 导入")
            }
            try file.write(contentsOf: chunk.readableBytesView)
        }
        if size == 0 { throw ServerFailure.bad("没有收到文件：请选择要导入的 CSV 或工作簿") }
    }

    func refusal(_ problems: [InputProblem], all: String) -> Response {
        let root = workspace.root
        let clean = { (text: String?) in text.map { ErrorAnswer.clean($0, root: root) } }
        let first = all.split(separator: "\n").last.map(String.init) ?? all
        return JSON.response(
            ImportRefusedJSON(
                error: "导入被拒绝：" + ErrorAnswer.clean(first, root: root),
                problems: problems.prefix(InputProblems.listLimit).map { problem in
                    ImportProblemJSON(
                        file: clean(problem.file), line: problem.line,
                        place: problem.sheet.map { sheet in problem.cell.map { "\(sheet)!\($0)" } ?? sheet }, column: problem.column,
                        value: problem.value.map { Shown.text($0) }, message: ErrorAnswer.clean(problem.message, root: root),
                        text: ErrorAnswer.clean(problem.description, root: root))
                }),
            status: .unprocessableContent)
    }

    struct ImportAnswer: Sendable {
        var lines: [String]
        var snapshot: String?
    }

    static func importItems(_ session: ProjectSession, _ path: String, mode: String, unit: Money.InputUnit) throws -> ImportAnswer {
        let summary = try session.importItems(from: path, unit: unit, replace: mode == "replace")
        var lines: [String] = []
        if summary.replacedItems > 0 { lines.append("用文件中的明细替换了项目中原有的 \(summary.replacedItems) 条明细。") }
        lines.append("已导入 \(summary.itemCount) 条明细，合计 \(Money.groupedYuan(summary.total)) 元（\(Money.formatWan(summary.total)) 万元）。")
        if !summary.newProjects.isEmpty {
            lines.append("新建 \(summary.newProjects.count) 个项目：\(summary.newProjects.prefix(20).joined(separator: "；"))")
        }
        for entry in summary.newCodeNames { lines.append("提醒：\(entry.kind.chineseName) \(entry.code)“\(entry.name)”不在目录中，已按文件中的名称记录。") }
        if let warning = summary.scaleWarning { lines.append("提醒：" + warning + "。") }
        if !summary.repeated.isEmpty {
            lines.append("提醒：文件中的第 \(summary.repeated.prefix(20).map(String.init).joined(separator: "、")) 条明细在导入前项目中已经有了，请核对是否重复导入。")
        }
        if let saved = summary.savedAs { lines.append("导入前的内容已保存为快照“\(saved)”，可在“快照”中恢复。") }
        return ImportAnswer(lines: lines, snapshot: summary.savedAs)
    }

    static func importWorkbook(_ session: ProjectSession, _ path: String, name: String, mode: String, unit: Money.InputUnit) throws
        -> ImportAnswer
    {
        let result = try session.importWorkbook(from: path, unit: unit, replace: mode == "replace", add: mode == "add")
        let verb = result.replaced ? "替换了" : result.added ? "添加了" : "导入了"
        var lines = ["已导入工作簿 \(name)（\(verb)：\(result.parts.joined(separator: "、"))）。"]
        if result.parts.contains("预算明细") {
            lines.append("预算明细 \(result.items) 条，合计 \(Money.groupedYuan(result.total)) 元（\(Money.formatWan(result.total)) 万元）。")
        }
        if !result.newProjects.isEmpty {
            lines.append("由预算明细新建 \(result.newProjects.count) 个项目：\(result.newProjects.prefix(20).joined(separator: "；"))")
        }
        if let warning = result.scaleWarning { lines.append("提醒：" + warning + "。") }
        for sheet in result.skippedSheets { lines.append("提醒：工作表“\(Shown.text(sheet))”的列名不是可识别的格式，没有导入。") }
        if !result.ignoredSheets.isEmpty {
            lines.append("提醒：添加时只添加单位、项目、预算明细、绩效指标和政府采购；工作表\(result.ignoredSheets.map { "“\(Shown.text($0))”" }.joined(separator: "、"))没有导入。")
        }
        if let snapshot = result.snapshot { lines.append("导入前的内容已保存为快照“\(snapshot)”，可在“快照”中恢复。") }
        return ImportAnswer(lines: lines, snapshot: result.snapshot)
    }
}
