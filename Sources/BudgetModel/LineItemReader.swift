/// Checks the records of a line-item CSV one at a time and gathers the good items into an
/// ``ItemBatch``. Each distinct text of a column is judged once and its verdict found again
/// from the field's bytes (``ByteRunMemo``), so that no `String` is made per field. A row whose
/// fields are all plainly good becomes an item straight from those verdicts; any other row goes
/// through ``FieldRules/assemble(_:file:line:newNames:)``, which words every problem, as the
/// `item` commands do.
struct LineItemReader {
    /// A verdict with the number of what it names: a unit, a code (known or not), a project.
    /// -1 for none (yet).
    struct Judged<Value: Sendable> {
        var verdict: Value
        var number: Int32
    }

    /// Where each column is in a record; -1 when the file has no such column.
    struct Places {
        var unit = -1, functional = -1, economic = -1, type = -1, nature = -1, project = -1, source = -1, amount = -1, note = -1
        var functionalName = -1, economicName = -1

        subscript(_ column: LineItemColumn) -> Int {
            get {
                switch column {
                case .unit: unit
                case .functional: functional
                case .economic: economic
                case .type: type
                case .nature: nature
                case .project: project
                case .source: source
                case .amount: amount
                case .note: note
                case .functionalName: functionalName
                case .economicName: economicName
                }
            }
            set {
                switch column {
                case .unit: unit = newValue
                case .functional: functional = newValue
                case .economic: economic = newValue
                case .type: type = newValue
                case .nature: nature = newValue
                case .project: project = newValue
                case .source: source = newValue
                case .amount: amount = newValue
                case .note: note = newValue
                case .functionalName: functionalName = newValue
                case .economicName: economicName = newValue
                }
            }
        }
    }

    /// The remembered verdicts of one row, by their index in each column's memo.
    struct Verdicts {
        var unit, functional, economic, functionalName, economicName, type, nature, project, source: Int
    }

    let fileName: String
    let unit: Money.InputUnit
    let context: ImportContext

    private(set) var problems: [InputProblem] = []
    private var headerProblems = false
    private var columnCount: Int?
    private var places = Places()
    /// `places` in the form ``FieldRules/RawTexts`` takes.
    private var positions: [Int?] = []
    private var unnamedColumns: [Int] = []
    private var itemCount = 0
    private var total: Fen = 0
    private var newProjects: [String] = []
    private var newNames: [CodeKind: [String: String]] = [:]

    private var units = ByteRunMemo<Judged<FieldRules.Verdict<String>>>()
    private var functionalCodes = ByteRunMemo<Judged<FieldRules.CodeVerdict>>()
    private var economicCodes = ByteRunMemo<Judged<FieldRules.CodeVerdict>>()
    private var names = ByteRunMemo<FieldRules.Verdict<String>>()
    private var types = ByteRunMemo<FieldRules.Verdict<ExpenditureType>>()
    private var natures = ByteRunMemo<FieldRules.Verdict<CostNature?>>()
    private var sources = ByteRunMemo<FieldRules.Verdict<FundingSource>>()
    private var projects = ByteRunMemo<Judged<FieldRules.Verdict<String>>>()

    /// The numbers given so far, as in ``ItemBatch/Names``.
    private var unitNumbers: [String: Int32] = [:]
    private var functionalNumbers: [String: Int32] = [:]
    private var economicNumbers: [String: Int32] = [:]
    private var projectNumbers: [String: Int32] = [:]
    /// The cost nature a 基本支出 item gets when none is given, by economic code number.
    private var defaultNatures: [CostNature] = []
    private var batch = ItemBatch()
    private var totals = ItemBatch.Totals()

    init(fileName: String, unit: Money.InputUnit, context: ImportContext) {
        self.fileName = fileName
        self.unit = unit
        self.context = context
    }

    // MARK: - Records

