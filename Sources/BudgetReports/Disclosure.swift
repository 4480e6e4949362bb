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
    /// How much of the disclosure is computed.
    public enum Scope: Sendable {
        /// The department's whole document: tables, document tables, statement.
        case whole
        /// The template's tables alone (a unit's own workbook): no document, no statement, and
        /// of the checks only those of the tables.
        case tables
        /// The template's tables and the statement's figures, without the document's tables and
        /// the statement's text: what a rollover carries as last year's figures.
        case figures
    }

    /// Whether, and how, the checks run.
    public enum Checking: Sendable {
        /// No checks (showing or writing the statement).
        case none
        /// Every check that applies to the scope; the items behind a finding are found with the locator.
        case all
    }

    public static func run(
        _ input: DisclosureInput, scope: Scope = .whole, checking: Checking = .all, locate: @escaping Checks.ItemLocator = { _ in [] }
    ) throws -> Disclosure {
        var collapsed = ReportEngine.CollapseCache()
        return try run(input, scope: scope, checking: checking, locate: locate, collapsed: &collapsed)
    }

    /// The same, with the engine's collapsed totals kept by the caller (a resident session keeps
    /// them between edits: ``ReportEngine/compute(_:template:collapsed:only:)``), and, with
    /// `only`, just those of the template's tables.
    public static func run(
        _ input: DisclosureInput, scope: Scope = .whole, checking: Checking = .all, locate: @escaping Checks.ItemLocator = { _ in [] },
        collapsed: inout ReportEngine.CollapseCache, only: Set<String>? = nil
    ) throws -> Disclosure {
        var document = input.document
        let data = input.data
        // A template that defines 机关运行经费 (Shanghai: 行政 and 参公 units) defines it for the
        // statement too.
        document.operationCostScope = data.operationCostScope
        // Stage 1: the template's tables.
        var reports = try ReportEngine.compute(data, template: input.template, collapsed: &collapsed, only: only)
        var disclosure = Disclosure(
            template: input.template, data: data, document: document, reports: reports,
            figures: StatementFigures(year: data.department.year, assets: AssetHoldings(), prior: PriorYear()),
            narrative: Narrative(title: "", sections: []), findings: [])
        if scope == .figures {
            disclosure.figures = StatementFigures.compute(data, document, publicFundsByNature: data.publicFundsByUnitNature)
        }
        if case .whole = scope {
            // Stages 2–4: the statement's figures, the document's tables, the statement.
            let figures = StatementFigures.compute(data, document, publicFundsByNature: data.publicFundsByUnitNature)
            let tables = DocumentTables.compute(reports, units: data.units, document: document, figures: figures)
            reports.tables += tables
            disclosure.reports = reports
            disclosure.figures = figures
            disclosure.narrative = Narrative.compose(reports, figures: figures, document: document, data: data, tables: tables)
        }
        // Stage 5: the findings, collected.
        if case .all = checking {
            let context =
                scope == .whole
                ? CheckContext(disclosure, locate: locate) : CheckContext(data: data, reports: disclosure.reports, locate: locate)
            disclosure.findings = Checks.run(context)
        }
        return disclosure
    }
}
