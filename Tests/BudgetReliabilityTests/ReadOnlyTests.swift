// A read-only project (reliability.md PF-11, PF-12): reads work, writes are refused clearly,
// and the file is untouched. Root ignores permission bits, so the CLI runs as nobody through
// setpriv; without setpriv (or when not root) the tests say so and stop.
import BudgetTestSupport
import Foundation
import Testing

@Suite("Read-only projects", .serialized)
struct ReadOnlyTests {
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs the CLI as user 65534 (nobody).
    func asNobody(_ arguments: [String]) throws -> Outcome {
        try tool(Self.setpriv!, ["--reuid=65534", "--regid=65534", "--clear-groups", PackagePaths.executable.path] + arguments)
    }

    /// A folder nobody can enter, with a copy of the sample inside, and the executable reachable.
    func place(fileMode: String, folderMode: String) throws -> (folder: TemporaryFolder, project: String)? {
        guard getuid() == 0, Self.setpriv != nil else {
            note("read-only tests skipped: they need root and setpriv")
            return nil
        }
        // Other users must be able to reach the built executable and its resources.
        var folder = PackagePaths.executable.deletingLastPathComponent()
        while folder.path != "/" {
            let mode = ((try? FileManager.default.attributesOfItem(atPath: folder.path))?[.posixPermissions] as? NSNumber)?.intValue ?? 0
            if mode & 0o001 == 0 {
                note("read-only tests skipped: \(folder.path) is not searchable by other users, so user 65534 cannot run the build")
                return nil
            }
            folder.deleteLastPathComponent()
        }
        let place = TemporaryFolder()
        _ = try tool("/bin/chmod", ["755", place.path])
        let project = place.file("p.budget")
        try SampleProject.build(at: project)
        _ = try tool("/bin/chmod", [fileMode, project])
        _ = try tool("/bin/chmod", [folderMode, place.path])
        // The executable and its folders must be reachable by nobody.
        let check = try asNobody(["--version"])
        guard check.succeeded else {
            note("read-only tests skipped: user 65534 cannot run \(PackagePaths.executable.path): \(check)")
            return nil
        }
        return (place, project)
    }

    @Test("a read-only file: show and check work, writes exit 1 saying 只读, the file unchanged")
    func readOnlyFile() throws {
        guard let (folder, project) = try place(fileMode: "444", folderMode: "777") else { return }
        defer { _ = try? tool("/bin/chmod", ["755", folder.path]) }
        let before = try read(project)
        #expect(try asNobody(["show", project, "6"]).succeeded)
        #expect(try asNobody(["check", project]).succeeded)
        let add = try asNobody([
            "item", "add", project, "--unit", "432001", "--functional", "2010306", "--economic", "30201",
            "--type", "basic", "--source", "general", "--amount", "1",
        ])
        #expect(add.status == 5 && add.stderr.contains("只读"), "\(add)")
        let rm = try asNobody(["item", "rm", project, "1"])
        #expect(rm.status == 5 && rm.stderr.contains("只读"), "\(rm)")
        // Snapshots: saving one is a write; listing, comparing and explaining only read.
        let save = try asNobody(["snapshot", "save", project, "一上"])
        #expect(save.status == 5 && save.stderr.contains("只读"), "\(save)")
        #expect(try asNobody(["snapshot", "list", project]).succeeded)
        #expect(try asNobody(["explain", project, "3", "合计", "合计"]).succeeded)
        #expect(try read(project) == before)
    }

    @Test("a writable file in a read-only folder: writes are refused naming the folder")
    func readOnlyFolder() throws {
        guard let (folder, project) = try place(fileMode: "666", folderMode: "555") else { return }
        defer { _ = try? tool("/bin/chmod", ["755", folder.path]) }
        let before = try read(project)
        #expect(try asNobody(["show", project, "1"]).succeeded)
        let rm = try asNobody(["item", "rm", project, "1"])
        #expect(rm.status == 5 && rm.stderr.contains("文件夹"), "\(rm)")
        #expect(try read(project) == before)
    }

    @Test(
        "a colleague's read-only workbook in a shared folder: export as another user refuses to replace it, naming the owner; --overwrite replaces it"
    )
    func colleaguesWorkbook() throws {
        guard let (folder, project) = try place(fileMode: "644", folderMode: "777") else { return }
        defer { _ = try? tool("/bin/chmod", ["755", folder.path]) }
        let workbook = folder.file("公开表.xlsx")
        let colleague = Data("同事的工作簿".utf8)
        try colleague.write(to: URL(fileURLWithPath: workbook))
        chmod(workbook, 0o444)  // root's, read-only: what a colleague leaves in a shared folder
        let refused = try asNobody(["export", project, workbook])
        #expect(refused.status == 5 && refused.stderr.contains("属于另一个用户（root）") && refused.stderr.contains("--overwrite"), "\(refused)")
        var info = stat()
        #expect(stat(workbook, &info) == 0 && info.st_uid == 0 && info.st_mode & 0o777 == 0o444, "owner and mode unchanged")
        #expect(try read(workbook) == colleague)
        let replaced = try asNobody(["export", project, workbook, "--overwrite"])
        #expect(replaced.succeeded, "\(replaced)")
        #expect(stat(workbook, &info) == 0 && info.st_uid == 65534)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test(
        "a journal beside a project in a read-only folder: this file's own says it needs recovery (E-READONLY), another's is refused (E-JOURNAL); nothing touched"
    )
    func journalInReadOnlyFolder() throws {
        guard let (folder, project) = try place(fileMode: "666", folderMode: "777") else { return }
        defer { _ = try? tool("/bin/chmod", ["755", folder.path]) }
        let crash = try CrashImage.make(of: project)
        // Another project's journal: the same sample built again has its own tag.
        let scratch = TemporaryFolder()
        let other = scratch.file("other.budget")
        try SampleProject.build(at: other)
        let foreign = try CrashImage.make(of: other).journal
        for (journal, own) in [(crash.journal, true), (foreign, false)] {
            _ = try tool("/bin/chmod", ["777", folder.path])
            try crash.file.write(to: URL(fileURLWithPath: project))
            try journal.write(to: URL(fileURLWithPath: project + "-journal"))
            _ = try tool("/bin/chmod", ["444", project, project + "-journal"])
            _ = try tool("/bin/chmod", ["555", folder.path])
            let shown = try asNobody(["show", project, "1"])
            if own {
                #expect(shown.status == 5 && shown.stderr.contains("E-READONLY") && shown.stderr.contains("上次的修改没有完成"), "\(shown)")
            } else {
                #expect(shown.status == 3 && shown.stderr.contains("E-JOURNAL") && shown.stderr.contains("另一个项目"), "\(shown)")
            }
            #expect(try read(project) == crash.file, "the project was changed")
            #expect(try read(project + "-journal") == journal, "the journal was changed or moved")
        }
    }
}
