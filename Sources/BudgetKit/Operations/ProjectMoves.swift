import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

// Money moved between projects, and one project merged into another: the line items change,
// each keeps its unit and codes, the declared amounts (项目金额) follow, the total stays.

/// What `project move` did, or would do (a dry run).
public struct ProjectMove: Sendable {
    public var from: String
    public var to: String
    public var amount: Fen
    /// Each line changed: before (nil for a line made under the receiving project) and after
    /// (nil for a line removed, its money added to a line of the receiving project).
    public var lines: [(before: LineItem?, after: LineItem?)]
    /// Both projects: their line items' sum and declared amount (nil: none), before and after.
    public var projects: [ProjectChange]
    /// Whether it was written (false for a dry run).
    public var applied: Bool

    public struct ProjectChange: Sendable {
        public var name: String
        public var spentBefore: Fen
        public var spentAfter: Fen
        public var declaredBefore: Fen?
        public var declaredAfter: Fen?
    }
}

extension ProjectSession {
    /// Moves `amount` of line items from project `from` to project `to`, in one transaction
    /// (or with `dryRun` only says how). The lines come from `items` (numbers of `from`'s lines,
    /// taken in that order) or, without them, from `from`'s largest lines first (of the unit of
    /// `to`, when `to` has one). Each line's amount (or the part needed of the last) goes to
    /// `to` under the same unit, codes, type and source: added to `to`'s line with the same
    /// unit, codes and source, or else the whole line passes to `to` (keeping its number), or a
    /// part becomes a new line. The declared amounts of both projects follow (those that have
    /// one); the total of the project does not change. Refused, writing nothing, for an unknown
    /// project, an amount above `from`'s lines (or above the lines given), a line of another
    /// unit than `to`'s, or a new amount of `to` above the cap of its 成本指标.
    public func moveMoney(
        from: String, to: String, amount text: String, amountUnit: Money.InputUnit, items ids: [Int64] = [], dryRun: Bool = false
    ) throws -> ProjectMove {
        let work = { (reader: ProjectReader) throws -> (ProjectMove, removed: [Int64]) in
            let projects = try reader.projects()
            var problems: [InputProblem] = []
            for (option, name) in [("--from", from), ("--to", to)] where !projects.contains(where: { $0.name == name }) {
                problems.append(InputProblem(column: option, value: name, message: Self.unknownProjectMessage(name, among: projects.map(\.name))))
            }
            if from == to { problems.append(InputProblem(column: "--to", value: to, message: "调入和调出是同一个项目")) }
            var amount: Fen = 0
            do {
                amount = try Money.parse(text, unit: amountUnit)
                if amount == 0 { problems.append(InputProblem(column: "--amount", value: text, message: "调整的金额应大于零")) }
            } catch let error as AmountError {
                problems.append(InputProblem(column: "--amount", value: text, message: error.reason))
            }
            try problems.throwIfAny()
            let unit = projects.first { $0.name == to }?.unitCode
            var own: [LineItem] = []
            var receiving: [LineItem] = []
            try reader.forEachItem { item in
                if item.project == from { own.append(item) } else if item.project == to { receiving.append(item) }
            }
            let available = own.reduce(0) { $0 + $1.amount }
            guard amount <= available else {
                throw InputProblem(
                    column: "--amount", value: text,
                    message: "项目“\(from)”的明细合计只有 \(Money.formatYuan(available)) 元，调不出 \(Money.formatYuan(amount)) 元")
            }
            // The lines to take from, in order.
            var candidates: [LineItem]
            if ids.isEmpty {
                candidates = own.filter { unit == nil || $0.unitCode == unit }
                    .sorted { ($0.amount, -($0.id ?? 0)) > ($1.amount, -($1.id ?? 0)) }
            } else {
                candidates = []
                for id in ids {
                    guard let line = own.first(where: { $0.id == id }) else {
                        problems.append(
                            InputProblem(
                                column: "--item", value: String(id), message: "这条明细不是项目“\(from)”的（用 budget item list --project-name \(from) 查看）"))
                        continue
                    }
                    if let unit, line.unitCode != unit {
                        problems.append(
                            InputProblem(
                                column: "--item", value: String(id),
                                message: "这条明细是单位 \(line.unitCode) 的，项目“\(to)”属于单位 \(unit)：项目之间只在同一单位内调整资金"))
                    }
                    if !candidates.contains(where: { $0.id == id }) { candidates.append(line) }
                }
                try problems.throwIfAny()
            }
            let offered = candidates.reduce(0) { $0 + $1.amount }
            guard amount <= offered else {
                let whose = ids.isEmpty ? "项目“\(from)”中单位 \(unit ?? "") 的明细（项目“\(to)”所属单位）" : "给出的明细"
                throw InputProblem(
                    column: "--amount", value: text, message: "\(whose)合计只有 \(Money.formatYuan(offered)) 元，调不出 \(Money.formatYuan(amount)) 元")
            }
            // Take from each line in turn; the money goes to the receiving line of the same kind.
            // Each receiving line with its place in `lines` once this move has changed it.
            var targets = receiving.map { (item: $0, line: Int?.none) }
            var lines: [(before: LineItem?, after: LineItem?)] = []
            var removed: [Int64] = []
            var left = amount
            for line in candidates where left > 0 {
                let taken = min(line.amount, left)
                left -= taken
                var kept = line
                kept.amount -= taken
                if let index = targets.firstIndex(where: {
                    $0.item.unitCode == line.unitCode && $0.item.functional == line.functional && $0.item.economic == line.economic
                        && $0.item.source == line.source
                }) {
                    // Added to the receiving line (perhaps one this move made or passed over).
                    let before = targets[index].item
                    targets[index].item.amount += taken
                    if let at = targets[index].line {
                        lines[at].after = targets[index].item
                    } else {
                        targets[index].line = lines.count
                        lines.append((before, targets[index].item))
                    }
                    lines.append((line, taken == line.amount ? nil : kept))
                    if taken == line.amount { removed.append(line.id ?? 0) }
                } else {
                    // The whole line passes to the receiving project, keeping its number; or a part
                    // of it becomes a new line there.
                    var moved = line
                    moved.project = to
                    moved.amount = taken
                    if taken < line.amount {
                        lines.append((line, kept))
                        moved.id = nil
                    }
                    targets.append((moved, lines.count))
                    lines.append((taken == line.amount ? line : nil, moved))
                }
            }
            // The declared amounts follow; the receiving project's cost caps hold.
            let document = try reader.document()
            let totals = try reader.projectTotals()
            var changes: [ProjectMove.ProjectChange] = []
            for (name, delta) in [(from, -amount), (to, amount)] {
                let spent = totals[name]?.amount ?? 0
                let declared = document.declaredProjectAmounts[name]
                changes.append(
                    ProjectMove.ProjectChange(
                        name: name, spentBefore: spent, spentAfter: spent + delta, declaredBefore: declared,
                        declaredAfter: declared.map { max(0, $0 + delta) }))
            }
            try Self.costCapProblems(to, spent: changes[1].spentAfter, document: document, advice: "再调整资金").throwIfAny()
            let move = ProjectMove(from: from, to: to, amount: amount, lines: lines, projects: changes, applied: false)
            return (move, removed)
        }
        if dryRun { return try projectFile.read { try work($0).0 } }
        return try projectFile.write { writer in
            var (move, removed) = try work(writer.reader)
            if !removed.isEmpty { try writer.deleteItems(ids: removed) }
            var made: [LineItem] = []
            for line in move.lines {
                guard let after = line.after else { continue }
                if line.before == nil { made.append(after) } else if after != line.before { try writer.updateItem(after) }
            }
            let numbers = try writer.insertItems(made)
            var next = numbers.makeIterator()
            for index in move.lines.indices where move.lines[index].before == nil { move.lines[index].after?.id = next.next() }
            for change in move.projects where change.declaredAfter != change.declaredBefore {
                try writer.setProjectDeclaredAmount(change.name, change.declaredAfter)
            }
            move.applied = true
            return move
        }
    }