    mutating func read(_ record: CSVRawRecord) {
        guard let columnCount else { return readHeader(record) }
        if headerProblems { return }
        // A row of empty cells (",,,,,,") is what a spreadsheet saves for a blank line.
        if (0..<record.count).allSatisfy({ Self.isBlank(record[$0]) }) { return }
        if record.count != columnCount {
            problems.append(InputProblem(file: fileName, line: record.line, message: "这一行有 \(record.count) 个字段，表头有 \(columnCount) 列"))
            return
        }
        if let index = unnamedColumns.first(where: { !Self.isBlank(record[$0]) }) {
            problems.append(
                InputProblem(
                    file: fileName, line: record.line, column: "第 \(index + 1) 列", value: record.string(index),
                    message: "这一列没有列名，却有内容：请补上列名或删去内容"))
        }
        func field(_ place: Int) -> UnsafeBufferPointer<UInt8> { place < 0 ? UnsafeBufferPointer(start: nil, count: 0) : record[place] }
        func text(_ place: Int) -> String { String(decoding: field(place), as: UTF8.self) }
        // Each field's verdict, remembered per distinct run of bytes; judged at its first sight.
        let verdicts = Verdicts(
            unit: units.index(of: field(places.unit))
                ?? units.add(Judged(verdict: FieldRules.unit(text(places.unit), context), number: Self.unnumbered), for: field(places.unit)),
            functional: functionalCodes.index(of: field(places.functional))
                ?? functionalCodes.add(
                    Judged(verdict: FieldRules.code(.functional, text(places.functional), context), number: Self.unnumbered),
                    for: field(places.functional)),
            economic: economicCodes.index(of: field(places.economic))
                ?? economicCodes.add(
                    Judged(verdict: FieldRules.code(.economic, text(places.economic), context), number: Self.unnumbered), for: field(places.economic)),
            functionalName: names.index(of: field(places.functionalName))
                ?? names.add(FieldRules.name(text(places.functionalName)), for: field(places.functionalName)),
            economicName: names.index(of: field(places.economicName))
                ?? names.add(FieldRules.name(text(places.economicName)), for: field(places.economicName)),
            type: types.index(of: field(places.type)) ?? types.add(FieldRules.type(text(places.type)), for: field(places.type)),
            nature: natures.index(of: field(places.nature)) ?? natures.add(FieldRules.nature(text(places.nature)), for: field(places.nature)),
            project: projects.index(of: field(places.project))
                ?? projects.add(Judged(verdict: FieldRules.project(text(places.project)), number: -1), for: field(places.project)),
            source: sources.index(of: field(places.source)) ?? sources.add(FieldRules.source(text(places.source)), for: field(places.source)))
        // A unit or code seen for the first time gets its number.
        if units.values[verdicts.unit].number == Self.unnumbered {
            var code: String?
            if case .value(let value) = units.values[verdicts.unit].verdict { code = value }
            units[verdicts.unit].number = code.map { Self.number($0, in: &unitNumbers, adding: &batch.units) } ?? -1
        }
        if functionalCodes.values[verdicts.functional].number == Self.unnumbered {
            functionalCodes[verdicts.functional].number = number(.functional, functionalCodes.values[verdicts.functional].verdict)
        }
        if economicCodes.values[verdicts.economic].number == Self.unnumbered {
            economicCodes[verdicts.economic].number = number(.economic, economicCodes.values[verdicts.economic].verdict)
        }
        if !readPlainRow(record, verdicts) { readRowInFull(record, verdicts) }
    }

    /// Takes the items gathered so far, with the names they use, once there are `minimum` of
    /// them. Nothing is handed over once a problem was found: the rest is only checked.
    mutating func takeBatch(minimum: Int) -> ItemBatch? {
        guard problems.isEmpty, batch.items.count >= minimum else { return nil }
        defer { batch = ItemBatch() }
        return batch
    }

    /// The last batch, with the totals of all items.
    mutating func takeLastBatch() -> ItemBatch {
        var last = batch
        last.totals = totals
        batch = ItemBatch()
        return last
    }

    /// Every problem of the file, or what it holds besides the items.
    mutating func finish(syntaxErrors: [CSVSyntaxError], encoding: TextEncoding) throws(InputProblems) -> LineItemCSV.Summary {
        problems = syntaxErrors.map { InputProblem(file: fileName, line: $0.line, message: $0.message) } + problems
        if columnCount == nil {
            problems.append(
                InputProblem(file: fileName, message: "文件是空的：第一行应是列名（unit,functional,economic,type,nature,project,source,amount,note 或对应的中文列名）"))
        }
        if !problems.isEmpty { throw InputProblems(problems) }
        let entries = newNames.flatMap { kind, names in names.map { CatalogEntry(kind: kind, code: $0.key, name: $0.value) } }
            .sorted { ($0.kind.rawValue, $0.code) < ($1.kind.rawValue, $1.code) }
        return LineItemCSV.Summary(itemCount: itemCount, total: total, newProjects: newProjects, newCodeNames: entries, encoding: encoding)
    }

