import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// Runs the built `budget` executable.
func budget(_ arguments: String...) throws -> CommandResult {
    try runBudget(arguments)
}

/// The bundled sample files.
enum Sample {
    static var units: String { PackagePaths.sample.appendingPathComponent("units.csv").path }
    static var items: String { PackagePaths.sample.appendingPathComponent("items.csv").path }
    static let departmentCode = "432"
    static let departmentName = "石家庄高新技术产业开发区行政服务局"
    static let year = "2023"
}

/// Creates an empty project (department only) through the command line.
@discardableResult
func initProject(_ path: String) throws -> String {
    let result = try budget(
        "init", path, "--department-code", Sample.departmentCode, "--department-name", Sample.departmentName, "--year", Sample.year)
    try #require(result.status == 0, "init failed: \(result.stderr)")
    return path
}

/// Creates a project with the sample's two units and no line items, through the command line.
@discardableResult
func makeEmptyProject(_ path: String) throws -> String {
    try initProject(path)
    let units = try budget("unit", "import", path, Sample.units)
    try #require(units.status == 0, "unit import failed: \(units.stderr)")
    return path
}

/// Builds the sample's tables (units and the 53 line items in 万元) through the command line;
/// with `standIns` (the default) the rest of the statement is filled with stand-ins
/// (`fillStandIns`), so that `check` passes and `export` writes without `--force`.
@discardableResult
func makeSampleProject(_ path: String, standIns: Bool = true) throws -> String {
    try makeEmptyProject(path)
    let items = try budget("import", path, Sample.items, "--unit", "wan")
    try #require(items.status == 0, "import failed: \(items.stderr)")
    // As Scripts/demo: the scope of 机关运行经费 chosen, 绩效工资 on the 行政 unit confirmed.
    try SampleProject.answerPlausibility(at: path)
    if standIns { try SampleProject.fillStandIns(at: path) }
    return path
}

/// Adds one 对附属单位补助支出 item funded by 一般公共预算拨款: the Hebei table 5 has no column for
/// it, so that table's 合计 no longer equals 基本支出 + 项目支出 and `check` finds a [sum] error.
func addUnbalancingItem(_ path: String) throws {
    let result = try budget(
        "item", "add", path, "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "subsidy",
        "--source", "general", "--amount", "1000")
    try #require(result.status == 0, "item add failed: \(result.stderr)")
}

/// Overwrites bytes of a file in place.
func patch(_ path: String, at offset: Int, with newBytes: [UInt8]) throws {
    var data = try #require(bytes(path))
    data.replaceSubrange(offset..<offset + newBytes.count, with: newBytes)
    try data.write(to: URL(fileURLWithPath: path))
}

/// Number of non-overlapping occurrences of `needle` in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// Runs a tool and returns its standard output, or nil when it cannot be run or fails.
func runTool(_ executable: String, _ arguments: [String]) -> Data? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? data : nil
}

enum Tools {
    /// Reads one part of an .xlsx as UTF-8 text.
    static func zipEntry(_ archive: String, _ entry: String) -> String? {
        (try? XLSXPackage.part(archive, entry)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Parts are read with the package's own ZIP reader, so this always holds.
    static let canReadZip = true

    /// The text encoded as GB18030 by `iconv` (as Excel/WPS on Chinese Windows would save it).
    static func gb18030(_ text: String) throws -> Data {
        let folder = TemporaryFolder()
        let input = folder.write("utf8.txt", text)
        return try #require(runTool("/usr/bin/iconv", ["-f", "UTF-8", "-t", "GB18030", input]), "iconv failed")
    }
}
