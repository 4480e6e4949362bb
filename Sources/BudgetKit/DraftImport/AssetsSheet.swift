import BudgetModel
import BudgetStore

/// The 资产 sheet: one row, last year-end's fixed assets.
struct AssetsSheet {
    var assets = AssetHoldings()
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets, amountUnit: Money.InputUnit) {
        guard sheets.has(.assets) else { return }
        let assetRows = sheets.rows(.assets)
        for row in assetRows.dropFirst() {
            problems.append(InputProblem(file: sheets.file, line: row.row, message: "资产表只填一行：上年末的固定资产只有一组数", sheet: row.sheet))
        }
        if let first = assetRows.first {
            let (changed, found) = ProjectSession.changedAssets(
                AssetHoldings(), changes: first.values, amountUnit: amountUnit, naming: .csv, file: nil, line: 1)
            problems += sheets.locate(found, assetRows, .assets)
            assets = changed
        }
    }

    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        if sheets.has(.assets) { try writer.setAssets(assets) }
    }
}
