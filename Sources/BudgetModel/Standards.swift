import Foundation

/// Rates and standards the 基本支出 is calculated by, each with its basis and its source: national
/// defaults ship with the tool, and a project keeps the ones its finance bureau set.

/// How a standard's value is kept and shown.
public enum StandardKind: String, CaseIterable, Codable, Sendable {
    /// A rate, in millionths (16 % is 160,000), shown as a percentage.
    case rate
    /// An amount in 分, shown in 元.
    case amount
    /// A number of months, in hundredths (1 month is 100).
    case months

    /// Parses a value as a clerk writes it: "16%" or "16" for a rate (at most four decimals of a
    /// percent, at most 100 %), "12,000.00" for an amount in 元, "1" or "1.5" for months.
    public func parse(_ text: String) -> Int64? {
        var folded = Vocabulary.fold(text).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",", with: "")
        switch self {
        case .rate:
            // Always a percentage: "16%" and "16" are 16 %, "0.5" is 0.5 % (a clerk writes
            // 失业保险 0.5, never 0.005). Parsed exactly with six decimals, no Double.
            if folded.hasSuffix("%") { folded.removeLast() }
            guard let scaled = try? Money.parse(folded, unit: .wan), scaled % 100 == 0, scaled / 100 <= 1_000_000 else { return nil }
            return scaled / 100
        case .amount:
            return try? Money.parse(folded, unit: .yuan)
        case .months:
            guard let fen = try? Money.parse(folded, unit: .yuan), fen <= 1_200 else { return nil }
            return fen
        }
    }

    /// "16%", "12,000.00 元", "1 个月".
    public func format(_ value: Int64) -> String {
        switch self {
        case .rate:
            // millionths → percent with up to four decimals, trailing zeros dropped.
            let whole = value / 10_000
            var fraction = String(value % 10_000)
            while fraction.count < 4 { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return fraction.isEmpty ? "\(whole)%" : "\(whole).\(fraction)%"
        case .amount:
            return Money.groupedYuan(value) + " 元"
        case .months:
            let text = Money.formatHundredths(value)
            return (text.hasSuffix(".00") ? String(text.dropLast(3)) : text) + " 个月"
        }
    }
}

/// One rate or standard: 住房公积金单位缴存比例 12 %, 公用经费定额（行政）12,000.00 元 ….
public struct Standard: Equatable, Codable, Sendable {
    /// A stable key (`housing-fund`, `quota-share:30201`).
    public var key: String
    public var name: String
    public var value: Int64
    public var kind: StandardKind
    /// What it applies to: 缴费基数, 工资总额, 每人每年 ….
    public var basis: String
    /// Where the value comes from: a document number, the bureau's notice.
    public var source: String

    public init(key: String, name: String, value: Int64, kind: StandardKind, basis: String, source: String) {
        self.key = key
        self.name = name
        self.value = value
        self.kind = kind
        self.basis = basis
        self.source = source
    }

    /// "16%" / "12,000.00 元".
    public var shownValue: String { kind.format(value) }

    /// The value as a file or a sheet writes it, and the parser reads it back: "16%", "12000.00", "1".
    public var fileValue: String {
        switch kind {
        case .rate: kind.format(value)
        case .amount: Money.formatYuan(value)
        case .months: kind.format(value).replacingOccurrences(of: " 个月", with: "")
        }
    }
}

/// The standards the calculator knows, with the defaults the tool ships.
public enum StandardKey: String, CaseIterable, Sendable {
    case pension = "pension"
    case annuity = "annuity"
    case medical = "medical"
    case civilServiceMedical = "civil-service-medical"
    case otherSocial = "other-social"
    case housingFund = "housing-fund"
    case union = "union"
    case welfare = "welfare"
    case yearEndBonus = "year-end-bonus"
    case quotaAdministrative = "quota-administrative"
    case quotaCivilServiceManaged = "quota-civil-service-managed"
    case quotaInstitution = "quota-institution"
    case perStudent = "per-student"
    case vehicle = "vehicle"
    case baseFloor = "base-floor"
    case baseCeiling = "base-ceiling"

