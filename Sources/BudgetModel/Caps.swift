import Foundation

/// The finance bureau's 控制数: a cap on the drafted spending of one unit (or the department as a
/// whole), from one funding source, of one expenditure type (or both), and optionally of one
/// project or one economic 类, as the bureau hands it down in a round (一下, 二下 …).
///
/// Which line items a cap covers (``covers(_:)``):
/// - its unit's items, or every unit's when `unitCode` is "" (全部门);
/// - its funding source's items only;
/// - `type` nil covers every type: 基本支出, 项目支出, and also 经营支出, 上解上级支出 and 对附属单位补助支出,
///   which the bureau never caps on their own; `.basic` covers 基本支出 and `.project` 项目支出 only
///   (so those other three types count only under a cap without a type);
/// - with a project, that project's items only; with an economic 类 (302), the items whose 款
///   starts with it.
public struct BudgetCap: Equatable, Codable, Sendable {
    /// The cap's number in the project file; nil before it is stored.
    public var id: Int64?
    /// 轮次: 一下, 二下 …; "" not said.
    public var round: String
    /// 收到日期, YYYY-MM-DD; "" not said.
    public var received: String
    /// "" the department as a whole (全部门).
    public var unitCode: String
    public var source: FundingSource
    /// nil: both 基本支出 and 项目支出 (and every other type); only `.basic` or `.project` otherwise.
    public var type: ExpenditureType?
    /// "" no project.
    public var project: String
    /// "" none, or a 3-digit economic 类 such as 302.
    public var economicClass: String
    public var amount: Fen
    public var note: String

    public init(
        id: Int64? = nil, round: String = "", received: String = "", unitCode: String = "", source: FundingSource,
        type: ExpenditureType? = nil, project: String = "", economicClass: String = "", amount: Fen, note: String = ""
    ) {
        self.id = id
        self.round = round
        self.received = received
        self.unitCode = unitCode
        self.source = source
        self.type = type
        self.project = project
        self.economicClass = economicClass
        self.amount = amount
        self.note = note
    }

    /// What makes a cap the one it is: two caps with the same key are the same cap (the file's
    /// UNIQUE constraint), whatever their amounts or rounds.
    public struct Key: Hashable, Comparable, Sendable {
        public var unitCode: String
        public var source: FundingSource
        public var type: ExpenditureType?
        public var project: String
        public var economicClass: String

        var order: [String] {
            [unitCode, String(FundingSource.allCases.firstIndex(of: source)!), type?.rawValue ?? "", project, economicClass]
        }

        public static func < (a: Key, b: Key) -> Bool { a.order.lexicographicallyPrecedes(b.order) }
    }

    public var key: Key { Key(unitCode: unitCode, source: source, type: type, project: project, economicClass: economicClass) }

    /// The types a cap may name.
    public static let types: [ExpenditureType] = [.basic, .project]

    /// Whether a line item counts towards this cap.
    public func covers(_ item: LineItem) -> Bool {
        guard item.source == source else { return false }
        if !unitCode.isEmpty && item.unitCode != unitCode { return false }
        if let type, item.type != type { return false }
        if !project.isEmpty && item.project != project { return false }
        if !economicClass.isEmpty && !item.economic.hasPrefix(economicClass) { return false }
        return true
    }

    /// The unit as the caps name it: its code, or 全部门.
    public var unitLabel: String { unitCode.isEmpty ? Self.wholeDepartment : unitCode }

    /// What a clerk writes for a cap of the whole department.
    public static let wholeDepartment = "全部门"

    /// The type as written: 基本支出, 项目支出, or 基本支出和项目支出.
    public var typeLabel: String { type?.chineseName ?? "全部支出" }

    /// “432001 一般公共预算拨款 基本支出”, with “项目“名称”” and “经济分类 302” when given.
    public var label: String {
        var parts = [unitLabel, source.chineseName, typeLabel]
        if !project.isEmpty { parts.append("项目“\(project)”") }
        if !economicClass.isEmpty { parts.append("经济分类 \(economicClass) 类") }
        return parts.joined(separator: " ")
    }
}

/// One cap against the draft: what the line items it covers add up to, and which they are.
public struct CapExecution: Equatable, Sendable {
    public var cap: BudgetCap
    /// The sum of the line items the cap covers (已编数).
    public var drafted: Fen
    /// The numbers of those line items, in the order given.
    public var lines: [Int64]

    public init(cap: BudgetCap, drafted: Fen, lines: [Int64]) {
        self.cap = cap
        self.drafted = drafted
        self.lines = lines
    }

    /// 差额: the cap less what is drafted; negative when the draft is over the cap.
    public var remaining: Fen { cap.amount - drafted }

    /// A unit ("" the department) and a source: where a cap applies.
    struct Place: Hashable {
        var unit: String
        var source: FundingSource
    }

