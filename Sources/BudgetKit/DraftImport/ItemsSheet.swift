import BudgetModel
import BudgetStore

/// The 预算明细 sheet: the line items, by the rules of the line-item CSV.
struct ItemsSheet {
    var items: [LineItem] = []
    /// Names given for codes outside the catalogs.
    var newNames: [CodeKind: [String: String]] = [:]
    /// Projects the line items name that no other part has, in order of first use.
    var newProjects: [String] = []
    /// The amount of each project's line items.
    var projectSums: [String: Fen] = [:]
    /// The sum of the line items (`Fen.max` past it).
    var total: Fen = 0
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets, unitCodes: Set<String>, projectNames: [String], codes: CodeBook, amountUnit: Money.InputUnit) {
        guard sheets.has(.items) else { return }
        let itemRows = sheets.rows(.items)
        let context = ImportContext(unitCodes: unitCodes, projectNames: Set(projectNames), codes: codes)
        var known = Set(projectNames)
        for (index, row) in itemRows.enumerated() {
            var values: [LineItemColumn: String] = [:]
            for (key, text) in row.values { if let column = LineItemColumn(rawValue: key) { values[column] = text } }
            let result = RowReader(file: nil, line: index + 1, values: values).lineItem(unit: amountUnit, context: context, newNames: &newNames)
            problems += sheets.locate(result.problems, itemRows, .items)
            guard let item = result.item else { continue }
            items.append(item)
            total = total.addingReportingOverflow(item.amount).overflow ? .max : total + item.amount
            if let name = item.project {
                projectSums[name, default: 0] += item.amount
                if !known.contains(name) {
                    known.insert(name)
                    newProjects.append(name)
                }
            }
        }
    }

    /// The numbers of the sheet's line items, in its order: those the project had for them, so
    /// that a workbook read back keeps each line's number and `diff` pairs the lines as they are.
    /// The same line (every field equal) first, then the same line with another amount, then the
    /// line in the same place on the sheet (edited there). Any other line takes a number above
    /// every number the project has, so that no number passes to another line. Read before the
    /// old items are removed; of them only their numbers and two hashes are kept.
    func numbers(_ reader: ProjectReader) throws -> [Int64] {
        var old: [(id: Int64, whole: Int, line: Int)] = []
        var highest: Int64 = 0
        try reader.forEachItem { item in
            let id = item.id ?? 0
            old.append((id, Self.hash(item, amount: true), Self.hash(item, amount: false)))
            highest = max(highest, id)
        }
        var numbers = [Int64](repeating: 0, count: items.count)
        var used = [Bool](repeating: false, count: old.count)
        // Most lines are where they were: matched in one pass.
        for index in items.indices.prefix(old.count) where Self.hash(items[index], amount: true) == old[index].whole {
            numbers[index] = old[index].id
            used[index] = true
        }
        // The rest by content (in the sheet's order, the old lines in theirs): sorted by hash,
        // each hash's next unused line found from its first.
        func match(amount: Bool) {
            var free = old.indices.filter { !used[$0] }.map { (hash: amount ? old[$0].whole : old[$0].line, index: $0) }
            guard !free.isEmpty else { return }
            free.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.index < $1.index }
            var next: [Int: Int] = [:]
            for (offset, entry) in free.enumerated().reversed() { next[entry.hash] = offset }
            for index in items.indices where numbers[index] == 0 {
                let hash = Self.hash(items[index], amount: amount)
                guard let offset = next[hash], offset < free.count, free[offset].hash == hash else { continue }
                numbers[index] = old[free[offset].index].id
                used[free[offset].index] = true
                next[hash] = offset + 1
            }
        }
        match(amount: true)
        match(amount: false)
        for index in items.indices.prefix(old.count) where numbers[index] == 0 && !used[index] {
            numbers[index] = old[index].id
            used[index] = true
        }
        for index in items.indices where numbers[index] == 0 {
            highest += 1
            numbers[index] = highest
        }
        return numbers
    }

    /// A hash of what a line is (every field but its number; without its amount, `amount` false).
    static func hash(_ item: LineItem, amount: Bool) -> Int {
        var hasher = Hasher()
        hasher.combine(item.unitCode)
        hasher.combine(item.functional)
        hasher.combine(item.economic)
        hasher.combine(item.type)
        hasher.combine(item.nature)
        hasher.combine(item.project)
        hasher.combine(item.source)
        hasher.combine(item.note)
        if amount { hasher.combine(item.amount) }
        return hasher.finalize()
    }

    /// Removes the project's line items, before the units and projects they name change.
    func clear(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        if sheets.has(.items) { try writer.deleteAllItems() }
    }

    /// Inserts the line items under their ``numbers(_:)``; a project named only by line items
    /// belongs to the unit of its first line.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets, numbers: [Int64]) throws {
        guard sheets.has(.items) else { return }
        var present = Set(try writer.reader.projects().map(\.name))
        let inserter = try writer.inserter()
        for (index, number) in numbers.enumerated() {
            var item = items[index]
            item.id = number
            if let name = item.project, !present.contains(name) {
                try writer.insertProject(BudgetProject(name: name, unitCode: item.unitCode))
                present.insert(name)
            }
            try inserter.insert(item)
        }
        do {
            try inserter.finish()
        } catch var problem as InputProblem {
            problem.file = sheets.file
            problem.sheet = sheets.firstSheet(.items)
            throw InputProblems([problem])
        }
    }
}
