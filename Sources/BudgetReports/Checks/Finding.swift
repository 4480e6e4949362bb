import BudgetModel

/// One problem `budget check` found: where it is, what was expected, what was found, and the
/// line items behind it.
public struct Finding: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    /// The check's stable name, e.g. "sum", "identity", "zero-amount".
    public var check: String
    public var message: String
    public var table: String?
    public var row: String?
    public var column: String?
    /// Exact amounts in fen.
    public var expected: Fen?
    public var actual: Fen?
    public var items: [Int64]
    /// For a warning the clerk may confirm (`budget confirm`): what it is about, stable while the
    /// project changes (e.g. `small-pay:432001:30101`), and what it found (the amounts), so that
    /// a confirmation holds while they stay as they were and the warning comes back when they change.
    public var key: String?
    public var fingerprint: String?

    public init(
        severity: Severity, check: String, message: String, table: String? = nil, row: String? = nil,
        column: String? = nil, expected: Fen? = nil, actual: Fen? = nil, items: [Int64] = [], key: String? = nil,
        fingerprint: String? = nil
    ) {
        self.severity = severity
        self.check = check
        self.message = message
        self.table = table
        self.row = row
        self.column = column
        self.expected = expected
        self.actual = actual
        self.items = items
        self.key = key
        self.fingerprint = fingerprint
    }
}
