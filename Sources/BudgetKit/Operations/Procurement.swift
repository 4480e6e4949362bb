import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// Government procurement (政府采购).
extension ProjectSession {
    // MARK: - Procurement

    static let procurementColumns: [String: [String]] = [
        "unit": ["unit", "单位编码"], "project": ["project", "项目名称", "政府采购项目来源"], "budget": ["budget", "预算资金"],
        "item": ["item", "采购物品名称", "采购品目"], "code": ["code", "政府采购目录序号", "采购目录序号", "采购目录编码"],
        "measure": ["measure", "计量单位"], "quantity": ["quantity", "数量"], "price": ["price", "单价"], "total": ["total", "合计", "政府采购金额"],
        "general": ["general", "一般公共预算拨款"], "fund": ["fund", "基金预算拨款", "政府性基金预算拨款"], "soe": ["soe", "国有资本经营预算拨款"],
        "special": ["special", "财政专户核拨", "财政专户管理资金"], "unit-funds": ["unit-funds", "单位资金"], "carryover": ["carryover", "财政拨款结转"],
        "other-carryover": ["other-carryover", "非财政拨款结转结余"], "sme": ["sme", "预留中小微企业份额", "中小微企业份额"],
    ]

    /// The column names (for messages): CSV headers, or command-line options.
    public enum Naming: Sendable {
        case csv
        case options

        func name(_ key: String, _ chinese: String) -> String {
            self == .csv ? chinese : "--\(key)（\(chinese)）"
        }
    }

    /// A procurement row from named values; problems name the file and line, or the options.
    /// - Parameter projects: every project's name and the amount of its line items.
    static func procurementRow(
        _ values: [String: String], unit: Money.InputUnit, projects: [String: Fen], units: Set<String>, naming: Naming, file: String?, line: Int?
    ) -> (ProcurementRow?, [InputProblem]) {
        var problems: [InputProblem] = []
        func problem(_ key: String, _ value: String?, _ message: String) {
            let chinese = Self.procurementColumns[key]?[1] ?? key
            problems.append(InputProblem(file: file, line: line, column: naming.name(key, chinese), value: value, message: message))
        }
        func amount(_ key: String) -> Fen? {
            guard let text = values[key], !text.isEmpty else { return nil }
            do {
                return try Money.parse(text, unit: unit)
            } catch {
                // The reason reads on from its subject: “金额的小数位太多”.
                problem(key, text, "金额" + error.reason)
                return nil
            }
        }
        // Full-width digits read as every route reads them.
        let unitCode = FieldRules.unitCode(values["unit"] ?? "")
        if unitCode.isEmpty { problem("unit", nil, "不能为空") } else if !units.contains(unitCode) { problem("unit", unitCode, "项目文件中没有这个单位") }
        let source = values["project"] ?? ""
        let isProject = projects[source] != nil
        let budget = amount("budget")
        let folded = Vocabulary.fold(source)
        if source.isEmpty {
            problem("project", nil, "不能为空：填项目名称，基本支出安排的采购填来源名称（如“公用类项目（三保）”）并填预算资金")
        } else if !isProject,
            let near = projects.keys.sorted().first(where: { name in
                let other = Vocabulary.fold(name)
                return other == folded || (min(other.count, folded.count) >= 4 && (other.contains(folded) || folded.contains(other)))
            })
        {
            // A misspelt project would otherwise pass as a source of 基本支出 with its own budget.
            problem("project", source, "不是项目文件中的项目；是否是“\(near)”？项目名称要与预算明细中的完全一致")
        } else if !isProject && budget == nil && values["budget"].map({ $0.isEmpty }) ?? true {
            problem("project", source, "不是项目文件中的项目；如果是基本支出安排的采购（如“公用类项目（三保）”），请同时填写预算资金")
        } else if !isProject {
            problems += Self.textProblems([(naming.name("project", "项目名称"), source, true)], file: file, line: line, maximumLength: 200)
        }
        if isProject, let budget, let items = projects[source], budget != items {
            // The budget of a project is its line items; a different figure in the file is a mistake somewhere.
            let shown = { (fen: Fen) in Money.formatHundredths(unit == .wan ? Money.wanHundredths(fen) : fen) }
            problem("budget", values["budget"], "与项目“\(source)”预算明细的合计 \(shown(items)) 不一致（项目的预算资金取明细合计，可不填）")
        }
        for (key, text, required) in [("item", values["item"] ?? "", true), ("measure", values["measure"] ?? "", true)] {
            let chinese = Self.procurementColumns[key]![1]
            problems += Self.textProblems([(naming.name(key, chinese), text, required)], file: file, line: line, maximumLength: 200)
        }
        let code = values["code"] ?? ""
        let codeValid =
            code.count >= 2 && code.count <= 20 && "ABC".contains(code.first!) && code.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
        if !codeValid { problem("code", code.isEmpty ? nil : code, "应为政府采购目录序号：A（货物）、B（工程）或 C（服务）加数字，如 A02010108") }
        let quantity = values["quantity"] ?? ""
        if ProcurementRow.thousandths(quantity) == nil { problem("quantity", quantity.isEmpty ? nil : quantity, "应为数字，最多三位小数，如 1 或 2.5") }
        let price = amount("price")
        if price == nil && (values["price"] ?? "").isEmpty { problem("price", nil, "不能为空") }
        var amounts: [ProcurementFunding: Fen] = [:]
        for funding in ProcurementFunding.allCases {
            if let fen = amount(funding.rawValue), fen != 0 { amounts[funding] = fen }
        }
        let sme = amount("sme") ?? 0
        let row = ProcurementRow(
            unitCode: unitCode, project: isProject ? source : nil, sourceName: isProject ? "" : source, sourceBudget: isProject ? nil : budget,
            item: values["item"] ?? "", catalogueCode: code, measure: values["measure"] ?? "", quantity: quantity, unitPrice: price ?? 0,
            amounts: amounts, smeShare: sme)
        if problems.isEmpty && amounts.isEmpty {
            problem("general", nil, "采购金额都是空的：请在资金来源的列（一般公共预算拨款等）填写金额")
        }
        if let total = amount("total"), problems.isEmpty, total != row.total {
            problem("total", values["total"], "合计与各资金来源之和 \(Money.formatHundredths(unit == .wan ? Money.wanHundredths(row.total) : row.total)) 不一致")
        }
        return problems.isEmpty ? (row, []) : (nil, problems)
    }

