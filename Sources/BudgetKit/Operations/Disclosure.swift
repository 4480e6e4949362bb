import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// The disclosure of an open project: its tables, its checks, its workbook, one workbook per unit.
extension ProjectSession {
    /// The template's tables (the nine), computed from the project's kept totals. Those of the
    /// project's own template are kept in the session between its item edits (``ResidentTables``).
    public func reports(template choice: String? = nil, variant: String? = nil) throws -> ReportSet {
        if choice == nil && variant == nil { return try residentReports() }
        return try Self.compose(projectFile, using: try template(choice, variant: variant), scope: .tables, tablesOnly: true).reports
    }

    /// Runs every check. With `full`, the file itself is checked too (integrity, foreign keys, and
    /// the kept totals against a fresh sum of every line item), which reads the whole file.
    /// With `questions` false, the warnings that question amounts per unit are not looked for
    /// (`export`, which only errors stop, saves reading those line items).
    public func check(
        full: Bool = false, rebuildTotals: Bool = false, template: String? = nil, variant: String? = nil, questions: Bool = true
    ) throws -> CheckResult {
        let project = projectFile
        if rebuildTotals { try project.write { try $0.rebuildTotals() } }
        var findings: [Finding] = []
        if full {
            findings += try project.integrityProblems().map {
                Finding(severity: .error, check: CheckID.integrity.rawValue, message: "项目文件内部检查失败：\($0)")
            }
        }
        // The items behind a finding are looked up only when there are findings: one read of
        // every item's classification, then each question answered from memory.
        // Items are kept by unit too: a question about one unit's lines (the warnings per unit)
        // looks at that unit's items only, so a thousand of them cost one pass, not a thousand.
        var items: [LineItem]?
        var byUnit: [String: [LineItem]] = [:]
        var answers: [ItemFilter: [Int64]] = [:]
        let disclosure = try compose(template: template, variant: variant, checking: .all, questions: questions) { filter in
            if let known = answers[filter] { return known }
            if items == nil {
                var all: [LineItem] = []
                try? project.read { reader in try reader.forEachItem { all.append($0) } }
                items = all
                byUnit = Dictionary(grouping: all, by: \.unitCode)
            }
            let candidates =
                filter.unitCodes.map { units in units.sorted().flatMap { byUnit[$0] ?? [] }.sorted { ($0.id ?? 0) < ($1.id ?? 0) } } ?? items!
            let ids = candidates.filter { filter.matches($0) }.compactMap(\.id)
            answers[filter] = ids
            return ids
        }
        findings += disclosure.findings
        // Warnings the clerk confirmed stay silent while what they found is unchanged.
        let confirmed = try project.read { try $0.confirmations() }
        let (shown, silenced) = Self.confirmed(findings, confirmed)
        return CheckResult(findings: shown, reports: disclosure.reports, narrative: disclosure.narrative, confirmed: silenced)
    }

    /// Exports the disclosure workbook; refuses while `check` finds errors unless `force`.
    /// With `withItems`, a last sheet lists every line item.
    public func export(
        to output: String, force: Bool, withItems: Bool = false, template: String? = nil, variant: String? = nil,
        overwrite: Bool = false
    ) throws -> CheckResult {
        let project = projectFile
        if withItems {
            // More items than a sheet has rows: refused from the count, before anything is written.
            let count = try project.read { try $0.unitItemCounts().values.reduce(0, +) }
            if let overflow = SheetLimits.overflow(records: count, headerRows: 1, sheet: "预算明细") {
                throw InputProblem(
                    file: output, column: "--with-items",
                    message: overflow + "，没有导出工作簿。请不加 --with-items 导出；明细可用 budget export-csv 导出为 CSV")
            }
        }
        let result = try checkedForExport(force: force, template: template, variant: variant)
        let items = withItems ? ItemSheet { body in try project.read { try $0.forEachItem(body) } } : nil
        try WorkbookWriter.export(
            result.reports, to: output,
            options: WorkbookOptions(
                created: OutputFiles.pinnedDate(result.reports.department.year), uncheckedStamp: result.uncheckedStamp, itemSheet: items,
                narrative: result.narrative),
            overwrite: overwrite)
        return result
    }

    /// The gate before any workbook leaves: kept totals agree with the items, and no check finds
    /// an error unless `force`.
    func checkedForExport(force: Bool, template: String? = nil, variant: String? = nil) throws -> CheckResult {
        guard try projectFile.read({ try $0.totalsAgree(trustingSeal: true) }) else { throw StoreError.totalsDisagree(path: path) }
        let result = try check(template: template, variant: variant, questions: false)
        if result.errorCount > 0 && !force { throw ExportRefused(result: result) }
        return result
    }

