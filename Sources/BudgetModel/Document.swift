import Foundation

/// The parts of the disclosure document beyond the line items: texts, performance targets,
/// procurement, assets and last year's figures. Values only.

/// A section of free text in the statement (部门预算信息公开情况说明), stored as paragraphs.
public enum TextSection: String, CaseIterable, Codable, Sendable {
    /// 部门职责.
    case duties
    /// 总体绩效目标.
    case overallGoal = "overall-goal"
    /// 工作保障措施.
    case measures
    /// 专项资金绩效目标.
    case specialFunds = "special-funds"
    /// 其他需要说明的事项.
    case other

    public var chineseName: String {
        switch self {
        case .duties: "部门职责"
        case .overallGoal: "总体绩效目标"
        case .measures: "工作保障措施"
        case .specialFunds: "专项资金绩效目标"
        case .other: "其他需要说明的事项"
        }
    }

    public static func parse(_ text: String) -> TextSection? {
        let folded = Vocabulary.fold(text)
        return allCases.first { Vocabulary.fold($0.rawValue) == folded || Vocabulary.fold($0.chineseName) == folded }
    }
}

/// 一级指标 of a performance-target table.
public enum IndicatorLevel: String, CaseIterable, Codable, Sendable {
    case output = "产出指标"
    case benefit = "效益指标"
    case satisfaction = "满意度指标"

    public static func parse(_ text: String) -> IndicatorLevel? {
        let folded = Vocabulary.fold(text)
        let english: [IndicatorLevel: String] = [.output: "output", .benefit: "benefit", .satisfaction: "satisfaction"]
        return allCases.first { folded == Vocabulary.fold($0.rawValue) || folded == english[$0] || folded + "指标" == $0.rawValue }
    }
}

/// One row of a project's performance-target table (绩效目标表).
public struct PerformanceIndicator: Equatable, Codable, Sendable {
    public var level1: IndicatorLevel
    /// 二级指标, e.g. 数量指标, 成本指标, 社会效益指标.
    public var level2: String
    /// 三级指标.
    public var level3: String
    /// 绩效指标描述.
    public var description: String
    /// 指标值, e.g. "≥95%", "≤6 万元".
    public var value: String
    /// 指标值确定依据.
    public var basis: String

    public init(level1: IndicatorLevel, level2: String, level3: String, description: String = "", value: String, basis: String = "") {
        self.level1 = level1
        self.level2 = level2
        self.level3 = level3
        self.description = description
        self.value = value
        self.basis = basis
    }

    /// Whether this row states the project's cost (二级指标 成本指标).
    public var isCost: Bool { level2.hasPrefix("成本") }

    /// The cap a 成本指标 value sets, in fen: "≤6 万元", "≤25.2万元", "<=3000 元". Nil when the
    /// value names no amount with ≤ and a unit.
    public var costCap: Fen? {
        var text = Substring(value.filter { !$0.isWhitespace })
        for prefix in ["≤", "<=", "不超过", "不高于"] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
            let unit: Money.InputUnit
            if text.hasSuffix("万元") {
                unit = .wan
                text = text.dropLast(2)
            } else if text.hasSuffix("元") {
                unit = .yuan
                text = text.dropLast(1)
            } else {
                return nil
            }
            return try? Money.parse(String(text), unit: unit)
        }
        return nil
    }
}

/// A project's performance goal and indicators.
public struct ProjectPerformance: Equatable, Sendable {
    public var project: String
    public var goal: String
    public var indicators: [PerformanceIndicator]

    public init(project: String, goal: String, indicators: [PerformanceIndicator]) {
        self.project = project
        self.goal = goal
        self.indicators = indicators
    }
}

/// An itemised goal of the whole department (分项绩效目标).
public struct DepartmentGoal: Equatable, Codable, Sendable {
    public var name: String
    public var goal: String
    public var indicators: String

    public init(name: String, goal: String, indicators: String) {
        self.name = name
        self.goal = goal
        self.indicators = indicators
    }
}

/// The funding columns of the procurement table.
public enum ProcurementFunding: String, CaseIterable, Codable, Sendable {
    case general
    case fund
    case soe
    case special
    case unitFunds = "unit-funds"
    case carryover
    case otherCarryover = "other-carryover"

