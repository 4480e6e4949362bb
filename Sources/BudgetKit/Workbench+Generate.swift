import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension Workbench {
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
}
