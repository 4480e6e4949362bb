import BudgetModel
import BudgetStore
import Foundation

// Who works in each unit, the standards, and the 基本支出 calculated from them (issue 17). Every
// change to the roster, a unit's profile or a standard recalculates the units it touches in the
// same transaction: the generated line items follow as a spreadsheet's cells would.

/// What a recalculation did to the generated line items.
public struct RecalculationReport: Sendable {
    public struct Change: Sendable, Equatable {
        public var unitCode: String
        public var functional: String
        public var economic: String
        /// nil: a new line.
        public var before: Fen?
        /// nil: the line is gone.
        public var after: Fen?
        public var formula: String?
        public var itemID: Int64?
    }

    /// The lines added, changed and removed, by unit and code.
    public var changes: [Change] = []
    /// Generated items the clerk has since edited: left as they are, their line not recalculated.
    public var edited: [(item: LineItem, generated: Fen)] = []
    /// The clerk's own items on a unit and code the calculation also fills: counted twice unless
    /// the clerk removes one (or asks for `replaceTyped`).
    public var typedAlongside: [LineItem] = []
    /// The clerk's own items removed because the calculation now makes their line (`replaceTyped`).
    public var replacedTyped: [LineItem] = []
    /// The clerk's own items that are exactly a calculated line (unit, codes, amount, 基本支出 from
    /// 一般公共预算): they became that line, under their own numbers.
    public var adopted: [LineItem] = []
    /// The units recalculated.
    public var units: [String] = []
    /// Whether it was written (false for a dry run).
    public var applied = false
}

extension ProjectSession {
    // MARK: - Reading

    public func rosterGroups(unit: String? = nil) throws -> [RosterGroup] {
        try projectFile.read { try $0.rosterGroups(unit: unit) }
    }

    public func unitProfiles() throws -> [String: UnitProfile] {
        try projectFile.read { try $0.unitProfiles() }
    }

    public func standards() throws -> StandardTable {
        try projectFile.read { try $0.standards() }
    }

    /// What the calculation made, with the items as they are now, by item number.
    public func generatedItems(unit: String? = nil) throws -> [(record: GeneratedRecord, item: LineItem?)] {
        try projectFile.read { try $0.generatedItems(unit: unit) }
    }

    // MARK: - The roster

    /// Adds a group and recalculates its unit. Returns its number and what changed.
    public func addRosterGroup(_ group: RosterGroup) throws -> (id: Int64, report: RecalculationReport) {
        try Self.rosterProblems(group, line: nil, file: nil).throwIfAny()
        return try projectFile.write { writer in
            _ = try Self.knownUnit(group.unitCode, writer.reader)
            let id = try writer.insertRosterGroup(group)
            return (id, try Self.recalculate(units: [group.unitCode], writer))
        }
    }

    /// Changes group `id` by `change` and recalculates its unit (both units when it moves).
    public func updateRosterGroup(id: Int64, _ change: (inout RosterGroup) throws -> Void) throws -> RecalculationReport {
        try projectFile.write { writer in
            guard let old = try writer.reader.rosterGroup(id: id) else { throw Self.noGroup(id) }
            var group = old
            try change(&group)
            group.id = id
            try Self.rosterProblems(group, line: nil, file: nil).throwIfAny()
            _ = try Self.knownUnit(group.unitCode, writer.reader)
            try writer.updateRosterGroup(group)
            return try Self.recalculate(units: Array(Set([old.unitCode, group.unitCode])).sorted(), writer)
        }
    }

    /// Removes group `id` and recalculates its unit.
    public func removeRosterGroup(id: Int64) throws -> RecalculationReport {
        try projectFile.write { writer in
            guard let old = try writer.reader.rosterGroup(id: id) else { throw Self.noGroup(id) }
            try writer.deleteRosterGroup(id: id)
            return try Self.recalculate(units: [old.unitCode], writer)
        }
    }

