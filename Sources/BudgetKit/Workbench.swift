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
}

extension Array where Element == InputProblem {
    func throwIfAny() throws {
        if !isEmpty { throw InputProblems(self) }
    }
}
