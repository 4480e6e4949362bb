import BudgetModel
import GRDB

/// What replacing whole parts of a project needs (a draft workbook imported with `--replace`).
extension ProjectReader {
    /// How many rows each part of the draft holds.
    public struct PartCounts: Equatable, Sendable {
        public var items: Int
        public var projects: Int
        public var indicators: Int
        public var procurement: Int
        public var priorFigures: Int
        /// Notes on the 项 of spending (主要内容).
        public var lineNotes: Int
    }

    public func partCounts() throws -> PartCounts {
        func count(_ table: String, _ condition: String = "") throws -> Int {
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) \(condition)") ?? 0
        }
        return PartCounts(
            items: try count("line_item"), projects: try count("project"), indicators: try count("indicator"),
            procurement: try count("procurement"), priorFigures: try count("prior_figure", "WHERE amount_fen IS NOT NULL OR reason <> ''"),
            lineNotes: try count("functional_note"))
    }
}

extension ProjectReader {
    /// The largest id of a line item (0 when there is none): the items inserted after it are new.
    public func lastItemID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM line_item") ?? 0
    }

    /// The items after `id`, in order, that repeat an item up to `id` exactly (unit, codes, type,
    /// nature, project, source and amount): their places among the new items (1 the first), and
    /// how many new items there are.
    public func repeatedItems(after id: Int64) throws -> (places: [Int], added: Int) {
        var places: [Int] = []
        var added = 0
        try db.eachRow(
            """
            SELECT EXISTS (SELECT 1 FROM line_item o WHERE o.id <= \(id) AND o.unit_id = n.unit_id AND o.functional = n.functional
                    AND o.economic = n.economic AND o.type = n.type AND o.nature IS n.nature AND o.project_id IS n.project_id
                    AND o.source = n.source AND o.amount_fen = n.amount_fen)
            FROM line_item n WHERE n.id > \(id) ORDER BY n.id
            """
        ) { row in
            added += 1
            if row.int(0) != 0 { places.append(added) }
        }
        return (places, added)
    }
}

extension ProjectWriter {
    /// Removes every line item and the kept totals with them.
    public func deleteAllItems() throws {
        try db.execute(
            sql: """
                DELETE FROM line_item; DELETE FROM item_total; DELETE FROM functional_total; DELETE FROM economic_total;
                DELETE FROM unit_total; DELETE FROM project_total; DELETE FROM generated_item;
                """)
    }

    /// Changes the name, nature, level and funding form of the unit with this code.
    public func updateUnit(_ unit: BudgetUnit) throws {
        try db.execute(
            sql: "UPDATE unit SET name = ?, nature = ?, level = ?, funding_form = ? WHERE code = ?",
            arguments: [unit.name, unit.nature.rawValue, unit.level, unit.fundingForm, unit.code])
    }

    /// Removes the units whose codes are not in `codes`. Nothing may refer to them any more.
    public func deleteUnits(keeping codes: Set<String>) throws {
        for code in try String.fetchAll(db, sql: "SELECT code FROM unit ORDER BY code") where !codes.contains(code) {
            try db.execute(sql: "DELETE FROM roster_group WHERE unit_id = (SELECT id FROM unit WHERE code = ?)", arguments: [code])
            try db.execute(sql: "DELETE FROM generated_item WHERE unit_id = (SELECT id FROM unit WHERE code = ?)", arguments: [code])
            try db.execute(sql: "DELETE FROM unit WHERE code = ?", arguments: [code])
        }
    }

    /// Forgets every figure and reason of last year.
    public func clearPrior() throws {
        try db.execute(sql: "DELETE FROM prior_figure")
    }
}

extension ProjectWriter {
    /// Changes the unit and note of the project with this name.
    public func updateProject(_ project: BudgetProject) throws {
        let unit = try project.unitCode.map(unitID)
        try db.execute(sql: "UPDATE project SET unit_id = ?, note = ? WHERE name = ?", arguments: [unit, project.note, project.name])
    }

    /// Removes the projects whose names are not in `names`, with their performance targets.
    /// No line item or procurement row may refer to them any more.
    public func deleteProjects(keeping names: Set<String>) throws {
        for name in try String.fetchAll(db, sql: "SELECT name FROM project ORDER BY id") where !names.contains(name) {
            try db.execute(sql: "DELETE FROM project WHERE name = ?", arguments: [name])
        }
    }
}
