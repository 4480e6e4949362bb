import BudgetModel
import Foundation

/// A figure as the statement writes it, and whether it counts as zero for a condition.
public struct FigureValue: Sendable, Equatable {
    public var text: String
    public var isZero: Bool

    public init(_ text: String, isZero: Bool = false) {
        self.text = text
        self.isZero = isZero
    }
}

/// The named figures a statement's text may use: every name, and the values of one project.
/// A figure without a value (last year's figure not entered, no reason given) is absent from
/// the table; a paragraph tests for it with a condition.
public enum StatementFigureNames {
    /// The figures compared with last year, by the name their family of figures takes:
    /// `{N}` this year, `{N上年}`, `{N增减}` ("增加41.36万元", "减少…", "持平"), `{N增减方向}`
    /// ("增加", "减少", "持平"), `{N原因}` (the clerk's reason).
    public static let priorItems: [(item: PriorItem, name: String)] = [
        (.total, "收支总计"), (.basic, "基本支出"), (.project, "项目支出"), (.threePublic, "三公经费"), (.abroad, "因公出国（境）费"),
        (.vehiclePurchase, "公务用车购置费"), (.vehicleOperation, "公务用车运行费"), (.reception, "公务接待费"), (.operation, "机关运行经费"),
        (.fiscal, "财政拨款"), (.general, "一般公共预算拨款"), (.fund, "政府性基金拨款"), (.soe, "国有资本经营预算拨款"),
    ]

    /// The suffixes of a compared figure's family.
    public static let priorSuffixes = ["上年", "增减", "增减方向", "原因"]

    /// Every figure of the whole statement, whatever the template (its words and sums aside).
    public static let global: Set<String> = {
        var names: Set<String> = [
            "部门名称", "部门编码", "年度", "上年度", "金额单位", "收入合计", "支出合计", "人员经费", "公用经费", "其他支出", "主要项目",
            "机关运行经费口径", "机关运行经费用途", "公务用车购置及运行费", "政府采购", "中小企业预留", "采购货物", "采购工程", "采购服务",
            "固定资产总额", "车辆数", "设备数", "资产截止日期", "拟购置固定资产", "单位个数", "下属单位个数", "行政单位个数", "参公单位个数",
            "事业单位个数", "项目个数", "绩效项目个数", "绩效项目金额", "绩效单位个数", "未填绩效项目",
            "公务用车购置及运行费上年", "公务用车购置及运行费增减", "公务用车购置及运行费增减方向",
        ]
        for (_, name) in priorItems {
            names.insert(name)
            for suffix in priorSuffixes { names.insert(name + suffix) }
        }
        return names
    }()

    /// The lists a block may repeat (`"each"`), with the figures of each item.
    public static let lists: [String: Set<String>] = [
        "departmentGoals": ["序号", "中文序号", "名称", "绩效目标", "绩效指标"],
        "glossary": ["序号", "中文序号", "名词", "解释"],
        "units": ["序号", "中文序号", "单位名称", "单位编码", "单位性质"],
        "projects": Set(["序号", "中文序号", "项目名称", "项目单位", "项目金额", "绩效目标"] + ProjectTextField.allCases.map(\.chineseName)),
        "lines": ["序号", "中文序号", "科目编码", "类名称", "款名称", "项名称", "金额", "主要用于", "上年", "增减", "增减方向", "增减幅度", "原因"],
    ]

    /// What each list is, and the command that fills it in.
    public static let listNames: [String: (what: String, hint: String)] = [
        "departmentGoals": ("分项绩效目标", "budget goal import"), "glossary": ("名词解释", "budget glossary import"),
        "units": ("单位", "budget unit add"), "projects": ("项目", "budget project add"),
        "lines": ("财政拨款支出主要内容", "budget purpose set"),
    ]

    /// The document tables a block may show in place.
    public static let tables: Set<String> = ["机构", "采购", "资产", "performance"]
}

/// The figures of one project's statement, computed from ``StatementFigures`` and the
/// document, written as the text writes them (the text's unit, rounded once like the tables).
struct StatementFigureTable {
    var values: [String: FigureValue] = [:]

    subscript(name: String) -> FigureValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The values of `other` added over these (an item's figures over the statement's).
    func adding(_ other: [String: FigureValue]) -> StatementFigureTable {
        var copy = self
        copy.values.merge(other) { $1 }
        return copy
    }

