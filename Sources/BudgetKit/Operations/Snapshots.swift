import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// Snapshots kept inside the project file: save, list, restore, remove.
extension ProjectSession {
    // MARK: - Snapshots

    /// "2026-11-25 20:31:07" in local time.
    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date())
    }

    /// Saves the project as it is now under a new name (一上, 二上 …), inside the project file.
    @discardableResult
    public func saveSnapshot(name: String) throws -> SnapshotInfo {
        // Counted as the file counts it (code points), so that the undo snapshot's name fits too.
        if name.unicodeScalars.count > 60 {
            throw InputProblem(column: "快照名称", value: name, message: "快照名称太长：最多 60 个字")
        }
        if let problem = TextRules.nameProblem(name) {
            throw InputProblem(column: "快照名称", value: name, message: "快照名称" + problem)
        }
        if name != name.trimmingCharacters(in: .whitespacesAndNewlines) {
            throw InputProblem(column: "快照名称", value: name, message: "快照名称的开头或结尾有空格：请去掉，以免两个快照看起来同名")
        }
        return try projectFile.write { try $0.saveSnapshot(name, created: Self.now()) }
    }

    public func snapshots() throws -> [SnapshotInfo] {
        try projectFile.read { try $0.snapshots() }
    }

    /// Puts a snapshot's contents back, in one transaction, after saving the current state as a
    /// new snapshot so that the restore can itself be undone. Returns that new snapshot.
    public func restoreSnapshot(name given: String) throws -> SnapshotInfo {
        try projectFile.write { writer in
            let name = Self.snapshotName(given, among: try writer.reader.snapshots())
            guard let image = try writer.reader.snapshotImage(name) else { throw Self.unknownSnapshot(name, try writer.reader.snapshots()) }
            let saved = try Self.saveBefore("恢复", name, writer)
            try writer.restore(image: image, name: "快照“\(name)”")
            return saved
        }
    }

    /// Saves the project, inside the transaction of a change that replaces much of it, as
    /// “恢复“一上”之前（time）” or “导入“填报.xlsx”之前（time）”, so that the change can be undone.
    /// The subject is cut to 60 code points: the name stays under the file's limit of 100.
    static func saveBefore(_ action: String, _ subject: String, _ writer: ProjectWriter) throws -> SnapshotInfo {
        let existing = Set(try writer.reader.snapshots().map(\.name))
        let stamp = Self.now()
        let shown = subject.unicodeScalars.count > 60 ? String(String.UnicodeScalarView(subject.unicodeScalars.prefix(60))) + "…" : subject
        var name = "\(action)“\(shown)”之前（\(stamp)）"
        var counter = 2
        while existing.contains(name) {
            name = "\(action)“\(shown)”之前（\(stamp)）\(counter)"
            counter += 1
        }
        return try writer.saveSnapshot(name, created: stamp)
    }

    public func removeSnapshot(name given: String) throws {
        try projectFile.write { writer in
            let name = Self.snapshotName(given, among: try writer.reader.snapshots())
            if try !writer.removeSnapshot(name) { throw Self.unknownSnapshot(name, try writer.reader.snapshots()) }
        }
    }

    /// A snapshot named in full, or by its number in `snapshot list` (1 the oldest): a name
    /// that is a snapshot's own wins over a number.
    static func snapshotName(_ given: String, among known: [SnapshotInfo]) -> String {
        if known.contains(where: { $0.name == given }) { return given }
        let digits = given.trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits), known.indices.contains(number - 1)
        else { return given }
        return known[number - 1].name
    }

    static func unknownSnapshot(_ name: String, _ known: [SnapshotInfo]) -> InputProblem {
        InputProblem(
            column: "快照名称", value: name,
            message: known.isEmpty
                ? "项目中还没有快照：请先用 budget snapshot save 保存" : "没有这个快照（可写快照名称，或 budget snapshot list 中的编号）；已有：\(known.map(\.name).joined(separator: "、"))"
        )
    }
}
