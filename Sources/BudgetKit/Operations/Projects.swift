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
    public func setProject(
        name: String, goal: String?, amount: String?, amountUnit: Money.InputUnit, texts: [ProjectTextField: String] = [:]
    ) throws {
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
        try projectFile.write { writer in
            _ = try writer.projectID(name)
            if let goal { try writer.setProjectGoal(name, goal: goal) }
            if let declared { try writer.setProjectDeclaredAmount(name, declared) }
            if !texts.isEmpty { try writer.setProjectTexts(name, texts) }
        }
    }
}
