import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

// Changes to many line items at once: every item a query matches scaled, raised or removed, in
// one transaction, with a dry run that shows the lines and totals before and after.

/// What a bulk change does to each line item a query matches.
public enum BulkChange: Sendable, Equatable {
    /// Every amount times a factor (`0.95`), the new total rounded once from the exact one.
    case scale(Factor)
    /// The same amount added to every line (negative to take away).
    case add(Fen)
    /// The lines removed.
    case remove

    /// A decimal factor kept exactly, as a fraction: `0.95` is 95/100.
    public struct Factor: Sendable, Equatable, CustomStringConvertible {
        public let numerator: Int64
        public let denominator: Int64
        public let description: String

        /// Parses a factor such as `0.95` or `1.1`: digits with at most six decimals, above 0 and
        /// at most 100; nil otherwise.
        public init?(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                !parts[0].isEmpty, parts.count == 1 || (1...6).contains(parts[1].count), parts[0].count <= 3
            else { return nil }
            let decimals = parts.count == 2 ? parts[1].count : 0
            var denominator: Int64 = 1
            for _ in 0..<decimals { denominator *= 10 }
            guard let whole = Int64(parts[0]), let fraction = Int64(parts.count == 2 ? String(parts[1]) : "0") else { return nil }
            let numerator = whole * denominator + fraction
            guard numerator > 0, numerator <= 100 * denominator else { return nil }
            self.numerator = numerator
            self.denominator = denominator
            description = trimmed
        }
    }
}

extension BulkChange {
    /// `--add AMOUNT`: an amount in `unit`, taken away when it starts with a minus sign.
    public static func addition(_ text: String, unit: Money.InputUnit) throws -> BulkChange {
        var digits = text.trimmingCharacters(in: .whitespaces)
        let negative = digits.hasPrefix("-") || digits.hasPrefix("－")
        if negative { digits.removeFirst() }
        do {
            let fen = try Money.parse(digits, unit: unit)
            return .add(negative ? -fen : fen)
        } catch {
            throw InputProblem(column: "--add", value: text, message: error.reason)
        }
    }
}

/// What a bulk change did, or would do (a dry run).
public struct BulkResult: Sendable {
    /// Each matched line before, and after (nil when removed).
    public var lines: [(before: LineItem, after: LineItem?)]
    /// The declared amounts (项目金额) of projects that follow the change: before and after.
    public var projects: [(name: String, before: Fen, after: Fen)]
    /// Whether it was written (false for a dry run).
    public var applied: Bool

    public var totalBefore: Fen { lines.reduce(0) { $0 + $1.before.amount } }
    public var totalAfter: Fen { lines.reduce(0) { $0 + ($1.after?.amount ?? 0) } }
}

