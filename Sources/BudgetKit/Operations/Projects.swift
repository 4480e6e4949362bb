import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension ProjectSession {
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

    /// The kind a clerk wrote (一次性、经常性、延续); "" clears it (.some(nil)).
    public static func projectKind(_ text: String, column: String) throws -> ProjectKind? {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        guard let kind = ProjectKind.parse(text) else {
            throw InputProblem(column: column, value: text, message: "项目类别应为 \(ProjectKind.choices) 之一")
        }
        return kind
    }

    public func addProject(_ project: BudgetProject) throws {
        var project = project
        project.unitCode = project.unitCode.map(FieldRules.unitCode)
        if let problem = TextRules.nameProblem(project.name) {
            throw InputProblem(column: "项目名称", value: project.name, message: "项目名称" + problem)
        }
        if !project.note.isEmpty, let problem = TextRules.nameProblem(project.note, maximumLength: 500) {
            throw InputProblem(column: "备注", value: project.note, message: "备注" + problem)
        }
        try projectFile.write { try $0.insertProject(project) }
    }

    public func projects() throws -> ProjectList {
        let (projects, totals) = try projectFile.read { (try $0.projects(), try $0.projectTotals()) }
        return ProjectList(
            projects: projects.map { project in
                let total = totals[project.name]
                return ProjectSummary(project: project, itemCount: total?.count ?? 0, total: total?.amount ?? 0)
            })
    }

    public func renameProject(name: String, to newName: String) throws {
        if let problem = TextRules.nameProblem(newName) {
            throw InputProblem(column: "新名称", value: newName, message: "项目名称" + problem)
        }
        try projectFile.write { try $0.renameProject(name, to: newName) }
    }

    public func removeProject(name: String) throws {
        try projectFile.write { try $0.deleteProject(name: name) }
    }

    // MARK: - Projects: goal and declared amount

    /// Changes a project's goal text or declared amount (nil leaves it; an empty amount clears it).
    /// Sets a project's goal, declared amount and parts of its 项目经费情况说明 (nil leaves a
    /// part as it was; an empty text clears it).
    /// The project amount `project set` stored, to be said back with its unit.
    public struct DeclaredAmount: Sendable, Equatable {
        public var amount: Fen
        /// The project's line items' total.
        public var itemsTotal: Fen
        /// Whether the amount, given in 元, looks meant in 万元 (``looksLikeWan(_:itemsTotal:)``).
        public var looksLikeWan: Bool
    }

    /// An amount given in 元 that was probably meant in 万元 (the 万元 figure typed without
    /// `--amount-unit wan`): when the project has line items, their total is 1,000 times the
    /// amount or more (265 元 beside 265 万元 of items: 10,000 times; an amount truly in 元 is
    /// not a thousandth of its own items); when it has none yet, an amount below 1,000 元 (0.1
    /// 万元), smaller than any project a budget lists.
    public static func looksLikeWan(_ amount: Fen, itemsTotal: Fen) -> Bool {
        guard amount > 0 else { return false }
        if itemsTotal > 0 { return itemsTotal / 1_000 >= amount }
        return amount < 100_000
    }

    /// Sets a project's goal, declared amount and 项目经费情况说明 texts; returns the amount
    /// stored, when one was given, for the clerk to read back.
    @discardableResult
    public func setProject(
        name: String, goal: String?, amount: String?, amountUnit: Money.InputUnit, texts: [ProjectTextField: String] = [:],
        kind: ProjectKind?? = nil
    ) throws -> DeclaredAmount? {
        var problems = Self.textProblems([("--goal（绩效目标）", goal ?? "", false)], file: nil, line: nil)
        problems += Self.textProblems(
            texts.sorted { $0.key.rawValue < $1.key.rawValue }.map { ("--\($0.key.rawValue)（\($0.key.chineseName)）", $0.value, false) },
            file: nil, line: nil, maximumLength: 5000)
        var declared: Fen??
        if let amount {
            if amount.isEmpty {
                declared = .some(nil)
            } else {
                do {
                    declared = .some(try Money.parse(amount, unit: amountUnit))
                } catch {
                    problems.append(InputProblem(column: "--amount（项目金额）", value: amount, message: error.reason))
                }
            }
        }
        try problems.throwIfAny()
        return try projectFile.write { writer -> DeclaredAmount? in
            _ = try writer.projectID(name)
            if let goal { try writer.setProjectGoal(name, goal: goal) }
            if let declared { try writer.setProjectDeclaredAmount(name, declared) }
            if !texts.isEmpty { try writer.setProjectTexts(name, texts) }
            if let kind { try writer.setProjectKind(name, kind) }
            guard let stored = declared ?? nil else { return nil }
            let itemsTotal = try writer.reader.projectTotals()[name]?.amount ?? 0
            return DeclaredAmount(
                amount: stored, itemsTotal: itemsTotal, looksLikeWan: amountUnit == .yuan && Self.looksLikeWan(stored, itemsTotal: itemsTotal))
        }
    }
}
