import BudgetTestSupport
import Foundation
import Testing

/// Files that are not budget projects, given where a project file is expected.
enum ForeignFile: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case textFile, emptyFile, zipFile, otherApplicationSQLite, plainSQLite, newerProject, folder

    var testDescription: String { rawValue }

    /// The words the refusal must contain.
    var expectedWords: [String] {
        switch self {
        case .textFile: ["不是预算项目文件"]
        case .emptyFile: ["不是预算项目文件", "空"]
        case .zipFile: ["不是预算项目文件", "Excel/ZIP"]
        case .otherApplicationSQLite: ["其他程序", "application_id=305419896"]
        case .plainSQLite: ["其他程序", "application_id=0"]
        case .newerProject: ["较新版本", "文件格式版本 99"]
        case .folder: ["文件夹"]
        }
    }

    /// The stable error code the refusal starts with (exit status 3, a project-file problem).
    var expectedCode: String {
        switch self {
        case .textFile, .emptyFile, .zipFile, .folder: "E-FILE-NOT-PROJECT"
        case .otherApplicationSQLite, .plainSQLite: "E-FILE-FOREIGN"
        case .newerProject: "E-FILE-NEWER"
        }
    }

    /// Makes the file in `folder` and returns its path.
    func make(in folder: TemporaryFolder) throws -> String {
        switch self {
        case .textFile:
            // A CSV given by mistake where the project goes: longer than a SQLite header.
            return folder.write("foreign.budget", try #require(bytes(Sample.items)))
        case .emptyFile:
            return folder.write("foreign.budget", Data())
        case .zipFile:
            return folder.write("foreign.budget", Data([0x50, 0x4B, 0x03, 0x04]) + Data(repeating: 0x20, count: 200))
        case .otherApplicationSQLite:
            // A real SQLite file whose application_id (bytes 68..71, big-endian) belongs to someone else.
            let path = try initProject(folder.file("foreign.budget"))
            try patch(path, at: 68, with: [0x12, 0x34, 0x56, 0x78])
            return path
        case .plainSQLite:
            // A real SQLite file with no application_id, as the sqlite3 shell makes.
            let path = try initProject(folder.file("foreign.budget"))
            try patch(path, at: 68, with: [0, 0, 0, 0])
            return path
        case .newerProject:
            // A project whose user_version (bytes 60..63) says it comes from a newer budget.
            let path = try initProject(folder.file("foreign.budget"))
            try patch(path, at: 60, with: [0, 0, 0, 99])
            return path
        case .folder:
            let path = folder.file("foreign.budget")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            return path
        }
    }
}

@Suite("Files that are not budget projects are refused and left untouched")
struct ForeignFileTests {
    @Test("every command refuses the file with exit 3, a stable code, a clear message, and the bytes unchanged", arguments: ForeignFile.allCases)
    func refused(_ kind: ForeignFile) throws {
        let folder = TemporaryFolder()
        let path = try kind.make(in: folder)
        let before = bytes(path)
        let contents = folder.contents
        let commands: [[String]] = [
            ["check", path],
            ["show", path, "1"],
            ["unit", "list", path],
            ["unit", "import", path, Sample.units],
            [
                "item", "add", path, "--unit", "432001", "--functional", "2010306", "--economic", "30101", "--type", "basic",
                "--source", "general", "--amount", "1",
            ],
            ["import", path, Sample.items, "--unit", "wan"],
            ["export-csv", path, folder.file("out.csv")],
            ["export", path, folder.file("out.xlsx"), "--force"],
        ]
        for command in commands {
            let result = try runBudget(command)
            let name = command.prefix(2).joined(separator: " ")
            #expect(result.status == 3, "\(name) on \(kind): \(result.stderr)")
            #expect(result.stderr.hasPrefix("错误 \(kind.expectedCode)："), "\(name) on \(kind): \(result.stderr)")
            for word in kind.expectedWords {
                #expect(result.stderr.contains(word), "\(name) on \(kind): \(result.stderr)")
            }
            #expect(bytes(path) == before, "\(name) changed the \(kind)")
            #expect(folder.contents == contents, "\(name) on \(kind) left files: \(folder.contents)")
        }
    }
}
