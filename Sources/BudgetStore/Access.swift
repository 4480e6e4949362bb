import BudgetModel
import GRDB

/// Reads from a project file inside one transaction.
public struct ProjectReader {
    let db: Database

    public func department() throws -> Department {
        guard let row = try Row.fetchOne(db, sql: "SELECT code, name, year FROM department WHERE id = 1") else {
            throw StoreError.corrupt(path: db.description, detail: "缺少部门信息")
        }
        return Department(code: row["code"], name: row["name"], year: row["year"])
    }

    public func units() throws -> [BudgetUnit] {
        try Row.fetchAll(db, sql: "SELECT code, name, nature, level, funding_form FROM unit ORDER BY code").map { row in
            BudgetUnit(
                code: row["code"], name: row["name"], nature: UnitNature(rawValue: row["nature"]) ?? .administrative,
                level: row["level"], fundingForm: row["funding_form"])
        }
    }

    public func projects() throws -> [BudgetProject] {
        var projects: [BudgetProject] = []
        try db.eachRow("SELECT p.name, u.code AS unit, p.note, p.kind FROM project p LEFT JOIN unit u ON u.id = p.unit_id ORDER BY p.id") {
            row in
            projects.append(
                BudgetProject(
                    name: row.text(0), unitCode: row.optionalText(1), note: row.text(2),
                    kind: row.optionalText(3).flatMap(ProjectKind.init(rawValue:))))
        }
        return projects
    }

