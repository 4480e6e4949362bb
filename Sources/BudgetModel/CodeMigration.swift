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
    /// Codes the next year's catalog no longer has (a row with no new code): an item on one
    /// needs a rule, from this file or another (`--map`).
    public var retired: [CodeKind: Set<String>]

    public init(rules: [CodeKind: [String: [Target]]] = [:], retired: [CodeKind: Set<String>] = [:]) {
        self.rules = rules
        self.retired = retired
    }

    public var isEmpty: Bool { rules.values.allSatisfy(\.isEmpty) && retired.values.allSatisfy(\.isEmpty) }

    /// This migration with `other`'s rules added: where both map one old code, `other`'s rule
    /// wins (a bureau's own file over the bundled one); a retired code that `other` maps is
    /// mapped.
    public func merging(_ other: CodeMigration) -> CodeMigration {
        var out = self
        for (kind, codes) in other.rules {
            for (old, targets) in codes { out.rules[kind, default: [:]][old] = targets }
        }
        for (kind, codes) in other.retired { out.retired[kind, default: []].formUnion(codes) }
        return out
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
        var retired: [CodeKind: [String: Int]] = [:]
        for (line, values) in table {
            let old = CodeText.split(FieldRules.trim(values["old"] ?? ""), digitsOnly: true).code
            let new = CodeText.split(FieldRules.trim(values["new"] ?? ""), digitsOnly: true).code
            guard let oldKind = kind(old) else {
                problems.append(
                    InputProblem(file: file, line: line, column: "旧编码", value: values["old"], message: "应为功能分类的“项”（7 位）或经济分类的“款”（5 位）"))
                continue
            }
            // No new code: the old one is retired (停用), with no successor named here.
            if new.isEmpty {
                if !FieldRules.trim(values["share"] ?? "").isEmpty {
                    problems.append(
                        InputProblem(file: file, line: line, column: "比例", value: values["share"], message: "\(old) 没有新编码（停用），不应填比例"))
                } else if retired[oldKind]?[old] != nil {
                    problems.append(InputProblem(file: file, line: line, column: "旧编码", value: old, message: "\(old) 停用在文件中重复"))
                } else {
                    retired[oldKind, default: [:]][old] = line
                }
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
        // A code is either retired without a successor or mapped, not both.
        for (kind, codes) in retired {
            for (old, line) in codes where rules[kind]?[old] != nil {
                problems.append(
                    InputProblem(file: file, line: line, column: "新编码", value: "", message: "\(old) 在文件中另有新编码，这一行（停用、无新编码）与之矛盾"))
            }
        }
        problems.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        return (CodeMigration(rules: rules, retired: retired.mapValues { Set($0.keys) }), problems)
    }

    /// What applying a migration did.
    public struct Result: Sendable {
        /// The items with their new codes; an item split over several codes is several items
        /// (the first keeps its number), whose amounts add up to its own exactly.
        public var items: [LineItem]
        /// Each old → new code with the amount moved (the sum over the items), in the order
        /// first met.
        public var moved: [(kind: CodeKind, old: String, new: String, amount: Fen)]
        /// Items whose code the next year's catalog no longer has and no rule maps: the caller
        /// refuses, listing them all.
        public var unmapped: [LineItem]
    }

    /// Applies the rules to items: a code with a rule goes to its targets; a code without one
    /// stays when it is not retired and `isCurrent` says the next year's catalog has it, and is
    /// unmapped otherwise. A split amount is shared by the largest-remainder rule: each part's
    /// exact share rounded down, the 分 left over one each to the parts with the largest
    /// remainders (ties: the earlier target), so the parts add up to the item's amount.
    public func apply(to items: [LineItem], isCurrent: @escaping (CodeKind, String) -> Bool) -> Result {
        var out: [LineItem] = []
        out.reserveCapacity(items.count)
        var applier = Applier(self, isCurrent: isCurrent)
        for item in items { applier.add(item) { out.append($0) } }
        return Result(items: out, moved: applier.moved, unmapped: applier.unmapped)
    }

    /// ``apply(to:isCurrent:)`` one item at a time, each part handed on as it is made: a
    /// million items go through without a list of them.
    public struct Applier {
        let migration: CodeMigration
        let isCurrent: (CodeKind, String) -> Bool
        /// The amount moved per old → new code, in the order first met.
        var movedOrder: [MoveKey] = []
        var movedAmounts: [MoveKey: Fen] = [:]
        /// Items whose code is retired (or not current) with no rule.
        public private(set) var unmapped: [LineItem] = []
        /// Whether a code stays as it is, asked once per code.
        var stays: [MoveKey: Bool] = [:]

        public init(_ migration: CodeMigration, isCurrent: @escaping (CodeKind, String) -> Bool) {
            self.migration = migration
            self.isCurrent = isCurrent
        }

        /// Each old → new code with the amount moved, in the order first met.
        public var moved: [(kind: CodeKind, old: String, new: String, amount: Fen)] {
            movedOrder.map { ($0.kind, $0.old, $0.new, movedAmounts[$0] ?? 0) }
        }

        mutating func current(_ kind: CodeKind, _ code: String) -> Bool {
            let key = MoveKey(kind: kind, old: code, new: "")
            if let known = stays[key] { return known }
            let answer = !(migration.retired[kind]?.contains(code) ?? false) && isCurrent(kind, code)
            stays[key] = answer
            return answer
        }

        /// Hands `item`'s parts on next year's codes to `emit` (the first keeps its number), or
        /// keeps it as unmapped.
        public mutating func add(_ item: LineItem, emit: (LineItem) -> Void) {
            let functionalTargets = migration.rules[.functional]?[item.functional]
            let economicTargets = migration.rules[.economic]?[item.economic]
            if functionalTargets == nil && economicTargets == nil {
                // Most items: neither code changes.
                if current(.functional, item.functional) && current(.economic, item.economic) { emit(item) } else { unmapped.append(item) }
                return
            }
            var parts: [LineItem] = [item]
            var unknown = false
            var moves: [(MoveKey, Fen)] = []
            for kind in CodeKind.allCases {
                var next: [LineItem] = []
                for part in parts {
                    let code = kind == .functional ? part.functional : part.economic
                    guard let targets = kind == .functional ? functionalTargets : economicTargets else {
                        if !current(kind, code) { unknown = true }
                        next.append(part)
                        continue
                    }
                    for (target, amount) in zip(targets, CodeMigration.shares(part.amount, targets.map(\.share)))
                    where amount > 0 || targets.count == 1 {
                        var copy = part
                        if kind == .functional { copy.functional = target.code } else { copy.economic = target.code }
                        copy.amount = amount
                        next.append(copy)
                        moves.append((MoveKey(kind: kind, old: code, new: target.code), amount))
                    }
                }
                parts = next
            }
            if unknown {
                unmapped.append(item)
                return
            }
            for (key, amount) in moves {
                if movedAmounts[key] == nil { movedOrder.append(key) }
                movedAmounts[key, default: 0] += amount
            }
            // Only the first part keeps the item's number.
            for index in parts.indices.dropFirst() { parts[index].id = nil }
            for part in parts { emit(part) }
        }
    }

    struct MoveKey: Hashable {
        var kind: CodeKind
        var old: String
        var new: String
    }

    /// Where one code goes: its targets with the amount each takes of `amount` (one target,
    /// all of it, when the code has no rule), for figures that are not line items (last year's
    /// figure of a 项 or 款).
    public func targets(_ kind: CodeKind, _ code: String, amount: Fen) -> [(code: String, amount: Fen)] {
        guard let targets = rules[kind]?[code] else { return [(code, amount)] }
        return Array(zip(targets.map(\.code), Self.shares(amount, targets.map(\.share))))
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