    /// Every project's name with the amount of its line items (0 for none).
    static func projectAmounts(_ reader: ProjectReader) throws -> [String: Fen] {
        let totals = try reader.projectTotals()
        return Dictionary(try reader.projects().map { ($0.name, totals[$0.name]?.amount ?? 0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Imports procurement rows from CSV, after those already there (or instead, with `replace`).
    public func importProcurement(from csvPath: String, unit: Money.InputUnit, replace: Bool, encoding: EncodingChoice? = nil)
        throws -> [ProcurementRow]
    {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try InputFiles.readTable(
            csvPath, columns: Self.procurementColumns, required: ["unit", "project", "item", "code", "measure", "quantity", "price"],
            encoding: encoding)
        let project = projectFile
        let (projects, units) = try project.read { (try Self.projectAmounts($0), Set(try $0.units().map(\.code))) }
        var rows: [ProcurementRow] = []
        var problems: [InputProblem] = []
        for (line, values) in table {
            let (row, found) = Self.procurementRow(values, unit: unit, projects: projects, units: units, naming: .csv, file: file, line: line)
            problems += found
            if let row { rows.append(row) }
        }
        try problems.throwIfAny()
        try project.write { writer in
            if replace { try writer.deleteProcurement(ids: nil) }
            let ids = try writer.insertProcurement(rows)
            for index in rows.indices { rows[index].id = ids[index] }
        }
        return rows
    }

    /// Adds one procurement row given as option values.
    public func addProcurement(values: [String: String], unit: Money.InputUnit) throws -> ProcurementRow {
        try projectFile.write { writer in
            let projects = try Self.projectAmounts(writer.reader)
            let units = Set(try writer.reader.units().map(\.code))
            let (row, problems) = Self.procurementRow(values, unit: unit, projects: projects, units: units, naming: .options, file: nil, line: nil)
            guard var row else { throw InputProblems(problems) }
            row.id = try writer.insertProcurement([row]).first
            return row
        }
    }

    public func removeProcurement(ids: [Int64]?) throws {
        try projectFile.write { try $0.deleteProcurement(ids: ids) }
    }

    public func procurement() throws -> [ProcurementRow] {
        try projectFile.read { try $0.procurement() }
    }
}
