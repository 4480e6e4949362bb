import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "管理项目（项目支出的明细要挂在项目下）。",
        subcommands: [Add.self, Set_.self, List.self, Rename.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加一个项目。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "项目名称。") var name: String
        @Option(help: "实施项目的单位编码（可不填）。") var unit: String?
        @Option(help: "备注。") var note: String = ""

        func run() throws {
            try perform {
                try project.open().addProject(BudgetProject(name: name, unitCode: unit, note: note))
                say("已添加项目“\(name)”。")
            }
        }
    }

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "填写项目的绩效目标、项目金额（申报/批复数，budget check 核对明细合计与它相等），或项目经费情况说明的各部分。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "项目名称。") var name: String
        @Option(help: "绩效目标（绩效目标表第一行）。") var goal: String?
        @Option(parsing: .unconditional, help: "项目金额；空值（\"\"）清除。") var amount: String?
        @Option(parsing: .unconditional, help: "项目经费情况说明：项目概述（项目概况）；空值清除。") var overview: String?
        @Option(parsing: .unconditional, help: "项目经费情况说明：立项依据。") var basis: String?
        @Option(parsing: .unconditional, help: "项目经费情况说明：实施主体。") var executor: String?
        @Option(parsing: .unconditional, help: "项目经费情况说明：实施方案。") var plan: String?
        @Option(parsing: .unconditional, help: "项目经费情况说明：实施周期。") var period: String?
        @Option(parsing: .unconditional, help: "项目经费情况说明：年度预算安排（不填则写本年预算金额）。") var schedule: String?
        @OptionGroup var amounts: AmountUnitOption

        func run() throws {
            try perform {
                let given: [(ProjectTextField, String?)] = [
                    (.overview, overview), (.basis, basis), (.executor, executor), (.plan, plan), (.period, period), (.schedule, schedule),
                ]
                let texts = Dictionary(uniqueKeysWithValues: given.compactMap { field, text in text.map { (field, $0) } })
                if goal == nil && amount == nil && texts.isEmpty {
                    throw ValidationError("请给出 --goal、--amount 或项目经费情况说明的一部分（--overview、--basis、--executor、--plan、--period、--schedule）。")
                }
                let stored = try project.open().setProject(name: name, goal: goal, amount: amount, amountUnit: amounts.amountUnit, texts: texts)
                guard let stored else { return say("已保存项目“\(name)”。") }
                // The amount said back with its unit, in 元 and in 万元, whichever the clerk meant.
                say("已保存项目“\(name)”，项目金额 \(Money.formatYuan(stored.amount)) 元（\(Money.formatWan(stored.amount)) 万元）。")
                if stored.looksLikeWan {
                    let items =
                        stored.itemsTotal > 0
                        ? "只有项目明细合计 \(Money.formatYuan(stored.itemsTotal)) 元（\(Money.formatWan(stored.itemsTotal)) 万元）的千分之一或更少"
                        : "不到 1000 元"
                    say(
                        "提醒：项目金额按元计\(items)，是否本想填 \(amount ?? "") 万元？如是，请用 budget project set 项目文件 --name \"\(Shown.text(name))\" --amount \(amount ?? "") --amount-unit wan 重新填写。"
                    )
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出项目及其明细条数和金额。")
        @OptionGroup var project: ProjectArgument
        @OptionGroup var amounts: UnitOption

        func run() throws {
            try perform {
                let list = try project.open().projects()
                let projects = list.projects
                if projects.isEmpty { return say("项目中还没有项目。") }
                var rows = [["项目名称", "单位", "明细条数", "金额（\(amounts.unit.chineseName)）"]]
                for summary in projects {
                    rows.append([
                        summary.project.name, summary.project.unitCode ?? "", String(summary.itemCount), format(summary.total, amounts.unit),
                    ])
                }
                rows.append(["合计（\(projects.count) 个项目）", "", String(list.itemCount), format(list.total, amounts.unit)])
                print(TextRenderer.aligned(rows, right: [2, 3]), terminator: "")
            }
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "给项目改名：它的明细、绩效目标、绩效指标、政府采购和项目金额都随之改名。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "项目现在的名称。") var name: String
        @Option(help: "新名称。") var to: String

        func run() throws {
            try perform {
                try project.open().renameProject(name: name, to: to)
                say("已把项目“\(name)”改名为“\(to)”。")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除一个没有预算明细的项目。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "项目名称。") var name: String

        func run() throws {
            try perform {
                try project.open().removeProject(name: name)
                say("已删除项目“\(name)”。")
            }
        }
    }
}
