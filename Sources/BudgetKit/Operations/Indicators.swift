import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// The projects' performance targets (绩效指标).
extension ProjectSession {
    // MARK: - Performance indicators

    static let indicatorColumns: [String: [String]] = [
        "project": ["project", "项目名称", "项目"], "goal": ["goal", "绩效目标"], "level1": ["level1", "一级指标"],
        "level2": ["level2", "二级指标"], "level3": ["level3", "三级指标"], "description": ["description", "绩效指标描述", "指标描述"],
        "value": ["value", "指标值"], "basis": ["basis", "指标值确定依据", "确定依据"],
    ]

    public struct IndicatorImport: Sendable {
        /// Project name → number of indicator rows now in its table, in file order.
        public var projects: [(name: String, count: Int)]
    }

    /// Replaces the performance-target tables of the projects a CSV file names (other projects
    /// keep theirs). A blank 项目名称 or 一级指标 continues the one above, as in a sheet with
    /// merged cells.
    public func importIndicators(from csvPath: String, encoding: EncodingChoice? = nil) throws -> IndicatorImport {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try InputFiles.readTable(
            csvPath, columns: Self.indicatorColumns, required: ["project", "level1", "level2", "level3", "value"], encoding: encoding)
        let project = projectFile
        let known = Set(try project.read { try $0.projects() }.map(\.name))
        let (order, indicators, goals, problems) = Self.indicatorTables(table, projects: known, file: file)
        try problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.throwIfAny()
        try project.write { writer in
            for name in order {
                try writer.setIndicators(name, indicators[name]!)
                if let goal = goals[name] { try writer.setProjectGoal(name, goal: goal.text) }
            }
        }
        return IndicatorImport(projects: order.map { ($0, indicators[$0]!.count) })
    }

    /// The performance-target tables of a table's rows: the projects in order of first use, each
    /// project's rows, the goal a project's rows give (with the line that gave it first), and the
    /// problems. `projects` are the names a row may use.
    static func indicatorTables(_ table: [(line: Int, values: [String: String])], projects known: Set<String>, file: String?) -> (
        order: [String], indicators: [String: [PerformanceIndicator]], goals: [String: (text: String, line: Int)], problems: [InputProblem]
    ) {
        var order: [String] = []
        var indicators: [String: [PerformanceIndicator]] = [:]
        var goals: [String: (text: String, line: Int)] = [:]
        var problems: [InputProblem] = []
        var previous: (project: String, level: IndicatorLevel)?
        // The 项目名称 of the last row that wrote one: a blank one below means the same project.
        var above: String?
        for (line, values) in table {
            var name = values["project"] ?? ""
            if name.isEmpty {
                guard let above else {
                    problems.append(
                        InputProblem(file: file, line: line, column: "项目名称", message: "不能为空（第一行要写明项目名称；下面的行留空表示与上一行相同）"))
                    continue
                }
                // Under a name already refused: that row's problem says it.
                guard known.contains(above) else { continue }
                name = above
            } else {
                above = name
            }
            if !known.contains(name) {
                problems.append(InputProblem(file: file, line: line, column: "项目名称", value: name, message: "项目文件中没有这个项目（项目名称要与预算明细中的一致）"))
                continue
            }
            if indicators[name] == nil {
                order.append(name)
                indicators[name] = []
            }
            if let goal = values["goal"], !goal.isEmpty {
                if let earlier = goals[name], earlier.text != goal {
                    problems.append(InputProblem(file: file, line: line, column: "绩效目标", value: goal, message: "与第 \(earlier.line) 行写的这个项目的绩效目标不同"))
                } else {
                    goals[name] = (goal, line)
                }
            }
            let levelText = values["level1"] ?? ""
            let level: IndicatorLevel
            if levelText.isEmpty, let previous, previous.project == name {
                level = previous.level
            } else if let parsed = IndicatorLevel.parse(levelText) {
                level = parsed
            } else {
                problems.append(
                    InputProblem(
                        file: file, line: line, column: "一级指标", value: levelText.isEmpty ? nil : levelText,
                        message: levelText.isEmpty ? "不能为空（项目的第一行要写明）" : "应为 产出指标、效益指标 或 满意度指标"))
                continue
            }
            previous = (name, level)
            let indicator = PerformanceIndicator(
                level1: level, level2: values["level2"] ?? "", level3: values["level3"] ?? "", description: values["description"] ?? "",
                value: values["value"] ?? "", basis: values["basis"] ?? "")
            problems += Self.textProblems(
                [
                    ("二级指标", indicator.level2, true), ("三级指标", indicator.level3, true), ("绩效指标描述", indicator.description, false),
                    ("指标值", indicator.value, true), ("指标值确定依据", indicator.basis, false),
                ], file: file, line: line, maximumLength: 200)
            indicators[name]!.append(indicator)
        }
        for (name, goal) in goals {
            problems += Self.textProblems([("绩效目标", goal.text, false)], file: file, line: goal.line)
            _ = name
        }
        return (order, indicators, goals, problems)
    }

    /// The problems of an indicator row given by options (`indicator add`, `indicator set`).
    static func indicatorOptionProblems(_ indicator: PerformanceIndicator) -> [InputProblem] {
        Self.textProblems(
            [
                ("--level2（二级指标）", indicator.level2, true), ("--level3（三级指标）", indicator.level3, true),
                ("--description（绩效指标描述）", indicator.description, false), ("--value（指标值）", indicator.value, true),
                ("--basis（指标值确定依据）", indicator.basis, false),
            ], file: nil, line: nil, maximumLength: 200)
    }

    /// Adds an indicator row at the end of a project's table.
    public func addIndicator(project name: String, _ indicator: PerformanceIndicator) throws -> Int {
        try Self.indicatorOptionProblems(indicator).throwIfAny()
        return try projectFile.write { writer in
            let rows = try writer.indicators(name) + [indicator]
            try writer.setIndicators(name, rows)
            return rows.count
        }
    }

    /// Changes one indicator row (1-based) in place, keeping its position (a 成本指标 stays
    /// where it is); the row as changed is checked as `addIndicator` checks a new one, and
    /// returned.
    @discardableResult
    public func setIndicator(project name: String, row: Int, _ change: (inout PerformanceIndicator) -> Void) throws -> PerformanceIndicator {
        try projectFile.write { writer in
            var rows = try writer.indicators(name)
            guard rows.indices.contains(row - 1) else {
                throw InputProblem(
                    column: "--row（行号）", value: String(row),
                    message: rows.isEmpty ? "项目“\(name)”还没有绩效目标表" : "这个项目的绩效目标表只有 \(rows.count) 行")
            }
            change(&rows[row - 1])
            try Self.indicatorOptionProblems(rows[row - 1]).throwIfAny()
            try writer.setIndicators(name, rows)
            return rows[row - 1]
        }
    }

    /// Removes one indicator row (1-based) or, with nil, the project's whole table (its goal too).
    public func removeIndicators(project name: String, row: Int?) throws {
        try projectFile.write { writer in
            var rows = try writer.indicators(name)
            if let row {
                guard rows.indices.contains(row - 1) else {
                    throw InputProblem(column: "--row（行号）", value: String(row), message: "这个项目的绩效目标表只有 \(rows.count) 行")
                }
                rows.remove(at: row - 1)
            } else {
                rows = []
                try writer.setProjectGoal(name, goal: "")
            }
            try writer.setIndicators(name, rows)
        }
    }
}
