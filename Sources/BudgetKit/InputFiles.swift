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

/// Reading what the clerk gives: CSV tables, text files, workbooks, checked before they are read.
public enum InputFiles {
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
        if !OutputFiles.isRegularFile(path) {
            throw InputProblem(file: path, message: "这不是普通文件（是管道、设备或其他特殊文件），请先把内容保存成文件再导入")
        }
    }

    static func unreadable(_ path: String) -> InputProblem { InputProblem(file: path, message: "无法读取这个文件（没有读权限？）") }

    /// Reads a text file (UTF-8 or GB18030) or standard input ("-").
    public static func readText(_ file: String, encoding: EncodingChoice? = nil) throws -> String {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try readFile(file)
        do {
            return try TextDecoding.decode(data, as: encoding).text
        } catch {
            throw error.problem(file: file)
        }
    }

    /// Whether a file is an XLSX workbook, by its content (a ZIP package starts with “PK”), not its name.
    public static func isWorkbook(_ path: String) -> Bool {
        // Only a regular file is looked into: opening a pipe would wait for a writer.
        guard OutputFiles.isRegularFile(path), let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic == Data([0x50, 0x4B, 0x03, 0x04]) || magic == Data([0x50, 0x4B, 0x05, 0x06])
    }

    /// Whether a file is an old binary Excel workbook (.xls) or an encrypted .xlsx: both are
    /// OLE compound files.
    static func isCompoundDocument(_ path: String) -> Bool {
        guard OutputFiles.isRegularFile(path), let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 8)) == Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    static let compoundDocumentMessage = "这是旧版 Excel（.xls）文件或加了密码的工作簿，无法读取：请在 Excel 或 WPS 中另存为“Excel 工作簿（.xlsx）”（不设密码）后再导入"
}

/// An input file read in pieces, for files too large to hold. A pipe is refused before it is
/// opened (it cannot be read from any offset, nor read twice).
final class InputFile: @unchecked Sendable {
    let path: String
    let size: Int
    private let descriptor: Int32

    init(_ path: String) throws {
        try InputFiles.checkInputPath(path)
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw InputFiles.unreadable(path) }
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0 else {
            close(descriptor)
            throw InputFiles.unreadable(path)
        }
        size = Int(end)
    }

    deinit { close(descriptor) }

    /// Fills `buffer` from `offset`; 0 at the end of the file.
    private func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw InputFiles.unreadable(path) }
        }
    }

    func starts(with prefix: [UInt8]) throws -> Bool {
        var head = [UInt8](repeating: 0, count: prefix.count)
        let count = try head.withUnsafeMutableBytes { try read(at: 0, into: $0) }
        return count == prefix.count && head == prefix
    }

    var source: ByteSource { ByteSource(count: size) { offset, buffer in try self.read(at: offset, into: buffer) } }
}
