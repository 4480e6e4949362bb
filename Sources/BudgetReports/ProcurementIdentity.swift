import BudgetModel

extension ProcurementRow {
    /// What names a purchase whatever its number: its unit, its source (the project, or a source
    /// of 基本支出 such as 公用类项目（三保）) and the item bought, with “（第 2 条）” … for the same
    /// item bought again from the same source. Numbers change when the rows are imported again
    /// (a draft workbook read back); this does not, so a diff pairs the rows by it.
    public static func identities(_ rows: [ProcurementRow]) -> [(key: String, label: String)] {
        var seen: [String: Int] = [:]
        return rows.map { row in
            let base = "\(row.unitCode)/\(row.sourceLabel)/\(row.item)"
            let count = seen[base, default: 0] + 1
            seen[base] = count
            let label = "\(row.sourceLabel)：\(row.item)" + (count > 1 ? "（第 \(count) 条）" : "")
            return (count > 1 ? "\(base)/\(count)" : base, label)
        }
    }
}
