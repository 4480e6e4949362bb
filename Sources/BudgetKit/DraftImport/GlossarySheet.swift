import BudgetModel
import BudgetStore

/// The 名词解释 sheet, by the rules of `budget glossary import`. A project that follows the
/// standard entries and gets them back unchanged keeps following them.
struct GlossarySheet {
    var entries: [GlossaryEntry] = []
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets) {
        guard sheets.has(.glossary) else { return }
        let entryRows = sheets.rows(.glossary)
        for (line, values) in DraftSheets.numbered(entryRows) {
            let entry = GlossaryEntry(term: values["term"] ?? "", text: values["text"] ?? "")
            let found =
                ProjectSession.textProblems([("名词", entry.term, true)], file: nil, line: line, maximumLength: 200)
                + ProjectSession.textProblems([("解释", entry.text, true)], file: nil, line: line)
            problems += sheets.locate(found, entryRows, .glossary)
            entries.append(entry)
        }
        if entryRows.isEmpty {
            problems.append(
                InputProblem(
                    file: sheets.file, message: "“\(sheets.firstSheet(.glossary) ?? "")”表中没有名词解释：请填写，或删去这张表（项目中的名词解释就保持不变）",
                    sheet: sheets.firstSheet(.glossary)))
        }
    }

    /// The glossary replaced by the sheet's, unless it is what the project shows already.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        guard sheets.has(.glossary), try writer.reader.document().glossary != entries else { return }
        try writer.setGlossary(entries)
    }
}
