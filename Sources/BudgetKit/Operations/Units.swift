import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// The units of the department.
extension ProjectSession {
    // MARK: - Units

    /// Adds a unit; its code read as every route reads one (“３０１００３” is 301003). Returns it as stored.
    @discardableResult
    public func addUnit(_ unit: BudgetUnit) throws -> BudgetUnit {
        var unit = unit
        unit.code = FieldRules.unitCode(unit.code)
        try Self.validate(unit, file: nil, line: nil).throwIfAny()
        try projectFile.write { try $0.insertUnit(unit) }
        return unit
    }

    public func units() throws -> [BudgetUnit] {
        try projectFile.read { try $0.units() }
    }

    public func removeUnit(code: String) throws {
        _ = try projectFile.write { try $0.deleteUnit(code: FieldRules.unitCode(code)) }
    }

    static func validate(_ unit: BudgetUnit, file: String?, line: Int?) -> [InputProblem] {
        var problems: [InputProblem] = []
        if let problem = TextRules.codeProblem(unit.code) {
            problems.append(InputProblem(file: file, line: line, column: "单位编码", value: unit.code, message: "单位编码" + problem))
        }
        for (column, text) in [("单位名称", unit.name), ("单位规格", unit.level), ("经费保障形式", unit.fundingForm)] where !(text.isEmpty && column != "单位名称") {
            if let problem = TextRules.nameProblem(text) {
                problems.append(InputProblem(file: file, line: line, column: column, value: text, message: column + problem))
            }
        }
        return problems
    }

    /// Imports units from CSV (`code,name,nature,level,funding_form` or the Chinese headers).
    public func importUnits(from csvPath: String, encoding: EncodingChoice? = nil) throws -> [BudgetUnit] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try InputFiles.readTable(csvPath, columns: UnitColumns.all, required: ["code", "name", "nature"], encoding: encoding)
        var (units, problems) = Self.unitRows(table, file: file)
        let project = projectFile
        let existing = Set(try project.read { try $0.units() }.map(\.code))
        // `units` skips rows without a valid 单位性质: each unit's line is found by its code.
        for unit in units where existing.contains(unit.code) {
            let line = table.first { FieldRules.unitCode($0.values["code"] ?? "") == unit.code }?.line
            problems.append(InputProblem(file: file, line: line, column: "单位编码", value: unit.code, message: "项目中已经有这个单位编码了"))
        }
        try problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.throwIfAny()
        try project.write { writer in
            for unit in units { try writer.insertUnit(unit) }
        }
        return units
    }

    /// The units of a table's rows, checked one by one and against each other (a code given
    /// twice); a row with an unknown 单位性质 gives no unit, so `units` may be shorter than `table`
    /// only when there are problems.
    static func unitRows(_ table: [(line: Int, values: [String: String])], file: String?) -> (units: [BudgetUnit], problems: [InputProblem]) {
        var units: [BudgetUnit] = []
        var problems: [InputProblem] = []
        var seen: Set<String> = []
        for (line, values) in table {
            let natureText = values["nature"] ?? ""
            guard let nature = Vocabulary.unitNature(natureText) else {
                problems.append(InputProblem(file: file, line: line, column: "单位性质", value: natureText, message: "单位性质应为 行政、事业 或 参公"))
                continue
            }
            let unit = BudgetUnit(
                code: FieldRules.unitCode(values["code"] ?? ""), name: values["name"] ?? "", nature: nature, level: values["level"] ?? "",
                fundingForm: values["funding_form"] ?? "")
            problems += Self.validate(unit, file: file, line: line)
            if !seen.insert(unit.code).inserted {
                problems.append(InputProblem(file: file, line: line, column: "单位编码", value: unit.code, message: "文件中单位编码重复"))
            }
            units.append(unit)
        }
        return (units, problems)
    }

    enum UnitColumns {
        static let all: [String: [String]] = [
            "code": ["code", "单位编码"], "name": ["name", "单位名称"], "nature": ["nature", "单位性质"],
            "level": ["level", "单位规格"], "funding_form": ["funding_form", "经费保障形式"],
        ]
    }
}
