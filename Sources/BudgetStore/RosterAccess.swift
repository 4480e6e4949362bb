import BudgetModel
import GRDB

/// A line item the 基本支出 calculation made: what it gave, to tell whether the clerk has since
/// edited the item (format 9).
public struct GeneratedRecord: Equatable, Sendable {
    public var itemID: Int64
    public var unitCode: String
    public var functional: String
    public var economic: String
    public var amount: Fen
    public var formula: String

    /// Whether `item` is still what the calculation made: same unit, codes and amount, 基本支出
    /// from 一般公共预算, no project.
    public func matches(_ item: LineItem) -> Bool {
        item.unitCode == unitCode && item.functional == functional && item.economic == economic && item.amount == amount
            && item.type == .basic && item.source == .general && item.project == nil
    }

    public var key: String { functional + "/" + economic }
}

/// The roster, unit profiles and standards (format 9).
extension ProjectReader {
    static let rosterSelect = """
        SELECT g.id, u.code, g.category, g.name, g.headcount, g.establishment, g.months, g.basic_fen, g.allowance_fen,
          g.performance_fen, g.meal_fen, g.base_fen, g.pension_fen, g.supplement_fen
        FROM roster_group g JOIN unit u ON u.id = g.unit_id
        """

    /// The roster's groups, of one unit or all, by unit code then in the order they were added.
    public func rosterGroups(unit: String? = nil) throws -> [RosterGroup] {
        if let unit { return try groups(" WHERE u.code = ? ORDER BY g.id", [unit]) }
        return try groups(" ORDER BY u.code, g.id", [])
    }

    /// One group by its number, or nil.
    public func rosterGroup(id: Int64) throws -> RosterGroup? {
        try groups(" WHERE g.id = ?", [id]).first
    }

    private func groups(_ clause: String, _ arguments: StatementArguments) throws -> [RosterGroup] {
        try Row.fetchAll(db, sql: Self.rosterSelect + clause, arguments: arguments).map { row in
            RosterGroup(
                id: row[0], unitCode: row[1], category: StaffCategory(rawValue: row[2]) ?? .administrative, name: row[3], headcount: row[4],
                establishment: row[5], months: row[6], basicPay: row[7], allowances: row[8], performancePay: row[9], mealAllowance: row[10],
                contributionBase: row[11], pension: row[12], pensionSupplement: row[13])
        }
    }

    /// Each unit's profile, by unit code.
    public func unitProfiles() throws -> [String: UnitProfile] {
        var profiles: [String: UnitProfile] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT u.code, p.main_functional, p.vehicles, p.students FROM unit_profile p JOIN unit u ON u.id = p.unit_id")
        {
            profiles[row[0]] = UnitProfile(unitCode: row[0], mainFunctional: row[1], vehicles: row[2], students: row[3])
        }
        return profiles
    }

    /// The standards the project keeps, over the tool's defaults.
    public func standards() throws -> StandardTable {
        let kept = try Row.fetchAll(db, sql: "SELECT key, name, kind, value, basis, source FROM standard ORDER BY key").map { row in
            Standard(key: row[0], name: row[1], value: row[3], kind: StandardKind(rawValue: row[2]) ?? .amount, basis: row[4], source: row[5])
        }
        return StandardTable(kept: kept)
    }

    /// What the calculation made, each with its item as it is now (nil when it is gone), by
    /// item number: one query, not one per item.
    public func generatedItems(unit: String? = nil) throws -> [(record: GeneratedRecord, item: LineItem?)] {
        let select = """
            SELECT g.item_id, gu.code, g.functional AS g_functional, g.economic AS g_economic, g.amount_fen AS g_amount, g.formula,
                   i.id, u.code AS unit, i.functional, i.economic, i.type, i.nature, p.name AS project, i.source, i.amount_fen, i.note
            FROM generated_item g JOIN unit gu ON gu.id = g.unit_id
              LEFT JOIN line_item i ON i.id = g.item_id LEFT JOIN unit u ON u.id = i.unit_id LEFT JOIN project p ON p.id = i.project_id
            """
        let rows =
            if let unit {
                try Row.fetchAll(db, sql: select + " WHERE gu.code = ? ORDER BY g.item_id", arguments: [unit])
            } else {
                try Row.fetchAll(db, sql: select + " ORDER BY g.item_id")
            }
        return rows.map { row in
            let record = GeneratedRecord(
                itemID: row[0], unitCode: row[1], functional: row["g_functional"], economic: row["g_economic"], amount: row["g_amount"],
                formula: row["formula"])
            let present: Int64? = row["id"]
            return (record, present == nil ? nil : Self.item(row))
        }
    }

