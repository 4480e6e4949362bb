// Shared harness of the reliability suite (issue 6, shared/reference/reliability.md §6).
//
// Environment (all optional):
//   BUDGET_KILLS  total kill -9 iterations over KillTests (default 110: 60 import, 25 edit, 25 export)
//   BUDGET_FUZZ   CSV fuzz cases in FuzzTests (default 300)
//   BUDGET_SEED   base seed of every random choice in the suite (default: from the clock, printed);
//                 set it to the printed value to replay a failing run
//   BUDGET_SMALL_DISK  force how DiskFullTests get a small disk: mount | unshare | none (default: probe)
import BudgetModel
import BudgetTestSupport
import Foundation
import GRDB
import Testing

// MARK: - Settings from the environment

enum Settings {
    static func integer(_ name: String, default value: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment[name], let number = Int(text), number >= 0 else { return value }
        return number
    }

    /// The base seed of the run: `BUDGET_SEED`, or the clock. Printed once.
    static let seed: UInt64 = {
        let seed =
            ProcessInfo.processInfo.environment["BUDGET_SEED"].flatMap { UInt64($0) }
            ?? UInt64(Date().timeIntervalSince1970 * 1000)
        print("[reliability] BUDGET_SEED=\(seed) (set BUDGET_SEED=\(seed) to replay this run)")
        return seed
    }()

    /// A generator for one test: the base seed mixed with the test's own name.
    static func random(_ test: String) -> SplitMix64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in test.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return SplitMix64(seed: seed ^ hash)
    }
}

func note(_ text: String) { print("[reliability] \(text)") }

// MARK: - Running processes

/// How a child process ended.
struct Outcome: Sendable, CustomStringConvertible {
    var status: Int32
    /// The signal that ended the process, if one did.
    var signal: Int32?
    var timedOut = false
    var stdout: String
    var stderr: String
    var seconds: Double

    var exited: Bool { signal == nil }
    var succeeded: Bool { signal == nil && status == 0 }

    var description: String {
        let how = signal.map { "signal \($0)" } ?? "exit \(status)"
        return "\(how)\(timedOut ? " (timed out)" : "") after \(String(format: "%.3f", seconds)) s; stderr: \(stderr.prefix(1500))"
            + (stdout.isEmpty ? "" : "; stdout: \(stdout.prefix(300))")
    }
}

/// A running child process whose output goes to files (never pipes: a child writing a lot to
/// stderr must not block on a parent that is not reading it).
final class Child {
    let process = Process()
    let outPath: String
    let errPath: String
    let started: Date

    /// Starts `executable` (default: the built `budget`) with `arguments`.
    init(_ arguments: [String], executable: String? = nil, environment: [String: String] = [:]) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("budget-reliability-io-\(UUID().uuidString)").path
        outPath = base + ".out"
        errPath = base + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable ?? PackagePaths.executable.path)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        started = Date()
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    func sendKill() { _ = kill(pid, SIGKILL) }

    /// Waits for the process to end; past `timeout` seconds it is killed and marked timed out.
    func wait(timeout: Double = 120) -> Outcome {
        var timedOut = false
        let deadline = started.addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                sendKill()
                break
            }
            usleep(1_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let signal: Int32? = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Outcome(
            status: process.terminationStatus, signal: signal, timedOut: timedOut,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self), seconds: seconds)
    }
}

/// Runs the built `budget` to the end.
@discardableResult
func cli(_ arguments: [String], timeout: Double = 120, environment: [String: String] = [:]) throws -> Outcome {
    try Child(arguments, environment: environment).wait(timeout: timeout)
}

/// Runs any program to the end.
@discardableResult
func tool(_ executable: String, _ arguments: [String], timeout: Double = 60) throws -> Outcome {
    try Child(arguments, executable: executable).wait(timeout: timeout)
}

