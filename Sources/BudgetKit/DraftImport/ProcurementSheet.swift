import BudgetModel
import BudgetStore

/// The 政府采购 sheet: the procurement rows, by the rules of the procurement CSV.
struct ProcurementSheet {
    var purchases: [ProcurementRow] = []
    var problems: [InputProblem] = []

    /// - Parameter projects: every project a row may name, with the amount of its line items.
    init(_ sheets: DraftSheets, projects: [String: Fen], unitCodes: Set<String>, amountUnit: Money.InputUnit) {
        guard sheets.has(.procurement) else { return }
        let procurementRows = sheets.rows(.procurement)
        for (index, row) in procurementRows.enumerated() {
            let (purchase, found) = ProjectSession.procurementRow(
                row.values, unit: amountUnit, projects: projects, units: unitCodes, naming: .csv, file: nil, line: index + 1)
            problems += sheets.locate(found, procurementRows, .procurement)
            if let purchase { purchases.append(purchase) }
        }
    }

    /// Removes the project's procurement, before the units and projects it names change.
    func clear(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        if sheets.has(.procurement) { try writer.deleteProcurement(ids: nil) }
    }

    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        if sheets.has(.procurement) { try writer.insertProcurement(purchases) }
    }
}
