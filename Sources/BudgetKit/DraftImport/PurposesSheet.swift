import BudgetModel
import BudgetStore

/// The 主要内容 sheet: what each 项 of spending is mainly used for, last year's figure and the
/// reason for a change. 本年预算数 is written for the clerk and not read back.
struct PurposesSheet {
    /// The 项 given a purpose, a figure or a reason.
    var notes: [SpendingLineNote] = []
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets, codes: CodeBook, amountUnit: Money.InputUnit) {
        guard sheets.has(.purposes) else { return }
        let rows = sheets.rows(.purposes)
        let (changes, found) = ProjectSession.purposeChanges(DraftSheets.numbered(rows), unit: amountUnit, codes: codes, file: nil)
        problems += sheets.locate(found, rows, .purposes)
        notes = changes.compactMap { change in
            let note = SpendingLineNote(code: change.code, purpose: change.purpose ?? "", prior: change.prior ?? nil, reason: change.reason ?? "")
            return note == SpendingLineNote(code: change.code) ? nil : note
        }
    }

    /// Every 项's note replaced by the sheet's.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        guard sheets.has(.purposes) else { return }
        try writer.replaceLineNotes(notes)
    }
}
