import BudgetModel

/// “三公”经费 above last year's: each of its four items (因公出国（境）费, 公务用车购置费, 公务用车运行费,
/// 公务接待费) whose amount this year is higher than the figure of last year the clerk entered
/// (`budget prior`). The rule of the central government's eight-point regulation is that they only
/// go down; a rise is a warning to check, and the statement must give its reason.
enum ThreePublicRiseCheck: DisclosureCheck {
    static let id = CheckID.threePublicRise

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        return rises(parts.figures, parts.document.prior, context.locate)
    }

    static func rises(_ figures: StatementFigures, _ prior: PriorYear, _ locate: Checks.ItemLocator) -> [Finding] {
        PriorItem.threePublicItems.compactMap { item in
            let now = figures.threePublic[item] ?? 0
            guard let before = prior.amounts[item], now > before else { return nil }
            let codes = StatementFigures.threePublicCodes[item] ?? []
            return Finding(
                severity: .warning, check: id.rawValue,
                message:
                    "“三公”经费中\(item.chineseName)本年 \(Checks.yuanAndWan(now))，高于上年预算数 \(Checks.yuanAndWan(before))（增加 \(Checks.yuanAndWan(now - before))）。“三公”经费一般只减不增，请核对（经济科目 \(codes.joined(separator: "、"))）；确需增加，请写明原因：budget prior set 项目文件 three-public --reason 原因",
                table: "“三公”经费", row: item.chineseName,
                items: locate(
                    ItemFilter(FilterSpec(sources: Array(StatementFigures.fiscalSources).sorted { $0.rawValue < $1.rawValue }, economicCodes: codes))),
                key: "\(id.rawValue):\(item.rawValue)", fingerprint: "\(now)/\(before)")
        }
    }
}