    static func compute(
        _ reports: ReportSet, _ spec: StatementSpec, figures: StatementFigures, document: DocumentData, data: BudgetData
    ) -> StatementFigureTable {
        var table = StatementFigureTable()
        func amount(_ fen: Fen) -> FigureValue { FigureValue(reports.statementAmount(fen), isZero: fen == 0) }
        func count(_ number: Int) -> FigureValue { FigureValue(String(number), isZero: number == 0) }
        func text(_ value: String) -> FigureValue? { value.isEmpty ? nil : FigureValue(value) }

        let year = figures.year
        table["部门名称"] = FigureValue(reports.department.name)
        table["部门编码"] = FigureValue(reports.department.code)
        table["年度"] = FigureValue(String(year))
        table["上年度"] = FigureValue(String(year - 1))
        table["金额单位"] = FigureValue(reports.unitName)
        for (name, word) in spec.words ?? [:] { table[name] = FigureValue(word, isZero: word.isEmpty) }

        table["收入合计"] = amount(figures.income.total)
        table["支出合计"] = amount(figures.spending)
        table["人员经费"] = amount(figures.personnel)
        table["公用经费"] = amount(figures.publicFunds)
        table["其他支出"] = amount(figures.otherSpending)
        let named = figures.largestProjects.prefix(3).filter { $0.amount > 0 }.map(\.name)
        if !named.isEmpty {
            table["主要项目"] = FigureValue(named.joined(separator: "、") + (figures.largestProjects.count > named.count ? "等" : ""))
        }
        if figures.operationScope == .administrative { table["机关运行经费口径"] = FigureValue("行政单位和参照公务员法管理的事业单位") }
        table["机关运行经费用途"] = text(figures.operationUses.joined(separator: "、"))
        let vehicles = (figures.threePublic[.vehiclePurchase] ?? 0) + (figures.threePublic[.vehicleOperation] ?? 0)
        table["公务用车购置及运行费"] = amount(vehicles)
        // Compared as a whole, as Shanghai publishes it (“（二）公务用车购置及运行费36.56万元，比2024年
        // 预算减少10万元”), when last year's purchase and running costs are both entered.
        if let purchase = figures.prior.amount(.vehiclePurchase), let running = figures.prior.amount(.vehicleOperation) {
            table["公务用车购置及运行费上年"] = amount(purchase + running)
            (table["公务用车购置及运行费增减方向"], table["公务用车购置及运行费增减"]) = change(reports, vehicles, purchase + running)
        }

        // Last year's figures: each compared in the text's unit, rounded once like the tables.
        for (item, name) in StatementFigureNames.priorItems {
            let now = figures.current(item)
            table[name] = amount(now)
            if let reason = figures.prior.reasons[item] { table[name + "原因"] = FigureValue(reason.trimmingTrailingPunctuation) }
            guard let before = figures.prior.amount(item) else { continue }
            table[name + "上年"] = amount(before)
            (table[name + "增减方向"], table[name + "增减"]) = change(reports, now, before)
        }

        table["政府采购"] = amount(figures.procurementTotal)
        table["中小企业预留"] = amount(figures.procurementSME)
        var kinds: [Character: Fen] = [:]
        for row in document.procurement { kinds[row.catalogueCode.first ?? "A", default: 0] += row.total }
        table["采购货物"] = amount(kinds["A"] ?? 0)
        table["采购工程"] = amount(kinds["B"] ?? 0)
        table["采购服务"] = amount(kinds["C"] ?? 0)

        let assets = figures.assets
        if let total = assets.total { table["固定资产总额"] = amount(total) }
        if let vehicles = assets.vehicleCount { table["车辆数"] = count(vehicles) }
        if let equipment = assets.equipmentCount { table["设备数"] = count(equipment) }
        table["资产截止日期"] = text(assets.asOf)
        table["拟购置固定资产"] = amount(figures.plannedPurchase)

        let units = data.units
        table["单位个数"] = count(units.count)
        table["下属单位个数"] = count(max(0, units.count - 1))
        table["行政单位个数"] = count(units.filter { $0.nature == .administrative }.count)
        table["参公单位个数"] = count(units.filter { $0.nature == .civilServiceManaged }.count)
        table["事业单位个数"] = count(units.filter { $0.nature == .institution }.count)
        table["项目个数"] = count(document.performance.count)
        let withTargets = document.performanceTables.map(\.project)
        table["绩效项目个数"] = count(withTargets.count)
        table["绩效项目金额"] = amount(withTargets.reduce(0) { $0 + (data.projectAmounts[$1] ?? 0) })
        // A project without a unit of its own is the department's.
        let unitsOfProjects = Dictionary(data.projects.map { ($0.name, $0.unitCode ?? "") }, uniquingKeysWith: { a, _ in a })
        table["绩效单位个数"] = count(Set(withTargets.map { unitsOfProjects[$0] ?? "" }).count)
        let missing = document.projectsWithoutTargets
        if !missing.isEmpty {
            table["未填绩效项目"] = FigureValue(
                missing.prefix(10).map { "“\($0)”" }.joined(separator: "、") + (missing.count > 10 ? "等 \(missing.count) 个项目" : ""))
        }

        // The template's own amounts, by filter.
        for sum in spec.sums ?? [] {
            let filter = ItemFilter(sum.filter)
            let totals = sum.filter.functionalPrefixes != nil ? data.functionalTotals : data.economicTotals
            table[sum.name] = amount(totals.filter(filter.matches).reduce(0) { $0 + $1.amount })
        }
        return table
    }

