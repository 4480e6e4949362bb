import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension Workbench {
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
        let (projects, totals) = try ProjectFile.open(at: path).read { (try $0.projects(), try $0.projectTotals()) }
        return ProjectList(
            projects: projects.map { project in
                let total = totals[project.name]
                return ProjectSummary(project: project, itemCount: total?.count ?? 0, total: total?.amount ?? 0)
            })
    }

    public static func renameProject(_ path: String, name: String, to newName: String) throws {
        if let problem = TextRules.nameProblem(newName) {
            throw InputProblem(column: "新名称", value: newName, message: "项目名称" + problem)
        }
        try ProjectFile.open(at: path).write { try $0.renameProject(name, to: newName) }
    }

    public static func removeProject(_ path: String, name: String) throws {
        try ProjectFile.open(at: path).write { try $0.deleteProject(name: name) }
    }
}
