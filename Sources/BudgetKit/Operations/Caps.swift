import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

// The finance bureau's 控制数 (caps): imported, set, listed, removed, and compared with the draft.
extension ProjectSession {
    // MARK: - Caps

    /// The columns of a caps file (and of the 控制数 sheet): key → accepted names, the English
    /// first and the Chinese one a written sheet shows second.
    static let capColumns: [String: [String]] = [
        "unit": ["unit", "单位编码", "单位"], "source": ["source", "资金来源"], "type": ["type", "支出类型"], "project": ["project", "项目名称"],
        "economic": ["economic-class", "经济分类（类）", "经济分类", "经济分类科目（类）"], "amount": ["amount", "控制数"],
        "round": ["round", "轮次"], "received": ["received", "收到日期"], "note": ["note", "备注"],
    ]

    /// The columns in the order a written 控制数 sheet has them.
    static let capKeys = ["unit", "source", "type", "project", "economic", "amount", "round", "received", "note"]

    /// What a caps import did.
    public struct CapsImport: Sendable {
        /// The caps of the file, as stored.
        public var caps: [BudgetCap]
        /// Of those, caps the project had already (same unit, source, type, project and 类).
        public var changed: Int
        /// Caps the project had that `replace` removed.
        public var removed: Int
        /// The snapshot saved first, when the project had caps.
        public var snapshot: String?
        public var total: Fen { caps.reduce(0) { $0 + $1.amount } }
    }

    /// A cap from named values (a CSV row, a sheet row, or the options of `caps set`), with
    /// every problem of its cells; `round` and `received` stand for empty cells of theirs.
    static func capRow(
        _ values: [String: String], unit amountUnit: Money.InputUnit, round: String?, received: String?, naming: Naming, file: String?, line: Int?
    ) -> (BudgetCap?, [InputProblem]) {
        var problems: [InputProblem] = []
        func name(_ key: String) -> String { naming.name(key == "economic" ? "economic-class" : key, capColumns[key]![1]) }
        func problem(_ key: String, _ value: String?, _ message: String) {
            problems.append(InputProblem(file: file, line: line, column: name(key), value: value?.isEmpty == true ? nil : value, message: message))
        }
        func cell(_ key: String) -> String { FieldRules.trim(values[key] ?? "") }

        // 单位: a code (with its name after it, as the drop-down shows it), or 全部门 / blank.
        var unitCode = ""
        let unitText = cell("unit")
        if !unitText.isEmpty && !["全部门", "部门", "全部"].contains(Vocabulary.fold(unitText)) {
            unitCode = FieldRules.unitCode(CodeText.split(unitText, digitsOnly: false).code)
            if let message = TextRules.codeProblem(unitCode) { problem("unit", unitText, "单位编码" + message) }
        }
        var source: FundingSource?
        switch FieldRules.source(cell("source")) {
        case .value(let value): source = value
        case .problem(let message): problem("source", cell("source"), message)
        }
        var type: ExpenditureType?
        let typeText = cell("type")
        if !typeText.isEmpty && !["全部", "全部支出", "合计"].contains(Vocabulary.fold(typeText)) {
            if let found = Vocabulary.expenditureType(typeText), BudgetCap.types.contains(found) {
                type = found
            } else {
                problem("type", typeText, "控制数的支出类型应为基本支出或项目支出；两者合计的控制数留空")
            }
        }
        var project = ""
        switch FieldRules.project(cell("project")) {
        case .value(let value): project = value
        case .problem(let message): problem("project", cell("project"), message)
        }
        if project.unicodeScalars.count > 200 { problem("project", project, "项目名称太长（最多 200 字）") }
        if !project.isEmpty {
            if type == .basic {
                problem("project", project, "基本支出的控制数不分项目：项目名称只用于项目支出的控制数")
            } else {
                type = .project
            }
        }
        let economicText = cell("economic")
        let economic = CodeText.split(economicText, digitsOnly: true).code
        if !economicText.isEmpty && !(economic.count == 3 && economic.hasPrefix("3") && economic.allSatisfy { $0.isASCII && $0.isNumber }) {
            problem("economic", economicText, "应为部门经济分类的“类”，3 位编码，如 302（商品和服务支出）；不分类留空")
        }
        var amount: Fen?
        let amountText = cell("amount")
        if amountText.isEmpty {
            problem("amount", nil, "缺少控制数金额")
        } else {
            switch FieldRules.amount(amountText, amountUnit) {
            case .value(let fen): amount = fen
            case .problem(let message): problem("amount", amountText, message)
            }
        }
        let roundText = cell("round").isEmpty ? FieldRules.trim(round ?? "") : cell("round")
        if let message = TextRules.nameProblem(roundText, maximumLength: 50), !roundText.isEmpty { problem("round", roundText, "轮次" + message) }
        let receivedText = cell("received").isEmpty ? FieldRules.trim(received ?? "") : cell("received")
        let date = Self.capDate(receivedText)
        if date == nil { problem("received", receivedText, "收到日期应写成 2024-01-10 的形式") }
        var note = ""
        switch FieldRules.note(values["note"] ?? "") {
        case .value(let value): note = value
        case .problem(let message): problem("note", values["note"], message)
        }
        guard problems.isEmpty, let source, let amount, let date else { return (nil, problems) }
        return (
            BudgetCap(
                round: roundText, received: date, unitCode: unitCode, source: source, type: type, project: project, economicClass: economic,
                amount: amount, note: note), []
        )
    }

