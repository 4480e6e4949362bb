import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

// 财政拨款支出主要内容: what each 项 of spending is mainly used for, last year's figure and the
// reason for a change.
extension ProjectSession {
    // MARK: - 主要内容 per 项

    /// The columns of the CSV (and of the draft workbook's 主要内容 sheet); 本年预算数 is written
    /// for the clerk to compare with and not read back.
    static let purposeColumns: [String: [String]] = [
        "functional": ["functional", "功能分类科目编码", "科目编码"], "current": ["current", "本年预算数"], "purpose": ["purpose", "主要用于"],
        "prior": ["prior", "上年预算数"], "reason": ["reason", "增减原因"],
    ]

    /// One 项 of the statement's 主要内容: its amount this year and the clerk's note.
    public struct SpendingLine: Sendable {
        public var code: String
        public var name: String?
        /// This year's amount (zero for a note of a 项 without money this year).
        public var amount: Fen
        public var note: SpendingLineNote?
        /// The change against last year in percent (one decimal), when last year's figure is known and not zero.
        public var changePercent: Double?
        /// Whether the template asks for a reason and this change needs one.
        public var needsReason: Bool
    }

    /// The 项 the statement's 主要内容 lists (by the template's `lines`), each with its note,
    /// then the notes of 项 without money this year.
    public func spendingLines(template choice: String? = nil, variant: String? = nil) throws -> [SpendingLine] {
        let disclosure = try compose(template: choice, variant: variant)
        let spec = disclosure.template.statementSpec
        return Self.lines(spec.spendingLines(disclosure.data), disclosure.document.lineNotes, disclosure.data.codes, .functional) {
            spec.needsReason(now: $0, before: $1)
        }
    }

    /// Each economic 款 of the same spending as the 项 (the template's `lines`), with last year's
    /// figure (a rollover fills it) and the reason for a change, then the 款 with a figure last
    /// year and none this year: the 增减 line by line on the other axis.
    public func economicLines(template choice: String? = nil, variant: String? = nil) throws -> [SpendingLine] {
        let disclosure = try compose(template: choice, variant: variant, scope: .tables)
        let spec = disclosure.template.statementSpec
        return Self.lines(spec.spendingByEconomic(disclosure.data), disclosure.document.economicNotes, disclosure.data.codes, .economic) {
            _, _ in false
        }
    }

    /// Lines with their notes, then the notes of codes without money this year.
    static func lines(
        _ lines: [(code: String, amount: Fen)], _ notes: [String: SpendingLineNote], _ codes: CodeBook, _ kind: CodeKind,
        needsReason: (Fen, Fen?) -> Bool
    ) -> [SpendingLine] {
        let listed = Set(lines.map(\.code))
        let all = lines + notes.keys.filter { !listed.contains($0) }.sorted().map { (code: $0, amount: Fen(0)) }
        return all.map { line in
            let note = notes[line.code]
            let percent = note?.prior.flatMap { $0 == 0 ? nil : Double(line.amount - $0) * 100 / Double($0) }
            return SpendingLine(
                code: line.code, name: codes.name(kind, line.code), amount: line.amount, note: note, changePercent: percent,
                needsReason: needsReason(line.amount, note?.prior))
        }
    }

    /// Sets last year's figure and/or the reason of one economic 款 (nil leaves a part; "" clears it).
    public func setEconomicPrior(economic: String, prior: String?, reason: String?, amountUnit: Money.InputUnit) throws {
        var problems: [InputProblem] = []
        let code = CodeText.split(FieldRules.trim(economic), digitsOnly: true).code
        if !CodeKind.economic.isWellFormedLeaf(code) {
            problems.append(InputProblem(column: "--economic（经济分类科目编码）", value: economic, message: "应为经济分类的“款”（5 位，以 3 开头，如 30201）"))
        }
        var fen: Fen??
        if let prior {
            if prior.isEmpty {
                fen = .some(nil)
            } else {
                do { fen = .some(try Money.parse(prior, unit: amountUnit)) } catch {
                    problems.append(InputProblem(column: "--prior（上年预算数）", value: prior, message: error.reason))
                }
            }
        }
        problems += Self.textProblems([("--reason（增减原因）", reason ?? "", false)], file: nil, line: nil, maximumLength: 500)
        try problems.throwIfAny()
        try projectFile.write { try $0.setEconomicNote(code, prior: fen, reason: reason) }
    }

