import BudgetModel
import GRDB
import GRDBSQLite

/// Inserts line items through prepared statements, binding values straight to SQLite, and
/// applies their share of the kept totals once at the end. Made by ``ProjectWriter/inserter()``;
/// used inside that writer's transaction only.
///
/// Items come one at a time (``insert(_:)-(LineItem)``) or in the compact batches of the CSV
/// importer (``insert(_:)-(ItemBatch)``), whose codes are bound from one buffer of texts and
/// whose totals are summed by number, not by name.
public final class ItemInserter {
    let db: Database
    let writer: ProjectWriter
    let statement: Statement
    /// The statement for an item that keeps its number (``insert(_:)-(LineItem)`` with an id).
    var numbered: Statement?
    var units: [String: Int64] = [:]
    var projects: [String: Int64] = [:]
    var delta = TotalsDelta()
    var added: Fen = 0
    public private(set) var lastID: Int64 = 0
    /// What the batches so far have named, and their totals.
    var load = BatchLoad()

    init(_ writer: ProjectWriter) throws {
        self.writer = writer
        db = writer.db
        statement = try db.makeStatement(sql: Self.insertSQL(rows: 1))
    }

    static func insertSQL(rows: Int) -> String {
        "INSERT INTO line_item (unit_id, functional, economic, type, nature, project_id, source, amount_fen, note) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }

    /// SQLite copies the text it is given (SQLITE_TRANSIENT).
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// SQLite uses the text where it is, until the statement is reset (SQLITE_STATIC).
    static let inPlace: sqlite3_destructor_type? = nil

    /// Inserts one item: under its own number when it has one (a line read back from a draft
    /// workbook keeps the number it had), else under the next.
    public func insert(_ item: LineItem) throws {
        let unit = try units[item.unitCode] ?? writer.unitID(item.unitCode)
        units[item.unitCode] = unit
        var project: Int64?
        if let name = item.project {
            project = try projects[name] ?? writer.projectID(name)
            projects[name] = project
        }
        let (sum, overflow) = added.addingReportingOverflow(item.amount)
        added = overflow ? .max : sum
        if item.id != nil && numbered == nil {
            numbered = try db.makeStatement(
                sql: "INSERT INTO line_item (unit_id, functional, economic, type, nature, project_id, source, amount_fen, note, id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        }
        let handle = item.id != nil ? numbered!.sqliteStatement : statement.sqliteStatement
        sqlite3_reset(handle)
        if let id = item.id { sqlite3_bind_int64(handle, 10, id) }
        sqlite3_bind_int64(handle, 1, unit)
        Self.bind(handle, 2, item.functional)
        Self.bind(handle, 3, item.economic)
        Self.bind(handle, 4, item.type.rawValue)
        if let nature = item.nature { Self.bind(handle, 5, nature.rawValue) } else { sqlite3_bind_null(handle, 5) }
        if let project { sqlite3_bind_int64(handle, 6, project) } else { sqlite3_bind_null(handle, 6) }
        Self.bind(handle, 7, item.source.rawValue)
        sqlite3_bind_int64(handle, 8, item.amount)
        Self.bind(handle, 9, item.note)
        try step(handle)
        lastID = sqlite3_last_insert_rowid(db.sqliteConnection)
        delta.add(item, unit: unit, project: project, sign: 1)
    }

    static func bind(_ handle: OpaquePointer?, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
        }
    }

    func step(_ handle: OpaquePointer?) throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// Applies the inserted items to the kept totals; refuses a project total out of range.
    public func finish() throws {
        sqlite3_reset(statement.sqliteStatement)
        if let numbered { sqlite3_reset(numbered.sqliteStatement) }
        try writer.checkProjectTotal(adding: added)
        try delta.apply(db)
        try load.applyTotals(db)
        delta = TotalsDelta()
        load = BatchLoad()
        added = 0
    }

    // MARK: - Batches

    /// Rows bound per step of the batch statement: fewer steps, the same checks.
    static let rowsPerStep = 16

    /// Inserts the items of a batch of the CSV importer. Batches must come in the order they
    /// were read, each after the ones whose names it uses; the new projects they name are created.
    public func insert(_ batch: ItemBatch) throws {
        try load.add(batch, writer)
        if load.statement == nil { load.statement = try db.makeStatement(sql: Self.insertSQL(rows: Self.rowsPerStep)) }
        let many = load.statement!.sqliteStatement
        let one = statement.sqliteStatement
        for item in batch.items {
            let (sum, overflow) = added.addingReportingOverflow(item.amount)
            added = overflow ? .max : sum
        }
        try load.texts.withUnsafeBufferPointer { texts in
            try batch.notes.withUnsafeBufferPointer { notes in
                let texts = UnsafeRawPointer(texts.baseAddress!).assumingMemoryBound(to: CChar.self)
                let notes = notes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
                defer {
                    // The texts bound here are gone after this: no statement may keep them.
                    for handle in [many, one] {
                        sqlite3_reset(handle)
                        sqlite3_clear_bindings(handle)
                    }
                }
                var index = 0
                let count = batch.items.count
                while index < count {
                    let rows = count - index >= Self.rowsPerStep ? Self.rowsPerStep : 1
                    let handle = rows == 1 ? one : many
                    sqlite3_reset(handle)
                    for row in 0..<rows {
                        bind(handle, Int32(row * 9), batch.items[index + row], texts, notes)
                    }
                    try step(handle)
                    index += rows
                }
            }
        }
    }

    private func bind(_ handle: OpaquePointer?, _ base: Int32, _ item: ItemBatch.Item, _ texts: UnsafePointer<CChar>, _ notes: UnsafePointer<CChar>?)
    {
        func text(_ index: Int32, _ place: BatchLoad.Place) {
            sqlite3_bind_text(handle, base + index, texts + Int(place.start), place.length, Self.inPlace)
        }
        sqlite3_bind_int64(handle, base + 1, load.unitIDs[Int(item.unit)])
        text(2, load.functional[Int(item.functional)])
        text(3, load.economic[Int(item.economic)])
        text(4, BatchLoad.type(item.type))
        if let nature = item.nature { text(5, BatchLoad.nature(nature)) } else { sqlite3_bind_null(handle, base + 5) }
        if item.project >= 0 { sqlite3_bind_int64(handle, base + 6, load.projectIDs[Int(item.project)]) } else { sqlite3_bind_null(handle, base + 6) }
        text(7, BatchLoad.source(item.source))
        sqlite3_bind_int64(handle, base + 8, item.amount)
        if item.noteLength > 0, let notes {
            sqlite3_bind_text(handle, base + 9, notes + Int(item.noteStart), item.noteLength, Self.inPlace)
        } else {
            sqlite3_bind_text(handle, base + 9, texts, 0, Self.inPlace)
        }
    }
}

/// What the batches of one import have named (the ids of units and projects, the texts of
/// codes), and the totals of their items.
struct BatchLoad {
    /// Where a text is in `texts`.
    struct Place {
        var start: Int32
        var length: Int32
    }

    var names = ItemBatch.Names()
    var unitIDs: [Int64] = []
    var projectIDs: [Int64] = []
    /// The words of the vocabulary, then every code, back to back.
    var texts: [UInt8] = Array(vocabulary.joined().utf8)
    var functional: [Place] = []
    var economic: [Place] = []
    var totals: ItemBatch.Totals?
    /// How many items were inserted, and their sum (wrapping as the totals' sums do).
    var count = 0
    var amount: Fen = 0
    var statement: Statement?
    #if DEBUG
    /// The totals of the items inserted, to check those the reader summed.
    var inserted = ItemBatch.Totals()
    #endif

    static let vocabulary = ExpenditureType.allCases.map(\.rawValue) + CostNature.allCases.map(\.rawValue) + FundingSource.allCases.map(\.rawValue)
    static let places: [Place] = {
        var start: Int32 = 0
        return vocabulary.map { word in
            defer { start += Int32(word.utf8.count) }
            return Place(start: start, length: Int32(word.utf8.count))
        }
    }()

    static func type(_ type: ExpenditureType) -> Place { places[ordinal(type)] }
    static func nature(_ nature: CostNature) -> Place { places[ExpenditureType.allCases.count + ordinal(nature)] }
    static func source(_ source: FundingSource) -> Place {
        places[ExpenditureType.allCases.count + CostNature.allCases.count + ordinal(source)]
    }

    static func ordinal<Value: CaseIterable & Equatable>(_ value: Value) -> Int where Value.AllCases == [Value] {
        Value.allCases.firstIndex(of: value)!
    }

    /// Takes in what a batch names: the ids of its units and projects (creating the new
    /// projects, each with the unit of its first item) and the texts of its codes.
    mutating func add(_ batch: ItemBatch, _ writer: ProjectWriter) throws {
        names.add(batch)
        for code in batch.units { unitIDs.append(try writer.unitID(code)) }
        for project in batch.projects {
            projectIDs.append(
                try project.isNew ? writer.insertNewProject(project.name, unitID: unitIDs[Int(project.unit)]) : writer.projectID(project.name))
        }
        for code in batch.functional { functional.append(text(code)) }
        for code in batch.economic { economic.append(text(code)) }
        if let given = batch.totals { totals = given }
        count += batch.items.count
        for item in batch.items { amount &+= item.amount }
        #if DEBUG
        for item in batch.items { inserted.add(item) }
        #endif
    }

    private mutating func text(_ text: String) -> Place {
        defer { texts.append(contentsOf: text.utf8) }
        return Place(start: Int32(texts.count), length: Int32(text.utf8.count))
    }

    /// Adds the totals of the items to the kept totals, by name and id, each table in its key order.
    func applyTotals(_ db: Database) throws {
        guard let totals else {
            precondition(count == 0, "batches were inserted without the totals of their items")
            return
        }
        precondition(
            totals.units.reduce(0) { $0 + $1.count } == count && totals.units.reduce(0) { $0 &+ $1.amount } == amount,
            "the totals the reader summed do not count the items inserted")
        #if DEBUG
        assert(totals == inserted, "the totals the reader summed are not those of the items inserted")
        #endif
        // Ranks of codes and words in text order, so that sorting numbers sorts the texts.
        func ranks(_ texts: [String]) -> [Int] {
            var ranks = [Int](repeating: 0, count: texts.count)
            for (rank, index) in texts.indices.sorted(by: { texts[$0] < texts[$1] }).enumerated() { ranks[index] = rank }
            return ranks
        }
        let functionalRank = ranks(names.functional)
        let economicRank = ranks(names.economic)
        let typeRank = ranks(ExpenditureType.allCases.map(\.rawValue))
        let natureRank = ranks([""] + CostNature.allCases.map(\.rawValue))
        let sourceRank = ranks(FundingSource.allCases.map(\.rawValue))
        // Codes are 7 and 5 digits: far fewer than these bounds.
        precondition(names.functional.count < 1 << 24 && names.economic.count < 1 << 20)
        typealias Key = ItemBatch.Totals.Key
        func rank(_ key: Key, functional: Bool, economic: Bool) -> UInt64 {
            var rank = functional ? UInt64(functionalRank[Int(key.functional)]) : 0
            rank = rank << 20 | (economic ? UInt64(economicRank[Int(key.economic)]) : 0)
            rank = rank << 4 | UInt64(typeRank[Self.ordinal(key.type)])
            rank = rank << 4 | UInt64(natureRank[key.nature.map { Self.ordinal($0) + 1 } ?? 0])
            return rank << 8 | UInt64(sourceRank[Self.ordinal(key.source)])
        }
        try texts.withUnsafeBufferPointer { texts in
            let texts = UnsafeRawPointer(texts.baseAddress!).assumingMemoryBound(to: CChar.self)
            for (table, functional, economic) in [(TotalsTable.item, true, true), (.functional, true, false), (.economic, false, true)] {
                // Sorted by rank, then the rows of one rank (one key of this table) added together.
                var rows = totals.items.map { (rank: rank($0.key, functional: functional, economic: economic), key: $0.key, total: $0.value) }
                rows.sort { $0.rank < $1.rank }
                var count = 0
                for row in rows {
                    if count > 0 && rows[count - 1].rank == row.rank {
                        rows[count - 1].total.amount &+= row.total.amount
                        rows[count - 1].total.count += row.total.count
                    } else {
                        rows[count] = row
                        count += 1
                    }
                }
                try table.upsert(count, db) { handle, index in
                    let key = rows[index].key
                    let places =
                        (functional ? [self.functional[Int(key.functional)]] : []) + (economic ? [self.economic[Int(key.economic)]] : [])
                        + [Self.type(key.type), key.nature.map(Self.nature) ?? Place(start: 0, length: 0), Self.source(key.source)]
                    for (column, place) in places.enumerated() {
                        sqlite3_bind_text(handle, Int32(column + 3), texts + Int(place.start), place.length, ItemInserter.inPlace)
                    }
                    return (rows[index].total.amount, rows[index].total.count)
                }
            }
        }
        try TotalsTable.unit.add(ids: zip(unitIDs, totals.units).map { (key: $0, total: ($1.amount, $1.count)) }, db)
        try TotalsTable.project.add(ids: zip(projectIDs, totals.projects).map { (key: $0, total: ($1.amount, $1.count)) }, db)
    }
}

extension ProjectWriter {
    /// A fast inserter for many line items; call `finish()` before the transaction ends.
    public func inserter() throws -> ItemInserter { try ItemInserter(self) }

    /// For a bulk load: drops the line-item indexes, which are cheaper to build once at the end
    /// than to grow row by row. `restoreItemIndexes` must follow in the same transaction.
    ///
    /// SQLite's page cache stays at its default size (about 2 MiB): the pages of a large load
    /// spill to the file as it goes, at no cost measured, so that memory does not grow with the
    /// number of items (with a cache of 256 MiB, 355 MiB peak at 5M items instead of 85 MiB).
    public func dropItemIndexes() throws {
        try db.execute(sql: "DROP INDEX line_item_zero")
    }

    public func restoreItemIndexes() throws {
        try db.execute(sql: "CREATE INDEX line_item_zero ON line_item(id) WHERE amount_fen = 0")
    }
}
