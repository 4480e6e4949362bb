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

/// The checks, in the order they run. Each is a pure function of the project and its tables.
public enum Checks {
    /// Finds the ids of the line items a filter selects; called only for findings.
    public typealias ItemLocator = (ItemFilter) -> [Int64]

    /// Checks computed from every line item of a snapshot.
    public static func run(_ snapshot: ProjectSnapshot, _ reports: ReportSet) -> [Finding] {
        run(BudgetData(snapshot), reports) { filter in snapshot.items.filter(filter.matches).compactMap(\.id) }
    }

    public static func run(_ data: BudgetData, _ reports: ReportSet, locate: ItemLocator) -> [Finding] {
        var findings: [Finding] = []
        findings += sums(reports, locate)
        findings += identities(reports, locate)
        findings += unplacedClasses(data, locate)
        findings += unnamedCodes(reports)
        findings += userCodes(data, locate)
        findings += zeroAmounts(data)
        findings += emptyProjects(data)
        findings += emptyUnits(data)
        findings += rounding(reports)
        return findings
    }

    static func place(_ table: ReportTable, row: Int, column: Int) -> (table: String, row: String, column: String) {
        ("表\(table.id) \(table.title)", table.rowLabel(row, column: column), "第 \(table.templateColumn(column)) 栏“\(table.header.columnLabels[column])”")
    }

    static func items(_ locate: ItemLocator, _ filter: ItemFilter?) -> [Int64] {
        filter.map(locate) ?? []
    }

    // MARK: - sum: every total equals the sum of its parts

    /// A total (合计, a 类 or 款 row, 基本 + 项目, 人员 + 公用, 本年收入合计 …) must equal the
    /// sum of the cells it adds up.
    static func sums(_ reports: ReportSet, _ locate: ItemLocator) -> [Finding] {
        var findings: [Finding] = []
        for table in reports.tables {
            let reports = reports.scoped(to: table)
            for (r, row) in table.rows.enumerated() {
                for (c, cell) in row.cells.enumerated() {
                    guard case .sum(let value, let refs) = cell else { continue }
                    let parts = refs.reduce(Fen(0)) { $0 + (table.rows[$1.row].cells[$1.column].amount ?? 0) }
                    guard parts != value else { continue }
                    let where_ = place(table, row: r, column: c)
                    findings.append(Finding(
                        severity: .error, check: "sum",
                        message: "合计数 \(reports.format(value)) 与分项之和 \(reports.format(parts)) 不一致：有 \(reports.format(value - parts)) 没有落在任何分项中（例如资金来源或支出类型在这张表里没有对应的列）",
                        table: where_.table, row: where_.row, column: where_.column, expected: value, actual: parts,
                        items: culprits(locate, table, row: r, column: c, refs: refs)))
                }
            }
        }
        return findings
    }

    /// The items in a total that none of its parts counts; all of its items if that is none.
    static func culprits(_ locate: ItemLocator, _ table: ReportTable, row: Int, column: Int, refs: [CellRef]) -> [Int64] {
        let all = items(locate, table.filter(row: row, column: column))
        var counted = Set<Int64>()
        for ref in refs { counted.formUnion(items(locate, table.filter(row: ref.row, column: ref.column))) }
        let missing = all.filter { !counted.contains($0) }
        return missing.isEmpty ? all : missing
    }

    // MARK: - identity: the tables agree with each other

    static func identities(_ reports: ReportSet, _ locate: ItemLocator) -> [Finding] {
        var findings: [Finding] = []
        for identity in reports.template.identities {
            guard let left = reports.table(identity.left.table), let right = reports.table(identity.right.table) else { continue }
            // A column left out for having no money counts as zeros.
            let leftColumn = left.column(template: identity.left.column)
            let rightColumn = right.column(template: identity.right.column)
            let keys: [String]
            let leftKeys = leftColumn.map { left.keys(column: $0) } ?? []
            let rightKeysAll = rightColumn.map { right.keys(column: $0) } ?? []
            let selection = identity.leftRows
            if case .keys(let list) = selection {
                keys = list
            } else {
                keys = Array(Set(leftKeys + rightKeysAll).filter(selection.contains)).sorted()
            }
            let rightKeys: [String]
            if case .keys(let list) = identity.rightRows { rightKeys = list } else { rightKeys = keys }
            // Each side's amounts by key, looked up once.
            let leftAmounts = leftColumn.map { left.amounts(column: $0) } ?? [:]
            let rightAmounts = rightColumn.map { right.amounts(column: $0) } ?? [:]
            for (leftKey, rightKey) in zip(keys, rightKeys) {
                let a = leftAmounts[leftKey] ?? 0
                let b = rightAmounts[rightKey] ?? 0
                guard a != b else { continue }
                let row = leftColumn.flatMap { left.rowIndex(leftKey, column: $0) }
                let where_ = row.map { place(left, row: $0, column: leftColumn!) }
                let rightRow = rightColumn.flatMap { right.rowIndex(rightKey, column: $0) }
                let rightPlace = rightRow.map { place(right, row: $0, column: rightColumn!) }
                let rightText = rightPlace.map { "\($0.table) \($0.row) \($0.column)" } ?? "表\(right.id) 中没有这一行"
                let reports = reports.scoped(to: left)
                findings.append(Finding(
                    severity: .error, check: "identity",
                    message: "\(identity.name)：本表为 \(reports.format(a))，\(rightText) 为 \(reports.format(b))",
                    table: where_?.table ?? "表\(left.id) \(left.title)", row: where_?.row ?? "“\(leftKey)”（本表没有这一行）",
                    column: where_?.column, expected: b, actual: a,
                    items: items(locate, row.flatMap { left.filter(row: $0, column: leftColumn!) })))
            }
        }
        return findings
    }

