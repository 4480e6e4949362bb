import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

/// The options of a roster group's monthly amounts, in 元 per person per month.
struct RosterAmountOptions: ParsableArguments {
    @Option(help: "基本工资（元/人/月）。") var basic: String?
    @Option(help: "津贴补贴（元/人/月）。") var allowances: String?
    @Option(help: "绩效工资（元/人/月，事业单位）。") var performance: String?
    @Option(help: "伙食补助费（元/人/月）。") var meal: String?
    @Option(help: "社保和公积金的月缴费基数（元/人/月）；不填则按 基本工资+津贴补贴+绩效工资。") var base: String?
    @Option(help: "离退休费（元/人/月，离退休人员）。") var pension: String?
    @Option(help: "离退休补贴（元/人/月，离退休人员）。") var supplement: String?

    /// Applies the amounts given to `group`.
    func apply(to group: inout RosterGroup) throws {
        func fen(_ text: String?, _ option: String) throws -> Fen? {
            guard let text else { return nil }
            do {
                return try Money.parse(text, unit: .yuan)
            } catch {
                throw InputProblem(column: option, value: text, message: error.reason)
            }
        }
        if let value = try fen(basic, "--basic") { group.basicPay = value }
        if let value = try fen(allowances, "--allowances") { group.allowances = value }
        if let value = try fen(performance, "--performance") { group.performancePay = value }
        if let value = try fen(meal, "--meal") { group.mealAllowance = value }
        if let base { group.contributionBase = base.isEmpty ? nil : try fen(base, "--base") }
        if let value = try fen(pension, "--pension") { group.pension = value }
        if let value = try fen(supplement, "--supplement") { group.pensionSupplement = value }
    }
}

struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster", abstract: "人员名册（基础信息）：各单位按类别和工资标准分组的人数，据此测算人员经费和公用经费。",
        discussion: """
            每组人员：单位、人员类别（\(StaffCategory.namesForMessages)）、组名、实有人数、编制数、月数（全年 12；4 月到岗为 9），
            在职人员每人每月的基本工资、津贴补贴、绩效工资、伙食补助和缴费基数，离退休人员每人每月的离退休费和补贴。
            名册或标准一改，该单位由测算生成的基本支出明细随之重算（同一次保存）；手工录入的明细不动。
            CSV 的列（金额为元/人/月）：
            \(ProjectSession.rosterHeader.joined(separator: ","))
            """,
        subcommands: [List.self, Add.self, Set_.self, Remove.self, Import_.self, UnitSettings.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出人员名册（每组的编号、人数和标准）。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "只列这个单位。") var unit: String?

        func run() throws {
            try perform {
                let session = try project.open()
                let groups = try session.rosterGroups(unit: unit)
                if groups.isEmpty { return say("人员名册是空的：用 budget roster add 或 budget roster import 添加。") }
                var rows = [["编号", "单位", "类别", "组名", "人数", "编制", "月数", "基本工资", "津贴补贴", "绩效工资", "伙食补助", "缴费基数", "离退休费", "补贴"]]
                for group in groups {
                    rows.append([
                        String(group.id ?? 0), group.unitCode, group.category.rawValue, group.name, String(group.headcount),
                        group.establishment.map(String.init) ?? "", String(group.months), Money.groupedYuan(group.basicPay),
                        Money.groupedYuan(group.allowances), Money.groupedYuan(group.performancePay), Money.groupedYuan(group.mealAllowance),
                        group.contributionBase.map(Money.groupedYuan) ?? "（按工资）", Money.groupedYuan(group.pension),
                        Money.groupedYuan(group.pensionSupplement),
                    ])
                }
                print(TextRenderer.aligned(rows, right: Set(4...13)), terminator: "")
                say("金额为元/人/月。")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加一组人员，并重算该单位的基本支出。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "单位编码。") var unit: String
        @Option(help: "人员类别：\(StaffCategory.namesForMessages)。") var category: String
        @Option(help: "实有人数。") var count: Int
        @Option(help: "组名（如 科员、专技人员、新录用）。") var name: String = ""
        @Option(help: "编制数。") var establishment: Int?
        @Option(help: "本年发放月数（全年 12；4 月到岗为 9）。") var months: Int = 12
        @OptionGroup var amounts: RosterAmountOptions

        func run() throws {
            try perform {
                var group = RosterGroup(
                    unitCode: unit, category: try staffCategory(category), name: name, headcount: count, establishment: establishment, months: months)
                try amounts.apply(to: &group)
                let (id, report) = try project.open().addRosterGroup(group)
                say("已添加第 \(id) 组：单位 \(unit) \(group.label) \(count) 人。")
                printRecalculation(report)
            }
        }
    }

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "修改一组人员（只改给出的项），并重算该单位的基本支出。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "组的编号（budget roster list 查看）。") var id: Int64
        @Option(help: "单位编码。") var unit: String?
        @Option(help: "人员类别。") var category: String?
        @Option(help: "实有人数。") var count: Int?
        @Option(help: "组名。") var name: String?
        @Option(help: "编制数；空值清除。") var establishment: String?
        @Option(help: "本年发放月数。") var months: Int?
        @OptionGroup var amounts: RosterAmountOptions

        func run() throws {
            try perform {
                let report = try project.open().updateRosterGroup(id: id) { group in
                    if let unit { group.unitCode = unit }
                    if let category { group.category = try staffCategory(category) }
                    if let count { group.headcount = count }
                    if let name { group.name = name }
                    if let establishment {
                        if establishment.isEmpty {
                            group.establishment = nil
                        } else {
                            guard let number = Int(establishment) else {
                                throw InputProblem(column: "--establishment", value: establishment, message: "应为整数")
                            }
                            group.establishment = number
                        }
                    }
                    if let months { group.months = months }
                    try amounts.apply(to: &group)
                }
                say("已修改第 \(id) 组。")
                printRecalculation(report)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除一组人员，并重算该单位的基本支出。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "组的编号。") var id: Int64

        func run() throws {
            try perform {
                let report = try project.open().removeRosterGroup(id: id)
                say("已删除第 \(id) 组。")
                printRecalculation(report)
            }
        }
    }

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV 导入人员名册：文件中出现的单位，其名册整体换成文件中的各组；其他单位不变。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件（\(ProjectSession.rosterHeader.joined(separator: ","))）。") var file: String
        @OptionGroup var encoding: EncodingOption
        @Flag(help: "删除手工录入的、测算现在生成的同一单位同一科目的基本支出明细（改由名册测算）。") var replaceTyped = false

        func run() throws {
            try perform {
                let (count, report) = try project.open().importRoster(from: file, encoding: encoding.encoding, replaceTyped: replaceTyped)
                say("已导入 \(count) 组人员（单位：\(report.units.joined(separator: "、"))）。")
                printRecalculation(report)
            }
        }
    }

    struct UnitSettings: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unit", abstract: "设置单位测算所需的信息：工资列支的功能科目“项”、公务用车数、在校学生数。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "单位编码。") var unit: String
        @Option(help: "工资和公用经费列支的功能分类“项”（如 2010301 行政运行、2010350 事业运行）。") var functional: String?
        @Option(help: "公务用车数（辆）。") var vehicles: Int?
        @Option(help: "在校学生数（生均公用经费）。") var students: Int?

        func run() throws {
            try perform {
                if functional == nil && vehicles == nil && students == nil { throw ValidationError("请给出 --functional、--vehicles 或 --students。") }
                let report = try project.open().setUnitProfile(unit: unit, functional: functional, vehicles: vehicles, students: students)
                say("已保存单位 \(unit) 的测算信息。")
                printRecalculation(report)
            }
        }
    }
}

