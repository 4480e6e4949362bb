/// The kinds of spending a line item can be (支出类型).
public enum ExpenditureType: String, CaseIterable, Codable, Sendable {
    case basic, project, operating, remit, subsidy

    public var chineseName: String {
        switch self {
        case .basic: "基本支出"
        case .project: "项目支出"
        case .operating: "经营支出"
        case .remit: "上解上级支出"
        case .subsidy: "对附属单位补助支出"
        }
    }
}

/// Whether a 基本支出 item is 人员经费 or 公用经费 (经费类型).
public enum CostNature: String, CaseIterable, Codable, Sendable {
    case personnel
    case publicFunds = "public"

    public var chineseName: String { self == .personnel ? "人员经费" : "公用经费" }

    /// The default from the economic class: 301 and 303 are 人员经费, everything else 公用经费.
    public static func defaultFor(economic code: String) -> CostNature {
        code.hasPrefix("301") || code.hasPrefix("303") ? .personnel : .publicFunds
    }
}

/// Where the money comes from (资金来源).
public enum FundingSource: String, CaseIterable, Codable, Sendable {
    case general, fund, soe, special, business, operating, superior, affiliate, other
    case carryoverGeneral = "carryover-general"
    case carryoverFund = "carryover-fund"
    case carryoverSoe = "carryover-soe"
    case carryoverOther = "carryover-other"

    public var chineseName: String {
        switch self {
        case .general: "一般公共预算拨款"
        case .fund: "政府性基金预算拨款"
        case .soe: "国有资本经营预算拨款"
        case .special: "财政专户管理资金"
        case .business: "事业收入"
        case .operating: "事业单位经营收入"
        case .superior: "上级补助收入"
        case .affiliate: "附属单位上缴收入"
        case .other: "其他收入"
        case .carryoverGeneral: "财政拨款结转结余（一般公共预算）"
        case .carryoverFund: "财政拨款结转结余（政府性基金预算）"
        case .carryoverSoe: "财政拨款结转结余（国有资本经营预算）"
        case .carryoverOther: "其他结转结余"
        }
    }

    /// True for money carried over from earlier years (上年结转结余).
    public var isCarryover: Bool {
        switch self {
        case .carryoverGeneral, .carryoverFund, .carryoverSoe, .carryoverOther: true
        default: false
        }
    }
}

/// The nature of a unit (单位性质).
public enum UnitNature: String, CaseIterable, Codable, Sendable {
    case administrative = "行政"
    case institution = "事业"
    case civilServiceManaged = "参公"
}

/// Reading the names clerks write into the English or Chinese value of a field.
public enum Vocabulary {
    /// Folds full-width letters, brackets and spaces so that "（一般公共预算）" matches "(一般公共预算)".
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000, 0x20, 0x09: continue
            default: out.append(scalar)
            }
        }
        return String(out).lowercased()
    }

    public static func expenditureType(_ text: String) -> ExpenditureType? {
        let key = fold(text)
        for type in ExpenditureType.allCases where key == type.rawValue || key == fold(type.chineseName) {
            return type
        }
        switch key {
        case "上缴上级支出": return .remit
        default: return nil
        }
    }

    public static func costNature(_ text: String) -> CostNature? {
        let key = fold(text)
        for nature in CostNature.allCases where key == nature.rawValue || key == fold(nature.chineseName) {
            return nature
        }
        switch key {
        case "人员", "人员类": return .personnel
        case "公用", "公用类", "日常公用经费": return .publicFunds
        default: return nil
        }
    }

    public static func fundingSource(_ text: String) -> FundingSource? {
        let key = fold(text)
        for source in FundingSource.allCases where key == source.rawValue || key == fold(source.chineseName) {
            return source
        }
        let aliases: [String: FundingSource] = [
            "一般公共预算": .general, "一般公共预算拨款收入": .general, "一般公共预算财政拨款": .general,
            "政府性基金预算": .fund, "政府性基金预算拨款收入": .fund, "政府性基金预算财政拨款": .fund, "政府性基金": .fund,
            "政府性基金拨款": .fund, "国有资本经营": .soe, "国资预算": .soe,
            "国有资本经营预算": .soe, "国有资本经营预算拨款收入": .soe, "国有资本经营预算财政拨款": .soe,
            "财政专户管理资金收入": .special, "财政专户收入": .special, "财政专户核拨": .special,
            "经营收入": .operating,
            "财政拨款结转结余(一般公共预算拨款)": .carryoverGeneral,
            "财政拨款结转结余(政府性基金预算拨款)": .carryoverFund,
            "财政拨款结转结余(国有资本经营预算拨款)": .carryoverSoe,
            "其他结转": .carryoverOther, "非财政拨款结转结余": .carryoverOther,
        ]
        return aliases[key]
    }

    /// Words that name a carry-over without saying which kind: refused with this hint.
    public static func isAmbiguousCarryover(_ text: String) -> Bool {
        ["carryover", "上年结转结余", "上年结转", "结转结余", "财政拨款结转结余"].contains(fold(text))
    }

    /// “财政拨款” alone: one of three budgets; the clerk is asked which.
    public static func isAmbiguousAppropriation(_ text: String) -> Bool {
        ["财政拨款", "财政拨款收入", "财政拨款资金", "财政资金"].contains(fold(text))
    }

    public static let appropriationHint =
        "“财政拨款”要写明是哪一种：general（一般公共预算拨款）、fund（政府性基金预算拨款）或 soe（国有资本经营预算拨款）"

    public static func unitNature(_ text: String) -> UnitNature? {
        let key = fold(text)
        for nature in UnitNature.allCases where key == nature.rawValue { return nature }
        switch key {
        case "行政单位", "administrative", "admin": return .administrative
        case "事业单位", "institution": return .institution
        case "参照公务员法管理", "参照公务员法管理的事业单位", "civil-service": return .civilServiceManaged
        default: return nil
        }
    }

    /// The accepted spellings, for error messages and help text.
    public static let typeChoices = ExpenditureType.allCases.map { "\($0.rawValue)/\($0.chineseName)" }.joined(separator: "、")
    public static let natureChoices = CostNature.allCases.map { "\($0.rawValue)/\($0.chineseName)" }.joined(separator: "、")
    public static let sourceChoices = FundingSource.allCases.map { "\($0.rawValue)/\($0.chineseName)" }.joined(separator: "、")
    public static let carryoverHint =
        "上年结转结余要写明是哪一种：carryover-general（财政拨款结转结余·一般公共预算）、carryover-fund（·政府性基金预算）、carryover-soe（·国有资本经营预算）或 carryover-other（其他结转结余）"
}
