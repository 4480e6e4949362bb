import BudgetTestSupport
import Foundation
import Testing

@Suite("Help is in Chinese")
struct HelpTests {
    @Test("budget --help describes the tool and its commands in Chinese")
    func rootHelp() throws {
        let result = try budget("--help")

        #expect(result.status == 0)
        #expect(result.stdout.contains("预算"))
        #expect(result.stdout.contains("部门预算编制工具"))
        #expect(result.stdout.contains("常用步骤"))
        for command in ["init", "unit", "project", "item", "import", "export-csv", "catalog", "check", "show", "export"] {
            #expect(result.stdout.contains("  \(command) "), "\(command) missing from the help")
        }
        #expect(result.stdout.contains("新建一个项目文件"))
    }

    @Test("budget import --help explains the columns, the encodings and 金额单位")
    func importHelp() throws {
        let result = try budget("import", "--help")

        #expect(result.status == 0)
        #expect(result.stdout.contains("金额单位"))
        #expect(result.stdout.contains("万元"))
        #expect(result.stdout.contains("GB18030"))
        #expect(result.stdout.contains("单位编码"))
        #expect(result.stdout.contains("项目文件"))
    }

    @Test(
        "help of the other commands is in Chinese",
        arguments: [
            ["init", "--help"], ["check", "--help"], ["export", "--help"], ["item", "add", "--help"], ["show", "--help"],
        ])
    func otherHelp(_ arguments: [String]) throws {
        let result = try runBudget(arguments)

        #expect(result.status == 0)
        #expect(result.stdout.contains("项目文件"))
    }

    @Test("an unknown subcommand is a usage error: exit 64")
    func unknownCommand() throws {
        let result = try budget("frobnicate")

        #expect(result.status == 64)
    }
}
