import BudgetModel
import BudgetStore

/// The 绩效指标 sheet: each project's performance-target table, and the goal its rows may give.
struct IndicatorsSheet {
    var indicators: [String: [PerformanceIndicator]] = [:]
    /// The goal each project's rows give.
    var goals: [String: String] = [:]
    /// How many indicators the sheet has.
    var count = 0
    var problems: [InputProblem] = []

    /// With `add`, a project that has indicator rows already is not given the sheet's: the
    /// same rows are left as they are, other rows refused.
    init(_ sheets: DraftSheets, projectNames: [String], projects: ProjectsSheet, add: ProjectBefore? = nil) {
        guard sheets.has(.indicators) else { return }
        let indicatorRows = sheets.rows(.indicators)
        let (_, tablesByProject, goals, found) = ProjectSession.indicatorTables(
            DraftSheets.numbered(indicatorRows), projects: Set(projectNames), file: nil)
        problems += sheets.locate(found, indicatorRows, .indicators)
        indicators = tablesByProject
        if let add {
            for name in tablesByProject.keys.sorted() {
                guard let old = add.indicators[name], !old.isEmpty else { continue }
                indicators[name] = nil
                if old == tablesByProject[name] { continue }
                let row = indicatorRows.first { $0.values["project"] == name } ?? indicatorRows[0]
                problems.append(
                    sheets.cellProblem(
                        row, .indicators, "project",
                        "项目“\(name)”已有绩效指标：--add 不改已有的绩效目标表；请用 budget indicator 修改，或用 --replace 导入"))
            }
        }
        count = indicators.values.reduce(0) { $0 + $1.count }
        for (name, goal) in goals {
            // --add leaves the goal of a project there as it is.
            if let add, add.projectGoals[name] != nil {
                if let old = add.projectGoals[name], !old.isEmpty, old != goal.text {
                    problems.append(
                        sheets.cellProblem(
                            indicatorRows[goal.line - 1], .indicators, "goal",
                            "与项目文件中这个项目的绩效目标不同：--add 不改已有的项目；请用 budget project set 修改，或用 --replace 导入"))
                }
                continue
            }
            if let given = projects.goal(of: name), !given.isEmpty, given != goal.text {
                problems.append(
                    sheets.cellProblem(indicatorRows[goal.line - 1], .indicators, "goal", "与“\(DraftPart.projects.sheetName)”表中这个项目的绩效目标不同"))
            }
            self.goals[name] = goal.text
        }
    }

    /// Every project's table (a project the sheet does not name has none), and the goals of
    /// projects the 项目 sheet gives none.
    /// With `add`, only the projects the sheet names.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets, projects: ProjectsSheet, add: Bool = false) throws {
        guard sheets.has(.indicators) else { return }
        for name in try add ? indicators.keys.sorted() : writer.reader.projects().map(\.name) {
            try writer.setIndicators(name, indicators[name] ?? [])
        }
        for (name, goal) in goals where projects.goal(of: name)?.isEmpty ?? true {
            try writer.setProjectGoal(name, goal: goal)
        }
    }
}
