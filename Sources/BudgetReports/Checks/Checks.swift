import BudgetModel

/// The stable name of each check: the `check` field of a finding in `check --json`, never renamed.
public enum CheckID: String, CaseIterable, Sendable {
    /// The file itself (integrity, foreign keys, kept totals): `check --full`, outside the pipeline.
    case integrity
    case sum
    case identity
    case unplacedClass = "unplaced-class"
    case unnamedCode = "unnamed-code"
    case unknownCode = "unknown-code"
    case zeroAmount = "zero-amount"
    case emptyProject = "empty-project"
    case emptyUnit = "empty-unit"
    case rounding
    case projectAmount = "project-amount"
    case performance
    case procurement
    case assets
    case priorYear = "prior-year"
    case statement
    case placeholder
    case lineReason = "line-reason"
    case smallPay = "small-pay"
    case amountScale = "amount-scale"
    case unitNature = "unit-nature"
    case threePublicRise = "three-public-rise"
    case operationScope = "operation-scope"
    case roster
    case caps
}

/// What a check looks at: the computed disclosure, and a way to find the line items behind a
/// finding. Without the document's parts (a unit's own tables), only the table checks run.
public struct CheckContext {
    /// The document beyond the tables: what the clerk entered, the statement's figures and text.
    public struct DocumentParts {
        public var document: DocumentData
        public var figures: StatementFigures
        public var narrative: Narrative
    }

    public var data: BudgetData
    /// Every table: the template's and the document's.
    public var reports: ReportSet
    public var documentParts: DocumentParts?
    public var locate: Checks.ItemLocator

    /// Each project's total from its line items.
    public var projectTotals: [String: Fen] { data.projectAmounts }
    /// The unit that runs each project, where one is named.
    public var projectUnits: [String: String] {
        Dictionary(data.projects.compactMap { project in project.unitCode.map { (project.name, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    public init(_ disclosure: Disclosure, locate: @escaping Checks.ItemLocator) {
        data = disclosure.data
        reports = disclosure.reports
        documentParts = DocumentParts(document: disclosure.document, figures: disclosure.figures, narrative: disclosure.narrative)
        self.locate = locate
    }

    /// Tables alone (a unit's own workbook, or tables computed outside the pipeline).
    public init(data: BudgetData, reports: ReportSet, locate: @escaping Checks.ItemLocator) {
        self.data = data
        self.reports = reports
        documentParts = nil
        self.locate = locate
    }
}

/// One check: a pure function of the disclosure, with a stable name.
protocol DisclosureCheck {
    static var id: CheckID { get }
    static func run(_ context: CheckContext) -> [Finding]
}

/// The registry of checks, in the order they run (beancount's BASIC_VALIDATIONS, swift-format's
/// rules): one check per file in this folder. A new check is a new file and a line here.
public enum Checks {
    /// Finds the ids of the line items a filter selects; called only for findings.
    public typealias ItemLocator = (ItemFilter) -> [Int64]

    /// The checks of the tables and the data behind them.
    static let tableChecks: [any DisclosureCheck.Type] = [
        SumCheck.self, IdentityCheck.self, UnplacedClassCheck.self, UnnamedCodeCheck.self, UnknownCodeCheck.self,
        ZeroAmountCheck.self, EmptyProjectCheck.self, EmptyUnitCheck.self, RoundingCheck.self, SmallPayCheck.self,
        UnitNatureCheck.self,
    ]
    /// The checks of the document beyond the tables: projects, performance targets,
    /// procurement, assets, last year's figures, and the statement against the tables.
    static let documentChecks: [any DisclosureCheck.Type] = [
        ProjectAmountCheck.self, PerformanceCheck.self, ProcurementCheck.self, AssetsCheck.self, PriorYearCheck.self,
        StatementCheck.self, PlaceholderCheck.self, LineReasonCheck.self, AmountScaleCheck.self, ThreePublicRiseCheck.self,
        OperationScopeCheck.self, RosterCheck.self, CapsCheck.self,
    ]

    /// Every check that applies to the context, in order.
    public static func run(_ context: CheckContext) -> [Finding] {
        (tableChecks + (context.documentParts == nil ? [] : documentChecks)).flatMap { $0.run(context) }
    }

    /// The table checks, computed from every line item of a snapshot.
    public static func run(_ snapshot: ProjectSnapshot, _ reports: ReportSet) -> [Finding] {
        run(BudgetData(snapshot), reports) { filter in snapshot.items.filter(filter.matches).compactMap(\.id) }
    }

    /// The table checks alone.
    public static func run(_ data: BudgetData, _ reports: ReportSet, locate: @escaping ItemLocator) -> [Finding] {
        run(CheckContext(data: data, reports: reports, locate: locate))
    }

    // MARK: - Shared by the checks

    static func place(_ table: ReportTable, row: Int, column: Int) -> (table: String, row: String, column: String) {
        (
            "表\(table.id) \(table.title)", table.rowLabel(row, column: column),
            "第 \(table.templateColumn(column)) 栏“\(table.header.columnLabels[column])”"
        )
    }

    /// The line items of some units under these economic or functional codes or sources.
    static func unitItems(
        _ locate: Checks.ItemLocator, units: Set<String>, economic: [String]? = nil, functional: [String]? = nil,
        sources: [FundingSource]? = nil
    ) -> [Int64] {
        var filter = ItemFilter(FilterSpec(sources: sources, functionalPrefixes: functional, economicCodes: economic))
        filter.units = units
        return locate(filter)
    }

    /// “102.00 元（0.01 万元）”: an amount the clerk may have typed in the other unit.
    static func yuanAndWan(_ fen: Fen) -> String { "\(Money.formatYuan(fen)) 元（\(Money.formatWan(fen)) 万元）" }

    /// A unit as a clerk names it: “432001 名称”.
    static func unitName(_ data: BudgetData, _ code: String) -> String {
        data.units.first { $0.code == code }.map { "\($0.code) \($0.name)" } ?? code
    }

    static func items(_ locate: Checks.ItemLocator, _ filter: ItemFilter?) -> [Int64] {
        filter.map(locate) ?? []
    }

    /// An amount with the table's unit, as in a message.
    static func format(_ reports: ReportSet, _ fen: Fen) -> String { reports.format(fen) + reports.unitName }
}
