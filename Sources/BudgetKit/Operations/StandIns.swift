import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

// Stand-ins for the parts of the document a synthetic project has not got.
extension ProjectSession {
    // MARK: - Stand-ins

    /// Fills every part of the statement still missing with a stand-in, so that a synthetic
    /// project (`budget generate`, tests of the tables) passes `check` under either built-in
    /// template: the required texts, last year's figures (as this year's), the assets, each
    /// project's goal, targets and 项目经费情况说明, each 项's 主要用于. What the project has is
    /// kept. Stand-ins read “（生成的…）”: never published by mistake, they say what they are.
    public func fillStandIns() throws {
        let disclosure = try compose(template: "shanghai")
        let figures = disclosure.figures
        let document = disclosure.document
        let lines = disclosure.template.statementSpec.spendingLines(disclosure.data)
        try projectFile.write { writer in
            for section in [TextSection.duties, .overallGoal, .measures] where document.text(section).isEmpty {
                try writer.setParagraphs(section, ["（生成的\(section.chineseName)）"])
            }
            for item in PriorItem.allCases where item != .threePublic && document.prior.amounts[item] == nil {
                try writer.setPrior(item, amount: .some(figures.current(item)), reason: nil)
            }
            var assets = document.assets
            if assets.total == nil {
                assets.total = 100_000_000
                assets.vehicleValue = 20_000_000
                assets.otherValue = 80_000_000
            }
            if assets.asOf.isEmpty { assets.asOf = "\(disclosure.data.department.year - 1)-12-31" }
            if assets.vehicleCount == nil { assets.vehicleCount = 1 }
            if assets.equipmentCount == nil { assets.equipmentCount = 0 }
            if assets != document.assets { try writer.setAssets(assets) }
            let indicators = IndicatorLevel.allCases.map { PerformanceIndicator(level1: $0, level2: "生成的二级指标", level3: "生成的三级指标", value: "≥90%") }
            for project in document.performance {
                if project.goal.isEmpty { try writer.setProjectGoal(project.project, goal: "（生成的绩效目标）") }
                if project.indicators.isEmpty { try writer.setIndicators(project.project, indicators) }
                let texts = document.projectTexts[project.project] ?? [:]
                let missing = ProjectTextField.allCases.filter { texts[$0] == nil }.map { ($0, "（生成的\($0.chineseName)）") }
                if !missing.isEmpty { try writer.setProjectTexts(project.project, Dictionary(uniqueKeysWithValues: missing)) }
            }
            for line in lines where (document.lineNotes[line.code]?.purpose ?? "").isEmpty {
                let prior: Fen?? = document.lineNotes[line.code]?.prior == nil ? .some(line.amount) : .none
                try writer.setLineNote(line.code, purpose: "（生成的主要用途）", prior: prior, reason: nil)
            }
        }
    }
}
