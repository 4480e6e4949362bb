import BudgetKit
import BudgetModel
import Foundation

/// Where the package's own files are, found from this source file's path.
public enum PackagePaths {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let sample = root.appendingPathComponent("Workbooks/sample-2023")

    /// The `budget` executable built beside the test bundle.
    public static var executable: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("budget"),
            Bundle.main.bundleURL.appendingPathComponent("budget"),
            root.appendingPathComponent(".build/debug/budget"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }
}

/// A fresh folder under the system temporary folder, removed when the value is dropped.
public final class TemporaryFolder: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    /// - Parameter inMemory: in /dev/shm where the machine has it (a test of hundreds of small
    ///   projects that does not test the disk need not wait for it at every commit).
    public init(inMemory: Bool = false) {
        var isDirectory: ObjCBool = false
        let shm =
            inMemory && FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.isWritableFile(atPath: "/dev/shm")
        let base = shm ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        url = base.appendingPathComponent("budget-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes text (UTF-8) or bytes to a file in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        write(name, Data(text.utf8))
    }

    @discardableResult
    public func write(_ name: String, _ data: Data) -> String {
        let path = file(name)
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return path
    }

    /// The names of the files in the folder, sorted.
    public var contents: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

public func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

/// Builds the bundled sample project (the seed department, 2023) from `Workbooks/sample-2023`.
public enum SampleProject {
    public static let department = Department(code: "432", name: "石家庄高新技术产业开发区行政服务局", year: 2023)

    /// The whole sample as `Scripts/demo` builds it: the line items, then the rest of the
    /// document (texts, goals, indicators, procurement, assets, last year, glossary).
    public static func build(at path: String) throws {
        try buildItems(at: path)
        try addDocument(at: path)
    }

    /// Units and line items only: the nine tables.
    public static func buildItems(at path: String) throws {
        try ProjectSession.create(at: path, department: department)
        _ = try ProjectSession(path).importUnits(from: file("units.csv"))
        _ = try ProjectSession(path).importItems(from: file("items.csv"), unit: .wan)
        try answerPlausibility(at: path)
    }

    /// What `Scripts/demo` answers to the sample's true warnings: the scope of 机关运行经费 (every
    /// unit, as the published 71.79 万元 counts it) and 绩效工资 on the 行政 unit, as published.
    public static func answerPlausibility(at path: String) throws {
        try ProjectSession(path).setSettings(operationCosts: .all, template: nil)
        _ = try ProjectSession(path).confirm(["unit-nature:432001:30107"], note: "按公开的部门预算，本级列支绩效工资")
    }

    /// The sample's roster and standards, as `Scripts/demo` enters them: the typed 基本支出 lines
    /// the roster reproduces (same amounts) become the calculated ones.
    @discardableResult
    public static func addRoster(at path: String) throws -> RecalculationReport {
        _ = try ProjectSession(path).importStandards(from: file("standards.csv"))
        return try ProjectSession(path).importRoster(from: file("roster.csv")).report
    }

    /// The asset figures of the seed (万元), as `Scripts/demo` enters them with `budget asset set`.
    public static let assets = ["as-of": "2022-12-31", "total": "970", "vehicles": "3", "vehicle-value": "46.93", "other-value": "923.07"]

    public static func addDocument(at path: String) throws {
        for section in TextSection.allCases {
            _ = try ProjectSession(path).setText(section: section, text: try InputFiles.readText(file("\(section.rawValue).txt")))
        }
        _ = try ProjectSession(path).importGoals(from: file("goals.csv"))
        _ = try ProjectSession(path).importIndicators(from: file("indicators.csv"))
        _ = try ProjectSession(path).importProcurement(from: file("procurement.csv"), unit: .wan, replace: false)
        _ = try ProjectSession(path).setAssets(changes: assets, amountUnit: .wan)
        _ = try ProjectSession(path).importPrior(from: file("prior.csv"), unit: .wan)
        _ = try ProjectSession(path).importGlossary(from: file("glossary.csv"))
    }

    /// Stand-ins for every part of the statement not yet entered (``ProjectSession/fillStandIns()``),
    /// so that a project made for its tables passes `check` and exports.
    public static func fillStandIns(at path: String) throws {
        try ProjectSession(path).fillStandIns()
    }

    public static func file(_ name: String) -> String { PackagePaths.sample.appendingPathComponent(name).path }

    /// A project with the sample's two units and no line items.
    public static func empty(at path: String) throws {
        try ProjectSession.create(at: path, department: department)
        _ = try ProjectSession(path).importUnits(from: PackagePaths.sample.appendingPathComponent("units.csv").path)
    }
}

/// The result of running the `budget` executable.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `budget` executable with arguments, no standard input.
public func runBudget(_ arguments: [String], in folder: String? = nil) throws -> CommandResult {
    try runProgram(PackagePaths.executable.path, arguments, in: folder)
}

/// Runs a program with arguments and variables added to this process's environment, no
/// standard input.
public func runProgram(_ executable: String, _ arguments: [String], in folder: String? = nil, environment: [String: String] = [:]) throws
    -> CommandResult
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// The document's parts a project made for its tables has not written: the statement's texts
/// and fills (`placeholder`) and the projects without a 绩效目标表 (`performance`, an error under a
/// template whose statement publishes 绩效目标). `check` finds them errors; a file test expects them.
public func isUnwrittenPart(check: String, message: String) -> Bool {
    check == "placeholder" || (check == "performance" && message.contains("还没有绩效目标表"))
}

/// The same, for a line of `check`'s text output (“…：错误 [placeholder] …”).
public func isUnwrittenPart(line: some StringProtocol) -> Bool {
    line.contains("：错误 [placeholder]") || (line.contains("：错误 [performance]") && line.contains("还没有绩效目标表"))
}
