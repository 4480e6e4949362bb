import BudgetModel

/// The asset total equals the sum of its parts.
enum AssetsCheck: DisclosureCheck {
    static let id = CheckID.assets

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        return assets(context.reports, parts.figures)
    }

    static func assets(_ reports: ReportSet, _ figures: StatementFigures) -> [Finding] {
        let assets = figures.assets
        let table = reports.table("资产")?.title ?? "部门固定资产占用情况表"
        guard let total = assets.total else {
            return assets.isEmpty
                ? []
                : [
                    Finding(
                        severity: .error, check: id.rawValue, message: "填写了固定资产的分项，但没有资产总额", table: table, row: "资产总额")
                ]
        }
        guard total != assets.sumOfParts else { return [] }
        return [
            Finding(
                severity: .error, check: id.rawValue,
                message: "资产总额 \(Checks.format(reports, total)) 与房屋、车辆、设备和其他固定资产的价值之和 \(Checks.format(reports, assets.sumOfParts)) 不一致",
                table: table, row: "资产总额", expected: assets.sumOfParts, actual: total)
        ]
    }
}
