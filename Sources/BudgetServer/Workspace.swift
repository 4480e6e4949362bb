import BudgetKit
import BudgetModel
import Foundation

/// The folder the workbench serves and the projects open in it. Only `*.budget` files under the
/// folder are reachable: a name is refused when it is absolute, has a `..` or a hidden part, or
/// when its real path (symbolic links resolved) leaves the folder.
final class Workspace: @unchecked Sendable {
    /// The served folder's real path.
    let root: String
    /// The one project served, when a project file rather than a folder was given.
    let single: String?
    private let lock = NSLock()
    private var residents: [String: Resident] = [:]

    init(path: String) throws {
        guard let real = Self.realPath(path) else { throw ServerFailure.notFound("找不到要打开的文件夹或项目文件") }
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: real, isDirectory: &isFolder)
        if isFolder.boolValue {
            root = real
            single = nil
        } else if real.hasSuffix(".budget") {
            root = (real as NSString).deletingLastPathComponent
            single = (real as NSString).lastPathComponent
        } else {
            throw ServerFailure.bad("只能打开文件夹或项目文件（*.budget）")
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The project files a browser may open, as names relative to the folder, sorted; subfolders
    /// are looked into two levels deep, hidden ones never.
    func projectNames() -> [String] {
        if let single { return [single] }
        var names: [String] = []
        func walk(_ folder: String, _ prefix: String, depth: Int) {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for entry in entries.sorted() where !entry.hasPrefix(".") {
                let name = prefix + entry
                if entry.hasSuffix(".budget") {
                    if (try? resolve(name)) != nil { names.append(name) }
                } else if depth < 2 {
                    var isFolder: ObjCBool = false
                    let path = folder + "/" + entry
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
                        let real = Self.realPath(path), real.hasPrefix(root + "/")
                    {
                        walk(path, name + "/", depth: depth + 1)
                    }
                }
            }
        }
        walk(root, "", depth: 0)
        return names
    }

    /// The real path of the project file `name` names, or a refusal that names no server path.
    func resolve(_ name: String) throws -> String {
        let refused = ServerFailure.forbidden("只能打开所服务文件夹中的项目文件（*.budget）")
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, name.count < 1024, !name.hasPrefix("/"), name.hasSuffix(".budget"), !name.contains("\\"),
            !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }),
            parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") })
        else { throw refused }
        if let single, name != single { throw refused }
        guard let real = Self.realPath(root + "/" + name) else { throw ServerFailure.notFound("没有这个项目文件：\(Shown.text(name))") }
        guard real.hasPrefix(root + "/"), real.hasSuffix(".budget") else { throw refused }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isFolder), !isFolder.boolValue else { throw refused }
        return real
    }

    /// The resident session of project `name`, opened on first use and kept open.
    func resident(_ name: String) throws -> Resident {
        let path = try resolve(name)
        if let known = lock.withLock({ residents[name] }), known.path == path, !known.isStale { return known }
        let resident = try Resident(name: name, path: path)
        return lock.withLock {
            if let known = residents[name], known.path == path, !known.isStale { return known }
            residents[name] = resident
            return resident
        }
    }

    var openResidents: [Resident] { lock.withLock { Array(residents.values) } }

    func forget(_ resident: Resident) {
        lock.withLock { if residents[resident.name] === resident { residents[resident.name] = nil } }
    }
}

/// One open project: its session, kept for the server's life, and a queue that runs its work one
/// piece at a time off the server's threads.
final class Resident: @unchecked Sendable {
    let name: String
    let path: String
    let session: ProjectSession
    private let queue: DispatchQueue
    /// The file's write count and identity when last looked at (on `queue` only).
    private var seenWrites: Int64
    private var seenInode: UInt64
    private(set) var isStale = false

    init(name: String, path: String) throws {
        self.name = name
        self.path = path
        session = try ProjectSession(path)
        queue = DispatchQueue(label: "budget.serve.project")
        seenWrites = try session.writeCount()
        seenInode = Self.inode(path)
    }

    /// The file's number on its disk: another number means the name now names another file.
    static func inode(_ path: String) -> UInt64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    /// A second session of the same file for the check (of a copy), run on a thread of its own at a lower
    /// priority: a large project's check takes seconds, and on the edits' queue (or at their
    /// priority, on two cores) it would hold the edits behind it. Requests are coalesced: at most
    /// one check runs and one waits; a request arriving while one runs gets the next one's answer
    /// (it must see the edits made since the running one began).
    private let checkLock = NSLock()
    private var checker: ProjectSession?
    private var checkRunning = false
    private var checkWaiting: [CheckedContinuation<CheckAnswer, any Error>] = []
    /// How many checks have run (for tests: coalesced requests share one).
    private(set) var checkRuns = 0
    /// Called on the check's thread after each run, before its answer goes out (for tests:
    /// holds a run open).
    var afterCheck: (@Sendable () -> Void)?

