import BudgetTestSupport
import Foundation
import Testing

/// `budget rollover` as a clerk runs it (issue 18), and the project kinds it reads.
@Suite("budget rollover")
struct RolloverCommandTests {
    @Test("project set --kind marks a project; project list shows it; a word that is no kind is refused")
    func projectKinds() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"), standIns: false)
        let set = try budget("project", "set", project, "--name", "保障房易地建设评估服务费", "--kind", "一次性")
        #expect(set.status == 0, "\(set.stderr)")
        let list = try budget("project", "list", project)
        let line = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("保障房易地建设评估服务费") })
        #expect(line.contains("一次性"))
        #expect(list.stdout.split(separator: "\n").filter { $0.contains("未定") }.count == 14)
        let wrong = try budget("project", "set", project, "--name", "党建活动经费", "--kind", "长期")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("--kind（项目类别）") && wrong.stderr.contains("长期") && wrong.stderr.contains("一次性、经常性、延续"))
        let added = try budget("project", "add", project, "--name", "新项目", "--kind", "延续")
        #expect(added.status == 0, "\(added.stderr)")
        let after = try budget("project", "list", project).stdout.split(separator: "\n").first { $0.hasPrefix("新项目") }
        #expect(after?.contains("延续") == true)
    }

    @Test("the sample rolled over: the report is printed and written beside the new file")
    func rollsOver() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("2023.budget"), standIns: false)
        #expect(try budget("project", "set", project, "--name", "保障房易地建设评估服务费", "--kind", "一次性").status == 0)
        let next = folder.file("2024.budget")
        let result = try budget("rollover", project, next, "--year", "2024")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2024 年预算由 2023 年结转：2023.budget → 2024.budget"))
        #expect(result.stdout.contains("一次性项目 1 个：\n    保障房易地建设评估服务费（上年 2.00 万元）"))
        // Published 2023 table 1: 2343.44 万元.
        #expect(result.stdout.contains("收支总计 2343.44 万元"))
        let report = folder.file("2024-结转报告.txt")
        let written = try String(contentsOfFile: report, encoding: .utf8)
        #expect(result.stdout.hasPrefix(written))
        #expect(result.stdout.hasSuffix("已生成 \(next)；结转报告：\(report)\n"))
        // Never over an existing file.
        let again = try budget("rollover", project, next, "--year", "2024")
        #expect(again.status == 3)
        #expect(again.stderr.contains("E-FILE-EXISTS"))
    }

    @Test("a retired code without a successor: every line listed, exit 1, nothing written; --map supplies it")
    func retiredCode() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("2023.budget"), standIns: false)
        // 30309 retired; a bureau's file that retires it and names no successor.
        let retire = folder.write("retire.csv", "旧编码,新编码,比例\n30309,,\n")
        let next = folder.file("2024.budget")
        let refused = try budget("rollover", project, next, "--year", "2024", "--map", retire)
        #expect(refused.status == 1)
        // items.csv: the one 30309 line is 432001, 2010306, 0.03 万元 (item #12).
        #expect(refused.stderr.contains("明细 #12（单位 432001，2010306 · 30309，300.00 元）"))
        #expect(!FileManager.default.fileExists(atPath: next))
        #expect(folder.contents.sorted() == ["2023.budget", "retire.csv"])

        let successor = folder.write("map.csv", "旧编码,新编码\n30309,30399\n")
        let bad = folder.write("bad.csv", "旧编码,新编码,比例\n30309,2010301,\n")
        let badRun = try budget("rollover", project, next, "--year", "2024", "--map", bad)
        #expect(badRun.status == 1)
        #expect(badRun.stderr.contains("bad.csv，第 2 行，“新编码”列，值“2010301”"))
        let done = try budget("rollover", project, next, "--year", "2024", "--items", "all", "--map", successor)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("部门经济分类科目 30309 → 30399：300.00 元"))
    }

    @Test("--items takes none, basic or all; another word is a usage error naming them")
    func itemsChoice() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("2023.budget"), standIns: false)
        let result = try budget("rollover", project, folder.file("2024.budget"), "--year", "2024", "--items", "projects")
        #expect(result.status == 64)
        #expect(result.stderr.contains("none（不带）、basic（基本支出）或 all（全部）"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("2024.budget")))
    }
}

/// The kinds and the 款's figures as other commands see them.
@Suite("Project kinds and 款 figures elsewhere")
struct ProjectKindElsewhereTests {
    @Test("diff names a changed kind and a 款's last-year figure; purpose list shows the 款 with 增减")
    func diffAndPurposeList() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"), standIns: false)
        #expect(try budget("snapshot", "save", project, "一上").status == 0)
        #expect(try budget("project", "set", project, "--name", "党建活动经费", "--kind", "经常性").status == 0)
        // 30201 last year: 30.00 万元; this year (items.csv, 一般公共预算): 22.60 + 10.00 = 32.60,
        // so +2.60 万元, +8.7 % (2.60 / 30.00 = 8.67 %).
        let set = try budget("purpose", "set", project, "--economic", "30201", "--prior", "30", "--reason", "办公用品增加", "--amount-unit", "wan")
        #expect(set.status == 0, "\(set.stderr)")
        let diff = try budget("diff", project)
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("项目修改：党建活动经费 单位 432001 → 单位 432001 类别 经常性"), "\(diff.stdout)")
        #expect(diff.stdout.contains("经济分类款的上年数新增：30201 上年 300000.00 元；办公用品增加"), "\(diff.stdout)")
        let list = try budget("purpose", "list", project)
        let line = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("30201") }, "\(list.stdout)")
        let cells = line.split(separator: " ", omittingEmptySubsequences: true)
        #expect(
            cells.contains("32.60") && cells.contains("30.00") && cells.contains("2.60") && cells.contains("+8.7%") && cells.contains("办公用品增加"),
            "\(line)")
        // Both or neither code: one of them.
        let both = try budget("purpose", "set", project, "--economic", "30201", "--functional", "2010306", "--prior", "1")
        #expect(both.status == 64)
        let wrong = try budget("purpose", "set", project, "--economic", "2010306", "--prior", "1")
        #expect(wrong.status == 1 && wrong.stderr.contains("应为经济分类的“款”"))
    }
}
