import BudgetModel
import Foundation

/// Lays out a statement from its template: fills `{figures}` into the texts, keeps the blocks
/// and fragments whose conditions hold, repeats the blocks of a list for each item, and notes
/// the required texts and lists that are empty.
struct StatementComposer {
    let reports: ReportSet
    let spec: StatementSpec
    let document: DocumentData
    let data: BudgetData
    let tables: [ReportTable]
    private(set) var gaps: [Narrative.Gap] = []
    /// The texts shown for projects without 绩效目标 (``StatementSpec/performanceGap(_:list:)``).
    private(set) var performanceStandIns: [String] = []
    /// The list whose item is being laid out.
    private var list: String?

    init(reports: ReportSet, spec: StatementSpec, document: DocumentData, data: BudgetData, tables: [ReportTable]) {
        self.reports = reports
        self.spec = spec
        self.document = document
        self.data = data
        self.tables = tables
    }

    /// `text` with each `{name}` replaced by the figure's value; a figure without a value is left
    /// out (a condition decides whether the text is shown at all).
    func fill(_ text: String, _ figures: StatementFigureTable) -> String {
        guard text.contains("{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += figures[String(rest[rest.index(after: open)..<close])]?.text ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Whether every name of the condition holds.
    static func holds(_ condition: StatementCondition, _ figures: StatementFigureTable) -> Bool {
        func value(_ name: String) -> FigureValue? { figures[name] }
        func nonZero(_ name: String) -> Bool { value(name).map { !$0.isZero } ?? false }
        return (condition.when?.names ?? []).allSatisfy(nonZero)
            && (condition.whenZero?.names ?? []).allSatisfy { value($0)?.isZero == true }
            && (condition.whenKnown?.names ?? []).allSatisfy { value($0) != nil }
            && (condition.whenMissing?.names ?? []).allSatisfy { value($0) == nil }
            && (condition.unless?.names ?? []).allSatisfy { !nonZero($0) }
    }

    /// The text of a fragment, or nil when it is not shown.
    func render(_ fragment: Fragment, _ figures: StatementFigureTable) -> String? {
        guard Self.holds(fragment.condition, figures) else { return fragment.otherwise.map { fill($0, figures) } }
        let body: String
        if let text = fragment.text {
            body = fill(text, figures)
        } else if let parts = fragment.parts {
            body = parts.compactMap { render($0, figures) }.joined()
        } else {
            let shown = (fragment.items ?? []).compactMap { render($0, figures) }.filter { !$0.isEmpty }
            if shown.isEmpty { return fragment.otherwise.map { fill($0, figures) } }
            body = shown.joined(separator: fragment.separator ?? "")
        }
        return (fragment.before.map { fill($0, figures) } ?? "") + body + (fragment.after.map { fill($0, figures) } ?? "")
    }

    /// The blocks of a section (or of one item of a list), in order.
    mutating func blocks(_ specs: [StatementBlock], _ figures: StatementFigureTable, section: String) -> [Narrative.Block] {
        var out: [Narrative.Block] = []
        for spec in specs {
            let gapsBefore = gaps.count
            let shown = block(spec, figures, section: section)
            let gap = StatementSpec.performanceGap(spec, list: list)
            if let shown {
                out += shown
                if gap == .shown { performanceStandIns += shown.compactMap(\.text) }
            } else if let otherwise = spec.otherwise, let text = render(otherwise, figures), !text.isEmpty {
                out.append(.paragraph(text))
                if gaps.count > gapsBefore { gaps[gaps.count - 1].shown = text }
                if gap == .otherwise { performanceStandIns.append(text) }
            }
        }
        return out
    }

    /// One block, or nil when its `otherwise` stands in its place.
    private mutating func block(_ spec: StatementBlock, _ figures: StatementFigureTable, section: String) -> [Narrative.Block]? {
        guard Self.holds(spec.condition, figures) else { return nil }
        if let fragment = spec.paragraph {
            guard let text = render(fragment, figures), !text.isEmpty else { return nil }
            return [.paragraph(text)]
        }
        if let fragment = spec.subheading {
            guard let text = render(fragment, figures), !text.isEmpty else { return nil }
            return [.subheading(text)]
        }
        if let text = spec.text {
            let paragraphs = document.text(text)
            if paragraphs.isEmpty {
                if spec.required == true {
                    gaps.append(Narrative.Gap(section: section, what: text.chineseName, hint: "budget text set 项目文件 \(text.rawValue) 文本文件"))
                }
                return nil
            }
            return paragraphs.map(Narrative.Block.paragraph)
        }
        if let id = spec.table {
            if id == "performance" {
                return tables.filter { $0.id.hasPrefix("绩效") }.flatMap { [Narrative.Block.subheading($0.title), .table($0)] }
            }
            return tables.first { $0.id == id }.map { [.table($0)] } ?? []
        }
        if let list = spec.each {
            let items = StatementFigureTable.items(list, reports, self.spec, document: document, data: data) { fill($0, figures) }
            if items.isEmpty {
                if spec.required == true, let (what, hint) = StatementFigureNames.listNames[list] {
                    gaps.append(Narrative.Gap(section: section, what: what, hint: hint))
                }
                return nil
            }
            var out: [Narrative.Block] = []
            let outer = self.list
            self.list = list
            defer { self.list = outer }
            for item in items { out += blocks(spec.blocks ?? [], figures.adding(item), section: section) }
            return out
        }
        return []
    }
}
