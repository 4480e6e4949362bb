import BudgetModel

/// A compiled `FilterSpec`: bit masks and prefixes, quick to test against every line item.
public struct ItemFilter: Sendable, Hashable {
    var sources: UInt16 = .max
    var types: UInt8 = .max
    var natures: UInt8 = .max
    var functionalPrefixes: [String]?
    var economicCodes: [String]?
    /// Units, for a cell that counts only some units' items (机关运行经费 of 行政 and 参公 units);
    /// only line items carry a unit, so such a filter is for provenance, not for totals.
    var units: Set<String>?
    /// Matches nothing (an intersection that cannot hold).
    var impossible = false

    /// The units the filter is limited to, if any: a locator may look at those units' items only.
    public var unitCodes: Set<String>? { units }

    public static let all = ItemFilter()

    init() {}

    init(_ spec: FilterSpec?) {
        guard let spec else { return }
        if let sources = spec.sources { self.sources = Self.mask(sources, FundingSource.allCases) }
        if let types = spec.types { self.types = UInt8(Self.mask(types, ExpenditureType.allCases)) }
        if let natures = spec.natures { self.natures = UInt8(Self.mask(natures, CostNature.allCases)) }
        functionalPrefixes = spec.functionalPrefixes
        economicCodes = spec.economicCodes
    }

    static func mask<T: Equatable>(_ values: [T], _ all: [T]) -> UInt16 {
        values.reduce(0) { $0 | (1 << UInt16(all.firstIndex(of: $1)!)) }
    }

    /// Both filters at once.
    func and(_ other: ItemFilter) -> ItemFilter {
        var out = ItemFilter()
        out.sources = sources & other.sources
        out.types = types & other.types
        out.natures = natures & other.natures
        out.functionalPrefixes = Self.intersect(functionalPrefixes, other.functionalPrefixes, &out.impossible)
        out.economicCodes = Self.intersect(economicCodes, other.economicCodes, &out.impossible)
        out.units = units.map { mine in other.units.map { mine.intersection($0) } ?? mine } ?? other.units
        out.impossible = out.impossible || impossible || other.impossible
        return out
    }

    static func intersect(_ a: [String]?, _ b: [String]?, _ impossible: inout Bool) -> [String]? {
        guard let a else { return b }
        guard let b else { return a }
        var out: [String] = []
        for x in a {
            for y in b {
                if x.hasPrefix(y) { out.append(x) } else if y.hasPrefix(x) { out.append(y) }
            }
        }
        if out.isEmpty { impossible = true }
        return out
    }

    public func matches(_ item: some Classified) -> Bool {
        if impossible { return false }
        if sources != .max, sources & (1 << UInt16(FundingSource.allCases.firstIndex(of: item.source)!)) == 0 { return false }
        if types != .max, types & (1 << UInt8(ExpenditureType.allCases.firstIndex(of: item.type)!)) == 0 { return false }
        if natures != .max {
            guard let nature = item.nature, natures & (1 << UInt8(CostNature.allCases.firstIndex(of: nature)!)) != 0 else { return false }
        }
        if let prefixes = functionalPrefixes, !prefixes.contains(where: { item.functional.hasPrefix($0) }) { return false }
        if let codes = economicCodes, !codes.contains(where: { item.economic.hasPrefix($0) }) { return false }
        if let units, !(item.unitForFilter.map(units.contains) ?? false) { return false }
        return true
    }

    /// Items under one of these functional codes.
    static func functional(_ prefixes: [String]) -> ItemFilter {
        var filter = ItemFilter()
        filter.functionalPrefixes = prefixes
        return filter
    }

    /// Items under one of these economic codes.
    static func economic(_ prefixes: [String]) -> ItemFilter {
        var filter = ItemFilter()
        filter.economicCodes = prefixes
        return filter
    }

    /// 机关运行经费: 一般公共预算 (with its carry-over) 基本支出 公用经费, of these units only when given.
    static func operationCosts(units: Set<String>?) -> ItemFilter {
        var filter = ItemFilter(FilterSpec(sources: [.general, .carryoverGeneral], types: [.basic], natures: [.publicFunds]))
        filter.units = units
        return filter
    }

    /// The same filter restricted to one code and its descendants.
    func under(_ kind: CodeKind, _ code: String) -> ItemFilter {
        var spec = ItemFilter()
        if kind == .functional { spec.functionalPrefixes = [code] } else { spec.economicCodes = [code] }
        return and(spec)
    }

    /// The filter in words: "资金来源为 一般公共预算拨款、…；支出类型为 基本支出；经济分类为 30226 及其下级".
    public var summary: String {
        if impossible { return "没有明细符合（条件互相矛盾）" }
        var parts: [String] = []
        func names<T>(_ mask: UInt16, _ all: [T], _ name: (T) -> String) -> String {
            all.enumerated().filter { mask & (1 << UInt16($0.offset)) != 0 }.map { name($0.element) }.joined(separator: "、")
        }
        if sources != .max { parts.append("资金来源为 " + names(sources, FundingSource.allCases, \.chineseName)) }
        if types != .max { parts.append("支出类型为 " + names(UInt16(types), ExpenditureType.allCases, \.chineseName)) }
        if natures != .max { parts.append("经费类型为 " + names(UInt16(natures), CostNature.allCases, \.chineseName)) }
        if let prefixes = functionalPrefixes { parts.append("功能分类为 " + prefixes.joined(separator: "、") + " 及其下级") }
        if let codes = economicCodes { parts.append("经济分类为 " + codes.joined(separator: "、") + " 及其下级") }
        if let units { parts.append("单位为 " + units.sorted().joined(separator: "、")) }
        return parts.isEmpty ? "全部预算明细的金额之和" : "预算明细中" + parts.joined(separator: "；") + "的金额之和"
    }
}
