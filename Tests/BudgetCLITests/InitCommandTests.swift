import BudgetTestSupport
import Foundation
import Testing

@Suite("budget init, and every other command on a path that does not exist")
struct InitCommandTests {
    @Test("init creates a SQLite project file and leaves no temporary file beside it")
    func initCreates() throws {
        let folder = TemporaryFolder()
        let path = folder.file("新项目.budget")

        let result = try budget(
            "init", path, "--department-code", "432", "--department-name", Sample.departmentName, "--year", "2023")

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("已新建项目"))
        #expect(result.stdout.contains("2023 年度"))
        let data = try #require(bytes(path))
        #expect(data.starts(with: Data("SQLite format 3\0".utf8)))
        #expect(folder.contents == ["新项目.budget"])
        // The new project opens and has no units yet.
        let units = try budget("unit", "list", path)
        #expect(units.status == 0)
        #expect(units.stdout.contains("还没有单位"))
    }

    @Test("init refuses a path that holds a project: exit 3 E-FILE-EXISTS, the file byte-for-byte unchanged")
    func initRefusesExistingProject() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let result = try budget("init", path, "--department-code", "999", "--department-name", "别的部门", "--year", "2024")

        #expect(result.status == 3)
        #expect(result.stderr.contains("E-FILE-EXISTS"))
        #expect(result.stderr.contains("已经存在"))
        #expect(result.stderr.contains("没有覆盖"))
        #expect(bytes(path) == before)
        #expect(folder.contents == ["p.budget"])
    }

    @Test("init refuses a path that holds any other file: exit 3 E-FILE-EXISTS, the file byte-for-byte unchanged")
    func initRefusesExistingFile() throws {
        let folder = TemporaryFolder()
        let path = folder.write("notes.budget", "这是一份很重要的文字记录，不能被覆盖。\n")
        let before = try #require(bytes(path))

        let result = try budget("init", path, "--department-code", "432", "--department-name", "部门", "--year", "2023")

        #expect(result.status == 3)
        #expect(result.stderr.contains("E-FILE-EXISTS"))
        #expect(result.stderr.contains("已经存在"))
        #expect(bytes(path) == before)
        #expect(folder.contents == ["notes.budget"])
    }

    @Test("init with a year out of range exits 1 E-INPUT, names 预算年度 and creates no file")
    func initRejectsBadYear() throws {
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")

        let result = try budget("init", path, "--department-code", "432", "--department-name", "部门", "--year", "1999")

        #expect(result.status == 1)
        #expect(result.stderr.contains("E-INPUT"))
        #expect(result.stderr.contains("预算年度"))
        #expect(result.stderr.contains("1999"))
        #expect(folder.contents.isEmpty)
    }

    @Test("init in a folder that does not exist exits 5 E-IO and creates nothing")
    func initInMissingFolder() throws {
        let folder = TemporaryFolder()

        let result = try budget(
            "init", folder.file("missing/p.budget"), "--department-code", "432", "--department-name", "部门", "--year", "2023")

        #expect(result.status == 5)
        #expect(result.stderr.contains("E-IO"))
        #expect(result.stderr.contains("不存在"))
        #expect(folder.contents.isEmpty)
    }

    @Test("every other command on a mistyped path exits 3 E-FILE-MISSING with 找不到项目文件 and creates no file")
    func mistypedPath() throws {
        let folder = TemporaryFolder()
        let catalog = folder.write("catalog.csv", "code,name\n2010306,政务公开审批\n")
        let missing = folder.file("项目（打错了）.budget")
        let commands: [[String]] = [
            ["check", missing],
            ["check", missing, "--json"],
            ["show", missing],
            ["show", missing, "6"],
            ["unit", "list", missing],
            ["unit", "add", missing, "--code", "432001", "--name", "本级", "--nature", "行政"],
            ["unit", "import", missing, Sample.units],
            ["unit", "rm", missing, "--code", "432001"],
            ["project", "list", missing],
            ["project", "add", missing, "--name", "新项目"],
            ["item", "list", missing],
            [
                "item", "add", missing, "--unit", "432001", "--functional", "2010306", "--economic", "30101", "--type", "basic",
                "--source", "general", "--amount", "1",
            ],
            ["item", "set", missing, "1", "--amount", "2"],
            ["item", "rm", missing, "1"],
            ["import", missing, Sample.items, "--unit", "wan"],
            ["export-csv", missing, folder.file("out.csv")],
            ["catalog", "import", missing, catalog],
            ["export", missing, folder.file("out.xlsx")],
            ["export", missing, folder.file("out.xlsx"), "--force"],
        ]
        for command in commands {
            let result = try runBudget(command)
            let name = command.prefix(2).joined(separator: " ")
            #expect(result.status == 3, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("错误 E-FILE-MISSING：找不到项目文件"), "\(name): \(result.stderr)")
            #expect(folder.contents == ["catalog.csv"], "\(name) left files: \(folder.contents)")
        }
    }
}
