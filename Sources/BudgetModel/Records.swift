/// The department whose budget a project file holds.
public struct Department: Equatable, Codable, Sendable {
    /// The department code the finance bureau uses, e.g. "432".
    public var code: String
    public var name: String
    /// The budget year, e.g. 2023.
    public var year: Int

    public init(code: String, name: String, year: Int) {
        self.code = code
        self.name = name
        self.year = year
    }
}

/// A budget unit of the department: 本级 or a subordinate unit.
public struct BudgetUnit: Equatable, Codable, Sendable {
    public var code: String
    public var name: String
    public var nature: UnitNature
    /// 单位规格, e.g. "副处（县）级". Free text.
    public var level: String
    /// 经费保障形式, e.g. "财政拨款", "财政性资金基本保证". Free text.
    public var fundingForm: String

    public init(code: String, name: String, nature: UnitNature, level: String = "", fundingForm: String = "") {
        self.code = code
        self.name = name
        self.nature = nature
        self.level = level
        self.fundingForm = fundingForm
    }
}

/// A 项目 that 项目支出 line items belong to.
public struct BudgetProject: Equatable, Codable, Sendable {
    public var name: String
    /// The unit that runs the project, if one is named.
    public var unitCode: String?
    public var note: String
    /// Whether it goes on next year; nil: not said yet.
    public var kind: ProjectKind?

    public init(name: String, unitCode: String? = nil, note: String = "", kind: ProjectKind? = nil) {
        self.name = name
        self.unitCode = unitCode
        self.note = note
        self.kind = kind
    }
}

/// Whether a project goes on next year (项目类别), which decides what `budget rollover` carries.
public enum ProjectKind: String, CaseIterable, Codable, Sendable {
    /// 一次性项目: done this year, left behind by the rollover.
    case oneOff = "one-off"
    /// 经常性项目: spent every year, carried.
    case recurring
    /// 延续性项目: runs over several years, carried.
    case continuing

    public var chineseName: String {
        switch self {
        case .oneOff: "一次性"
        case .recurring: "经常性"
        case .continuing: "延续"
        }
    }

    /// Whether next year's draft starts with it.
    public var carriesOver: Bool { self != .oneOff }

    public static func parse(_ text: String) -> ProjectKind? {
        switch Vocabulary.fold(text) {
        case "one-off", "oneoff", "一次性", "一次性项目", "一次": .oneOff
        case "recurring", "经常性", "经常性项目", "经常", "常年", "常年性": .recurring
        case "continuing", "延续", "延续性", "延续性项目", "延续项目", "跨年": .continuing
        default: nil
        }
    }

    /// The words a clerk may write, for messages.
    public static let choices = "一次性、经常性、延续"
}

/// One line of the draft budget: an amount coded by unit, functional and economic class,
/// expenditure type and funding source.
public struct LineItem: Equatable, Codable, Sendable {
    /// The item's number in the project file; nil before it is stored.
    public var id: Int64?
    public var unitCode: String
    public var functional: String
    public var economic: String
    public var type: ExpenditureType
    /// 人员经费 or 公用经费, for 基本支出 only.
    public var nature: CostNature?
    /// The project, for 项目支出 only.
    public var project: String?
    public var source: FundingSource
    public var amount: Fen
    public var note: String

    public init(
        id: Int64? = nil, unitCode: String, functional: String, economic: String, type: ExpenditureType,
        nature: CostNature? = nil, project: String? = nil, source: FundingSource, amount: Fen, note: String = ""
    ) {
        self.id = id
        self.unitCode = unitCode
        self.functional = functional
        self.economic = economic
        self.type = type
        self.nature = type == .basic ? (nature ?? CostNature.defaultFor(economic: economic)) : nature
        self.project = project
        self.source = source
        self.amount = amount
        self.note = note
    }
}

/// Everything a project file holds, read in one transaction.
public struct ProjectSnapshot: Sendable {
    public var department: Department
    public var units: [BudgetUnit]
    public var projects: [BudgetProject]
    public var items: [LineItem]
    public var codes: CodeBook

    public init(department: Department, units: [BudgetUnit], projects: [BudgetProject], items: [LineItem], codes: CodeBook) {
        self.department = department
        self.units = units
        self.projects = projects
        self.items = items
        self.codes = codes
    }
}