extension ProjectSession {
    /// Scales, raises or removes every line item `query` matches, in one transaction, or with
    /// `dryRun` only says what it would do. With `withProjects`, each affected project's declared
    /// amount (项目金额) changes by its lines' change. Refused, writing nothing, when no line
    /// matches, when a line would fall below zero, or when a project's new amount would exceed its
    /// 成本指标's cap.
    public func changeItems(matching query: ItemQuery, _ change: BulkChange, withProjects: Bool = false, dryRun: Bool = false) throws
        -> BulkResult
    {
        let work = { (reader: ProjectReader) throws -> BulkResult in
            let query = try query.resolved(reader)
            var matched: [LineItem] = []
            try reader.forEachItem { if query.matches($0) { matched.append($0) } }
            guard !matched.isEmpty else {
                throw InputProblem(column: "筛选条件", message: "没有符合条件的预算明细（用 budget item list 加同样的条件查看），没有修改")
            }
            let amounts = try Self.changed(matched.map(\.amount), change, ids: matched.map { $0.id ?? 0 })
            let lines = zip(matched, amounts).map { item, amount in
                (
                    before: item,
                    after: amount.map { amount -> LineItem in
                        var changed = item
                        changed.amount = amount
                        return changed
                    }
                )
            }
            // Each project's change, and what follows from it.
            var deltas: [String: Fen] = [:]
            for line in lines { if let name = line.before.project { deltas[name, default: 0] += (line.after?.amount ?? 0) - line.before.amount } }
            let document = try reader.document()
            let totals = try reader.projectTotals()
            var projects: [(name: String, before: Fen, after: Fen)] = []
            var problems: [InputProblem] = []
            for (name, delta) in deltas.sorted(by: { $0.key < $1.key }) where delta != 0 {
                let spent = (totals[name]?.amount ?? 0) + delta
                if withProjects, let declared = document.declaredProjectAmounts[name] {
                    projects.append((name, declared, declared + delta))
                }
                problems += Self.costCapProblems(name, spent: spent, document: document, advice: "再修改明细")
            }
            try problems.throwIfAny()
            return BulkResult(lines: lines, projects: projects, applied: false)
        }
        if dryRun { return try projectFile.read(work) }
        return try projectFile.write { writer in
            var result = try work(writer.reader)
            let removed = result.lines.filter { $0.after == nil }.compactMap(\.before.id)
            if !removed.isEmpty { try writer.deleteItems(ids: removed) }
            for line in result.lines { if let after = line.after, after.amount != line.before.amount { try writer.updateItem(after) } }
            for project in result.projects { try writer.setProjectDeclaredAmount(project.name, project.after) }
            result.applied = true
            return result
        }
    }

    /// The new amounts (nil: removed). A scaled set's total is the exact scaled total rounded once
    /// (half away from zero); each line gets its exact share rounded down, and the 分 left over go
    /// one each to the lines with the largest remainders (ties: the earlier line).
    static func changed(_ amounts: [Fen], _ change: BulkChange, ids: [Int64]) throws -> [Fen?] {
        switch change {
        case .remove:
            return amounts.map { _ in nil }
        case .add(let delta):
            return try zip(amounts, ids).map { amount, id in
                let (sum, overflow) = amount.addingReportingOverflow(delta)
                guard !overflow, sum >= 0 else {
                    throw InputProblem(
                        column: "--add", value: Money.formatYuan(delta),
                        message: "明细 #\(id) 的金额 \(Money.formatYuan(amount)) 元减去后会小于零，没有修改")
                }
                guard sum <= Money.maximumItemFen else {
                    throw InputProblem(column: "--add", value: Money.formatYuan(delta), message: "明细 #\(id) 的金额加上后超过一条明细的上限，没有修改")
                }
                return sum
            }
        case .scale(let factor):
            // a × n / d in full width: the product of an amount and a numerator may pass 2^63.
            var floors: [Fen] = []
            var remainders: [Int64] = []
            var exactTotal = (whole: Int64(0), remainder: Int64(0))
            for amount in amounts {
                let product = amount.multipliedFullWidth(by: factor.numerator)
                let (quotient, remainder) = factor.denominator.dividingFullWidth(product)
                floors.append(quotient)
                remainders.append(remainder)
                exactTotal.whole += quotient
                exactTotal.remainder += remainder
            }
            exactTotal.whole += exactTotal.remainder / factor.denominator
            exactTotal.remainder %= factor.denominator
            let target = exactTotal.whole + (2 * exactTotal.remainder >= factor.denominator ? 1 : 0)
            var leftOver = target - floors.reduce(0, +)
            var result = floors
            for index in remainders.indices.sorted(by: { (remainders[$0], -$0) > (remainders[$1], -$1) }) where leftOver > 0 {
                result[index] += 1
                leftOver -= 1
            }
            for (amount, id) in zip(result, ids) where amount > Money.maximumItemFen {
                throw InputProblem(column: "--scale", value: factor.description, message: "明细 #\(id) 的金额乘以后超过一条明细的上限，没有修改")
            }
            return result
        }
    }
}