    /// The columns of a roster CSV (and of the draft workbook's 人员 sheet): amounts in 元 per
    /// person per month.
    public static let rosterColumns: [String: [String]] = [
        "unit": ["unit", "单位编码"], "category": ["category", "人员类别"], "name": ["name", "组名", "人员组"],
        "headcount": ["headcount", "实有人数", "人数"], "establishment": ["establishment", "编制数"], "months": ["months", "月数"],
        "basic": ["basic", "基本工资"], "allowances": ["allowances", "津贴补贴"], "performance": ["performance", "绩效工资"],
        "meal": ["meal", "伙食补助", "伙食补助费"], "base": ["base", "缴费基数"], "pension": ["pension", "离退休费"],
        "supplement": ["supplement", "离退休补贴"], "functional": ["functional", "列支科目", "工资列支科目"],
        "vehicles": ["vehicles", "公务用车数"], "students": ["students", "在校学生数"],
    ]
    /// The keys of the roster's columns, in the order a file or sheet is written with.
    static let rosterKeys = [
        "unit", "category", "name", "headcount", "establishment", "months", "basic", "allowances", "performance", "meal", "base", "pension",
        "supplement", "functional", "vehicles", "students",
    ]
    /// The column names a roster file is written with, in order.
    public static let rosterHeader = [
        "单位编码", "人员类别", "组名", "实有人数", "编制数", "月数", "基本工资", "津贴补贴", "绩效工资", "伙食补助", "缴费基数", "离退休费", "离退休补贴", "列支科目", "公务用车数",
        "在校学生数",
    ]

    /// Replaces the roster of every unit the CSV names with the file's groups, all or nothing, and
    /// recalculates those units. Optional columns 列支科目 (the 项 a unit's pay is charged to),
    /// 公务用车数 and 在校学生数 set what `roster unit` sets, once per unit. Returns the groups read
    /// and what changed.
    public func importRoster(from csvPath: String, encoding: EncodingChoice? = nil, replaceTyped: Bool = false) throws -> (
        groups: Int, report: RecalculationReport
    ) {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try InputFiles.readTable(csvPath, columns: Self.rosterColumns, required: ["unit", "category", "headcount"], encoding: encoding)
        let (units, codes) = try projectFile.read { (Set(try $0.units().map(\.code)), try $0.codeBook()) }
        let groups = try Self.rosterGroups(table, file: file, units: units)
        let cells = try Self.unitProfileCells(table, groups: groups, file: file, codes: codes)
        return try projectFile.write { writer in
            let named = Array(Set(groups.map(\.unitCode))).sorted()
            let profiles = try writer.reader.unitProfiles()
            for (unit, given) in cells.sorted(by: { $0.key < $1.key }) {
                var profile = profiles[unit] ?? UnitProfile(unitCode: unit)
                given.apply(to: &profile)
                try writer.setUnitProfile(profile)
            }
            for unit in named { try writer.deleteRosterGroups(unit: unit) }
            for group in groups { try writer.insertRosterGroup(group) }
            return (groups.count, try Self.recalculate(units: named, writer, replaceTyped: replaceTyped))
        }
    }

    /// What a roster file or sheet says of a unit once: its 列支科目, 公务用车数 and 在校学生数.
    struct ProfileCells: Equatable {
        var functional: String?
        var vehicles: Int?
        var students: Int?

        func apply(to profile: inout UnitProfile) {
            if let functional { profile.mainFunctional = functional }
            if let vehicles { profile.vehicles = vehicles }
            if let students { profile.students = students }
        }
    }

    /// The 列支科目 (a 项: "2010301" or "2010301 行政运行"), 公务用车数 and 在校学生数 each unit's rows
    /// give, each at most once per unit.
    static func unitProfileCells(_ table: [(line: Int, values: [String: String])], groups: [RosterGroup], file: String, codes: CodeBook) throws
        -> [String: ProfileCells]
    {
        let (cells, problems) = readProfileCells(table, groups: groups, file: file, codes: codes)
        try problems.throwIfAny()
        return cells
    }

