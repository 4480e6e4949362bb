import BudgetTestSupport
import Foundation
import Testing

/// budget caps, check, export, show caps and diff through the executable (issue 18). Figures from
/// Workbooks/sample-2023/items.csv: 432002 项目支出 25.20 + 5.00 = 30.20 万元; 432002 基本支出 469.17 万元.
@Suite("budget caps")
struct CapsCommandTests {
    static var capsFile: String { PackagePaths.sample.appendingPathComponent("caps.csv").path }

    @Test("the sample's caps: imported, listed, shown against the draft; check passes with one reminder")
    func sampleCaps() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let imported = try budget("caps", "import", project, Self.capsFile, "--unit", "wan")
        #expect(imported.status == 0 && imported.stdout.contains("已导入 5 项控制数"), "\(imported.stdout)\(imported.stderr)")
        let listed = try budget("caps", "list", project, "--unit", "wan")
        #expect(listed.status == 0 && listed.stdout.contains("480.00") && listed.stdout.contains("全部门"), "\(listed.stdout)")
        let shown = try budget("show", project, "caps")
        #expect(shown.status == 0 && shown.stdout.contains("超出 0 项，尚余 1 项，相符 4 项"), "\(shown.stdout)\(shown.stderr)")
        // 4,800,000.00 − 4,691,700.00 = 108,300.00 元.
        #expect(shown.stdout.contains("4,800,000.00   4,691,700.00") && shown.stdout.contains("108,300.00  尚余"), "\(shown.stdout)")
        let csv = try budget("show", project, "控制数执行", "--csv")
        #expect(csv.stdout.contains("4800000.00,4691700.00,108300.00,尚余"), "\(csv.stdout)")
        let check = try budget("check", project)
        #expect(check.status == 0 && check.stdout.contains("未用足控制数（一下）"), "\(check.stdout)\(check.stderr)")
        // The reminder names the cap, the drafted amount and what is left once, without the
        // “（应为…，实为…）” other checks end with: 4,800,000.00 − 4,691,700.00 = 108,300.00 元.
        #expect(check.stdout.contains("尚余 108300.00 元（10.83 万元）（明细 13 条）\n"), "\(check.stdout)")
        #expect(!check.stdout.contains("（应为 480.00，实为 469.17）"), "\(check.stdout)")
        let tables = try budget("show", project).stdout.split(separator: "\n")
        #expect(tables.last?.hasPrefix("caps ") == true && tables.last?.hasSuffix(" 控制数执行") == true, "\(tables)")
    }

    @Test("export is refused while a cap is exceeded (exit 6, E-EXPORT-REFUSED), the finding naming the excess and the lines")
    func exportRefused() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let set = try budget(
            "caps", "set", project, "--unit", "432002", "--source", "一般公共预算拨款", "--type", "项目支出", "--amount", "30", "--amount-unit", "wan")
        #expect(set.status == 0 && set.stdout.contains("已添加控制数"), "\(set.stdout)\(set.stderr)")
        let out = folder.file("out.xlsx")
        let export = try budget("export", project, out)
        #expect(export.status == 6 && export.stderr.contains("E-EXPORT-REFUSED"), "\(export.stdout)\(export.stderr)")
        // 30.20 − 30.00 = 0.20 万元 = 2,000.00 元 over, from the two 项目支出 lines of 432002.
        #expect(
            export.stdout.contains("超出 2000.00 元（0.20 万元）") || export.stderr.contains("超出 2000.00 元（0.20 万元）"), "\(export.stdout)\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let check = try budget("check", project)
        #expect(check.status == 6 && check.stdout.contains("超出控制数") && check.stdout.contains("共 2 条"), "\(check.stdout)")
        #expect(try budget("caps", "rm", project, "--all").status == 0)
        #expect(try budget("export", project, out).status == 0)
    }

    @Test("a bad caps file: exit 1, every bad cell named, nothing written")
    func badFile() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let file = folder.write("caps.csv", "单位编码,资金来源,控制数\n432001,一般公共预算拨款,1.2345678\n,一般公共预算拨款,-5\n")
        let result = try budget("caps", "import", project, file, "--unit", "wan", "--received", "明天")
        #expect(result.status == 1 && result.stderr.contains("E-INPUT"), "\(result.stderr)")
        for part in ["caps.csv，第 2 行，“控制数”列，值“1.2345678”", "caps.csv，第 3 行，“控制数”列，值“-5”", "--received（收到日期），值“明天”"] {
            #expect(result.stderr.contains(part), "\(part) in \(result.stderr)")
        }
        // The bad option is named once, not in every row it would fill.
        #expect(occurrences(of: "明天", in: result.stderr) == 1, "\(result.stderr)")
        #expect(try budget("caps", "list", project).stdout.contains("还没有控制数"))
    }

    @Test("diff between two rounds shows the caps' changes beside the draft's")
    func diffRounds() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        #expect(try budget("caps", "import", project, Self.capsFile, "--unit", "wan").status == 0)
        #expect(try budget("snapshot", "save", project, "一下").status == 0)
        #expect(
            try budget(
                "caps", "set", project, "--unit", "432002", "--source", "general", "--type", "basic", "--amount", "470", "--amount-unit", "wan",
                "--round", "二下"
            )
            .status == 0)
        #expect(try budget("item", "rm", project, "18").status == 0)
        let diff = try budget("diff", project)
        #expect(diff.status == 1, "\(diff.stderr)")
        #expect(diff.stdout.contains("控制数：新增 0 项，删除 0 项，修改 1 项"), "\(diff.stdout)")
        // 4,700,000 − 4,800,000 = −100,000 元.
        #expect(
            diff.stdout.contains("控制数修改：432002 一般公共预算拨款 基本支出：4,800,000.00 元 → 4,700,000.00 元（-100,000.00 元）；轮次 一下 → 二下"),
            "\(diff.stdout)")
        #expect(diff.stdout.contains("删除 #18"), "\(diff.stdout)")
    }
}
