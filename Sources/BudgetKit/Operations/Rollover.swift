import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

/// Which line items `budget rollover` carries into next year's draft.
public enum RolloverItems: String, CaseIterable, Sendable {
    /// None: next year's amounts are entered afresh.
    case none
    /// 基本支出 only (the default): what the roster calculates is calculated again from it;
    /// the clerk's own 基本支出 lines are carried as they are.
    case basic
    /// Every line of the units and of the projects carried, 基本支出 as above.
    case all

    public var chineseName: String {
        switch self {
        case .none: "不结转明细"
        case .basic: "结转基本支出"
        case .all: "结转全部明细"
        }
    }

    public static func parse(_ text: String) -> RolloverItems? {
        switch Vocabulary.fold(text) {
        case "none", "无", "不结转", "不带": RolloverItems.none
        case "basic", "基本支出", "基本": .basic
        case "all", "全部", "全部明细": .all
        default: nil
        }
    }
}

/// What a rollover did: the report the clerk reads (and finds beside the new file).
public struct RolloverReport: Sendable {
    public var last: String
    public var next: String
    public var fromYear: Int
    public var toYear: Int
    public var items: RolloverItems
    public var units: Int
    public var carriedProjects: [(name: String, kind: ProjectKind?, indicators: Int)] = []
    /// One-off projects, left behind with last year's amount.
    public var leftProjects: [(name: String, amount: Fen)] = []
    public var carriedItems = 0
    public var carriedTotal: Fen = 0
    /// Lines of the 上年结转 sources, left behind: next year's carry-over is another figure.
    public var leftCarryover: (count: Int, amount: Fen) = (0, 0)
    /// Lines left behind by the choice of `items` (not counting one-off projects' and carry-over).
    public var leftByChoice: (count: Int, amount: Fen) = (0, 0)
    /// What the roster's calculation did in the new file, when it ran.
    public var recalculation: RecalculationReport?
    /// Each old → new code of the carried items, with the amount moved.
    public var migrated: [(kind: CodeKind, old: String, new: String, amount: Fen)] = []
    /// Last year's figures set in the new file.
    public var prior: [(item: PriorItem, amount: Fen)] = []
    /// How many 项 and 款 have last year's figure.
    public var priorLines = (functional: 0, economic: 0)
    public var rosterGroups = 0
    public var standards = 0
    public var procurement = (carried: 0, left: 0)
    /// What the clerk must still do, in order.
    public var todo: [String] = []
    /// Where the report was written.
    public var reportPath = ""

