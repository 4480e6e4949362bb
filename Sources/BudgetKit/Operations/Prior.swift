import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// Last year's figures and the reasons for changes.
extension ProjectSession {
    // MARK: - Last year's figures

    static let priorColumns: [String: [String]] = [
        "item": ["item", "项目"], "amount": ["amount", "上年预算数", "上年金额", "金额"], "reason": ["reason", "增减原因", "原因"],
    ]

    /// Sets last year's figure and/or reason of one item (nil leaves a part; "" clears it).
    public func setPrior(item: PriorItem, amount: String?, reason: String?, amountUnit: Money.InputUnit) throws {
        var problems: [InputProblem] = []
        let fen = Self.priorAmount(item, amount, unit: amountUnit, column: "--amount（上年预算数）", file: nil, line: nil, problems: &problems)
        problems += Self.textProblems([("--reason（增减原因）", reason ?? "", false)], file: nil, line: nil, maximumLength: 500)
        try problems.throwIfAny()
        try projectFile.write { try $0.setPrior(item, amount: fen, reason: reason) }
    }

    static func priorAmount(
        _ item: PriorItem, _ text: String?, unit: Money.InputUnit, column: String, file: String?, line: Int?, problems: inout [InputProblem]
    ) -> Fen?? {
        guard let text else { return .none }
        if text.isEmpty { return .some(nil) }
        if item == .threePublic {
            problems.append(
                InputProblem(file: file, line: line, column: column, value: text, message: "“三公”经费的上年数由四个分项相加，请分别填写因公出国（境）费、公务用车购置费、公务用车运行费和公务接待费"))
            return .none
        }
        do {
            return .some(try Money.parse(text, unit: unit))
        } catch {
            problems.append(InputProblem(file: file, line: line, column: column, value: text, message: error.reason))
            return .none
        }
    }

    /// Sets last year's figures from CSV (项目,上年预算数,增减原因); items not in the file stay.
    public func importPrior(from csvPath: String, unit: Money.InputUnit, encoding: EncodingChoice? = nil) throws -> [PriorItem] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try InputFiles.readTable(csvPath, columns: Self.priorColumns, required: ["item"], encoding: encoding)
        let (changes, problems) = Self.priorChanges(table, unit: unit, file: file)
        try problems.throwIfAny()
        try projectFile.write { writer in
            for (item, amount, reason) in changes { try writer.setPrior(item, amount: amount, reason: reason) }
        }
        return changes.map(\.0)
    }

    /// Last year's figures of a table's rows (an item given twice is a problem): for each item,
    /// its amount (nil: leave it; .some(nil): clear it) and its reason (nil: leave it).
    static func priorChanges(_ table: [(line: Int, values: [String: String])], unit: Money.InputUnit, file: String?) -> (
        changes: [(PriorItem, Fen??, String?)], problems: [InputProblem]
    ) {
        var problems: [InputProblem] = []
        var changes: [(PriorItem, Fen??, String?)] = []
        var seen: Set<PriorItem> = []
        for (line, values) in table {
            let text = values["item"] ?? ""
            guard let item = PriorItem.parse(text) else {
                problems.append(
                    InputProblem(
                        file: file, line: line, column: "项目", value: text,
                        message: "应为 " + PriorItem.allCases.map(\.chineseName).joined(separator: "、")))
                continue
            }
            if !seen.insert(item).inserted {
                problems.append(InputProblem(file: file, line: line, column: "项目", value: text, message: "文件中重复"))
            }
            let amount = item == .threePublic && (values["amount"] ?? "").isEmpty ? nil : values["amount"]
            let fen = Self.priorAmount(item, amount, unit: unit, column: "上年预算数", file: file, line: line, problems: &problems)
            let reason = values["reason"]
            problems += Self.textProblems([("增减原因", reason ?? "", false)], file: file, line: line, maximumLength: 500)
            changes.append((item, fen, reason))
        }
        return (changes, problems)
    }
}
