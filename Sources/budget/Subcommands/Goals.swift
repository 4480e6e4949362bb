import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct GoalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goal", abstract: "部门整体绩效的分项绩效目标。", subcommands: [Import_.self, Add.self, List.self, Remove.self])

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "从 CSV（名称,绩效目标,绩效指标）导入，替换原有的分项绩效目标。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption

        func run() throws {
            try perform {
                let goals = try project.open().importGoals(from: file, encoding: encoding.encoding)
                say("已导入 \(goals.count) 个分项绩效目标。")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加一个分项绩效目标。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "名称，如“开展投资项目审批”。") var name: String
        @Option(help: "绩效目标。") var goal: String
        @Option(help: "绩效指标。") var indicators: String

        func run() throws {
            try perform {
                try project.open().addGoal(DepartmentGoal(name: name, goal: goal, indicators: indicators))
                say("已添加分项绩效目标“\(name)”。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出分项绩效目标。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let goals = try project.open().documentData().departmentGoals
                if goals.isEmpty { return say("还没有分项绩效目标。") }
                for (index, goal) in goals.enumerated() {
                    say("（\(ChineseNumber.of(index + 1))）\(goal.name)\n    绩效目标：\(goal.goal)\n    绩效指标：\(goal.indicators)")
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除一个分项绩效目标。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "名称。") var name: String

        func run() throws {
            try perform {
                try project.open().removeGoal(name: name)
                say("已删除分项绩效目标“\(name)”。")
            }
        }
    }
}