    /// The 基本支出 items of these units the calculation did not make (all units when nil).
    public func typedBasicItems(units: Set<String>?) throws -> [LineItem] {
        var sql = Self.itemSelect + " WHERE i.type = 'basic' AND i.id NOT IN (SELECT item_id FROM generated_item)"
        var arguments: [any DatabaseValueConvertible] = []
        if let units {
            guard !units.isEmpty else { return [] }
            sql += " AND u.code IN (\(Array(repeating: "?", count: units.count).joined(separator: ", ")))"
            arguments = units.sorted()
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY i.id", arguments: StatementArguments(arguments)).map(Self.item)
    }

    /// What the calculation made, of one unit or all, by item number.
    public func generatedRecords(unit: String? = nil) throws -> [GeneratedRecord] {
        let select = """
            SELECT g.item_id, u.code, g.functional, g.economic, g.amount_fen, g.formula
            FROM generated_item g JOIN unit u ON u.id = g.unit_id
            """
        let rows =
            if let unit {
                try Row.fetchAll(db, sql: select + " WHERE u.code = ? ORDER BY g.item_id", arguments: [unit])
            } else {
                try Row.fetchAll(db, sql: select + " ORDER BY g.item_id")
            }
        return rows.map { GeneratedRecord(itemID: $0[0], unitCode: $0[1], functional: $0[2], economic: $0[3], amount: $0[4], formula: $0[5]) }
    }
}

extension ProjectReader {
    /// The roster, the profiles and the standards; nil when the project has none of them and no
    /// generated lines. With `lines`, also what the roster checks compare them with, which reads
    /// the units' 基本支出 items: only `check` asks for it.
    public func rosterFacts(lines: Bool) throws -> RosterFacts? {
        let groups = try rosterGroups()
        let (profiles, standards) = (try unitProfiles(), try standards())
        let generatedCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM generated_item") ?? 0
        guard !groups.isEmpty || generatedCount > 0 || !profiles.isEmpty || !standards.kept.isEmpty else { return nil }
        var facts = RosterFacts(groups: groups, profiles: profiles, standards: standards)
        facts.linesRead = lines
        guard lines else { return facts }
        let units = Set(groups.map(\.unitCode))
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT u.code, i.economic, i.nature, sum(i.amount_fen) FROM line_item i JOIN unit u ON u.id = i.unit_id
                WHERE i.type = 'basic' AND i.unit_id IN (SELECT DISTINCT unit_id FROM roster_group) GROUP BY 1, 2, 3
                """)
        {
            let unit: String = row[0]
            guard units.contains(unit) else { continue }
            let amount: Fen = row[3]
            facts.basicByEconomic[unit, default: [:]][row[1], default: 0] += amount
            if (row[2] as String?) == CostNature.publicFunds.rawValue { facts.publicFunds[unit, default: 0] += amount }
        }
        let made = try generatedItems()
        let madeKeys = Set(made.map { $0.record.unitCode + " " + $0.record.key })
        facts.typedAlongside = try typedBasicItems(units: units).filter { madeKeys.contains($0.unitCode + " " + $0.functional + "/" + $0.economic) }
        for (record, item) in made {
            guard let item, !record.matches(item) else { continue }
            facts.edited.append(
                RosterFacts.EditedLine(
                    itemID: record.itemID, unitCode: record.unitCode, functional: record.functional, economic: record.economic,
                    generated: record.amount, now: item.amount))
        }
        return facts
    }
}

extension ProjectWriter {
    /// Adds a group; returns its number.
    @discardableResult
    public func insertRosterGroup(_ group: RosterGroup) throws -> Int64 {
        let unit = try unitID(group.unitCode)
        try db.execute(
            sql: """
                INSERT INTO roster_group (unit_id, category, name, headcount, establishment, months, basic_fen, allowance_fen,
                  performance_fen, meal_fen, base_fen, pension_fen, supplement_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                unit, group.category.rawValue, group.name, group.headcount, group.establishment, group.months, group.basicPay,
                group.allowances, group.performancePay, group.mealAllowance, group.contributionBase, group.pension, group.pensionSupplement,
            ])
        return db.lastInsertedRowID
    }

