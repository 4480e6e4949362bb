import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension Workbench {
    // MARK: - The whole document: computed together

    /// The nine tables, the document's tables, the statement's figures and the statement, from
    /// one read of the project: the disclosure (``DisclosurePipeline``).
    public typealias Document = Disclosure

    static func compose(
        _ project: ProjectFile, template choice: String? = nil, variant: String? = nil, checking: DisclosurePipeline.Checking = .none,
        locate: @escaping Checks.ItemLocator = { _ in [] }
    ) throws -> Disclosure {
        try compose(project, using: try template(project, choice: choice, variant: variant), checking: checking, locate: locate)
    }

    /// Reads the project into one ``DisclosureInput`` and runs the pipeline: the only place a
    /// disclosure is composed from a project file.
    static func compose(
        _ project: ProjectFile, using template: Template, scope: DisclosurePipeline.Scope = .whole,
        checking: DisclosurePipeline.Checking = .none, locate: @escaping Checks.ItemLocator = { _ in [] }
    ) throws -> Disclosure {
        let input = try project.read { reader in
            let document = try reader.document()
            return DisclosureInput(data: try reportData(reader, template, scope: document.operationCostScope), document: document, template: template)
        }
        return try DisclosurePipeline.run(input, scope: scope, checking: checking, locate: locate)
    }

    /// `template`: a built-in name or a template file; nil for the project's default.
    public static func document(_ path: String, template: String? = nil, variant: String? = nil) throws -> Document {
        try compose(try ProjectFile.open(at: path), template: template, variant: variant)
    }

    /// The totals a template's tables need, with the scope of 机关运行经费 (the template's, else
    /// the project's) and, when only 行政 and 参公 units count, their 公用经费.
    static func reportData(_ reader: ProjectReader, _ template: Template, scope: OperationCostScope) throws -> BudgetData {
        var data = try reader.data(full: template.needsFullTotals)
        data.operationCostScope = template.operationCostScope.flatMap(OperationCostScope.init(rawValue:)) ?? scope
        if data.operationCostScope == .administrative { data.publicFundsByUnitNature = try reader.publicFundsByUnitNature() }
        return data
    }

    /// What the clerk entered for the document (texts, goals, targets, glossary, settings), read
    /// without computing any table: for listing it.
    public static func documentData(_ path: String) throws -> DocumentData {
        try ProjectFile.open(at: path).read { try $0.document() }
    }

    /// Writes the statement as Markdown (to `output`, atomically), and returns it. While `check`
    /// finds errors, it opens with the same “未经校验” warning an unchecked workbook carries.
    @discardableResult
    public static func narrative(
        _ path: String, to output: String?, template: String? = nil, variant: String? = nil, overwrite: Bool = false
    ) throws -> String {
        let result = try check(path, template: template, variant: variant)
        var text = result.narrative.markdown(result.reports)
        if let stamp = stamp(result) {
            text = "> **\(stamp)**（请先用 budget check 查看并改正）\n\n" + text
        }
        if let output { try writeAtomically(Data(text.utf8), to: output, overwrite: overwrite) }
        return text
    }

    /// Writes a text file (UTF-8) through a temporary file and a rename: never half written, and
    /// never over a folder or a project file.
    static func writeAtomically(_ text: String, to output: String) throws {
        try writeAtomically(Data(text.utf8), to: output)
    }

    // MARK: - Texts

    /// Replaces a section's paragraphs with the non-empty lines of `text`.
    public static func setText(_ path: String, section: TextSection, text: String, file: String? = nil) throws -> [String] {
        let paragraphs = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var problems: [InputProblem] = []
        for (index, paragraph) in paragraphs.enumerated() {
            if let problem = TextRules.nameProblem(paragraph, maximumLength: 5000) {
                problems.append(InputProblem(file: file, line: index + 1, column: section.chineseName, value: paragraph, message: "段落" + problem))
            }
        }
        try problems.throwIfAny()
        try ProjectFile.open(at: path).write { try $0.setParagraphs(section, paragraphs) }
        return paragraphs
    }

    /// Reads a text file (UTF-8 or GB18030) or standard input ("-").
    public static func readText(_ file: String, encoding: EncodingChoice? = nil) throws -> String {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try readFile(file)
        do {
            return try TextDecoding.decode(data, as: encoding).text
        } catch {
            throw error.problem(file: file)
        }
    }

    // MARK: - Department goals (分项绩效目标)

    static let goalColumns: [String: [String]] = [
        "name": ["name", "名称", "目标名称"], "goal": ["goal", "绩效目标"], "indicators": ["indicators", "绩效指标"],
    ]

    /// Replaces the department's itemised goals with those of a CSV file.
    public static func importGoals(_ path: String, from csvPath: String, encoding: EncodingChoice? = nil) throws -> [DepartmentGoal] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        var problems: [InputProblem] = []
        let goals = try readTable(csvPath, columns: goalColumns, required: ["name", "goal", "indicators"], encoding: encoding).map { line, values in
            let goal = DepartmentGoal(name: values["name"] ?? "", goal: values["goal"] ?? "", indicators: values["indicators"] ?? "")
            problems += textProblems([("名称", goal.name, true)], file: file, line: line, maximumLength: 200)
            problems += textProblems([("绩效目标", goal.goal, true), ("绩效指标", goal.indicators, true)], file: file, line: line)
            return goal
        }
        try problems.throwIfAny()
        try ProjectFile.open(at: path).write { try $0.setDepartmentGoals(goals) }
        return goals
    }

    public static func addGoal(_ path: String, _ goal: DepartmentGoal) throws {
        try
            (textProblems([("--name（名称）", goal.name, true)], file: nil, line: nil, maximumLength: 200)
            + textProblems([("--goal（绩效目标）", goal.goal, true), ("--indicators（绩效指标）", goal.indicators, true)], file: nil, line: nil))
            .throwIfAny()
        try ProjectFile.open(at: path).write { writer in
            var goals = try writer.reader.document().departmentGoals
            if goals.contains(where: { $0.name == goal.name }) {
                throw InputProblem(column: "--name（名称）", value: goal.name, message: "已经有这个分项绩效目标了")
            }
            goals.append(goal)
            try writer.setDepartmentGoals(goals)
        }
    }

    public static func removeGoal(_ path: String, name: String) throws {
        try ProjectFile.open(at: path).write { writer in
            var goals = try writer.reader.document().departmentGoals
            guard let index = goals.firstIndex(where: { $0.name == name }) else {
                throw InputProblem(column: "--name（名称）", value: name, message: "没有这个分项绩效目标（用 budget goal list 查看）")
            }
            goals.remove(at: index)
            try writer.setDepartmentGoals(goals)
        }
    }

    /// Problems of free-text cells: one line, not too long, present when required.
    static func textProblems(_ cells: [(column: String, text: String, required: Bool)], file: String?, line: Int?, maximumLength: Int = 2000)
        -> [InputProblem]
    {
        var problems: [InputProblem] = []
        for cell in cells {
            if cell.text.isEmpty {
                if cell.required { problems.append(InputProblem(file: file, line: line, column: cell.column, message: "不能为空")) }
                continue
            }
            if let problem = TextRules.nameProblem(cell.text, maximumLength: maximumLength) {
                problems.append(InputProblem(file: file, line: line, column: cell.column, value: cell.text, message: problem))
            }
        }
        return problems
    }

    // MARK: - Projects: goal and declared amount

    /// Changes a project's goal text or declared amount (nil leaves it; an empty amount clears it).
    public static func setProject(_ path: String, name: String, goal: String?, amount: String?, amountUnit: Money.InputUnit) throws {
        var problems = textProblems([("--goal（绩效目标）", goal ?? "", false)], file: nil, line: nil)
        var declared: Fen??
        if let amount {
            if amount.isEmpty {
                declared = .some(nil)
            } else {
                do {
                    declared = .some(try Money.parse(amount, unit: amountUnit))
                } catch {
                    problems.append(InputProblem(column: "--amount（项目金额）", value: amount, message: error.reason))
                }
            }
        }
        try problems.throwIfAny()
        try ProjectFile.open(at: path).write { writer in
            _ = try writer.projectID(name)
            if let goal { try writer.setProjectGoal(name, goal: goal) }
            if let declared { try writer.setProjectDeclaredAmount(name, declared) }
        }
    }

    // MARK: - Performance indicators

    static let indicatorColumns: [String: [String]] = [
        "project": ["project", "项目名称", "项目"], "goal": ["goal", "绩效目标"], "level1": ["level1", "一级指标"],
        "level2": ["level2", "二级指标"], "level3": ["level3", "三级指标"], "description": ["description", "绩效指标描述", "指标描述"],
        "value": ["value", "指标值"], "basis": ["basis", "指标值确定依据", "确定依据"],
    ]

    public struct IndicatorImport: Sendable {
        /// Project name → number of indicator rows now in its table, in file order.
        public var projects: [(name: String, count: Int)]
    }

    /// Replaces the performance-target tables of the projects a CSV file names (other projects
    /// keep theirs). A blank 一级指标 continues the one above, as in a sheet with merged cells.
    public static func importIndicators(_ path: String, from csvPath: String, encoding: EncodingChoice? = nil) throws -> IndicatorImport {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try readTable(
            csvPath, columns: indicatorColumns, required: ["project", "level1", "level2", "level3", "value"], encoding: encoding)
        let project = try ProjectFile.open(at: path)
        let known = Set(try project.read { try $0.projects() }.map(\.name))
        let (order, indicators, goals, problems) = indicatorTables(table, projects: known, file: file)
        try problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.throwIfAny()
        try project.write { writer in
            for name in order {
                try writer.setIndicators(name, indicators[name]!)
                if let goal = goals[name] { try writer.setProjectGoal(name, goal: goal.text) }
            }
        }
        return IndicatorImport(projects: order.map { ($0, indicators[$0]!.count) })
    }

    /// The performance-target tables of a table's rows: the projects in order of first use, each
    /// project's rows, the goal a project's rows give (with the line that gave it first), and the
    /// problems. `projects` are the names a row may use.
    static func indicatorTables(_ table: [(line: Int, values: [String: String])], projects known: Set<String>, file: String?) -> (
        order: [String], indicators: [String: [PerformanceIndicator]], goals: [String: (text: String, line: Int)], problems: [InputProblem]
    ) {
        var order: [String] = []
        var indicators: [String: [PerformanceIndicator]] = [:]
        var goals: [String: (text: String, line: Int)] = [:]
        var problems: [InputProblem] = []
        var previous: (project: String, level: IndicatorLevel)?
        for (line, values) in table {
            let name = values["project"] ?? ""
            guard !name.isEmpty else {
                problems.append(InputProblem(file: file, line: line, column: "项目名称", message: "不能为空"))
                continue
            }
            if !known.contains(name) {
                problems.append(InputProblem(file: file, line: line, column: "项目名称", value: name, message: "项目文件中没有这个项目（项目名称要与预算明细中的一致）"))
                continue
            }
            if indicators[name] == nil {
                order.append(name)
                indicators[name] = []
            }
            if let goal = values["goal"], !goal.isEmpty {
                if let earlier = goals[name], earlier.text != goal {
                    problems.append(InputProblem(file: file, line: line, column: "绩效目标", value: goal, message: "与第 \(earlier.line) 行写的这个项目的绩效目标不同"))
                } else {
                    goals[name] = (goal, line)
                }
            }
            let levelText = values["level1"] ?? ""
            let level: IndicatorLevel
            if levelText.isEmpty, let previous, previous.project == name {
                level = previous.level
            } else if let parsed = IndicatorLevel.parse(levelText) {
                level = parsed
            } else {
                problems.append(
                    InputProblem(
                        file: file, line: line, column: "一级指标", value: levelText.isEmpty ? nil : levelText,
                        message: levelText.isEmpty ? "不能为空（项目的第一行要写明）" : "应为 产出指标、效益指标 或 满意度指标"))
                continue
            }
            previous = (name, level)
            let indicator = PerformanceIndicator(
                level1: level, level2: values["level2"] ?? "", level3: values["level3"] ?? "", description: values["description"] ?? "",
                value: values["value"] ?? "", basis: values["basis"] ?? "")
            problems += textProblems(
                [
                    ("二级指标", indicator.level2, true), ("三级指标", indicator.level3, true), ("绩效指标描述", indicator.description, false),
                    ("指标值", indicator.value, true), ("指标值确定依据", indicator.basis, false),
                ], file: file, line: line, maximumLength: 200)
            indicators[name]!.append(indicator)
        }
        for (name, goal) in goals {
            problems += textProblems([("绩效目标", goal.text, false)], file: file, line: goal.line)
            _ = name
        }
        return (order, indicators, goals, problems)
    }

    /// Adds an indicator row at the end of a project's table.
    public static func addIndicator(_ path: String, project name: String, _ indicator: PerformanceIndicator) throws -> Int {
        try textProblems(
            [
                ("--level2（二级指标）", indicator.level2, true), ("--level3（三级指标）", indicator.level3, true),
                ("--description（绩效指标描述）", indicator.description, false), ("--value（指标值）", indicator.value, true),
                ("--basis（指标值确定依据）", indicator.basis, false),
            ], file: nil, line: nil, maximumLength: 200
        ).throwIfAny()
        return try ProjectFile.open(at: path).write { writer in
            let rows = try writer.indicators(name) + [indicator]
            try writer.setIndicators(name, rows)
            return rows.count
        }
    }

    /// Removes one indicator row (1-based) or, with nil, the project's whole table (its goal too).
    public static func removeIndicators(_ path: String, project name: String, row: Int?) throws {
        try ProjectFile.open(at: path).write { writer in
            var rows = try writer.indicators(name)
            if let row {
                guard rows.indices.contains(row - 1) else {
                    throw InputProblem(column: "--row（行号）", value: String(row), message: "这个项目的绩效目标表只有 \(rows.count) 行")
                }
                rows.remove(at: row - 1)
            } else {
                rows = []
                try writer.setProjectGoal(name, goal: "")
            }
            try writer.setIndicators(name, rows)
        }
    }

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
            let chinese = procurementColumns[key]?[1] ?? key
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
        let unitCode = values["unit"] ?? ""
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
            problems += textProblems([(naming.name("project", "项目名称"), source, true)], file: file, line: line, maximumLength: 200)
        }
        if isProject, let budget, let items = projects[source], budget != items {
            // The budget of a project is its line items; a different figure in the file is a mistake somewhere.
            let shown = { (fen: Fen) in Money.formatHundredths(unit == .wan ? Money.wanHundredths(fen) : fen) }
            problem("budget", values["budget"], "与项目“\(source)”预算明细的合计 \(shown(items)) 不一致（项目的预算资金取明细合计，可不填）")
        }
        for (key, text, required) in [("item", values["item"] ?? "", true), ("measure", values["measure"] ?? "", true)] {
            let chinese = procurementColumns[key]![1]
            problems += textProblems([(naming.name(key, chinese), text, required)], file: file, line: line, maximumLength: 200)
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
    public static func importProcurement(_ path: String, from csvPath: String, unit: Money.InputUnit, replace: Bool, encoding: EncodingChoice? = nil)
        throws -> [ProcurementRow]
    {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try readTable(
            csvPath, columns: procurementColumns, required: ["unit", "project", "item", "code", "measure", "quantity", "price"], encoding: encoding)
        let project = try ProjectFile.open(at: path)
        let (projects, units) = try project.read { (try projectAmounts($0), Set(try $0.units().map(\.code))) }
        var rows: [ProcurementRow] = []
        var problems: [InputProblem] = []
        for (line, values) in table {
            let (row, found) = procurementRow(values, unit: unit, projects: projects, units: units, naming: .csv, file: file, line: line)
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
    public static func addProcurement(_ path: String, values: [String: String], unit: Money.InputUnit) throws -> ProcurementRow {
        try ProjectFile.open(at: path).write { writer in
            let projects = try projectAmounts(writer.reader)
            let units = Set(try writer.reader.units().map(\.code))
            let (row, problems) = procurementRow(values, unit: unit, projects: projects, units: units, naming: .options, file: nil, line: nil)
            guard var row else { throw InputProblems(problems) }
            row.id = try writer.insertProcurement([row]).first
            return row
        }
    }

    public static func removeProcurement(_ path: String, ids: [Int64]?) throws {
        try ProjectFile.open(at: path).write { try $0.deleteProcurement(ids: ids) }
    }

    public static func procurement(_ path: String) throws -> [ProcurementRow] {
        try ProjectFile.open(at: path).read { try $0.procurement() }
    }

    // MARK: - Assets

    /// The asset fields a command may set, by option name; "" clears a field.
    public static func setAssets(_ path: String, changes: [String: String], amountUnit: Money.InputUnit) throws -> AssetHoldings {
        try ProjectFile.open(at: path).write { writer in
            let (assets, problems) = changedAssets(try writer.reader.assets(), changes: changes, amountUnit: amountUnit, naming: .options)
            try problems.throwIfAny()
            try writer.setAssets(assets)
            return assets
        }
    }

    /// The asset fields by key (`as-of`, `total`, … as the options of `asset set` name them) and
    /// their Chinese names.
    static let assetColumns: [(key: String, name: String)] = [
        ("as-of", "截止时间"), ("total", "资产总额"), ("building-area", "房屋面积"), ("office-area", "办公用房面积"),
        ("building-value", "房屋价值"), ("vehicles", "车辆数"), ("vehicle-value", "车辆价值"), ("equipment", "单价20万元以上设备数"),
        ("equipment-value", "单价20万元以上设备价值"), ("other-value", "其他固定资产价值"), ("planned", "本年拟购置固定资产"),
    ]

    /// The assets with the given fields changed ("" clears a field); problems name the options,
    /// or the columns of a sheet (`naming`).
    static func changedAssets(
        _ assets: AssetHoldings, changes: [String: String], amountUnit: Money.InputUnit, naming: Naming, file: String? = nil, line: Int? = nil
    ) -> (AssetHoldings, [InputProblem]) {
        var assets = assets
        var problems: [InputProblem] = []
        func problem(_ key: String, _ name: String, _ text: String, _ message: String) {
            problems.append(InputProblem(file: file, line: line, column: naming.name(key, name), value: text, message: message))
        }
        func amount(_ key: String, _ name: String) -> Fen?? {
            guard let text = changes[key] else { return .none }
            if text.isEmpty { return .some(nil) }
            do {
                return .some(try Money.parse(text, unit: amountUnit))
            } catch {
                problem(key, name, text, error.reason)
                return .none
            }
        }
        func count(_ key: String, _ name: String) -> Int?? {
            guard let text = changes[key] else { return .none }
            if text.isEmpty { return .some(nil) }
            guard let value = Int(Vocabulary.fold(text)), value >= 0, value < 1_000_000 else {
                problem(key, name, text, "应为不小于 0 的整数")
                return .none
            }
            return .some(value)
        }
        func area(_ key: String, _ name: String) -> String? {
            guard let text = changes[key] else { return nil }
            if text.isEmpty || ProcurementRow.thousandths(Vocabulary.fold(text)) != nil { return Vocabulary.fold(text) }
            problem(key, name, text, "应为面积的数字（平方米），如 1200 或 1200.5")
            return nil
        }
        if let asOf = changes["as-of"] {
            let valid = asOf.isEmpty || asOf.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil
            if valid {
                assets.asOf = asOf
            } else {
                problem("as-of", "截止时间", asOf, "应为日期，如 2022-12-31")
            }
        }
        if let value = amount("total", "资产总额") { assets.total = value }
        if let value = area("building-area", "房屋面积") { assets.buildingArea = value }
        if let value = area("office-area", "办公用房面积") { assets.officeArea = value }
        if let value = amount("building-value", "房屋价值") { assets.buildingValue = value }
        if let value = count("vehicles", "车辆数") { assets.vehicleCount = value }
        if let value = amount("vehicle-value", "车辆价值") { assets.vehicleValue = value }
        if let value = count("equipment", "单价20万元以上设备数") { assets.equipmentCount = value }
        if let value = amount("equipment-value", "单价20万元以上设备价值") { assets.equipmentValue = value }
        if let value = amount("other-value", "其他固定资产价值") { assets.otherValue = value }
        if let value = amount("planned", "本年拟购置固定资产") { assets.plannedPurchase = value }
        return (assets, problems)
    }

    // MARK: - Last year's figures

    static let priorColumns: [String: [String]] = [
        "item": ["item", "项目"], "amount": ["amount", "上年预算数", "上年金额", "金额"], "reason": ["reason", "增减原因", "原因"],
    ]

    /// Sets last year's figure and/or reason of one item (nil leaves a part; "" clears it).
    public static func setPrior(_ path: String, item: PriorItem, amount: String?, reason: String?, amountUnit: Money.InputUnit) throws {
        var problems: [InputProblem] = []
        let fen = priorAmount(item, amount, unit: amountUnit, column: "--amount（上年预算数）", file: nil, line: nil, problems: &problems)
        problems += textProblems([("--reason（增减原因）", reason ?? "", false)], file: nil, line: nil, maximumLength: 500)
        try problems.throwIfAny()
        try ProjectFile.open(at: path).write { try $0.setPrior(item, amount: fen, reason: reason) }
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
    public static func importPrior(_ path: String, from csvPath: String, unit: Money.InputUnit, encoding: EncodingChoice? = nil) throws -> [PriorItem]
    {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try readTable(csvPath, columns: priorColumns, required: ["item"], encoding: encoding)
        let (changes, problems) = priorChanges(table, unit: unit, file: file)
        try problems.throwIfAny()
        try ProjectFile.open(at: path).write { writer in
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
            let fen = priorAmount(item, amount, unit: unit, column: "上年预算数", file: file, line: line, problems: &problems)
            let reason = values["reason"]
            problems += textProblems([("增减原因", reason ?? "", false)], file: file, line: line, maximumLength: 500)
            changes.append((item, fen, reason))
        }
        return (changes, problems)
    }

    // MARK: - Glossary and settings

    /// Replaces the glossary with a CSV file's entries (名词,解释).
    public static func importGlossary(_ path: String, from csvPath: String, encoding: EncodingChoice? = nil) throws -> [GlossaryEntry] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        var problems: [InputProblem] = []
        let entries = try readTable(
            csvPath, columns: ["term": ["term", "名词"], "text": ["text", "解释"]], required: ["term", "text"], encoding: encoding
        ).map { line, values in
            let entry = GlossaryEntry(term: values["term"] ?? "", text: values["text"] ?? "")
            problems += textProblems([("名词", entry.term, true)], file: file, line: line, maximumLength: 200)
            problems += textProblems([("解释", entry.text, true)], file: file, line: line)
            return entry
        }
        try problems.throwIfAny()
        if entries.isEmpty { throw InputProblem(file: file, message: "文件中没有名词解释") }
        try ProjectFile.open(at: path).write { try $0.setGlossary(entries) }
        return entries
    }

    /// Adds an entry to the glossary, or replaces the one with the same term; returns whether it
    /// replaced one. The standard entries are the starting point of a project that has none of its own.
    @discardableResult
    public static func setGlossaryEntry(_ path: String, _ entry: GlossaryEntry) throws -> Bool {
        try
            (textProblems([("--term（名词）", entry.term, true)], file: nil, line: nil, maximumLength: 200)
            + textProblems([("--text（解释）", entry.text, true)], file: nil, line: nil)).throwIfAny()
        return try ProjectFile.open(at: path).write { writer in
            var entries = try writer.reader.document().glossary
            let replaced = entries.firstIndex { $0.term == entry.term }
            if let replaced { entries[replaced] = entry } else { entries.append(entry) }
            try writer.setGlossary(entries)
            return replaced != nil
        }
    }

    /// Removes the entry with a term.
    public static func removeGlossaryEntry(_ path: String, term: String) throws {
        try ProjectFile.open(at: path).write { writer in
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
    public static func resetGlossary(_ path: String) throws {
        try ProjectFile.open(at: path).write { try $0.setGlossary([]) }
    }
}
