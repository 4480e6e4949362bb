import BudgetModel

/// The tables agree with each other, as the template's identities say (表1 支出合计 = 表3 合计 …).
enum IdentityCheck: DisclosureCheck {
    static let id = CheckID.identity

    static func run(_ context: CheckContext) -> [Finding] {
        identities(context.reports, context.locate)
    }

    static func identities(_ reports: ReportSet, _ locate: Checks.ItemLocator) -> [Finding] {
        var findings: [Finding] = []
        for identity in reports.template.identities {
            guard let left = reports.table(identity.left.table), let right = reports.table(identity.right.table) else { continue }
            // A column left out for having no money counts as zeros.
            let leftColumn = left.column(template: identity.left.column)
            let rightColumn = right.column(template: identity.right.column)
            let keys: [String]
            let leftKeys = leftColumn.map { left.keys(column: $0) } ?? []
            let rightKeysAll = rightColumn.map { right.keys(column: $0) } ?? []
            let selection = identity.leftRows
            if case .keys(let list) = selection {
                keys = list
            } else {
                keys = Array(Set(leftKeys + rightKeysAll).filter(selection.contains)).sorted()
            }
            let rightKeys: [String]
            if case .keys(let list) = identity.rightRows { rightKeys = list } else { rightKeys = keys }
            // Each side's amounts by key, looked up once.
            let leftAmounts = leftColumn.map { left.amounts(column: $0) } ?? [:]
            let rightAmounts = rightColumn.map { right.amounts(column: $0) } ?? [:]
            for (leftKey, rightKey) in zip(keys, rightKeys) {
                let a = leftAmounts[leftKey] ?? 0
                let b = rightAmounts[rightKey] ?? 0
                guard a != b else { continue }
                let row = leftColumn.flatMap { left.rowIndex(leftKey, column: $0) }
                let place = row.map { Checks.place(left, row: $0, column: leftColumn!) }
                let rightRow = rightColumn.flatMap { right.rowIndex(rightKey, column: $0) }
                let rightPlace = rightRow.map { Checks.place(right, row: $0, column: rightColumn!) }
                let rightText = rightPlace.map { "\($0.table) \($0.row) \($0.column)" } ?? "表\(right.id) 中没有这一行"
                let reports = reports.scoped(to: left)
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue,
                        message: "\(identity.name)：本表为 \(reports.format(a))，\(rightText) 为 \(reports.format(b))",
                        table: place?.table ?? "表\(left.id) \(left.title)", row: place?.row ?? "“\(leftKey)”（本表没有这一行）",
                        column: place?.column, expected: b, actual: a,
                        items: Checks.items(locate, row.flatMap { left.filter(row: $0, column: leftColumn!) })))
            }
        }
        return findings
    }
}