    /// The default the tool ships: national rules where there is one, else 0 (not calculated
    /// until the bureau's figure is entered).
    public var standard: Standard {
        func rate(_ name: String, _ percentMillionths: Int64, _ basis: String, _ source: String) -> Standard {
            Standard(key: rawValue, name: name, value: percentMillionths, kind: .rate, basis: basis, source: source)
        }
        func amount(_ name: String, _ basis: String, _ source: String) -> Standard {
            Standard(key: rawValue, name: name, value: 0, kind: .amount, basis: basis, source: source)
        }
        let local = "地方标准：按本地财政、人社部门通知填写"
        switch self {
        case .pension:
            return rate(
                "机关事业单位基本养老保险单位缴费比例", 160_000, "缴费基数",
                "全国默认：国办发〔2019〕13号《降低社会保险费率综合方案》，单位缴费比例由20%降至16%；请按本地通知核对")
        case .annuity:
            return rate("职业年金单位缴费比例", 80_000, "缴费基数", "全国默认：国办发〔2015〕18号《机关事业单位职业年金办法》，单位缴费8%；请按本地通知核对")
        case .medical:
            return rate("职工基本医疗保险单位缴费比例（含生育保险）", 80_000, "缴费基数", "地方标准（一般为6%～10%）：此处8%仅为示例，请按本地医保部门通知填写")
        case .civilServiceMedical:
            return rate("公务员医疗补助缴费比例", 0, "缴费基数（行政编制、参公人员）", local)
        case .otherSocial:
            return rate("失业、工伤保险单位缴费比例（其他社会保障缴费）", 0, "缴费基数", local)
        case .housingFund:
            return rate(
                "住房公积金单位缴存比例", 120_000, "缴费基数",
                "全国默认：《住房公积金管理条例》及建金〔2005〕5号，单位缴存比例5%～12%，此处取12%；请按本地通知核对")
        case .union:
            return rate("工会经费", 20_000, "工资总额", "全国默认：《中华人民共和国工会法》，按全部职工工资总额的2%拨缴")
        case .welfare:
            return rate("福利费", 0, "工资总额", local)
        case .yearEndBonus:
            return Standard(
                key: rawValue, name: "年终一次性奖金", value: 100, kind: .months, basis: "月基本工资（在职人员）",
                source: "全国默认：机关事业单位年终一次性奖金为本人当年12月基本工资（一个月）；请按本地通知核对")
        case .quotaAdministrative: return amount("公用经费定额（行政单位）", "每人每年（在职人员）", local)
        case .quotaCivilServiceManaged: return amount("公用经费定额（参公单位）", "每人每年（在职人员）", local)
        case .quotaInstitution: return amount("公用经费定额（事业单位）", "每人每年（在职人员）", local)
        case .perStudent: return amount("生均公用经费", "每生每年", local)
        case .vehicle: return amount("公务用车运行维护费", "每辆每年", local)
        case .baseFloor: return amount("缴费基数下限", "每人每月（本地上年社平工资的 60%）", local)
        case .baseCeiling: return amount("缴费基数上限", "每人每月（本地上年社平工资的 300%）", local)
        }
    }

    /// The 公用经费定额 per person of a unit of this nature.
    public static func quota(for nature: UnitNature) -> StandardKey {
        switch nature {
        case .administrative: .quotaAdministrative
        case .civilServiceManaged: .quotaCivilServiceManaged
        case .institution: .quotaInstitution
        }
    }

    /// The 款 a clerk names a share of the 定额 by (`分配:30201`, `定额分配:30201`, or its key), or nil.
    public static func quotaShareCode(named text: String) -> String? {
        let folded = Vocabulary.fold(text).trimmingCharacters(in: .whitespaces)
        return ["分配:", "定额分配:", "quota-share:"].first(where: folded.hasPrefix).map { String(folded.dropFirst($0.count)) }
    }

    /// The key of the share of 公用经费定额 given to an economic 款 (`quota-share:30201`).
    public static func quotaShare(_ economic: String) -> String { "quota-share:" + economic }
    /// The 款 a share key names, or nil.
    public static func quotaShareCode(_ key: String) -> String? {
        key.hasPrefix("quota-share:") ? String(key.dropFirst("quota-share:".count)) : nil
    }
}

/// The standards a project calculates by: the ones it keeps, else the tool's defaults.
public struct StandardTable: Equatable, Sendable {
    /// The project's own, by key.
    public var kept: [String: Standard]

    public init(kept: [Standard] = []) {
        self.kept = Dictionary(kept.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    public subscript(key: StandardKey) -> Standard { kept[key.rawValue] ?? key.standard }
    public func value(_ key: StandardKey) -> Int64 { self[key].value }
    public func isDefault(_ key: StandardKey) -> Bool { kept[key.rawValue] == nil }

    /// The shares of 公用经费定额 by economic 款, in millionths, in code order.
    public var quotaShares: [(economic: String, share: Int64)] {
        kept.values.compactMap { standard in StandardKey.quotaShareCode(standard.key).map { ($0, standard.value) } }
            .sorted { $0.economic < $1.economic }
    }

    /// Every standard, the known ones first in their order, then the shares.
    public var all: [(standard: Standard, isDefault: Bool)] {
        StandardKey.allCases.map { (self[$0], isDefault($0)) }
            + quotaShares.compactMap { share in kept[StandardKey.quotaShare(share.economic)].map { ($0, false) } }
    }

    /// Finds a standard by key or by name as a clerk writes it (`住房公积金` finds
    /// 住房公积金单位缴存比例 when no other name holds it), or a share by `分配:30201`.
    public func find(_ text: String) -> Standard? {
        let folded = Vocabulary.fold(text).trimmingCharacters(in: .whitespaces)
        if let key = StandardKey(rawValue: folded) { return self[key] }
        if let kept = kept[folded] { return kept }
        if let code = StandardKey.quotaShareCode(named: folded) { return kept[StandardKey.quotaShare(code)] }
        // Names are compared as the query is read: brackets and spaces folded (（行政单位） = (行政单位)).
        let names = StandardKey.allCases.map { ($0, Vocabulary.fold(self[$0].name)) }
        let named = names.filter { $0.1 == folded }
        if named.count == 1 { return self[named[0].0] }
        let containing = names.filter { $0.1.contains(folded) }.map(\.0)
        return containing.count == 1 ? self[containing[0]] : nil
    }
}
