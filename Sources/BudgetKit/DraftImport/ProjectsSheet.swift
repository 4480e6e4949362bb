import BudgetModel
import BudgetStore

/// The 项目 sheet: each project's unit, note, goal and declared amount.
struct ProjectsSheet {
    /// The projects of the sheet, in its order, with their goals and declared amounts.
    var rows: [(project: BudgetProject, goal: String, declared: Fen?)] = []
    /// The project names a record may use: the project's and the sheet's, or (with replace
    /// and a 项目 sheet) the sheet's alone.
    var names: [String]
    var problems: [InputProblem] = []
    /// With add, the sheet's rows that name a project already there: left as it is.
    var existing: Set<String> = []
    /// Projects whose kind the sheet does not say (no 项目类别 column): theirs is kept.
    var keptKinds: Set<String> = []

    /// With `add` (``ProjectSession/importWorkbook(from:unit:replace:add:allowDuplicates:newProjects:)``),
    /// a row naming a project the file has must agree with it (`goals`, `declared`: the project's).
    init(
        _ sheets: DraftSheets, before: [BudgetProject], unitCodes: Set<String>, amountUnit: Money.InputUnit, replace: Bool,
        add: ProjectBefore? = nil
    ) {
        names = sheets.has(.projects) && replace ? [] : before.map(\.name)
        guard sheets.has(.projects) else { return }
        var seen: [String: Int] = [:]
        for row in sheets.rows(.projects) {
            let name = row.values["project"] ?? ""
            if let problem = TextRules.nameProblem(name) {
                problems.append(sheets.cellProblem(row, .projects, "project", "项目名称" + problem))
                continue
            }
            if let earlier = seen[name] {
                problems.append(sheets.cellProblem(row, .projects, "project", "与第 \(earlier) 行的项目重名"))
                continue
            }
            seen[name] = row.row
            let unitCode = row.values["unit"] ?? ""
            if !unitCode.isEmpty && !unitCodes.contains(unitCode) {
                problems.append(sheets.cellProblem(row, .projects, "unit", "项目文件和工作簿的“单位”表中都没有这个单位"))
            }
            var declared: Fen?
            if let text = row.values["amount"], !text.isEmpty {
                do { declared = try Money.parse(text, unit: amountUnit) } catch {
                    problems.append(sheets.cellProblem(row, .projects, "amount", "项目金额" + error.reason))
                }
            }
            // No 项目类别 column (a workbook of an older version) leaves the kind as it was.
            var kind: ProjectKind?? = nil
            if let text = row.values["kind"] {
                if text.isEmpty {
                    kind = .some(nil)
                } else if let parsed = ProjectKind.parse(text) {
                    kind = .some(parsed)
                } else {
                    problems.append(sheets.cellProblem(row, .projects, "kind", "项目类别应为 \(ProjectKind.choices) 之一"))
                }
            }
            let goal = row.values["goal"] ?? ""
            if !goal.isEmpty, let problem = TextRules.nameProblem(goal, maximumLength: 2000) {
                problems.append(sheets.cellProblem(row, .projects, "goal", "绩效目标" + problem))
            }
            let note = row.values["note"] ?? ""
            if !note.isEmpty, let problem = TextRules.nameProblem(note, maximumLength: 500) {
                problems.append(sheets.cellProblem(row, .projects, "note", "备注" + problem))
            }
            if let add, let old = before.first(where: { $0.name == name }) {
                // --add leaves a project there as it is: a row that says otherwise is refused.
                var differ: [String] = []
                if !unitCode.isEmpty && unitCode != old.unitCode { differ.append("单位（项目中为 \(old.unitCode ?? "无")）") }
                if !goal.isEmpty && goal != add.projectGoals[name] ?? "" { differ.append("绩效目标") }
                if let declared, declared != add.declared[name] {
                    differ.append("项目金额（项目中为 \(add.declared[name].map { Money.formatYuan($0) + " 元" } ?? "无")）")
                }
                if !note.isEmpty && note != old.note { differ.append("备注") }
                if let kind = kind ?? nil, kind != old.kind { differ.append("项目类别（项目中为 \(old.kind?.chineseName ?? "未定")）") }
                if !differ.isEmpty {
                    problems.append(
                        sheets.cellProblem(
                            row, .projects, "project",
                            "项目文件中已有这个项目，而这一行的\(differ.joined(separator: "、"))与它不同：--add 只添加，不改已有的项目；请用 budget project set 修改，或用 --replace 导入"))
                }
                existing.insert(name)
                continue
            }
            let project = BudgetProject(name: name, unitCode: unitCode.isEmpty ? nil : unitCode, note: note, kind: kind ?? nil)
            rows.append((project, goal, declared))
            if kind == nil { keptKinds.insert(name) }
            if !names.contains(name) { names.append(name) }
        }
    }

    /// The goal the sheet gives a project, if any.
    func goal(of name: String) -> String? { rows.first { $0.project.name == name }?.goal }

    /// Adds or rewrites the sheet's projects; with replace, first removes those not kept.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets, keeping: [String], replace: Bool) throws {
        guard sheets.has(.projects) else { return }
        if replace { try writer.deleteProjects(keeping: Set(keeping)) }
        let present = Set(try writer.reader.projects().map(\.name))
        for (project, _, _) in rows {
            if present.contains(project.name) {
                try writer.updateProject(project)
                if !keptKinds.contains(project.name) { try writer.setProjectKind(project.name, project.kind) }
            } else {
                try writer.insertProject(project)
            }
        }
    }

    /// Each of the sheet's projects' goal and declared amount.
    func writeGoals(_ writer: ProjectWriter) throws {
        for (project, goal, declared) in rows {
            try writer.setProjectGoal(project.name, goal: goal)
            try writer.setProjectDeclaredAmount(project.name, declared)
        }
    }
}