struct StandardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standards", abstract: "测算标准：社保和公积金缴费比例、工会经费、公用经费定额等，每项注明依据。",
        discussion: """
            工具自带全国默认值（如基本养老保险单位缴费 16%、职业年金 8%、住房公积金 12%、工会经费 2%），
            均标明“全国默认”，请按本地财政、人社部门的通知核对；地方标准（医疗保险、定额等）需要填写才会测算。
            公用经费定额按比例分到各“款”：budget standards set 项目文件 分配:30201 40%；未分配的部分列 30299。
            改了标准，所有有名册的单位随之重算。
            """,
        subcommands: [List.self, Set_.self, Reset.self, Import_.self, Export_.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出测算标准、数值和依据。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let table = try project.open().standards()
                var rows = [["名称", "数值", "计算基数", "来源", "依据"]]
                for (standard, isDefault) in table.all {
                    rows.append([standard.name, standard.shownValue, standard.basis, isDefault ? "默认" : "本项目", standard.source])
                }
                print(TextRenderer.aligned(rows, right: [1]), terminator: "")
            }
        }
    }

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "设置一项标准（名称或其中的词，如 住房公积金 10%），并重算。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "标准的名称（或其中能唯一确定它的词）；定额分配写作 分配:30201。") var name: String
        @Argument(help: "数值：比例如 12% 或 12，金额如 12000.00（元），月数如 1。") var value: String
        @Option(help: "依据（文件号、通知名称）。") var source: String?

        func run() throws {
            try perform {
                let (standard, report) = try project.open().setStandard(name, value: value, source: source)
                say("已设置：\(standard.name) \(standard.shownValue)。")
                printRecalculation(report)
            }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "恢复一项标准的默认值（定额分配则删除），并重算。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "标准的名称。") var name: String

        func run() throws {
            try perform {
                let (standard, report) = try project.open().resetStandard(name)
                say(standard.map { "已恢复默认：\($0.name) \($0.shownValue)。" } ?? "已删除这项定额分配。")
                printRecalculation(report)
            }
        }
    }

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV（键,名称,数值,计算基数,依据）导入标准，如财政局下发的标准文件；并重算。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption

        func run() throws {
            try perform {
                let (count, report) = try project.open().importStandards(from: file, encoding: encoding.encoding)
                say("已导入 \(count) 项标准。")
                printRecalculation(report)
            }
        }
    }

    struct Export_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "把全部标准写成 CSV，发给下属单位使用。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "输出的 CSV 文件。") var output: String
        @Flag(help: "覆盖已有的文件。") var overwrite = false

        func run() throws {
            try perform {
                try project.open().exportStandards(to: output, overwrite: overwrite)
                say("已写出 \(output)。")
            }
        }
    }
}

