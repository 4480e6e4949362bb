import Foundation
import BudgetModel

/// The checks of the disclosure document beyond the nine tables: projects, performance targets,
/// procurement, assets, last year's figures, and the statement against the tables.
public enum DocumentChecks {
    /// - Parameter projectUnits: the unit that runs each project, where one is named.
    public static func run(
        _ reports: ReportSet, figures: StatementFigures, document: DocumentData, projectTotals: [String: Fen],
        projectUnits: [String: String] = [:], narrative: Narrative
    ) -> [Finding] {
        var findings: [Finding] = []
        findings += projects(reports, figures, document, projectTotals)
        findings += performance(reports, document, projectTotals)
        findings += procurement(reports, document, projectTotals, projectUnits)
        findings += assets(reports, figures)
        findings += prior(reports, figures)
        findings += statement(reports, figures, narrative)
        return findings
    }

    static func format(_ reports: ReportSet, _ fen: Fen) -> String { reports.format(fen) + reports.unitName }

    // MARK: - project: items add up to the declared amount; projects add up to 项目支出

    static func projects(_ reports: ReportSet, _ figures: StatementFigures, _ document: DocumentData, _ totals: [String: Fen]) -> [Finding] {
        var findings: [Finding] = []
        for performance in document.performance {
            guard let declared = document.declaredProjectAmounts[performance.project] else { continue }
            let items = totals[performance.project] ?? 0
            if items != declared {
                findings.append(Finding(
                    severity: .error, check: "project-amount",
                    message: "项目“\(performance.project)”的金额为 \(format(reports, declared))，它的预算明细合计 \(format(reports, items))，相差 \(format(reports, items - declared))",
                    table: "项目", row: performance.project, expected: declared, actual: items))
            }
        }
        let projectSum = totals.values.reduce(0, +)
        if projectSum != figures.project {
            findings.append(Finding(
                severity: .error, check: "project-amount",
                message: "各项目合计 \(format(reports, projectSum)) 与项目支出 \(format(reports, figures.project)) 不一致：有项目支出明细没有归入项目",
                table: "项目", expected: figures.project, actual: projectSum))
        }
        if document.declaredProjectAmounts.count == document.performance.count, !document.performance.isEmpty {
            let declared = document.declaredProjectAmounts.values.reduce(0, +)
            if declared != figures.project {
                findings.append(Finding(
                    severity: .error, check: "project-amount",
                    message: "各项目填写的金额合计 \(format(reports, declared)) 与项目支出 \(format(reports, figures.project)) 不一致",
                    table: "项目", expected: figures.project, actual: declared))
            }
        }
        return findings
    }

    // MARK: - performance: every project has a table with each 一级指标; the cost cap holds

    static func performance(_ reports: ReportSet, _ document: DocumentData, _ totals: [String: Fen]) -> [Finding] {
        var findings: [Finding] = []
        let missing = document.projectsWithoutTargets
        if !missing.isEmpty {
            // A draft may be exported for approval before its targets are written: one reminder,
            // which every export and check repeats until the tables are there.
            let named = missing.prefix(10).map { "“\($0)”" }.joined(separator: "、") + (missing.count > 10 ? " 等 \(missing.count) 个项目" : "")
            findings.append(Finding(
                severity: .warning, check: "performance",
                message: "项目\(named)还没有绩效目标表，公开前必须填写：请用 budget indicator import 或 budget indicator add 填写绩效指标",
                table: DocumentTables.performanceSheetName, row: missing.count == 1 ? missing[0] : "\(missing.count) 个项目"))
        }
        for (index, performance) in document.performanceTables.enumerated() {
            let table = "绩效目标表\(index + 1) \(performance.project)"
            if performance.indicators.isEmpty {
                findings.append(Finding(
                    severity: .error, check: "performance",
                    message: "项目“\(performance.project)”的绩效目标表只有绩效目标，没有指标：每个项目至少要有一条产出指标、效益指标和满意度指标",
                    table: table, row: performance.project))
                continue
            }
            if performance.goal.trimmingCharacters(in: .whitespaces).isEmpty {
                findings.append(Finding(
                    severity: .error, check: "performance", message: "项目“\(performance.project)”的绩效目标是空的",
                    table: table, row: "绩效目标"))
            }
            let levels = Set(performance.indicators.map(\.level1))
            for level in IndicatorLevel.allCases where !levels.contains(level) {
                findings.append(Finding(
                    severity: .error, check: "performance",
                    message: "项目“\(performance.project)”的绩效目标表没有\(level.rawValue)：每个项目至少要有一条产出指标、效益指标和满意度指标",
                    table: table, row: level.rawValue))
            }
            let spent = totals[performance.project] ?? 0
            for (r, indicator) in performance.indicators.enumerated() where indicator.isCost {
                guard let cap = indicator.costCap else {
                    findings.append(Finding(
                        severity: .warning, check: "performance",
                        message: "成本指标“\(indicator.level3)”的指标值“\(indicator.value)”不是“≤金额 万元”的形式，无法与项目金额核对",
                        table: table, row: "第 \(r + 1) 行", column: "指标值"))
                    continue
                }
                if cap < spent {
                    findings.append(Finding(
                        severity: .error, check: "performance",
                        message: "成本指标“\(indicator.level3)”的上限 \(indicator.value) 低于项目“\(performance.project)”的预算 \(format(reports, spent))",
                        table: table, row: "第 \(r + 1) 行", column: "指标值", expected: spent, actual: cap))
                }
            }
        }
        return findings
    }

