import Foundation

/// A year's change of the classification catalogs as data (issue 18, the first part of rollover):
/// each old code mapped to one new code (renamed, or merged with others into it) or split over
/// several with shares. Applied to line items, it conserves every amount to the 分.
public struct CodeMigration: Equatable, Sendable {
    /// One target of an old code: the new code and its share in millionths (1,000,000 = all).
    public struct Target: Equatable, Sendable {
        public var code: String
        public var share: Int64

        public init(code: String, share: Int64) {
            self.code = code
            self.share = share
        }
    }

    /// The targets of each old code, by kind, in the order the file gives them.
    public var rules: [CodeKind: [String: [Target]]]

    public init(rules: [CodeKind: [String: [Target]]] = [:]) {
        self.rules = rules
    }

    /// The columns of a mapping file: `old,new[,share]` (旧编码,新编码,比例).
    public static let columns: [String: [String]] = [
        "old": ["old", "旧编码", "原编码"], "new": ["new", "新编码"], "share": ["share", "比例", "分配比例"],
    ]

    /// Reads a mapping table's rows: a code's kind from its form (7 digits beginning with 2 a
    /// functional 项, 5 beginning with 3 an economic 款), both codes of one kind; a share as a
    /// percentage ("60", "60%"), the shares of one old code adding up to 100 % (a single row
    /// without a share is all of it). Every bad cell is a located problem.
    public static func read(_ table: [(line: Int, values: [String: String])], file: String?) -> (CodeMigration, [InputProblem]) {
        var problems: [InputProblem] = []
        var rules: [CodeKind: [String: [Target]]] = [:]
        var lines: [CodeKind: [String: [(line: Int, share: Int64?)]]] = [:]
        func kind(_ code: String) -> CodeKind? { CodeKind.allCases.first { $0.isWellFormedLeaf(code) } }
        for (line, values) in table {
            let old = CodeText.split(FieldRules.trim(values["old"] ?? ""), digitsOnly: true).code
            let new = CodeText.split(FieldRules.trim(values["new"] ?? ""), digitsOnly: true).code
            guard let oldKind = kind(old) else {
                problems.append(
                    InputProblem(file: file, line: line, column: "旧编码", value: values["old"], message: "应为功能分类的“项”（7 位）或经济分类的“款”（5 位）"))
                continue
            }
            guard kind(new) == oldKind else {
                problems.append(
                    InputProblem(
                        file: file, line: line, column: "新编码", value: values["new"],
                        message: "应为与旧编码同一分类的编码（\(oldKind == .functional ? "7 位，以 2 开头" : "5 位，以 3 开头")）"))
                continue
            }
            var share: Int64?
            let shareText = FieldRules.trim(values["share"] ?? "")
            if !shareText.isEmpty {
                guard let parsed = StandardKind.rate.parse(shareText), parsed > 0 else {
                    problems.append(InputProblem(file: file, line: line, column: "比例", value: shareText, message: "应为大于 0 的百分比，如 60 或 60%"))
                    continue
                }
                share = parsed
            }
            if rules[oldKind]?[old]?.contains(where: { $0.code == new }) ?? false {
                problems.append(InputProblem(file: file, line: line, column: "新编码", value: new, message: "\(old) → \(new) 在文件中重复"))
                continue
            }
            rules[oldKind, default: [:]][old, default: []].append(Target(code: new, share: share ?? 0))
            lines[oldKind, default: [:]][old, default: []].append((line, share))
        }
        // The shares of each old code: one row alone may leave it out; several must all give one,
        // adding up to 100 %.
        for (kind, codes) in lines {
            for (old, rows) in codes {
                if rows.count == 1 {
                    let share = rows[0].share ?? 1_000_000
                    if share != 1_000_000 {
                        problems.append(
                            InputProblem(
                                file: file, line: rows[0].line, column: "比例", value: StandardKind.rate.format(share),
                                message: "\(old) 只有这一行，比例应为 100%（或不填）"))
                    }
                    rules[kind]?[old]?[0].share = 1_000_000
                } else if rows.contains(where: { $0.share == nil }) || rows.reduce(0, { $0 + ($1.share ?? 0) }) != 1_000_000 {
                    let total = rows.reduce(0) { $0 + ($1.share ?? 0) }
                    problems.append(
                        InputProblem(
                            file: file, line: rows[0].line, column: "比例", value: StandardKind.rate.format(total),
                            message: "\(old) 拆分到 \(rows.count) 个新编码，每行都要填比例，合计应为 100%"))
                }
            }
        }
        problems.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        return (CodeMigration(rules: rules), problems)
    }

    /// What applying a migration did.
    public struct Result: Sendable {
        /// The items with their new codes; an item split over several codes is several items
        /// (the first keeps its number), whose amounts add up to its own exactly.
        public var items: [LineItem]
        /// Each old → new code with the amount moved, in the order met.
        public var moved: [(kind: CodeKind, old: String, new: String, amount: Fen)]
        /// Items whose code the next year's catalog no longer has and no rule maps: the caller
        /// refuses, listing them all.
        public var unmapped: [LineItem]
    }

    /// Applies the rules to items: a code with a rule goes to its targets; a code without one
    /// stays when `isCurrent` says the next year's catalog has it, and is unmapped otherwise. A
    /// split amount is shared by the largest-remainder rule: each part's exact share rounded
    /// down, the 分 left over one each to the parts with the largest remainders (ties: the
    /// earlier target), so the parts add up to the item's amount.
    public func apply(to items: [LineItem], isCurrent: (CodeKind, String) -> Bool) -> Result {
        var out: [LineItem] = []
        var moved: [(CodeKind, String, String, Fen)] = []
        var unmapped: [LineItem] = []
        for item in items {
            var parts: [LineItem] = [item]
            var unknown = false
            for kind in CodeKind.allCases {
                var next: [LineItem] = []
                for part in parts {
                    let code = kind == .functional ? part.functional : part.economic
                    guard let targets = rules[kind]?[code] else {
                        if !isCurrent(kind, code) { unknown = true }
                        next.append(part)
                        continue
                    }
                    for (target, amount) in zip(targets, Self.shares(part.amount, targets.map(\.share))) where amount > 0 || targets.count == 1 {
                        var copy = part
                        if kind == .functional { copy.functional = target.code } else { copy.economic = target.code }
                        copy.amount = amount
                        next.append(copy)
                        moved.append((kind, code, target.code, amount))
                    }
                }
                parts = next
            }
            // Only the first part keeps the item's number.
            for index in parts.indices.dropFirst() { parts[index].id = nil }
            if unknown { unmapped.append(item) } else { out += parts }
        }
        return Result(items: out, moved: moved, unmapped: unmapped)
    }

    /// An amount shared out by shares in millionths (adding up to 1,000,000), by the
    /// largest-remainder rule.
    static func shares(_ amount: Fen, _ shares: [Int64]) -> [Fen] {
        let products = shares.map { Int128(amount) * Int128($0) }
        var parts = products.map { Fen($0 / 1_000_000) }
        let remainders = products.map { $0 % 1_000_000 }
        var left = amount - parts.reduce(0, +)
        for index in remainders.indices.sorted(by: { (remainders[$0], -$0) > (remainders[$1], -$1) }) where left > 0 {
            parts[index] += 1
            left -= 1
        }
        return parts
    }
}
