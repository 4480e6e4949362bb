import BudgetModel
import BudgetStore
import Foundation

/// The 情况说明文字 sheet: the statement's texts, a paragraph a row under the section it belongs
/// to (a blank 部分 is the one above, as after a row the clerk inserted). A row without a
/// paragraph names a section and adds nothing; a cell with line breaks is a paragraph a line, as
/// with `budget text set`. The sheet gives every section: one it does not list is left empty.
struct TextsSheet {
    var texts: [TextSection: [String]] = [:]
    var count = 0
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets) {
        guard sheets.has(.texts) else { return }
        var section: TextSection?
        for row in sheets.rows(.texts) {
            let name = row.values["section"] ?? ""
            if !name.isEmpty {
                section = TextSection.parse(name)
                if section == nil {
                    problems.append(
                        sheets.cellProblem(
                            row, .texts, "section", "不是情况说明的部分：应为" + TextSection.allCases.map { "“\($0.chineseName)”" }.joined(separator: "、")))
                    continue
                }
            }
            let lines = (row.values["paragraph"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard !lines.isEmpty else { continue }
            guard let section else {
                if name.isEmpty { problems.append(sheets.cellProblem(row, .texts, "section", "不能为空：写明这一段属于哪一部分（如“部门职责”）")) }
                continue
            }
            for line in lines {
                if let problem = TextRules.nameProblem(line, maximumLength: ProjectSession.longestParagraph) {
                    problems.append(sheets.cellProblem(row, .texts, "paragraph", "段落" + problem, value: line))
                    continue
                }
                texts[section, default: []].append(line)
                count += 1
            }
        }
    }

    /// Every section's paragraphs replaced by the sheet's.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        guard sheets.has(.texts) else { return }
        for section in TextSection.allCases { try writer.setParagraphs(section, texts[section] ?? []) }
    }
}
