import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension Workbench {
    // MARK: - CSV

    public typealias ImportSummary = LineItemCSV.Summary

    /// Imports line items from CSV in one transaction: every row is checked, and either all are
    /// written or none. The file is read in pieces on another thread while this one writes the
    /// rows, so its size does not change the memory needed.
    public static func importItems(
        _ path: String, from csvPath: String, unit: Money.InputUnit, encoding: EncodingChoice? = nil, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let project = try ProjectFile.open(at: path)
        let file = try InputFile(csvPath)
        let fileName = URL(fileURLWithPath: csvPath).lastPathComponent
        if try file.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw InputProblem(file: fileName, message: compoundDocumentMessage)
        }
        // A file that proves not to be UTF-8 rolls its transaction back and is imported again as
        // GB18030, what Excel and WPS save on Chinese Windows (unless the clerk named the encoding).
        return try TextStream.withPlans(for: encoding) { plan in
            try importItems(into: project, from: file, fileName: fileName, plan: plan, unit: unit, progress: progress)
        }
    }

    static func importItems(
        into project: ProjectFile, from file: InputFile, fileName: String, plan: TextStream.Plan, unit: Money.InputUnit,
        progress: ((Int, Int) -> Void)?
    ) throws -> ImportSummary {
        // Past about 50,000 rows, building the indexes once at the end is faster.
        let bulk = file.size > 2_500_000
        return try project.write(bulk: bulk) { writer in
            let context = try context(writer.reader)
            if bulk { try writer.dropItemIndexes() }
            let inserter = try writer.inserter()
            let pipeline = Pipeline<ItemBatch>()
            let outcome = Handoff<Result<LineItemCSV.Summary, any Error>>()
            let report = progress.map { report in UncheckedSendable(report) }
            let source = file.source
            Thread.detachNewThread {
                let result = Result {
                    try LineItemCSV.read(source, plan: plan, fileName: fileName, unit: unit, context: context, progress: report?.value) { batch in
                        guard pipeline.push(batch) else { throw CancellationError() }
                    }
                }
                pipeline.finish()
                outcome.set(result)
            }
            do {
                while let batch = pipeline.pop() { try inserter.insert(batch) }
            } catch {
                pipeline.cancel()
                _ = outcome.wait()
                throw error
            }
            let summary = try outcome.wait().get()
            do {
                try inserter.finish()
            } catch var problem as InputProblem {
                problem.file = fileName
                throw InputProblems([problem])
            }
            if bulk { try writer.restoreItemIndexes() }
            try writer.setCodeNames(summary.newCodeNames, origin: .user)
            return summary
        }
    }

    /// Carries a closure the caller promises to use from one thread at a time.
    struct UncheckedSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Writes every line item as CSV (UTF-8 with BOM, so Excel opens it as Chinese text).
    public static func exportCSV(_ path: String, to output: String, overwrite: Bool = false) throws -> Int {
        var text = ""
        var count = 0
        try ProjectFile.open(at: path).read { reader in
            // Names of codes the bundled catalog lacks travel with the items; the codes in use
            // are those of the kept totals.
            let data = try reader.data()
            let bundled = data.codes.bundled
            let needsNames =
                data.functionalTotals.contains { bundled.name(.functional, $0.functional) == nil }
                || data.economicTotals.contains { bundled.name(.economic, $0.economic) == nil }
            let names = needsNames ? data.codes : nil
            text = LineItemCSV.header(names: names)
            try reader.forEachItem { item in
                text += LineItemCSV.row(item, names: names)
                count += 1
            }
        }
        try writeAtomically(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), to: output, overwrite: overwrite)
        return count
    }

    /// Temp file in a staging folder beside the target, fsync, rename: a failure leaves the old
    /// file as it was, and every message names its cause from errno (a full disk, no write
    /// permission, a name too long). Another user's or a read-only file is replaced only with
    /// `overwrite`.
    static func writeAtomically(_ data: Data, to path: String, overwrite: Bool = false) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw OutputWriteFailure(file: path, message: "这是一个文件夹，不能写成文件") }
            // A pipe, a terminal or /dev/stdout: written straight through, never read first (a
            // read of one's own output would wait forever) and never replaced by a rename.
            if info.st_mode & S_IFMT != S_IFREG { return try writeThrough(data, to: path) }
            if isProjectFile(path) {
                throw OutputWriteFailure(file: path, message: "目标是一个项目文件，写入会覆盖它：请换一个文件名")
            }
            if !overwrite, let problem = ReplacePermission.problem(path) { throw OutputWriteFailure(file: path, message: problem) }
        }
        func failure(_ action: String, _ code: Int32 = errno) -> OutputWriteFailure {
            OutputWriteFailure(file: path, message: "无法写入（\(action)）：\(FileSystemReason.describe(code))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let staging: StagingFolder
        do { staging = try StagingFolder.create(in: folder) } catch { throw failure(error.action, error.code) }
        defer { staging.remove() }
        let temporary = staging.newFile(extension: "part")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure("新建临时文件") }
        var written = 0
        let code: Int32? = data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(fd) == 0 ? nil : errno
        }
        let closed = close(fd) == 0 ? nil : errno
        if let code = code ?? closed { throw failure("写入", code) }
        guard rename(temporary, path) == 0 else { throw failure("替换目标文件") }
        syncToDisk(folder)
    }

    /// Whether `path` is a regular file (following links): only those are read or renamed over.
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// Writes to a special file (a pipe, a terminal, /dev/stdout) as it is.
    static func writeThrough(_ data: Data, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw OutputWriteFailure(file: path, message: "无法写入：\(FileSystemReason.describe(errno))")
        }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw OutputWriteFailure(file: path, message: "无法写入：\(error.localizedDescription)")
        }
    }
}
