// A disk that fills up during import and during export (reliability.md §6.5 FT-04, FT-05; issue 6).
//
// The small disk is a size-limited tmpfs: `mount -t tmpfs -o size=…` on a folder of the test
// (unmounted in a defer), or, where a plain mount is refused, the same inside `unshare -Urm`.
// Where neither is permitted the tests are skipped with the reason. BUDGET_SMALL_DISK=mount|unshare|none
// forces one way. Each scenario is a small shell script run with the tmpfs mounted at $DISK; it
// writes exit codes and copies of the files to $OUT, which the test then inspects.
//
// The disk is filled at several points (free space from a few KiB up to nearly enough), like
// SQLite's I/O-error loops that move the point of failure; a last run with room to spare succeeds.
// About 8 s.
import BudgetTestSupport
import Foundation
import Testing

enum SmallDisk {
    enum Mode: String { case mount, unshare, none }

    static func which(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// How this machine lets the tests make a small disk, and why not when it does not.
    static var mode: Mode { probe.mode }
    static var reason: String { probe.reason }
    static let probe: (mode: Mode, reason: String) = {
        let forced = ProcessInfo.processInfo.environment["BUDGET_SMALL_DISK"].flatMap(Mode.init(rawValue:))
        let probe = TemporaryFolder()
        let point = probe.file("mnt")
        try? FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
        var tried: [String] = []
        if forced == nil || forced == .mount, let mount = which("mount"), let umount = which("umount") {
            if let outcome = try? tool(mount, ["-t", "tmpfs", "-o", "size=64k", "tmpfs", point]), outcome.succeeded {
                _ = try? tool(umount, [point])
                return (.mount, "mount -t tmpfs works")
            } else {
                tried.append("mount -t tmpfs refused")
            }
        }
        if forced == nil || forced == .unshare, let unshare = which("unshare") {
            if let outcome = try? tool(unshare, ["-Urm", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\"", point]), outcome.succeeded {
                return (.unshare, "unshare -Urm + mount -t tmpfs works" + (tried.isEmpty ? "" : " (\(tried.joined(separator: "; ")))"))
            } else {
                tried.append("unshare -Urm refused")
            }
        }
        if forced == SmallDisk.Mode.none { tried.append("BUDGET_SMALL_DISK=none") }
        return (.none, "no size-limited tmpfs can be mounted here: " + tried.joined(separator: "; "))
    }()

    static var available: Bool {
        if mode == .none { note("disk-full tests skipped: \(reason)") }
        return mode != .none
    }

    /// Runs `script` with /bin/sh, with a tmpfs of `kilobytes` KiB mounted at `disk` and the
    /// variables of `environment` set (plus DISK). `options` are more mount options (“,nr_inodes=3”).
    static func run(kilobytes: Int, disk: String, script: String, environment: [String: String], options: String = "") throws -> Outcome {
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        var environment = environment
        environment["DISK"] = disk
        switch mode {
        case .mount:
            let mounted = try tool(which("mount")!, ["-t", "tmpfs", "-o", "size=\(kilobytes)k\(options)", "tmpfs", disk])
            try #require(mounted.succeeded, "mount: \(mounted)")
            defer {
                if let outcome = try? tool(which("umount")!, [disk]), !outcome.succeeded {
                    _ = try? tool(which("umount")!, ["-l", disk])
                }
            }
            return try Child(["-c", script], executable: "/bin/sh", environment: environment).wait(timeout: 120)
        case .unshare:
            environment["SIZE"] = "\(kilobytes)k\(options)"
            environment["SCRIPT"] = script
            let wrapper = "mount -t tmpfs -o size=\"$SIZE\" tmpfs \"$DISK\" || exit 97; exec /bin/sh -c \"$SCRIPT\""
            return try Child(["-Urm", "/bin/sh", "-c", wrapper], executable: which("unshare")!, environment: environment).wait(timeout: 120)
        case .none:
            throw SkipDisk()
        }
    }

    struct SkipDisk: Error {}
}

/// Reads a small text file a scenario wrote.
func text(_ path: String) -> String { String(decoding: bytes(path) ?? Data(), as: UTF8.self) }
func code(_ path: String) -> Int32? { Int32(text(path).trimmingCharacters(in: .whitespacesAndNewlines)) }

@Suite("disk full during import and export (FT-04, FT-05)", .enabled(if: SmallDisk.available, "needs a size-limited tmpfs (mount or unshare -Urm)"))
struct DiskFullTests {
    @Test("import onto a full disk fails with exit 1 and a clear message, and the project is unchanged")
    func importOnFullDisk() throws {
        note("disk-full: \(SmallDisk.mode.rawValue) (\(SmallDisk.reason))")
        let folder = TemporaryFolder()
        let pristine = folder.file("baseline.budget")
        try setup("generate", pristine, "--units", "3", "--items", "2000", "--seed", "51")
        let csv = folder.file("import.csv")
        try generatedCSV(units: 3, items: 20_000, seed: 52, at: csv, scratch: folder.file("source.budget"))
        let pristineBytes = try read(pristine)
        let before = try ProjectContent.content(pristine)
        let projectKiB = (pristineBytes.count + 1023) / 1024

        let script = """
            cp "$PRISTINE" "$DISK/p.budget" || exit 98
            "$BUDGET" import "$DISK/p.budget" "$CSV" >"$OUT/import.out" 2>"$OUT/import.err"; echo $? >"$OUT/import.rc"
            ls -A "$DISK" >"$OUT/ls"
            "$BUDGET" check "$DISK/p.budget" --full >"$OUT/check.out" 2>"$OUT/check.err"; echo $? >"$OUT/check.rc"
            ls -A "$DISK" >"$OUT/ls-after-check"
            cp "$DISK/p.budget" "$OUT/p.budget"
            """
        var failedAt: [Int] = []
        var identical = 0
        // Free space after the copy, in KiB: the import needs about 2 MB more.
        for free in [4, 24, 96, 400, 1000, 1600, 20_000] {
            let out = folder.file("out-\(free)")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let run = try SmallDisk.run(
                kilobytes: projectKiB + free, disk: folder.file("disk-\(free)"), script: script,
                environment: ["PRISTINE": pristine, "CSV": csv, "OUT": out, "BUDGET": PackagePaths.executable.path])
            try #require(run.succeeded, "scenario with \(free) KiB free: \(run)")
            let status = code(out + "/import.rc")
            let message = text(out + "/import.err")
            let stored = try ProjectContent.content(out + "/p.budget")
            #expect(
                soundCheck(status: code(out + "/check.rc") ?? -1, stdout: text(out + "/check.out")),
                "\(free) KiB free: check --full after the import: \(text(out + "/check.out").suffix(600)) \(text(out + "/check.err"))")
            #expect(text(out + "/ls").split(separator: "\n") == ["p.budget"], "\(free) KiB free: side files after the import: \(text(out + "/ls"))")
            if free == 20_000 {
                #expect(status == 0, "with room to spare the import succeeds: \(message)")
                #expect(stored.items == before.items + 20_000)
                continue
            }
            failedAt.append(free)
            #expect(status == 5, "\(free) KiB free: import exit status \(status.map(String.init) ?? "?"): \(message)")
            #expect(
                message.contains("磁盘已满") && message.contains("p.budget"),
                "\(free) KiB free: the message should say the disk is full and name the file: \(message)")
            #expect(stored == before, "\(free) KiB free: the project holds \(stored), before the import it held \(before)")
            if bytes(out + "/p.budget") == pristineBytes { identical += 1 }
        }
        note(
            "disk-full import: failed as expected with \(failedAt.map { "\($0) KiB" }.joined(separator: ", ")) free; project byte-identical in \(identical) of \(failedAt.count), same content in all"
        )
        withExtendedLifetime(folder) {}
    }

    @Test("snapshot save and restore on a full disk fail with exit 5 naming the disk, and the project is as before: same items, same snapshots")
    func snapshotsOnFullDisk() throws {
        let folder = TemporaryFolder()
        let pristine = folder.file("baseline.budget")
        try setup("generate", pristine, "--units", "3", "--items", "8000", "--seed", "54")
        try setup("snapshot", "save", pristine, "一上")
        let removed = try cli(["item", "rm", pristine] + (1...500).map { String($0 * 3) })
        try #require(removed.succeeded, "\(removed)")
        let pristineBytes = try read(pristine)
        let before = try ProjectContent.content(pristine)
        let projectKiB = (pristineBytes.count + 1023) / 1024

        let script = """
            cp "$PRISTINE" "$DISK/p.budget" || exit 98
            "$BUDGET" "$@" >"$OUT/run.out" 2>"$OUT/run.err"; echo $? >"$OUT/run.rc"
            "$BUDGET" check "$DISK/p.budget" --full >"$OUT/check.out" 2>"$OUT/check.err"; echo $? >"$OUT/check.rc"
            "$BUDGET" snapshot list "$DISK/p.budget" >"$OUT/list.out" 2>&1
            ls -A "$DISK" >"$OUT/ls"
            cp "$DISK/p.budget" "$OUT/p.budget"
            """
        for (name, arguments) in [
            ("save", ["snapshot", "save", "$DISK/p.budget", "二上"]), ("restore", ["snapshot", "restore", "$DISK/p.budget", "一上"]),
        ] {
            for free in [16, 200] {
                let out = folder.file("out-\(name)-\(free)")
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let call = script.replacingOccurrences(of: "\"$@\"", with: arguments.map { "\"\($0)\"" }.joined(separator: " "))
                let run = try SmallDisk.run(
                    kilobytes: projectKiB + free, disk: folder.file("disk-\(name)-\(free)"), script: call,
                    environment: ["PRISTINE": pristine, "OUT": out, "BUDGET": PackagePaths.executable.path])
                try #require(run.succeeded, "\(name) with \(free) KiB free: \(run)")
                let message = text(out + "/run.err")
                #expect(code(out + "/run.rc") == 5, "\(name), \(free) KiB free: \(message)")
                #expect(message.contains("磁盘已满"), "\(name), \(free) KiB free: \(message)")
                #expect(code(out + "/check.rc") == 0, "\(name), \(free) KiB free: \(text(out + "/check.out").suffix(400))")
                #expect(try ProjectContent.content(out + "/p.budget") == before, "\(name), \(free) KiB free")
                let snapshotRows = text(out + "/list.out").split(separator: "\n").filter {
                    $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true
                }
                #expect(snapshotRows.count == 1 && snapshotRows[0].contains("一上"), "only 一上: \(text(out + "/list.out"))")
                #expect(text(out + "/ls").split(separator: "\n") == ["p.budget"], "\(name): side files: \(text(out + "/ls"))")
            }
        }
        withExtendedLifetime(folder) {}
    }

    @Test("export onto a full disk fails, the previous workbook is byte-identical, no temporary file is left")
    func exportOnFullDisk() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "3", "--items", "2000", "--seed", "53")
        let old = folder.file("old.xlsx")
        try setup("export", project, old)
        try setup("item", "set", project, "1", "--amount", "7654.32")
        let reference = folder.file("reference.xlsx")
        try setup("export", project, reference)
        let oldBytes = try read(old)
        let newBytes = try read(reference)
        let projectBytes = try read(project)
        try #require(oldBytes != newBytes)
        let oldKiB = (oldBytes.count + 1023) / 1024

        let script = """
            cp "$OLD" "$DISK/out.xlsx" || exit 98
            "$BUDGET" export "$PROJECT" "$DISK/out.xlsx" >"$OUT/export.out" 2>"$OUT/export.err"; echo $? >"$OUT/export.rc"
            ls -A "$DISK" >"$OUT/ls"
            cp "$DISK/out.xlsx" "$OUT/out.xlsx"
            """
        var failedAt: [Int] = []
        for free in [4, 40, 100, 130, 4000] {
            let out = folder.file("out-\(free)")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let run = try SmallDisk.run(
                kilobytes: oldKiB + free, disk: folder.file("disk-\(free)"), script: script,
                environment: ["OLD": old, "PROJECT": project, "OUT": out, "BUDGET": PackagePaths.executable.path])
            try #require(run.succeeded, "scenario with \(free) KiB free: \(run)")
            let status = code(out + "/export.rc")
            let message = text(out + "/export.err")
            #expect(
                text(out + "/ls").split(separator: "\n") == ["out.xlsx"], "\(free) KiB free: files on the disk after the export: \(text(out + "/ls"))"
            )
            #expect(bytes(project) == projectBytes, "\(free) KiB free: the project changed")
            if free == 4000 {
                #expect(status == 0, "with room to spare the export succeeds: \(message)")
                #expect(bytes(out + "/out.xlsx") == newBytes)
                continue
            }
            failedAt.append(free)
            #expect(status == 5, "\(free) KiB free: export exit status \(status.map(String.init) ?? "?"): \(message)")
            #expect(
                message.contains("磁盘已满") && message.contains("out.xlsx"),
                "\(free) KiB free: the message should say the disk may be full and name the target: \(message)")
            #expect(!message.contains("UTF-8") && !message.contains("[ERROR]"), "\(free) KiB free: \(message)")
            #expect(bytes(out + "/out.xlsx") == oldBytes, "\(free) KiB free: the previous workbook changed")
        }
        note(
            "disk-full export: failed as expected with \(failedAt.map { "\($0) KiB" }.joined(separator: ", ")) free; previous workbook intact in each"
        )
        withExtendedLifetime(folder) {}
    }

    @Test(
        "export-csv, narrative and export at a few KiB and at 40 KiB free, and with no inode left: exit 5 saying 磁盘已满 (not a missing folder, not a damaged file), libxlsxwriter silent, the old file byte-identical, nothing left"
    )
    func outputsOnFullDisk() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try setup("generate", project, "--units", "3", "--items", "2000", "--seed", "55")
        let old = Data("上一版".utf8)
        try old.write(to: URL(fileURLWithPath: folder.file("old")))
        let script = """
            cp "$OLD" "$DISK/$NAME" || exit 98
            "$BUDGET" $COMMAND "$PROJECT" $FLAG "$DISK/$NAME" >"$OUT/run.out" 2>"$OUT/run.err"; echo $? >"$OUT/run.rc"
            ls -A "$DISK" >"$OUT/ls"
            cp "$DISK/$NAME" "$OUT/kept"
            """
        let cases: [(command: String, flag: String, name: String, free: Int, options: String)] = [
            ("export-csv", "", "明细.csv", 4, ""), ("export-csv", "", "明细.csv", 40, ""),
            ("narrative", "-o", "情况说明.md", 4, ""), ("export", "", "公开表.xlsx", 40, ""),
            // No inode left for libxlsxwriter's file (the root, the old file and our staging folder
            // take the three): its fopen fails and it prints “[ERROR] … No space left on device”.
            ("export", "", "公开表.xlsx", 400, ",nr_inodes=3"),
        ]
        for (index, run) in cases.enumerated() {
            let out = folder.file("out-\(index)")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let outcome = try SmallDisk.run(
                kilobytes: 4 + run.free, disk: folder.file("disk-\(index)"), script: script,
                environment: [
                    "OLD": folder.file("old"), "NAME": run.name, "COMMAND": run.command, "FLAG": run.flag, "PROJECT": project, "OUT": out,
                    "BUDGET": PackagePaths.executable.path,
                ], options: run.options)
            try #require(outcome.succeeded, "\(run): \(outcome)")
            let message = text(out + "/run.err")
            let label = "\(run.command), \(run.free) KiB free\(run.options)"
            #expect(code(out + "/run.rc") == 5, "\(label): \(message)")
            #expect(message.contains("磁盘已满") && message.contains(run.name), "\(label): \(message)")
            #expect(!message.contains("文件夹不存在") && !message.contains("UTF-8") && !message.contains("[ERROR]"), "\(label): \(message)")
            #expect(bytes(out + "/kept") == old, "\(label): the old file changed")
            #expect(text(out + "/ls").split(separator: "\n") == [Substring(run.name)], "\(label): left on the disk: \(text(out + "/ls"))")
        }
        withExtendedLifetime(folder) {}
    }
}
