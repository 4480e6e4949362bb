import BudgetModel
import BudgetStore

/// The 分项绩效目标 sheet: the department's itemised goals, by the rules of `budget goal import`.
struct GoalsSheet {
    var goals: [DepartmentGoal] = []
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets) {
        guard sheets.has(.goals) else { return }
        let goalRows = sheets.rows(.goals)
        for (line, values) in DraftSheets.numbered(goalRows) {
            let goal = DepartmentGoal(name: values["name"] ?? "", goal: values["goal"] ?? "", indicators: values["indicators"] ?? "")
            let found =
                ProjectSession.textProblems([("名称", goal.name, true)], file: nil, line: line, maximumLength: 200)
                + ProjectSession.textProblems([("绩效目标", goal.goal, true), ("绩效指标", goal.indicators, true)], file: nil, line: line)
            problems += sheets.locate(found, goalRows, .goals)
            goals.append(goal)
        }
    }

    /// The goals replaced by the sheet's.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        if sheets.has(.goals) { try writer.setDepartmentGoals(goals) }
    }
}
