import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "管理项目（项目支出的明细要挂在项目下）。",
        subcommands: [Add.self, Set_.self, List.self, Rename.self, Move.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加一个项目。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "项目名称。") var name: String
        @Option(help: "实施项目的单位编码（可不填）。") var unit: String?
        @Option(help: "备注。") var note: String = ""
        @Option(help: "项目类别：一次性、经常性或延续（决定 budget rollover 是否结转到下一年）。") var kind: String?

        func run() throws {
            try perform {
                let kind = try kind.flatMap { try ProjectSession.projectKind($0, column: "--kind（项目类别）") }
                try project.open().addProject(BudgetProject(name: name, unitCode: unit, note: note, kind: kind))
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
        @Option(parsing: .unconditional, help: "项目类别：一次性、经常性或延续（一次性项目不结转到下一年）；空值清除。") var kind: String?
        @OptionGroup var amounts: AmountUnitOption

        func run() throws {
            try perform {
                let given: [(ProjectTextField, String?)] = [
                    (.overview, overview), (.basis, basis), (.executor, executor), (.plan, plan), (.period, period), (.schedule, schedule),
                ]
                let texts = Dictionary(uniqueKeysWithValues: given.compactMap { field, text in text.map { (field, $0) } })
                if goal == nil && amount == nil && texts.isEmpty && kind == nil {
                    throw ValidationError(
                        "请给出 --goal、--amount、--kind 或项目经费情况说明的一部分（--overview、--basis、--executor、--plan、--period、--schedule）。")
                }
                let newKind = try kind.map { try ProjectSession.projectKind($0, column: "--kind（项目类别）") }
                let stored = try project.open().setProject(
                    name: name, goal: goal, amount: amount, amountUnit: amounts.amountUnit, texts: texts, kind: newKind)
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
                var rows = [["项目名称", "单位", "类别", "明细条数", "金额（\(amounts.unit.chineseName)）"]]
                for summary in projects {
                    rows.append([
                        summary.project.name, summary.project.unitCode ?? "", summary.project.kind?.chineseName ?? "未定",
                        String(summary.itemCount), format(summary.total, amounts.unit),
                    ])
                }
                rows.append(["合计（\(projects.count) 个项目）", "", "", String(list.itemCount), format(list.total, amounts.unit)])
                print(TextRenderer.aligned(rows, right: [3, 4]), terminator: "")
            }
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "给项目改名：它的明细、绩效目标、绩效指标、政府采购和项目金额都随之改名；新名称已有项目时，加 --merge 并入它。",
            discussion: """
                --merge：把项目并入已有的同名项目。明细（保留编号）、政府采购、绩效指标都归到它下面，项目金额相加
                （没有项目金额的一方按明细合计），原项目删除。两者都有的文字（绩效目标、备注、项目经费情况说明各部分）
                和单位保留并入的那个项目的，另一方的逐条列出；一级、二级、三级指标都相同的绩效指标保留它的。
                合并前先存快照，可用 budget snapshot restore 撤销。
                """)
        @OptionGroup var project: ProjectArgument
        @Option(help: "项目现在的名称。") var name: String
        @Option(help: "新名称。") var to: String
        @Flag(help: "新名称已有项目时，把这个项目并入它。") var merge = false

        func run() throws {
            try perform {
                let session = try project.open()
                guard merge, try session.projects().projects.contains(where: { $0.project.name == to }) else {
                    try session.renameProject(name: name, to: to)
                    return say("已把项目“\(name)”改名为“\(to)”。")
                }
                let result = try session.mergeProject(name, into: to)
                say("合并前的内容已保存为快照“\(result.snapshot)”，可用 budget snapshot restore 撤销。")
                say(
                    "已把项目“\(name)”并入“\(to)”：明细 \(result.items) 条（\(Money.formatYuan(result.amount)) 元），绩效指标 \(result.indicators) 行，政府采购 \(result.procurement) 条。"
                )
                if result.declaredAfter != result.declaredBefore, let after = result.declaredAfter {
                    say("“\(to)”的项目金额：\(result.declaredBefore.map(Money.formatYuan) ?? "无") → \(Money.formatYuan(after)) 元。")
                }
                for note in result.notes { say("提醒：\(note)") }
            }
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "在项目之间调整资金：从一个项目的明细中调出一笔钱，调入另一个项目，合计不变。",
            discussion: """
                budget project move p.budget --from 项目甲 --to 项目乙 --amount 50000 --dry-run        先看调哪几条
                budget project move p.budget --from 项目甲 --to 项目乙 --amount 5 --amount-unit wan --item 12 13
                不给 --item 时，从调出项目金额最大的明细起依次调（调入项目属于某单位时，只调该单位的明细）；给了则按给出的顺序。
                每条明细的单位、功能分类、经济分类、支出类型、资金来源不变：调入项目已有同样的明细时加到它上面，否则整条
                改到调入项目下（保留编号），只调一部分时另起一条。两个项目的项目金额（有的话）随之增减，超过调入项目
                成本指标上限时不调。
                """)
        @OptionGroup var project: ProjectArgument
        @Option(help: "调出资金的项目。") var from: String
        @Option(help: "调入资金的项目。") var to: String
        @Option(help: "调整的金额。") var amount: String
        @Option(help: ArgumentHelp("从这几条明细中调（调出项目的明细编号，可写多个）。", valueName: "编号")) var item: [Int64] = []
        @Flag(help: "只试算：列出要改的明细和项目金额，不写入。") var dryRun = false
        @OptionGroup var amounts: AmountUnitOption

        func run() throws {
            try perform {
                let move = try project.open().moveMoney(
                    from: from, to: to, amount: amount, amountUnit: amounts.amountUnit, items: item, dryRun: dryRun)
                let unit = amounts.amountUnit
                say(
                    (move.applied ? "已从项目“\(from)”调出" : "试算（没有写入）：将从项目“\(from)”调出")
                        + " \(format(move.amount, unit)) \(unit.chineseName)到项目“\(to)”：")
                for line in move.lines {
                    switch (line.before, line.after) {
                    case (let before?, let after?) where before.project != after.project:
                        say("  #\(before.id ?? 0) \(describe(before, amount: false))：整条调入“\(to)”，\(format(after.amount, unit))")
                    case (let before?, let after?):
                        say("  #\(before.id ?? 0) \(describe(before, amount: false))：\(format(before.amount, unit)) → \(format(after.amount, unit))")
                    case (let before?, nil):
                        say("  #\(before.id ?? 0) \(describe(before, amount: false))：\(format(before.amount, unit)) → 删除（并入“\(to)”的同样明细）")
                    case (nil, let after?):
                        say("  \(after.id.map { "#\($0)" } ?? "新") \(describe(after, amount: false))：新增 \(format(after.amount, unit))")
                    case (nil, nil):
                        break
                    }
                }
                for change in move.projects {
                    var text = "项目“\(change.name)”明细合计：\(format(change.spentBefore, unit)) → \(format(change.spentAfter, unit))"
                    if let before = change.declaredBefore, let after = change.declaredAfter {
                        text += "；项目金额：\(format(before, unit)) → \(format(after, unit))"
                    } else {
                        text += "（没有项目金额）"
                    }
                    say(text + " \(unit.chineseName)")
                }
                say(move.applied ? "全部明细的合计不变。" : "确认无误后，去掉 --dry-run 再执行一次。")
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