    /// The report as the clerk reads it (amounts in 万元 and 元).
    public var text: String {
        func money(_ fen: Fen) -> String { "\(Money.formatWan(fen)) 万元" }
        var lines = [
            "\(toYear) 年预算由 \(fromYear) 年结转：\(URL(fileURLWithPath: last).lastPathComponent) → \(URL(fileURLWithPath: next).lastPathComponent)", "",
        ]
        lines.append("一、带过来的")
        lines.append("  单位 \(units) 个；明细（\(items.chineseName)）\(carriedItems) 条，合计 \(money(carriedTotal))")
        if let recalculation {
            lines.append(
                "  按人员名册和测算标准重新测算基本支出：\(recalculation.changes.count) 条测算明细"
                    + (recalculation.typedAlongside.isEmpty ? "" : "，另有 \(recalculation.typedAlongside.count) 条手填明细与测算明细并存，请核对"))
        }
        if rosterGroups > 0 || standards > 0 { lines.append("  人员名册 \(rosterGroups) 组，自定的测算标准 \(standards) 项") }
        lines.append("  项目 \(carriedProjects.count) 个（连同绩效目标、指标和项目经费情况说明）：")
        for project in carriedProjects {
            lines.append("    \(project.name)（\(project.kind?.chineseName ?? "未标类别")，指标 \(project.indicators) 条）")
        }
        if procurement.carried > 0 { lines.append("  政府采购 \(procurement.carried) 条") }
        lines.append("  上年预算数：")
        for (item, amount) in prior { lines.append("    \(item.chineseName) \(money(amount))") }
        lines.append("    另有 \(priorLines.functional) 个功能科目“项”、\(priorLines.economic) 个经济分类“款”的上年预算数（可用 budget purpose list 查看增减）")
        lines.append("")
        lines.append("二、没有带过来的")
        if leftProjects.isEmpty {
            lines.append("  一次性项目：无")
        } else {
            lines.append("  一次性项目 \(leftProjects.count) 个：")
            for project in leftProjects { lines.append("    \(project.name)（上年 \(money(project.amount))）") }
        }
        if leftCarryover.count > 0 { lines.append("  上年结转结余的明细 \(leftCarryover.count) 条，合计 \(money(leftCarryover.amount))") }
        if leftByChoice.count > 0 { lines.append("  按“\(items.chineseName)”没有带的明细 \(leftByChoice.count) 条，合计 \(money(leftByChoice.amount))") }
        if procurement.left > 0 { lines.append("  政府采购 \(procurement.left) 条") }
        lines.append("  资产占用情况、项目金额（申报数）、快照和控制数：属于上一年，不带")
        lines.append("")
        lines.append("三、科目变化")
        if migrated.isEmpty {
            lines.append("  带过来的明细没有科目改变")
        } else {
            for move in migrated {
                lines.append("  \(move.kind.chineseName) \(move.old) → \(move.new)：\(Money.formatYuan(move.amount)) 元")
            }
        }
        lines.append("")
        lines.append("四、还要做的")
        for (index, step) in todo.enumerated() { lines.append("  \(index + 1). \(step)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ProjectSession {
    /// A mapping file (`--map`: 旧编码,新编码[,比例]), every bad cell located.
    public static func readCodeMigration(_ path: String, encoding: EncodingChoice? = nil) throws -> CodeMigration {
        let file = URL(fileURLWithPath: path).lastPathComponent
        let table = try InputFiles.readTable(path, columns: CodeMigration.columns, required: ["old", "new"], encoding: encoding)
        let (migration, problems) = CodeMigration.read(table, file: file)
        try problems.throwIfAny()
        return migration
    }

    /// Next year's draft from this year's (issue 18): a new project file at `nextPath` for
    /// `year`, never over an existing file, built under a temporary name and appearing only
    /// when complete. Refused, with every line, when an item's code is retired (by the bundled
    /// rules or `mapping`) and no rule maps it: nothing is written then.
    ///
    /// With `catalog` (next year's code list from the finance bureau), a code of last year that
    /// the list does not have is retired too, and the list is the new file's bureau list.
    public static func rollover(
        from lastPath: String, to nextPath: String, year: Int, items choice: RolloverItems = .basic, mapping: CodeMigration? = nil,
        catalog: [CatalogEntry]? = nil
    ) throws -> RolloverReport {
        try rollover(
            from: lastPath, to: nextPath, year: year, items: choice, mapping: mapping, catalog: catalog, batchSize: ItemPlan.batchSize)
    }

    /// With the items handed over in batches of `batchSize` (tests use small ones).
    static func rollover(
        from lastPath: String, to nextPath: String, year: Int, items choice: RolloverItems, mapping: CodeMigration?,
        catalog: [CatalogEntry]?, batchSize: Int
    ) throws -> RolloverReport {
        let target = URL(fileURLWithPath: nextPath).standardizedFileURL.path
        if URL(fileURLWithPath: lastPath).standardizedFileURL.path == target {
            throw InputProblem(column: "新项目文件", value: nextPath, message: "新一年的项目文件不能是原来的文件")
        }
        try Self.checkNewFile(nextPath, kind: "rollover")
        let session = try ProjectSession(lastPath)
        // Everything but the line items first; the items are read on a second connection (and
        // sorted, moved to next year's codes and summed) while this one builds the new file.
        let last = try Self.contents(session.projectFile, path: lastPath, items: false)
        let department = last.snapshot.department
        guard year > department.year, year <= 2100 else {
            throw InputProblem(
                column: "--year（新年度）", value: String(year), message: "\(lastPath) 是 \(department.year) 年的预算，新年度应在 \(department.year) 年之后")
        }
        let disclosure = try Self.compose(session.projectFile, using: try session.template(), scope: .figures, document: last.document)
        let migration = BundledCodeMigrations.migration(from: department.year).merging(mapping ?? CodeMigration())
        let projects = last.snapshot.projects
        let plan = ItemPlan(
            choice: choice, kinds: Dictionary(projects.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first }),
            records: Dictionary(last.generated.map { ($0.itemID, $0) }, uniquingKeysWith: { first, _ in first }),
            hasRoster: !(last.document.roster?.groups.isEmpty ?? true), migration: migration,
            sources: disclosure.template.statementSpec.lineSources, batchSize: batchSize,
            current: catalog.map { entries in
                // Next year's list, and the codes the clerk named that no list has.
                var codes = Dictionary(grouping: entries, by: \.kind).mapValues { Set($0.map(\.code)) }
                for entry in last.userCodes { codes[entry.kind, default: []].insert(entry.code) }
                return codes
            })
        let itemsFile = try ProjectFile.open(at: lastPath)
        let batches = BatchQueue()
        let preparing = BackgroundWork { try plan.prepare(itemsFile, into: batches) }

        var report = RolloverReport(
            last: lastPath, next: nextPath, fromYear: department.year, toYear: year, items: choice, units: last.snapshot.units.count)
        // Last year's figures: every figure the statement compares (and each 项 and 款 below).
        let figures = disclosure.figures
        report.prior = PriorItem.allCases.filter { $0 != .threePublic }.map { ($0, figures.current($0)) }
        // 主要用于 goes with its 项 to the new code(s).
        var purposes: [String: String] = [:]
        for (code, note) in last.document.lineNotes.sorted(by: { $0.key < $1.key }) where !note.purpose.isEmpty {
            for target in migration.targets(.functional, code, amount: 0) where purposes[target.code] == nil {
                purposes[target.code] = note.purpose
            }
        }

        let carriedProjects = projects.filter { $0.kind?.carriesOver ?? true }
        let carriedNames = Set(carriedProjects.map(\.name))
        let performance = Dictionary(last.document.performance.map { ($0.project, $0) }, uniquingKeysWith: { first, _ in first })
        report.carriedProjects = carriedProjects.map { ($0.name, $0.kind, performance[$0.name]?.indicators.count ?? 0) }
        let procurement = last.document.procurement.filter { row in
            if let project = row.project { return choice == .all && carriedNames.contains(project) }
            return choice != .none
        }
        report.procurement = (procurement.count, last.document.procurement.count - procurement.count)

        let temporary = Self.temporaryPath(for: nextPath, kind: "rollover")
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let project = try ProjectFile.create(at: temporary, department: Department(code: department.code, name: department.name, year: year))
        // Bulk, as an import: the inserter looks every unit and project up itself, the item index
        // is built once at the end, and the totals are compared in full once before they are sealed.
        try project.write(bulk: true) { writer in
            try writer.setCodeNames(catalog ?? last.bureauCodes, origin: .bureau)
            try writer.setCodeNames(last.userCodes, origin: .user)
            for unit in last.snapshot.units { try writer.insertUnit(unit) }
            for project in carriedProjects { try writer.insertProject(project) }
            // Projects: goals, indicators and the lasting parts of 项目经费情况说明.
            try writer.addProjectParts(
                carriedProjects.map { project in
                    var texts = last.document.projectTexts[project.name] ?? [:]
                    texts[.schedule] = nil
                    let carried = performance[project.name]
                    return (project.name, carried?.goal ?? "", carried?.indicators ?? [], texts)
                })
            _ = try writer.insertProcurement(
                procurement.map { row in
                    var copy = row
                    copy.id = nil
                    return copy
                })

            // The carried items, batch by batch as the second connection makes them (the import's
            // way: one thread reads, the other writes). A retired code with no rule then stops the
            // rollover, with every line, and the new file is not kept.
            let inserter = try writer.inserter()
            try writer.dropItemIndexes()
            while let batch = batches.take() {
                try inserter.insert(batch)
                report.carriedItems += batch.items.count
                report.carriedTotal += batch.items.reduce(0) { $0 + $1.amount }
            }
            let prepared = try preparing.value()
            try inserter.finish()
            try writer.restoreItemIndexes()
            if prepared.writes != last.writes {
                throw StoreError.other(path: lastPath, detail: "结转过程中这个项目文件被修改了，请在修改完成后重新运行 budget rollover")
            }
            if !prepared.unmapped.isEmpty {
                throw Self.unmappedProblems(prepared.unmapped, file: lastPath, year: year)
            }
            report.migrated = prepared.moved
            report.leftCarryover = prepared.leftCarryover
            report.leftByChoice = prepared.leftByChoice
            report.leftProjects = projects.filter { !($0.kind?.carriesOver ?? true) }.map { ($0.name, prepared.projectAmounts[$0.name] ?? 0) }

            // The department's texts, goals, glossary and settings.
            for section in TextSection.allCases {
                let paragraphs = last.document.text(section)
                if !paragraphs.isEmpty { try writer.setParagraphs(section, paragraphs) }
            }
            if !last.document.departmentGoals.isEmpty { try writer.setDepartmentGoals(last.document.departmentGoals) }
            if !last.glossaryIsStandard { try writer.setGlossary(last.document.glossary) }
            for key in Self.settingKeys {
                if let value = last.settings[key] { try writer.setSetting(key, value) }
            }
            if try session.projectFile.read({ try $0.operationCostScopeChosen() }) {
                try writer.setOperationCostScope(last.document.operationCostScope)
            }

            // Confirmed warnings go along: each holds only while the figures it confirmed are
            // unchanged (its fingerprint), so a new year's different figure asks again.
            for confirmation in last.confirmations { try writer.confirm(confirmation) }

            // Last year's figures.
            for (item, amount) in report.prior { try writer.setPrior(item, amount: .some(amount), reason: nil) }
            for code in Set(prepared.priorFunctional.keys).union(purposes.keys).sorted() {
                try writer.setLineNote(code, purpose: purposes[code] ?? "", prior: .some(prepared.priorFunctional[code]), reason: "")
            }
            for (code, amount) in prepared.priorEconomic.sorted(by: { $0.key < $1.key }) {
                try writer.setEconomicNote(code, prior: .some(amount), reason: nil)
            }
            report.priorLines = (prepared.priorFunctional.count, prepared.priorEconomic.count)

            // Who works there and the standards, then the 基本支出 calculated from them.
            if let roster = last.document.roster {
                for var group in roster.groups {
                    group.id = nil
                    _ = try writer.insertRosterGroup(group)
                }
                report.rosterGroups = roster.groups.count
                for profile in roster.profiles.values.sorted(by: { $0.unitCode < $1.unitCode }) {
                    var copy = profile
                    copy.mainFunctional = profile.mainFunctional.map { migration.targets(.functional, $0, amount: 0).first?.code ?? $0 }
                    try writer.setUnitProfile(copy)
                }
                let kept = roster.standards.kept.values.sorted { $0.key < $1.key }
                for standard in kept { try writer.setStandard(standard) }
                report.standards = kept.count
                if plan.hasRoster && choice != .none {
                    report.recalculation = try Self.recalculate(units: nil, writer)
                }
            }
        }
        try project.close()
        report.todo = Self.rolloverTodo(report, last: last)
        // The report beside the new file, then the file itself.
        let reportPath = Self.rolloverReportPath(nextPath)
        try OutputFiles.writeAtomically(report.text, to: reportPath)
        do {
            try Self.linkNewFile(temporary, to: nextPath)
        } catch {
            try? FileManager.default.removeItem(atPath: reportPath)
            throw error
        }
        report.reportPath = reportPath
        return report
    }

    /// Where the report of a rollover into `nextPath` is written: beside it, “…-结转报告.txt”.
    public static func rolloverReportPath(_ nextPath: String) -> String {
        let url = URL(fileURLWithPath: nextPath)
        let stem = url.pathExtension.isEmpty ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent(stem + "-结转报告.txt").path
    }

    /// Every line whose code is retired with no rule, as one problem each.
    static func unmappedProblems(_ lines: [(item: LineItem, codes: [(CodeKind, String)])], file: String, year: Int) -> InputProblems {
        InputProblems(
            lines.map { item, codes in
                let named = codes.map { "\($0.0.chineseName) \($0.1)" }.joined(separator: "、")
                return InputProblem(
                    file: URL(fileURLWithPath: file).lastPathComponent, column: codes.first?.0.chineseName, value: codes.first?.1,
                    message:
                        "明细 #\(item.id ?? 0)（单位 \(item.unitCode)，\(item.functional) · \(item.economic)，\(Money.formatYuan(item.amount)) 元）：\(named) 在 \(year) 年已停用，没有对应的新科目。请在 --map 文件中写出“旧编码,新编码”（拆分的写比例）"
                )
            })
    }

    /// What the clerk must still do after a rollover.
    static func rolloverTodo(_ report: RolloverReport, last: Contents) -> [String] {
        var todo: [String] = []
        let year = report.toYear
        switch report.items {
        case .none: todo.append("录入 \(year) 年的全部明细（本次没有结转明细）")
        case .basic: todo.append("录入 \(year) 年的项目支出明细；核对结转的基本支出")
        case .all: todo.append("按 \(year) 年的预算调整结转的明细金额")
        }
        let unmarked = report.carriedProjects.filter { $0.kind == nil }.map(\.name)
        if !unmarked.isEmpty {
            todo.append(
                "这些项目没有标明类别，已按延续项目结转；如是一次性项目请用 budget project rm 删除，否则用 budget project set --kind 标明：\(unmarked.joined(separator: "、"))")
        }
        if report.leftCarryover.count > 0 { todo.append("录入 \(year) 年的上年结转结余（上一年的 \(report.leftCarryover.count) 条结转明细没有带过来）") }
        if !last.document.assets.isEmpty { todo.append("填写新的资产占用情况（budget asset set）：上一年的资产数没有带过来") }
        if !last.document.declaredProjectAmounts.isEmpty { todo.append("填写各项目 \(year) 年的项目金额（budget project set --amount）：上一年的没有带过来") }
        let stale = [String(report.fromYear), String(report.fromYear - 1)]
        let sections = TextSection.allCases.filter { section in last.document.text(section).contains { text in stale.contains { text.contains($0) } }
        }
        if !sections.isEmpty {
            todo.append("这些文字提到 \(stale.joined(separator: " 或 ")) 年，请改写为 \(year) 年的：\(sections.map(\.chineseName).joined(separator: "、"))")
        }
        let partYear = (last.document.roster?.groups ?? []).filter { $0.months < 12 }
        if !partYear.isEmpty {
            todo.append(
                "人员名册中这些组按不足 12 个月计算，请按 \(year) 年核对月数（budget roster set）："
                    + partYear.map { "\($0.unitCode) \($0.name.isEmpty ? $0.category.rawValue : $0.name)（\($0.months) 个月）" }.joined(separator: "、"))
        }
        if report.carriedProjects.contains(where: { $0.indicators > 0 }) { todo.append("核对结转项目的绩效目标和指标值（按 \(year) 年的任务）") }
        todo.append("收到财政部门的控制数后导入并核对（budget caps import）")
        todo.append("运行 budget check 检查")
        return todo
    }

    /// Where a new project file (merge, rollover) is built before it appears: a hidden name
    /// beside `output` with this process's number (``checkNewFile(_:kind:)`` removed those of
    /// killed processes).
    static func temporaryPath(for output: String, kind: String) -> String {
        let url = URL(fileURLWithPath: output)
        let temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".\(kind)-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        return temporary
    }

    /// Makes the complete file appear under its name, never over another file.
    static func linkNewFile(_ temporary: String, to output: String) throws {
        if link(temporary, output) != 0 {
            if errno == EEXIST { throw StoreError.alreadyExists(path: output) }
            throw StoreError.other(path: output, detail: FileSystemReason.describe(errno))
        }
    }

    /// Temporaries of rollovers or merges whose process is gone (killed), beside the output.
    static func removeStaleTemporaries(for output: String, kind: String) {
        let url = URL(fileURLWithPath: output)
        let folder = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + "." + kind + "-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let pid = rest.prefix { $0.isNumber }
            guard let number = Int32(pid), kill(number, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}

/// What a rollover does with last year's line items, done on a second connection while the new
/// file is built: which go (by the clerk's choice, the projects that go on; 上年结转 and what the
/// roster calculates again stay), each moved to next year's codes, and last year's figure of each
/// 项 and 款 of the spending the statement's lines count, on next year's codes.
struct ItemPlan: Sendable {
    var choice: RolloverItems
    var kinds: [String: ProjectKind?]
    var records: [Int64: GeneratedRecord]
    var hasRoster: Bool
    var migration: CodeMigration
    var sources: Set<FundingSource>
    /// Items per batch handed to the writing connection.
    var batchSize = ItemPlan.batchSize
    /// The codes of next year's list, when the bureau's was given: a code not in it is retired.
    var current: [CodeKind: Set<String>]? = nil

    struct Prepared: Sendable {
        var moved: [(kind: CodeKind, old: String, new: String, amount: Fen)]
        /// Lines (carried or not) on a retired code with no rule, each with those codes.
        var unmapped: [(item: LineItem, codes: [(CodeKind, String)])]
        var leftCarryover: (count: Int, amount: Fen) = (0, 0)
        var leftByChoice: (count: Int, amount: Fen) = (0, 0)
        var projectAmounts: [String: Fen] = [:]
        var priorFunctional: [String: Fen] = [:]
        var priorEconomic: [String: Fen] = [:]
        /// The state of the file the items were read in (``ProjectReader/writeCount()``).
        var writes: Int64
    }

    /// Items per batch handed to the writing connection, by default.
    static let batchSize = 65_536

    /// Reads and sorts the items, putting the carried ones into `batches` (numbered as the
    /// importer's batches are; the last with the totals of all), and ends the queue, also when
    /// it fails.
    func prepare(_ file: ProjectFile, into batches: BatchQueue) throws -> Prepared {
        defer { batches.end() }
        // Without next year's list, a code goes on unless the rules retire it.
        let current = self.current
        let isCurrent = { (kind: CodeKind, code: String) in current.map { $0[kind]?.contains(code) ?? false } ?? true }
        var carried = CodeMigration.Applier(migration, isCurrent: isCurrent)
        var others = CodeMigration.Applier(migration, isCurrent: isCurrent)
        var batch = ItemBatch.Builder()
        var prepared = Prepared(moved: [], unmapped: [], writes: 0)
        func sum(_ item: LineItem) {
            guard sources.contains(item.source) else { return }
            prepared.priorFunctional[item.functional, default: 0] += item.amount
            prepared.priorEconomic[item.economic, default: 0] += item.amount
        }
        // Each item as it is read: whether it goes (decided before its codes change, so a split
        // item is one decision), then on next year's codes into the batch and last year's sums.
        prepared.writes = try file.read { reader in
            try reader.forEachItem { item in
                if let project = item.project { prepared.projectAmounts[project, default: 0] += item.amount }
                var goes: Bool
                if item.source.isCarryover {
                    prepared.leftCarryover.count += 1
                    prepared.leftCarryover.amount += item.amount
                    goes = false
                } else if let project = item.project, !(kinds[project].flatMap { $0 }?.carriesOver ?? true) {
                    goes = false
                } else {
                    switch choice {
                    case .none: goes = false
                    case .basic: goes = item.type == .basic
                    case .all: goes = true
                    }
                    if !goes {
                        prepared.leftByChoice.count += 1
                        prepared.leftByChoice.amount += item.amount
                    }
                    // What the roster calculates is calculated again in the new file.
                    if goes, hasRoster, let id = item.id, records[id]?.matches(item) ?? false { goes = false }
                }
                if goes {
                    carried.add(item) { part in
                        batch.append(part)
                        sum(part)
                    }
                    if batch.count >= batchSize { batches.put(batch.take()) }
                } else {
                    others.add(item, emit: sum)
                }
            }
            return try reader.writeCount()
        }
        batches.put(batch.finish())
        prepared.moved = carried.moved
        // Each with the codes that stopped it: retired (by a rule or next year's list) with no rule.
        prepared.unmapped = (carried.unmapped + others.unmapped).sorted { ($0.id ?? 0) < ($1.id ?? 0) }.map { item in
            let codes = [(CodeKind.functional, item.functional), (.economic, item.economic)].filter { kind, code in
                migration.rules[kind]?[code] == nil && ((migration.retired[kind]?.contains(code) ?? false) || !isCurrent(kind, code))
            }
            return (item, codes)
        }
        return prepared
    }
}

/// Batches of line items handed from the reading thread to the writing one, in order, then
/// the end.
final class BatchQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [ItemBatch?] = []
    private let available = DispatchSemaphore(value: 0)

    func put(_ batch: ItemBatch) {
        lock.withLock { batches.append(batch) }
        available.signal()
    }

    /// No batch follows (the reading ended or failed).
    func end() {
        lock.withLock { batches.append(nil) }
        available.signal()
    }

    /// The next batch, waiting for it; nil at the end.
    func take() -> ItemBatch? {
        available.wait()
        return lock.withLock { batches.removeFirst() }
    }
}

/// Work on a thread of its own, whose value (or error) is taken once it is done.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// Waits for the work and gives its value, or throws its error.
    func value() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