    /// Replaces the group with `group.id`.
    public func updateRosterGroup(_ group: RosterGroup) throws {
        guard let id = group.id else { return }
        let unit = try unitID(group.unitCode)
        try db.execute(
            sql: """
                UPDATE roster_group SET unit_id = ?, category = ?, name = ?, headcount = ?, establishment = ?, months = ?, basic_fen = ?,
                  allowance_fen = ?, performance_fen = ?, meal_fen = ?, base_fen = ?, pension_fen = ?, supplement_fen = ? WHERE id = ?
                """,
            arguments: [
                unit, group.category.rawValue, group.name, group.headcount, group.establishment, group.months, group.basicPay,
                group.allowances, group.performancePay, group.mealAllowance, group.contributionBase, group.pension, group.pensionSupplement, id,
            ])
    }

    public func deleteRosterGroup(id: Int64) throws {
        try db.execute(sql: "DELETE FROM roster_group WHERE id = ?", arguments: [id])
    }

    /// Removes every group of the unit.
    public func deleteRosterGroups(unit code: String) throws {
        try db.execute(sql: "DELETE FROM roster_group WHERE unit_id = ?", arguments: [try unitID(code)])
    }

    public func setUnitProfile(_ profile: UnitProfile) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO unit_profile (unit_id, main_functional, vehicles, students) VALUES (?, ?, ?, ?)",
            arguments: [try unitID(profile.unitCode), profile.mainFunctional, profile.vehicles, profile.students])
    }

    /// Keeps a standard (replacing the one with its key).
    public func setStandard(_ standard: Standard) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO standard (key, name, kind, value, basis, source) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [standard.key, standard.name, standard.kind.rawValue, standard.value, standard.basis, standard.source])
    }

    /// Forgets a kept standard (a known one falls back to the tool's default).
    public func removeStandard(key: String) throws {
        try db.execute(sql: "DELETE FROM standard WHERE key = ?", arguments: [key])
    }

    /// Remembers that the calculation made `itemID` as `line`.
    public func recordGenerated(itemID: Int64, _ line: GeneratedLine) throws {
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO generated_item (item_id, unit_id, functional, economic, amount_fen, formula) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [itemID, try unitID(line.unitCode), line.functional, line.economic, line.amount, line.formula])
    }

    /// Sets the amounts of items the calculation made (no project), with one change to the kept
    /// totals for all of them.
    public func updateAmounts(_ changes: [(item: LineItem, amount: Fen)]) throws {
        guard !changes.isEmpty else { return }
        try checkProjectTotal(adding: changes.reduce(0) { $0 + $1.amount - $1.item.amount })
        var delta = TotalsDelta()
        let update = try db.cachedStatement(sql: "UPDATE line_item SET amount_fen = ? WHERE id = ?")
        for (item, amount) in changes {
            guard let id = item.id else { continue }
            let unit = try unitID(item.unitCode)
            let project = try item.project.map(projectID)
            var changed = item
            changed.amount = amount
            delta.add(item, unit: unit, project: project, sign: -1)
            delta.add(changed, unit: unit, project: project, sign: 1)
            try update.execute(arguments: [amount, id])
        }
        try delta.apply(db)
    }

    /// Puts back what the calculation made of an item (after its items were replaced under the
    /// same numbers).
    public func restoreGenerated(_ record: GeneratedRecord) throws {
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO generated_item (item_id, unit_id, functional, economic, amount_fen, formula) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [record.itemID, try unitID(record.unitCode), record.functional, record.economic, record.amount, record.formula])
    }

    public func forgetGenerated(itemIDs: [Int64]) throws {
        for id in itemIDs { try db.execute(sql: "DELETE FROM generated_item WHERE item_id = ?", arguments: [id]) }
    }
}