    private mutating func readHeader(_ header: CSVRawRecord) {
        var columns: [LineItemColumn?] = []
        for name in header.strings {
            let trimmed = FieldRules.trim(name)
            if trimmed.isEmpty {
                // Excel and WPS often save empty columns after the last one; they must stay empty.
                columns.append(nil)
            } else if let column = LineItemColumn.named(trimmed) {
                if columns.contains(column) {
                    problems.append(InputProblem(file: fileName, line: header.line, column: trimmed, message: "列名重复"))
                }
                columns.append(column)
            } else {
                columns.append(nil)
                problems.append(
                    InputProblem(
                        file: fileName, line: header.line, column: trimmed,
                        message: "不认识的列名。可用的列名：" + LineItemColumn.allCases.map { "\($0.rawValue)/\($0.chineseName)" }.joined(separator: "、")))
            }
        }
        for column in LineItemColumn.required where !columns.contains(column) {
            problems.append(InputProblem(file: fileName, line: header.line, message: "缺少“\(column.chineseName)”（\(column.rawValue)）列"))
        }
        headerProblems = !problems.isEmpty
        for (position, column) in columns.enumerated() {
            if let column { places[column] = position } else { unnamedColumns.append(position) }
        }
        positions = LineItemColumn.allCases.map { places[$0] < 0 ? nil : places[$0] }
        columnCount = columns.count
    }

