// Special files (issue 13, case 8): a project or input path that is a pipe is refused at once
// (it used to hang), and an output to /dev/stdout or a pipe is written through, never read first.
import BudgetTestSupport
import Foundation
import Testing

@Suite("Pipes and devices never hang a command", .serialized)
struct SpecialFileTests {
    @Test("a project path that is a pipe or a device: refused at once with E-FILE-NOT-PROJECT")
    func projectIsPipe() throws {
        let folder = TemporaryFolder()
        let fifo = folder.file("f.budget")
        #expect(mkfifo(fifo, 0o644) == 0)
        for command in [["check", fifo], ["show", fifo, "1"], ["item", "list", fifo], ["check", "/dev/zero"]] {
            let outcome = try cli(command, timeout: 10)
            #expect(!outcome.timedOut && outcome.status == 3, "\(command): \(outcome)")
            #expect(outcome.stderr.contains("E-FILE-NOT-PROJECT") && outcome.stderr.contains("不是普通文件"), "\(outcome)")
        }
    }

    @Test("an input file that is a pipe: refused at once, located, nothing written")
    func inputIsPipe() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.empty(at: project)
        let before = try read(project)
        let fifo = folder.file("items.csv")
        #expect(mkfifo(fifo, 0o644) == 0)
        for command in [["import", project, fifo], ["unit", "import", project, fifo], ["text", "set", project, "other", fifo]] {
            let outcome = try cli(command, timeout: 10)
            #expect(!outcome.timedOut && outcome.status == 1, "\(command): \(outcome)")
            #expect(outcome.stderr.contains(fifo) && outcome.stderr.contains("不是普通文件"), "\(outcome)")
        }
        #expect(try read(project) == before)
    }

    @Test("export-csv and narrative to /dev/stdout through a pipe: written, no hang, no temporary file")
    func outputToPipe() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.build(at: project)
        let budget = PackagePaths.executable.path
        for (command, expected) in [("export-csv", "unit,"), ("narrative", "情况说明")] {
            let output = command == "narrative" ? "-o /dev/stdout" : "/dev/stdout"
            // `head` closes the pipe early: the writer must neither hang nor leave a file behind.
            let outcome = try tool("/bin/bash", ["-c", "'\(budget)' \(command) '\(project)' \(output) | head -c 2000"], timeout: 20)
            #expect(!outcome.timedOut && outcome.succeeded, "\(command): \(outcome)")
            #expect(outcome.stdout.contains(expected), "\(command): \(outcome.stdout.prefix(300))")
            // The whole output through a pipe read to its end equals what goes to a file.
            let whole = try tool("/bin/bash", ["-c", "'\(budget)' \(command) '\(project)' \(output) | cat"], timeout: 20)
            let file = folder.file("out")
            try setup(command == "narrative" ? [command, project, "-o", file] : [command, project, file])
            #expect(whole.stdout.hasPrefix(String(decoding: try read(file), as: UTF8.self)), "\(command): \(whole.stdout.suffix(200))")
        }
        #expect(!FileManager.default.fileExists(atPath: "/dev/.stdout.tmp-0"))
        #expect(folder.contents.filter { $0.contains(".tmp-") }.isEmpty)
    }
}
