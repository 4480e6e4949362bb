import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Puts a batch of files (the workbooks of `export-units`) in place all or nothing, even when the
/// process is killed half-way through the renames.
///
/// Every new file is first written into one staging folder inside the output folder. Before the
/// first rename, a journal naming each staged file and its target is made durable beside them
/// (`.budget-batch-<pid>-<random>.journal`, written to the staging folder and renamed into
/// place). That is the commit point: a process killed before it leaves the old files and a
/// staging folder, which the next write into the folder removes (roll back); one killed after it
/// leaves the journal, and the next write into the folder first renames every staged file still
/// waiting to its target (roll forward), then removes the journal and the staging folder.
public enum BatchJournal {
    public static let prefix = ".budget-batch-"
    static let suffix = ".journal"

    struct Contents: Codable {
        /// The staging folder's name in the output folder.
        var staging: String
        /// Staged file name (in the staging folder) and target name (in the output folder).
        var moves: [[String]]
    }

    /// Renames the staged files over their targets, journalled. `folder` is the output folder,
    /// `staging` the staging folder holding the files; targets are names in `folder`.
    /// A failed rename leaves the journal, so the next write into the folder completes the batch.
    static func commit(_ moves: [(staged: String, target: String)], staging: StagingFolder) throws(OutputFileError) {
        let folder = staging.folder
        let contents = Contents(
            staging: URL(fileURLWithPath: staging.path).lastPathComponent,
            moves: moves.map { [URL(fileURLWithPath: $0.staged).lastPathComponent, URL(fileURLWithPath: $0.target).lastPathComponent] })
        let data: Data
        do { data = try JSONEncoder().encode(contents) } catch { throw OutputFileError(path: folder, action: "写入导出日志", code: EINVAL) }
        let draft = staging.path + "/journal"
        let journal = folder + "/" + prefix + contents.staging.dropFirst(StagingFolder.prefix.count) + suffix
        guard FileManager.default.createFile(atPath: draft, contents: data) else { throw OutputFileError(path: folder, action: "写入导出日志") }
        if let code = syncToDisk(draft) { throw OutputFileError(path: folder, action: "写入导出日志", code: code) }
        KillHook.beforeRename(0)
        guard rename(draft, journal) == 0 else { throw OutputFileError(path: folder, action: "写入导出日志") }
        if let code = syncToDisk(folder) {
            // The journal may not be durable: undo, nothing has been renamed yet.
            unlink(journal)
            throw OutputFileError(path: folder, action: "写入导出日志", code: code)
        }
        for (index, move) in moves.enumerated() {
            KillHook.beforeRename(index + 1)
            guard rename(move.staged, move.target) == 0 else {
                let failure = OutputFileError(path: move.target, action: "替换目标文件")
                throw failure
            }
        }
        try finish(journal: journal, staging: staging.path, folder: folder)
    }

    /// Completes every batch in `folder` whose process was killed after its journal was made
    /// durable: the staged files still waiting are renamed over their targets.
    public static func recover(in folder: String) throws(OutputFileError) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() where name.hasPrefix(prefix) && name.hasSuffix(suffix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else {
                continue  // a batch still running
            }
            let journal = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: journal), let contents = try? JSONDecoder().decode(Contents.self, from: data),
                contents.staging.hasPrefix(StagingFolder.prefix), !contents.staging.contains("/")
            else {
                unlink(journal)  // not ours, or not readable: nothing to complete
                continue
            }
            let staging = folder + "/" + contents.staging
            for move in contents.moves where move.count == 2 && !move[0].contains("/") && !move[1].contains("/") {
                let staged = staging + "/" + move[0]
                guard access(staged, F_OK) == 0 else { continue }  // already in place
                guard rename(staged, folder + "/" + move[1]) == 0 else {
                    throw OutputFileError(path: folder + "/" + move[1], action: "补完上次中断的 export-units（记录在 \(name)，新版在 \(contents.staging)）")
                }
            }
            try finish(journal: journal, staging: staging, folder: folder)
        }
    }

    /// The renames made durable, then the journal and the staging folder removed.
    static func finish(journal: String, staging: String, folder: String) throws(OutputFileError) {
        if let code = syncToDisk(folder) { throw OutputFileError(path: folder, action: "替换目标文件", code: code) }
        unlink(journal)
        StagingFolder.removeTree(staging)
        syncToDisk(folder)
    }
}

/// Debug builds only: `BUDGET_KILL_AT_RENAME=N` kills the process with SIGKILL just before the
/// N-th rename of a batch (0: before its journal is put in place), so the reliability tests can
/// stop `export-units` at every step of its commit.
enum KillHook {
    #if DEBUG
    static let at: Int? = ProcessInfo.processInfo.environment["BUDGET_KILL_AT_RENAME"].flatMap(Int.init)
    #endif

    static func beforeRename(_ index: Int) {
        #if DEBUG
        if at == index { kill(getpid(), SIGKILL) }
        #endif
    }
}
