import BudgetModel
import BudgetStore

/// The 上年数 sheet: last year's figures and the reasons for their changes.
struct PriorSheet {
    /// The items given an amount or a reason.
    var figures: [(PriorItem, Fen??, String?)] = []
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets, amountUnit: Money.InputUnit) {
        guard sheets.has(.prior) else { return }
        let priorRows = sheets.rows(.prior)
        let (changes, found) = ProjectSession.priorChanges(DraftSheets.numbered(priorRows), unit: amountUnit, file: nil)
        problems += sheets.locate(found, priorRows, .prior)
        figures = changes.filter { _, amount, reason in
            if case .some(.some) = amount { return true }
            return !(reason ?? "").isEmpty
        }
    }

    /// Last year's figures replaced by the sheet's.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        guard sheets.has(.prior) else { return }
        try writer.clearPrior()
        for (item, amount, reason) in figures { try writer.setPrior(item, amount: amount, reason: reason) }
    }
}
