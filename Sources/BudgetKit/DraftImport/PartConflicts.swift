import BudgetModel
import BudgetStore

extension DraftSheets {
    /// What the project has of the parts the workbook brings: replaced only when asked. With
    /// replace, what stays (the parts the workbook has no sheet for) must not lose its unit or project.
    /// - Parameters:
    ///   - units: every unit after the import, by code.
    ///   - projectNames: every project name after the import.
    func conflicts(before: ProjectBefore, replace: Bool, units: [String: BudgetUnit], projectNames: [String]) -> [InputProblem] {
        let sheets = self
        var problems: [InputProblem] = []
        let has = sheets.has
        func conflict(_ part: DraftPart, _ what: String) {
            problems.append(
                InputProblem(
                    file: sheets.file,
                    message: "项目文件中已有\(what)；导入这个工作簿会用“\(sheets.firstSheet(part) ?? part.sheetName)”表的内容整体替换。确认要替换，请加 --replace 再导入（不在工作簿中的部分保持不变）",
                    sheet: sheets.firstSheet(part)))
        }
        if !replace {
            if has(.items) && before.counts.items > 0 { conflict(.items, " \(before.counts.items) 条预算明细") }
            if has(.projects) && before.counts.projects > 0 { conflict(.projects, " \(before.counts.projects) 个项目") }
            if has(.indicators) && before.counts.indicators > 0 { conflict(.indicators, " \(before.counts.indicators) 行绩效指标") }
            if has(.procurement) && before.counts.procurement > 0 { conflict(.procurement, " \(before.counts.procurement) 条政府采购") }
            if has(.assets) && before.assets != AssetHoldings() { conflict(.assets, "资产情况") }
            if has(.prior) && before.counts.priorFigures > 0 { conflict(.prior, "上年数") }
            if has(.purposes) && before.counts.lineNotes > 0 { conflict(.purposes, " \(before.counts.lineNotes) 个功能科目的主要内容说明") }
            if has(.texts) && before.paragraphs > 0 { conflict(.texts, "情况说明的文字（\(before.paragraphs) 段）") }
            if has(.goals) && before.goals > 0 { conflict(.goals, " \(before.goals) 项分项绩效目标") }
            if has(.glossary) && before.ownGlossary { conflict(.glossary, "自己的名词解释") }
            if has(.roster) && before.rosterGroups > 0 { conflict(.roster, "人员名册（\(before.rosterGroups) 组）") }
            if has(.standards) && !before.standards.kept.isEmpty { conflict(.standards, " \(before.standards.kept.count) 项本项目的测算标准") }
            if has(.caps) && !before.caps.isEmpty { conflict(.caps, " \(before.caps.count) 项控制数") }
            return problems
        }
        /// A unit or project the part's sheet drops while parts the workbook does not bring still use it.
        func lost(_ subject: String, _ part: DraftPart, _ uses: [String]) {
            guard !uses.isEmpty, let sheet = sheets.firstSheet(part) else { return }
            problems.append(
                InputProblem(
                    file: sheets.file,
                    message: "\(subject)不在“\(sheet)”表中，但项目文件中还有它的\(uses.joined(separator: "、"))（本工作簿中没有这部分）：请把这个\(part.sheetName)加回表中",
                    sheet: sheet))
        }
        if has(.units) {
            for old in before.units where units[old.code] == nil {
                var uses: [String] = []
                if !has(.items), let count = before.unitItems[old.code], count > 0 { uses.append("\(count) 条预算明细") }
                if !has(.projects), before.projects.contains(where: { $0.unitCode == old.code }) { uses.append("项目") }
                if !has(.procurement), before.procurement.contains(where: { $0.unitCode == old.code }) { uses.append("政府采购") }
                lost("单位 \(old.code)（\(old.name)）", .units, uses)
            }
        }
        if has(.projects) {
            let kept = Set(projectNames)
            for old in before.projects where !kept.contains(old.name) {
                var uses: [String] = []
                if !has(.items), let count = before.projectItems[old.name], count > 0 { uses.append("\(count) 条预算明细") }
                if !has(.procurement), before.procurement.contains(where: { $0.project == old.name }) { uses.append("政府采购") }
                lost("项目“\(old.name)”", .projects, uses)
            }
        }
        return problems
    }
}
