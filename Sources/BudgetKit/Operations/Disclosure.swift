import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// The disclosure of an open project: its tables, its checks, its workbook, one workbook per unit.
extension ProjectSession {
    /// The template's tables (the nine), computed from the project's kept totals.
    public func reports(template choice: String? = nil, variant: String? = nil) throws -> ReportSet {
        try compose(template: choice, variant: variant, scope: .tables, checking: .none).reports
    }

    /// Runs every check. With `full`, the file itself is checked too (integrity, foreign keys, and
    /// the kept totals against a fresh sum of every line item), which reads the whole file.
    public func check(
        full: Bool = false, rebuildTotals: Bool = false, template: String? = nil, variant: String? = nil
    ) throws -> Workbench.CheckResult {
        let project = file
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
        let disclosure = try compose(template: template, variant: variant, checking: .all) { filter in
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
        return Workbench.CheckResult(findings: findings, reports: disclosure.reports, narrative: disclosure.narrative)
    }

    /// Exports the disclosure workbook; refuses while `check` finds errors unless `force`.
    /// With `withItems`, a last sheet lists every line item.
    public func export(
        to output: String, force: Bool, withItems: Bool = false, template: String? = nil, variant: String? = nil,
        overwrite: Bool = false
    ) throws -> Workbench.CheckResult {
        let project = file
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
                created: Workbench.pinnedDate(result.reports.department.year), uncheckedStamp: Workbench.stamp(result), itemSheet: items,
                narrative: result.narrative),
            overwrite: overwrite)
        return result
    }

    /// The gate before any workbook leaves: kept totals agree with the items, and no check finds
    /// an error unless `force`.
    func checkedForExport(force: Bool, template: String? = nil, variant: String? = nil) throws -> Workbench.CheckResult {
        guard try file.read({ try $0.totalsAgree(trustingSeal: true) }) else { throw StoreError.totalsDisagree(path: path) }
        let result = try check(template: template, variant: variant)
        if result.errorCount > 0 && !force { throw Workbench.ExportRefused(result: result) }
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
        try Workbench.prepareUnitsFolder(folder)
        let result = try checkedForExport(force: force, template: choice, variant: variant)
        let project = file
        // A unit's own workbook takes the template's unit version when it has one (Shanghai's
        // 预算单位 titles and 收支总表 with 人员/公用/项目 columns), unless a version is chosen.
        let chosen = try template(choice, variant: variant)
        let template = variant == nil && chosen.variantName == nil && chosen.variants?["unit"] != nil ? try chosen.variant("unit") : chosen
        // One scan of the items, summed per unit.
        let (data, perUnit) = try project.read { reader in (try reader.data(), try reader.totalsByUnit()) }
        let operationScope =
            try template.operationCostScope.flatMap(OperationCostScope.init(rawValue:))
            ?? project.read { try $0.operationCostScope() }
        let units = data.units
        let files = units.map { URL(fileURLWithPath: folder).appendingPathComponent(Workbench.unitFileName($0)).path }
        let options = WorkbookOptions(created: Workbench.pinnedDate(data.department.year), uncheckedStamp: Workbench.stamp(result))
        // Every target checked before anything is written: a colleague's workbook is not replaced
        // without --overwrite.
        for file in files { try WorkbookWriter.checkTarget(file, overwrite: overwrite) }
        let staging: StagingFolder
        // (The folder was tidied above, before the checks.)
        do { staging = try StagingFolder.create(in: folder, tidy: false) } catch {
            throw OutputWriteFailure(file: error.path, message: "\(error.action)：\(error.reason)")
        }
        // Each workbook is independent: write them on every core.
        let state = Workbench.BatchState(count: units.count)
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
                        throw Workbench.UnitTablesRefused(unit: "\(unit.code) \(unit.name)", finding: error)
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
}
