import BudgetModel

/// A project's items add up to its declared amount; the projects add up to 项目支出.
enum ProjectAmountCheck: DisclosureCheck {
    static let id = CheckID.projectAmount

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        return projects(context.reports, parts.figures, parts.document, context.projectTotals)
    }

    static func projects(_ reports: ReportSet, _ figures: StatementFigures, _ document: DocumentData, _ totals: [String: Fen]) -> [Finding] {
        var findings: [Finding] = []
        for performance in document.performance {
            guard let declared = document.declaredProjectAmounts[performance.project] else { continue }
            let items = totals[performance.project] ?? 0
            if items != declared {
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue,
                        message:
                            "项目“\(performance.project)”的金额为 \(Checks.format(reports, declared))，它的预算明细合计 \(Checks.format(reports, items))，相差 \(Checks.format(reports, items - declared))",
                        table: "项目", row: performance.project, expected: declared, actual: items))
            }
        }
        let projectSum = totals.values.reduce(0, +)
        if projectSum != figures.project {
            findings.append(
                Finding(
                    severity: .error, check: id.rawValue,
                    message: "各项目合计 \(Checks.format(reports, projectSum)) 与项目支出 \(Checks.format(reports, figures.project)) 不一致：有项目支出明细没有归入项目",
                    table: "项目", expected: figures.project, actual: projectSum))
        }
        if document.declaredProjectAmounts.count == document.performance.count, !document.performance.isEmpty {
            let declared = document.declaredProjectAmounts.values.reduce(0, +)
            if declared != figures.project {
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue,
                        message: "各项目填写的金额合计 \(Checks.format(reports, declared)) 与项目支出 \(Checks.format(reports, figures.project)) 不一致",
                        table: "项目", expected: figures.project, actual: declared))
            }
        }
        return findings
    }
}
