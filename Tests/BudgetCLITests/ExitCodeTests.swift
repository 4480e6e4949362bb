// Exit statuses and error codes are part of the interface (reliability.md §6.1, rule R12): one test
// per row of the table in README.md, through the executable. Where nothing may be written, the
// project file is byte-identical afterwards and no file is left beside it (§6.2 P1, P2).
// The E-BUSY test waits out the 5-second busy timeout.
import BudgetTestSupport
import Foundation
import GRDB
import Testing

/// A test that cannot run here says so in the log.
func note(_ text: String) { print("[exit codes] \(text)") }

@Suite("Exit statuses and error codes", .serialized)
struct ExitCodeTests {
    /// The project's bytes and its folder's listing, to compare after a refused command.
    struct Untouched {
        let path: String
        let folder: TemporaryFolder
        let bytes: Data?
        let contents: [String]

        init(_ path: String, in folder: TemporaryFolder) {
            self.path = path
            self.folder = folder
            bytes = BudgetTestSupport.bytes(path)
            contents = folder.contents
        }

        func verify(_ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(BudgetTestSupport.bytes(path) == bytes, "\(context): the project changed", sourceLocation: sourceLocation)
            #expect(folder.contents == contents, "\(context): files left: \(folder.contents)", sourceLocation: sourceLocation)
        }
    }

    /// The result is a failure with `status`, and standard error starts with `错误 CODE：`.
    func expectFailure(
        _ result: CommandResult, status: Int32, code: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "exit \(result.status), expected \(status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("错误 \(code)："), "expected \(code) first: \(result.stderr)", sourceLocation: sourceLocation)
    }