    public var chineseName: String {
        switch self {
        case .general: "一般公共预算拨款"
        case .fund: "基金预算拨款"
        case .soe: "国有资本经营预算拨款"
        case .special: "财政专户核拨"
        case .unitFunds: "单位资金"
        case .carryover: "财政拨款结转"
        case .otherCarryover: "非财政拨款结转结余"
        }
    }
}

/// One row of the government procurement budget (政府采购预算).
public struct ProcurementRow: Equatable, Codable, Sendable {
    public var id: Int64?
    public var unitCode: String
    /// The project it is bought for; nil for purchases from 基本支出 (e.g. 公用类项目).
    public var project: String?
    /// The name of a source that is not a project, e.g. 公用类项目（三保）.
    public var sourceName: String
    /// The budget of a source that is not a project; a project's budget is its line items.
    public var sourceBudget: Fen?
    /// 采购物品名称.
    public var item: String
    /// 政府采购目录序号, e.g. A02010108.
    public var catalogueCode: String
    /// 计量单位.
    public var measure: String
    /// 数量, a decimal number as text (e.g. "1", "2.5").
    public var quantity: String
    public var unitPrice: Fen
    public var amounts: [ProcurementFunding: Fen]
    /// 预留中小微企业份额.
    public var smeShare: Fen

    public init(
        id: Int64? = nil, unitCode: String, project: String?, sourceName: String = "", sourceBudget: Fen? = nil, item: String,
        catalogueCode: String, measure: String, quantity: String, unitPrice: Fen, amounts: [ProcurementFunding: Fen], smeShare: Fen
    ) {
        self.id = id
        self.unitCode = unitCode
        self.project = project
        self.sourceName = sourceName
        self.sourceBudget = sourceBudget
        self.item = item
        self.catalogueCode = catalogueCode
        self.measure = measure
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.amounts = amounts
        self.smeShare = smeShare
    }

    /// 政府采购金额合计: every funding column.
    public var total: Fen { amounts.values.reduce(0, +) }

    /// The source as the table names it.
    public var sourceLabel: String { project ?? sourceName }

    /// 数量 × 单价 in fen, when the quantity is a plain decimal number; nil otherwise.
    public var extended: Fen? {
        guard let scaled = Self.thousandths(quantity) else { return nil }
        let (product, overflow) = scaled.multipliedReportingOverflow(by: unitPrice)
        guard !overflow else { return nil }
        return (product + 500) / 1000
    }

    /// A non-negative decimal with at most three decimals, in thousandths.
    public static func thousandths(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts.count == 1 || (1...3).contains(parts[1].count),
            let whole = Int64(parts[0])
        else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]).padding(toLength: 3, withPad: "0", startingAt: 0) : "000"
        return whole * 1000 + Int64(fraction)!
    }
}

/// Fixed assets held at the end of the previous year (国有资产占用情况), and planned purchases.
public struct AssetHoldings: Equatable, Codable, Sendable {
    /// 截止时间, e.g. "2022-12-31".
    public var asOf: String
    public var total: Fen?
    /// 房屋 in m², as text (decimal).
    public var buildingArea: String
    /// 其中：办公用房 in m².
    public var officeArea: String
    public var buildingValue: Fen?
    public var vehicleCount: Int?
    public var vehicleValue: Fen?
    /// Equipment above the template's unit price (Hebei 20万元, Shanghai 100万元 and more, vehicles not counted).
    public var equipmentCount: Int?
    public var equipmentValue: Fen?
    public var otherValue: Fen?
    /// 本年度拟购置固定资产; nil means "the 资本性支出 (310) of the line items".
    public var plannedPurchase: Fen?

    public init(
        asOf: String = "", total: Fen? = nil, buildingArea: String = "", officeArea: String = "", buildingValue: Fen? = nil,
        vehicleCount: Int? = nil, vehicleValue: Fen? = nil, equipmentCount: Int? = nil, equipmentValue: Fen? = nil,
        otherValue: Fen? = nil, plannedPurchase: Fen? = nil
    ) {
        self.asOf = asOf
        self.total = total
        self.buildingArea = buildingArea
        self.officeArea = officeArea
        self.buildingValue = buildingValue
        self.vehicleCount = vehicleCount
        self.vehicleValue = vehicleValue
        self.equipmentCount = equipmentCount
        self.equipmentValue = equipmentValue
        self.otherValue = otherValue
        self.plannedPurchase = plannedPurchase
    }

