/// What the disclosure tables know of a line item: its codes, type, nature, source and amount.
public protocol Classified {
    var functional: String { get }
    var economic: String { get }
    var type: ExpenditureType { get }
    var nature: CostNature? { get }
    var source: FundingSource { get }
    var amount: Fen { get }
    /// The unit, when known (a line item; not a total, which sums over units).
    var unitForFilter: String? { get }
}

extension Classified {
    public var unitForFilter: String? { nil }
}

extension LineItem: Classified {
    public var unitForFilter: String? { unitCode }
}

/// Line items summed over everything the tables tell apart. The project file keeps these totals
/// up to date with every edit, so tables are recomputed from a few thousand totals instead of
/// every line item.
/// The classification of an amount: what the kept totals are kept by (functional and economic
/// code, type, nature, source). One key type for every running sum: the engine's and the store's
/// totals use the codes themselves (`TotalKey<String>`); an import's running sums use each code's
/// number in its batch (`TotalKey<Int32>`), so that a million items hash integers, not strings.
/// Totals by unit and by project are the sums of these keys' amounts per unit and per project.
public struct TotalKey<Code: Hashable & Sendable>: Hashable, Sendable {
    public var functional: Code
    public var economic: Code
    public var type: ExpenditureType
    public var nature: CostNature?
    public var source: FundingSource

    public init(functional: Code, economic: Code, type: ExpenditureType, nature: CostNature?, source: FundingSource) {
        self.functional = functional
        self.economic = economic
        self.type = type
        self.nature = nature
        self.source = source
    }

    /// The key with one classification left out (as `empty`): the totals by functional code
    /// alone, or by economic code alone.
    public func projected(functional keepFunctional: Bool = true, economic keepEconomic: Bool = true, empty: Code) -> Self {
        Self(
            functional: keepFunctional ? functional : empty, economic: keepEconomic ? economic : empty, type: type, nature: nature,
            source: source)
    }

    /// The same classification with its codes translated (a batch's numbers to the codes).
    public func mapCodes<Other>(_ transform: (Code) -> Other) -> TotalKey<Other> {
        TotalKey<Other>(functional: transform(functional), economic: transform(economic), type: type, nature: nature, source: source)
    }
}

extension TotalKey where Code == String {
    /// The key with one classification left out (as the empty code).
    public func projected(functional keepFunctional: Bool = true, economic keepEconomic: Bool = true) -> Self {
        projected(functional: keepFunctional, economic: keepEconomic, empty: "")
    }

    public init(_ item: some Classified) {
        self.init(functional: item.functional, economic: item.economic, type: item.type, nature: item.nature, source: item.source)
    }
}

/// Line items summed over everything the tables tell apart. The project file keeps these totals
/// up to date with every edit, so tables are recomputed from a few thousand totals instead of
/// every line item.
public struct ItemTotal: Classified, Hashable, Sendable {
    public typealias Key = TotalKey<String>

    public var key: Key
    public var amount: Fen
    public var count: Int

    public init(key: Key, amount: Fen, count: Int) {
        self.key = key
        self.amount = amount
        self.count = count
    }

    public var functional: String { key.functional }
    public var economic: String { key.economic }
    public var type: ExpenditureType { key.type }
    public var nature: CostNature? { key.nature }
    public var source: FundingSource { key.source }

    /// Sums items the straightforward way, one by one, in a stable order.
    public static func summing(_ items: [some Classified]) -> [ItemTotal] {
        var totals: [Key: (Fen, Int)] = [:]
        for item in items {
            let key = Key(item)
            let old = totals[key] ?? (0, 0)
            totals[key] = (old.0 + item.amount, old.1 + 1)
        }
        return totals.map { ItemTotal(key: $0.key, amount: $0.value.0, count: $0.value.1) }.sorted()
    }
}

extension ItemTotal {
    /// Totals summed along one classification, the other left as the empty code.
    public static func projecting(_ totals: [ItemTotal], functional: Bool) -> [ItemTotal] {
        var sums: [Key: (Fen, Int)] = [:]
        for total in totals {
            let key = total.key.projected(functional: functional, economic: !functional)
            let old = sums[key] ?? (0, 0)
            sums[key] = (old.0 + total.amount, old.1 + total.count)
        }
        return sums.map { ItemTotal(key: $0.key, amount: $0.value.0, count: $0.value.1) }.sorted()
    }
}

