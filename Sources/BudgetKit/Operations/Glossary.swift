import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// The glossary (名词解释).
extension ProjectSession {
    // MARK: - Glossary and settings

    /// Replaces the glossary with a CSV file's entries (名词,解释).
    public func importGlossary(from csvPath: String, encoding: EncodingChoice? = nil) throws -> [GlossaryEntry] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        var problems: [InputProblem] = []
        let entries = try InputFiles.readTable(
            csvPath, columns: ["term": ["term", "名词"], "text": ["text", "解释"]], required: ["term", "text"], encoding: encoding
        ).map { line, values in
            let entry = GlossaryEntry(term: values["term"] ?? "", text: values["text"] ?? "")
            problems += Self.textProblems([("名词", entry.term, true)], file: file, line: line, maximumLength: 200)
            problems += Self.textProblems([("解释", entry.text, true)], file: file, line: line)
            return entry
        }
        try problems.throwIfAny()
        if entries.isEmpty { throw InputProblem(file: file, message: "文件中没有名词解释") }
        try projectFile.write { try $0.setGlossary(entries) }
        return entries
    }

    /// Adds an entry to the glossary, or replaces the one with the same term; returns whether it
    /// replaced one. The standard entries are the starting point of a project that has none of its own.
    @discardableResult
    public func setGlossaryEntry(_ entry: GlossaryEntry) throws -> Bool {
        try
            (Self.textProblems([("--term（名词）", entry.term, true)], file: nil, line: nil, maximumLength: 200)
            + Self.textProblems([("--text（解释）", entry.text, true)], file: nil, line: nil)).throwIfAny()
        return try projectFile.write { writer in
            var entries = try writer.reader.document().glossary
            let replaced = entries.firstIndex { $0.term == entry.term }
            if let replaced { entries[replaced] = entry } else { entries.append(entry) }
            try writer.setGlossary(entries)
            return replaced != nil
        }
    }

    /// Removes the entry with a term.
    public func removeGlossaryEntry(term: String) throws {
        try projectFile.write { writer in
            var entries = try writer.reader.document().glossary
            guard let index = entries.firstIndex(where: { $0.term == term }) else {
                throw InputProblem(column: "--term（名词）", value: term, message: "名词解释中没有这一条（用 budget glossary list 查看）")
            }
            entries.remove(at: index)
            guard !entries.isEmpty else {
                throw InputProblem(column: "--term（名词）", value: term, message: "这是最后一条名词解释，不能删除；要换成标准条目请用 budget glossary reset")
            }
            try writer.setGlossary(entries)
        }
    }

    /// Goes back to the standard glossary.
    public func resetGlossary() throws {
        try projectFile.write { try $0.setGlossary([]) }
    }
}
