import BudgetModel
import BudgetStore

/// The 控制数 sheet, by the rules of `budget caps import`: each row a cap, a cap given twice a
/// problem. The sheet's caps are then the project's (the 控制数执行 sheet beside it is not read).
struct CapsSheet {
    var caps: [BudgetCap] = []
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets, amountUnit: Money.InputUnit) {
        guard sheets.has(.caps) else { return }
        let rows = sheets.rows(.caps)
        var read: [(line: Int, cap: BudgetCap)] = []
        var found: [InputProblem] = []
        for (line, values) in DraftSheets.numbered(rows) {
            let (cap, cells) = ProjectSession.capRow(values, unit: amountUnit, round: nil, received: nil, naming: .csv, file: nil, line: line)
            found += cells
            if let cap { read.append((line, cap)) }
        }
        found += ProjectSession.repeatedCaps(read, file: nil, column: DraftPart.caps.label("amount"))
        problems = sheets.locate(found, rows, .caps)
        caps = read.map(\.cap)
    }

    /// The project's caps replaced by the sheet's, unless they are the same.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        guard sheets.has(.caps) else { return }
        let old = try writer.reader.caps()
        if CapChange.changes(old: old, new: caps).isEmpty && old.count == caps.count { return }
        try writer.deleteCaps(ids: nil)
        try writer.putCaps(caps)
    }
}
