import BudgetModel
import BudgetStore

/// What the project holds, before a draft workbook is imported, of the parts it may bring.
struct ProjectBefore {
    var units: [BudgetUnit]
    var projects: [BudgetProject]
    var codes: CodeBook
    var counts: ProjectReader.PartCounts
    var assets: AssetHoldings
    /// The amount of each project's line items.
    var projectAmounts: [String: Fen]
    /// How many line items each unit has.
    var unitItems: [String: Int]
    /// How many line items each project has.
    var projectItems: [String: Int]
    var procurement: [ProcurementRow]

    init(_ reader: ProjectReader) throws {
        units = try reader.units()
        projects = try reader.projects()
        codes = try reader.codeBook()
        counts = try reader.partCounts()
        assets = try reader.assets()
        projectAmounts = try ProjectSession.projectAmounts(reader)
        unitItems = try reader.unitItemCounts()
        projectItems = try reader.projectTotals().mapValues(\.count)
        procurement = try reader.procurement()
    }
}
