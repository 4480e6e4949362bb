import BudgetModel
import BudgetXLSX

/// The parts of the draft a draft workbook (填报工作簿) carries, one kind of sheet each. A sheet is
/// recognised by its header row, whatever its name or place: the columns are those of the CSV
/// formats, by the same names (English or Chinese, in any order), so a sheet saved as CSV imports
/// with the CSV commands and a CSV pasted into a sheet imports with the workbook.
enum DraftPart: CaseIterable, Sendable {
    case units, items, projects, indicators, procurement, assets, prior, purposes
    /// The statement's texts (情况说明), the department's itemised goals (分项绩效目标) and the
    /// glossary (名词解释): the document's words, on sheets of their own.
    case texts, goals, glossary
    /// The roster (人员) and the standards (标准) the 基本支出 is calculated by.
    case roster, standards
    /// The finance bureau's 控制数.
    case caps

    /// The name of its sheet in a workbook the tool writes.
    var sheetName: String {
        switch self {
        case .units: "单位"
        case .items: "预算明细"
        case .projects: "项目"
        case .indicators: "绩效指标"
        case .procurement: "政府采购"
        case .assets: "资产"
        case .prior: "上年数"
        case .purposes: "主要内容"
        case .texts: "情况说明文字"
        case .goals: "分项绩效目标"
        case .glossary: "名词解释"
        case .roster: "人员"
        case .standards: "标准"
        case .caps: "控制数"
        }
    }

    /// Every column the part's sheet may have: its key and the names it is known by, the
    /// English one first and the Chinese one written in the header second. The first
    /// `written.count` columns are those a written workbook has, in this order.
    var columns: [(key: String, names: [String])] {
        switch self {
        case .units:
            ["code", "name", "nature", "level", "funding_form"].map { ($0, ProjectSession.UnitColumns.all[$0]!) }
        case .items:
            LineItemCSV.exportHeader.map { ($0.rawValue, [$0.rawValue, $0.chineseName]) }
                + [LineItemColumn.functionalName, .economicName].map { ($0.rawValue, [$0.rawValue, $0.chineseName]) }
        case .projects:
            [
                ("project", ["project", "项目名称"]), ("unit", ["unit", "单位编码"]), ("kind", ["kind", "项目类别"]), ("amount", ["amount", "项目金额"]),
                ("goal", ["goal", "绩效目标"]), ("note", ["note", "备注"]),
            ]
        case .indicators:
            ["project", "level1", "level2", "level3", "description", "value", "basis", "goal"].map { ($0, ProjectSession.indicatorColumns[$0]!) }
        case .procurement:
            ["unit", "project", "budget", "item", "code", "measure", "quantity", "price"].map { ($0, ProjectSession.procurementColumns[$0]!) }
                + ProcurementFunding.allCases.map { ($0.rawValue, ProjectSession.procurementColumns[$0.rawValue]!) }
                + ["sme", "total"].map { ($0, ProjectSession.procurementColumns[$0]!) }
        case .assets:
            ProjectSession.assetColumns.map { ($0.key, [$0.key, $0.name]) }
        case .prior:
            ["item", "amount", "reason"].map { ($0, ProjectSession.priorColumns[$0]!) }
        case .purposes:
            ["functional", "current", "purpose", "prior", "reason"].map { ($0, ProjectSession.purposeColumns[$0]!) }
        case .texts:
            [("section", ["section", "部分"]), ("paragraph", ["paragraph", "段落"])]
        case .goals:
            ["name", "goal", "indicators"].map { ($0, ProjectSession.goalColumns[$0]!) }
        case .glossary:
            [("term", ["term", "名词"]), ("text", ["text", "解释"])]
        case .roster:
            ProjectSession.rosterKeys.map { ($0, ProjectSession.rosterColumns[$0]!) }
        case .standards:
            ["key", "name", "value", "basis", "source"].map { ($0, ProjectSession.standardColumns[$0]!) }
        case .caps:
            ProjectSession.capKeys.map { ($0, ProjectSession.capColumns[$0]!) }
        }
    }

    /// The columns a written workbook has: all but those only accepted (the names of codes
    /// outside the catalogs, an indicator's goal, which the 项目 sheet holds, a procurement total).
    var written: [String] {
        let accepted: Set<String> =
            switch self {
            case .items: ["functional_name", "economic_name"]
            case .indicators: ["goal"]
            case .procurement: ["total"]
            default: []
            }
        return columns.map(\.key).filter { !accepted.contains($0) }
    }

    var required: [String] {
        switch self {
        case .units: ["code", "name", "nature"]
        case .items: LineItemColumn.required.map(\.rawValue)
        case .projects: ["project"]
        case .indicators: ["project", "level1", "level2", "level3", "value"]
        case .procurement: ["unit", "project", "item", "code", "measure", "quantity", "price"]
        case .assets: []
        case .prior: ["item"]
        case .purposes: ["functional"]
        case .texts: ["section", "paragraph"]
        case .goals: ["name", "goal", "indicators"]
        case .glossary: ["term", "text"]
        case .roster: ["unit", "category", "headcount"]
        case .standards: ["key", "value"]
        case .caps: ["source", "amount"]
        }
    }

    /// The Chinese name of a column.
    func label(_ key: String) -> String {
        columns.first { $0.key == key }.map { $0.names[1] } ?? key
    }

    /// The key of the column a header cell (or a problem's column) names.
    func key(naming text: String) -> String? {
        let folded = Vocabulary.fold(text)
        return Self.foldedNames[self]!.first { $0.names.contains(folded) }?.key
    }

    /// Each part's column keys with their names folded, once: every cell of a sheet's first rows
    /// is tried against them.
    static let foldedNames: [DraftPart: [(key: String, names: Set<String>)]] = Dictionary(
        uniqueKeysWithValues: allCases.map { part in (part, part.columns.map { ($0.key, Set($0.names.map(Vocabulary.fold))) }) })

    /// Columns that hold a unit code, which a written workbook shows with the unit's name.
    var unitColumns: Set<String> {
        switch self {
        case .items, .projects, .procurement, .roster, .caps: ["unit"]
        default: []
        }
    }

    /// The part whose header a row of texts is, if any: the one that names the most of its
    /// columns, at least two, preferring a part whose required columns are all there.
    static func recognise(_ header: [String]) -> DraftPart? {
        var best: (part: DraftPart, complete: Bool, score: Int)?
        for part in allCases {
            let keys = Set(header.compactMap(part.key(naming:)))
            guard keys.count >= 2 else { continue }
            let complete = part.required.allSatisfy(keys.contains)
            // The part naming most of the row's columns; a complete one wins a tie. A sheet of
            // line items with one header mistyped stays a sheet of line items (and is told which
            // column it lacks), rather than becoming the 项目 sheet whose few columns it also has.
            let better = best.map { keys.count != $0.score ? keys.count > $0.score : complete && !$0.complete } ?? true
            if better { best = (part, complete, keys.count) }
        }
        return best?.part
    }
}