    /// Runs any program with an optional environment (added to this one).
    func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try runProgram(executable, arguments, environment: environment)
    }

    // MARK: - 0 done

    @Test("0: done, nothing on standard error")
    func done() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let result = try budget("check", path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
    }

    // MARK: - 1 input refused

    @Test("1 E-INPUT: an item for a unit that does not exist; nothing written")
    func input() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let untouched = Untouched(path, in: folder)
        let result = try budget(
            "item", "add", path, "--unit", "999999", "--functional", "2010306", "--economic", "30101", "--type", "basic", "--source",
            "general", "--amount", "1")
        expectFailure(result, status: 1, code: "E-INPUT")
        #expect(result.stderr.contains("没有写入任何内容"))
        untouched.verify("item add")
    }

    @Test("1 E-INPUT: an import with bad rows lists them all; nothing written")
    func inputImport() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let csv = folder.write(
            "bad.csv", "单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注\n432001,20103,30101,基本支出,,,一般公共预算拨款,1,\n")
        let untouched = Untouched(path, in: folder)
        let result = try budget("import", path, csv)
        expectFailure(result, status: 1, code: "E-INPUT")
        #expect(result.stderr.contains("bad.csv"))
        untouched.verify("import")
    }

    // MARK: - 3 project file problems

    @Test("3 E-FILE-MISSING: a mistyped path; no file created")
    func fileMissing() throws {
        let folder = TemporaryFolder()
        let result = try budget("show", folder.file("没有.budget"))
        expectFailure(result, status: 3, code: "E-FILE-MISSING")
        #expect(result.stderr.contains("找不到项目文件"))
        #expect(folder.contents.isEmpty)
    }

    @Test("3 E-FILE-NOT-PROJECT: a text file or a folder where the project goes; untouched")
    func fileNotProject() throws {
        let folder = TemporaryFolder()
        let text = folder.write("notes.budget", String(repeating: "这不是项目文件。\n", count: 20))
        let untouched = Untouched(text, in: folder)
        let result = try budget("unit", "list", text)
        expectFailure(result, status: 3, code: "E-FILE-NOT-PROJECT")
        #expect(result.stderr.contains("不是预算项目文件"))
        untouched.verify("unit list on a text file")

        let directory = folder.file("folder.budget")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let onFolder = try budget("check", directory)
        expectFailure(onFolder, status: 3, code: "E-FILE-NOT-PROJECT")
        #expect(onFolder.stderr.contains("文件夹"))
    }

    @Test("3 E-FILE-FOREIGN: another program's SQLite file; untouched")
    func fileForeign() throws {
        let folder = TemporaryFolder()
        let path = try initProject(folder.file("p.budget"))
        try patch(path, at: 68, with: [0x12, 0x34, 0x56, 0x78])
        let untouched = Untouched(path, in: folder)
        let result = try budget("unit", "add", path, "--code", "432001", "--name", "本级", "--nature", "行政")
        expectFailure(result, status: 3, code: "E-FILE-FOREIGN")
        #expect(result.stderr.contains("其他程序"))
        untouched.verify("unit add")
    }

    @Test("3 E-FILE-NEWER: a project from a newer budget; untouched")
    func fileNewer() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        try patch(path, at: 60, with: [0, 0, 0, 99])
        let untouched = Untouched(path, in: folder)
        let result = try budget("item", "rm", path, "1")
        expectFailure(result, status: 3, code: "E-FILE-NEWER")
        #expect(result.stderr.contains("较新版本"))
        untouched.verify("item rm")
    }

    @Test("3 E-FILE-CORRUPT: every page after the first overwritten; untouched")
    func fileCorrupt() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        var data = try #require(bytes(path))
        let pageSize = Int(data[16]) << 8 | Int(data[17])
        data.replaceSubrange(pageSize..<data.count, with: Data(repeating: 0xFF, count: data.count - pageSize))
        try data.write(to: URL(fileURLWithPath: path))
        let untouched = Untouched(path, in: folder)
        for command in [["show", path, "1"], ["item", "rm", path, "1"], ["doctor", path]] {
            let result = try runBudget(command)
            expectFailure(result, status: 3, code: "E-FILE-CORRUPT")
            #expect(result.stderr.contains("已损坏"))
            untouched.verify(command[0])
        }
    }

    @Test("3 E-FILE-EXISTS: init over an existing file; untouched")
    func fileExists() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let untouched = Untouched(path, in: folder)
        let result = try budget("init", path, "--department-code", "999", "--department-name", "别的部门", "--year", "2024")
        expectFailure(result, status: 3, code: "E-FILE-EXISTS")
        #expect(result.stderr.contains("已经存在"))
        untouched.verify("init")
    }

    @Test("3 E-TOTALS: kept totals that disagree with the items stop the export; 3 E-DOCTOR: doctor reports them")
    func totalsDisagree() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "UPDATE line_item SET functional = '2080502' WHERE id = 1") }
        try queue.close()
        let untouched = Untouched(path, in: folder)

        let export = try budget("export", path, folder.file("out.xlsx"), "--force")
        expectFailure(export, status: 3, code: "E-TOTALS")
        #expect(export.stderr.contains("汇总数与预算明细不一致"))
        untouched.verify("export")

        let doctor = try budget("doctor", path)
        #expect(doctor.status == 3, "\(doctor.stderr)")
        #expect(doctor.stdout.contains("汇总数与明细不一致"), "\(doctor.stdout)")
        #expect(doctor.stderr.hasPrefix("错误 E-DOCTOR："), "\(doctor.stderr)")
        untouched.verify("doctor")
    }

    // MARK: - 4 busy

    @Test("4 E-BUSY: another program holds the write lock past the 5-second timeout; nothing written")
    func busy() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = bytes(path)
        let queue = try DatabaseQueue(path: path)
        let result = try queue.writeWithoutTransaction { db -> CommandResult in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            return try budget("item", "rm", path, "1")
        }
        try queue.close()
        expectFailure(result, status: 4, code: "E-BUSY")
        #expect(result.stderr.contains("另一个程序正在使用"))
        #expect(bytes(path) == before)
        #expect(folder.contents == ["p.budget"], "\(folder.contents)")
    }

    // MARK: - 5 I/O

    @Test("5 E-IO: a project file that cannot be created (its folder is missing)")
    func io() throws {
        let folder = TemporaryFolder()
        let result = try budget("init", folder.file("没有的文件夹/p.budget"), "--department-code", "432", "--department-name", "部门", "--year", "2023")
        expectFailure(result, status: 5, code: "E-IO")
        #expect(result.stderr.contains("不存在"))
        #expect(folder.contents.isEmpty)
    }

    @Test("5 E-EXPORT-IO: a workbook that cannot be written; the project untouched")
    func exportIO() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let untouched = Untouched(path, in: folder)
        let result = try budget("export", path, folder.file("没有的文件夹/out.xlsx"))
        expectFailure(result, status: 5, code: "E-EXPORT-IO")
        #expect(result.stderr.contains("无法导出工作簿"))
        untouched.verify("export")
    }

    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs the CLI as user 65534 (nobody), or returns nil (with a note) when that is not possible:
    /// root ignores permission bits, so read-only files can only be tested as another user.
    func asNobody(_ arguments: [String]) throws -> CommandResult? {
        guard getuid() == 0, let setpriv = Self.setpriv else {
            note("skipped: running the CLI as another user needs root and setpriv")
            return nil
        }
        let prefix = ["--reuid=65534", "--regid=65534", "--clear-groups", PackagePaths.executable.path]
        let probe = try run(setpriv, prefix + ["--version"])
        guard probe.status == 0 else {
            note("skipped: user 65534 cannot run \(PackagePaths.executable.path) (a folder above it is not searchable by others?): \(probe.stderr)")
            return nil
        }
        return try run(setpriv, prefix + arguments)
    }

    func chmod(_ mode: Int16, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: mode)], ofItemAtPath: path)
    }

    @Test("5 E-READONLY: a change to a read-only project; untouched (skipped unless root with setpriv)")
    func readOnly() throws {
        let folder = TemporaryFolder()
        try chmod(0o777, folder.path)
        let path = try makeSampleProject(folder.file("p.budget"))
        try chmod(0o444, path)
        let untouched = Untouched(path, in: folder)
        guard let result = try asNobody(["item", "rm", path, "1"]) else { return }
        expectFailure(result, status: 5, code: "E-READONLY")
        #expect(result.stderr.contains("只读"))
        untouched.verify("item rm")
    }

    @Test("3 E-FILE-UPGRADE: an old-format project that cannot be upgraded in a read-only folder; untouched (skipped unless root with setpriv)")
    func fileUpgrade() throws {
        let folder = TemporaryFolder()
        let path = folder.file("old.budget")
        try FileManager.default.copyItem(
            atPath: PackagePaths.root.appendingPathComponent("Tests/BudgetStoreTests/Fixtures/project-v1.budget").path, toPath: path)
        try chmod(0o644, path)
        try chmod(0o555, folder.path)
        defer { try? chmod(0o755, folder.path) }
        let untouched = Untouched(path, in: folder)
        guard let result = try asNobody(["show", path, "1"]) else { return }
        expectFailure(result, status: 3, code: "E-FILE-UPGRADE")
        #expect(result.stderr.contains("旧版本"))
        untouched.verify("show")
    }

    // MARK: - 6 refused: check finds errors

    @Test("6 E-EXPORT-REFUSED: export while check finds errors; the errors first, nothing written")
    func exportRefused() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        try addUnbalancingItem(path)
        let untouched = Untouched(path, in: folder)
        let result = try budget("export", path, folder.file("out.xlsx"))
        #expect(result.status == 6, "\(result.stderr)")
        #expect(result.stderr.contains("[sum]"))
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("错误 E-EXPORT-REFUSED："), "\(result.stderr)")
        #expect(last.contains("--force"))
        untouched.verify("export")
    }

    @Test("6 E-CHECK: check finds errors: the findings on standard output, then the code on standard error")
    func checkFindsErrors() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        try addUnbalancingItem(path)
        let untouched = Untouched(path, in: folder)
        for arguments in [["check", path], ["check", path, "--json"]] {
            let result = try runBudget(arguments)
            expectFailure(result, status: 6, code: "E-CHECK")
            #expect(result.stdout.contains("[sum]") || result.stdout.contains("\"sum\""), "\(result.stdout)")
            #expect(result.stderr.contains("1 个错误"))
            untouched.verify(arguments.joined(separator: " "))
        }
    }

    // MARK: - 64 wrong arguments

    @Test("64: wrong arguments, the usage line, no error code; nothing written")
    func usage() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let untouched = Untouched(path, in: folder)
        for arguments in [["item", "rm", path, "--no-such-option"], ["show", path, "99"], ["check", path, "--rebuild-totals"]] {
            let result = try runBudget(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("E-"), "\(arguments): \(result.stderr)")
            untouched.verify(arguments.joined(separator: " "))
        }
    }

    // MARK: - 70 internal

    @Test("70 E-INTERNAL: an unexpected error (injected in debug builds); nothing written")
    func internalError() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let untouched = Untouched(path, in: folder)
        let result = try run(PackagePaths.executable.path, ["item", "rm", path, "1"], environment: ["BUDGET_FAULT_INTERNAL": "1"])
        if result.status == 0 {
            note("skipped: a release build has no BUDGET_FAULT_INTERNAL")
            return
        }
        expectFailure(result, status: 70, code: "E-INTERNAL")
        #expect(result.stderr.contains("技术支持"))
        untouched.verify("item rm")
    }
}
