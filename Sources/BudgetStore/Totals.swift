import BudgetModel
import GRDB

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
        let updateItem = try db.cachedStatement(sql: """
            UPDATE item_total SET amount_fen = amount_fen + ?, item_count = item_count + ?
            WHERE functional = ? AND economic = ? AND type = ? AND nature = ? AND source = ?
            """)
        let insertItem = try db.cachedStatement(sql: """
            INSERT INTO item_total (amount_fen, item_count, functional, economic, type, nature, source) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (key, delta) in items where delta.count != 0 || delta.amount != 0 {
            let arguments: StatementArguments = [
                delta.amount, delta.count, key.functional, key.economic, key.type.rawValue, key.nature?.rawValue ?? "", key.source.rawValue,
            ]
            try updateItem.execute(arguments: arguments)
            if db.changesCount == 0 { try insertItem.execute(arguments: arguments) }
        }
        try db.execute(sql: "DELETE FROM item_total WHERE item_count = 0")
        // The same changes summed along one classification each.
        var byFunctional: [ItemTotal.Key: (amount: Fen, count: Int)] = [:]
        var byEconomic: [ItemTotal.Key: (amount: Fen, count: Int)] = [:]
        for (key, delta) in items {
            byFunctional[key.projected(economic: false), default: (0, 0)].amount += delta.amount
            byFunctional[key.projected(economic: false), default: (0, 0)].count += delta.count
            byEconomic[key.projected(functional: false), default: (0, 0)].amount += delta.amount
            byEconomic[key.projected(functional: false), default: (0, 0)].count += delta.count
        }
        for (table, column, deltas, code) in [
            ("functional_total", "functional", byFunctional, { (key: ItemTotal.Key) in key.functional }),
            ("economic_total", "economic", byEconomic, { (key: ItemTotal.Key) in key.economic }),
        ] {
            let update = try db.cachedStatement(sql: """
                UPDATE \(table) SET amount_fen = amount_fen + ?, item_count = item_count + ?
                WHERE \(column) = ? AND type = ? AND nature = ? AND source = ?
                """)
            let insert = try db.cachedStatement(
                sql: "INSERT INTO \(table) (amount_fen, item_count, \(column), type, nature, source) VALUES (?, ?, ?, ?, ?, ?)")
            for (key, delta) in deltas where delta.count != 0 || delta.amount != 0 {
                let arguments: StatementArguments = [
                    delta.amount, delta.count, code(key), key.type.rawValue, key.nature?.rawValue ?? "", key.source.rawValue,
                ]
                try update.execute(arguments: arguments)
                if db.changesCount == 0 { try insert.execute(arguments: arguments) }
            }
            try db.execute(sql: "DELETE FROM \(table) WHERE item_count = 0")
        }
        for (table, column, deltas) in [("unit_total", "unit_id", units), ("project_total", "project_id", projects)] {
            let update = try db.cachedStatement(sql: "UPDATE \(table) SET amount_fen = amount_fen + ?, item_count = item_count + ? WHERE \(column) = ?")
            let insert = try db.cachedStatement(sql: "INSERT INTO \(table) (amount_fen, item_count, \(column)) VALUES (?, ?, ?)")
            for (id, delta) in deltas where delta.count != 0 || delta.amount != 0 {
                try update.execute(arguments: [delta.amount, delta.count, id])
                if db.changesCount == 0 { try insert.execute(arguments: [delta.amount, delta.count, id]) }
            }
            try db.execute(sql: "DELETE FROM \(table) WHERE item_count = 0")
        }
    }
}
