import BudgetModel
import Foundation

/// Procurement rows add up, and a source's purchases stay within its budget.
enum ProcurementCheck: DisclosureCheck {
    static let id = CheckID.procurement

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        return procurement(context.reports, parts.document, context.projectTotals, context.projectUnits)
    }

    static func procurement(_ reports: ReportSet, _ document: DocumentData, _ totals: [String: Fen], _ units: [String: String] = [:]) -> [Finding] {
        var findings: [Finding] = []
        let table = reports.table("采购")?.title ?? "部门政府采购预算"
        var bySource: [String: (budget: Fen?, bought: Fen, isProject: Bool)] = [:]
        for row in document.procurement {
            let place = "采购 #\(row.id ?? 0)“\(row.item)”"
            if row.smeShare > row.total {
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue,
                        message: "预留中小微企业份额 \(Checks.format(reports, row.smeShare)) 超过采购金额 \(Checks.format(reports, row.total))",
                        table: table, row: place, column: "预留中小微企业份额", expected: row.total, actual: row.smeShare))
            }
            if let extended = row.extended, extended != row.total {
                findings.append(
                    Finding(
                        severity: .warning, check: id.rawValue,
                        message:
                            "数量 \(row.quantity) × 单价 \(Checks.format(reports, row.unitPrice)) = \(Checks.format(reports, extended))，与采购金额 \(Checks.format(reports, row.total)) 不同",
                        table: table, row: place, column: "合计", expected: extended, actual: row.total))
            }
            if let project = row.project, let unit = units[project], unit != row.unitCode {
                findings.append(
                    Finding(
                        severity: .warning, check: id.rawValue,
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
                    findings.append(
                        Finding(
                            severity: .error, check: id.rawValue,
                            message: "“\(key)”的预算资金前后不一：\(Checks.format(reports, earlier)) 和 \(Checks.format(reports, budget))",
                            table: table, row: place, column: "预算资金", expected: earlier, actual: budget))
                }
                entry.budget = budget
            }
            bySource[key] = entry
        }
        for key in bySource.keys.sorted() {
            let entry = bySource[key]!
            guard let budget = entry.budget, entry.bought > budget else { continue }
            findings.append(
                Finding(
                    severity: .error, check: id.rawValue,
                    message:
                        "“\(key)”的政府采购合计 \(Checks.format(reports, entry.bought)) 超过它的预算 \(Checks.format(reports, budget))\(entry.isProject ? "（项目的预算明细合计）" : "")",
                    table: table, row: key, expected: budget, actual: entry.bought))
        }
        return findings
    }
}
