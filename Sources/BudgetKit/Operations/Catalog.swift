import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension ProjectSession {
    // MARK: - Catalog

    /// Loads the finance bureau's code list for the year (`code,name`); its names then win.
    public func importCatalog(from csvPath: String, encoding: EncodingChoice? = nil) throws -> [CodeKind: Int] {
        let entries = try Self.readCatalog(from: csvPath, encoding: encoding)
        try projectFile.write { try $0.setCodeNames(entries, origin: .bureau) }
        return Dictionary(grouping: entries, by: \.kind).mapValues(\.count)
    }

    /// A finance bureau's code list (`科目编码,科目名称`), every bad row located.
    public static func readCatalog(from csvPath: String, encoding: EncodingChoice? = nil) throws -> [CatalogEntry] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let rows = try InputFiles.readTable(
            csvPath,
            columns: ["code": ["code", "科目编码", "编码"], "name": ["name", "科目名称", "名称"], "level": ["level", "级次"], "parent": ["parent", "上级编码"]],
            required: ["code", "name"], encoding: encoding)
        var entries: [CatalogEntry] = []
        var problems: [InputProblem] = []
        for (line, values) in rows {
            let code = values["code"] ?? ""
            let name = values["name"] ?? ""
            let digits = code.allSatisfy { $0.isASCII && $0.isNumber }
            let kind: CodeKind? =
                digits && code.hasPrefix("2") && [3, 5, 7].contains(code.count)
                ? .functional
                : digits && code.hasPrefix("3") && [3, 5].contains(code.count) ? .economic : nil
            guard let kind else {
                problems.append(
                    InputProblem(file: file, line: line, column: "科目编码", value: code, message: "应为功能分类（2 开头，3/5/7 位）或部门经济分类（3 开头，3/5 位）编码"))
                continue
            }
            if let problem = TextRules.nameProblem(name) {
                problems.append(InputProblem(file: file, line: line, column: "科目名称", value: name, message: "名称" + problem))
                continue
            }
            entries.append(CatalogEntry(kind: kind, code: code, name: name))
        }
        try problems.throwIfAny()
        return entries
    }
}