    /// A change against last year as the text writes it, compared in the text's unit and
    /// rounded once like the tables: its direction ("增加", "减少", "持平") and the phrase
    /// ("增加41.36万元", "持平"); both count as zero when the figures are the same.
    static func change(_ reports: ReportSet, _ now: Fen, _ before: Fen) -> (direction: FigureValue, phrase: FigureValue) {
        let difference = reports.displayUnits(now) - reports.displayUnits(before)
        let direction = difference == 0 ? "持平" : (difference > 0 ? "增加" : "减少")
        let phrase = difference == 0 ? "持平" : direction + reports.formatUnits(abs(difference)) + reports.unitName
        return (FigureValue(direction, isZero: difference == 0), FigureValue(phrase, isZero: difference == 0))
    }

    /// The items of a list, each with its own figures, in order.
    static func items(
        _ list: String, _ reports: ReportSet, _ spec: StatementSpec, document: DocumentData, data: BudgetData,
        fill: (String) -> String
    ) -> [[String: FigureValue]] {
        func numbered(_ index: Int) -> [String: FigureValue] {
            ["序号": FigureValue(String(index + 1)), "中文序号": FigureValue(ChineseNumber.of(index + 1))]
        }
        func text(_ value: String) -> FigureValue? { value.isEmpty ? nil : FigureValue(value) }
        switch list {
        case "departmentGoals":
            return document.departmentGoals.enumerated().map { index, goal in
                numbered(index).merging(
                    ["名称": FigureValue(goal.name), "绩效目标": text(goal.goal), "绩效指标": text(goal.indicators)].compactMapValues { $0 }
                ) { $1 }
            }
        case "glossary":
            // The template's standard entries stand in for the project's standard ones.
            let entries =
                document.glossaryIsStandard && spec.glossary != nil
                ? (spec.glossary ?? []).map { GlossaryEntry(term: fill($0.term), text: fill($0.text)) } : document.glossary
            return entries.enumerated().map { index, entry in
                numbered(index).merging(["名词": FigureValue(entry.term), "解释": FigureValue(entry.text)]) { $1 }
            }
        case "units":
            return data.units.enumerated().map { index, unit in
                numbered(index).merging(
                    ["单位名称": FigureValue(unit.name), "单位编码": FigureValue(unit.code), "单位性质": FigureValue(unit.nature.rawValue)]
                ) { $1 }
            }
        case "projects":
            let units = Dictionary(data.units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let projectUnits = Dictionary(data.projects.map { ($0.name, $0.unitCode) }, uniquingKeysWith: { a, _ in a })
            return document.performance.enumerated().map { index, project in
                let fen = data.projectAmounts[project.project] ?? 0
                var values = numbered(index)
                values["项目名称"] = FigureValue(project.project)
                values["项目金额"] = FigureValue(reports.statementAmount(fen), isZero: fen == 0)
                values["项目单位"] = (projectUnits[project.project] ?? nil).flatMap { units[$0] }.map { FigureValue($0) }
                values["绩效目标"] = text(project.goal)
                for (field, value) in document.projectTexts[project.project] ?? [:] { values[field.chineseName] = text(value) }
                return values
            }
        case "lines":
            return lines(reports, spec, document: document, data: data).enumerated().map { index, line in
                numbered(index).merging(line) { $1 }
            }
        default:
            return []
        }
    }

    /// The 项 of spending the template's `lines` counts (一般公共预算 and its carry-over by
    /// default), in code order, each with its names, amount and the clerk's note.
    static func lines(_ reports: ReportSet, _ spec: StatementSpec, document: DocumentData, data: BudgetData) -> [[String: FigureValue]] {
        var amounts: [String: Fen] = [:]
        for line in spec.spendingLines(data) { amounts[line.code] = line.amount }
        func name(_ code: String) -> FigureValue? { data.codes.name(.functional, code).map { FigureValue($0) } }
        return amounts.keys.sorted().map { code in
            let fen = amounts[code] ?? 0
            var values: [String: FigureValue] = ["科目编码": FigureValue(code), "金额": FigureValue(reports.statementAmount(fen), isZero: fen == 0)]
            values["类名称"] = name(String(code.prefix(3)))
            values["款名称"] = name(String(code.prefix(5)))
            values["项名称"] = name(code)
            let note = document.lineNotes[code]
            if let purpose = note?.purpose.trimmingTrailingPunctuation, !purpose.isEmpty { values["主要用于"] = FigureValue(purpose) }
            if let reason = note?.reason.trimmingTrailingPunctuation, !reason.isEmpty { values["原因"] = FigureValue(reason) }
            if let before = note?.prior {
                values["上年"] = FigureValue(reports.statementAmount(before), isZero: before == 0)
                (values["增减方向"], values["增减"]) = change(reports, fen, before)
                if before > 0 {
                    // In tenths of a percent, rounded half up from the exact amounts.
                    let tenths = (abs(fen - before) * 1000 + before / 2) / before
                    values["增减幅度"] = FigureValue("\(tenths / 10).\(tenths % 10)%", isZero: tenths == 0)
                }
            }
            return values
        }
    }
}

extension StatementSpec {
    /// Whether a 项 whose amount went from `before` to `now` needs a reason: the statement asks
    /// for reasons (`lines.reasonThreshold`), last year's figure is known, and the change is that
    /// many percent of it or more (any change from zero), exact to the 分.
    public func needsReason(now: Fen, before: Fen?) -> Bool {
        guard let threshold = lines?.reasonThreshold, let before else { return false }
        if before == 0 { return now != 0 }
        return abs(now - before) * 100 >= Int64(threshold) * abs(before)
    }

