import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// The statement's texts, by section.
extension ProjectSession {
    // MARK: - Texts

    /// Replaces a section's paragraphs with the non-empty lines of `text`.
    public func setText(section: TextSection, text: String, file: String? = nil) throws -> [String] {
        let paragraphs = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var problems: [InputProblem] = []
        for (index, paragraph) in paragraphs.enumerated() {
            if let problem = TextRules.nameProblem(paragraph, maximumLength: 5000) {
                problems.append(InputProblem(file: file, line: index + 1, column: section.chineseName, value: paragraph, message: "段落" + problem))
            }
        }
        try problems.throwIfAny()
        try projectFile.write { try $0.setParagraphs(section, paragraphs) }
        return paragraphs
    }
}