    /// Spaces, tabs, no-break and ideographic spaces only (what ``FieldRules/trim(_:)`` takes off).
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09: index += 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: index += 2
            case 0xE3 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80: index += 3
            default: return false
            }
        }
        return true
    }

    // MARK: - Verdicts

    /// A verdict whose unit or code has not been given its number yet.
    private static let unnumbered: Int32 = -2

    /// The number of a code, known to the catalogs or not; -1 for a malformed one.
    private mutating func number(_ kind: CodeKind, _ verdict: FieldRules.CodeVerdict) -> Int32 {
        switch verdict {
        case .known(let code), .unknown(let code, _): number(kind, code)
        case .problem: -1
        }
    }

    private mutating func number(_ kind: CodeKind, _ code: String) -> Int32 {
        if kind == .functional { return Self.number(code, in: &functionalNumbers, adding: &batch.functional) }
        let number = Self.number(code, in: &economicNumbers, adding: &batch.economic)
        if Int(number) == defaultNatures.count { defaultNatures.append(CostNature.defaultFor(economic: code)) }
        return number
    }

    /// The number of `name`, given the next one (and named in the batch) the first time.
    private static func number(_ name: String, in numbers: inout [String: Int32], adding names: inout [String]) -> Int32 {
        if let number = numbers[name] { return number }
        let number = Int32(numbers.count)
        numbers[name] = number
        names.append(name)
        return number
    }

    // MARK: - Rows

    /// Makes the item of a row whose verdicts are all plain values that fit together, without
    /// a `String` per field; false when the row needs ``readRowInFull(_:_:)``.
    private mutating func readPlainRow(_ record: CSVRawRecord, _ verdicts: Verdicts) -> Bool {
        let unitNumber = units.values[verdicts.unit].number
        let functional = functionalCodes.values[verdicts.functional]
        let economic = economicCodes.values[verdicts.economic]
        guard unitNumber >= 0, case .known = functional.verdict, case .known = economic.verdict,
            case .value = names.values[verdicts.functionalName], case .value = names.values[verdicts.economicName],
            case .value(let type) = types.values[verdicts.type], case .value(let nature) = natures.values[verdicts.nature],
            case .value(let source) = sources.values[verdicts.source], case .value(let project) = projects.values[verdicts.project].verdict,
            nature == nil || type == .basic, (type == .project) != project.isEmpty,
            places.amount >= 0, let amount = Money.parsePlain(record[places.amount], unit: unit)
        else { return false }
        var note = ""
        if places.note >= 0 && !record[places.note].isEmpty {
            guard case .value(let text) = FieldRules.note(record.string(places.note)) else { return false }
            note = text
        }
        let item = ItemBatch.Item(
            unit: unitNumber, functional: functional.number, economic: economic.number,
            project: type == .project ? projectNumber(verdicts.project, project, unit: unitNumber, line: record.line) : -1, type: type,
            nature: type == .basic ? nature ?? defaultNatures[Int(economic.number)] : nil, source: source, amount: amount,
            noteStart: 0, noteLength: 0)
        #if DEBUG
        // In debug builds (the tests), the row is read in full as well: both must agree.
        var names = newNames
        let full = assemble(record, verdicts, newNames: &names)
        assert(full.problems.isEmpty && names == newNames, "line \(record.line): read plainly, but in full: \(full.problems)")
        guard case .value(let unitCode) = units.values[verdicts.unit].verdict, case .known(let functionalCode) = functional.verdict,
            case .known(let economicCode) = economic.verdict
        else { preconditionFailure() }
        assert(
            unitNumbers[unitCode] == unitNumber && functionalNumbers[functionalCode] == item.functional
                && economicNumbers[economicCode] == item.economic)
        let plain = LineItem(
            unitCode: unitCode, functional: functionalCode, economic: economicCode, type: type, nature: item.nature,
            project: item.project < 0 ? nil : project, source: source, amount: amount, note: note)
        assert(full.item == plain, "line \(record.line): read plainly as \(plain), in full as \(String(describing: full.item))")
        #endif
        add(item, note: note)
        return true
    }

    /// Checks a row by the rules of ``FieldRules``, noting every problem; adds its item if it has none.
    private mutating func readRowInFull(_ record: CSVRawRecord, _ verdicts: Verdicts) {
        var names = newNames
        let result = assemble(record, verdicts, newNames: &names)
        newNames = names
        problems += result.problems
        guard let item = result.item else { return }
        // Its unit was numbered when its verdict was remembered.
        let unitNumber = unitNumbers[item.unitCode]!
        add(
            ItemBatch.Item(
                unit: unitNumber, functional: number(.functional, item.functional), economic: number(.economic, item.economic),
                project: item.project.map { projectNumber(verdicts.project, $0, unit: unitNumber, line: record.line) } ?? -1, type: item.type,
                nature: item.nature, source: item.source, amount: item.amount, noteStart: 0, noteLength: 0), note: item.note)
    }

    private func assemble(
        _ record: CSVRawRecord, _ verdicts: Verdicts, newNames: inout [CodeKind: [String: String]]
    ) -> (item: LineItem?, problems: [InputProblem]) {
        let raw = FieldRules.RawTexts(fields: record.strings, positions: positions)
        let row = FieldRules.Row(
            unit: units.values[verdicts.unit].verdict, functional: functionalCodes.values[verdicts.functional].verdict,
            economic: economicCodes.values[verdicts.economic].verdict, functionalName: names.values[verdicts.functionalName],
            economicName: names.values[verdicts.economicName], type: types.values[verdicts.type], nature: natures.values[verdicts.nature],
            project: projects.values[verdicts.project].verdict, source: sources.values[verdicts.source],
            amount: FieldRules.amount(raw[.amount], unit), note: FieldRules.note(raw[.note]), raw: raw)
        return FieldRules.assemble(row, file: fileName, line: record.line, newNames: &newNames)
    }

    /// The project's number, given (and the project named in the batch) at its first item: a
    /// new project belongs to the unit of its first item.
    private mutating func projectNumber(_ verdict: Int, _ name: String, unit: Int32, line: Int) -> Int32 {
        let known = projects.values[verdict].number
        if known >= 0 { return known }
        let number: Int32
        if let given = projectNumbers[name] {
            number = given
        } else {
            number = Int32(projectNumbers.count)
            projectNumbers[name] = number
            let isNew = !context.projectNames.contains(name)
            batch.projects.append(ItemBatch.Project(name: name, unit: unit, isNew: isNew))
            if isNew {
                // A new name within a character or two of one the project has.
                if !context.confirmedNewProjects.contains(name) {
                    let close = context.projectNames.filter { ProjectNames.areClose($0, name) }.sorted()
                    if !close.isEmpty {
                        problems.append(
                            InputProblem(
                                file: fileName, line: line, column: LineItemColumn.project.chineseName, value: name,
                                message: ProjectNames.closeMessage(name, close)))
                    }
                }
                newProjects.append(name)
            }
        }
        projects[verdict].number = number
        return number
    }

    private mutating func add(_ item: ItemBatch.Item, note: String) {
        itemCount += 1
        let (sum, overflow) = total.addingReportingOverflow(item.amount)
        total = overflow ? .max : sum
        guard problems.isEmpty else { return }
        var item = item
        if !note.isEmpty {
            item.noteStart = Int32(batch.notes.count)
            batch.notes.append(contentsOf: note.utf8)
            item.noteLength = Int32(batch.notes.count) - item.noteStart
        }
        batch.items.append(item)
        totals.add(item)
    }
}
