import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

/// The operations of the workbench. Each opens the project file, does its work in one
/// transaction, and returns what the command line prints.
public enum Workbench {
    /// The template the tables are computed with.
    public static func template() throws -> Template { try Template.builtIn("hebei") }

    // MARK: - Project

    public static func initProject(at path: String, department: Department) throws {
        var problems: [InputProblem] = []
        if let problem = TextRules.codeProblem(department.code) {
            problems.append(InputProblem(column: "部门编码", value: department.code, message: "部门编码" + problem))
        }
        if let problem = TextRules.nameProblem(department.name) {
            problems.append(InputProblem(column: "部门名称", value: department.name, message: "部门名称" + problem))
        }
        if !(2000...2100).contains(department.year) {
            problems.append(InputProblem(column: "预算年度", value: String(department.year), message: "预算年度应在 2000 到 2100 之间"))
        }
        if !problems.isEmpty { throw InputProblems(problems) }
        try ProjectFile.create(at: path, department: department).close()
    }

    // MARK: - Units

    public static func addUnit(_ path: String, _ unit: BudgetUnit) throws {
        try validate(unit, file: nil, line: nil).throwIfAny()
        try ProjectFile.open(at: path).write { try $0.insertUnit(unit) }
    }

    public static func units(_ path: String) throws -> [BudgetUnit] {
        try ProjectFile.open(at: path).read { try $0.units() }
    }

    public static func removeUnit(_ path: String, code: String) throws {
        _ = try ProjectFile.open(at: path).write { try $0.deleteUnit(code: code) }
    }

    static func validate(_ unit: BudgetUnit, file: String?, line: Int?) -> [InputProblem] {
        var problems: [InputProblem] = []
        if let problem = TextRules.codeProblem(unit.code) {
            problems.append(InputProblem(file: file, line: line, column: "单位编码", value: unit.code, message: "单位编码" + problem))
        }
        for (column, text) in [("单位名称", unit.name), ("单位规格", unit.level), ("经费保障形式", unit.fundingForm)] where !(text.isEmpty && column != "单位名称") {
            if let problem = TextRules.nameProblem(text) {
                problems.append(InputProblem(file: file, line: line, column: column, value: text, message: column + problem))
            }
        }
        return problems
    }

