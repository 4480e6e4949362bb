// A journal is rolled back only into the file it belongs to (issue 13, case 1): every command,
// the read-only ones included, run beside a stale journal from the same project (a restored
// backup), from another state of it, and from another project, leaves the project as it was
// (byte for byte where the command only reads) and keeps the journal aside, named.
import BudgetTestSupport
import Foundation
import Testing

@Suite("Stale journals never rewrite a project", .serialized)
struct StaleJournalTests {
    /// The sample project at three moments, and journals of interrupted writes.
    struct Fixture {
        let folder = TemporaryFolder()
        /// The sample, as a backup copy taken before the later writes.
        var backup = Data()
        /// The sample after two more commits, where a crash image was taken.
        var atCrash = Data()
        var crash: CrashImage
        /// The project after one more commit than `atCrash`: another state of it.
        var later = Data()
        /// The journal of an interrupted write of another project.
        var otherJournal = Data()

        init() throws {
            let path = folder.file("build.budget")
            try SampleProject.build(at: path)
            backup = try read(path)
            try setup("text", "set", path, "other", SampleProject.file("other.txt"))
            try setup("snapshot", "save", path, "一上")
            crash = try CrashImage.make(of: path)
            atCrash = try read(path)
            try setup("item", "set", path, "1", "--amount", "99")
            later = try read(path)
            let other = folder.file("other.budget")
            try setup("init", other, "--department-code", "433", "--department-name", "另一个部门", "--year", "2023")
            try setup("unit", "import", other, SampleProject.file("units.csv"))
            otherJournal = try CrashImage.make(of: other, paragraphs: 400).journal
        }
    }

    /// Commands that only read, with the exit status each gives on the sample.
    static let readers: [[String]] = [
        ["show", "P", "1"], ["check", "P"], ["check", "P", "--full"], ["doctor", "P"], ["item", "list", "P", "--unit", "432001"],
        ["snapshot", "list", "P"], ["explain", "P", "6", "30226", "人员经费"], ["project", "list", "P"],
        ["export", "P", "OUT.xlsx"], ["export-csv", "P", "OUT.csv"], ["narrative", "P", "-o", "OUT.md"],
        ["export-units", "P", "UNITS"], ["template", "P", "DRAFT.xlsx"], ["unit", "list", "P"], ["goal", "list", "P"],
        ["indicator", "list", "P", "--project", "党建活动经费"], ["procurement", "list", "P"], ["prior", "list", "P"],
        ["glossary", "list", "P"], ["asset", "show", "P"], ["settings", "P"], ["diff", "P", "P"],
    ]
    /// Commands that write.
    static let writers: [[String]] = [
        [
            "item", "add", "P", "--unit", "432001", "--functional", "2010306", "--economic", "30201", "--type", "basic", "--source",
            "general", "--amount", "1",
        ],
        ["snapshot", "save", "P", "二上"],
        ["text", "set", "P", "other", SampleProject.file("other.txt")],
        ["item", "set", "P", "1", "--amount", "5"], ["item", "rm", "P", "2"],
        ["import", "P", SampleProject.file("items.csv"), "--unit", "wan", "--allow-duplicates"],
        ["project", "set", "P", "--name", "党建活动经费", "--goal", "新目标"], ["glossary", "set", "P", "--term", "名词", "--text", "解释"],
        ["prior", "set", "P", "total", "--amount", "1"], ["asset", "set", "P", "--vehicles", "4"],
    ]

    func run(_ command: [String], project: String, folder: TemporaryFolder) throws -> Outcome {
        for name in ["OUT.xlsx", "OUT.csv", "OUT.md", "DRAFT.xlsx", "UNITS"] { try? FileManager.default.removeItem(atPath: folder.file(name)) }
        try FileManager.default.createDirectory(atPath: folder.file("UNITS"), withIntermediateDirectories: true)
        let arguments = command.map { word -> String in
            switch word {
            case "P": project
            case "OUT.xlsx", "OUT.csv", "OUT.md", "DRAFT.xlsx", "UNITS": folder.file(word)
            default: word
            }
        }
        return try cli(arguments)
    }

    func aside(_ folder: TemporaryFolder) -> [String] { folder.contents.filter { $0.contains("-journal.不匹配-") } }

    @Test("every command beside a stale journal: the project untouched by it, the journal kept aside", arguments: ["backup", "state", "project"])
    func everyCommand(kind: String) throws {
        let fixture = try Fixture()
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        let (file, journal): (Data, Data) =
            switch kind {
            case "backup": (fixture.backup, fixture.crash.journal)
            case "state": (fixture.later, fixture.crash.journal)
            default: (fixture.backup, fixture.otherJournal)
            }
        // The same command on the same file with no journal: what the command does by itself.
        for command in Self.readers + Self.writers {
            try file.write(to: URL(fileURLWithPath: project))
            unlink(project + "-journal")
            let clean = try run(command, project: project, folder: folder)
            // Every command does its work on the file (diff's exit 1 means "different").
            #expect(clean.status == 0 || (command[0] == "diff" && clean.status == 1), "\(command): \(clean)")
            let cleanFile = try read(project)
            for name in aside(folder) { unlink(folder.file(name)) }

            try file.write(to: URL(fileURLWithPath: project))
            try journal.write(to: URL(fileURLWithPath: project + "-journal"))
            let outcome = try run(command, project: project, folder: folder)
            let words = command.prefix(2).joined(separator: " ")
            #expect(outcome.status == clean.status, "\(kind) \(words): \(outcome) (without the journal: \(clean))")
            #expect(!exists(project + "-journal"), "\(kind) \(words): the journal is still there")
            let kept = aside(folder)
            #expect(kept.count == 1, "\(kind) \(words): \(folder.contents)")
            if let name = kept.first {
                #expect(bytes(folder.file(name)) == journal, "\(kind) \(words): the journal kept aside is not the journal")
                unlink(folder.file(name))
            }
            #expect(outcome.stderr.contains("日志文件") && outcome.stderr.contains("不匹配"), "\(kind) \(words): \(outcome.stderr)")
            if Self.readers.contains(command) {
                #expect(try read(project) == file, "\(kind) \(words): a read-only command changed the project")
            } else {
                // A write did what it does without the journal: the same content.
                #expect(try ProjectContent.content(project) == ProjectContent.content(at: cleanFile, in: folder), "\(kind) \(words)")
            }
        }
    }

    @Test("the journal of this file's own interrupted write is still rolled back by every command")
    func ownJournal() throws {
        let fixture = try Fixture()
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        for command in Self.readers {
            try fixture.crash.place(at: project)
            let outcome = try run(command, project: project, folder: folder)
            let words = command.prefix(2).joined(separator: " ")
            #expect(!outcome.stderr.contains("不匹配"), "\(words): \(outcome.stderr)")
            #expect(aside(folder).isEmpty, "\(words)")
            #expect(!exists(project + "-journal"), "\(words)")
            #expect(try ProjectContent.content(project) == ProjectContent.content(at: fixture.atCrash, in: folder), "\(words)")
        }
    }
}

extension ProjectContent {
    /// The content of a project file given as bytes.
    static func content(at data: Data, in folder: TemporaryFolder) throws -> Content {
        let path = folder.file("content-\(UUID().uuidString).budget")
        defer { unlink(path) }
        try data.write(to: URL(fileURLWithPath: path))
        return try content(path)
    }
}