    // MARK: - data checks

    static func unplacedClasses(_ data: BudgetData, _ locate: ItemLocator) -> [Finding] {
        let classes = Set(data.codes.bundled.functionalClasses)
        let unplaced = Set(data.functionalTotals.map { String($0.functional.prefix(3)) }.filter { !classes.contains($0) })
        return unplaced.sorted().map { code in
            Finding(
                severity: .error, check: "unplaced-class",
                message: "功能分类“类”\(code) 不是支出功能分类的 30 个类之一，收支总表中没有它的行，这些明细不会出现在收支总表中",
                row: code, items: locate(.functional([code])))
        }
    }

    static func unnamedCodes(_ reports: ReportSet) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for table in reports.tables {
            for row in table.rows {
                // The name is the first text column after the codes.
                guard case .level = row.level, let name = table.columnKinds.firstIndex(of: .text),
                    row.cells.count > name, row.cells[name].text == ""
                else { continue }
                guard seen.insert(row.key).inserted else { continue }
                findings.append(Finding(
                    severity: .error, check: "unnamed-code",
                    message: "科目 \(row.key) 没有名称，公开表中这一行会是空的：请用 budget catalog import 导入财政部门当年的科目表，它的上级科目也要有名称",
                    table: "表\(table.id) \(table.title)", row: row.key))
            }
        }
        return findings
    }

    static func userCodes(_ data: BudgetData, _ locate: ItemLocator) -> [Finding] {
        var findings: [Finding] = []
        for kind in CodeKind.allCases {
            let used = Set(kind == .functional ? data.functionalTotals.map(\.functional) : data.economicTotals.map(\.economic))
            for code in used.sorted() {
                guard let entry = data.codes.lookup(kind, code), entry.origin == .user else { continue }
                findings.append(Finding(
                    severity: .warning, check: "unknown-code",
                    message: "\(kind.chineseName) \(code)“\(entry.name)”不在分类目录中，名称由使用者填写：请与财政部门当年的科目表核对",
                    row: code, items: locate(kind == .functional ? .functional([code]) : .economic([code]))))
            }
        }
        return findings
    }

    static func zeroAmounts(_ data: BudgetData) -> [Finding] {
        guard !data.zeroAmountItems.isEmpty else { return [] }
        return [Finding(
            severity: .warning, check: "zero-amount", message: "有 \(data.zeroAmountItems.count) 条明细金额为 0",
            items: data.zeroAmountItems)]
    }

    static func emptyProjects(_ data: BudgetData) -> [Finding] {
        data.projects.filter { (data.projectItemCounts[$0.name] ?? 0) == 0 }.map {
            Finding(severity: .warning, check: "empty-project", message: "项目“\($0.name)”没有任何预算明细", row: $0.name)
        }
    }

    static func emptyUnits(_ data: BudgetData) -> [Finding] {
        data.units.filter { (data.unitItemCounts[$0.code] ?? 0) == 0 }.map {
            Finding(severity: .warning, check: "empty-unit", message: "单位 \($0.code)“\($0.name)”没有任何预算明细", row: $0.code)
        }
    }

    /// 尾差: a total rounded to the display unit differs from the sum of its rounded parts.
    /// One finding per table, located at the first such cell.
    static func rounding(_ reports: ReportSet) -> [Finding] {
        var findings: [Finding] = []
        for table in reports.tables {
            let reports = reports.scoped(to: table)
            guard reports.rounds else { continue }
            var count = 0
            var first: (row: Int, column: Int, shown: Int64, parts: Int64)?
            for (r, row) in table.rows.enumerated() {
                for (c, cell) in row.cells.enumerated() {
                    guard case .sum(let value, let refs) = cell else { continue }
                    // Only a total that is exactly right can have a rounding remainder; a wrong one is a `sum` error.
                    let exact = refs.reduce(Fen(0)) { $0 + (table.rows[$1.row].cells[$1.column].amount ?? 0) }
                    guard exact == value else { continue }
                    let parts = refs.reduce(Int64(0)) { $0 + reports.displayUnits(table.rows[$1.row].cells[$1.column].amount ?? 0) }
                    let shown = reports.displayUnits(value)
                    guard parts != shown else { continue }
                    count += 1
                    if first == nil { first = (r, c, shown, parts) }
                }
            }
            guard let first else { continue }
            let where_ = place(table, row: first.row, column: first.column)
            let others = count > 1 ? "；本表共有 \(count) 处这样的尾差" : ""
            findings.append(Finding(
                severity: .warning, check: "rounding",
                message: "因\(reports.truncates ? "截尾取数" : "四舍五入")，显示的合计 \(reports.formatUnits(first.shown)) 与显示的分项之和 \(reports.formatUnits(first.parts)) 相差 \(reports.formatUnits(first.shown - first.parts))（尾差）\(others)。合计由精确金额计算后取整，公开时可加注“因\(reports.truncates ? "截尾取数" : "四舍五入")，合计数与分项数之和可能存在尾差”",
                table: where_.table, row: where_.row, column: where_.column, expected: first.parts * reports.fenPerShownUnit, actual: first.shown * reports.fenPerShownUnit))
        }
        return findings
    }
}
