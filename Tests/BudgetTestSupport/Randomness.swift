import BudgetModel
import Foundation

/// Replayable randomness for tests: `BUDGET_SEED`, or the clock (printed once, so that a failing
/// run can be replayed), mixed with each test's own name.
public enum TestSeed {
    public static let base: UInt64 = {
        let seed = ProcessInfo.processInfo.environment["BUDGET_SEED"].flatMap { UInt64($0) } ?? UInt64(Date().timeIntervalSince1970 * 1000)
        print("[tests] BUDGET_SEED=\(seed) (set BUDGET_SEED=\(seed) to replay this run)")
        return seed
    }()

    /// A generator for one test: the base seed mixed with the test's name.
    public static func random(_ test: String) -> SplitMix64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in test.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return SplitMix64(seed: base ^ hash)
    }
}

/// Programs some tests hand a workbook to (LibreOffice, python3 with openpyxl). Without them those
/// tests are skipped with a message; where `CI` is set they must run, and fail instead.
public enum ExternalTools {
    /// CI must run every test: a missing program fails it there rather than skipping it.
    public static var inCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !value.isEmpty && value != "false" && value != "0"
    }

    /// The path of a program on PATH.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Why LibreOffice cannot convert here, or nil when it can.
    public static let sofficeMissing: String? =
        which("soffice") == nil ? "soffice is not on PATH (Scripts/setup installs libreoffice-calc-nogui)" : nil

    /// A python3 that imports openpyxl: the first on PATH, or Debian's (python3-openpyxl, which
    /// Scripts/setup installs).
    static let openpyxlPython: String? = ([which("python3")].compactMap { $0 } + ["/usr/bin/python3"]).first { python in
        FileManager.default.isExecutableFile(atPath: python) && (try? runProgram(python, ["-c", "import openpyxl"]))?.status == 0
    }

    /// Why openpyxl cannot be used here, or nil when it can.
    public static var openpyxlMissing: String? {
        openpyxlPython == nil ? "no python3 imports openpyxl (Scripts/setup installs python3-openpyxl)" : nil
    }

    /// A workbook loaded and saved again by openpyxl, as a clerk's script would.
    public static func resaveWithOpenpyxl(_ input: String, to output: String) throws -> CommandResult {
        try runProgram(
            openpyxlPython ?? "/usr/bin/python3",
            ["-c", "import openpyxl, sys\nbook = openpyxl.load_workbook(sys.argv[1])\nbook.save(sys.argv[2])", input, output])
    }

    /// A workbook opened and saved again as XLSX by headless LibreOffice (a profile of its own,
    /// so that another LibreOffice running on the machine is not disturbed), into `folder`.
    public static func resaveWithLibreOffice(_ input: String, into folder: String) throws -> CommandResult {
        let profile = URL(fileURLWithPath: folder).appendingPathComponent("lo-profile").absoluteString
        return try runProgram(
            which("soffice") ?? "soffice",
            ["-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", folder, input])
    }
}