    // MARK: - procurement: rows add up, a source's purchases stay within its budget

    static func procurement(_ reports: ReportSet, _ document: DocumentData, _ totals: [String: Fen], _ units: [String: String] = [:]) -> [Finding] {
        var findings: [Finding] = []
        let table = "部门政府采购预算"
        var bySource: [String: (budget: Fen?, bought: Fen, isProject: Bool)] = [:]
        for row in document.procurement {
            let place = "采购 #\(row.id ?? 0)“\(row.item)”"
            if row.smeShare > row.total {
                findings.append(Finding(
                    severity: .error, check: "procurement",
                    message: "预留中小微企业份额 \(format(reports, row.smeShare)) 超过采购金额 \(format(reports, row.total))",
                    table: table, row: place, column: "预留中小微企业份额", expected: row.total, actual: row.smeShare))
            }
            if let extended = row.extended, extended != row.total {
                findings.append(Finding(
                    severity: .warning, check: "procurement",
                    message: "数量 \(row.quantity) × 单价 \(format(reports, row.unitPrice)) = \(format(reports, extended))，与采购金额 \(format(reports, row.total)) 不同",
                    table: table, row: place, column: "合计", expected: extended, actual: row.total))
            }
            if let project = row.project, let unit = units[project], unit != row.unitCode {
                findings.append(Finding(
                    severity: .warning, check: "procurement",
                    message: "采购列在单位 \(row.unitCode) 下，而项目“\(project)”由单位 \(unit) 实施：采购表会把它算进 \(row.unitCode) 的小计",
                    table: table, row: place, column: "单位编码"))
            }
            let key = row.sourceLabel
            var entry = bySource[key] ?? (budget: nil, bought: 0, isProject: row.project != nil)
            entry.bought += row.total
            if let project = row.project {
                entry.budget = totals[project] ?? 0
            } else if let budget = row.sourceBudget {
                if let earlier = entry.budget, earlier != budget {
                    findings.append(Finding(
                        severity: .error, check: "procurement",
                        message: "“\(key)”的预算资金前后不一：\(format(reports, earlier)) 和 \(format(reports, budget))",
                        table: table, row: place, column: "预算资金", expected: earlier, actual: budget))
                }
                entry.budget = budget
            }
            bySource[key] = entry
        }
        for key in bySource.keys.sorted() {
            let entry = bySource[key]!
            guard let budget = entry.budget, entry.bought > budget else { continue }
            findings.append(Finding(
                severity: .error, check: "procurement",
                message: "“\(key)”的政府采购合计 \(format(reports, entry.bought)) 超过它的预算 \(format(reports, budget))\(entry.isProject ? "（项目的预算明细合计）" : "")",
                table: table, row: key, expected: budget, actual: entry.bought))
        }
        return findings
    }

    // MARK: - assets

    static func assets(_ reports: ReportSet, _ figures: StatementFigures) -> [Finding] {
        let assets = figures.assets
        guard let total = assets.total else {
            return assets.isEmpty ? [] : [Finding(
                severity: .error, check: "assets", message: "填写了固定资产的分项，但没有资产总额", table: "部门固定资产占用情况表", row: "资产总额")]
        }
        guard total != assets.sumOfParts else { return [] }
        return [Finding(
            severity: .error, check: "assets",
            message: "资产总额 \(format(reports, total)) 与房屋、车辆、设备和其他固定资产的价值之和 \(format(reports, assets.sumOfParts)) 不一致",
            table: "部门固定资产占用情况表", row: "资产总额", expected: assets.sumOfParts, actual: total)]
    }

    // MARK: - prior: a missing figure is a warning, not a silent zero

    static func prior(_ reports: ReportSet, _ figures: StatementFigures) -> [Finding] {
        var missing: [String] = []
        for item in PriorItem.allCases where item != .threePublic && figures.prior.amounts[item] == nil {
            missing.append(item.chineseName)
        }
        guard !missing.isEmpty else { return [] }
        return [Finding(
            severity: .warning, check: "prior-year",
            message: "没有填写上年预算数：\(missing.joined(separator: "、"))。情况说明中这些项目不与上年比较；请用 budget prior set 或 budget prior import 填写",
            table: "上年预算数")]
    }

    // MARK: - statement: the figures in the text equal the tables

