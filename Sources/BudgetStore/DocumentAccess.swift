import BudgetModel
import GRDB
import GRDBSQLite

/// The parts of the disclosure document beyond line items (format 3).
extension ProjectReader {
    public func document() throws -> DocumentData {
        var texts: [TextSection: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT section, text FROM paragraph ORDER BY section, position") {
            if let section = TextSection(rawValue: row[0]) { texts[section, default: []].append(row[1]) }
        }
        let goals = try Row.fetchAll(db, sql: "SELECT name, goal, indicators FROM department_goal ORDER BY position")
            .map { DepartmentGoal(name: $0[0], goal: $0[1], indicators: $0[2]) }
        var indicators: [Int64: [PerformanceIndicator]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT project_id, level1, level2, level3, description, value, basis FROM indicator ORDER BY project_id, position")
        {
            indicators[row[0], default: []].append(
                PerformanceIndicator(
                    level1: IndicatorLevel(rawValue: row[1]) ?? .output, level2: row[2], level3: row[3], description: row[4], value: row[5],
                    basis: row[6]))
        }
        var declared: [String: Fen] = [:]
        var performance: [ProjectPerformance] = []
        try db.eachRow("SELECT id, name, goal, declared_fen FROM project ORDER BY id") { row in
            let name = row.text(1)
            performance.append(ProjectPerformance(project: name, goal: row.text(2), indicators: indicators[row.int(0)] ?? []))
            if let fen = row.optionalInt(3) { declared[name] = fen }
        }
        var prior = PriorYear()
        for row in try Row.fetchAll(db, sql: "SELECT item, amount_fen, reason FROM prior_figure") {
            guard let item = PriorItem(rawValue: row[0]) else { continue }
            if let fen: Fen = row[1] { prior.amounts[item] = fen }
            let reason: String = row[2]
            if !reason.isEmpty { prior.reasons[item] = reason }
        }
        let glossary = try Row.fetchAll(db, sql: "SELECT term, text FROM glossary ORDER BY position").map { GlossaryEntry(term: $0[0], text: $0[1]) }
        let scope = try operationCostScope()
        var document = DocumentData(
            texts: texts, departmentGoals: goals, performance: performance, procurement: try procurement(), assets: try assets(),
            prior: prior, glossary: glossary.isEmpty ? StandardGlossary.entries : glossary, operationCostScope: scope,
            declaredProjectAmounts: declared)
        document.glossaryIsStandard = glossary.isEmpty
        document.lineNotes = try lineNotes()
        document.economicNotes = try economicNotes()
        document.roster = try rosterFacts(lines: false)
        document.caps = try caps()
        for row in try Row.fetchAll(
            db, sql: "SELECT p.name, t.field, t.text FROM project_text t JOIN project p ON p.id = t.project_id ORDER BY p.id, t.field")
        {
            if let field = ProjectTextField(rawValue: row[1]) { document.projectTexts[row[0], default: [:]][field] = row[2] }
        }
        return document
    }

    static let fundingColumns: [(ProcurementFunding, String)] = [
        (.general, "general_fen"), (.fund, "fund_fen"), (.soe, "soe_fen"), (.special, "special_fen"), (.unitFunds, "unit_funds_fen"),
        (.carryover, "carryover_fen"), (.otherCarryover, "other_carryover_fen"),
    ]

    public func procurement() throws -> [ProcurementRow] {
        let columns = Self.fundingColumns.map { "r." + $0.1 }.joined(separator: ", ")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, u.code, p.name, r.source_name, r.source_budget_fen, r.item, r.catalogue_code, r.measure, r.quantity,
                       r.unit_price_fen, r.sme_fen, \(columns)
                FROM procurement r JOIN unit u ON u.id = r.unit_id LEFT JOIN project p ON p.id = r.project_id
                ORDER BY u.code, r.id
                """
        ).map { row in
            var amounts: [ProcurementFunding: Fen] = [:]
            for (offset, (funding, _)) in Self.fundingColumns.enumerated() {
                let fen: Fen = row[11 + offset]
                if fen != 0 { amounts[funding] = fen }
            }
            return ProcurementRow(
                id: row[0], unitCode: row[1], project: row[2], sourceName: row[3], sourceBudget: row[4], item: row[5],
                catalogueCode: row[6], measure: row[7], quantity: row[8], unitPrice: row[9], amounts: amounts, smeShare: row[10])
        }
    }

    public func assets() throws -> AssetHoldings {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT as_of, total_fen, building_area, office_area, building_value_fen, vehicle_count, vehicle_value_fen,
                           equipment_count, equipment_value_fen, other_value_fen, planned_fen FROM asset WHERE id = 1
                    """)
        else { return AssetHoldings() }
        return AssetHoldings(
            asOf: row[0], total: row[1], buildingArea: row[2], officeArea: row[3], buildingValue: row[4], vehicleCount: row[5],
            vehicleValue: row[6], equipmentCount: row[7], equipmentValue: row[8], otherValue: row[9], plannedPurchase: row[10])
    }