/// Whether `check` found the file, its totals and its tables sound: it passed, or its only errors
/// are the document's parts a project made for a file test has not written ([placeholder], and
/// [performance] for the projects without a 绩效目标表).
func soundCheck(status: Int32, stdout: String) -> Bool {
    if status == 0 { return true }
    let errors = stdout.split(separator: "\n").filter { $0.contains("：错误 [") }
    return status == 6 && !errors.isEmpty && errors.allSatisfy { isUnwrittenPart(line: $0) }
}

func soundCheck(_ outcome: Outcome) -> Bool { outcome.exited && soundCheck(status: outcome.status, stdout: outcome.stdout) }

/// Runs `budget` and requires it to succeed (for setting up fixtures).
@discardableResult
func setup(_ arguments: String...) throws -> Outcome {
    try setup(arguments)
}

@discardableResult
func setup(_ arguments: [String]) throws -> Outcome {
    let outcome = try cli(arguments)
    try #require(outcome.succeeded, "budget \(arguments.joined(separator: " ")): \(outcome)")
    return outcome
}

// MARK: - Files

func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

/// Replaces `path` with `data` (and removes a journal beside it).
func put(_ data: Data, at path: String) throws {
    unlink(path + "-journal")
    try data.write(to: URL(fileURLWithPath: path))
}

func read(_ path: String) throws -> Data { try #require(bytes(path), "cannot read \(path)") }

/// Whether a journal beside `path` would be rolled back by SQLite (its first byte is not zero).
func journalState(_ path: String) -> String {
    guard let journal = bytes(path + "-journal") else { return "none" }
    return journal.first.map { $0 != 0 } == true ? "hot" : "cold"
}

/// Names in `folder` that look like temporary or side files of a write.
func sideFiles(in folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
        $0.hasSuffix("-journal") || $0.hasSuffix("-wal") || $0.hasSuffix("-shm") || $0.contains(".tmp-") || $0.hasPrefix(".budget-")
    }.sorted()
}

// MARK: - Project content, read straight from the file

/// The logical content of a project's line items: enough to tell "before" from "after" from
/// anything in between.
struct Content: Equatable, CustomStringConvertible {
    var items: Int
    var total: Int64
    var projects: Int
    var digest: Int

    var description: String { "\(items) items, total \(total) fen, \(projects) projects" }
}

/// One line item as stored: id, amount and the classification it is counted under.
struct StoredItem: Hashable {
    var id: Int64
    var unit: Int64
    var functional: String
    var economic: String
    var type: String
    var source: String
    var amount: Int64
    var project: Int64?
}

enum ProjectContent {
    /// Opens the file read-only in this process (only after the CLI has reopened it, so no
    /// journal is pending) and reads every line item.
    static func items(_ path: String) throws -> [StoredItem] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, unit_id, functional, economic, type, source, amount_fen, project_id FROM line_item ORDER BY id")
                .map { row in
                    StoredItem(
                        id: row[0], unit: row[1], functional: row[2], economic: row[3], type: row[4], source: row[5], amount: row[6],
                        project: row[7])
                }
        }
    }

    static func projectCount(_ path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM project") ?? 0 }
    }

    static func content(of items: [StoredItem], projects: Int) -> Content {
        var hasher = Hasher()
        for item in items { hasher.combine(item) }
        return Content(items: items.count, total: items.reduce(0) { $0 + $1.amount }, projects: projects, digest: hasher.finalize())
    }

    static func content(_ path: String) throws -> Content {
        content(of: try items(path), projects: try projectCount(path))
    }
}

/// Builds the line-item CSV of a generated project: `generate` into a scratch file, then `export-csv`.
/// Projects generated with the same `units` share unit codes (9000001…), so the CSV imports into them.
func generatedCSV(units: Int, items: Int, seed: Int, at csv: String, scratch: String) throws {
    try setup("generate", scratch, "--units", String(units), "--items", String(items), "--seed", String(seed))
    try setup("export-csv", scratch, csv)
    unlink(scratch)
}

/// Sleeps for `seconds`.
func pause(_ seconds: Double) {
    if seconds > 0 { usleep(useconds_t(seconds * 1_000_000)) }
}
