import BudgetTestSupport
import Foundation
import Testing

/// The grid's scenarios of `Scripts/browser-grid` (Scripts/browser/grid.py), each on a fresh
/// sample served by `budget serve`, with the figures the page must show worked out by hand.
@Suite("Browser workbench's grid in a real browser")
struct WorkbenchGridBrowserTests {
    static let script = PackagePaths.root.appendingPathComponent("Scripts/browser-grid").path
    static let income = "一、一般公共预算拨款收入"

    /// Runs one scenario on a fresh sample; its output, for the failure's message. `files` are
    /// written into the served folder, and an argument naming one is given its path.
    func run(_ scenario: String, _ arguments: [String], files: [String: String] = [:]) throws -> String {
        try #require(Browser.missing == nil, "CI needs the browser for this test: \(Browser.missing ?? "") (Scripts/setup installs it)")
        let (folder, _) = try sampleFolder()
        for (name, text) in files { try text.write(toFile: folder.file(name), atomically: true, encoding: .utf8) }
        let serve = try ServeProcess(folder.path)
        defer { serve.stop() }
        let screenshot = folder.file("\(scenario).png")
        let result = try runProgram(
            Browser.python,
            [Self.script, serve.url, "sample.budget", scenario, "--screenshot", screenshot]
                + arguments.map { files[$0] == nil ? $0 : folder.file($0) })
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return result.stdout
    }

    @Test(
        "three rows pasted from a spreadsheet's clipboard: table 1 and the grid's total move by their sum; Ctrl+Z takes them out",
        .withBrowser)
    func pasteThreeRows() throws {
        // As Excel copies three rows in the grid's columns (单位 … 备注, no 编号), with the header:
        // 10,000.00 + 20,000.00 + 5,000.00 元 = 35,000.00 元 = 3.50 万元.
        let tsv = """
            单位\t功能科目\t经济科目\t类型\t经费\t项目\t资金来源\t金额（元）\t备注\r
            432001\t2010306 政务公开审批\t30201 办公费\t基本支出\t\t\t一般公共预算拨款\t10,000.00\t\r
            432001\t2010306\t30216\t基本支出\t\t\t一般公共预算拨款\t20000\t"培训\t两期"\r
            432001\t2010306\t30227\t项目支出\t\t档案扫描服务费\t一般公共预算拨款\t5000.00\t\r

            """
        let output = try run(
            "paste",
            [
                // Table 1: 2343.44 (published) + 3.50 = 2346.94 万元; the grid: 23,434,400.00 + 35,000.00 元.
                "--tsv", "rows.tsv", "--label", Self.income, "--before", "2343.44", "--after", "2346.94", "--total", "23,469,400.00",
            ], files: ["rows.tsv": tsv])
        #expect(output.contains("ok undone"), "\(output)")
    }

    @Test(
        "a pasted block with a bad code: the cell is marked and listed by its row, and nothing is written",
        .withBrowser)
    func badPaste() throws {
        // No header: line 2's functional code 2999999 is in no catalog (and has no name with it).
        let tsv = """
            432001\t2010306\t30201\t基本支出\t\t\t一般公共预算拨款\t100\t
            432001\t2999999\t30201\t基本支出\t\t\t一般公共预算拨款\t100\t
            432001\t2010306\t30201\t基本支出\t\t\t一般公共预算拨款\t100\t

            """
        let output = try run(
            "bad-paste", ["--tsv", "bad.tsv", "--label", Self.income, "--before", "2343.44", "--bad", "2999999", "--line", "2"],
            files: ["bad.tsv": tsv])
        #expect(output.contains("ok nothing written"), "\(output)")
    }

    @Test(
        "a click on table 5's 208 合计 shows its four items in the grid, with their count and total",
        .withBrowser)
    func cellItems() throws {
        // items.csv, 208 社会保障和就业支出 (all 一般公共预算拨款, so all in table 5): 2080505 45.00 and
        // 26.54, 2080501 4.71, 2080502 14.02 万元 = 90.27 万元 = 902,700.00 元.
        let output = try run(
            "cell",
            [
                "--table", "5", "--row", "208", "--offset", "2", "--count", "4", "--total", "902,700.00", "--all", "53", "--amounts",
                "450,000.00", "265,400.00", "47,100.00", "140,200.00",
            ])
        #expect(output.contains("ok cleared"), "\(output)")
    }

    @Test(
        "two browsers change the same line: the second is refused with the first's value, shown in its cell; the first's undo over the second's change is refused too",
        .withBrowser)
    func twoBrowsers() throws {
        // The first line, 1,203,000.00 元: the first browser makes it 1,213,000.00 (+1.00 万元,
        // table 1 2343.44 → 2344.44); the second, which still shows 1,203,000.00, wants 1,300,000.
        // Made again, the second's change stands: 1,300,000 - 1,203,000 = 97,000 元 = 9.70 万元,
        // 2343.44 + 9.70 = 2353.14; the first browser's undo (back to 1,203,000.00) is refused.
        let output = try run(
            "two",
            [
                "--label", Self.income, "--after", "2344.44", "--first", "1213000", "--second", "1300000", "--fresh", "1,213,000.00",
                "--final", "2353.14", "--second-text", "1,300,000.00",
            ])
        #expect(output.contains("ok table 1 一、一般公共预算拨款收入 stays 2353.14"), "\(output)")
    }

    @Test(
        "a code picked from the list, an amount changed, and Ctrl+Z twice restores both and table 1's figure",
        .withBrowser)
    func undo() throws {
        // The first line 1,203,000.00 → 1,303,000.00 元: +10.00 万元, table 1 2343.44 → 2353.44.
        let output = try run(
            "undo",
            [
                "--label", Self.income, "--before", "2343.44", "--amount", "1303000", "--after", "2353.44", "--amount-before",
                "1,203,000.00", "--query", "3020", "--code", "30201",
            ])
        #expect(output.contains("is 1,203,000.00 again"), "\(output)")
    }

    @Test(
        "Insert adds a line with the current one's unit and codes, Ctrl+Delete removes two selected lines; Ctrl+Z undoes each",
        .withBrowser)
    func addAndRemove() throws {
        let output = try run(
            "rows",
            [
                // The new line 10,000 元 = 1.00 万元: 2343.44 + 1.00 = 2344.44. The first two lines,
                // 120.30 + 66.80 = 187.10 万元, removed: 2343.44 - 187.10 = 2156.34.
                "--label", Self.income, "--before", "2343.44", "--all", "53", "--amount", "10000", "--after", "2344.44", "--removed", "2156.34",
            ])
        #expect(output.contains("ok the removal undone"), "\(output)")
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs where headless Chromium is (always in CI, where its absence fails the test).
    static var withBrowser: Self {
        .enabled(if: Browser.missing == nil || Browser.inCI, "no headless Chromium here (\(Browser.missing ?? "")): Scripts/setup installs it")
    }
}