    /// Whether last year's table is empty (本年拟购置 is this year's, and not part of it).
    public var isEmpty: Bool { self == AssetHoldings(asOf: asOf, plannedPurchase: plannedPurchase) }

    /// 房屋 + 车辆 + 设备 + 其他: what 资产总额 should be.
    public var sumOfParts: Fen {
        [buildingValue, vehicleValue, equipmentValue, otherValue].compactMap { $0 }.reduce(0, +)
    }
}

/// A figure of last year's budget that the statement compares with.
public enum PriorItem: String, CaseIterable, Codable, Sendable {
    case total
    case basic
    case project
    /// “三公”经费 as a whole: its reason; its amount is the four items below.
    case threePublic = "three-public"
    case abroad
    case vehiclePurchase = "vehicle-purchase"
    case vehicleOperation = "vehicle-operation"
    case reception
    /// 机关运行经费.
    case operation
    /// 财政拨款 (收入 and 支出): 一般公共预算, 政府性基金 and 国有资本经营预算 with their carry-over.
    case fiscal
    /// 一般公共预算拨款, with its carry-over.
    case general
    /// 政府性基金拨款, with its carry-over.
    case fund
    /// 国有资本经营预算拨款, with its carry-over.
    case soe

    public var chineseName: String {
        switch self {
        case .total: "收支总计"
        case .basic: "基本支出"
        case .project: "项目支出"
        case .threePublic: "“三公”经费"
        case .abroad: "因公出国（境）费"
        case .vehiclePurchase: "公务用车购置费"
        case .vehicleOperation: "公务用车运行费"
        case .reception: "公务接待费"
        case .operation: "机关运行经费"
        case .fiscal: "财政拨款"
        case .general: "一般公共预算拨款"
        case .fund: "政府性基金拨款"
        case .soe: "国有资本经营预算拨款"
        }
    }

    /// The four items of “三公”经费.
    public static let threePublicItems: [PriorItem] = [.abroad, .vehiclePurchase, .vehicleOperation, .reception]

    public static func parse(_ text: String) -> PriorItem? {
        let folded = Vocabulary.fold(text).replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "")
            .replacingOccurrences(of: "\"", with: "")
        let aliases: [String: PriorItem] = [
            "合计": .total, "总计": .total, "收入总计": .total, "支出总计": .total, "三公经费": .threePublic,
            "因公出国(境)费": .abroad, "因公出国境费": .abroad, "公务用车运行维护费": .vehicleOperation, "机关运行费": .operation,
            "财政拨款收入": .fiscal, "财政拨款支出": .fiscal, "一般公共预算": .general, "政府性基金": .fund, "国有资本经营预算": .soe,
        ]
        if let item = aliases[folded] { return item }
        return allCases.first {
            folded == Vocabulary.fold($0.rawValue)
                || folded == Vocabulary.fold($0.chineseName).replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "")
        }
    }
}

/// Last year's figures and the clerk's reason for each change.
public struct PriorYear: Equatable, Codable, Sendable {
    public var amounts: [PriorItem: Fen]
    public var reasons: [PriorItem: String]

    public init(amounts: [PriorItem: Fen] = [:], reasons: [PriorItem: String] = [:]) {
        self.amounts = amounts
        self.reasons = reasons
    }

    /// “三公”经费 last year: the sum of its four items when all four are known.
    public var threePublic: Fen? {
        let items = PriorItem.threePublicItems.compactMap { amounts[$0] }
        return items.count == PriorItem.threePublicItems.count ? items.reduce(0, +) : nil
    }

    public func amount(_ item: PriorItem) -> Fen? { item == .threePublic ? threePublic : amounts[item] }
}

/// An entry of 名词解释.
public struct GlossaryEntry: Equatable, Codable, Sendable {
    public var term: String
    public var text: String

    public init(term: String, text: String) {
        self.term = term
        self.text = text
    }
}

/// Which units' 公用经费 make up 机关运行经费.
public enum OperationCostScope: String, CaseIterable, Codable, Sendable {
    /// Every unit's 一般公共预算 基本支出 公用经费 (the Hebei reading).
    case all
    /// Only 行政 and 参公 units (the Shanghai definition).
    case administrative