    /// Sets the given parts of one 项's note (nil leaves a part as it was; "" clears it).
    public func setPurpose(functional: String, purpose: String?, prior: String?, reason: String?, amountUnit: Money.InputUnit) throws {
        let codes = try projectFile.read { try $0.codeBook() }
        var values: [String: String] = ["functional": functional]
        values["purpose"] = purpose
        values["prior"] = prior
        values["reason"] = reason
        let (changes, problems) = Self.purposeChanges([(1, values)], unit: amountUnit, codes: codes, file: nil, options: true)
        try problems.throwIfAny()
        try projectFile.write { writer in
            for change in changes { try writer.setLineNote(change.code, purpose: change.purpose, prior: change.prior, reason: change.reason) }
        }
    }

    /// Sets the notes of the 项 a CSV names (功能分类科目编码,主要用于,上年预算数,增减原因); the
    /// others stay. Returns how many 项 the file gave.
    public func importPurposes(from csvPath: String, unit: Money.InputUnit, encoding: EncodingChoice? = nil) throws -> Int {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try InputFiles.readTable(csvPath, columns: Self.purposeColumns, required: ["functional"], encoding: encoding)
        let codes = try projectFile.read { try $0.codeBook() }
        let (changes, problems) = Self.purposeChanges(table, unit: unit, codes: codes, file: file)
        try problems.throwIfAny()
        try projectFile.write { writer in
            for change in changes { try writer.setLineNote(change.code, purpose: change.purpose, prior: change.prior, reason: change.reason) }
        }
        return changes.count
    }

    /// Forgets one 项's note.
    public func removePurpose(functional: String) throws {
        let code = FieldRules.trim(functional)
        let known = try projectFile.read { try $0.lineNotes()[code] != nil }
        guard known else { throw InputProblem(column: "--functional", value: functional, message: "没有这个功能科目的说明") }
        try projectFile.write { try $0.setLineNote(code, purpose: "", prior: .some(nil), reason: "") }
    }

    /// One 项's note as a row gives it.
    struct PurposeChange {
        var code: String
        var purpose: String?
        var prior: Fen??
        var reason: String?
    }

    /// The notes of a table's rows: a code given twice, a code that is not a 项 of the functional
    /// classification (or whose name is not the code's), an amount or a text out of bounds are
    /// problems. In a file a cell left empty clears its part; given as options (`purpose set`),
    /// a part not given stays.
    static func purposeChanges(
        _ table: [(line: Int, values: [String: String])], unit: Money.InputUnit, codes: CodeBook, file: String?, options: Bool = false
    ) -> (changes: [PurposeChange], problems: [InputProblem]) {
        var problems: [InputProblem] = []
        var changes: [PurposeChange] = []
        var seen: Set<String> = []
        let column = options ? "--functional" : "功能分类科目编码"
        for (line, values) in table {
            let text = FieldRules.trim(values["functional"] ?? "")
            // "2010301 行政运行", as the workbook's drop-down shows it, or the code alone, read
            // as every route reads a code.
            let (code, _, nameProblem) = FieldRules.splitCode(.functional, text, codes)
            guard CodeKind.functional.isWellFormedLeaf(code) else {
                problems.append(
                    InputProblem(file: file, line: line, column: column, value: text, message: "应为功能分类的“项”：7 位编码，以 2 开头，如 2010301"))
                continue
            }
            if let nameProblem { problems.append(InputProblem(file: file, line: line, column: column, value: text, message: nameProblem)) }
            if !seen.insert(code).inserted {
                problems.append(InputProblem(file: file, line: line, column: column, value: text, message: "文件中重复"))
            }
            var change = PurposeChange(code: code)
            change.purpose = values["purpose"].map(FieldRules.trim) ?? (options ? nil : "")
            change.reason = values["reason"].map(FieldRules.trim) ?? (options ? nil : "")
            problems += Self.textProblems(
                [
                    (options ? "--text（主要用于）" : "主要用于", change.purpose ?? "", false),
                    (options ? "--reason（增减原因）" : "增减原因", change.reason ?? "", false),
                ], file: file, line: line, maximumLength: 500)
            let prior = values["prior"].map(FieldRules.trim)
            if let prior, !prior.isEmpty {
                do {
                    change.prior = .some(try Money.parse(prior, unit: unit))
                } catch {
                    problems.append(
                        InputProblem(file: file, line: line, column: options ? "--prior（上年预算数）" : "上年预算数", value: prior, message: error.reason))
                }
            } else if prior != nil || !options {
                change.prior = .some(nil)
            }
            changes.append(change)
        }
        return (changes, problems)
    }
}
