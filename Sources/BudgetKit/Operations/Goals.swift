import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// The department's itemised goals (分项绩效目标).
extension ProjectSession {
    // MARK: - Department goals (分项绩效目标)

    static let goalColumns: [String: [String]] = [
        "name": ["name", "名称", "目标名称"], "goal": ["goal", "绩效目标"], "indicators": ["indicators", "绩效指标"],
    ]

    /// Replaces the department's itemised goals with those of a CSV file.
    public func importGoals(from csvPath: String, encoding: EncodingChoice? = nil) throws -> [DepartmentGoal] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        var problems: [InputProblem] = []
        let goals = try InputFiles.readTable(csvPath, columns: Self.goalColumns, required: ["name", "goal", "indicators"], encoding: encoding).map {
            line, values in
            let goal = DepartmentGoal(name: values["name"] ?? "", goal: values["goal"] ?? "", indicators: values["indicators"] ?? "")
            problems += Self.textProblems([("名称", goal.name, true)], file: file, line: line, maximumLength: 200)
            problems += Self.textProblems([("绩效目标", goal.goal, true), ("绩效指标", goal.indicators, true)], file: file, line: line)
            return goal
        }
        try problems.throwIfAny()
        try projectFile.write { try $0.setDepartmentGoals(goals) }
        return goals
    }

    public func addGoal(_ goal: DepartmentGoal) throws {
        try
            (Self.textProblems([("--name（名称）", goal.name, true)], file: nil, line: nil, maximumLength: 200)
            + Self.textProblems([("--goal（绩效目标）", goal.goal, true), ("--indicators（绩效指标）", goal.indicators, true)], file: nil, line: nil))
            .throwIfAny()
        try projectFile.write { writer in
            var goals = try writer.reader.document().departmentGoals
            if goals.contains(where: { $0.name == goal.name }) {
                throw InputProblem(column: "--name（名称）", value: goal.name, message: "已经有这个分项绩效目标了")
            }
            goals.append(goal)
            try writer.setDepartmentGoals(goals)
        }
    }

    public func removeGoal(name: String) throws {
        try projectFile.write { writer in
            var goals = try writer.reader.document().departmentGoals
            guard let index = goals.firstIndex(where: { $0.name == name }) else {
                throw InputProblem(column: "--name（名称）", value: name, message: "没有这个分项绩效目标（用 budget goal list 查看）")
            }
            goals.remove(at: index)
            try writer.setDepartmentGoals(goals)
        }
    }

    /// Problems of free-text cells: one line, not too long, present when required.
    static func textProblems(_ cells: [(column: String, text: String, required: Bool)], file: String?, line: Int?, maximumLength: Int = 2000)
        -> [InputProblem]
    {
        var problems: [InputProblem] = []
        for cell in cells {
            if cell.text.isEmpty {
                if cell.required { problems.append(InputProblem(file: file, line: line, column: cell.column, message: "不能为空")) }
                continue
            }
            if let problem = TextRules.nameProblem(cell.text, maximumLength: maximumLength) {
                problems.append(InputProblem(file: file, line: line, column: cell.column, value: cell.text, message: problem))
            }
        }
        return problems
    }
}
