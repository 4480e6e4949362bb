import BudgetModel

/// Where the template asks for reasons (its statement's `lines.reasonThreshold`, Shanghai: 10 %),
/// each 项 of the 财政拨款支出主要内容 whose amount changed by that much or more against the
/// figure of last year the clerk entered needs a reason: an error while it is missing.
enum LineReasonCheck: DisclosureCheck {
    static let id = CheckID.lineReason

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        return reasons(context.reports, context.data, parts.document)
    }

    static func reasons(_ reports: ReportSet, _ data: BudgetData, _ document: DocumentData) -> [Finding] {
        let spec = reports.template.statementSpec
        guard let threshold = spec.lines?.reasonThreshold else { return [] }
        let text = reports.forText
        var findings: [Finding] = []
        for line in spec.spendingLines(data) {
            guard let note = document.lineNotes[line.code], note.reason.trimmingTrailingPunctuation.isEmpty,
                spec.needsReason(now: line.amount, before: note.prior), let before = note.prior
            else { continue }
            let name = data.codes.name(.functional, line.code).map { "\(line.code) \($0)" } ?? line.code
            let change =
                before == 0
                ? "上年为 0"
                : "变化 \(Money.formatHundredths((abs(line.amount - before) * 10_000 + before / 2) / before))%"
            findings.append(
                Finding(
                    severity: .error, check: id.rawValue,
                    message:
                        "功能科目 \(name) 本年 \(Checks.format(text, line.amount))，上年 \(Checks.format(text, before))，\(change)，达到 \(threshold)%，需要写明增减原因：请用 budget purpose set 项目文件 --functional \(line.code) --reason 原因 填写",
                    table: "情况说明", row: name))
        }
        return findings
    }
}