struct CalculateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calculate", abstract: "按人员名册和标准测算基本支出（人员经费、公用经费），生成或更新明细。",
        discussion: """
            每条生成的明细记着它的算式（budget explain 可见）。名册或标准改动时会自动重算；本命令用于首次测算、
            或只看结果（--dry-run）。手工录入的明细不动；生成的明细若被手工改过，就归为手工明细，不再重算。
            """)
    @OptionGroup var project: ProjectArgument
    @Option(help: "只测算这个单位（可多次给出）。") var unit: [String] = []
    @Flag(help: "只显示会生成或改动哪些明细，不保存。") var dryRun = false
    @Flag(help: "删除手工录入的、测算现在生成的同一单位同一科目的基本支出明细（改由名册测算）。") var replaceTyped = false

    func run() throws {
        try perform {
            let report = try project.open().calculateBasic(units: unit.isEmpty ? nil : unit, dryRun: dryRun, replaceTyped: replaceTyped)
            if report.units.isEmpty { return say("没有人员名册：先用 budget roster add 或 budget roster import 录入人员。") }
            printRecalculation(report)
            if dryRun { say("（试算，没有保存）") }
        }
    }
}

/// `--category` as a clerk writes it.
func staffCategory(_ text: String) throws -> StaffCategory {
    guard let category = StaffCategory(clerkText: text) else {
        throw InputProblem(column: "--category", value: text, message: "应为：\(StaffCategory.namesForMessages)")
    }
    return category
}

/// Prints what a recalculation changed, one line per generated line item, then what it left alone.
func printRecalculation(_ report: RecalculationReport) {
    if report.units.isEmpty { return }
    if report.changes.isEmpty {
        say("测算结果没有变化（单位：\(report.units.joined(separator: "、"))）。")
    } else {
        say("测算（元）：")
        for change in report.changes {
            let place = "  \(change.unitCode) \(change.functional)/\(change.economic)"
            switch (change.before, change.after) {
            case (nil, let after?): say("\(place) 新增 \(Money.groupedYuan(after))  \(change.formula ?? "")")
            case (let before?, let after?): say("\(place) \(Money.groupedYuan(before)) → \(Money.groupedYuan(after))  \(change.formula ?? "")")
            case (let before?, nil): say("\(place) 删除（原 \(Money.groupedYuan(before))）")
            default: break
            }
        }
    }
    for (item, generated) in report.edited {
        say(
            "提醒：明细 #\(item.id ?? 0)（\(item.unitCode) \(item.functional)/\(item.economic)）由测算生成（\(Money.groupedYuan(generated)) 元）后被手工改过，已归为手工明细，不再随名册重算；要恢复测算，删除它后再运行 budget calculate。"
        )
    }
    if !report.adopted.isEmpty {
        say(
            "\(report.adopted.count) 条手工录入的明细与测算结果完全相同（单位、科目、金额），已改为测算生成（编号不变）：\(report.adopted.prefix(20).map { "#\($0.id ?? 0)" }.joined(separator: " "))\(report.adopted.count > 20 ? " 等" : "")"
        )
    }
    if !report.replacedTyped.isEmpty {
        let total = report.replacedTyped.reduce(0) { $0 + $1.amount }
        say(
            "已删除 \(report.replacedTyped.count) 条手工录入的明细（合计 \(Money.groupedYuan(total)) 元），改由名册测算：\(report.replacedTyped.prefix(20).map { "#\($0.id ?? 0)" }.joined(separator: " "))\(report.replacedTyped.count > 20 ? " 等" : "")"
        )
    }
    for item in report.typedAlongside {
        say(
            "提醒：单位 \(item.unitCode) 还有手工录入的 \(item.functional)/\(item.economic) 明细 #\(item.id ?? 0)（\(Money.groupedYuan(item.amount)) 元），测算也生成了这一科目，会重复计算：如已由测算代替，请用 budget item rm 删除它。"
        )
    }
}
