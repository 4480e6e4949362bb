import BudgetModel

/// Pay that is implausibly small for a unit with staff: 基本工资 for 25 people typed as 102.00
/// meaning 万元 and imported as 元 is 102 元 a year. There is no staff roster, so the rule is
/// read from the amounts alone: a unit that books 工资福利支出 (301) has at least one person, and
/// one person's pay for a year is more than 12,000 元 (1,000 元 a month, below the lowest basic
/// salary of any grade and below every province's minimum wage). So a unit's yearly 基本工资
/// (30101), or its whole 301 when it books no 30101, below 12,000 元 is questioned, and so are its
/// 对个人和家庭的补助 (303) below 1,200 元 (100 元 a month for one person). A warning: the clerk
/// confirms it (`budget confirm`) when the figure is right.
enum SmallPayCheck: DisclosureCheck {
    static let id = CheckID.smallPay

    /// One person's pay for a year, at the least: 1,000 元 a month.
    static let yearlyPay: Fen = 1_200_000
    /// One person's 对个人和家庭的补助 for a year, at the least: 100 元 a month.
    static let yearlyAid: Fen = 120_000

    static func run(_ context: CheckContext) -> [Finding] {
        guard let lines = context.data.unitLines else { return [] }
        return smallPay(context.data, lines, context.locate)
    }

    static func smallPay(_ data: BudgetData, _ lines: [UnitLineTotal], _ locate: Checks.ItemLocator) -> [Finding] {
        var findings: [Finding] = []
        for (unit, unitLines) in Dictionary(grouping: lines, by: \.unit).sorted(by: { $0.key < $1.key }) {
            let sum = { (prefix: String) in unitLines.filter { $0.economic.hasPrefix(prefix) }.reduce(0) { $0 + $1.amount } }
            let basicPay = sum("30101")
            let pay = sum("301")
            let aid = sum("303")
            if basicPay > 0 && basicPay < yearlyPay {
                findings.append(finding(data, unit, "30101", "基本工资（30101）", basicPay, floor: yearlyPay, locate))
            } else if basicPay == 0 && pay > 0 && pay < yearlyPay {
                findings.append(finding(data, unit, "301", "工资福利支出（301）", pay, floor: yearlyPay, locate))
            }
            if aid > 0 && aid < yearlyAid {
                findings.append(finding(data, unit, "303", "对个人和家庭的补助（303）", aid, floor: yearlyAid, locate))
            }
        }
        return findings
    }

    static func finding(
        _ data: BudgetData, _ unit: String, _ code: String, _ what: String, _ amount: Fen, floor: Fen, _ locate: Checks.ItemLocator
    ) -> Finding {
        let perMonth = floor == yearlyPay ? "每月 1,000 元" : "每月 100 元"
        return Finding(
            severity: .warning, check: id.rawValue,
            message:
                "单位 \(Checks.unitName(data, unit)) 全年\(what)只有 \(Checks.yuanAndWan(amount))，不到一个人一年的数（按\(perMonth)算 \(Money.formatYuan(floor)) 元）。是不是把万元当成元录入了？若是万元，应为 \(Money.formatYuan(amount * 10_000)) 元，请改正（budget item set 或加 --unit wan 重新导入）",
            row: "单位 \(unit)", items: Checks.unitItems(locate, units: [unit], economic: [code]), key: "\(id.rawValue):\(unit):\(code)",
            fingerprint: "\(code)=\(amount)")
    }
}
