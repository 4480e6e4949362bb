import BudgetModel
import Foundation
import GRDB

// The finance bureau's 控制数 (table budget_cap, format 10).
extension ProjectReader {
    /// Every cap, in key order (unit, source, type, project, economic 类).
    public func caps() throws -> [BudgetCap] {
        var caps: [BudgetCap] = []
        try db.eachRow(
            "SELECT id, round, received, unit_code, source, type, project_name, economic_class, amount_fen, note FROM budget_cap ORDER BY id"
        ) { row in
            // A source or type another program wrote that this build does not know is skipped
            // rather than guessed (the columns' CHECKs keep this build's own writes valid).
            guard let source = FundingSource(rawValue: row.text(4)) else { return }
            let type = row.text(5)
            caps.append(
                BudgetCap(
                    id: row.int(0), round: row.text(1), received: row.text(2), unitCode: row.text(3), source: source,
                    type: type.isEmpty ? nil : ExpenditureType(rawValue: type), project: row.text(6), economicClass: row.text(7),
                    amount: row.int(8), note: row.text(9)))
        }
        return caps.sorted { $0.key < $1.key }
    }

    /// Every line item the caps could cover (those of their funding sources), with the caps
    /// against them; no item is read when the project has no caps.
    public func capExecution() throws -> [CapExecution] {
        let caps = try caps()
        if caps.isEmpty { return [] }
        var items: [LineItem] = []
        let sources = Set(caps.map(\.source))
        try forEachItem { item in if sources.contains(item.source) { items.append(item) } }
        return CapExecution.compare(caps, items: items)
    }
}

extension ProjectWriter {
    /// Adds caps, or, for a cap whose key the project has, replaces that one's amount, round,
    /// date and note. Returns the stored caps' numbers, in order.
    @discardableResult
    public func putCaps(_ caps: [BudgetCap]) throws -> [Int64] {
        var ids: [Int64] = []
        for cap in caps {
            try db.execute(
                sql: """
                    INSERT INTO budget_cap (round, received, unit_code, source, type, project_name, economic_class, amount_fen, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (unit_code, source, type, project_name, economic_class)
                    DO UPDATE SET round = excluded.round, received = excluded.received, amount_fen = excluded.amount_fen, note = excluded.note
                    """,
                arguments: [
                    cap.round, cap.received, cap.unitCode, cap.source.rawValue, cap.type?.rawValue ?? "", cap.project, cap.economicClass,
                    cap.amount, cap.note,
                ])
            let id = try Int64.fetchOne(
                db,
                sql: "SELECT id FROM budget_cap WHERE unit_code = ? AND source = ? AND type = ? AND project_name = ? AND economic_class = ?",
                arguments: [cap.unitCode, cap.source.rawValue, cap.type?.rawValue ?? "", cap.project, cap.economicClass])
            ids.append(id ?? 0)
        }
        return ids
    }

    /// Removes the caps with these numbers (every cap when nil); a number not there is a problem.
    public func deleteCaps(ids: [Int64]?) throws {
        try deleteRows("budget_cap", ids: ids, column: "控制数编号", missing: "没有这一项控制数（编号见 budget caps list）")
    }
}