    /// Check requests waiting for the next run (for tests).
    var waitingChecks: Int { checkLock.withLock { checkRunning ? checkWaiting.count : 0 } }

    /// The check's result and the file's write count it was computed at.
    typealias CheckAnswer = (result: CheckResult, writes: Int64)

    func check() async throws -> CheckAnswer {
        try await withCheckedThrowingContinuation { continuation in
            let start = checkLock.withLock {
                checkWaiting.append(continuation)
                if checkRunning { return false }
                checkRunning = true
                return true
            }
            if start { startCheck() }
        }
    }

    /// Checks a copy of the file: in SQLite's rollback journal (the file format's), a write's
    /// commit waits for every read transaction to end, and the check reads for seconds at a
    /// million items. The copy is made in one read transaction (a fraction of a second), then
    /// checked and removed; its write count is the file's when copied.
    private func checkCopy() throws -> CheckAnswer {
        if checker == nil { checker = try ProjectSession(path) }
        let copy = try Self.privateCopy()
        defer { Self.remove(copy) }
        try checker!.copy(to: copy)
        let session = try ProjectSession(copy)
        return (try session.check(), try session.writeCount())
    }

    /// An empty file in the temporary folder for a copy of the project, readable by the
    /// server's user only (as the journal SQLite makes beside it).
    private static func privateCopy() throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("budget-copy-\(getpid())-\(UUID().uuidString).budget").path
        guard FileManager.default.createFile(atPath: copy, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ServerFailure.bad("无法为检查或导出准备项目的副本")
        }
        return copy
    }

    private static func remove(_ copy: String) {
        for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
    }

    /// Runs `body` on a session of a copy of the file, made on the edits' queue in one short
    /// read transaction, then on a thread of its own: a long export or PDF never holds the edits
    /// (nor, in the rollback journal, does an edit's commit wait for its reads).
    func runOnCopy<T: Sendable>(_ body: @escaping @Sendable (ProjectSession) throws -> T) async throws -> T {
        let copy = try Self.privateCopy()
        defer { Self.remove(copy) }
        try await run { try $0.copy(to: copy) }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(with: Result { try body(try ProjectSession(copy)) })
            }
        }
    }

    /// Runs checks one after another on a thread of lower priority while requests wait.
    private func startCheck() {
        let thread = Thread {
            // Linux keeps a nice value per thread: this thread's, not the server's (10 as `nice`).
            #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            #else
            _ = setpriority(PRIO_PROCESS, 0, 10)
            #endif
            while true {
                let waiting: [CheckedContinuation<CheckAnswer, any Error>] = self.checkLock.withLock {
                    defer { self.checkWaiting = [] }
                    if self.checkWaiting.isEmpty { self.checkRunning = false }
                    return self.checkWaiting
                }
                if waiting.isEmpty { return }
                let answer = Result { try self.checkCopy() }
                self.checkLock.withLock { self.checkRuns += 1 }
                self.afterCheck?()
                for continuation in waiting { continuation.resume(with: answer) }
            }
        }
        thread.name = "budget.serve.check"
        thread.start()
    }

    /// Runs `body` on this project's queue.
    func run<T: Sendable>(_ body: @escaping @Sendable (ProjectSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self.session) }) }
        }
    }

    /// Runs a write, then records the file's new write count as seen (the poller then does not
    /// announce this server's own write a second time) and returns it with the result.
    func write<T: Sendable>(_ body: @escaping @Sendable (ProjectSession) throws -> T) async throws -> (T, Int64) {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(
                    with: Result {
                        let result = try body(self.session)
                        self.seenWrites = (try? self.session.writeCount()) ?? self.seenWrites
                        return (result, self.seenWrites)
                    })
            }
        }
    }

    /// Whether another program changed the file since it was last looked at: its write count
    /// moved, or the name now names another file (replaced), which leaves this session stale.
    func changedOutside() async -> Int64? {
        await withCheckedContinuation { continuation in
            queue.async {
                let inode = Self.inode(self.path)
                if inode != self.seenInode {
                    self.isStale = true
                    return continuation.resume(returning: -1)
                }
                guard let writes = try? self.session.writeCount(), writes != self.seenWrites else {
                    return continuation.resume(returning: nil)
                }
                self.seenWrites = writes
                continuation.resume(returning: writes)
            }
        }
    }
}
