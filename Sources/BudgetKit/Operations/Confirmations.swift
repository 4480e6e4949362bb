import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

// Warnings the clerk confirmed (`budget confirm`): a warning that questions an amount (an
// implausibly small pay, money that does not fit the unit's nature, “三公” above last year's …)
// stops repeating once confirmed, for as long as what it found (its fingerprint) stays the same.
extension ProjectSession {
    /// Splits findings into those still shown and those a confirmation silences (same key, same
    /// fingerprint). A confirmation whose figures changed silences nothing: the warning is back.
    static func confirmed(_ findings: [Finding], _ confirmations: [Confirmation]) -> (shown: [Finding], silenced: [Finding]) {
        let held = Dictionary(confirmations.map { ($0.key, $0.fingerprint) }, uniquingKeysWith: { a, _ in a })
        var shown: [Finding] = []
        var silenced: [Finding] = []
        for finding in findings {
            if let key = finding.key, finding.severity == .warning, held[key] == finding.fingerprint {
                silenced.append(finding)
            } else {
                shown.append(finding)
            }
        }
        return (shown, silenced)
    }

    /// Confirms warnings of the current `check`, each named by its number among the warnings that
    /// may be confirmed (as `check` shows it) or by its key. Refused, writing nothing, when one is
    /// not a current warning. Returns the confirmations written.
    public func confirm(_ references: [String], note: String = "", template: String? = nil, variant: String? = nil) throws -> [Confirmation] {
        if let problem = TextRules.nameProblem(note), !note.isEmpty {
            throw InputProblem(column: "--note", value: note, message: "说明" + problem)
        }
        let result = try check(template: template, variant: variant)
        let open = result.confirmable
        let chosen = try Self.pick(
            references, from: open, key: { $0.key },
            problem: { reference in
                result.confirmed.contains(where: { $0.key == reference })
                    ? InputProblem(column: "提醒", value: reference, message: "这个提醒已经确认过了（budget confirm 项目文件 --list 查看）")
                    : InputProblem(
                        column: "提醒", value: reference,
                        message: open.isEmpty
                            ? "现在没有可以确认的提醒"
                            : "现在没有这个提醒：请写 budget check 列出的编号（1 到 \(open.count)）或提醒的标识（如 \(open[0].key!)）")
            })
        let now = Self.now()
        let confirmations = chosen.map {
            Confirmation(key: $0.key!, fingerprint: $0.fingerprint ?? "", check: $0.check, message: $0.message, note: note, confirmed: now)
        }
        try projectFile.write { writer in
            for confirmation in confirmations { try writer.confirm(confirmation) }
        }
        return confirmations
    }

    /// The confirmed warnings, and for each whether it still silences its warning (false: the
    /// figures changed since, and `check` shows the warning again, or the warning is gone).
    public func confirmations(template: String? = nil, variant: String? = nil) throws -> [(confirmation: Confirmation, holds: Bool)] {
        let stored = try projectFile.read { try $0.confirmations() }
        guard !stored.isEmpty else { return [] }
        let silenced = Set(try check(template: template, variant: variant).confirmed.compactMap(\.key))
        return stored.map { ($0, silenced.contains($0.key)) }
    }

    /// Takes confirmations back, by key (or by the number `confirm --list` shows); refused,
    /// writing nothing, when one is not confirmed.
    public func unconfirm(_ references: [String]) throws -> [Confirmation] {
        let stored = try projectFile.read { try $0.confirmations() }
        let chosen = try Self.pick(
            references, from: stored, key: { $0.key },
            problem: { reference in
                InputProblem(column: "--undo", value: reference, message: "没有确认过这个提醒（budget confirm 项目文件 --list 查看已确认的）")
            })
        try projectFile.write { writer in
            for confirmation in chosen { _ = try writer.unconfirm(confirmation.key) }
        }
        return chosen
    }

    /// The entries `references` name, each by its number in `list` (from 1) or its key; every
    /// reference that names none is a problem, and then nothing is picked.
    static func pick<T>(
        _ references: [String], from list: [T], key: (T) -> String?, problem: (String) -> InputProblem
    ) throws -> [T] {
        var chosen: [T] = []
        var problems: [InputProblem] = []
        for reference in references {
            if let number = Int(reference), number >= 1, number <= list.count {
                chosen.append(list[number - 1])
            } else if let entry = list.first(where: { key($0) == reference }) {
                chosen.append(entry)
            } else {
                problems.append(problem(reference))
            }
        }
        try problems.throwIfAny()
        return chosen
    }
}