    public var chineseName: String { self == .all ? "全部单位" : "行政和参公单位" }

    /// The units whose 公用经费 count as 机关运行经费 under this scope.
    public func counts(_ nature: UnitNature) -> Bool {
        self == .all || nature == .administrative || nature == .civilServiceManaged
    }

    public static func parse(_ text: String) -> OperationCostScope? {
        switch Vocabulary.fold(text) {
        case "all", "全部", "全部单位": .all
        case "administrative", "admin", "行政", "行政和参公", "行政和参公单位", "行政参公": .administrative
        default: nil
        }
    }
}

/// How many decimals the tables in 元 show (`budget settings --yuan-decimals`). Only the number
/// format changes: every cell holds its exact amount.
public enum YuanDecimals: String, CaseIterable, Codable, Sendable {
    /// The template's choice, except that a template in whole 元 shows two decimals when an
    /// amount of its tables in 元 has 分 (as published documents do), so no 分 is hidden.
    case auto
    /// Whole 元, rounded half up (published documents of departments without 分).
    case whole = "0"
    /// 元 with two decimals (1,234,567.80).
    case two = "2"

    public var chineseName: String {
        switch self {
        case .auto: "自动（模板为整数元时，表中金额有分则显示两位小数）"
        case .whole: "整数元"
        case .two: "两位小数"
        }
    }

    public static func parse(_ text: String) -> YuanDecimals? {
        switch Vocabulary.fold(text) {
        case "auto", "自动": .auto
        case "0", "whole", "整数", "整数元", "取整", "元": .whole
        case "2", "two", "两位", "两位小数", "分": .two
        default: nil
        }
    }
}

/// How a project's tables are printed beyond what the template says (`budget settings`): the
/// decimals of amounts in 元 and whether an empty table carries the template's note.
public struct TableSettings: Equatable, Sendable {
    public var yuanDecimals: YuanDecimals
    /// Whether an empty table prints the template's note under it (注：本部门……故本表为空表。):
    /// district documents in Shanghai print it, municipal ones do not.
    public var emptyNotes: Bool

    public init(yuanDecimals: YuanDecimals = .auto, emptyNotes: Bool = true) {
        self.yuanDecimals = yuanDecimals
        self.emptyNotes = emptyNotes
    }

    /// The settings' keys in the project file.
    public static let yuanDecimalsKey = "yuan-decimals"
    public static let emptyNotesKey = "empty-table-notes"

    /// The settings from their stored values (nil: not set, the default).
    public init(yuanDecimals: String?, emptyNotes: String?) {
        self.init(yuanDecimals: yuanDecimals.flatMap(YuanDecimals.init(rawValue:)) ?? .auto, emptyNotes: emptyNotes != "off")
    }

    /// "on" or "off", as stored and as `--empty-table-notes` takes it.
    public static func parseSwitch(_ text: String) -> Bool? {
        switch Vocabulary.fold(text) {
        case "on", "yes", "true", "是", "打印", "印": true
        case "off", "no", "false", "否", "不打印", "不印": false
        default: nil
        }
    }
}

/// What the clerk says of one 项 of spending (财政拨款支出主要内容): what it is mainly used for,
/// last year's figure, and the reason for a change.
public struct SpendingLineNote: Equatable, Codable, Sendable {
    /// The functional 项, e.g. "2010301".
    public var code: String
    /// 主要用于 …
    public var purpose: String
    /// Last year's budget of the 项.
    public var prior: Fen?
    /// Why it changed against last year.
    public var reason: String

    public init(code: String, purpose: String = "", prior: Fen? = nil, reason: String = "") {
        self.code = code
        self.purpose = purpose
        self.prior = prior
        self.reason = reason
    }
}

/// A part of a project's 项目经费情况说明 (Shanghai), entered by the clerk.
public enum ProjectTextField: String, CaseIterable, Codable, Sendable {
    case overview
    case basis
    case executor
    case plan
    case period
    case schedule

    public var chineseName: String {
        switch self {
        case .overview: "项目概述"
        case .basis: "立项依据"
        case .executor: "实施主体"
        case .plan: "实施方案"
        case .period: "实施周期"
        case .schedule: "年度预算安排"
        }
    }
}

