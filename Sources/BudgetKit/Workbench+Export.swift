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
        let project = try ProjectFile.open(at: path)
        return try compose(project, using: try template(project, choice: choice, variant: variant), scope: .tables, checking: .none).reports
    }

    public struct CheckResult: Sendable {
        public var findings: [Finding]
        /// The nine tables and the document's tables.
        public var reports: ReportSet
        public var narrative: Narrative
        public var errorCount: Int { findings.filter { $0.severity == .error }.count }
        public var warningCount: Int { findings.count - errorCount }
    }

    /// Runs every check. With `full`, the file itself is checked too (integrity, foreign keys, and
    /// the kept totals against a fresh sum of every line item), which reads the whole file.
    public static func check(
        _ path: String, full: Bool = false, rebuildTotals: Bool = false, template: String? = nil, variant: String? = nil
    ) throws -> CheckResult {
        let project = try ProjectFile.open(at: path)
        if rebuildTotals { try project.write { try $0.rebuildTotals() } }
        var findings: [Finding] = []
        if full {
            findings += try project.integrityProblems().map {
                Finding(severity: .error, check: CheckID.integrity.rawValue, message: "项目文件内部检查失败：\($0)")
            }
        }
        // The items behind a finding are looked up only when there are findings: one read of
        // every item's classification, then each question answered from memory.
        var items: [LineItem]?
        var answers: [ItemFilter: [Int64]] = [:]
        let disclosure = try compose(project, template: template, variant: variant, checking: .all) { filter in
            if let known = answers[filter] { return known }
            if items == nil {
                var all: [LineItem] = []
                try? project.read { reader in try reader.forEachItem { all.append($0) } }
                items = all
            }
            let ids = items!.filter { filter.matches($0) }.compactMap(\.id)
            answers[filter] = ids
            return ids
        }
        findings += disclosure.findings
        return CheckResult(findings: findings, reports: disclosure.reports, narrative: disclosure.narrative)
    }

    /// `export` found errors and was not forced.
    public struct ExportRefused: Error, CustomStringConvertible {
        public var result: CheckResult
        public var description: String {
            "检查发现 \(result.errorCount) 个错误，没有导出工作簿。请先用 budget check 查看并改正；如确需导出未通过检查的工作簿，加 --force（工作簿上会标注“未经校验”）。"
        }
    }

    /// Exports the disclosure workbook; refuses while `check` finds errors unless `force`.
    /// With `withItems`, a last sheet lists every line item.
    public static func export(
        _ path: String, to output: String, force: Bool, withItems: Bool = false, template: String? = nil, variant: String? = nil,
        overwrite: Bool = false
    ) throws -> CheckResult {
        let project = try ProjectFile.open(at: path)
        if withItems {
            // More items than a sheet has rows: refused from the count, before anything is written.
            let count = try project.read { try $0.unitItemCounts().values.reduce(0, +) }
            if let overflow = SheetLimits.overflow(records: count, headerRows: 1, sheet: "预算明细") {
                throw InputProblem(
                    file: output, column: "--with-items",
                    message: overflow + "，没有导出工作簿。请不加 --with-items 导出；明细可用 budget export-csv 导出为 CSV")
            }
        }
        let result = try checkedForExport(path, force: force, template: template, variant: variant)
        let items = withItems ? ItemSheet { body in try project.read { try $0.forEachItem(body) } } : nil
        try WorkbookWriter.export(
            result.reports, to: output,
            options: WorkbookOptions(
                created: pinnedDate(result.reports.department.year), uncheckedStamp: stamp(result), itemSheet: items, narrative: result.narrative),
            overwrite: overwrite)
        return result
    }

    /// The gate before any workbook leaves: kept totals agree with the items, and no check finds
    /// an error unless `force`.
    static func checkedForExport(_ path: String, force: Bool, template: String? = nil, variant: String? = nil) throws -> CheckResult {
        guard try ProjectFile.open(at: path).read({ try $0.totalsAgree(trustingSeal: true) }) else { throw StoreError.totalsDisagree(path: path) }
        let result = try check(path, template: template, variant: variant)
        if result.errorCount > 0 && !force { throw ExportRefused(result: result) }
        return result
    }

    static func stamp(_ result: CheckResult) -> String? {
        result.errorCount > 0 ? "未经校验：检查发现 \(result.errorCount) 个错误，本工作簿不得用于报批或公开" : nil
    }

    /// Exports one workbook per unit into a folder, each with that unit's own tables; returns the
    /// files written. The department's checks gate it as they gate `export`. All or nothing: the
    /// workbooks are put in place only once every one of them has been written and read back,
    /// through a journal (``BatchJournal``), so that even a kill -9 half-way through the renames
    /// leaves the old set, or the new one once the next export into the folder has completed it.
    public static func exportUnits(
        _ path: String, to folder: String, force: Bool, template choice: String? = nil, variant: String? = nil, overwrite: Bool = false,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [String] {
        var info = stat()
        guard stat(folder, &info) == 0 else {
            throw OutputWriteFailure(file: folder, message: FileSystemReason.describe(errno) + (errno == ENOENT ? "：请先建好文件夹" : ""))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputWriteFailure(file: folder, message: "这不是一个文件夹") }
        // A batch a killed export left half in place is completed first, and what it left
        // unjournalled removed, whatever happens next.
        do { try StagingFolder.tidy(folder) } catch { throw OutputWriteFailure(file: error.path, message: "\(error.action)：\(error.reason)") }
        let result = try checkedForExport(path, force: force, template: choice, variant: variant)
        let project = try ProjectFile.open(at: path)
        // A unit's own workbook takes the template's unit version when it has one (Shanghai's
        // 预算单位 titles and 收支总表 with 人员/公用/项目 columns), unless a version is chosen.
        let chosen = try template(project, choice: choice, variant: variant)
        let template = variant == nil && chosen.variantName == nil && chosen.variants?["unit"] != nil ? try chosen.variant("unit") : chosen
        // One scan of the items, summed per unit.
        let (data, perUnit) = try project.read { reader in (try reader.data(), try reader.totalsByUnit()) }
        let operationScope = try template.operationCostScope.flatMap(OperationCostScope.init(rawValue:))
            ?? project.read { try $0.operationCostScope() }
        let units = data.units
        let files = units.map { URL(fileURLWithPath: folder).appendingPathComponent(unitFileName($0)).path }
        let options = WorkbookOptions(created: pinnedDate(data.department.year), uncheckedStamp: stamp(result))
        // Every target checked before anything is written: a colleague's workbook is not replaced
        // without --overwrite.
        for file in files { try WorkbookWriter.checkTarget(file, overwrite: overwrite) }
        let staging: StagingFolder
        do { staging = try StagingFolder.create(in: folder) } catch { throw OutputWriteFailure(file: error.path, message: "\(error.action)：\(error.reason)") }
        // Each workbook is independent: write them on every core.
        let state = BatchState(count: units.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, units.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: units.count, by: workers) where !state.failed {
                let unit = units[index]
                let totals = perUnit[unit.code] ?? []
                var unitData = BudgetData(
                    department: Department(code: unit.code, name: unit.name, year: data.department.year), units: [unit], projects: [],
                    totals: totals, functionalTotals: ItemTotal.projecting(totals, functional: true),
                    economicTotals: ItemTotal.projecting(totals, functional: false), codes: data.codes,
                    unitItemCounts: [:], projectItemCounts: [:], zeroAmountItems: [])
                unitData.operationCostScope = operationScope
                do {
                    // The unit's own tables through the same pipeline, checked with the same table
                    // checks as the department's: a unit's figures, or a unit version that lays
                    // them out otherwise, can fail where the department's pass.
                    let disclosure = try DisclosurePipeline.run(
                        DisclosureInput(data: unitData, document: DocumentData(), template: template), scope: .tables,
                        checking: force ? .none : .all)
                    if let error = disclosure.findings.first(where: { $0.severity == .error }) {
                        throw UnitTablesRefused(unit: "\(unit.code) \(unit.name)", finding: error)
                    }
                    let prepared = try WorkbookWriter.prepare(
                        disclosure.reports, to: files[index], options: options, staging: staging, overwrite: overwrite)
                    let done = state.finishOne(prepared)
                    if let progress, worker == 0 { progress(done, units.count) }
                } catch {
                    state.fail(error)
                }
            }
        }
        // All or nothing: every workbook is written and read back before any is put in place.
        if let error = state.error {
            staging.remove()
            throw error
        }
        try WorkbookWriter.commit(state.prepared)
        if state.prepared.isEmpty { staging.remove() }
        progress?(units.count, units.count)
        return files
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
