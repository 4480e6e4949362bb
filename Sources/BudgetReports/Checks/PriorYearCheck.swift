import BudgetModel

/// A missing figure of last year that the template's statement compares with is a warning, not
/// a silent zero.
enum PriorYearCheck: DisclosureCheck {
    static let id = CheckID.priorYear

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        return prior(context.reports, parts.figures)
    }

    static func prior(_ reports: ReportSet, _ figures: StatementFigures) -> [Finding] {
        var missing: [String] = []
        let compared = reports.template.statementSpec.comparedItems
        for item in PriorItem.allCases where item != .threePublic && compared.contains(item) && figures.prior.amounts[item] == nil {
            missing.append(item.chineseName)
        }
        guard !missing.isEmpty else { return [] }
        return [
            Finding(
                severity: .warning, check: id.rawValue,
                message: "没有填写上年预算数：\(missing.joined(separator: "、"))。情况说明中这些项目不与上年比较；请用 budget prior set 或 budget prior import 填写",
                table: "上年预算数")
        ]
    }
}
