import BudgetModel
import GRDB
import GRDBSQLite

/// Changes to the kept totals that a write makes, applied once at its end.
struct TotalsDelta {
    var items: [ItemTotal.Key: (amount: Fen, count: Int)] = [:]
    var units: [Int64: (amount: Fen, count: Int)] = [:]
    var projects: [Int64: (amount: Fen, count: Int)] = [:]

    mutating func add(_ item: some Classified, unit: Int64, project: Int64?, sign: Int) {
        let amount = Fen(sign) * item.amount
        let key = ItemTotal.Key(item)
        items[key, default: (0, 0)].amount += amount
        items[key, default: (0, 0)].count += sign
        units[unit, default: (0, 0)].amount += amount
        units[unit, default: (0, 0)].count += sign
        if let project {
            projects[project, default: (0, 0)].amount += amount
            projects[project, default: (0, 0)].count += sign
        }
    }

    /// Adds each change to its kept row, creating the row where there is none yet.
    func apply(_ db: Database) throws {
        /// A key's text columns, as `table` keeps them (the projected code left out).
        func texts(_ key: ItemTotal.Key, _ table: TotalsTable) -> [String] {
            (table == .economic ? [] : [key.functional]) + (table == .functional ? [] : [key.economic])
                + [key.type.rawValue, key.nature?.rawValue ?? "", key.source.rawValue]
        }
        try TotalsTable.item.add(items.map { (key: texts($0.key, .item), total: $0.value) }, db)
        // The same changes summed along one classification each (``TotalKey/projected(functional:economic:)``).
        for (table, functional) in [(TotalsTable.functional, true), (.economic, false)] {
            var projected: [ItemTotal.Key: (amount: Fen, count: Int)] = [:]
            for (key, total) in items {
                let key = key.projected(functional: functional, economic: !functional)
                projected[key, default: (0, 0)].amount += total.amount
                projected[key, default: (0, 0)].count += total.count
            }
            try table.add(projected.map { (key: texts($0.key, table), total: $0.value) }, db)
        }
        try TotalsTable.unit.add(ids: units.map { (key: $0.key, total: $0.value) }, db)
        try TotalsTable.project.add(ids: projects.map { (key: $0.key, total: $0.value) }, db)
    }
}

/// A table of kept totals: amounts and item counts by a key of text columns, or by a unit or project id.
enum TotalsTable: String {
    case item = "item_total"
    case functional = "functional_total"
    case economic = "economic_total"
    case unit = "unit_total"
    case project = "project_total"

    var keyColumns: [String] {
        switch self {
        case .item: ["functional", "economic", "type", "nature", "source"]
        case .functional: ["functional", "type", "nature", "source"]
        case .economic: ["economic", "type", "nature", "source"]
        case .unit: ["unit_id"]
        case .project: ["project_id"]
        }
    }

    /// Adds each amount and count to the row of its key, creating the rows that are missing, and
    /// deletes the rows left with no items. Keys are text columns, in `keyColumns` order; rows
    /// are written in the table's key order (B-tree pages filled in turn).
    func add(_ rows: [(key: [String], total: (amount: Fen, count: Int))], _ db: Database) throws {
        let rows = rows.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        try upsert(rows.count, db) { handle, index in
            for (column, text) in rows[index].key.enumerated() { ItemInserter.bind(handle, Int32(column + 3), text) }
            return rows[index].total
        }
    }

    /// The same for the unit and project totals, by id.
    func add(ids rows: [(key: Int64, total: (amount: Fen, count: Int))], _ db: Database) throws {
        let rows = rows.sorted { $0.key < $1.key }
        try upsert(rows.count, db) { handle, index in
            sqlite3_bind_int64(handle, 3, rows[index].key)
            return rows[index].total
        }
    }

    /// Adds `count` rows, in the order given: `row` binds the key columns of a row (from
    /// parameter 3 on) and returns its amount and count.
    func upsert(_ count: Int, _ db: Database, _ row: (OpaquePointer?, Int) -> (amount: Fen, count: Int)) throws {
        let columns = keyColumns.joined(separator: ", ")
        let values = "?, ?, " + keyColumns.map { _ in "?" }.joined(separator: ", ")
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO \(rawValue) (amount_fen, item_count, \(columns)) VALUES (\(values))
                ON CONFLICT (\(columns)) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, item_count = item_count + excluded.item_count
                """
        ).sqliteStatement
        // SQLite checks `item_count >= 0` on the row an upsert proposes, before it finds the row
        // to update: fewer items go through an update (and, for a row that is not there, the
        // insert that then refuses them).
        let update = try db.cachedStatement(
            sql: """
                UPDATE \(rawValue) SET amount_fen = amount_fen + ?1, item_count = item_count + ?2
                WHERE \(keyColumns.enumerated().map { "\($1) = ?\($0 + 3)" }.joined(separator: " AND "))
                """
        ).sqliteStatement
        func step(_ handle: OpaquePointer?) throws {
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        var emptied = false
        defer {
            for handle in [upsert, update] {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
        }
        for index in 0..<count {
            sqlite3_reset(upsert)
            let total = row(upsert, index)
            if total.count == 0 && total.amount == 0 { continue }
            sqlite3_bind_int64(upsert, 1, total.amount)
            sqlite3_bind_int64(upsert, 2, Int64(total.count))
            if total.count < 0 {
                emptied = true
                sqlite3_reset(update)
                sqlite3_clear_bindings(update)
                _ = row(update, index)
                sqlite3_bind_int64(update, 1, total.amount)
                sqlite3_bind_int64(update, 2, Int64(total.count))
                try step(update)
                if sqlite3_changes(db.sqliteConnection) > 0 { continue }
            }
            try step(upsert)
        }
        if emptied { try db.execute(sql: "DELETE FROM \(rawValue) WHERE item_count = 0") }
    }
}
