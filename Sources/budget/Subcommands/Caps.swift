import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct CapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caps", abstract: "财政部门下达的控制数（一下、二下…）：导入、设置、列出、删除。",
        discussion: """
            控制数按单位（或全部门）、资金来源、支出类型（基本支出、项目支出，留空为两者合计），
            可再细到项目或经济分类的“类”。budget check 把预算明细与控制数比较：超出控制数是错误
            （不能导出），未用足是提醒；budget show 项目.budget caps 列出控制数执行情况。
            支出类型留空的控制数也包括经营支出、上解上级支出和对附属单位补助支出。
            """,
        subcommands: [Import_.self, Set_.self, List.self, Remove.self])

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV 导入控制数（单位、资金来源、类型、项目、类都相同的控制数被改为文件中的；--replace 则替换全部）。",
            discussion: """
                列：单位编码（“全部门”或空着表示整个部门）,资金来源,支出类型（基本支出/项目支出/空着）,
                项目名称,经济分类（类）,控制数,轮次,收到日期,备注。资金来源和控制数必填。
                项目中已有控制数时，导入前先保存快照（“导入“文件名”之前（时间）”），可用 budget snapshot restore 撤销。
                """)
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @Option(help: "轮次（如 一下、二下），用于“轮次”列空着的行。") var round: String?
        @Option(help: "收到日期（如 2024-01-10），用于“收到日期”列空着的行。") var received: String?
        @OptionGroup var encoding: EncodingOption
        @OptionGroup var amounts: UnitOption
        @Flag(help: "用文件中的控制数替换项目中的全部控制数。") var replace = false

        func run() throws {
            try perform {
                let done = try project.open().importCaps(
                    from: file, unit: amounts.unit, round: round, received: received, replace: replace, encoding: encoding.encoding)
                var text =
                    "已导入 \(done.caps.count) 项控制数（其中 \(done.changed) 项改了项目中已有的），合计 \(format(done.total, amounts.unit)) \(amounts.unit.chineseName)"
                if done.removed > 0 { text += "；删除了文件中没有的 \(done.removed) 项" }
                say(text + "。")
                if let snapshot = done.snapshot { say("导入前的项目已保存为快照“\(snapshot)”，可用 budget snapshot restore 撤销。") }
            }
        }
    }

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "设置一项控制数：单位、资金来源、类型、项目、类都相同的控制数改为新的金额，没有则添加。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "单位编码；不给或“全部门”表示整个部门。") var unit: String?
        @Option(help: "资金来源，如 一般公共预算拨款（general）。") var source: String
        @Option(help: "支出类型：基本支出或项目支出；不给表示两者合计。") var type: String?
        @Option(name: .customLong("project"), help: "项目名称（项目支出的控制数）。") var projectName: String?
        @Option(name: .customLong("economic-class"), help: "经济分类的“类”，如 302。") var economicClass: String?
        @Option(parsing: .unconditional, help: "控制数金额。") var amount: String
        @Option(help: "轮次，如 一下、二下。") var round: String?
        @Option(help: "收到日期，如 2024-01-10。") var received: String?
        @Option(help: "备注。") var note: String?
        @OptionGroup var amounts: AmountUnitOption

        func run() throws {
            try perform {
                var values = ["source": source, "amount": amount]
                for (key, value) in [("unit", unit), ("type", type), ("project", projectName), ("economic", economicClass), ("note", note)] {
                    if let value { values[key] = value }
                }
                let (cap, before) = try project.open().setCap(values: values, unit: amounts.amountUnit, round: round, received: received)
                let unit = amounts.amountUnit
                let now = "\(format(cap.amount, unit)) \(unit.chineseName)"
                say(
                    before.map { "已修改控制数 #\(cap.id ?? 0) \(cap.label)：\(format($0, unit)) → \(now)。" }
                        ?? "已添加控制数 #\(cap.id ?? 0) \(cap.label)：\(now)。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出控制数（与预算明细的比较见 budget show 项目.budget caps）。")
        @OptionGroup var project: ProjectArgument
        @OptionGroup var amounts: UnitOption

        func run() throws {
            try perform {
                let caps = try project.open().caps()
                if caps.isEmpty { return say("还没有控制数。可用 budget caps import 导入。") }
                var rows = [["编号", "单位", "资金来源", "支出类型", "项目名称", "经济分类（类）", "控制数（\(amounts.unit.chineseName)）", "轮次", "收到日期", "备注"]]
                for cap in caps {
                    rows.append([
                        "#\(cap.id ?? 0)", cap.unitLabel, cap.source.chineseName, cap.typeLabel, cap.project, cap.economicClass,
                        format(cap.amount, amounts.unit), cap.round, cap.received, cap.note,
                    ])
                }
                print(TextRenderer.aligned(rows, right: [6]), terminator: "")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "按编号删除控制数（--all 删除全部）。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "编号（budget caps list 中的 #）。") var ids: [Int64] = []
        @Flag(help: "删除全部控制数。") var all = false

        func validate() throws {
            if ids.isEmpty == !all { throw ValidationError("请给出编号或 --all（二者选一）。") }
        }

        func run() throws {
            try perform {
                try project.open().removeCaps(ids: all ? nil : ids)
                say(all ? "已删除全部控制数。" : "已删除 \(ids.count) 项控制数。")
            }
        }
    }
}
