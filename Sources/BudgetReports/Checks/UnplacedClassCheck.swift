import BudgetModel

/// Every functional 类 is one of the 30 the income and spending table has rows for.
enum UnplacedClassCheck: DisclosureCheck {
    static let id = CheckID.unplacedClass

    static func run(_ context: CheckContext) -> [Finding] {
        unplacedClasses(context.data, context.locate)
    }

    static func unplacedClasses(_ data: BudgetData, _ locate: Checks.ItemLocator) -> [Finding] {
        let classes = Set(data.codes.bundled.functionalClasses)
        let unplaced = Set(data.functionalTotals.map { String($0.functional.prefix(3)) }.filter { !classes.contains($0) })
        return unplaced.sorted().map { code in
            Finding(
                severity: .error, check: id.rawValue,
                message: "功能分类“类”\(code) 不是支出功能分类的 30 个类之一，收支总表中没有它的行，这些明细不会出现在收支总表中",
                row: code, items: locate(.functional([code])))
        }
    }
}
