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

    @Test("wrong arguments are told in Chinese, with the usage line: the messages a clerk met in English")
    func chineseUsageErrors() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let cases: [([String], [String])] = [
            (["item", "list", path, "--bogus"], ["错误：不认识的选项“--bogus”", "用法：budget item list <PROJECT>", "详见 budget item list --help。"]),
            (["item", "add"], ["错误：缺少参数 <PROJECT>", "说明：<PROJECT>"]),
            (["item", "set", path, "abc"], ["错误：“abc”不能用作 <id>"]),
            (["show", path, "--template"], ["错误：选项 --template 后面缺少值"]),
            (["item", "list", path, "--amount-unit", "km"], ["错误：选项 --amount-unit 的值“km”不对：可用 yuan 或 wan"]),
            (["item", "lst"], ["错误：多余的参数“lst”"]),
            (["init", folder.file("q.budget"), "--department-code", "1"], ["错误：缺少选项 --department-name"]),
        ]
        for (arguments, expected) in cases {
            let result = try runBudget(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            for text in expected { #expect(result.stderr.contains(text), "\(arguments): \(result.stderr)") }
            for english in ["Error:", "Usage:", "Unknown option", "Missing", "invalid", "for more information"] {
                #expect(!result.stderr.contains(english), "\(arguments): \(result.stderr)")
            }
        }
    }
}
