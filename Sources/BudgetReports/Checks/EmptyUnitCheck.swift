import BudgetModel

/// A unit without line items is pointed out (a warning).
enum EmptyUnitCheck: DisclosureCheck {
    static let id = CheckID.emptyUnit

    static func run(_ context: CheckContext) -> [Finding] {
        emptyUnits(context.data)
    }

    static func emptyUnits(_ data: BudgetData) -> [Finding] {
        data.units.filter { (data.unitItemCounts[$0.code] ?? 0) == 0 }.map {
            Finding(severity: .warning, check: id.rawValue, message: "单位 \($0.code)“\($0.name)”没有任何预算明细", row: $0.code)
        }
    }
}
