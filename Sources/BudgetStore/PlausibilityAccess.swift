import BudgetModel
import GRDB

/// What the checks that question amounts read (per unit), and the warnings the clerk confirmed
/// (format 8).
extension ProjectReader {
    /// The line items the plausibility checks look at, summed per unit, functional and economic
    /// code and source: 301 and 303 lines, 事业收入 and 经营收入, functional 项 ending in 01 or 50
    /// (where 行政运行 and 事业运行 are). Reads those items. Summed only as far as the checks tell
    /// them apart (``UnitLineTotal``): other functional codes as "", economic codes by class but
    /// 30101 and 30107.
    public func unitLines() throws -> [UnitLineTotal] {
        var lines: [UnitLineTotal] = []
        try db.eachRow(
            """
            SELECT u.code, CASE WHEN substr(i.functional, 6) IN ('01', '50') THEN i.functional ELSE '' END,
              CASE WHEN i.economic IN ('30101', '30107') THEN i.economic ELSE substr(i.economic, 1, 3) END, i.source,
              sum(i.amount_fen), count(*)
            FROM line_item i JOIN unit u ON u.id = i.unit_id
            WHERE substr(i.economic, 1, 3) IN ('301', '303') OR i.source IN ('business', 'operating') OR substr(i.functional, 6) IN ('01', '50')
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """
        ) { row in
            lines.append(
                UnitLineTotal(
                    unit: row.text(0), functional: row.text(1), economic: row.text(2), source: row.value(3, in: Vocabulary.sources) ?? .general,
                    amount: row.int(4), count: Int(row.int(5))))
        }
        return lines
    }

    /// How many line items the project has and their total, from the kept totals.
    public func itemCountAndTotal() throws -> (count: Int, total: Fen) {
        let row = try Row.fetchOne(db, sql: "SELECT coalesce(sum(item_count), 0), coalesce(sum(amount_fen), 0) FROM unit_total")!
        return (row[0], row[1])
    }

    /// Whether the clerk ever chose the scope of 机关运行经费.
    public func operationCostScopeChosen() throws -> Bool {
        try setting("operation-cost-scope") != nil
    }

    /// The confirmed warnings, by key.
    public func confirmations() throws -> [Confirmation] {
        try Row.fetchAll(db, sql: "SELECT key, fingerprint, check_id, message, note, confirmed FROM confirmation ORDER BY key").map {
            Confirmation(key: $0[0], fingerprint: $0[1], check: $0[2], message: $0[3], note: $0[4], confirmed: $0[5])
        }
    }
}

extension ProjectWriter {
    /// Confirms a warning (a confirmation of the same key is replaced).
    public func confirm(_ confirmation: Confirmation) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO confirmation (key, fingerprint, check_id, message, note, confirmed) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                confirmation.key, confirmation.fingerprint, confirmation.check, confirmation.message, confirmation.note, confirmation.confirmed,
            ])
    }

    /// Takes a confirmation back; false when there was none of that key.
    public func unconfirm(_ key: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM confirmation WHERE key = ?", arguments: [key])
        return db.changesCount > 0
    }
}