/// Everything of the disclosure document that is not computed from the line items.
public struct DocumentData: Equatable, Sendable {
    public var texts: [TextSection: [String]]
    public var departmentGoals: [DepartmentGoal]
    /// Per project in project order (every project, with or without indicators).
    public var performance: [ProjectPerformance]
    public var procurement: [ProcurementRow]
    public var assets: AssetHoldings
    public var prior: PriorYear
    public var glossary: [GlossaryEntry]
    /// Whether the glossary is the standard one (the clerk entered none): a template's own
    /// standard entries then stand in its place.
    public var glossaryIsStandard = false
    public var operationCostScope: OperationCostScope
    /// The amount each project declares (申报/批复), when given: the items must add up to it.
    public var declaredProjectAmounts: [String: Fen]
    /// The clerk's notes on each 项 of spending, by functional code.
    public var lineNotes: [String: SpendingLineNote] = [:]
    /// Last year's figure of each economic 款 (same scope as the 项's) and the reason for a
    /// change, by economic code.
    public var economicNotes: [String: SpendingLineNote] = [:]
    /// Each project's 项目经费情况说明, by project name.
    public var projectTexts: [String: [ProjectTextField: String]] = [:]
    /// The roster and what was calculated from it, when the project has one.
    public var roster: RosterFacts?
    /// The finance bureau's 控制数, in key order.
    public var caps: [BudgetCap] = []
    /// Each cap against the line items (nil: not computed; only `check` and the caps' own views
    /// read the line items for it).
    public var capExecution: [CapExecution]?

    public init(
        texts: [TextSection: [String]] = [:], departmentGoals: [DepartmentGoal] = [], performance: [ProjectPerformance] = [],
        procurement: [ProcurementRow] = [], assets: AssetHoldings = AssetHoldings(), prior: PriorYear = PriorYear(),
        glossary: [GlossaryEntry] = [], operationCostScope: OperationCostScope = .all, declaredProjectAmounts: [String: Fen] = [:]
    ) {
        self.texts = texts
        self.departmentGoals = departmentGoals
        self.performance = performance
        self.procurement = procurement
        self.assets = assets
        self.prior = prior
        self.glossary = glossary
        self.operationCostScope = operationCostScope
        self.declaredProjectAmounts = declaredProjectAmounts
    }

    public func text(_ section: TextSection) -> [String] { texts[section] ?? [] }

    /// The projects that have a performance-target table: a goal or an indicator, in project order.
    public var performanceTables: [ProjectPerformance] {
        performance.filter { !$0.indicators.isEmpty || !$0.goal.isEmpty }
    }

    /// The projects with neither a goal nor an indicator yet.
    public var projectsWithoutTargets: [String] {
        performance.filter { $0.indicators.isEmpty && $0.goal.isEmpty }.map(\.project)
    }
}

/// The standard 名词解释 a new project starts with; the clerk may replace them.
public enum StandardGlossary {
    public static let entries: [GlossaryEntry] = [
        GlossaryEntry(term: "一般公共预算拨款收入", text: "指本级财政当年拨付的资金。"),
        GlossaryEntry(term: "事业收入", text: "指事业单位开展专业业务活动及辅助活动所取得的收入。"),
        GlossaryEntry(term: "其他收入", text: "指除“一般公共预算拨款收入”、“事业收入”等以外的收入。主要是按规定动用的租房收入、存款利息收入等。"),
        GlossaryEntry(term: "基本支出", text: "指为保障机构正常运转、完成日常工作而发生的人员支出和公用支出。"),
        GlossaryEntry(term: "项目支出", text: "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
        GlossaryEntry(term: "上缴上级支出", text: "指下级单位上缴上级的支出。"),
        GlossaryEntry(
            term: "“三公”经费",
            text:
                "纳入本级财政预算管理的“三公”经费，是指部门用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出；公务用车购置及运行维护费反映单位公务用车购置费及租用费、燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。"
        ),
        GlossaryEntry(
            term: "机关运行经费",
            text: "是指各部门的公用经费，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。"),
        GlossaryEntry(term: "上年结转", text: "指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。"),
        GlossaryEntry(term: "事业单位经营支出", text: "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。"),
    ]
}