extension ItemTotal: Comparable {
    /// By functional code, economic code, then type, nature and source by their stored names.
    /// Each field is compared only when the ones before it are equal: sorting the totals of a
    /// thousand units runs this millions of times.
    public static func < (a: ItemTotal, b: ItemTotal) -> Bool {
        if a.functional != b.functional { return a.functional < b.functional }
        if a.economic != b.economic { return a.economic < b.economic }
        if a.type != b.type { return a.type.rawValue < b.type.rawValue }
        if a.nature != b.nature { return (a.nature?.rawValue ?? "") < (b.nature?.rawValue ?? "") }
        return a.source != b.source && a.source.rawValue < b.source.rawValue
    }
}

/// What computing and checking the tables needs of a project, without reading every line item.
public struct BudgetData: Sendable {
    public var department: Department
    public var units: [BudgetUnit]
    public var projects: [BudgetProject]
    /// Totals by both classifications; nil when no table needs both at once (they were not read).
    public var totals: [ItemTotal]?
    /// Totals by functional code, economic code left empty.
    public var functionalTotals: [ItemTotal]
    /// Totals by economic code, functional code left empty.
    public var economicTotals: [ItemTotal]
    public var codes: CodeBook
    /// Line items per unit code and per project name.
    public var unitItemCounts: [String: Int]
    public var projectItemCounts: [String: Int]
    /// The amount of each project's line items (projects with items only).
    public var projectAmounts: [String: Fen]
    /// Ids of line items whose amount is zero.
    public var zeroAmountItems: [Int64]
    /// Which units' 公用经费 count as 机关运行经费, and, when only some units count, their
    /// 一般公共预算 基本支出 公用经费 per unit nature and economic 款 (nil: not read).
    public var operationCostScope: OperationCostScope = .all
    public var publicFundsByUnitNature: [UnitNature: [String: Fen]]? = nil
    /// Whether the project's clerk ever chose the scope of 机关运行经费 (`settings
    /// --operation-costs`); `check` asks for it when the department has 事业 units.
    public var operationCostScopeChosen = true
    /// The items the plausibility checks look at, per unit (nil: not read; only `check` reads them).
    public var unitLines: [UnitLineTotal]? = nil
    /// The project's settings for printing the tables (decimals of 元, empty-table notes).
    public var tableSettings = TableSettings()

    public init(
        department: Department, units: [BudgetUnit], projects: [BudgetProject], totals: [ItemTotal]?, functionalTotals: [ItemTotal],
        economicTotals: [ItemTotal], codes: CodeBook, unitItemCounts: [String: Int], projectItemCounts: [String: Int],
        projectAmounts: [String: Fen] = [:], zeroAmountItems: [Int64]
    ) {
        self.department = department
        self.units = units
        self.projects = projects
        self.totals = totals
        self.functionalTotals = functionalTotals
        self.economicTotals = economicTotals
        self.codes = codes
        self.unitItemCounts = unitItemCounts
        self.projectItemCounts = projectItemCounts
        self.projectAmounts = projectAmounts
        self.zeroAmountItems = zeroAmountItems
    }

    /// The straightforward computation from every line item.
    public init(_ snapshot: ProjectSnapshot) {
        let totals = ItemTotal.summing(snapshot.items)
        self.init(
            department: snapshot.department, units: snapshot.units, projects: snapshot.projects, totals: totals,
            functionalTotals: ItemTotal.projecting(totals, functional: true), economicTotals: ItemTotal.projecting(totals, functional: false),
            codes: snapshot.codes,
            unitItemCounts: Dictionary(grouping: snapshot.items, by: \.unitCode).mapValues(\.count),
            projectItemCounts: Dictionary(grouping: snapshot.items.filter { $0.project != nil }) { $0.project! }.mapValues(\.count),
            projectAmounts: Dictionary(grouping: snapshot.items.filter { $0.project != nil }) { $0.project! }.mapValues {
                $0.reduce(0) { $0 + $1.amount }
            },
            zeroAmountItems: snapshot.items.filter { $0.amount == 0 }.compactMap(\.id))
    }
}
