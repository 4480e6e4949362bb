import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

/// One open project for the length of a command, or of a long-running process: the file is
/// opened once (identified, its journal judged, migrated), the template is resolved once per
/// choice, and the operations are methods grouped one concern per file under `Operations/`
/// (modelled on GRDB's `AppDatabase`: the file is private to the session, and each write method
/// runs one transaction that keeps the project's invariants).
///
/// Every figure comes from ``compose(template:variant:scope:checking:locate:)``, which reads the
/// project into one ``DisclosureInput`` and runs the ``DisclosurePipeline``.
public final class ProjectSession: @unchecked Sendable {
    public let path: String
    let projectFile: ProjectFile
    let lock = NSLock()
    private var templates: [TemplateKey: Template] = [:]
    /// The template's tables and what they are computed from, kept between item edits (see
    /// ``ResidentTables``); guarded by `lock`.
    var residentTables: ResidentTables?
    var residentLoads = 0

    /// A chosen template, or (choice nil) the project's stored setting: a change of the setting
    /// is a new key, so a session never uses a template the project no longer names.
    private struct TemplateKey: Hashable {
        var choice: String?
        var variant: String?
        var stored: String?
        var storedVariant: String?
    }

    /// Opens the project file at `path`.
    public init(_ path: String) throws {
        self.path = path
        projectFile = try ProjectFile.open(at: path)
    }

    /// Creates a new, empty project file for a department's budget year.
    public static func create(at path: String, department: Department) throws {
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
        try problems.throwIfAny()
        try ProjectFile.create(at: path, department: department).close()
    }

    /// Creates a project filled with a generated budget (see ``Generator``).
    @discardableResult
    public static func generate(at path: String, units: Int, items: Int, seed: UInt64) throws -> Generator.Budget {
        let budget = Generator.budget(units: units, items: items, seed: seed)
        let project = try ProjectFile.create(at: path, department: budget.department)
        try project.write { writer in
            for unit in budget.units { try writer.insertUnit(unit) }
            for item in budget.projects { try writer.insertProject(item) }
            try writer.insertItems(budget.items)
        }
        try project.close()
        // The rest of the document, so that the statement holds no placeholder and `check`
        // passes under either built-in template.
        try ProjectSession(path).fillStandIns()
        return budget
    }

    /// The template the disclosure is computed with: `choice` (a built-in name or a template
    /// file), else the project's default; `variant` one of its versions. Resolved once.
    public func template(_ choice: String? = nil, variant: String? = nil) throws -> Template {
        var key = TemplateKey(choice: choice, variant: variant)
        if choice == nil {
            (key.stored, key.storedVariant) = try projectFile.read { (try $0.setting("template"), try $0.setting("template-variant")) }
        }
        if let known = lock.withLock({ templates[key] }) { return known }
        let template = try Templates.resolve(projectFile, choice: choice, variant: variant)
        lock.withLock { templates[key] = template }
        return template
    }

    /// The disclosure: reads the project into one ``DisclosureInput`` and runs the pipeline.
    /// With `questions` false, the checks that only question amounts (warnings, per unit) are
    /// left out: what `export` needs, which only errors stop.
    public func compose(
        template choice: String? = nil, variant: String? = nil, scope: DisclosurePipeline.Scope = .whole,
        checking: DisclosurePipeline.Checking = .none, questions: Bool = true, locate: @escaping Checks.ItemLocator = { _ in [] }
    ) throws -> Disclosure {
        try Self.compose(
            projectFile, using: try template(choice, variant: variant), scope: scope, checking: checking, questions: questions, locate: locate)
    }

    /// Reads a project (or a snapshot's image) into one ``DisclosureInput`` and runs the
    /// pipeline: the only place a disclosure is composed from a project file.
    static func compose(
        _ project: ProjectFile, using template: Template, scope: DisclosurePipeline.Scope = .whole,
        checking: DisclosurePipeline.Checking = .none, questions: Bool = true, locate: @escaping Checks.ItemLocator = { _ in [] },
        document known: DocumentData? = nil, tablesOnly: Bool = false
    ) throws -> Disclosure {
        let input = try project.read { reader in
            try Self.input(reader, using: template, checking: checking, questions: questions, document: known, tablesOnly: tablesOnly)
        }
        return try DisclosurePipeline.run(input, scope: scope, checking: checking, locate: locate)
    }

    /// What the pipeline is fed, read in one state of the file.
    static func input(
        _ reader: ProjectReader, using template: Template, checking: DisclosurePipeline.Checking = .none, questions: Bool = true,
        document known: DocumentData? = nil, tablesOnly: Bool = false
    ) throws -> DisclosureInput {
        // The document as the caller read it in the same state of the file, else read now.
        // With `tablesOnly` (the template's tables and nothing that reads the document), only
        // the scope of 机关运行经费 is read: not the texts, projects and 绩效目标表 (tens of
        // thousands of rows in a large project).
        var document =
            try known ?? (tablesOnly ? DocumentData(operationCostScope: try reader.operationCostScope()) : reader.document())
        // What the roster checks compare the roster with, read only when they run (`check`).
        if questions, case .all = checking { document.roster = try reader.rosterFacts(lines: true) }
        // The caps against the line items, whenever the checks run: over a cap is an error,
        // which stops `export` too. Nothing is read when the project has no caps.
        if case .all = checking, !document.caps.isEmpty { document.capExecution = try reader.capExecution() }
        return DisclosureInput(
            data: try Self.reportData(reader, template, scope: document.operationCostScope, checking: questions ? checking : .none),
            document: document,
            template: template)
    }

    /// The totals a template's tables need, with the scope of 机关运行经费 (the template's, else
    /// the project's) and, when only 行政 and 参公 units count, their 公用经费.
    /// When checking, also the line items the plausibility checks look at per unit, and whether
    /// the scope was ever chosen (with both figures when the department has 事业 units).
    static func reportData(
        _ reader: ProjectReader, _ template: Template, scope: OperationCostScope, checking: DisclosurePipeline.Checking = .none
    ) throws -> BudgetData {
        var data = try reader.data(full: template.needsFullTotals)
        data.operationCostScope = template.operationCostScope.flatMap(OperationCostScope.init(rawValue:)) ?? scope
        data.tableSettings = try reader.tableSettings()
        if case .all = checking {
            data.unitLines = try reader.unitLines()
            data.operationCostScopeChosen = try reader.operationCostScopeChosen()
        }
        let askScope = !data.operationCostScopeChosen && data.units.contains { $0.nature == .institution }
        if data.operationCostScope == .administrative || askScope { data.publicFundsByUnitNature = try reader.publicFundsByUnitNature() }
        return data
    }
}

extension Array where Element == InputProblem {
    func throwIfAny() throws {
        if !isEmpty { throw InputProblems(self) }
    }
}
