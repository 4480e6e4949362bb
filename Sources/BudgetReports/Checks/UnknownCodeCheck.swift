import BudgetModel

/// Codes named by the clerk, not found in the catalogs, are pointed out (a warning).
enum UnknownCodeCheck: DisclosureCheck {
    static let id = CheckID.unknownCode

    static func run(_ context: CheckContext) -> [Finding] {
        userCodes(context.data, context.locate)
    }

    static func userCodes(_ data: BudgetData, _ locate: Checks.ItemLocator) -> [Finding] {
        var findings: [Finding] = []
        for kind in CodeKind.allCases {
            let used = Set(kind == .functional ? data.functionalTotals.map(\.functional) : data.economicTotals.map(\.economic))
            for code in used.sorted() {
                guard let entry = data.codes.lookup(kind, code), entry.origin == .user else { continue }
                findings.append(
                    Finding(
                        severity: .warning, check: id.rawValue,
                        message: "\(kind.chineseName) \(code)“\(entry.name)”不在分类目录中，名称由使用者填写：请与财政部门当年的科目表核对",
                        row: code, items: locate(kind == .functional ? .functional([code]) : .economic([code]))))
            }
        }
        return findings
    }
}
