/// The catalog changes the tool ships, one mapping file (`old,new[,share]`) per pair of years:
/// what `budget rollover` applies before a bureau's own file (`--map`). Each is written only
/// from the Ministry of Finance's published notices of the year; `docs/code-migrations.md`
/// names them.
///
/// 2023 → 2024: the bundled catalog is the 2024 edition, and every code of the 2023 sample
/// is in it under the same name. The 2024 notice (财政部关于对2024年政府收支分类科目进行个别
/// 增补的通知, 2024-03-29) only adds codes (22006 耕地保护考核奖惩基金支出 and its 项): an added
/// code needs no rule. So the file has no rule; a code the bureau retires is given with
/// `--map` (or in next year's catalog, `--catalog`).
public enum BundledCodeMigrations {
    /// The mapping files by the year rolled from, as CSV text.
    public static let files: [Int: String] = [
        2023: "旧编码,新编码,比例\n"
    ]

    /// The bundled rules from `year` to the next, read like a clerk's file (no rules when the
    /// tool ships none for that year).
    public static func migration(from year: Int) -> CodeMigration {
        guard let text = files[year] else { return CodeMigration() }
        // Codes and percentages only: no field is quoted.
        let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let table = rows.dropFirst().enumerated().map { index, row in
            (line: index + 2, values: ["old": row.first ?? "", "new": row.count > 1 ? row[1] : "", "share": row.count > 2 ? row[2] : ""])
        }
        return CodeMigration.read(table, file: nil).0
    }
}