    /// Compares every cap with the line items: one execution per cap, in the caps' order. Pure;
    /// an item may count under several caps (a unit's cap and the department's).
    public static func compare(_ caps: [BudgetCap], items: some Sequence<LineItem>) -> [CapExecution] {
        var out = caps.map { CapExecution(cap: $0, drafted: 0, lines: []) }
        guard !caps.isEmpty else { return out }
        // The caps by unit ("" the department's) and source: an item is asked only of the caps
        // of its own unit and source and of the department's for its source, so that a thousand
        // units' caps cost one pass over the items, not a thousand.
        var byPlace: [Place: [Int]] = [:]
        for (index, cap) in caps.enumerated() { byPlace[Place(unit: cap.unitCode, source: cap.source), default: []].append(index) }
        let department = Set(caps.filter(\.unitCode.isEmpty).map(\.source))
        for item in items {
            let own = byPlace[Place(unit: item.unitCode, source: item.source)] ?? []
            let whole = department.contains(item.source) ? byPlace[Place(unit: "", source: item.source)] ?? [] : []
            for index in own + whole where out[index].cap.covers(item) {
                out[index].drafted += item.amount
                if let id = item.id { out[index].lines.append(id) }
            }
        }
        return out
    }
}

/// How the caps changed between two states (two rounds): caps added, removed, and those whose
/// amount (or round) changed, matched by their ``BudgetCap/Key``.
public struct CapChange: Equatable, Sendable {
    public enum Kind: String, Sendable { case added, removed, changed }
    public var kind: Kind
    public var old: BudgetCap?
    public var new: BudgetCap?

    /// The cap either side has.
    public var cap: BudgetCap { (new ?? old)! }

    /// The changes from `old` to `new`, in key order: a cap whose amount, round, date or note
    /// changed is one change.
    public static func changes(old: [BudgetCap], new: [BudgetCap]) -> [CapChange] {
        let before = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [CapChange] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            switch (before[key], after[key]) {
            case (nil, let cap?): out.append(CapChange(kind: .added, old: nil, new: cap))
            case (let cap?, nil): out.append(CapChange(kind: .removed, old: cap, new: nil))
            case (var a?, let b?):
                let stored = a.id
                a.id = b.id
                if a != b {
                    a.id = stored
                    out.append(CapChange(kind: .changed, old: a, new: b))
                }
            default: break
            }
        }
        return out
    }

    /// “控制数修改：432001 一般公共预算拨款 基本支出：5,000,000.00 → 4,800,000.00 元（-200,000.00 元；一下 → 二下）”.
    public var description: String {
        let yuan = { (fen: Fen) in Money.groupedYuan(fen) + " 元" }
        let round = { (cap: BudgetCap) in cap.round.isEmpty ? "" : "，\(cap.round)" }
        switch kind {
        case .added: return "控制数新增：\(cap.label)：\(yuan(cap.amount))\(round(cap))"
        case .removed: return "控制数删除：\(cap.label)：\(yuan(cap.amount))\(round(cap))"
        case .changed:
            let (a, b) = (old!, new!)
            var parts: [String] = []
            if a.amount != b.amount {
                let delta = b.amount - a.amount
                parts.append("\(yuan(a.amount)) → \(yuan(b.amount))（\(delta > 0 ? "+" : "")\(yuan(delta))）")
            } else {
                parts.append("\(yuan(b.amount))（金额不变）")
            }
            if a.round != b.round { parts.append("轮次 \(a.round.isEmpty ? "（空）" : a.round) → \(b.round.isEmpty ? "（空）" : b.round)") }
            if a.received != b.received {
                parts.append("收到日期 \(a.received.isEmpty ? "（空）" : a.received) → \(b.received.isEmpty ? "（空）" : b.received)")
            }
            if a.note != b.note { parts.append("备注有改动") }
            return "控制数修改：\(b.label)：" + parts.joined(separator: "；")
        }
    }
}

/// The 控制数执行 table (`show caps`, the draft workbook's sheet): one row per cap.
extension CapExecution {
    /// The columns: six that say which cap, then three amounts, then the verdict.
    public static let columns = ["单位", "资金来源", "支出类型", "项目名称", "经济分类（类）", "轮次", "控制数", "已编数", "差额（控制数−已编数）", "执行情况"]

    /// The first six cells: the unit with its name (`unitName`, when known), source, type,
    /// project, 类 and round.
    public func labels(unitName: String?) -> [String] {
        let cap = cap
        let unit = cap.unitCode.isEmpty ? BudgetCap.wholeDepartment : unitName.map { "\(cap.unitCode) \($0)" } ?? cap.unitCode
        return [unit, cap.source.chineseName, cap.typeLabel, cap.project, cap.economicClass, cap.round]
    }

    /// 超出, 尚余 or 相符.
    public var verdict: String { remaining < 0 ? "超出" : remaining > 0 ? "尚余" : "相符" }
}
