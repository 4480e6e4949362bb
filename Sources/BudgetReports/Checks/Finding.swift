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

    public init(
        severity: Severity, check: String, message: String, table: String? = nil, row: String? = nil,
        column: String? = nil, expected: Fen? = nil, actual: Fen? = nil, items: [Int64] = []
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
    }
}