    /// A project name the file does not have, and the names it has that are close to it.
    static func unknownProjectMessage(_ name: String, among names: [String]) -> String {
        let near = names.filter { ProjectNames.areClose($0, name) }
        return "项目文件中没有这个项目" + (near.isEmpty ? "（用 budget project list 查看）" : "，是不是“\(near.joined(separator: "”“"))”？")
    }

    /// The 成本指标 of a project whose cap (“≤6 万元”) is below what it would spend.
    static func costCapProblems(_ name: String, spent: Fen, document: DocumentData, advice: String) -> [InputProblem] {
        let indicators = document.performance.first { $0.project == name }?.indicators ?? []
        return indicators.filter { $0.isCost && ($0.costCap.map { $0 < spent } ?? false) }.map { indicator in
            InputProblem(
                column: "成本指标", value: indicator.value,
                message:
                    "项目“\(name)”改后为 \(Money.formatYuan(spent)) 元，超过成本指标“\(indicator.level3)”的上限 \(indicator.value)：请先用 budget indicator 改成本指标，\(advice)"
            )
        }
    }
}

/// What `project rename --merge` did.
public struct ProjectMerge: Sendable {
    public var from: String
    public var into: String
    /// The line items that passed, and their sum.
    public var items: Int
    public var amount: Fen
    /// Indicator rows added to the target's table, and procurement rows moved.
    public var indicators: Int
    public var procurement: Int
    /// The target's declared amount (项目金额) before and after (nil: none).
    public var declaredBefore: Fen?
    public var declaredAfter: Fen?
    /// Where the two projects differed and how it was decided (the target's kept).
    public var notes: [String]
    /// The snapshot saved first, which undoes the merge.
    public var snapshot: String
}

