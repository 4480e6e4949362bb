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
            for (kind, column, nameColumn) in [
                (CodeKind.functional, LineItemColumn.functional, LineItemColumn.functionalName), (.economic, .economic, .economicName),
            ] {
                let (code, name, problem) = FieldRules.splitCode(kind, values[column] ?? "", codes)
                if let problem { problems.append(sheets.cellProblem(row, .items, column.rawValue, problem)) }
                values[column] = code
                guard let name else { continue }
                let given = FieldRules.trim(values[nameColumn] ?? "")
                if !given.isEmpty && Vocabulary.fold(given) != Vocabulary.fold(name) {
                    problems.append(sheets.cellProblem(row, .items, nameColumn.rawValue, "与“\(column.chineseName)”列中编码后写的名称“\(name)”不同"))
                } else {
                    values[nameColumn] = name
                }
            }
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

    /// Removes the project's line items, before the units and projects they name change.
    func clear(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        if sheets.has(.items) { try writer.deleteAllItems() }
    }

    /// Inserts the line items; a project named only by line items belongs to the unit of its
    /// first line.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        guard sheets.has(.items) else { return }
        var present = Set(try writer.reader.projects().map(\.name))
        let inserter = try writer.inserter()
        for item in items {
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
