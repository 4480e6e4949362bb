import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Workbench {
    // MARK: - Units

    public static func addUnit(_ path: String, _ unit: BudgetUnit) throws {
        try validate(unit, file: nil, line: nil).throwIfAny()
        try ProjectFile.open(at: path).write { try $0.insertUnit(unit) }
    }

    public static func units(_ path: String) throws -> [BudgetUnit] {
        try ProjectFile.open(at: path).read { try $0.units() }
    }

    public static func removeUnit(_ path: String, code: String) throws {
        _ = try ProjectFile.open(at: path).write { try $0.deleteUnit(code: code) }
    }

    static func validate(_ unit: BudgetUnit, file: String?, line: Int?) -> [InputProblem] {
        var problems: [InputProblem] = []
        if let problem = TextRules.codeProblem(unit.code) {
            problems.append(InputProblem(file: file, line: line, column: "单位编码", value: unit.code, message: "单位编码" + problem))
        }
        for (column, text) in [("单位名称", unit.name), ("单位规格", unit.level), ("经费保障形式", unit.fundingForm)] where !(text.isEmpty && column != "单位名称") {
            if let problem = TextRules.nameProblem(text) {
                problems.append(InputProblem(file: file, line: line, column: column, value: text, message: column + problem))
            }
        }
        return problems
    }

    /// Imports units from CSV (`code,name,nature,level,funding_form` or the Chinese headers).
    public static func importUnits(_ path: String, from csvPath: String, encoding: EncodingChoice? = nil) throws -> [BudgetUnit] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let table = try readTable(csvPath, columns: UnitColumns.all, required: ["code", "name", "nature"], encoding: encoding)
        var (units, problems) = unitRows(table, file: file)
        let project = try ProjectFile.open(at: path)
        let existing = Set(try project.read { try $0.units() }.map(\.code))
        // `units` skips rows without a valid 单位性质: each unit's line is found by its code.
        for unit in units where existing.contains(unit.code) {
            let line = table.first { ($0.values["code"] ?? "") == unit.code }?.line
            problems.append(InputProblem(file: file, line: line, column: "单位编码", value: unit.code, message: "项目中已经有这个单位编码了"))
        }
        try problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.throwIfAny()
        try project.write { writer in
            for unit in units { try writer.insertUnit(unit) }
        }
        return units
    }

    /// The units of a table's rows, checked one by one and against each other (a code given
    /// twice); a row with an unknown 单位性质 gives no unit, so `units` may be shorter than `table`
    /// only when there are problems.
    static func unitRows(_ table: [(line: Int, values: [String: String])], file: String?) -> (units: [BudgetUnit], problems: [InputProblem]) {
        var units: [BudgetUnit] = []
        var problems: [InputProblem] = []
        var seen: Set<String> = []
        for (line, values) in table {
            let natureText = values["nature"] ?? ""
            guard let nature = Vocabulary.unitNature(natureText) else {
                problems.append(InputProblem(file: file, line: line, column: "单位性质", value: natureText, message: "单位性质应为 行政、事业 或 参公"))
                continue
            }
            let unit = BudgetUnit(
                code: values["code"] ?? "", name: values["name"] ?? "", nature: nature, level: values["level"] ?? "",
                fundingForm: values["funding_form"] ?? "")
            problems += validate(unit, file: file, line: line)
            if !seen.insert(unit.code).inserted {
                problems.append(InputProblem(file: file, line: line, column: "单位编码", value: unit.code, message: "文件中单位编码重复"))
            }
            units.append(unit)
        }
        return (units, problems)
    }

    enum UnitColumns {
        static let all: [String: [String]] = [
            "code": ["code", "单位编码"], "name": ["name", "单位名称"], "nature": ["nature", "单位性质"],
            "level": ["level", "单位规格"], "funding_form": ["funding_form", "经费保障形式"],
        ]
    }

    /// Reads a small CSV whose header names columns from `columns` (key → accepted names).
    static func readTable(
        _ csvPath: String, columns: [String: [String]], required: [String], encoding: EncodingChoice?
    ) throws -> [(line: Int, values: [String: String])] {
        let file = URL(fileURLWithPath: csvPath).lastPathComponent
        let data = try readFile(csvPath)
        let text: String
        do {
            text = try TextDecoding.decode(data, as: encoding).text
        } catch {
            throw InputProblems([error.problem(file: file)])
        }
        let (records, errors) = CSVReader.records(text)
        var problems = errors.map { InputProblem(file: file, line: $0.line, message: $0.message) }
        guard let header = records.first else {
            throw InputProblems(problems + [InputProblem(file: file, message: "文件是空的")])
        }
        var keys: [String] = []
        for name in header.fields {
            let folded = Vocabulary.fold(name)
            guard let key = columns.first(where: { $0.value.contains { Vocabulary.fold($0) == folded } })?.key else {
                problems.append(
                    InputProblem(
                        file: file, line: header.line, column: name,
                        message: "不认识的列名。可用：" + columns.values.map { $0.joined(separator: "/") }.sorted().joined(separator: "、")))
                keys.append("")
                continue
            }
            keys.append(key)
        }
        for key in required where !keys.contains(key) {
            problems.append(InputProblem(file: file, line: header.line, message: "缺少“\(columns[key]!.joined(separator: "/"))”列"))
        }
        var rows: [(Int, [String: String])] = []
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard record.fields.count == keys.count else {
                problems.append(InputProblem(file: file, line: record.line, message: "这一行有 \(record.fields.count) 个字段，表头有 \(keys.count) 列"))
                continue
            }
            var values: [String: String] = [:]
            for (key, value) in zip(keys, record.fields) where !key.isEmpty {
                values[key] = value.trimmingCharacters(in: .whitespaces)
            }
            rows.append((record.line, values))
        }
        try problems.throwIfAny()
        return rows
    }

    static func readFile(_ path: String) throws -> Data {
        try checkInputPath(path)
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable(path) }
        return data
    }

    /// Refuses a path that is missing, a folder, or not a regular file (a pipe or a device would
    /// make the read wait forever, or never end).
    static func checkInputPath(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputProblem(file: path, message: "找不到这个文件")
        }
        if isDirectory.boolValue { throw InputProblem(file: path, message: "这是一个文件夹，不是文件") }
        if !isRegularFile(path) {
            throw InputProblem(file: path, message: "这不是普通文件（是管道、设备或其他特殊文件），请先把内容保存成文件再导入")
        }
    }

    static func unreadable(_ path: String) -> InputProblem { InputProblem(file: path, message: "无法读取这个文件（没有读权限？）") }
}

/// An input file read in pieces, for files too large to hold. A pipe is refused before it is
/// opened (it cannot be read from any offset, nor read twice).
final class InputFile: @unchecked Sendable {
    let path: String
    let size: Int
    private let descriptor: Int32

    init(_ path: String) throws {
        try Workbench.checkInputPath(path)
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Workbench.unreadable(path) }
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0 else {
            close(descriptor)
            throw Workbench.unreadable(path)
        }
        size = Int(end)
    }

    deinit { close(descriptor) }

    /// Fills `buffer` from `offset`; 0 at the end of the file.
    private func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw Workbench.unreadable(path) }
        }
    }

    func starts(with prefix: [UInt8]) throws -> Bool {
        var head = [UInt8](repeating: 0, count: prefix.count)
        let count = try head.withUnsafeMutableBytes { try read(at: 0, into: $0) }
        return count == prefix.count && head == prefix
    }

    var source: ByteSource { ByteSource(count: size) { offset, buffer in try self.read(at: offset, into: buffer) } }
}
