import BudgetModel

/// A whole budget about 10,000 times smaller or larger than last year's: the sample's file in
/// 万元 imported as 元 gives “合计 2343.44 元（0.23 万元）” against last year's 2302.08 万元. A
/// budget that changed a thousandfold in one year is not a budget; 元 and 万元 mixed up are. So
/// this year's total is compared with last year's 收支总计 (else 基本支出 + 项目支出), as the clerk
/// entered them (`budget prior`), and more than 1,000 times apart is a warning. The import warns at
/// once as well (``importWarning(importTotal:importCount:existingTotal:existingCount:prior:)``),
/// where it can also compare the file's lines with the project's.
enum AmountScaleCheck: DisclosureCheck {
    static let id = CheckID.amountScale
    /// More than this many times apart is questioned (元 and 万元 are 10,000 apart).
    static let factor: Fen = 1_000

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        let total = context.data.functionalTotals.reduce(0) { $0 + $1.amount }
        return scale(total: total, prior: parts.document.prior)
    }

    static func scale(total: Fen, prior: PriorYear) -> [Finding] {
        guard let (reference, name) = reference(prior), let (times, smaller) = apart(total, reference) else { return [] }
        return [
            Finding(
                severity: .warning, check: id.rawValue,
                message:
                    "本年预算明细合计 \(Checks.yuanAndWan(total))，上年预算数（\(name)）\(Checks.yuanAndWan(reference))，\(smaller ? "小了" : "大了")约 \(times) 倍。像是把\(smaller ? "万元当成元" : "元当成万元")录入了：请加 --unit \(smaller ? "wan" : "yuan") --replace 重新导入明细，或核对上年预算数（budget prior list）",
                table: "上年预算数", key: id.rawValue, fingerprint: "\(total)/\(reference)")
        ]
    }

    /// Last year's figure to compare the whole budget with, and its name.
    static func reference(_ prior: PriorYear) -> (Fen, String)? {
        if let total = prior.amounts[.total], total > 0 { return (total, PriorItem.total.chineseName) }
        let parts = (prior.amounts[.basic] ?? 0) + (prior.amounts[.project] ?? 0)
        return parts > 0 ? (parts, "基本支出与项目支出之和") : nil
    }

    /// How many times apart two positive amounts are (rounded), and whether `now` is the smaller,
    /// when that is more than ``factor``.
    static func apart(_ now: Fen, _ reference: Fen) -> (times: Fen, smaller: Bool)? {
        guard now > 0, reference > 0 else { return nil }
        if now * factor < reference { return ((reference + now / 2) / now, true) }
        if reference * factor < now { return ((now + reference / 2) / reference, false) }
        return nil
    }

    /// At import: the file's items against last year's figures and against the items the project
    /// already had (an average line of each). A message for the clerk, or nil when plausible.
    public static func importWarning(importTotal: Fen, importCount: Int, existingTotal: Fen, existingCount: Int, prior: PriorYear) -> String? {
        guard importCount > 0 else { return nil }
        let said = "导入的 \(importCount) 条明细合计 \(Checks.yuanAndWan(importTotal))"
        if let (reference, name) = reference(prior), let (times, smaller) = apart(importTotal, reference) {
            return
                "\(said)，上年预算数（\(name)）为 \(Checks.yuanAndWan(reference))，\(smaller ? "小了" : "大了")约 \(times) 倍，像是把\(smaller ? "万元当成元" : "元当成万元")导入了。请核对；要改正，加 --unit \(smaller ? "wan" : "yuan") --replace 重新导入"
        }
        if existingCount > 0, let (times, smaller) = apart(importTotal / Fen(importCount), existingTotal / Fen(existingCount)) {
            return
                "\(said)，平均每条 \(Checks.yuanAndWan(importTotal / Fen(importCount)))，项目中原有的 \(existingCount) 条平均每条 \(Checks.yuanAndWan(existingTotal / Fen(existingCount)))，\(smaller ? "小了" : "大了")约 \(times) 倍，像是把\(smaller ? "万元当成元" : "元当成万元")导入了。请核对；要撤销，用 budget snapshot restore（导入前已存为快照）"
        }
        return nil
    }
}

/// The same question at import, for the session (the check's rule, one place).
public enum AmountScale {
    public static func importWarning(importTotal: Fen, importCount: Int, existingTotal: Fen, existingCount: Int, prior: PriorYear) -> String? {
        AmountScaleCheck.importWarning(
            importTotal: importTotal, importCount: importCount, existingTotal: existingTotal, existingCount: existingCount, prior: prior)
    }
}
