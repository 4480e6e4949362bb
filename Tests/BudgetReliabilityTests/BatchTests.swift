// export-units writes one workbook per unit into a folder the clerk shares with other files
// (issue cases 3 and 6): all of them or none, even under kill -9 at any rename; nothing of ours
// left behind (libxlsxwriter's tmp.XXXXXX files included); long Chinese unit names; and none of
// libxlsxwriter's English messages on standard error.
//
// The kills at each rename use the debug builds' hook BUDGET_KILL_AT_RENAME=N (SIGKILL before the
// N-th rename of the batch; 0: before its journal is put in place). About 30 s.
import BudgetTestSupport
import Foundation
import Testing

/// Every entry of a folder, hidden ones included, with each file's bytes ("dir" for a folder).
func folderState(_ folder: String) -> [String: Data] {
    var state: [String: Data] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
        let path = folder + "/" + name
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        state[name] = isDirectory.boolValue ? Data("dir".utf8) : bytes(path) ?? Data()
    }
    return state
}

/// The entries a clerk sees (not hidden).
func visible(_ state: [String: Data]) -> [String: Data] { state.filter { !$0.key.hasPrefix(".") } }

@Suite("export-units: all or nothing under kill -9, long names, nothing left behind", .serialized)
struct BatchTests {
    /// A project of `units` units, its units' workbooks in two versions: `old` (the Shanghai
    /// template) and `new` (the project's own), each in its own folder.
    func twoSets(_ folder: TemporaryFolder, units: Int) throws -> (project: String, old: [String: Data], new: [String: Data], oldFolder: String) {
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", String(units), "--items", "3000", "--seed", "61")
        let oldFolder = folder.file("old")
        let newFolder = folder.file("new")
        for path in [oldFolder, newFolder] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
        try setup("export-units", project, oldFolder, "--template", "shanghai")
        try setup("export-units", project, newFolder)
        let old = folderState(oldFolder)
        let new = folderState(newFolder)
        try #require(old.count == units && new.count == units && Set(old.keys) == Set(new.keys))
        try #require(old.keys.allSatisfy { old[$0] != new[$0] }, "every workbook differs between the two sets")
        return (project, old, new, oldFolder)
    }

    /// A folder holding the old set and a file of the clerk's.
    func folderWithOldSet(_ folder: TemporaryFolder, _ name: String, from oldFolder: String) throws -> String {
        let out = folder.file(name)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        for file in try FileManager.default.contentsOfDirectory(atPath: oldFolder) {
            try FileManager.default.copyItem(atPath: oldFolder + "/" + file, toPath: out + "/" + file)
        }
        try Data("会议纪要".utf8).write(to: URL(fileURLWithPath: out + "/说明.txt"))
        return out
    }

    @Test(
        "killed before each rename of the batch (and before its journal): the next export-units finds the old set or the new, byte for byte, and leaves nothing of ours"
    )
    func killedAtEveryRename() throws {
        let units = 5
        let folder = TemporaryFolder()
        let (project, old, new, oldFolder) = try twoSets(folder, units: units)
        let memo = Data("会议纪要".utf8)
        var outcomes: [String] = []
        for kill in 0...(units + 1) {
            let out = try folderWithOldSet(folder, "out-\(kill)", from: oldFolder)
            let run = try cli(["export-units", project, out], environment: ["BUDGET_KILL_AT_RENAME": String(kill)])
            let killed = kill <= units
            #expect(run.signal == (killed ? SIGKILL : nil), "kill at rename \(kill): \(run)")
            let afterKill = folderState(out)
            let journals = afterKill.keys.filter { $0.hasPrefix(".budget-batch-") && $0.hasSuffix(".journal") }
            if kill == 0 {
                // Killed before the journal: nothing renamed, so the old set, and no journal.
                #expect(visible(afterKill) == old.merging(["说明.txt": memo]) { $1 }, "killed before the journal")
                #expect(journals.isEmpty)
            } else if killed {
                // Past the commit point: a journal records the batch for the next run to complete.
                #expect(journals.count == 1, "kill at rename \(kill): \(afterKill.keys.sorted())")
            }
            // The next export-units into the folder completes or undoes the batch before anything
            // else, even when it fails itself (here: a project that does not exist).
            let next = try cli(["export-units", folder.file("missing.budget"), out])
            #expect(next.status == 3 && next.stderr.contains("E-FILE-MISSING"), "\(next)")
            let expected = (kill == 0 ? old : new).merging(["说明.txt": memo]) { $1 }
            #expect(folderState(out) == expected, "kill at rename \(kill): after the next run the folder holds \(folderState(out).keys.sorted())")
            outcomes.append(kill == 0 ? "old" : "new")
        }
        note(
            "export-units killed before its journal, before each of its \(units) renames, and not at all: \(outcomes.joined(separator: ", ")) after the next run; never a mix"
        )
        withExtendedLifetime(folder) {}
    }

