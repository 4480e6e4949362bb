import BudgetModel

/// A project without line items is pointed out (a warning).
enum EmptyProjectCheck: DisclosureCheck {
    static let id = CheckID.emptyProject

    static func run(_ context: CheckContext) -> [Finding] {
        emptyProjects(context.data)
    }

    static func emptyProjects(_ data: BudgetData) -> [Finding] {
        data.projects.filter { (data.projectItemCounts[$0.name] ?? 0) == 0 }.map {
            Finding(severity: .warning, check: id.rawValue, message: "项目“\($0.name)”没有任何预算明细", row: $0.name)
        }
    }
}
