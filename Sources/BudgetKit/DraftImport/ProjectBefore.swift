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
    /// How many paragraphs the statement's texts have, and itemised goals the department.
    var paragraphs: Int
    var goals: Int
    /// Whether the glossary is the project's own (not the standard entries).
    var ownGlossary: Bool
    /// Each project's goal, declared amount and indicator rows.
    var projectGoals: [String: String]
    var declared: [String: Fen]
    var indicators: [String: [PerformanceIndicator]]
    /// The roster's groups and the standards the project keeps.
    var rosterGroups: Int
    var standards: StandardTable
    var caps: [BudgetCap]

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
        let document = try reader.document()
        paragraphs = document.texts.values.reduce(0) { $0 + $1.count }
        goals = document.departmentGoals.count
        ownGlossary = try !reader.glossaryIsStandard()
        projectGoals = Dictionary(document.performance.map { ($0.project, $0.goal) }, uniquingKeysWith: { first, _ in first })
        declared = document.declaredProjectAmounts
        indicators = Dictionary(document.performance.map { ($0.project, $0.indicators) }, uniquingKeysWith: { first, _ in first })
        rosterGroups = document.roster?.groups.count ?? 0
        standards = try reader.standards()
        caps = document.caps
    }
}