    /// Line items and amount per project name, from the kept totals.
    public func projectTotals() throws -> [String: (count: Int, amount: Fen)] {
        let rows = try Row.fetchAll(db, sql: "SELECT p.name, t.item_count, t.amount_fen FROM project_total t JOIN project p ON p.id = t.project_id")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, (count: $0[1] as Int, amount: $0[2] as Fen)) })
    }

    public func codeNames(origin: CodeNameOrigin) throws -> [CatalogEntry] {
        var entries: [CatalogEntry] = []
        try db.eachRow("SELECT kind, code, name FROM code_name WHERE origin = ? ORDER BY kind, code", arguments: [origin.rawValue]) { row in
            if let kind = row.value(0, in: Vocabulary.kinds) { entries.append(CatalogEntry(kind: kind, code: row.text(1), name: row.text(2))) }
        }
        return entries
    }

    public func codeBook() throws -> CodeBook {
        CodeBook(bureau: try codeNames(origin: .bureau), user: try codeNames(origin: .user))
    }

    static let itemSelect = """
        SELECT i.id, u.code AS unit, i.functional, i.economic, i.type, i.nature, p.name AS project,
               i.source, i.amount_fen, i.note
        FROM line_item i JOIN unit u ON u.id = i.unit_id LEFT JOIN project p ON p.id = i.project_id
        """

    static func item(_ row: Row) -> LineItem {
        let type = ExpenditureType(rawValue: row["type"]) ?? .basic
        let nature: String? = row["nature"]
        return LineItem(
            id: row["id"], unitCode: row["unit"], functional: row["functional"], economic: row["economic"], type: type,
            nature: nature.flatMap(CostNature.init(rawValue:)), project: row["project"],
            source: FundingSource(rawValue: row["source"]) ?? .general, amount: row["amount_fen"], note: row["note"])
    }

    public func items() throws -> [LineItem] {
        var items: [LineItem] = []
        try forEachItem { items.append($0) }
        return items
    }

    /// Hands every line item, in id order, to `body`, one row at a time (read with SQLite's own
    /// column calls: a sheet of every item reads a million of them).
    public func forEachItem(_ body: (LineItem) throws -> Void) throws {
        var units: [Int64: String] = [:]
        var projects: [Int64: String] = [:]
        try db.eachRow("SELECT id, code FROM unit") { units[$0.int(0)] = $0.text(1) }
        try db.eachRow("SELECT id, name FROM project") { projects[$0.int(0)] = $0.text(1) }
        try db.eachRow("SELECT id, unit_id, functional, economic, type, nature, project_id, source, amount_fen, note FROM line_item ORDER BY id") {
            row in
            try body(
                LineItem(
                    id: row.int(0), unitCode: units[row.int(1)] ?? "", functional: row.text(2), economic: row.text(3),
                    type: row.value(4, in: Vocabulary.types) ?? .basic, nature: row.value(5, in: Vocabulary.natures),
                    project: row.optionalInt(6).flatMap { projects[$0] },
                    source: row.value(7, in: Vocabulary.sources) ?? .general, amount: row.int(8), note: row.text(9)))
        }
    }

    /// Which line items a page or a count is of: each condition given must hold (the unit's
    /// code, the start of a code, the type, nature and source as stored, the project's name).
    public struct ItemConditions: Sendable {
        public var unit: String?
        public var functionalPrefix: String?
        public var economicPrefix: String?
        public var type: String?
        public var nature: String?
        public var source: String?
        public var project: String?

        public init(
            unit: String? = nil, functionalPrefix: String? = nil, economicPrefix: String? = nil, type: String? = nil, nature: String? = nil,
            source: String? = nil, project: String? = nil
        ) {
            self.unit = unit
            self.functionalPrefix = functionalPrefix
            self.economicPrefix = economicPrefix
            self.type = type
            self.nature = nature
            self.source = source
            self.project = project
        }

        /// The SQL condition on `line_item i` and its arguments.
        var sql: (String, StatementArguments) {
            var terms = ["1"]
            var arguments: StatementArguments = []
            if let unit {
                terms.append("i.unit_id = (SELECT id FROM unit WHERE code = ?)")
                arguments += [unit]
            }
            for (column, prefix) in [("functional", functionalPrefix), ("economic", economicPrefix)] {
                guard let prefix else { continue }
                terms.append("substr(i.\(column), 1, ?) = ?")
                arguments += [prefix.count, prefix]
            }
            for (column, value) in [("type", type), ("nature", nature), ("source", source)] {
                guard let value else { continue }
                terms.append("i.\(column) = ?")
                arguments += [value]
            }
            if let project {
                terms.append("i.project_id = (SELECT id FROM project WHERE name = ?)")
                arguments += [project]
            }
            return (terms.joined(separator: " AND "), arguments)
        }
    }

    /// One page of the line items that meet `conditions`, in id order: the page's ids are found
    /// first from `line_item` alone (`OFFSET` steps over rows without joining them), then read.
    public func items(where conditions: ItemConditions = .init(), offset: Int, limit: Int) throws -> [LineItem] {
        let (condition, arguments) = conditions.sql
        return try Row.fetchAll(
            db,
            sql: Self.itemSelect
                + " WHERE i.id IN (SELECT i.id FROM line_item i WHERE \(condition) ORDER BY i.id LIMIT ? OFFSET ?) ORDER BY i.id",
            arguments: arguments + [limit, offset]
        ).map(Self.item)
    }

    /// How many line items meet `conditions` and their total (one pass of SQLite over the items).
    public func itemCountAndTotal(where conditions: ItemConditions) throws -> (count: Int, total: Fen) {
        let (condition, arguments) = conditions.sql
        let row = try Row.fetchOne(
            db, sql: "SELECT count(*), coalesce(sum(i.amount_fen), 0) FROM line_item i WHERE \(condition)", arguments: arguments)!
        return (row[0], row[1])
    }

    public func item(id: Int64) throws -> LineItem? {
        try Row.fetchOne(db, sql: Self.itemSelect + " WHERE i.id = ?", arguments: [id]).map(Self.item)
    }

    /// What the tables and checks need, from the kept totals rather than every line item.
    /// `full` also reads the totals by both classifications, which only some templates need.
    /// Line items per unit code (units with items only), from the kept totals.
    public func unitItemCounts() throws -> [String: Int] {
        let rows = try Row.fetchAll(db, sql: "SELECT u.code, t.item_count FROM unit_total t JOIN unit u ON u.id = t.unit_id")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
    }

    public func data(full: Bool = false) throws -> BudgetData {
        func totals(_ sql: String, functional: Bool?) throws -> [ItemTotal] {
            // Columns by position: this runs once per kept total.
            var totals: [ItemTotal] = []
            let offset: Int32 = functional == nil ? 1 : 0
            try db.eachRow(sql) { row in
                let key = ItemTotal.Key(
                    functional: functional == false ? "" : row.text(0),
                    economic: functional == nil ? row.text(1) : (functional! ? "" : row.text(0)),
                    type: row.value(1 + offset, in: Vocabulary.types) ?? .basic, nature: row.value(2 + offset, in: Vocabulary.natures),
                    source: row.value(3 + offset, in: Vocabulary.sources) ?? .general)
                totals.append(ItemTotal(key: key, amount: row.int(4 + offset), count: Int(row.int(5 + offset))))
            }
            return totals
        }
        let full =
            full
            ? try totals(
                "SELECT functional, economic, type, nature, source, amount_fen, item_count FROM item_total ORDER BY 1, 2, 3, 4, 5", functional: nil)
            : nil
        let functional = try totals(
            "SELECT functional, type, nature, source, amount_fen, item_count FROM functional_total ORDER BY 1, 2, 3, 4", functional: true)
        let economic = try totals(
            "SELECT economic, type, nature, source, amount_fen, item_count FROM economic_total ORDER BY 1, 2, 3, 4", functional: false)
        var projectItemCounts: [String: Int] = [:]
        var projectAmounts: [String: Fen] = [:]
        // Sized first: growing a dictionary of tens of thousands of Chinese names rehashes them all.
        let projectCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM project_total") ?? 0
        projectItemCounts.reserveCapacity(projectCount)
        projectAmounts.reserveCapacity(projectCount)
        try db.eachRow("SELECT p.name, t.item_count, t.amount_fen FROM project_total t JOIN project p ON p.id = t.project_id") { row in
            let name = row.text(0)
            projectItemCounts[name] = Int(row.int(1))
            projectAmounts[name] = row.int(2)
        }
        var zeroAmountItems: [Int64] = []
        try db.eachRow("SELECT id FROM line_item WHERE amount_fen = 0 ORDER BY id") { zeroAmountItems.append($0.int(0)) }
        return BudgetData(
            department: try department(), units: try units(), projects: try projects(), totals: full, functionalTotals: functional,
            economicTotals: economic, codes: try codeBook(),
            unitItemCounts: try unitItemCounts(), projectItemCounts: projectItemCounts, projectAmounts: projectAmounts,
            zeroAmountItems: zeroAmountItems)
    }

    /// Whether the kept totals agree with the line items, by count, sum and a checksum that
    /// weighs each amount by its classification (so a moved item is noticed too). One scan of
    /// the line items; the totals tables are small.
    ///
    /// With `trustingSeal`, the scan of the items is left out while the ``TotalsSeal`` holds
    /// (nothing but this tool has written since the totals last agreed with them); the kept
    /// tables are still compared with one another.
    public func totalsAgree(trustingSeal: Bool = false) throws -> Bool {
        if trustingSeal, try TotalsSeal.holds(db) {
            // Only this tool has written since the totals last agreed with every item, and it
            // keeps all five tables in step in each write; a cross-check of two small ones.
            let units = try Row.fetchOne(db, sql: "SELECT coalesce(sum(item_count), 0), coalesce(sum(amount_fen), 0) FROM unit_total")!
            let economic = try Row.fetchOne(db, sql: "SELECT coalesce(sum(item_count), 0), coalesce(sum(amount_fen), 0) FROM economic_total")!
            return units == economic
        }
        // Cheap to compute per row: the codes as numbers, and for type, nature and source a first
        // letter and a length, which tell every allowed value apart.
        let weight = """
            (CAST(functional AS INTEGER) * 1009 + CAST(economic AS INTEGER) * 13 + unicode(type) * 7
             + (unicode(source) + length(source) * 131) * 3 + coalesce(length(nature), 0) * 17)
            """
        func numbers(_ sql: String) throws -> [Int64] {
            let row = try Row.fetchOne(db, sql: sql)!
            return (0..<row.count).map { row[$0] }
        }
        // The same scan also weighs each item by its unit and its project, so that an item moved
        // to another unit or project (by another program) is found against the kept totals by
        // unit and by project, not only in the sum. The weight is linear in the ids, so its sum
        // over the items is the kept totals' by classification, by unit and by project, each
        // weighed the same way, added; each item weighs its amount plus one, so that a group's
        // weight is its amount plus its count, and an item of 0.00 moved is found too. One
        // product per item, as before units and projects were weighed.
        let (unitFactor, projectFactor): (Int64, Int64) = (7, 13)
        let scan = try numbers(
            """
            SELECT count(*), coalesce(sum(amount_fen), 0),
                   coalesce(sum(((amount_fen + 1) % 1000003)
                                * ((\(weight) + unit_id * \(unitFactor) + coalesce(project_id, 0) * \(projectFactor)) % 1000003))
                            % 1000003, 0)
            FROM line_item
            """)
        let kept = try numbers(
            """
            SELECT coalesce(sum(item_count), 0), coalesce(sum(amount_fen), 0),
                   coalesce(sum(((amount_fen + item_count) % 1000003) * (\(weight) % 1000003)) % 1000003, 0)
            FROM item_total
            """)
        var keptWeight = kept[2]
        for (table, column, factor) in [("unit_total", "unit_id", unitFactor), ("project_total", "project_id", projectFactor)] {
            let sum = try numbers(
                """
                SELECT coalesce(sum(((amount_fen + item_count) % 1000003) * (\(column) % 1000003) % 1000003) % 1000003, 0)
                FROM \(table)
                """)
            keptWeight += factor * sum[0]
        }
        // SQLite's % keeps the sign of a negative sum: compare both remainders as positives.
        func positive(_ value: Int64) -> Int64 { (value % 1_000_003 + 1_000_003) % 1_000_003 }
        guard scan[0..<2] == kept[0..<2], positive(scan[2]) == positive(keptWeight) else { return false }
        // The totals by one classification against the totals by both, the same way: no sort.
        for (table, column) in [("functional_total", "functional"), ("economic_total", "economic")] {
            let weight = """
                (CAST(\(column) AS INTEGER) * 1009 + unicode(type) * 7 + (unicode(source) + length(source) * 131) * 3
                 + coalesce(length(nature), 0) * 17)
                """
            let checksum = """
                SELECT coalesce(sum(item_count), 0), coalesce(sum(amount_fen), 0),
                       coalesce(sum((amount_fen % 1000003) * (\(weight) % 1000003)) % 1000003, 0)
                """
            if try numbers(checksum + " FROM \(table)") != numbers(checksum + " FROM item_total") { return false }
        }
        // Units and projects against the items (every item has a unit; exactly the 项目支出
        // items have a project).
        for (table, filter) in [("unit_total", ""), ("project_total", " WHERE type = 'project'")] {
            let row = try numbers("SELECT coalesce(sum(item_count), 0), coalesce(sum(amount_fen), 0) FROM \(table)")
            if try row != numbers("SELECT coalesce(sum(item_count), 0), coalesce(sum(amount_fen), 0) FROM item_total" + filter) {
                return false
            }
            // (Units against the items follows: the items' count and sum were compared above.)
            if !filter.isEmpty,
                try row != numbers("SELECT count(*), coalesce(sum(amount_fen), 0) FROM line_item" + filter)
            {
                return false
            }
        }
        return true
    }

    /// Each unit's totals by both classifications (the kept totals are by department), in one
    /// scan of the items read with SQLite's own calls: for one workbook per unit.
    public func totalsByUnit() throws -> [String: [ItemTotal]] {
        var codes: [Int64: String] = [:]
        try db.eachRow("SELECT id, code FROM unit") { codes[$0.int(0)] = $0.text(1) }
        var sums: [Int64: [ItemTotal.Key: (amount: Fen, count: Int)]] = [:]
        try db.eachRow("SELECT unit_id, functional, economic, type, nature, source, amount_fen FROM line_item") { row in
            let key = ItemTotal.Key(
                functional: row.text(1), economic: row.text(2), type: row.value(3, in: Vocabulary.types) ?? .basic,
                nature: row.value(4, in: Vocabulary.natures),
                source: row.value(5, in: Vocabulary.sources) ?? .general)
            sums[row.int(0), default: [:]][key, default: (0, 0)].amount += row.int(6)
            sums[row.int(0), default: [:]][key, default: (0, 0)].count += 1
        }
        var byCode: [String: [ItemTotal]] = [:]
        for (unit, totals) in sums {
            // Only another program can leave an item without its unit (foreign keys are on here).
            guard let code = codes[unit] else {
                throw StoreError.corrupt(path: db.description, detail: "有预算明细属于不存在的单位（单位编号 \(unit)）；请运行 budget doctor")
            }
            byCode[code] = totals.map { ItemTotal(key: $0.key, amount: $0.value.amount, count: $0.value.count) }.sorted()
        }
        return byCode
    }

    /// Whether nothing but this tool has written since the kept totals last agreed with every
    /// item (see ``TotalsSeal``): then the export gate needs no scan of the items.
    public func totalsSealed() throws -> Bool { try TotalsSeal.holds(db) }

    public func snapshot() throws -> ProjectSnapshot {
        ProjectSnapshot(department: try department(), units: try units(), projects: try projects(), items: try items(), codes: try codeBook())
    }

    /// The snapshot but its line items (read apart when there are many).
    public func snapshotWithoutItems() throws -> ProjectSnapshot {
        ProjectSnapshot(department: try department(), units: try units(), projects: try projects(), items: [], codes: try codeBook())
    }

    /// How many writes of this tool the file has had (the file's identity counts them): two
    /// reads that find the same count read the same state of the file.
    public func writeCount() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT writes FROM file_identity WHERE id = 1") ?? 0
    }
}

