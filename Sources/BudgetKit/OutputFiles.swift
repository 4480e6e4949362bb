import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

/// Writing what the clerk takes away: never half written, never over a folder or a project file.
enum OutputFiles {
    /// Temp file in a staging folder beside the target, fsync, rename: a failure leaves the old
    /// file as it was, and every message names its cause from errno (a full disk, no write
    /// permission, a name too long). Another user's or a read-only file is replaced only with
    /// `overwrite`.
    static func writeAtomically(_ data: Data, to path: String, overwrite: Bool = false) throws {
        if try !checkTarget(path, overwrite: overwrite) {
            // A pipe, a terminal or /dev/stdout: written straight through, never read first (a
            // read of one's own output would wait forever) and never replaced by a rename.
            return try writeThrough(data, to: path)
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

    /// Refuses a target that must not be written over (a folder, a project file, another user's
    /// or a read-only file without `overwrite`); returns false for a pipe or a device, which is
    /// written straight through. Also run before long work whose output it will receive.
    @discardableResult
    static func checkTarget(_ path: String, overwrite: Bool) throws -> Bool {
        switch FileKind.of(path) {
        case .missing: return true
        case .directory: throw OutputWriteFailure(file: path, message: "这是一个文件夹，不能写成文件")
        case .special: return false
        case .regular:
            if isProjectFile(path) {
                throw OutputWriteFailure(file: path, message: "目标是一个项目文件，写入会覆盖它：请换一个文件名")
            }
            if !overwrite, let problem = ReplacePermission.problem(path) { throw OutputWriteFailure(file: path, message: problem) }
            return true
        }
    }

    /// Whether `path` is a regular file (following links): only those are read or renamed over.
    static func isRegularFile(_ path: String) -> Bool {
        FileKind.of(path) == .regular
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

    /// Writes a text file (UTF-8) through a temporary file and a rename: never half written, and
    /// never over a folder or a project file.
    static func writeAtomically(_ text: String, to output: String) throws {
        try writeAtomically(Data(text.utf8), to: output)
    }

    static func isProjectFile(_ path: String) -> Bool {
        guard isRegularFile(path), let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8)
    }

    /// A unit's workbook's file name: “code name.xlsx”, usable on Windows and Linux, at most
    /// ``fileNameBytes`` bytes of UTF-8 (a long Chinese name is cut, by whole characters).
    static func unitFileName(_ unit: BudgetUnit) -> String {
        let ext = ".xlsx"
        return fitted("\(unit.code) \(fileSafe(unit.name))", bytes: fileNameBytes - ext.utf8.count) + ext
    }

    /// File names are limited to 255 bytes (NAME_MAX), not characters: a Chinese character takes
    /// 3. Names are kept below it so that a program opening the file can still add its own
    /// prefix (Excel's lock file `~$NAME`, a copy's “ - 副本”).
    static let fileNameBytes = 200

    /// The longest prefix of `text` of whole characters within `bytes` bytes of UTF-8.
    static func fitted(_ text: String, bytes: Int) -> String {
        var used = 0
        var result = ""
        for character in text {
            used += character.utf8.count
            if used > bytes { break }
            result.append(character)
        }
        return result
    }

    /// A name usable as a file name on Windows and Linux.
    static func fileSafe(_ name: String) -> String {
        String(name.map { "\\/:*?\"<>|".contains($0) || $0.isNewline ? "_" : $0 })
    }

    /// The creation date written into workbooks: 1 January of the budget year, UTC.
    static func pinnedDate(_ year: Int) -> Date {
        // Days from 1970-01-01 to 1 January of `year` (proleptic Gregorian), without a calendar
        // library: leap years are those divisible by 4, except centuries not divisible by 400.
        func leapDaysBefore(_ y: Int) -> Int { (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 }
        let days = (year - 1970) * 365 + leapDaysBefore(year) - leapDaysBefore(1970)
        return Date(timeIntervalSince1970: Double(days) * 86_400)
    }
}