    /// Figures the statement quotes, against the cells of the tables that publish them.
    static func statement(_ reports: ReportSet, _ figures: StatementFigures, _ narrative: Narrative) -> [Finding] {
        let reports = reports.forText
        var pairs: [(what: String, text: Fen, table: String, cell: Fen?)] = []
        // The tables' cells are found by the labels of their columns, not by position, so a
        // template that moves a column keeps the comparison right (and one without the table skips it).
        // Tables by their role in the template, else by the Hebei numbers.
        func table(_ role: String, _ id: String) -> ReportTable? {
            let byRole = reports.template.tables.first { $0.role == role }.flatMap { reports.table($0.id) }
            return byRole ?? (reports.template.tables.contains { $0.role != nil } ? nil : reports.table(id))
        }
        func cell(_ table: ReportTable?, _ row: String, _ label: String) -> Fen? {
            guard let table, let column = table.header.columnLabels.firstIndex(where: { $0.hasSuffix(label) }),
                table.rowIndex(row, column: column) != nil
            else { return nil }
            return table.amount(row: row, column: column)
        }
        func name(_ table: ReportTable?, _ what: String) -> String { "表\(table?.id ?? "") \(what)" }
        let spending = table("spending", "3")
        let basic = table("basic", "6")
        let three = table("three-public", "9")
        pairs.append(("支出合计", figures.spending, name(spending, "合计"), cell(spending, "total", "合计")))
        pairs.append(("基本支出", figures.basic, name(spending, "基本支出"), cell(spending, "total", "基本支出")))
        pairs.append(("项目支出", figures.project, name(spending, "项目支出"), cell(spending, "total", "项目支出")))
        if figures.operationScope == .all {
            pairs.append(("机关运行经费", figures.operation, name(basic, "公用经费合计"), cell(basic, "total", "公用经费")))
        }
        // A table with 机关运行经费 of its own (Shanghai) is compared whatever the scope.
        if let value = cell(three, "total", "机关运行经费预算数") {
            pairs.append(("机关运行经费", figures.operation, name(three, "机关运行经费预算数"), value))
        }
        // “三公” items: a row each (Hebei), or a column each in one row (Shanghai).
        let threeItems: [(PriorItem, String, String)] = [
            (.abroad, "abroad", "因公出国(境)费"), (.vehiclePurchase, "car-purchase", "购置费"),
            (.vehicleOperation, "car-running", "运行费"), (.reception, "reception", "公务接待费"),
        ]
        for (item, key, label) in threeItems {
            let value = cell(three, key, "合计") ?? cell(three, "total", label)
                ?? cell(three, "total", label.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）"))
            pairs.append((item.chineseName, figures.threePublic[item] ?? 0, name(three, item.chineseName), value))
        }
        pairs.append(("政府采购预算", figures.procurementTotal, "部门政府采购预算 合计", cell(reports.table("采购"), "total", "政府采购金额（当年部门预算安排资金）·合计")))
        var findings: [Finding] = []
        // The statement gives 上年结转 and 财政专户 apart; a template without rows for them counts
        // them with this year's money of the same kind, so the statement and table 1 part ways.
        let labels = reports.tables.prefix(reports.template.tables.count).flatMap { $0.rows.flatMap { $0.cells.compactMap(\.text) } }
        for (what, fen, word) in [("上年结转", figures.income.carryover, "结转"), ("财政专户管理资金", figures.income.special, "财政专户")]
        where fen != 0 && !labels.contains(where: { $0.contains(word) }) {
            findings.append(Finding(
                severity: .warning, check: "statement",
                message: "模板“\(reports.template.name)”的表中没有\(what)的行，它的 \(format(reports, fen)) 并在本年同类收入中列示；情况说明把它单独写出。公开前请核对情况说明与表1 的口径是否一致",
                table: "情况说明", row: what))
        }
        if pairs.dropLast().allSatisfy({ $0.cell == nil }) {
            // Nothing silently skipped: a template without these tables says so.
            findings.append(Finding(
                severity: .warning, check: "statement",
                message: "模板“\(reports.template.name)”中没有可与情况说明核对的表（支出总表、基本支出表、“三公”经费表），情况说明中的这些数字没有与表核对",
                table: "情况说明"))
        }
        for pair in pairs {
            // Exact amounts: two computations of one figure agree to the 分.
            guard let tableValue = pair.cell, tableValue != pair.text else { continue }
            let sameWhenRounded = reports.displayUnits(tableValue) == reports.displayUnits(pair.text)
            let shown = { (fen: Fen) in sameWhenRounded ? Money.formatYuan(fen) + "元" : format(reports, fen) }
            findings.append(Finding(
                severity: .error, check: "statement",
                message: "情况说明中的\(pair.what) \(shown(pair.text)) 与\(pair.table) \(shown(tableValue)) 不一致",
                table: "情况说明", row: pair.what, expected: tableValue, actual: pair.text))
        }
        // Each figure must also be printed in the text as it is rounded in the tables.
        let text = narrative.paragraphs.joined(separator: "\n")
        for (what, fen) in [("支出合计", figures.spending), ("政府采购预算", figures.procurementTotal), ("机关运行经费", figures.operation)]
        where reports.displayUnits(fen) != 0 {
            let shown = reports.statementAmount(fen) + reports.unitName
            if !text.contains(shown) {
                findings.append(Finding(
                    severity: .error, check: "statement", message: "情况说明中没有写出\(what) \(shown)", table: "情况说明", row: what))
            }
        }
        return findings
    }
}
