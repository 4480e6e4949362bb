import BudgetModel

/// Line items of amount 0 are pointed out (a warning).
enum ZeroAmountCheck: DisclosureCheck {
    static let id = CheckID.zeroAmount

    static func run(_ context: CheckContext) -> [Finding] {
        zeroAmounts(context.data)
    }

    static func zeroAmounts(_ data: BudgetData) -> [Finding] {
        guard !data.zeroAmountItems.isEmpty else { return [] }
        return [
            Finding(
                severity: .warning, check: id.rawValue, message: "有 \(data.zeroAmountItems.count) 条明细金额为 0",
                items: data.zeroAmountItems)
        ]
    }
}