    /// A date as the file keeps it (YYYY-MM-DD), from 2024-01-10, 2024/1/10, 2024.1.10,
    /// 2024年1月10日 or a spreadsheet's date number; "" for none, nil for anything else.
    static func capDate(_ text: String) -> String? {
        let text = CodeText.halfWidth(FieldRules.trim(text))
        if text.isEmpty { return "" }
        var parts: [Int]
        if text.count == 5, let serial = Int(text), (20000...80000).contains(serial) {
            // A date typed into a spreadsheet cell: days since 1899-12-30.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let base = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
            let date = calendar.date(byAdding: .day, value: serial, to: base)!
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            parts = [c.year!, c.month!, c.day!]
        } else {
            let pieces = text.split(whereSeparator: { "-/.年月日".contains($0) })
            guard pieces.count == 3, pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } && $0.count <= 4 }),
                text.last.map({ $0.isNumber || $0 == "日" }) ?? false
            else { return nil }
            parts = pieces.compactMap { Int($0) }
        }
        guard parts.count == 3, (1900...2999).contains(parts[0]), (1...12).contains(parts[1]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let month = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: 1))!
        guard let days = calendar.range(of: .day, in: .month, for: month), days.contains(parts[2]) else { return nil }
        return String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2])
    }

    /// Caps given twice in one file (the same unit, source, type, project and 类): each repeat
    /// named with the line of the first.
    static func repeatedCaps(_ caps: [(line: Int, cap: BudgetCap)], file: String?, column: String) -> [InputProblem] {
        var first: [BudgetCap.Key: Int] = [:]
        var problems: [InputProblem] = []
        for (line, cap) in caps {
            if let earlier = first[cap.key] {
                problems.append(
                    InputProblem(
                        file: file, line: line, column: column, value: cap.label,
                        message: "这项控制数在第 \(earlier) 行已经有了（单位、资金来源、支出类型、项目、经济分类都相同）：一项控制数只能给一次"))
            } else {
                first[cap.key] = line
            }
        }
        return problems
    }

    /// Imports caps from CSV in one transaction: every cell checked first, a cap given twice
    /// refused, nothing written on any problem. Caps the project has with the same unit, source,
    /// type, project and 类 take the file's amount, round, date and note; with `replace`, the
    /// file's caps are the project's and the others go. Into a project that has caps, the project
    /// is first saved as a snapshot (导入“caps.csv”之前（time）), so a new round can be undone.
    public func importCaps(
        from csvPath: String, unit: Money.InputUnit, round: String?, received: String?, replace: Bool, encoding: EncodingChoice? = nil
    ) throws -> CapsImport {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try InputFiles.readTable(csvPath, columns: Self.capColumns, required: ["source", "amount"], encoding: encoding)
        var problems = Self.optionProblems(round: round, received: received)
        // A bad option is named once, not again in every row it would fill.
        let round = round.flatMap { TextRules.nameProblem($0, maximumLength: 50) == nil ? $0 : nil }
        let received = received.flatMap { Self.capDate($0) == nil ? nil : $0 }
        var read: [(line: Int, cap: BudgetCap)] = []
        for (line, values) in table {
            let (cap, found) = Self.capRow(values, unit: unit, round: round, received: received, naming: .csv, file: file, line: line)
            problems += found
            if let cap { read.append((line, cap)) }
        }
        problems += Self.repeatedCaps(read, file: file, column: "控制数")
        if table.isEmpty { problems.append(InputProblem(file: file, message: "文件中没有控制数")) }
        try problems.throwIfAny()
        return try projectFile.write { writer in try Self.storeCaps(read.map(\.cap), writer, replace: replace, subject: file) }
    }

    /// The options that stand for empty cells: checked once, not once per row.
    static func optionProblems(round: String?, received: String?) -> [InputProblem] {
        var problems: [InputProblem] = []
        if let round, let message = TextRules.nameProblem(round, maximumLength: 50) {
            problems.append(InputProblem(column: "--round（轮次）", value: round, message: "轮次" + message))
        }
        if let received, capDate(received) == nil {
            problems.append(InputProblem(column: "--received（收到日期）", value: received, message: "收到日期应写成 2024-01-10 的形式"))
        }
        return problems
    }

    /// Writes caps read from a file or a sheet, inside the caller's transaction.
    static func storeCaps(_ caps: [BudgetCap], _ writer: ProjectWriter, replace: Bool, subject: String) throws -> CapsImport {
        let existing = try writer.reader.caps()
        let snapshot = existing.isEmpty ? nil : try Self.saveBefore("导入", subject, writer).name
        let keys = Set(caps.map(\.key))
        let removed = replace ? existing.filter { !keys.contains($0.key) } : []
        if replace { try writer.deleteCaps(ids: removed.compactMap(\.id)) }
        let ids = try writer.putCaps(caps)
        var stored = caps
        for index in stored.indices { stored[index].id = ids[index] }
        let had = Set(existing.map(\.key))
        return CapsImport(caps: stored, changed: caps.filter { had.contains($0.key) }.count, removed: removed.count, snapshot: snapshot)
    }

    /// Adds one cap given as option values, or changes the one with the same unit, source,
    /// type, project and 类 (its round, date and note kept unless given). Returns it as stored,
    /// and the amount it had before (nil: new).
    public func setCap(values: [String: String], unit: Money.InputUnit, round: String?, received: String?) throws -> (BudgetCap, Fen?) {
        let (cap, problems) = Self.capRow(values, unit: unit, round: round, received: received, naming: .options, file: nil, line: nil)
        guard var cap else { throw InputProblems(problems) }
        return try projectFile.write { writer in
            let before = try writer.reader.caps().first { $0.key == cap.key }
            // What the options leave out stays as it was: a new amount keeps the round, date and note.
            if let before {
                if round == nil { cap.round = before.round }
                if received == nil { cap.received = before.received }
                if values["note"] == nil { cap.note = before.note }
            }
            cap.id = try writer.putCaps([cap]).first
            return (cap, before?.amount)
        }
    }

    /// Removes caps by their numbers (`caps list`), or every cap when nil.
    public func removeCaps(ids: [Int64]?) throws {
        try projectFile.write { try $0.deleteCaps(ids: ids) }
    }

    public func caps() throws -> [BudgetCap] {
        try projectFile.read { try $0.caps() }
    }

    /// Each cap against the draft (控制数执行): the cap, what its line items add up to, the
    /// difference and the lines; with the units, to name them.
    public func capExecution() throws -> (execution: [CapExecution], units: [BudgetUnit]) {
        try projectFile.read { (try $0.capExecution(), try $0.units()) }
    }
}
