import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension Workbench {
    // MARK: - Tables, checks, export

    /// The template's tables (the nine), computed from the project's kept totals. The whole
    /// document's tables are in ``document(_:)``.
    public static func reports(_ path: String, template choice: String? = nil, variant: String? = nil) throws -> ReportSet {
        try ProjectSession(path).reports(template: choice, variant: variant)
    }

    public struct CheckResult: Sendable {
        public var findings: [Finding]
        /// The nine tables and the document's tables.
        public var reports: ReportSet
        public var narrative: Narrative
        public var errorCount: Int { findings.filter { $0.severity == .error }.count }
        public var warningCount: Int { findings.count - errorCount }
    }

    /// Runs every check (``ProjectSession/check(full:rebuildTotals:template:variant:)``).
    public static func check(
        _ path: String, full: Bool = false, rebuildTotals: Bool = false, template: String? = nil, variant: String? = nil
    ) throws -> CheckResult {
        try ProjectSession(path).check(full: full, rebuildTotals: rebuildTotals, template: template, variant: variant)
    }

    /// `export` found errors and was not forced.
    public struct ExportRefused: Error, CustomStringConvertible {
        public var result: CheckResult
        public var description: String {
            "检查发现 \(result.errorCount) 个错误，没有导出工作簿。请先用 budget check 查看并改正；如确需导出未通过检查的工作簿，加 --force（工作簿上会标注“未经校验”）。"
        }
    }

    /// Exports the disclosure workbook (``ProjectSession/export(to:force:withItems:template:variant:overwrite:)``).
    public static func export(
        _ path: String, to output: String, force: Bool, withItems: Bool = false, template: String? = nil, variant: String? = nil,
        overwrite: Bool = false
    ) throws -> CheckResult {
        try ProjectSession(path).export(
            to: output, force: force, withItems: withItems, template: template, variant: variant, overwrite: overwrite)
    }

    static func stamp(_ result: CheckResult) -> String? {
        result.errorCount > 0 ? "未经校验：检查发现 \(result.errorCount) 个错误，本工作簿不得用于报批或公开" : nil
    }

    /// Exports one workbook per unit into a folder (``ProjectSession/exportUnits(to:force:template:variant:overwrite:progress:)``).
    public static func exportUnits(
        _ path: String, to folder: String, force: Bool, template choice: String? = nil, variant: String? = nil, overwrite: Bool = false,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [String] {
        let session: ProjectSession
        do {
            session = try ProjectSession(path)
        } catch {
            // A batch a killed export left half in place is completed even when the project
            // cannot be opened.
            try? prepareUnitsFolder(folder)
            throw error
        }
        return try session.exportUnits(to: folder, force: force, template: choice, variant: variant, overwrite: overwrite, progress: progress)
    }

    /// The folder of a batch must exist; a batch a killed export left half in place is completed
    /// first, and what it left unjournalled removed, whatever happens next.
    static func prepareUnitsFolder(_ folder: String) throws {
        var info = stat()
        guard stat(folder, &info) == 0 else {
            throw OutputWriteFailure(file: folder, message: FileSystemReason.describe(errno) + (errno == ENOENT ? "：请先建好文件夹" : ""))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputWriteFailure(file: folder, message: "这不是一个文件夹") }
        do { try StagingFolder.tidy(folder) } catch { throw OutputWriteFailure(file: error.path, message: "\(error.action)：\(error.reason)") }
    }

    /// A unit's own tables in the template's unit version do not pass the checks.
    public struct UnitTablesRefused: Error, CustomStringConvertible {
        public var unit: String
        public var finding: Finding
        public var description: String {
            "单位 \(unit) 的单位版公开表检查不通过，没有导出：\([finding.table, finding.row, finding.column].compactMap { $0 }.joined(separator: " "))：\(finding.message)。如确需导出，加 --force"
        }
    }

    /// What the workers of a batch export share.
    final class BatchState: @unchecked Sendable {
        let lock = NSLock()
        let count: Int
        var done = 0
        var error: (any Error)?
        /// Workbooks written and read back, waiting to be put in place together.
        var prepared: [WorkbookWriter.Prepared] = []
        init(count: Int) { self.count = count }
        var failed: Bool { lock.withLock { error != nil } }
        func finishOne(_ workbook: WorkbookWriter.Prepared) -> Int {
            lock.withLock {
                prepared.append(workbook)
                done += 1
                return done
            }
        }
        func fail(_ error: any Error) { lock.withLock { if self.error == nil { self.error = error } } }
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