    /// The clerk's notes on the 项 of spending (主要用于, last year's figure, reason), by code.
    public func lineNotes() throws -> [String: SpendingLineNote] {
        var notes: [String: SpendingLineNote] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code, purpose, prior_fen, reason FROM functional_note ORDER BY code") {
            let code: String = row[0]
            notes[code] = SpendingLineNote(code: code, purpose: row[1], prior: row[2], reason: row[3])
        }
        return notes
    }

    /// Last year's figure of each economic 款 and the reason for a change, by code (the
    /// purpose is empty: the statement says what 项, not 款, are used for).
    public func economicNotes() throws -> [String: SpendingLineNote] {
        var notes: [String: SpendingLineNote] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code, prior_fen, reason FROM economic_note ORDER BY code") {
            let code: String = row[0]
            notes[code] = SpendingLineNote(code: code, prior: row[1], reason: row[2])
        }
        return notes
    }

    /// A project setting, if set.
    public func setting(_ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }

    /// Whether the glossary is the standard one (nothing stored).
    public func glossaryIsStandard() throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM glossary") == 0
    }

    /// Which units' 公用经费 count as 机关运行经费 (`budget settings --operation-costs`).
    public func operationCostScope() throws -> OperationCostScope {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'operation-cost-scope'").flatMap(OperationCostScope.init(rawValue:))
            ?? .all
    }

    /// How the tables are printed beyond the template (`budget settings --yuan-decimals`,
    /// `--empty-table-notes`).
    public func tableSettings() throws -> TableSettings {
        TableSettings(yuanDecimals: try setting(TableSettings.yuanDecimalsKey), emptyNotes: try setting(TableSettings.emptyNotesKey))
    }

    /// 公用经费 of 一般公共预算 基本支出 (with its carry-over), per unit nature and economic 款.
    /// Reads every such line item.
    public func publicFundsByUnitNature() throws -> [UnitNature: [String: Fen]] {
        var result: [UnitNature: [String: Fen]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT u.nature, i.economic, sum(i.amount_fen) FROM line_item i JOIN unit u ON u.id = i.unit_id
                WHERE i.type = 'basic' AND i.nature = 'public' AND i.source IN ('general', 'carryover-general') GROUP BY 1, 2
                """)
        {
            if let nature = UnitNature(rawValue: row[0]) { result[nature, default: [:]][row[1]] = row[2] }
        }
        return result
    }
}

extension ProjectWriter {
    /// Replaces the paragraphs of a text section.
    public func setParagraphs(_ section: TextSection, _ paragraphs: [String]) throws {
        try db.cachedStatement(sql: "DELETE FROM paragraph WHERE section = ?").execute(arguments: [section.rawValue])
        for (position, text) in paragraphs.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO paragraph (section, position, text) VALUES (?, ?, ?)").execute(arguments: [
                section.rawValue, position + 1, text,
            ])
        }
    }

    /// Replaces the department's itemised goals.
    public func setDepartmentGoals(_ goals: [DepartmentGoal]) throws {
        try db.execute(sql: "DELETE FROM department_goal")
        for (position, goal) in goals.enumerated() {
            try db.execute(
                sql: "INSERT INTO department_goal (position, name, goal, indicators) VALUES (?, ?, ?, ?)",
                arguments: [position + 1, goal.name, goal.goal, goal.indicators])
        }
    }

    public func setProjectGoal(_ project: String, goal: String) throws {
        try db.cachedStatement(sql: "UPDATE project SET goal = ? WHERE id = ?").execute(arguments: [goal, try projectID(project)])
    }

    /// Whether the project goes on next year (nil: not said).
    public func setProjectKind(_ project: String, _ kind: ProjectKind?) throws {
        try db.cachedStatement(sql: "UPDATE project SET kind = ? WHERE id = ?").execute(arguments: [kind?.rawValue, try projectID(project)])
    }

    public func setProjectDeclaredAmount(_ project: String, _ amount: Fen?) throws {
        try db.cachedStatement(sql: "UPDATE project SET declared_fen = ? WHERE id = ?").execute(arguments: [amount, try projectID(project)])
    }

    /// Replaces a project's indicator rows.
    public func setIndicators(_ project: String, _ indicators: [PerformanceIndicator]) throws {
        let id = try projectID(project)
        try db.cachedStatement(sql: "DELETE FROM indicator WHERE project_id = ?").execute(arguments: [id])
        for (position, indicator) in indicators.enumerated() {
            try db.cachedStatement(
                sql: """
                    INSERT INTO indicator (project_id, position, level1, level2, level3, description, value, basis)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                id, position + 1, indicator.level1.rawValue, indicator.level2, indicator.level3, indicator.description,
                indicator.value, indicator.basis,
            ])
        }
    }

    /// The goal, indicator rows and 项目经费情况说明 of many projects in the file (a rollover's):
    /// each project looked up once, each statement prepared once and bound straight to SQLite
    /// (GRDB's checks per statement cost more than the insert). A project's indicators and texts
    /// are added to those it has (a new project has none).
    public func addProjectParts(_ parts: [(project: String, goal: String, indicators: [PerformanceIndicator], texts: [ProjectTextField: String])])
        throws
    {
        var ids: [String: Int64] = [:]
        try db.eachRow("SELECT name, id FROM project") { ids[$0.text(0)] = $0.int(1) }
        // The statements live (and their handles with them) until the end of this function.
        let statements = [
            try db.makeStatement(sql: "UPDATE project SET goal = ? WHERE id = ?"),
            try db.makeStatement(
                sql: "INSERT INTO indicator (project_id, position, level1, level2, level3, description, value, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            try db.makeStatement(sql: "INSERT OR REPLACE INTO project_text (project_id, field, text) VALUES (?, ?, ?)"),
        ]
        let (goal, indicator, text) = (statements[0].sqliteStatement, statements[1].sqliteStatement, statements[2].sqliteStatement)
        defer { withExtendedLifetime(statements) {} }
        func run(_ handle: OpaquePointer?, _ id: Int64, _ values: [(Int32, Any)]) throws {
            sqlite3_reset(handle)
            for (index, value) in values {
                switch value {
                case let number as Int64: sqlite3_bind_int64(handle, index, number)
                case let number as Int: sqlite3_bind_int64(handle, index, Int64(number))
                case let words as String: ItemInserter.bind(handle, index, words)
                default: preconditionFailure("a value of a project part is a number or a text")
                }
            }
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        defer { for handle in [goal, indicator, text] { sqlite3_reset(handle) } }
        for part in parts {
            guard let id = ids[part.project] else {
                _ = try projectID(part.project)
                continue
            }
            if !part.goal.isEmpty { try run(goal, id, [(1, part.goal), (2, id)]) }
            for (position, row) in part.indicators.enumerated() {
                try run(
                    indicator, id,
                    [
                        (1, id), (2, position + 1), (3, row.level1.rawValue), (4, row.level2), (5, row.level3), (6, row.description), (7, row.value),
                        (8, row.basis),
                    ])
            }
            for (field, value) in part.texts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !value.isEmpty {
                try run(text, id, [(1, id), (2, field.rawValue), (3, value)])
            }
        }
    }

    public func indicators(_ project: String) throws -> [PerformanceIndicator] {
        let id = try projectID(project)
        return try Row.fetchAll(
            db, sql: "SELECT level1, level2, level3, description, value, basis FROM indicator WHERE project_id = ? ORDER BY position",
            arguments: [id]
        ).map {
            PerformanceIndicator(
                level1: IndicatorLevel(rawValue: $0[0]) ?? .output, level2: $0[1], level3: $0[2], description: $0[3], value: $0[4], basis: $0[5])
        }
    }

    /// Inserts procurement rows; returns their ids.
    @discardableResult
    public func insertProcurement(_ rows: [ProcurementRow]) throws -> [Int64] {
        let columns = ProjectReader.fundingColumns.map(\.1)
        let sql = """
            INSERT INTO procurement (unit_id, project_id, source_name, source_budget_fen, item, catalogue_code, measure, quantity,
              unit_price_fen, sme_fen, \(columns.joined(separator: ", ")))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(columns.map { _ in "?" }.joined(separator: ", ")))
            """
        var ids: [Int64] = []
        for row in rows {
            var arguments: [(any DatabaseValueConvertible)?] = [
                try unitID(row.unitCode), try row.project.map(projectID), row.project == nil ? row.sourceName : "",
                row.project == nil ? row.sourceBudget : nil, row.item, row.catalogueCode, row.measure, row.quantity, row.unitPrice,
                row.smeShare,
            ]
            arguments += ProjectReader.fundingColumns.map { row.amounts[$0.0] ?? 0 }
            try db.execute(sql: sql, arguments: StatementArguments(arguments))
            ids.append(db.lastInsertedRowID)
        }
        return ids
    }

    /// Deletes procurement rows by id, or all of them when `ids` is nil.
    /// Moves every procurement row of one project to another; returns how many.
    @discardableResult
    public func moveProcurement(from project: String, to target: String) throws -> Int {
        try db.cachedStatement(sql: "UPDATE procurement SET project_id = ? WHERE project_id = ?").execute(arguments: [
            try projectID(target), try projectID(project),
        ])
        return db.changesCount
    }

    public func deleteProcurement(ids: [Int64]?) throws {
        try deleteRows("procurement", ids: ids, column: "采购编号", missing: "没有这一条政府采购")
    }

    /// Removes rows of a table by their numbers (every row when nil); a number not there is a
    /// problem of `column`, told as `missing`.
    func deleteRows(_ table: String, ids: [Int64]?, column: String, missing: String) throws {
        guard let ids else {
            try db.execute(sql: "DELETE FROM \(table)")
            return
        }
        for id in ids {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE id = ?").execute(arguments: [id])
            if db.changesCount == 0 { throw InputProblem(column: column, value: String(id), message: missing) }
        }
    }

    public func setAssets(_ assets: AssetHoldings) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO asset (id, as_of, total_fen, building_area, office_area, building_value_fen, vehicle_count,
                  vehicle_value_fen, equipment_count, equipment_value_fen, other_value_fen, planned_fen)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            assets.asOf, assets.total, assets.buildingArea, assets.officeArea, assets.buildingValue, assets.vehicleCount,
            assets.vehicleValue, assets.equipmentCount, assets.equipmentValue, assets.otherValue, assets.plannedPurchase,
        ])
    }

    /// Sets the given parts of a 项's note (nil leaves a part as it was); a note left with
    /// nothing in it is removed.
    public func setLineNote(_ code: String, purpose: String?, prior: Fen??, reason: String?) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO functional_note (code) VALUES (?)").execute(arguments: [code])
        if let purpose { try db.cachedStatement(sql: "UPDATE functional_note SET purpose = ? WHERE code = ?").execute(arguments: [purpose, code]) }
        if let prior { try db.cachedStatement(sql: "UPDATE functional_note SET prior_fen = ? WHERE code = ?").execute(arguments: [prior, code]) }
        if let reason { try db.cachedStatement(sql: "UPDATE functional_note SET reason = ? WHERE code = ?").execute(arguments: [reason, code]) }
        try db.cachedStatement(sql: "DELETE FROM functional_note WHERE code = ? AND purpose = '' AND prior_fen IS NULL AND reason = ''").execute(
            arguments: [code])
    }

    /// Sets last year's figure and/or the reason of an economic 款 (nil leaves a part); a note
    /// left with nothing in it is removed.
    public func setEconomicNote(_ code: String, prior: Fen??, reason: String?) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO economic_note (code) VALUES (?)").execute(arguments: [code])
        if let prior { try db.cachedStatement(sql: "UPDATE economic_note SET prior_fen = ? WHERE code = ?").execute(arguments: [prior, code]) }
        if let reason { try db.cachedStatement(sql: "UPDATE economic_note SET reason = ? WHERE code = ?").execute(arguments: [reason, code]) }
        try db.cachedStatement(sql: "DELETE FROM economic_note WHERE code = ? AND prior_fen IS NULL AND reason = ''").execute(arguments: [code])
    }

    /// Replaces every 项's note.
    public func replaceLineNotes(_ notes: [SpendingLineNote]) throws {
        try db.execute(sql: "DELETE FROM functional_note")
        for note in notes { try setLineNote(note.code, purpose: note.purpose, prior: .some(note.prior), reason: note.reason) }
    }

    /// Sets parts of a project's 项目经费情况说明; an empty text removes the part.
    public func setProjectTexts(_ project: String, _ texts: [ProjectTextField: String]) throws {
        let id = try projectID(project)
        for (field, text) in texts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if text.isEmpty {
                try db.cachedStatement(sql: "DELETE FROM project_text WHERE project_id = ? AND field = ?").execute(arguments: [id, field.rawValue])
            } else {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO project_text (project_id, field, text) VALUES (?, ?, ?)").execute(arguments: [
                    id, field.rawValue, text,
                ])
            }
        }
    }

    /// Sets last year's figure and reason for one item: nil leaves that part as it was.
    public func setPrior(_ item: PriorItem, amount: Fen??, reason: String?) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO prior_figure (item) VALUES (?)").execute(arguments: [item.rawValue])
        if let amount {
            try db.cachedStatement(sql: "UPDATE prior_figure SET amount_fen = ? WHERE item = ?").execute(arguments: [amount, item.rawValue])
        }
        if let reason {
            try db.cachedStatement(sql: "UPDATE prior_figure SET reason = ? WHERE item = ?").execute(arguments: [reason, item.rawValue])
        }
    }

    /// Replaces the glossary; an empty list restores the standard entries.
    public func setGlossary(_ entries: [GlossaryEntry]) throws {
        try db.execute(sql: "DELETE FROM glossary")
        for (position, entry) in entries.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO glossary (position, term, text) VALUES (?, ?, ?)").execute(arguments: [
                position + 1, entry.term, entry.text,
            ])
        }
    }

    /// Sets a setting; nil removes it.
    public func setSetting(_ key: String, _ value: String?) throws {
        if let value {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)").execute(arguments: [key, value])
        } else {
            try db.cachedStatement(sql: "DELETE FROM setting WHERE key = ?").execute(arguments: [key])
        }
    }

    public func setOperationCostScope(_ scope: OperationCostScope) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('operation-cost-scope', ?)").execute(arguments: [
            scope.rawValue
        ])
    }
}
