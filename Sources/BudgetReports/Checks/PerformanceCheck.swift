import BudgetModel
import Foundation

/// Every project has a performance table with each 一级指标, and its cost cap holds. A project
/// without one is a single finding here (the statement's own “（…尚未填写）” for it is not
/// reported again by `placeholder`): an error when the template's statement publishes 绩效目标,
/// a warning when it does not.
enum PerformanceCheck: DisclosureCheck {
    static let id = CheckID.performance

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        return performance(context.reports, parts.document, context.projectTotals)
    }

    static func performance(_ reports: ReportSet, _ document: DocumentData, _ totals: [String: Fen]) -> [Finding] {
        var findings: [Finding] = []
        let missing = document.projectsWithoutTargets
        if !missing.isEmpty {
            // One finding for all of them. A template that publishes 绩效目标 cannot be published
            // without them (an error: export refuses, --force marks the workbook 未经校验); one that
            // does not still reminds the clerk, for the approval.
            let publishes = reports.template.statementSpec.publishesPerformanceTargets
            let named = missing.prefix(10).map { "“\($0)”" }.joined(separator: "、") + (missing.count > 10 ? " 等 \(missing.count) 个项目" : "")
            findings.append(
                Finding(
                    severity: publishes ? .error : .warning, check: id.rawValue,
                    message: "项目\(named)还没有绩效目标表，"
                        + (publishes ? "模板的情况说明要公开绩效目标，" : "") + "公开前必须填写：请用 budget indicator import 或 budget indicator add 填写绩效指标",
                    table: DocumentTables.performanceSheetName, row: missing.count == 1 ? missing[0] : "\(missing.count) 个项目"))
        }
        for (index, performance) in document.performanceTables.enumerated() {
            let table = "绩效目标表\(index + 1) \(performance.project)"
            if performance.indicators.isEmpty {
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue,
                        message: "项目“\(performance.project)”的绩效目标表只有绩效目标，没有指标：每个项目至少要有一条产出指标、效益指标和满意度指标",
                        table: table, row: performance.project))
                continue
            }
            if performance.goal.trimmingCharacters(in: .whitespaces).isEmpty {
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue, message: "项目“\(performance.project)”的绩效目标是空的",
                        table: table, row: "绩效目标"))
            }
            let levels = Set(performance.indicators.map(\.level1))
            for level in IndicatorLevel.allCases where !levels.contains(level) {
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue,
                        message: "项目“\(performance.project)”的绩效目标表没有\(level.rawValue)：每个项目至少要有一条产出指标、效益指标和满意度指标",
                        table: table, row: level.rawValue))
            }
            let spent = totals[performance.project] ?? 0
            for (r, indicator) in performance.indicators.enumerated() where indicator.isCost {
                guard let cap = indicator.costCap else {
                    findings.append(
                        Finding(
                            severity: .warning, check: id.rawValue,
                            message: "成本指标“\(indicator.level3)”的指标值“\(indicator.value)”不是“≤金额 万元”的形式，无法与项目金额核对",
                            table: table, row: "第 \(r + 1) 行", column: "指标值"))
                    continue
                }
                if cap < spent {
                    findings.append(
                        Finding(
                            severity: .error, check: id.rawValue,
                            message:
                                "成本指标“\(indicator.level3)”的上限 \(indicator.value) 低于项目“\(performance.project)”的预算 \(Checks.format(reports, spent))",
                            table: table, row: "第 \(r + 1) 行", column: "指标值", expected: spent, actual: cap))
                } else if cap > spent {
                    // Published tables set the cap to the project's amount; one above it was left
                    // behind when the amount changed (a cut of the lines, `project move`).
                    findings.append(
                        Finding(
                            severity: .warning, check: id.rawValue,
                            message:
                                "成本指标“\(indicator.level3)”的上限 \(indicator.value) 高于项目“\(performance.project)”的预算 \(Checks.format(reports, spent))：项目金额改过后，成本指标是否忘了改？可用 budget indicator set 修改",
                            table: table, row: "第 \(r + 1) 行", column: "指标值", expected: spent, actual: cap))
                }
            }
        }
        return findings
    }
}
