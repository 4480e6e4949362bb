import BudgetTestSupport
import Foundation
import Testing

@Suite("The clerk's main job, end to end")
struct WorkflowTests {
    @Test("init → unit import → import --unit wan → check → export on the sample")
    func mainJob() throws {
        let folder = TemporaryFolder()
        let project = folder.file("432-2023.budget")
        let workbook = folder.file("公开表.xlsx")

        let initResult = try budget(
            "init", project, "--department-code", Sample.departmentCode, "--department-name", Sample.departmentName, "--year",
            Sample.year)
        #expect(initResult.status == 0, "\(initResult.stderr)")
        #expect(initResult.stdout.contains("已新建项目"))

        let units = try budget("unit", "import", project, Sample.units)
        #expect(units.status == 0, "\(units.stderr)")
        #expect(units.stdout.contains("已导入 2 个单位"))
        #expect(units.stdout.contains("432001"))
        #expect(units.stdout.contains("432002"))

        let items = try budget("import", project, Sample.items, "--unit", "wan")
        #expect(items.status == 0, "\(items.stderr)")
        #expect(items.stdout.contains("已导入 53 条明细"))
        #expect(items.stdout.contains("2343.44 万元"))

        // The statement: until its texts, targets, last year's figures and assets are entered,
        // check names what is missing ([placeholder]) and export refuses.
        let unwritten = try budget("check", project)
        #expect(unwritten.status == 6 && unwritten.stdout.contains("[placeholder]"), "\(unwritten.stdout)")
        func sample(_ name: String) -> String { PackagePaths.sample.appendingPathComponent(name).path }
        for section in ["duties", "overall-goal", "measures"] {
            #expect(try budget("text", "set", project, section, sample("\(section).txt")).status == 0)
        }
        #expect(try budget("indicator", "import", project, sample("indicators.csv")).status == 0)
        #expect(try budget("prior", "import", project, sample("prior.csv"), "--unit", "wan").status == 0)
        #expect(
            try budget("asset", "set", project, "--as-of", "2022-12-31", "--total", "970", "--amount-unit", "wan", "--other-value", "970").status == 0
        )

        let check = try budget("check", project)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("检查通过"))

        let export = try budget("export", project, workbook)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("已导出"))
        #expect(export.stdout.contains("9 张公开表"))
        #expect(!export.stdout.contains("未经校验"))
        #expect(export.stderr.isEmpty)

        let data = try #require(bytes(workbook), "no workbook written")
        #expect(data.starts(with: Data("PK".utf8)))
        #expect(data.count > 1000)
        #expect(folder.contents == ["432-2023.budget", "公开表.xlsx"], "stray files: \(folder.contents)")
    }

    @Test("the same job with relative paths, run from the project folder")
    func relativePaths() throws {
        let folder = TemporaryFolder()
        func run(_ arguments: String...) throws -> CommandResult { try runBudget(arguments, in: folder.path) }

        #expect(try run("init", "p.budget", "--department-code", "432", "--department-name", Sample.departmentName, "--year", "2023").status == 0)
        #expect(try run("unit", "import", "p.budget", Sample.units).status == 0)
        #expect(try run("import", "p.budget", Sample.items, "--unit", "wan").status == 0)
        try SampleProject.fillStandIns(at: folder.file("p.budget"))
        #expect(try run("check", "p.budget").status == 0)
        #expect(try run("export", "p.budget", "out.xlsx").status == 0)
        #expect(bytes(folder.file("out.xlsx"))?.starts(with: Data("PK".utf8)) == true)
    }
}
