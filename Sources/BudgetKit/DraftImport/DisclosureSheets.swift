import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

/// What marks a sheet of a disclosure workbook (what `budget export` writes, or a published
/// one) rather than of the draft workbook: the title of a disclosure table in its first rows,
/// or the header of the line-item list `export --with-items` adds. Told by content, whatever
/// the file or sheet is called. Such a sheet is never read as a part of the draft: a workbook
/// that has nothing else is refused with one message saying what it is.
final class DisclosureSigns {
    /// Each title as its literal pieces, split where the template fills in the year, the
    /// department's name or code (“{year}年部门财务收支预算总表” → ["", "年部门财务收支预算总表"]).
    /// Made when first needed: a draft workbook whose sheets all have a part's header never
    /// needs them.
    private(set) lazy var titles: [[String]] = load()
    private let load: () -> [[String]]

    init(titles load: @escaping () -> [[String]]) { self.load = load }

    /// No titles at all: only the exported item list's header marks a sheet.
    static var none: DisclosureSigns { DisclosureSigns { [] } }

    /// The rows searched for a title, from the top of a sheet.
    static let titleRows = 6

    /// The titles of the nine tables of every built-in template and version, and of the project's
    /// own template; those of the statement and the document's sheets.
    static func of(_ project: ProjectFile) -> DisclosureSigns {
        DisclosureSigns { titles(project) }
    }

    static func titles(_ project: ProjectFile) -> [[String]] {
        var templates = Template.builtInNames.keys.sorted().compactMap { try? Template.builtIn($0) }
        if let own = try? Templates.base(project, choice: nil) { templates.append(own) }
        let versions = templates.flatMap { template in template.variantNames.compactMap { try? template.variant($0) } }
        var titles = Set(versions.flatMap(\.tables).map(\.title))
        // The statement and the document's sheets, in every version of the statement.
        for statement in versions.map(\.statementSpec) {
            var documents = [statement.documentTables]
            titles.insert(statement.title)
            for variant in (statement.variants ?? [:]).values {
                if let title = variant.title { titles.insert(title) }
                documents.append(variant.documentTables)
            }
            for tables in documents.compactMap({ $0 }) {
                titles.formUnion([tables.organisation?.title, tables.procurement?.title, tables.assets?.title].compactMap { $0 })
            }
        }
        // A 绩效目标表 is numbered and named after its project.
        titles.insert("{n}、{name}绩效目标表")
        // A title of placeholders with a word or two between them (“{部门名称}{年度}年{部门}预算”)
        // would take a clerk's own heading for a disclosure's: left out.
        return titles.sorted().map(Self.pieces).filter { $0.joined().count >= 5 }
    }

    /// A title's literal pieces around its placeholders ({year}, {name}, {年度} …).
    static func pieces(_ title: String) -> [String] {
        title.split(separator: /\{[^{}]+\}/, omittingEmptySubsequences: false).map(String.init)
    }

    /// Whether a text is one of the titles, its placeholders filled in.
    func isTitle(_ text: String) -> Bool {
        titles.contains { pieces in
            guard pieces.count > 1 else { return text == pieces[0] }
            guard text.hasPrefix(pieces[0]), text.hasSuffix(pieces[pieces.count - 1]) else { return false }
            var rest = text.dropFirst(pieces[0].count).dropLast(pieces[pieces.count - 1].count)
            for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
                guard let found = rest.range(of: piece) else { return false }
                rest = rest[found.upperBound...]
            }
            return true
        }
    }

    /// Whether a sheet's first rows carry a disclosure table's title or the exported item list's header.
    func marks(_ rows: [(row: Int, cells: [(column: Int, cell: XLSXCell)])]) -> Bool {
        for row in rows.prefix(while: { $0.row < Self.titleRows }) {
            let texts = row.cells.filter { $0.cell.kind == .string }.map { FieldRules.trim($0.cell.value) }.filter { !$0.isEmpty }
            if texts == WorkbookWriter.itemSheetHeader { return true }
            if let first = texts.first, texts.count == 1, isTitle(first) { return true }
        }
        return false
    }

    /// The one message for a workbook that is a disclosure, not a draft.
    static func refusal(_ file: String, sheets: [String]) -> InputProblem {
        InputProblem(
            file: file,
            message:
                "这是预算公开表的工作簿（budget export 导出的那种，如工作表“\(Shown.text(sheets[0]))”），不是填报工作簿：公开表是由项目文件计算出来的，不能导回项目文件。"
                + "要在 Excel 或 WPS 中修改项目的内容，请用 budget template 生成填报工作簿（如 budget template 项目.budget 填报.xlsx），填好后再用 budget import 导入")
    }
}