    /// Exports one workbook per unit into a folder, each with that unit's own tables; returns the
    /// files written. The department's checks gate it as they gate `export`. All or nothing: the
    /// workbooks are put in place only once every one of them has been written and read back,
    /// through a journal (``BatchJournal``), so that even a kill -9 half-way through the renames
    /// leaves the old set, or the new one once the next export into the folder has completed it.
    public func exportUnits(
        to folder: String, force: Bool, template choice: String? = nil, variant: String? = nil, overwrite: Bool = false,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [String] {
        try Self.prepareUnitsFolder(folder)
        let result = try checkedForExport(force: force, template: choice, variant: variant)
        let project = projectFile
        // A unit's own workbook takes the template's unit version when it has one (Shanghai's
        // 预算单位 titles and 收支总表 with 人员/公用/项目 columns), unless a version is chosen.
        let chosen = try template(choice, variant: variant)
        let template = variant == nil && chosen.variantName == nil && chosen.variants?["unit"] != nil ? try chosen.variant("unit") : chosen
        // One scan of the items, summed per unit.
        let (data, perUnit) = try project.read { reader in (try reader.data(), try reader.totalsByUnit()) }
        let operationScope =
            try template.operationCostScope.flatMap(OperationCostScope.init(rawValue:))
            ?? project.read { try $0.operationCostScope() }
        let tableSettings = try project.read { try $0.tableSettings() }
        let units = data.units
        let files = units.map { URL(fileURLWithPath: folder).appendingPathComponent(OutputFiles.unitFileName($0)).path }
        let options = WorkbookOptions(created: OutputFiles.pinnedDate(data.department.year), uncheckedStamp: result.uncheckedStamp)
        // Every target checked before anything is written: a colleague's workbook is not replaced
        // without --overwrite.
        for file in files { try WorkbookWriter.checkTarget(file, overwrite: overwrite) }
        let staging: StagingFolder
        // (The folder was tidied above, before the checks.)
        do { staging = try StagingFolder.create(in: folder, tidy: false) } catch {
            throw OutputWriteFailure(file: error.path, message: "\(error.action)：\(error.reason)")
        }
        // Each workbook is independent: write them on every core.
        let state = UnitBatchState(count: units.count)
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
                unitData.tableSettings = tableSettings
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

    /// `template`: a built-in name or a template file; nil for the project's default.
    public func document(template: String? = nil, variant: String? = nil) throws -> Disclosure {
        // The whole document is the largest thing a session computes (a million items: 25,000
        // 绩效目标表): the resident tables make way, and are read again when next asked for.
        lock.withLock { residentTables = nil }
        return try compose(template: template, variant: variant)
    }

    /// What the clerk entered for the document (texts, goals, targets, glossary, settings), read
    /// without computing any table: for listing it.
    public func documentData() throws -> DocumentData {
        try projectFile.read { try $0.document() }
    }

    /// Writes the statement as Markdown (to `output`, atomically), and returns it. While `check`
    /// finds errors, it opens with the same “未经校验” warning an unchecked workbook carries.
    /// An `output` ending in `.docx` gets a Word document made from that Markdown by pandoc
    /// (``StatementDocx``), with 未经校验 in every page's header while unchecked.
    @discardableResult
    public func narrative(
        to output: String?, template: String? = nil, variant: String? = nil, overwrite: Bool = false
    ) throws -> String {
        let result = try check(template: template, variant: variant)
        let text = Self.statementMarkdown(result)
        if let output {
            let data =
                StatementDocx.isDocx(output)
                ? try StatementDocx.render(
                    markdown: text, unchecked: result.uncheckedStamp != nil, created: OutputFiles.pinnedDate(result.reports.department.year),
                    output: output)
                : Data(text.utf8)
            try OutputFiles.writeAtomically(data, to: output, overwrite: overwrite)
        }
        return text
    }

    /// Creates the folder of a batch when it is missing and its parent exists (a clerk names a new
    /// folder for the units' workbooks); returns whether it did. A deeper missing path is left for
    /// the export to refuse, naming it.
    public static func createUnitsFolder(_ folder: String) throws -> Bool {
        guard case .missing(let code) = FileKind.of(folder), code == ENOENT else { return false }
        let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
        guard FileKind.of(parent) == .directory else { return false }
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
            throw OutputWriteFailure(file: folder, message: "无法新建文件夹：\(FileSystemReason.describe(errno))")
        }
        syncToDisk(parent)
        return true
    }

    /// The folder of a batch must exist; a batch a killed export left half in place is completed
    /// first, and what it left unjournalled removed, whatever happens next.
    public static func prepareUnitsFolder(_ folder: String) throws {
        let kind = FileKind.of(folder)
        if case .missing(let code) = kind {
            throw OutputWriteFailure(file: folder, message: FileSystemReason.describe(code) + (code == ENOENT ? "：它所在的文件夹也不存在，请先建好" : ""))
        }
        guard kind == .directory else { throw OutputWriteFailure(file: folder, message: "这不是一个文件夹") }
        do { try StagingFolder.tidy(folder) } catch { throw OutputWriteFailure(file: error.path, message: "\(error.action)：\(error.reason)") }
    }
}

public struct CheckResult: Sendable {
    public var findings: [Finding]
    /// The nine tables and the document's tables.
    public var reports: ReportSet
    public var narrative: Narrative
    /// Warnings the clerk confirmed (`budget confirm`), found again unchanged: not in `findings`.
    public var confirmed: [Finding] = []
    /// The warnings a clerk may confirm, in the order `check` shows them: `budget confirm P N`
    /// takes the number N of this list.
    public var confirmable: [Finding] { findings.filter { $0.key != nil && $0.severity == .warning } }
    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.count - errorCount }
    /// The warning an unchecked workbook carries while `check` finds errors.
    var uncheckedStamp: String? { uncheckedStamp(of: "本工作簿") }

    /// The warning an unchecked output (本工作簿, 本情况说明) carries while `check` finds errors.
    func uncheckedStamp(of what: String) -> String? {
        errorCount > 0 ? "未经校验：检查发现 \(errorCount) 个错误，\(what)不得用于报批或公开" : nil
    }
}

/// `export` found errors and was not forced.
public struct ExportRefused: Error, CustomStringConvertible {
    public var result: CheckResult
    /// What was not written: 工作簿, or the published PDF.
    public var output = "工作簿"
    public var description: String {
        "检查发现 \(result.errorCount) 个错误，没有导出\(output)。请先用 budget check 查看并改正；如确需导出未通过检查的\(output)，加 --force（\(output)上会标注“未经校验”）。"
    }
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
final class UnitBatchState: @unchecked Sendable {
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