extension ProjectSession {
    /// Merges project `name` into project `target`, which exists, in one transaction, after
    /// saving a snapshot: its line items (keeping their numbers), procurement rows and indicator
    /// rows pass to `target`, and it is removed. The rule where both have something: the
    /// target's text (goal, note, each part of the 项目经费情况说明) and unit are kept and the
    /// other's is reported; where only `name` has one, it is taken. Its indicator rows follow
    /// the target's, except a row of the same 一级/二级/三级指标 as one of the target's (the
    /// target's kept, reported when the value differs). The declared amount is the sum of the
    /// two (a project without one counting its line items), when either has one. Refused,
    /// writing nothing, when the merged spending would pass a cap of the target's 成本指标.
    public func mergeProject(_ name: String, into target: String) throws -> ProjectMerge {
        guard name != target else { throw InputProblem(column: "--to", value: target, message: "新名称与现在的名称相同") }
        return try projectFile.write { writer in
            let reader = writer.reader
            let projects = try reader.projects()
            guard let old = projects.first(where: { $0.name == name }) else {
                throw InputProblem(column: "--name", value: name, message: Self.unknownProjectMessage(name, among: projects.map(\.name)))
            }
            guard var merged = projects.first(where: { $0.name == target }) else {
                throw InputProblem(column: "--to", value: target, message: "项目文件中没有这个项目，--merge 要合并到已有的项目")
            }
            let snapshot = try Self.saveBefore("合并项目", "\(name)”到“\(target)", writer).name
            let document = try reader.document()
            let totals = try reader.projectTotals()
            var notes: [String] = []
            // The target's unit, goal, note and texts, the other's where the target has none.
            if let unit = old.unitCode, unit != merged.unitCode {
                if let kept = merged.unitCode {
                    notes.append("单位：保留“\(target)”的 \(kept)，没有用“\(name)”的 \(unit)")
                } else {
                    merged.unitCode = unit
                }
            }
            func pick(_ what: String, _ mine: String, _ theirs: String) -> String? {
                guard !mine.isEmpty, mine != theirs else { return nil }
                if theirs.isEmpty { return mine }
                notes.append("\(what)：保留“\(target)”的，没有用“\(name)”的“\(Shown.text(mine))”（需要时用 budget project set 修改）")
                return nil
            }
            if let note = pick("备注", old.note, merged.note) { merged.note = note }
            try writer.updateProject(merged)
            let goals = Dictionary(document.performance.map { ($0.project, $0.goal) }, uniquingKeysWith: { first, _ in first })
            if let goal = pick("绩效目标", goals[name] ?? "", goals[target] ?? "") { try writer.setProjectGoal(target, goal: goal) }
            var texts: [ProjectTextField: String] = [:]
            for field in ProjectTextField.allCases {
                if let text = pick(field.chineseName, document.projectTexts[name]?[field] ?? "", document.projectTexts[target]?[field] ?? "") {
                    texts[field] = text
                }
            }
            if !texts.isEmpty { try writer.setProjectTexts(target, texts) }
            // Indicator rows: the target's, then the other's that are not the same indicator.
            func indicators(_ project: String) -> [PerformanceIndicator] {
                document.performance.first { $0.project == project }?.indicators ?? []
            }
            let own = indicators(target)
            var rows = own
            for row in indicators(name) {
                if let same = own.first(where: { ($0.level1, $0.level2, $0.level3) == (row.level1, row.level2, row.level3) }) {
                    if same.value != row.value {
                        notes.append("绩效指标“\(row.level3)”：保留“\(target)”的 \(same.value)，没有用“\(name)”的 \(row.value)")
                    }
                } else {
                    rows.append(row)
                }
            }
            // The declared amount: the two together.
            let spent = (totals[name]?.amount ?? 0, totals[target]?.amount ?? 0)
            let declared = (document.declaredProjectAmounts[name], document.declaredProjectAmounts[target])
            let sum: Fen? = declared.0 == nil && declared.1 == nil ? nil : (declared.0 ?? spent.0) + (declared.1 ?? spent.1)
            var after = document
            if let index = after.performance.firstIndex(where: { $0.project == target }) { after.performance[index].indicators = rows }
            try Self.costCapProblems(target, spent: spent.0 + spent.1, document: after, advice: "再合并").throwIfAny()
            try writer.setIndicators(target, rows)
            try writer.setProjectDeclaredAmount(target, sum)
            // The line items and the purchases, then the project itself.
            var moved: [LineItem] = []
            try reader.forEachItem { if $0.project == name { moved.append($0) } }
            for var item in moved {
                item.project = target
                try writer.updateItem(item)
            }
            let purchases = try writer.moveProcurement(from: name, to: target)
            try writer.deleteProject(name: name)
            return ProjectMerge(
                from: name, into: target, items: moved.count, amount: spent.0, indicators: rows.count - own.count, procurement: purchases,
                declaredBefore: declared.1, declaredAfter: sum, notes: notes, snapshot: snapshot)
        }
    }
}