    static func readProfileCells(_ table: [(line: Int, values: [String: String])], groups: [RosterGroup], file: String?, codes: CodeBook)
        -> (cells: [String: ProfileCells], problems: [InputProblem])
    {
        var cells: [String: ProfileCells] = [:]
        var problems: [InputProblem] = []
        for ((line, values), group) in zip(table, groups) {
            var given = cells[group.unitCode] ?? ProfileCells()
            func once<T: Equatable>(_ value: T, _ old: T?, _ column: String, _ text: String) -> T? {
                if let old, old != value {
                    problems.append(
                        InputProblem(file: file, line: line, column: column, value: text, message: "单位 \(group.unitCode) 在前面的行写的是 \(old)：每个单位只写一次"))
                    return old
                }
                return value
            }
            let text = FieldRules.trim(values["functional"] ?? "")
            if !text.isEmpty {
                let (code, _, problem) = FieldRules.splitCode(.functional, text, codes)
                if let problem {
                    problems.append(InputProblem(file: file, line: line, column: "列支科目", value: text, message: problem))
                } else if !CodeKind.functional.isWellFormedLeaf(code) {
                    problems.append(InputProblem(file: file, line: line, column: "列支科目", value: text, message: "应为功能分类的“项”：7 位编码，以 2 开头，如 2010301"))
                } else {
                    given.functional = once(code, given.functional, "列支科目", text)
                }
            }
            for (key, column, limit) in [("vehicles", "公务用车数", 100_000), ("students", "在校学生数", 10_000_000)] {
                let raw = values[key] ?? ""
                let digits = Vocabulary.fold(raw).replacingOccurrences(of: " ", with: "")
                if digits.isEmpty { continue }
                guard digits.count <= 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits), number <= limit else {
                    problems.append(InputProblem(file: file, line: line, column: column, value: raw, message: "应为 0 到 \(limit) 的整数"))
                    continue
                }
                if key == "vehicles" {
                    given.vehicles = once(number, given.vehicles, column, raw)
                } else {
                    given.students = once(number, given.students, column, raw)
                }
            }
            cells[group.unitCode] = given
        }
        return (cells.filter { $0.value != ProfileCells() }, problems)
    }

    /// The groups of a table's rows, every bad cell located; nothing when any is bad.
    static func rosterGroups(_ table: [(line: Int, values: [String: String])], file: String?, units: Set<String>) throws -> [RosterGroup] {
        let (groups, problems) = readRoster(table, file: file, units: units)
        try problems.throwIfAny()
        return groups
    }

    /// The groups of a table's rows and what is wrong with them.
    static func readRoster(_ table: [(line: Int, values: [String: String])], file: String?, units: Set<String>) -> (
        groups: [RosterGroup], problems: [InputProblem]
    ) {
        var problems: [InputProblem] = []
        var groups: [RosterGroup] = []
        for (line, values) in table {
            func problem(_ column: String, _ value: String, _ message: String) {
                problems.append(InputProblem(file: file, line: line, column: column, value: value, message: message))
            }
            let unit = Vocabulary.fold(values["unit"] ?? "").replacingOccurrences(of: " ", with: "")
            if !units.contains(unit) { problem("单位编码", values["unit"] ?? "", "项目文件中没有这个单位") }
            let categoryText = values["category"] ?? ""
            let category = StaffCategory(clerkText: categoryText)
            if category == nil { problem("人员类别", categoryText, "应为：\(StaffCategory.namesForMessages)") }
            func count(_ key: String, _ column: String, default fallback: Int?) -> Int? {
                let text = Vocabulary.fold(values[key] ?? "").replacingOccurrences(of: " ", with: "")
                if text.isEmpty { return fallback }
                guard text.count <= 7, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
                    problem(column, values[key] ?? "", "应为整数")
                    return fallback
                }
                return number
            }
            func monthly(_ key: String, _ column: String) -> Fen? {
                let text = values[key] ?? ""
                if FieldRules.trim(text).isEmpty { return nil }
                do {
                    return try Money.parse(text, unit: .yuan)
                } catch {
                    problem(column, text, error.reason)
                    return nil
                }
            }
            let group = RosterGroup(
                unitCode: unit, category: category ?? .administrative, name: FieldRules.trim(values["name"] ?? ""),
                headcount: count("headcount", "实有人数", default: nil) ?? -1, establishment: count("establishment", "编制数", default: nil),
                months: count("months", "月数", default: 12) ?? 12, basicPay: monthly("basic", "基本工资") ?? 0,
                allowances: monthly("allowances", "津贴补贴") ?? 0, performancePay: monthly("performance", "绩效工资") ?? 0,
                mealAllowance: monthly("meal", "伙食补助") ?? 0, contributionBase: monthly("base", "缴费基数"),
                pension: monthly("pension", "离退休费") ?? 0, pensionSupplement: monthly("supplement", "离退休补贴") ?? 0)
            if values["headcount"].map(FieldRules.trim)?.isEmpty ?? true { problem("实有人数", "", "缺少人数") }
            if category != nil { problems += rosterProblems(group, line: line, file: file) }
            groups.append(group)
        }
        return (groups, problems)
    }

    /// What is wrong with a group, in a clerk's words.
    static func rosterProblems(_ group: RosterGroup, line: Int?, file: String?) -> [InputProblem] {
        var problems: [InputProblem] = []
        func problem(_ column: String, _ value: String, _ message: String) {
            problems.append(InputProblem(file: file, line: line, column: column, value: value, message: message))
        }
        if group.headcount < 0 || group.headcount > RosterGroup.maximumHeadcount, group.headcount != -1 {
            problem("实有人数", String(group.headcount), "应在 0 到 1,000,000 之间")
        }
        if let establishment = group.establishment, establishment < 0 || establishment > RosterGroup.maximumHeadcount {
            problem("编制数", String(establishment), "应在 0 到 1,000,000 之间")
        }
        if !(1...12).contains(group.months) { problem("月数", String(group.months), "应为 1 到 12 的整数（全年为 12；4 月到岗为 9）") }
        if let message = TextRules.nameProblem(group.name), !group.name.isEmpty { problem("组名", group.name, message) }
        if group.name.count > 100 { problem("组名", group.name, "超过 100 个字") }
        let amounts: [(String, Fen?)] = [
            ("基本工资", group.basicPay), ("津贴补贴", group.allowances), ("绩效工资", group.performancePay), ("伙食补助", group.mealAllowance),
            ("缴费基数", group.contributionBase), ("离退休费", group.pension), ("离退休补贴", group.pensionSupplement),
        ]
        for (column, amount) in amounts {
            if let amount, amount > RosterGroup.maximumMonthlyFen {
                problem(column, Money.formatYuan(amount), "是每人每月的标准（元），超过 1,000,000 元：金额单位是否写错了？")
            }
        }
        if group.category.isServing, group.pension > 0 || group.pensionSupplement > 0 {
            problem("离退休费", Money.formatYuan(group.pension + group.pensionSupplement), "\(group.category.rawValue)人员不领离退休费：离退休人员请填人员类别“退休”或“离休”")
        }
        if !group.category.isServing, group.basicPay + group.allowances + group.performancePay + group.mealAllowance > 0 {
            problem("基本工资", Money.formatYuan(group.basicPay), "\(group.category.rawValue)人员没有工资：请把每月的离退休费填在“离退休费”，补贴填在“离退休补贴”")
        }
        return problems
    }

    // MARK: - Unit profiles and standards

    /// Sets what the calculation needs of a unit (nil leaves a part as it was) and recalculates it.
    public func setUnitProfile(unit code: String, functional: String?, vehicles: Int?, students: Int?) throws -> RecalculationReport {
        try projectFile.write { writer in
            _ = try Self.knownUnit(code, writer.reader)
            var profile = try writer.reader.unitProfiles()[code] ?? UnitProfile(unitCode: code)
            if let functional {
                let (text, _, problem) = FieldRules.splitCode(.functional, functional, try writer.reader.codeBook())
                if let problem { throw InputProblem(column: "--functional", value: functional, message: problem) }
                guard CodeKind.functional.isWellFormedLeaf(text) else {
                    throw InputProblem(column: "--functional", value: functional, message: "应为功能分类的“项”：7 位编码，以 2 开头，如 2010301")
                }
                profile.mainFunctional = text
            }
            if let vehicles {
                guard (0...100_000).contains(vehicles) else {
                    throw InputProblem(column: "--vehicles", value: String(vehicles), message: "应在 0 到 100,000 之间")
                }
                profile.vehicles = vehicles
            }
            if let students {
                guard (0...10_000_000).contains(students) else {
                    throw InputProblem(column: "--students", value: String(students), message: "应在 0 到 10,000,000 之间")
                }
                profile.students = students
            }
            try writer.setUnitProfile(profile)
            return try Self.recalculate(units: [code], writer)
        }
    }

    /// Sets a standard by key or name ("住房公积金" "10%"), or a share of 定额 ("分配:30201"
    /// "40%"), with its source when given, and recalculates every unit with a roster.
    public func setStandard(_ name: String, value text: String, source: String? = nil) throws -> (Standard, RecalculationReport) {
        try projectFile.write { writer in
            let table = try writer.reader.standards()
            var standard = try Self.standard(named: name, in: table, codes: try writer.reader.codeBook())
            guard let value = standard.kind.parse(text) else {
                throw InputProblem(column: standard.name, value: text, message: Self.valueHint(standard.kind))
            }
            standard.value = value
            if let source { standard.source = FieldRules.trim(source) }
            try writer.setStandard(standard)
            return (standard, try Self.recalculate(units: nil, writer))
        }
    }

    /// Goes back to the tool's default for a standard (or drops a share), and recalculates.
    public func resetStandard(_ name: String) throws -> (Standard?, RecalculationReport) {
        try projectFile.write { writer in
            let standard = try Self.standard(named: name, in: try writer.reader.standards(), codes: try writer.reader.codeBook())
            try writer.removeStandard(key: standard.key)
            return (StandardKey(rawValue: standard.key)?.standard, try Self.recalculate(units: nil, writer))
        }
    }

    /// The columns of a standards CSV.
    public static let standardColumns: [String: [String]] = [
        "key": ["key", "键"], "name": ["name", "名称"], "value": ["value", "数值"], "basis": ["basis", "计算基数"], "source": ["source", "依据"],
    ]

    /// Keeps every standard a CSV gives (key or name, value, source), all or nothing, and
    /// recalculates. Returns how many it set.
    public func importStandards(from csvPath: String, encoding: EncodingChoice? = nil) throws -> (count: Int, report: RecalculationReport) {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try InputFiles.readTable(csvPath, columns: Self.standardColumns, required: ["value"], encoding: encoding)
        return try projectFile.write { writer in
            let (standards, problems) = Self.readStandards(
                table, file: file, current: try writer.reader.standards(), codes: try writer.reader.codeBook())
            try problems.throwIfAny()
            for standard in standards { try writer.setStandard(standard) }
            return (standards.count, try Self.recalculate(units: nil, writer))
        }
    }

    /// The standards of a table's rows (key or name, value, source) and what is wrong with them.
    static func readStandards(_ table: [(line: Int, values: [String: String])], file: String?, current: StandardTable, codes: CodeBook) -> (
        standards: [Standard], problems: [InputProblem]
    ) {
        var problems: [InputProblem] = []
        var standards: [Standard] = []
        for (line, values) in table {
            let name = values["key"].flatMap { $0.isEmpty ? nil : $0 } ?? values["name"] ?? ""
            do {
                var standard = try Self.standard(named: name, in: current, codes: codes)
                let text = values["value"] ?? ""
                guard let value = standard.kind.parse(text) else {
                    problems.append(InputProblem(file: file, line: line, column: "数值", value: text, message: Self.valueHint(standard.kind)))
                    continue
                }
                standard.value = value
                if let source = values["source"] { standard.source = FieldRules.trim(source) }
                standards.append(standard)
            } catch let problem as InputProblem {
                problems.append(InputProblem(file: file, line: line, column: "键", value: name, message: problem.message))
            } catch {
                problems.append(InputProblem(file: file, line: line, column: "键", value: name, message: "\(error)"))
            }
        }
        return (standards, problems)
    }

    /// Every standard as a CSV (键,名称,数值,计算基数,依据), the defaults with theirs, to share with
    /// the units.
    public func exportStandards(to path: String, overwrite: Bool = false) throws {
        let table = try standards()
        var csv = "键,名称,数值,计算基数,依据\r\n"
        for (standard, _) in table.all {
            csv +=
                [standard.key, standard.name, standard.fileValue, standard.basis, standard.source].map { CSVWriter.field($0) }.joined(separator: ",")
                + "\r\n"
        }
        try OutputFiles.writeAtomically(Data(("\u{FEFF}" + csv).utf8), to: path, overwrite: overwrite)
    }

    static func valueHint(_ kind: StandardKind) -> String {
        switch kind {
        case .rate: "应为百分比，如 16% 或 16（最多 4 位小数，不超过 100%）"
        case .amount: "应为金额（元），如 12000.00"
        case .months: "应为月数，如 1 或 1.5"
        }
    }

    /// The standard a clerk names, or a new share of 定额 for "分配:30201".
    static func standard(named name: String, in table: StandardTable, codes: CodeBook) throws -> Standard {
        if let found = table.find(name) { return found }
        if let code = StandardKey.quotaShareCode(named: name) {
            guard CodeKind.economic.isWellFormedLeaf(code), code.hasPrefix("302") || code.hasPrefix("310") else {
                throw InputProblem(column: "标准", value: name, message: "定额只能分配到公用经费的“款”（302、310 开头的 5 位编码），如 分配:30201")
            }
            guard !BasicCalculator.ruleEconomics.contains(code) else {
                throw InputProblem(
                    column: "标准", value: name, message: "\(code) 按自己的标准测算（工会经费、福利费按工资总额，公务用车运行维护费按车辆），不分配定额")
            }
            let title = codes.name(.economic, code).map { "公用经费定额分配：\(code) \($0)" } ?? "公用经费定额分配：\(code)"
            return Standard(key: StandardKey.quotaShare(code), name: title, value: 0, kind: .rate, basis: "公用经费定额", source: "")
        }
        let names = StandardKey.allCases.map { table[$0].name }.joined(separator: "、")
        throw InputProblem(column: "标准", value: name, message: "没有这个标准。可用（名称或其中的词）：\(names)；定额分配写作 分配:30201")
    }

    // MARK: - The calculation

    /// Recalculates the 基本支出 of the given units (nil: every unit with a roster or generated
    /// lines), in one transaction, or with `dryRun` says what it would change.
    public func calculateBasic(units: [String]? = nil, dryRun: Bool = false, replaceTyped: Bool = false) throws -> RecalculationReport {
        if let units {
            let known = Set(try projectFile.read { try $0.units() }.map(\.code))
            try units.filter { !known.contains($0) }.map {
                InputProblem(column: "--unit", value: $0, message: "项目文件中没有这个单位")
            }.throwIfAny()
        }
        if dryRun {
            // The whole calculation runs in a write that is rolled back: what it says is what it would do.
            var report = RecalculationReport()
            do {
                try projectFile.write { writer -> Void in
                    report = try Self.recalculate(units: units, writer, replaceTyped: replaceTyped)
                    throw DryRun()
                }
            } catch is DryRun {}
            return report
        }
        return try projectFile.write { writer in
            var report = try Self.recalculate(units: units, writer, replaceTyped: replaceTyped)
            report.applied = true
            return report
        }
    }

    struct DryRun: Error {}

    /// Whether a typed item is exactly the calculated line.
    static func isTheSame(_ item: LineItem, as line: GeneratedLine) -> Bool {
        item.functional == line.functional && item.economic == line.economic && item.amount == line.amount && item.type == .basic
            && item.source == .general && item.project == nil && item.unitCode == line.unitCode
    }

    static func noGroup(_ id: Int64) -> InputProblem {
        InputProblem(column: "编号", value: String(id), message: "人员名册中没有这一组（budget roster list 查看编号）")
    }

    static func knownUnit(_ code: String, _ reader: ProjectReader) throws -> BudgetUnit {
        guard let unit = try reader.units().first(where: { $0.code == code }) else {
            throw InputProblem(column: "单位编码", value: code, message: "项目文件中没有这个单位")
        }
        return unit
    }

    /// Recalculates `units` (nil: every unit with a roster, a profile or generated lines) inside
    /// `writer`'s transaction: a line whose amount and formula are unchanged keeps its item
    /// untouched; a changed one is updated in place; a new one is added; one no longer
    /// calculated is removed. A generated item the clerk edited is left alone, and so is its line.
    /// With `replaceTyped`, the clerk's own 基本支出 items from 一般公共预算 on a unit and code the
    /// calculation makes are removed (the calculation now makes them); otherwise they are reported.
    static func recalculate(units codes: [String]?, _ writer: ProjectWriter, replaceTyped: Bool = false) throws -> RecalculationReport {
        let reader = writer.reader
        let allUnits = try reader.units()
        let groups = Dictionary(grouping: try reader.rosterGroups(), by: \.unitCode)
        let profiles = try reader.unitProfiles()
        let standards = try reader.standards()
        let generated = Dictionary(grouping: try reader.generatedItems(), by: \.record.unitCode)
        let chosen = codes.map(Set.init) ?? Set(groups.keys).union(generated.keys).union(profiles.keys)
        var report = RecalculationReport()
        var problems: [InputProblem] = []
        let typed = Dictionary(
            grouping: try reader.typedBasicItems(units: chosen.count == allUnits.count ? nil : chosen).filter { chosen.contains($0.unitCode) },
            by: \.unitCode)
        var inserts: [GeneratedLine] = []
        var updates: [(item: LineItem, amount: Fen)] = []
        var removals: [Int64] = []
        for unit in allUnits where chosen.contains(unit.code) {
            report.units.append(unit.code)
            let desired: [GeneratedLine]
            do {
                desired = try BasicCalculator.lines(unit: unit, profile: profiles[unit.code], groups: groups[unit.code] ?? [], standards: standards)
            } catch let problem as CalculationProblem {
                problems.append(InputProblem(column: "单位编码", value: unit.code, message: problem.message))
                continue
            }
            var current: [String: (record: GeneratedRecord, item: LineItem)] = [:]
            var held: Set<String> = []
            var stale: [Int64] = []
            for (record, item) in generated[unit.code] ?? [] {
                guard let item else {
                    stale.append(record.itemID)
                    continue
                }
                if record.matches(item) {
                    current[record.key] = (record, item)
                } else {
                    held.insert(record.key)
                    report.edited.append((item, record.amount))
                }
            }
            try writer.forgetGenerated(itemIDs: stale)
            let wanted = Set(desired.map(\.key))
            var unitTyped = typed[unit.code] ?? []
            for line in desired {
                if held.contains(line.key) { continue }
                if let (record, item) = current[line.key] {
                    if record.amount == line.amount && record.formula == line.formula { continue }
                    if record.amount != line.amount { updates.append((item, line.amount)) }
                    try writer.recordGenerated(itemID: record.itemID, line)
                    report.changes.append(
                        .init(
                            unitCode: unit.code, functional: line.functional, economic: line.economic, before: record.amount, after: line.amount,
                            formula: line.formula, itemID: record.itemID))
                } else if let index = unitTyped.firstIndex(where: { Self.isTheSame($0, as: line) }) {
                    // The clerk's own line is exactly what the calculation makes (a typed budget
                    // that the roster now explains, or a workbook's rows read into a new project):
                    // it becomes the calculated line, under its own number, rather than counted twice.
                    let item = unitTyped.remove(at: index)
                    try writer.recordGenerated(itemID: item.id ?? 0, line)
                    report.adopted.append(item)
                } else {
                    inserts.append(line)
                }
            }
            for (key, entry) in current where !wanted.contains(key) {
                removals.append(entry.record.itemID)
                report.changes.append(
                    .init(
                        unitCode: unit.code, functional: entry.record.functional, economic: entry.record.economic, before: entry.record.amount,
                        after: nil, formula: nil, itemID: entry.record.itemID))
            }
            let alongside = unitTyped.filter { wanted.contains($0.functional + "/" + $0.economic) }
            if replaceTyped {
                let replaced = alongside.filter { $0.source == .general && $0.project == nil }
                removals += replaced.compactMap(\.id)
                report.replacedTyped += replaced
                report.typedAlongside += alongside.filter { !($0.source == .general && $0.project == nil) }
            } else {
                report.typedAlongside += alongside
            }
        }
        try problems.throwIfAny()
        // All at once: one change to the kept totals for each kind of write.
        try writer.updateAmounts(updates)
        if !removals.isEmpty { try writer.deleteItems(ids: removals) }
        let ids = try writer.insertItems(inserts.map(\.item))
        for (id, line) in zip(ids, inserts) {
            try writer.recordGenerated(itemID: id, line)
            report.changes.append(
                .init(
                    unitCode: line.unitCode, functional: line.functional, economic: line.economic, before: nil, after: line.amount,
                    formula: line.formula, itemID: id))
        }
        report.changes.sort { ($0.unitCode, $0.economic, $0.functional) < ($1.unitCode, $1.economic, $1.functional) }
        return report
    }
}
