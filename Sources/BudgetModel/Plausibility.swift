/// Line items summed per unit, functional code, economic code and source: what the checks that
/// question amounts (an implausibly small pay, money that does not fit the unit's nature) need,
/// since the kept totals sum over units. Only the items those checks look at are read (301 and
/// 303 lines, 事业收入 and 经营收入, functional 项 ending in 01 or 50, where 行政运行 and 事业运行 are),
/// and told apart only as far as those checks need: the functional code when it ends in 01 or 50
/// (else ""), the economic code when it is 30101 or 30107 (else its class, "301", "302" …).
public struct UnitLineTotal: Sendable, Hashable {
    public var unit: String
    public var functional: String
    public var economic: String
    public var source: FundingSource
    public var amount: Fen
    public var count: Int

    public init(unit: String, functional: String, economic: String, source: FundingSource, amount: Fen, count: Int = 1) {
        self.unit = unit
        self.functional = functional
        self.economic = economic
        self.source = source
        self.amount = amount
        self.count = count
    }

    /// Sums line items the straightforward way (tests and in-memory projects).
    public static func summing(_ items: [LineItem]) -> [UnitLineTotal] {
        var sums: [UnitLineTotal: (Fen, Int)] = [:]
        for item in items {
            let functional = ["01", "50"].contains(String(item.functional.suffix(2))) ? item.functional : ""
            let economic = ["30101", "30107"].contains(item.economic) ? item.economic : String(item.economic.prefix(3))
            let key = UnitLineTotal(unit: item.unitCode, functional: functional, economic: economic, source: item.source, amount: 0, count: 0)
            let old = sums[key] ?? (0, 0)
            sums[key] = (old.0 + item.amount, old.1 + 1)
        }
        return sums.map { key, value in
            var total = key
            (total.amount, total.count) = value
            return total
        }.sorted { ($0.unit, $0.functional, $0.economic, $0.source.rawValue) < ($1.unit, $1.functional, $1.economic, $1.source.rawValue) }
    }
}

/// A warning the clerk has looked at and confirmed (`budget confirm`): it stays silent while what
/// it found (its fingerprint: the items' amounts) is unchanged, and comes back when they change.
public struct Confirmation: Sendable, Equatable, Codable {
    /// The warning's key, e.g. `small-pay:432001:30101`.
    public var key: String
    /// What the warning found when it was confirmed, e.g. `30101=10200`.
    public var fingerprint: String
    /// The check's stable name.
    public var check: String
    /// The warning's message as the clerk saw it.
    public var message: String
    /// The clerk's note (说明), may be empty.
    public var note: String
    /// When, local time "2026-11-25 20:31:07".
    public var confirmed: String

    public init(key: String, fingerprint: String, check: String, message: String, note: String = "", confirmed: String) {
        self.key = key
        self.fingerprint = fingerprint
        self.check = check
        self.message = message
        self.note = note
        self.confirmed = confirmed
    }
}