/// Writes to a project file inside one IMMEDIATE transaction.
public struct ProjectWriter {
    let db: Database
    let state = WriteState()

    /// What a write learns about itself on the way.
    final class WriteState {
        /// Kept totals were put in from elsewhere (a snapshot), not kept up to date by deltas:
        /// the ``TotalsSeal`` is renewed only after comparing them with every item.
        var replacedTotals = false
    }
    public var reader: ProjectReader { ProjectReader(db: db) }

    func unitID(_ code: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM unit WHERE code = ?"), arguments: [code]) else {
            throw InputProblem(column: "单位编码", value: code, message: "项目文件中没有这个单位")
        }
        return id
    }

    public func projectID(_ name: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM project WHERE name = ?"), arguments: [name]) else {
            throw InputProblem(column: "项目名称", value: name, message: "项目文件中没有这个项目：请先用 budget project add 添加，或在导入文件中使用")
        }
        return id
    }

    public func insertUnit(_ unit: BudgetUnit) throws {
        if try Int64.fetchOne(db, sql: "SELECT id FROM unit WHERE code = ?", arguments: [unit.code]) != nil {
            throw InputProblem(column: "单位编码", value: unit.code, message: "已经有这个单位编码了")
        }
        try db.execute(
            sql: "INSERT INTO unit (code, name, nature, level, funding_form) VALUES (?, ?, ?, ?, ?)",
            arguments: [unit.code, unit.name, unit.nature.rawValue, unit.level, unit.fundingForm])
    }

    /// Removes a unit that no line item or project uses; returns false if there was none.
    public func deleteUnit(code: String) throws -> Bool {
        let id = try unitID(code)
        let used = try Int.fetchOne(db, sql: "SELECT item_count FROM unit_total WHERE unit_id = ?", arguments: [id]) ?? 0
        if used > 0 {
            throw InputProblem(column: "单位编码", value: code, message: "这个单位还有 \(used) 条预算明细，请先删除或改到其他单位")
        }
        let purchases = try Int.fetchOne(db, sql: "SELECT count(*) FROM procurement WHERE unit_id = ?", arguments: [id]) ?? 0
        if purchases > 0 {
            throw InputProblem(column: "单位编码", value: code, message: "这个单位还有 \(purchases) 条政府采购，请先用 budget procurement rm 删除它们")
        }
        let projects = try String.fetchAll(db, sql: "SELECT name FROM project WHERE unit_id = ? ORDER BY id", arguments: [id])
        if !projects.isEmpty {
            throw InputProblem(
                column: "单位编码", value: code,
                message: "这个单位还有 \(projects.count) 个项目（\(projects.prefix(3).joined(separator: "；"))\(projects.count > 3 ? " 等" : "")），请先删除这些项目")
        }
        let groups = try Int.fetchOne(db, sql: "SELECT count(*) FROM roster_group WHERE unit_id = ?", arguments: [id]) ?? 0
        if groups > 0 {
            throw InputProblem(column: "单位编码", value: code, message: "这个单位的人员名册还有 \(groups) 组人员，请先用 budget roster rm 删除")
        }
        try db.execute(sql: "DELETE FROM generated_item WHERE unit_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM unit WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    public func insertProject(_ project: BudgetProject) throws {
        if try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM project WHERE name = ?"), arguments: [project.name]) != nil {
            throw InputProblem(column: "项目名称", value: project.name, message: "已经有同名的项目了")
        }
        let unit = try project.unitCode.map(unitID)
        try db.cachedStatement(sql: "INSERT INTO project (name, unit_id, note, kind) VALUES (?, ?, ?, ?)")
            .execute(arguments: [project.name, unit, project.note, project.kind?.rawValue])
    }

    /// Adds a project the caller knows is not in the file yet (the unique name is the last
    /// guard); returns its id.
    func insertNewProject(_ name: String, unitID: Int64) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO project (name, unit_id) VALUES (?, ?)").execute(arguments: [name, unitID])
        return db.lastInsertedRowID
    }

    /// Gives a project another name; its items, goal, indicators, procurement and declared
    /// amount go with it (they refer to the project, not to its name).
    public func renameProject(_ name: String, to newName: String) throws {
        let id = try projectID(name)
        if try Int64.fetchOne(db, sql: "SELECT id FROM project WHERE name = ?", arguments: [newName]) != nil {
            throw InputProblem(
                column: "新名称", value: newName, message: "已经有同名的项目了：要把这个项目并入它（明细、绩效指标、政府采购都归到它下面），加 --merge")
        }
        try db.execute(sql: "UPDATE project SET name = ? WHERE id = ?", arguments: [newName, id])
    }

    public func deleteProject(name: String) throws {
        let id = try projectID(name)
        let used = try Int.fetchOne(db, sql: "SELECT item_count FROM project_total WHERE project_id = ?", arguments: [id]) ?? 0
        if used > 0 {
            throw InputProblem(column: "项目名称", value: name, message: "这个项目还有 \(used) 条预算明细，请先删除它们")
        }
        let purchases = try Int.fetchOne(db, sql: "SELECT count(*) FROM procurement WHERE project_id = ?", arguments: [id]) ?? 0
        if purchases > 0 {
            throw InputProblem(column: "项目名称", value: name, message: "这个项目还有 \(purchases) 条政府采购，请先用 budget procurement rm 删除它们")
        }
        try db.execute(sql: "DELETE FROM project WHERE id = ?", arguments: [id])
    }

    public func setCodeNames(_ entries: [CatalogEntry], origin: CodeNameOrigin) throws {
        for entry in entries {
            try db.execute(
                sql: "INSERT OR REPLACE INTO code_name (kind, code, origin, name) VALUES (?, ?, ?, ?)",
                arguments: [entry.kind.rawValue, entry.code, origin.rawValue, entry.name])
        }
    }

    /// Throws away the kept totals and sums them again from every line item.
    public func rebuildTotals() throws {
        try db.execute(
            sql: """
                DELETE FROM item_total; DELETE FROM functional_total; DELETE FROM economic_total;
                DELETE FROM unit_total; DELETE FROM project_total;
                INSERT INTO item_total
                  SELECT functional, economic, type, coalesce(nature, ''), source, sum(amount_fen), count(*) FROM line_item GROUP BY 1, 2, 3, 4, 5;
                INSERT INTO functional_total
                  SELECT functional, type, nature, source, sum(amount_fen), sum(item_count) FROM item_total GROUP BY 1, 2, 3, 4;
                INSERT INTO economic_total
                  SELECT economic, type, nature, source, sum(amount_fen), sum(item_count) FROM item_total GROUP BY 1, 2, 3, 4;
                INSERT INTO unit_total SELECT unit_id, count(*), sum(amount_fen) FROM line_item GROUP BY unit_id;
                INSERT INTO project_total SELECT project_id, count(*), sum(amount_fen) FROM line_item
                  WHERE project_id IS NOT NULL GROUP BY project_id;
                """)
    }

    /// The largest a project's total may be: 10 万亿元 (10^15 fen), far below where sums overflow.
    public static let maximumProjectFen: Fen = 1_000_000_000_000_000

    /// Refuses a change that would take the project's total past ``maximumProjectFen``.
    func checkProjectTotal(adding added: Fen) throws {
        let current = try Fen.fetchOne(db, sql: "SELECT coalesce(sum(amount_fen), 0) FROM unit_total") ?? 0
        let (sum, overflow) = current.addingReportingOverflow(added)
        if overflow || sum > Self.maximumProjectFen {
            throw InputProblem(column: "金额", message: "整个项目的合计将超过 10 万亿元，超出本工具的范围；请检查金额单位（元/万元）是否填错")
        }
    }

    /// Inserts line items; returns their new ids in order.
    @discardableResult
    public func insertItems(_ items: [LineItem]) throws -> [Int64] {
        let inserter = try inserter()
        var ids: [Int64] = []
        ids.reserveCapacity(items.count)
        for item in items {
            try inserter.insert(item)
            ids.append(inserter.lastID)
        }
        try inserter.finish()
        return ids
    }

    /// The stored item with its unit and project ids, for undoing its part of the totals.
    func stored(_ id: Int64) throws -> (item: LineItem, unit: Int64, project: Int64?)? {
        guard let row = try Row.fetchOne(db, sql: ProjectReader.itemSelect + " WHERE i.id = ?", arguments: [id]) else { return nil }
        let ids = try Row.fetchOne(db, sql: "SELECT unit_id, project_id FROM line_item WHERE id = ?", arguments: [id])!
        return (ProjectReader.item(row), ids["unit_id"], ids["project_id"])
    }

    public func updateItem(_ item: LineItem) throws {
        guard let id = item.id, let old = try stored(id) else { return }
        try checkProjectTotal(adding: item.amount - old.item.amount)
        let unit = try unitID(item.unitCode)
        let project = try item.project.map(projectID)
        var delta = TotalsDelta()
        delta.add(old.item, unit: old.unit, project: old.project, sign: -1)
        delta.add(item, unit: unit, project: project, sign: 1)
        try db.execute(
            sql: """
                UPDATE line_item SET unit_id = ?, functional = ?, economic = ?, type = ?, nature = ?, project_id = ?,
                  source = ?, amount_fen = ?, note = ? WHERE id = ?
                """,
            arguments: [
                unit, item.functional, item.economic, item.type.rawValue, item.nature?.rawValue, project,
                item.source.rawValue, item.amount, item.note, id,
            ])
        try delta.apply(db)
    }

    /// Deletes line items by id; fails, writing nothing, if any id does not exist.
    public func deleteItems(ids: [Int64]) throws {
        var delta = TotalsDelta()
        for id in ids {
            guard let old = try stored(id) else {
                throw InputProblem(column: "明细编号", value: String(id), message: "没有这条预算明细")
            }
            try db.execute(sql: "DELETE FROM line_item WHERE id = ?", arguments: [id])
            // Its number may be given to a new item: what the calculation made is forgotten with it.
            try db.execute(sql: "DELETE FROM generated_item WHERE item_id = ?", arguments: [id])
            delta.add(old.item, unit: old.unit, project: old.project, sign: -1)
        }
        try delta.apply(db)
    }
}
