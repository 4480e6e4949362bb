import BudgetModel

/// What the store reads for one disclosure: the kept totals with the units, projects and code
/// names (``BudgetData``), what the clerk entered for the document (``DocumentData``), and the
/// template (a region's layout, in the version asked for).
public struct DisclosureInput: Sendable {
    public var data: BudgetData
    public var document: DocumentData
    public var template: Template

    public init(data: BudgetData, document: DocumentData, template: Template) {
        self.data = data
        self.document = document
        self.template = template
    }
}

/// Everything a disclosure is: the template's tables and the document's tables, the figures of
/// the statement and its text, and what the checks found. Computed only by ``DisclosurePipeline``.
public struct Disclosure: Sendable {
    public var template: Template
    public var data: BudgetData
    public var document: DocumentData
    /// The template's tables (the nine), followed by the document's tables.
    public var reports: ReportSet
    /// How many of `reports.tables` are the template's own (the rest are the document's).
    public var templateTableCount: Int
    public var figures: StatementFigures
    public var narrative: Narrative
    /// Empty when the pipeline was run without checks.
    public var findings: [Finding]

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.count - errorCount }
}

/// The one way a disclosure is computed, in typed stages:
///
/// 1. tables: the template's tables from the kept totals (``ReportEngine``);
/// 2. figures: the statement's figures (``StatementFigures``);
/// 3. document tables: projects, performance, procurement, assets … (``DocumentTables``);
/// 4. statement: its text (``Narrative``);
/// 5. findings: every registered check (``Checks``), collected rather than thrown.
///
/// Pure: no file is read or written. Every front end (check, show, export, export-units,
/// narrative, snapshots, diff, explain, merge) reads a ``DisclosureInput`` and calls ``run``.
public enum DisclosurePipeline {
    /// Whether, and how, the checks run.
    public enum Checking: Sendable {
        /// No checks (showing or writing the statement).
        case none
        /// Every check; the items behind a finding are found with the locator.
        case all
    }

    public static func run(
        _ input: DisclosureInput, checking: Checking = .all, locate: @escaping Checks.ItemLocator = { _ in [] }
    ) throws -> Disclosure {
        var document = input.document
        let data = input.data
        // A template that defines 机关运行经费 (Shanghai: 行政 and 参公 units) defines it for the
        // statement too.
        document.operationCostScope = data.operationCostScope
        var reports = try ReportEngine.compute(data, template: input.template)
        let templateTableCount = reports.tables.count
        let figures = StatementFigures.compute(data, document, publicFundsByNature: data.publicFundsByUnitNature)
        let tables = DocumentTables.compute(reports, units: data.units, document: document, figures: figures)
        reports.tables += tables
        let narrative = Narrative.compose(reports, figures: figures, document: document, tables: tables)
        var disclosure = Disclosure(
            template: input.template, data: data, document: document, reports: reports, templateTableCount: templateTableCount,
            figures: figures, narrative: narrative, findings: [])
        if case .all = checking {
            disclosure.findings = Checks.run(CheckContext(disclosure, locate: locate))
        }
        return disclosure
    }
}