    @Test(
        "killed at random moments while writing: the old set stays, and the next export-units leaves the new set and nothing else (no tmp.XXXXXX of libxlsxwriter)"
    )
    func killedWhileWriting() throws {
        let folder = TemporaryFolder()
        let (project, old, new, oldFolder) = try twoSets(folder, units: 4)
        let out = try folderWithOldSet(folder, "out", from: oldFolder)
        var random = Settings.random("export-units")
        let timing = try cli(["export-units", project, folder.file("new")])
        try #require(timing.succeeded)
        var landed = 0
        var midWrite = 0
        for round in 0..<max(4, KillTests.kills / 10) {
            let child = try Child(["export-units", project, out, "--force"])
            // Anywhere in the run, a third of the kills close to its end (the renames).
            let typical = max(0.02, timing.seconds)
            pause(round % 3 == 0 ? typical * Double.random(in: 0.8...1.05, using: &random) : Double.random(in: 0.01...typical, using: &random))
            child.sendKill()
            let outcome = child.wait()
            let now = visible(folderState(out)).filter { $0.key != "说明.txt" }
            let journal = folderState(out).keys.contains { $0.hasSuffix(".journal") }
            if folderState(out).keys.contains(where: { $0.hasPrefix(".budget-tmp-") }) { midWrite += 1 }
            if outcome.succeeded || journal { landed += 1 }
            #expect(now == old || now == new || journal, "round \(round): neither the old set nor the new, and no journal: \(now.keys.sorted())")
            // Back to the old set for the next round (the next run's recovery first).
            if outcome.succeeded || journal {
                try setup("export-units", project, out, "--template", "shanghai")
            }
        }
        note("export-units killed at random: \(midWrite) while writing (a staging folder left), \(landed) landed or journalled")
        #expect(midWrite > 0, "no kill fell while the workbooks were being written")
        try setup("export-units", project, out)
        #expect(folderState(out) == new.merging(["说明.txt": Data("会议纪要".utf8)]) { $1 })
        #expect(folderState(out).keys.filter { $0.hasPrefix(".") || $0.hasPrefix("tmp.") }.isEmpty)
        withExtendedLifetime(folder) {}
    }

    @Test(
        "unit names of 75 to 200 Chinese characters: every workbook written, its name cut to whole characters within 200 bytes, nothing in English on stderr"
    )
    func longUnitNames() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "2", "--items", "200", "--seed", "62")
        let lengths = [75, 84, 85, 120, 200]
        for (index, length) in lengths.enumerated() {
            let name = String(repeating: "长", count: length - 1) + "局"
            try setup("unit", "add", project, "--code", String(9_100_001 + index), "--name", name, "--nature", "行政")
        }
        let out = folder.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        // The new units have no items: a warning, so --force is not needed; twice, the second over the first.
        for round in 0..<2 {
            let run = try cli(["export-units", project, out])
            #expect(run.succeeded, "round \(round): \(run)")
            #expect(!run.stderr.contains("[ERROR]") && !run.stderr.contains("File name"), "\(run.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names.count == 2 + lengths.count, "\(names)")
        for (index, length) in lengths.enumerated() {
            let code = String(9_100_001 + index)
            let file = try #require(names.first { $0.hasPrefix(code) }, "no workbook for \(code)")
            #expect(file.utf8.count <= 200, "\(file.utf8.count) bytes")
            // “code ” then whole characters of the name (3 bytes each), then .xlsx.
            let kept = file.dropFirst(code.count + 1).dropLast(5)
            let expected = min(length, (200 - 5 - code.count - 1) / 3)
            #expect(kept.count == expected && kept.allSatisfy { $0 == "长" || $0 == "局" }, "\(file)")
        }
        #expect(names.allSatisfy { !$0.hasPrefix(".") })

        // A target name the disk cannot take is named as such, not as a missing folder.
        let long = folder.file(String(repeating: "长", count: 90) + ".xlsx")
        let export = try cli(["export", project, long, "--force"])
        #expect(export.status == 5 && export.stderr.contains("文件名太长") && !export.stderr.contains("[ERROR]"), "\(export)")
        #expect(!export.stderr.contains("文件夹不存在"))
        #expect(folderState(folder.path).keys.filter { $0.hasPrefix(".") }.isEmpty)
        withExtendedLifetime(folder) {}
    }
}