    /// Imports units from CSV (`code,name,nature,level,funding_form` or the Chinese headers).
    public static func importUnits(_ path: String, from csvPath: String) throws -> [BudgetUnit] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try readTable(csvPath, columns: UnitColumns.all, required: ["code", "name", "nature"])
        var units: [BudgetUnit] = []
        var problems: [InputProblem] = []
        var seen: Set<String> = []
        for (line, values) in table {
            let natureText = values["nature"] ?? ""
            guard let nature = Vocabulary.unitNature(natureText) else {
                problems.append(InputProblem(file: file, line: line, column: "单位性质", value: natureText, message: "单位性质应为 行政、事业 或 参公"))
                continue
            }
            let unit = BudgetUnit(
                code: values["code"] ?? "", name: values["name"] ?? "", nature: nature, level: values["level"] ?? "",
                fundingForm: values["funding_form"] ?? "")
            problems += validate(unit, file: file, line: line)
            if !seen.insert(unit.code).inserted {
                problems.append(InputProblem(file: file, line: line, column: "单位编码", value: unit.code, message: "文件中单位编码重复"))
            }
            units.append(unit)
        }
        let project = try ProjectFile.open(at: path)
        let existing = Set(try project.read { try $0.units() }.map(\.code))
        for (index, unit) in units.enumerated() where existing.contains(unit.code) {
            problems.append(InputProblem(file: file, line: table[index].line, column: "单位编码", value: unit.code, message: "项目中已经有这个单位编码了"))
        }
        try problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.throwIfAny()
        try project.write { writer in
            for unit in units { try writer.insertUnit(unit) }
        }
        return units
    }

    enum UnitColumns {
        static let all: [String: [String]] = [
            "code": ["code", "单位编码"], "name": ["name", "单位名称"], "nature": ["nature", "单位性质"],
            "level": ["level", "单位规格"], "funding_form": ["funding_form", "经费保障形式"],
        ]
    }

    /// Reads a small CSV whose header names columns from `columns` (key → accepted names).
    static func readTable(_ csvPath: String, columns: [String: [String]], required: [String]) throws -> [(line: Int, values: [String: String])] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let data = try readFile(csvPath)
        let text: String
        do {
            text = try TextDecoding.decode(data).text
        } catch {
            throw InputProblems([InputProblem(file: file, message: "无法识别文件的文字编码：请另存为“CSV UTF-8”")])
        }
        let (records, errors) = CSVReader.records(text)
        var problems = errors.map { InputProblem(file: file, line: $0.line, message: $0.message) }
        guard let header = records.first else {
            throw InputProblems(problems + [InputProblem(file: file, message: "文件是空的")])
        }
        var keys: [String] = []
        for name in header.fields {
            let folded = Vocabulary.fold(name)
            guard let key = columns.first(where: { $0.value.contains { Vocabulary.fold($0) == folded } })?.key else {
                problems.append(InputProblem(file: file, line: header.line, column: name, message: "不认识的列名。可用：" + columns.values.map { $0.joined(separator: "/") }.sorted().joined(separator: "、")))
                keys.append("")
                continue
            }
            keys.append(key)
        }
        for key in required where !keys.contains(key) {
            problems.append(InputProblem(file: file, line: header.line, message: "缺少“\(columns[key]!.joined(separator: "/"))”列"))
        }
        var rows: [(Int, [String: String])] = []
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard record.fields.count == keys.count else {
                problems.append(InputProblem(file: file, line: record.line, message: "这一行有 \(record.fields.count) 个字段，表头有 \(keys.count) 列"))
                continue
            }
            var values: [String: String] = [:]
            for (key, value) in zip(keys, record.fields) where !key.isEmpty {
                values[key] = value.trimmingCharacters(in: .whitespaces)
            }
            rows.append((record.line, values))
        }
        try problems.throwIfAny()
        return rows
    }

    static func readFile(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputProblem(file: path, message: "找不到这个文件")
        }
        if isDirectory.boolValue { throw InputProblem(file: path, message: "这是一个文件夹，不是文件") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputProblem(file: path, message: "无法读取这个文件（没有读权限？）")
        }
        return data
    }

    // MARK: - Projects

    public struct ProjectSummary: Sendable {
        public var project: BudgetProject
        public var itemCount: Int
        public var total: Fen
    }

    /// Every project, and the sums over all of them.
    public struct ProjectList: Sendable {
        public var projects: [ProjectSummary]
        public var itemCount: Int { projects.reduce(0) { $0 + $1.itemCount } }
        public var total: Fen { projects.reduce(0) { $0 + $1.total } }
    }

    public static func addProject(_ path: String, _ project: BudgetProject) throws {
        if let problem = TextRules.nameProblem(project.name) {
            throw InputProblem(column: "项目名称", value: project.name, message: "项目名称" + problem)
        }
        if !project.note.isEmpty, let problem = TextRules.nameProblem(project.note, maximumLength: 500) {
            throw InputProblem(column: "备注", value: project.note, message: "备注" + problem)
        }
        try ProjectFile.open(at: path).write { try $0.insertProject(project) }
    }

    public static func projects(_ path: String) throws -> ProjectList {
        let snapshot = try ProjectFile.open(at: path).snapshot()
        let byProject = Dictionary(grouping: snapshot.items.filter { $0.project != nil }) { $0.project! }
        return ProjectList(projects: snapshot.projects.map { project in
            let items = byProject[project.name] ?? []
            return ProjectSummary(project: project, itemCount: items.count, total: items.reduce(0) { $0 + $1.amount })
        })
    }

    public static func removeProject(_ path: String, name: String) throws {
        try ProjectFile.open(at: path).write { try $0.deleteProject(name: name) }
    }

    // MARK: - Line items

    /// Problems of a row typed as command-line options name the options, not CSV columns.
    static func asOptions(_ problems: [InputProblem]) -> InputProblems {
        InputProblems(problems.map { problem in
            var problem = problem
            if let column = problem.column, let field = LineItemColumn.allCases.first(where: { $0.chineseName == column }) {
                problem.column = "\(field.option)（\(column)）"
            }
            return problem
        })
    }

    static func context(_ reader: ProjectReader) throws -> ImportContext {
        ImportContext(
            unitCodes: Set(try reader.units().map(\.code)), projectNames: Set(try reader.projects().map(\.name)),
            codes: try reader.codeBook())
    }

    /// Adds one line item; a project named for the first time is created.
    public static func addItem(_ path: String, values: [LineItemColumn: String], amountUnit: Money.InputUnit) throws -> (item: LineItem, newProject: Bool) {
        try ProjectFile.open(at: path).write { writer in
            let context = try context(writer.reader)
            var names: [CodeKind: [String: String]] = [:]
            let result = RowReader(file: nil, line: nil, values: values).lineItem(unit: amountUnit, context: context, newNames: &names)
            guard var item = result.item else { throw asOptions(result.problems) }
            var created = false
            if let project = item.project, !context.projectNames.contains(project) {
                try writer.insertProject(BudgetProject(name: project, unitCode: item.unitCode))
                created = true
            }
            try writer.setCodeNames(entries(names), origin: .user)
            item.id = try writer.insertItems([item]).first
            return (item, created)
        }
    }

    /// Changes fields of one line item; the rest stay as they were.
    public static func setItem(_ path: String, id: Int64, changes: [LineItemColumn: String], amountUnit: Money.InputUnit) throws -> LineItem {
        try ProjectFile.open(at: path).write { writer in
            guard let old = try writer.reader.item(id: id) else {
                throw InputProblem(column: "明细编号", value: String(id), message: "没有这条预算明细（用 budget item list 查看编号）")
            }
            var values: [LineItemColumn: String] = [
                .unit: old.unitCode, .functional: old.functional, .economic: old.economic, .type: old.type.rawValue,
                .nature: old.nature?.rawValue ?? "", .project: old.project ?? "", .source: old.source.rawValue,
                .note: old.note,
            ]
            // A change of type drops what belonged to the old type.
            if let type = changes[.type].flatMap(Vocabulary.expenditureType), type != old.type {
                if type != .project { values[.project] = "" }
                if type != .basic || old.type != .basic { values[.nature] = "" }
            }
            if changes[.economic] != nil && changes[.nature] == nil && old.type == .basic
                && old.nature == CostNature.defaultFor(economic: old.economic)
            {
                values[.nature] = ""  // the nature followed the old code's default; follow the new one
            }
            var unit = amountUnit
            if changes[.amount] == nil {
                values[.amount] = Money.formatYuan(old.amount)
                unit = .yuan
            }
            for (column, value) in changes { values[column] = value }
            let context = try context(writer.reader)
            var names: [CodeKind: [String: String]] = [:]
            let result = RowReader(file: nil, line: nil, values: values).lineItem(unit: unit, context: context, newNames: &names)
            guard var item = result.item else { throw asOptions(result.problems) }
            if let project = item.project, !context.projectNames.contains(project) {
                try writer.insertProject(BudgetProject(name: project, unitCode: item.unitCode))
            }
            try writer.setCodeNames(entries(names), origin: .user)
            item.id = id
            try writer.updateItem(item)
            return item
        }
    }

    static func entries(_ names: [CodeKind: [String: String]]) -> [CatalogEntry] {
        names.flatMap { kind, map in map.map { CatalogEntry(kind: kind, code: $0.key, name: $0.value) } }
            .sorted { ($0.kind.rawValue, $0.code) < ($1.kind.rawValue, $1.code) }
    }

    public static func removeItems(_ path: String, ids: [Int64]) throws {
        try ProjectFile.open(at: path).write { try $0.deleteItems(ids: ids) }
    }

    /// Which line items `item list` shows.
    public struct ItemQuery: Sendable {
        public var unit: String?
        public var functionalPrefix: String?
        public var economicPrefix: String?
        public var type: ExpenditureType?
        public var source: FundingSource?
        public var project: String?

        public init(
            unit: String? = nil, functionalPrefix: String? = nil, economicPrefix: String? = nil, type: ExpenditureType? = nil,
            source: FundingSource? = nil, project: String? = nil
        ) {
            self.unit = unit
            self.functionalPrefix = functionalPrefix
            self.economicPrefix = economicPrefix
            self.type = type
            self.source = source
            self.project = project
        }

        func matches(_ item: LineItem) -> Bool {
            (unit == nil || item.unitCode == unit) && (functionalPrefix.map(item.functional.hasPrefix) ?? true)
                && (economicPrefix.map(item.economic.hasPrefix) ?? true) && (type == nil || item.type == type)
                && (source == nil || item.source == source) && (project == nil || item.project == project)
        }
    }

    public static func items(_ path: String, matching query: ItemQuery) throws -> (items: [LineItem], total: Fen, codes: CodeBook) {
        let snapshot = try ProjectFile.open(at: path).snapshot()
        let items = snapshot.items.filter(query.matches)
        return (items, items.reduce(0) { $0 + $1.amount }, snapshot.codes)
    }

    // MARK: - CSV

    public struct ImportSummary: Sendable {
        public var itemCount: Int
        public var total: Fen
        public var newProjects: [String]
        public var newCodeNames: [CatalogEntry]
        public var encoding: TextEncoding
    }

    /// Imports line items from CSV in one transaction: every row is checked, and either all are
    /// written or none. Rows are written as they are read, so a large file is never held twice.
    public static func importItems(
        _ path: String, from csvPath: String, unit: Money.InputUnit, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let project = try ProjectFile.open(at: path)
        let data = try readFile(csvPath)
        let fileName = URL(fileURLWithPath: csvPath).lastPathComponent
        // Past about 50,000 rows, building the indexes once at the end is faster.
        let bulk = data.count > 2_500_000
        return try project.write(bulk: bulk) { writer in
            let context = try context(writer.reader)
            if bulk { try writer.dropItemIndexes() }
            let inserter = try writer.inserter()
            var created = context.projectNames
            // The file is read and checked on another thread while this one writes the rows.
            let pipeline = Pipeline<LineItem>()
            let outcome = Handoff<Result<LineItemCSV.Summary, any Error>>()
            let report = progress.map { report in UncheckedSendable(report) }
            Thread.detachNewThread {
                var batch: [LineItem] = []
                batch.reserveCapacity(4096)
                let result = Result {
                    try LineItemCSV.read(data: data, fileName: fileName, unit: unit, context: context, progress: report?.value) { item in
                        batch.append(item)
                        if batch.count == 4096 {
                            guard pipeline.push(batch) else { throw CancellationError() }
                            batch.removeAll(keepingCapacity: true)
                        }
                    }
                }
                if case .success = result, !batch.isEmpty { _ = pipeline.push(batch) }
                pipeline.finish()
                outcome.set(result)
            }
            do {
                while let batch = pipeline.pop() {
                    for item in batch {
                        // A new project belongs to the unit of its first line.
                        if let name = item.project, !created.contains(name) {
                            try writer.insertProject(BudgetProject(name: name, unitCode: item.unitCode))
                            created.insert(name)
                        }
                        try inserter.insert(item)
                    }
                }
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
            return ImportSummary(
                itemCount: summary.itemCount, total: summary.total, newProjects: summary.newProjects, newCodeNames: summary.newCodeNames,
                encoding: summary.encoding)
        }
    }

    /// Carries a closure the caller promises to use from one thread at a time.
    struct UncheckedSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Writes every line item as CSV (UTF-8 with BOM, so Excel opens it as Chinese text).
    public static func exportCSV(_ path: String, to output: String) throws -> Int {
        let snapshot = try ProjectFile.open(at: path).snapshot()
        // Names of codes the bundled catalog lacks travel with the items.
        let bundled = snapshot.codes.bundled
        let needsNames = snapshot.items.contains { bundled.name(.functional, $0.functional) == nil || bundled.name(.economic, $0.economic) == nil }
        let text = LineItemCSV.write(snapshot.items, names: needsNames ? snapshot.codes : nil)
        try writeAtomically(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), to: output)
        return snapshot.items.count
    }

    /// Temp file beside the target, fsync, rename: a failure leaves the old file as it was.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw InputProblem(file: path, message: "这是一个文件夹，不能写成文件") }
            if let handle = FileHandle(forReadingAtPath: path) {
                defer { try? handle.close() }
                if (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8) {
                    throw InputProblem(file: path, message: "目标是一个项目文件，写入会覆盖它：请换一个文件名")
                }
            }
        }
        let temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        defer { unlink(temporary) }
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw InputProblem(file: path, message: "无法写入：文件夹不存在或没有写权限")
        }
        let fd = open(temporary, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        guard rename(temporary, path) == 0 else {
            throw InputProblem(file: path, message: "无法写入：\(String(cString: strerror(errno)))")
        }
    }

    // MARK: - Catalog

    /// Loads the finance bureau's code list for the year (`code,name`); its names then win.
    public static func importCatalog(_ path: String, from csvPath: String) throws -> [CodeKind: Int] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let rows = try readTable(
            csvPath, columns: ["code": ["code", "科目编码", "编码"], "name": ["name", "科目名称", "名称"], "level": ["level", "级次"], "parent": ["parent", "上级编码"]],
            required: ["code", "name"])
        var entries: [CatalogEntry] = []
        var problems: [InputProblem] = []
        for (line, values) in rows {
            let code = values["code"] ?? ""
            let name = values["name"] ?? ""
            let digits = code.allSatisfy { $0.isASCII && $0.isNumber }
            let kind: CodeKind? =
                digits && code.hasPrefix("2") && [3, 5, 7].contains(code.count) ? .functional
                : digits && code.hasPrefix("3") && [3, 5].contains(code.count) ? .economic : nil
            guard let kind else {
                problems.append(InputProblem(file: file, line: line, column: "科目编码", value: code, message: "应为功能分类（2 开头，3/5/7 位）或部门经济分类（3 开头，3/5 位）编码"))
                continue
            }
            if let problem = TextRules.nameProblem(name) {
                problems.append(InputProblem(file: file, line: line, column: "科目名称", value: name, message: "名称" + problem))
                continue
            }
            entries.append(CatalogEntry(kind: kind, code: code, name: name))
        }
        try problems.throwIfAny()
        try ProjectFile.open(at: path).write { try $0.setCodeNames(entries, origin: .bureau) }
        return Dictionary(grouping: entries, by: \.kind).mapValues(\.count)
    }

    // MARK: - Doctor

    /// A report on the project file a clerk can send to support, and whether it is healthy.
    public struct DoctorReport: Sendable {
        public var lines: [String]
        public var problems: [String]
    }

    public static func doctor(_ path: String) throws -> DoctorReport {
        let project = try ProjectFile.open(at: path)
        let facts = try project.facts()
        let department = try project.read { try $0.department() }
        let problems = try project.integrityProblems()
        let catalog = Catalog.bundled
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let lines = [
            "项目文件：\(path)（\((attributes?[.size] as? NSNumber)?.intValue ?? facts.pageCount * facts.pageSize) 字节）",
            "部门：\(department.code) \(department.name)，\(department.year) 年度",
            "文件格式版本：\(facts.formatVersion)（迁移：\(facts.migrations.joined(separator: "、"))），日志模式：\(facts.journalMode)，SQLite \(facts.sqliteVersion)",
            "内容：\(facts.units) 个单位，\(facts.projects) 个项目，\(facts.items) 条明细，合计 \(Money.formatYuan(facts.total)) 元",
            "分类目录：内置功能分类 \(catalog.functional.count) 个科目、部门经济分类 \(catalog.economic.count) 个科目；财政部门科目表 \(facts.bureauCodes) 个；使用者自填 \(facts.userCodes) 个",
            "完整性检查：" + (problems.isEmpty ? "通过（integrity_check、外键、汇总数与明细一致）" : "发现 \(problems.count) 个问题"),
        ] + problems.map { "  - \($0)" }
        return DoctorReport(lines: lines, problems: problems)
    }

    // MARK: - Synthetic projects

    /// Creates a project filled with a generated budget (see ``Generator``).
    public static func generate(at path: String, units: Int, items: Int, seed: UInt64) throws -> Generator.Budget {
        let budget = Generator.budget(units: units, items: items, seed: seed)
        let project = try ProjectFile.create(at: path, department: budget.department)
        try project.write { writer in
            for unit in budget.units { try writer.insertUnit(unit) }
            for item in budget.projects { try writer.insertProject(item) }
            try writer.insertItems(budget.items)
        }
        return budget
    }

    // MARK: - Tables, checks, export

    /// The tables, computed from the project's kept totals.
    public static func reports(_ path: String) throws -> ReportSet {
        let template = try template()
        return try ReportEngine.compute(try ProjectFile.open(at: path).read { try $0.data(full: template.needsFullTotals) }, template: template)
    }

    public struct CheckResult: Sendable {
        public var findings: [Finding]
        public var reports: ReportSet
        public var errorCount: Int { findings.filter { $0.severity == .error }.count }
        public var warningCount: Int { findings.count - errorCount }
    }

    /// Runs every check. With `full`, the file itself is checked too (integrity, foreign keys, and
    /// the kept totals against a fresh sum of every line item), which reads the whole file.
    public static func check(_ path: String, full: Bool = false, rebuildTotals: Bool = false) throws -> CheckResult {
        let project = try ProjectFile.open(at: path)
        if rebuildTotals { try project.write { try $0.rebuildTotals() } }
        let template = try template()
        let data = try project.read { try $0.data(full: template.needsFullTotals) }
        let reports = try ReportEngine.compute(data, template: template)
        var findings: [Finding] = []
        if full {
            findings += try project.integrityProblems().map { Finding(severity: .error, check: "integrity", message: "项目文件内部检查失败：\($0)") }
        }
        findings += Checks.run(data, reports) { filter in
            (try? project.read { try $0.itemIDs(where: { filter.matches($0) }) }) ?? []
        }
        return CheckResult(findings: findings, reports: reports)
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
    public static func export(_ path: String, to output: String, force: Bool, withItems: Bool = false) throws -> CheckResult {
        let result = try checkedForExport(path, force: force)
        let project = try ProjectFile.open(at: path)
        let items = withItems ? ItemSheet { body in try project.read { try $0.forEachItem(body) } } : nil
        try WorkbookWriter.export(
            result.reports, to: output,
            options: WorkbookOptions(created: pinnedDate(result.reports.department.year), uncheckedStamp: stamp(result), itemSheet: items))
        return result
    }

    /// The gate before any workbook leaves: kept totals agree with the items, and no check finds
    /// an error unless `force`.
    static func checkedForExport(_ path: String, force: Bool) throws -> CheckResult {
        guard try ProjectFile.open(at: path).read({ try $0.totalsAgree() }) else { throw StoreError.totalsDisagree(path: path) }
        let result = try check(path)
        if result.errorCount > 0 && !force { throw ExportRefused(result: result) }
        return result
    }

    static func stamp(_ result: CheckResult) -> String? {
        result.errorCount > 0 ? "未经校验：检查发现 \(result.errorCount) 个错误，本工作簿不得用于报批或公开" : nil
    }

    /// Exports one workbook per unit into a folder, each with that unit's own tables; returns the
    /// files written. The department's checks gate it as they gate `export`.
    public static func exportUnits(
        _ path: String, to folder: String, force: Bool, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [String] {
        let result = try checkedForExport(path, force: force)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputProblem(file: folder, message: "文件夹不存在：请先建好文件夹")
        }
        let project = try ProjectFile.open(at: path)
        let template = try template()
        // One scan of the items, summed per unit.
        let (data, perUnit) = try project.read { reader -> (BudgetData, [String: [ItemTotal.Key: (Fen, Int)]]) in
            var sums: [String: [ItemTotal.Key: (Fen, Int)]] = [:]
            try reader.forEachItem { item in
                let old = sums[item.unitCode, default: [:]][ItemTotal.Key(item)] ?? (0, 0)
                sums[item.unitCode, default: [:]][ItemTotal.Key(item)] = (old.0 + item.amount, old.1 + 1)
            }
            return (try reader.data(), sums)
        }
        let units = data.units
        let files = units.map { URL(fileURLWithPath: folder).appendingPathComponent("\($0.code) \(fileSafe($0.name)).xlsx").path }
        let options = WorkbookOptions(created: pinnedDate(data.department.year), uncheckedStamp: stamp(result))
        // Each workbook is independent: write them on every core.
        let state = BatchState(count: units.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, units.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: units.count, by: workers) where !state.failed {
                let unit = units[index]
                let totals = (perUnit[unit.code] ?? [:]).map { ItemTotal(key: $0.key, amount: $0.value.0, count: $0.value.1) }
                let unitData = BudgetData(
                    department: Department(code: unit.code, name: unit.name, year: data.department.year), units: [unit], projects: [],
                    totals: totals, functionalTotals: ItemTotal.projecting(totals, functional: true),
                    economicTotals: ItemTotal.projecting(totals, functional: false), codes: data.codes,
                    unitItemCounts: [:], projectItemCounts: [:], zeroAmountItems: [])
                do {
                    let reports = try ReportEngine.compute(unitData, template: template)
                    try WorkbookWriter.export(reports, to: files[index], options: options)
                    let done = state.finishOne()
                    if let progress, worker == 0 { progress(done, units.count) }
                } catch {
                    state.fail(error)
                }
            }
        }
        if let error = state.error { throw error }
        progress?(units.count, units.count)
        return files
    }

    /// What the workers of a batch export share.
    final class BatchState: @unchecked Sendable {
        let lock = NSLock()
        let count: Int
        var done = 0
        var error: (any Error)?
        init(count: Int) { self.count = count }
        var failed: Bool { lock.withLock { error != nil } }
        func finishOne() -> Int { lock.withLock { done += 1; return done } }
        func fail(_ error: any Error) { lock.withLock { if self.error == nil { self.error = error } } }
    }

    /// A name usable as a file name on Windows and Linux.
    static func fileSafe(_ name: String) -> String {
        String(name.map { "\\/:*?\"<>|".contains($0) ? "_" : $0 }.prefix(80))
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

extension Array where Element == InputProblem {
    func throwIfAny() throws {
        if !isEmpty { throw InputProblems(self) }
    }
}
