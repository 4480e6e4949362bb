import BudgetTestSupport
import Foundation
import Testing

/// Headless Chromium driven by Selenium (Debian's chromium, chromium-driver and
/// python3-selenium, which `Scripts/setup` installs): what `Scripts/browser-check` needs.
enum Browser {
    static let python = "/usr/bin/python3"
    static let script = PackagePaths.root.appendingPathComponent("Scripts/browser-check").path

    /// Why the browser test cannot run here, or nil when it can.
    static let missing: String? = {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing (chromium, chromium-driver)"
        }
        guard let probe = try? runProgram(python, ["-c", "import selenium"]), probe.status == 0 else {
            return "\(python) cannot import selenium (python3-selenium)"
        }
        return nil
    }()

    static var inCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !value.isEmpty && value != "false" && value != "0"
    }
}

/// `budget serve` started as a clerk starts it, on a free port, until stopped.
final class ServeProcess {
    let process = Process()
    let url: String

    /// `environment`, when given, is all the process gets (e.g. a PATH without LibreOffice).
    init(_ folder: String, environment: [String: String]? = nil) throws {
        process.executableURL = PackagePaths.executable
        process.arguments = ["serve", folder, "--port", "0"]
        if let environment { process.environment = environment }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line names the address: “预算工作台已启动：http://127.0.0.1:PORT/”.
        var text = ""
        while !text.contains("\n") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let match = text.firstMatch(of: /http:\/\/127\.0\.0\.1:[0-9]+\//) else {
            process.terminate()
            throw ServeFailed(output: text)
        }
        url = String(match.0)
    }

    struct ServeFailed: Error { var output: String }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

@Suite("Browser workbench in a real browser")
struct WorkbenchBrowserTests {
    @Test(
        "open the sample, change an amount in the grid, table 1 moves by the change; a bad code is refused on its cell",
        .enabled(if: Browser.missing == nil || Browser.inCI, "no headless Chromium here (\(Browser.missing ?? "")): Scripts/setup installs it"))
    func editInTheGrid() throws {
        try #require(Browser.missing == nil, "CI needs the browser for this test: \(Browser.missing ?? "") (Scripts/setup installs it)")
        let (folder, _) = try sampleFolder()
        let serve = try ServeProcess(folder.path)
        defer { serve.stop() }
        let screenshot = folder.file("workbench.png")
        // The sample's first line: 1,203,000.00 元 (120.30 万元) → 1,213,000.00 元, +1.00 万元:
        // 一般公共预算拨款收入 2343.44 (published) + 1.00 = 2344.44.
        let result = try runProgram(
            Browser.python,
            [
                Browser.script, serve.url, "sample.budget", "--label", "一、一般公共预算拨款收入", "--before", "2343.44", "--amount", "1213000",
                "--after", "2344.44", "--screenshot", screenshot,
            ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ok refused"), "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: screenshot))
        if let keep = ProcessInfo.processInfo.environment["BUDGET_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: screenshot, toPath: keep)
        }
    }
}
