import BudgetTestSupport
import Foundation
import Testing

@Suite("Browser workbench in a real browser: snapshots, export and import")
struct WorkbenchProjectBrowserTests {
    static let script = PackagePaths.root.appendingPathComponent("Scripts/browser-project").path

    @Test(
        "save a snapshot, change an amount, see the diff; download the workbook with the new figure; a bad CSV's located error; restore",
        .enabled(if: Browser.missing == nil || Browser.inCI, "no headless Chromium here (\(Browser.missing ?? "")): Scripts/setup installs it"))
    func snapshotDiffExportImport() throws {
        try #require(Browser.missing == nil, "CI needs the browser for this test: \(Browser.missing ?? "") (Scripts/setup installs it)")
        let (folder, _) = try sampleFolder()
        let serve = try ServeProcess(folder.path)
        defer { serve.stop() }
        let downloads = TemporaryFolder()
        let csvFolder = TemporaryFolder()
        // Line 3 of the file (its second row of data) names a functional code that does not exist.
        let csv = csvFolder.file("新增明细.csv")
        try """
        unit,functional,economic,type,nature,project,source,amount,note
        432001,2010306,30201,basic,public,,general,1000,
        432001,2999999,30201,basic,public,,general,500,

        """.write(toFile: csv, atomically: true, encoding: .utf8)
        // The sample's first line: 1,203,000.00 元 (120.30 万元) → 1,213,000.00 元, +1.00 万元:
        // 一般公共预算拨款收入 2343.44 (published) + 1.00 = 2344.44, in the diff and in the workbook.
        let result = try runProgram(
            Browser.python,
            [
                Self.script, serve.url, "sample.budget", "--snapshot", "一上", "--label", "一、一般公共预算拨款收入", "--before", "2343.44",
                "--amount", "1213000", "--after", "2344.44", "--downloads", downloads.path, "--bad-csv", csv, "--bad-value", "2999999",
                "--bad-line", "3", "--screenshot", folder.file("project.png"),
            ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for step in ["ok snapshot", "ok diff", "ok downloaded", "ok import refused", "ok restored"] {
            #expect(result.stdout.contains(step), "\(result.stdout)")
        }
    }
}
