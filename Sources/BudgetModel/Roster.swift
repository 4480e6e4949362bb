import Foundation

/// Who works in a unit (基础信息): groups of people with the same category and pay standard, from
/// which the unit's 人员经费 and 公用经费 are calculated (`BasicCalculator`).

/// A roster group's category (人员类别).
public enum StaffCategory: String, CaseIterable, Codable, Sendable {
    case administrative = "行政编制"
    case civilServiceManaged = "参公"
    case institution = "事业编制"
    case worker = "工勤"
    case contract = "编外聘用"
    case retiredCadre = "离休"
    case retired = "退休"

    /// Serving staff draw pay; 离休 and 退休 draw 离退休费.
    public var isServing: Bool { self != .retiredCadre && self != .retired }
    /// Staff under the civil-service pay system, who get 公务员医疗补助.
    public var isCivilService: Bool { self == .administrative || self == .civilServiceManaged }
    /// Staff on the establishment (编制内 and 工勤), whose pay and contributions follow the
    /// standards; 编外聘用 are paid under contract, without the 机关事业 contributions.
    public var isEstablished: Bool { isServing && self != .contract }

    /// Reads the category as clerks write it: its name, or a common short form.
    public init?(clerkText: String) {
        let folded = Vocabulary.fold(clerkText).replacingOccurrences(of: " ", with: "")
        if let exact = StaffCategory(rawValue: folded) {
            self = exact
            return
        }
        switch folded {
        case "行政", "公务员": self = .administrative
        case "参照公务员法管理", "参公管理": self = .civilServiceManaged
        case "事业", "事业人员": self = .institution
        case "工勤人员", "机关工勤": self = .worker
        case "编外", "聘用", "编外人员", "聘用人员": self = .contract
        case "离休人员", "离休干部": self = .retiredCadre
        case "退休人员": self = .retired
        default: return nil
        }
    }

    public static var namesForMessages: String { allCases.map(\.rawValue).joined(separator: "、") }
}

/// People of one category in one unit paid by one standard: "科员 10 人", "退休 4 人".
///
/// Amounts are per person per month, in 分. Serving staff have pay components; 离休 and 退休 have
/// 离退休费 and 补贴. `months` is how many months of the year the group is paid: a person who joins
/// in April counts 9.
public struct RosterGroup: Equatable, Codable, Sendable {
    /// The group's number in the project file; nil before it is stored.
    public var id: Int64?
    public var unitCode: String
    public var category: StaffCategory
    /// What the clerk calls the group (科员, 专技人员, 新录用); may be empty.
    public var name: String
    /// 实有人数.
    public var headcount: Int
    /// 编制数, for reference and the check that it is not exceeded.
    public var establishment: Int?
    /// Months paid this year, 1 to 12.
    public var months: Int
    /// 基本工资 (职务/级别 or 岗位/薪级 工资) per person per month.
    public var basicPay: Fen
    /// 津贴补贴 per person per month.
    public var allowances: Fen
    /// 绩效工资 per person per month (事业单位).
    public var performancePay: Fen
    /// 伙食补助费 per person per month.
    public var mealAllowance: Fen
    /// 社会保险和住房公积金的月缴费基数 per person; nil: 基本工资 + 津贴补贴 + 绩效工资.
    public var contributionBase: Fen?
    /// 离休费 or 退休费 per person per month.
    public var pension: Fen
    /// 离退休人员的补贴 per person per month (paid with the 离退休费).
    public var pensionSupplement: Fen

    public init(
        id: Int64? = nil, unitCode: String, category: StaffCategory, name: String = "", headcount: Int, establishment: Int? = nil,
        months: Int = 12, basicPay: Fen = 0, allowances: Fen = 0, performancePay: Fen = 0, mealAllowance: Fen = 0,
        contributionBase: Fen? = nil, pension: Fen = 0, pensionSupplement: Fen = 0
    ) {
        self.id = id
        self.unitCode = unitCode
        self.category = category
        self.name = name
        self.headcount = headcount
        self.establishment = establishment
        self.months = months
        self.basicPay = basicPay
        self.allowances = allowances
        self.performancePay = performancePay
        self.mealAllowance = mealAllowance
        self.contributionBase = contributionBase
        self.pension = pension
        self.pensionSupplement = pensionSupplement
    }

    /// The monthly contribution base per person: the stated one, else the pay it is usually
    /// taken from (基本工资 + 津贴补贴 + 绩效工资).
    public var effectiveContributionBase: Fen { contributionBase ?? basicPay + allowances + performancePay }

    /// How the group is named in formulas: its name, else its category.
    public var label: String { name.isEmpty ? category.rawValue : name }

    /// Person-months: the count times the months paid.
    public var personMonths: Int64 { Int64(headcount) * Int64(months) }

    /// Bounds a stored group keeps: counts up to 1,000,000 people, monthly amounts up to
    /// 1,000,000 元 per person.
    public static let maximumHeadcount = 1_000_000
    public static let maximumMonthlyFen: Fen = 100_000_000
}

/// What the calculator needs to know of a unit beyond its roster.
public struct UnitProfile: Equatable, Codable, Sendable {
    public var unitCode: String
    /// The 功能分类 项 its pay and 公用经费 are charged to (行政运行, 事业运行, 小学教育 …); nil:
    /// taken from the unit's own 30101 lines when they use one 项.
    public var mainFunctional: String?
    /// 公务用车 (实有车辆数), for 30231 公务用车运行维护费.
    public var vehicles: Int
    /// 在校学生数, for 生均公用经费.
    public var students: Int

    public init(unitCode: String, mainFunctional: String? = nil, vehicles: Int = 0, students: Int = 0) {
        self.unitCode = unitCode
        self.mainFunctional = mainFunctional
        self.vehicles = vehicles
        self.students = students
    }
}

/// What the checks of the roster look at (only read when the project has a roster or generated
/// lines): the roster, the standards, each unit's 基本支出 by economic 款 and nature, and what
/// the calculation made against the items as they are now.
public struct RosterFacts: Equatable, Sendable {
    public var groups: [RosterGroup]
    public var profiles: [String: UnitProfile]
    public var standards: StandardTable
    /// 基本支出 per unit and economic 款 (all sources).
    public var basicByEconomic: [String: [String: Fen]]
    /// 基本支出 公用经费 per unit.
    public var publicFunds: [String: Fen]
    /// Generated items edited since: item number, unit, codes, the amount made and the amount now.
    public var edited: [EditedLine]
    /// The clerk's own 基本支出 items on a unit and code the calculation also made: counted twice.
    public var typedAlongside: [LineItem] = []
    /// Whether the figures above were read (only `check` reads them); without them the roster
    /// checks say nothing.
    public var linesRead = true

    public struct EditedLine: Equatable, Sendable {
        public var itemID: Int64
        public var unitCode: String
        public var functional: String
        public var economic: String
        public var generated: Fen
        public var now: Fen

        public init(itemID: Int64, unitCode: String, functional: String, economic: String, generated: Fen, now: Fen) {
            self.itemID = itemID
            self.unitCode = unitCode
            self.functional = functional
            self.economic = economic
            self.generated = generated
            self.now = now
        }
    }

    public init(
        groups: [RosterGroup], profiles: [String: UnitProfile] = [:], standards: StandardTable = StandardTable(),
        basicByEconomic: [String: [String: Fen]] = [:], publicFunds: [String: Fen] = [:], edited: [EditedLine] = []
    ) {
        self.groups = groups
        self.profiles = profiles
        self.standards = standards
        self.basicByEconomic = basicByEconomic
        self.publicFunds = publicFunds
        self.edited = edited
    }
}