    /// The funding sources the statement's lines count (and last year's figure per 项 and 款).
    public var lineSources: Set<FundingSource> { Set(lines?.sources ?? [.general, .carryoverGeneral]) }

    /// The amount of each 项 of spending the statement's `lines` counts (一般公共预算 and its
    /// carry-over by default), not zero, in code order: the 财政拨款支出主要内容.
    public func spendingLines(_ data: BudgetData) -> [(code: String, amount: Fen)] {
        sums(data.functionalTotals.lazy.map { ($0.functional, $0.source, $0.amount) }, length: 7)
    }

    /// The amount of each economic 款 of the same spending as ``spendingLines(_:)``, not zero,
    /// in code order: what last year's figure of a 款 is compared with.
    public func spendingByEconomic(_ data: BudgetData) -> [(code: String, amount: Fen)] {
        sums(data.economicTotals.lazy.map { ($0.economic, $0.source, $0.amount) }, length: 5)
    }

    /// The totals of the line sources by code (of `length` digits), not zero, in code order.
    private func sums(_ totals: some Sequence<(String, FundingSource, Fen)>, length: Int) -> [(code: String, amount: Fen)] {
        let sources = lineSources
        var amounts: [String: Fen] = [:]
        for (code, source, amount) in totals where sources.contains(source) && code.count == length { amounts[code, default: 0] += amount }
        return amounts.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { (code: $0.key, amount: $0.value) }
    }
}
