import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

extension TextSection: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension TextSection {
    init?(parsing text: String) {
        guard let section = TextSection.parse(text) else { return nil }
        self = section
    }
}

extension PriorItem: ExpressibleByArgument {
    public init?(argument: String) {
        guard let item = PriorItem.parse(argument) else { return nil }
        self = item
    }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension OperationCostScope: ExpressibleByArgument {
    public init?(argument: String) {
        guard let scope = OperationCostScope.parse(argument) else { return nil }
        self = scope
    }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct TextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text", abstract: "情况说明中的文字：部门职责、总体绩效目标、工作保障措施、专项资金绩效目标、其他需要说明的事项。",
        discussion: """
            段落：duties 部门职责，overall-goal 总体绩效目标，measures 工作保障措施，
            special-funds 专项资金绩效目标，other 其他需要说明的事项（英文或中文名都可以）。
            文件中每一行是一段，空行不算。
            """,
        subcommands: [Set_.self, Show_.self])

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "用文本文件（每行一段）替换一个部分的文字。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "哪一部分：duties、overall-goal、measures、special-funds、other。") var section: TextSection
        @Argument(help: "文本文件（UTF-8 或 GB18030）；- 表示从标准输入读取。") var file: String
        @OptionGroup var encoding: EncodingOption

        func run() throws {
            try perform {
                let paragraphs = try Workbench.setText(project.path, section: section, text: try Workbench.readText(file, encoding: encoding.encoding), file: file)
                say("已保存“\(section.chineseName)”：\(paragraphs.count) 段。")
            }
        }
    }

    struct Show_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "显示一个部分（或全部）的文字。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "哪一部分；不写则显示全部。") var section: TextSection?

        func run() throws {
            try perform {
                let document = try Workbench.documentData(project.path)
                for item in section.map({ [$0] }) ?? TextSection.allCases {
                    say("【\(item.chineseName)】")
                    let paragraphs = document.text(item)
                    say(paragraphs.isEmpty ? "（未填写）" : paragraphs.joined(separator: "\n"))
                }
            }
        }
    }
}

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
                let goals = try Workbench.importGoals(project.path, from: file, encoding: encoding.encoding)
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
                try Workbench.addGoal(project.path, DepartmentGoal(name: name, goal: goal, indicators: indicators))
                say("已添加分项绩效目标“\(name)”。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出分项绩效目标。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let goals = try Workbench.documentData(project.path).departmentGoals
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
                try Workbench.removeGoal(project.path, name: name)
                say("已删除分项绩效目标“\(name)”。")
            }
        }
    }
}

struct IndicatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator", abstract: "项目的绩效目标表（一级指标 产出/效益/满意度指标，二级指标，三级指标 …）。",
        subcommands: [Import_.self, Add.self, List.self, Remove.self])

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV 导入绩效指标：文件中出现的项目，其绩效目标表整张替换。",
            discussion: """
                列：项目名称,绩效目标,一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据
                （绩效目标、绩效指标描述、指标值确定依据可以没有）。一级指标留空表示与上一行相同。
                """)
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption

        func run() throws {
            try perform {
                let result = try Workbench.importIndicators(project.path, from: file, encoding: encoding.encoding)
                let rows = result.projects.reduce(0) { $0 + $1.count }
                say("已导入 \(result.projects.count) 个项目的绩效目标表，共 \(rows) 行指标。")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "在项目的绩效目标表末尾加一行指标。")
        @OptionGroup var project: ProjectArgument
        @Option(name: .customLong("project"), help: "项目名称。") var projectName: String
        @Option(help: "一级指标：产出指标、效益指标 或 满意度指标。") var level1: String
        @Option(help: "二级指标，如 数量指标、成本指标。") var level2: String
        @Option(help: "三级指标。") var level3: String
        @Option(help: "绩效指标描述。") var description: String = ""
        @Option(help: "指标值，如 ≥95%、≤6 万元。") var value: String
        @Option(help: "指标值确定依据。") var basis: String = ""

        func run() throws {
            try perform {
                guard let level = IndicatorLevel.parse(level1) else {
                    throw InputProblem(column: "--level1（一级指标）", value: level1, message: "应为 产出指标、效益指标 或 满意度指标")
                }
                let count = try Workbench.addIndicator(
                    project.path, project: projectName,
                    PerformanceIndicator(level1: level, level2: level2, level3: level3, description: description, value: value, basis: basis))
                say("已添加，项目“\(projectName)”的绩效目标表现有 \(count) 行。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示项目的绩效目标表。")
        @OptionGroup var project: ProjectArgument
        @Option(name: .customLong("project"), help: "项目名称；不写则显示全部项目。") var projectName: String?

        func run() throws {
            try perform {
                let document = try Workbench.documentData(project.path)
                // Numbered as in the workbook: the projects that have a table.
                let tables = Array(document.performanceTables.enumerated())
                let chosen = projectName.map { name in tables.filter { $0.element.project == name } } ?? tables
                let projects = document.performance.map(\.project)
                if let projectName, chosen.isEmpty {
                    guard projects.contains(projectName) else {
                        throw InputProblem(column: "--project（项目名称）", value: projectName, message: "项目文件中没有这个项目")
                    }
                    return say("项目“\(projectName)”还没有绩效目标表：请用 budget indicator import 或 budget indicator add 填写。")
                }
                if projects.isEmpty { return say("项目文件中还没有项目。") }
                if chosen.isEmpty { return say("\(projects.count) 个项目都还没有绩效目标表：请用 budget indicator import 或 budget indicator add 填写。") }
                for (shown, (number, table)) in chosen.enumerated() {
                    say((shown > 0 ? "\n" : "") + "\(number + 1)、\(table.project)绩效目标表\n绩效目标：" + (table.goal.isEmpty ? "（未填写）" : table.goal))
                    var rows = [["行", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]]
                    for (r, row) in table.indicators.enumerated() {
                        rows.append([String(r + 1), row.level1.rawValue, row.level2, row.level3, row.description, row.value, row.basis])
                    }
                    print(TextRenderer.aligned(rows), terminator: "")
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除项目绩效目标表的一行（--row），或整张表（--all）。")
        @OptionGroup var project: ProjectArgument
        @Option(name: .customLong("project"), help: "项目名称。") var projectName: String
        @Option(help: "要删除的行号（budget indicator list 中的“行”）。") var row: Int?
        @Flag(help: "删除整张表。") var all = false

        func validate() throws {
            if (row == nil) == !all { throw ValidationError("请给出 --row 行号或 --all（二者选一）。") }
        }

        func run() throws {
            try perform {
                try Workbench.removeIndicators(project.path, project: projectName, row: row)
                say(row.map { "已删除项目“\(projectName)”绩效目标表的第 \($0) 行。" } ?? "已删除项目“\(projectName)”的绩效目标表。")
            }
        }
    }
}

struct ProcurementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procurement", abstract: "政府采购预算。", subcommands: [Import_.self, Add.self, List.self, Remove.self])

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV 导入政府采购预算（接在已有的后面；--replace 则替换全部）。",
            discussion: """
                列：单位编码,项目名称,预算资金,采购物品名称,政府采购目录序号,计量单位,数量,单价,
                一般公共预算拨款,基金预算拨款,国有资本经营预算拨款,财政专户核拨,单位资金,财政拨款结转,
                非财政拨款结转结余,预留中小微企业份额（可加“合计”列，会与各资金来源之和核对）。
                项目名称是项目文件中的项目时，预算资金取项目的明细合计；基本支出安排的采购写来源名称
                （如“公用类项目（三保）”）并填预算资金。
                """)
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption
        @Option(help: "金额单位：yuan（元，默认）或 wan（万元）。") var unit: Money.InputUnit = .yuan
        @Flag(help: "先删除已有的全部政府采购。") var replace = false

        func run() throws {
            try perform {
                let rows = try Workbench.importProcurement(project.path, from: file, unit: unit, replace: replace, encoding: encoding.encoding)
                let total = rows.reduce(Fen(0)) { $0 + $1.total }
                say("已导入 \(rows.count) 条政府采购，合计 \(format(total, unit)) \(unit.chineseName)。")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加一条政府采购。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "单位编码。") var unit: String
        @Option(name: .customLong("project"), help: "项目名称，或基本支出安排的采购的来源名称（如“公用类项目（三保）”）。") var source: String
        @Option(parsing: .unconditional, help: "预算资金（来源不是项目时必填）。") var budget: String?
        @Option(help: "采购物品名称。") var item: String
        @Option(help: "政府采购目录序号，如 A02010108。") var code: String
        @Option(help: "计量单位，如 台、批。") var measure: String
        @Option(parsing: .unconditional, help: "数量。") var quantity: String
        @Option(parsing: .unconditional, help: "单价。") var price: String
        @Option(parsing: .unconditional, help: "一般公共预算拨款。") var general: String?
        @Option(parsing: .unconditional, help: "基金预算拨款。") var fund: String?
        @Option(parsing: .unconditional, help: "国有资本经营预算拨款。") var soe: String?
        @Option(parsing: .unconditional, help: "财政专户核拨。") var special: String?
        @Option(name: .customLong("unit-funds"), parsing: .unconditional, help: "单位资金。") var unitFunds: String?
        @Option(parsing: .unconditional, help: "财政拨款结转。") var carryover: String?
        @Option(name: .customLong("other-carryover"), parsing: .unconditional, help: "非财政拨款结转结余。") var otherCarryover: String?
        @Option(parsing: .unconditional, help: "预留中小微企业份额。") var sme: String?
        @Option(help: "金额单位：yuan（元，默认）或 wan（万元）。") var amountUnit: Money.InputUnit = .yuan

        func run() throws {
            try perform {
                var values = ["unit": unit, "project": source, "item": item, "code": code, "measure": measure, "quantity": quantity, "price": price]
                let optional: [(String, String?)] = [
                    ("budget", budget), ("general", general), ("fund", fund), ("soe", soe), ("special", special), ("unit-funds", unitFunds),
                    ("carryover", carryover), ("other-carryover", otherCarryover), ("sme", sme),
                ]
                for (key, value) in optional { if let value { values[key] = value } }
                let row = try Workbench.addProcurement(project.path, values: values, unit: amountUnit)
                say("已添加政府采购 #\(row.id ?? 0)“\(row.item)”，\(format(row.total, amountUnit)) \(amountUnit.chineseName)。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出政府采购。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "金额单位：yuan（元，默认）或 wan（万元）。") var unit: Money.InputUnit = .yuan

        func run() throws {
            try perform {
                let rows = try Workbench.procurement(project.path)
                if rows.isEmpty { return say("还没有政府采购。") }
                var lines = [["编号", "单位", "来源", "采购物品名称", "目录序号", "数量", "单价", "金额（\(unit.chineseName)）", "中小微"]]
                for row in rows {
                    lines.append([
                        "#\(row.id ?? 0)", row.unitCode, row.sourceLabel, row.item, row.catalogueCode, "\(row.quantity)\(row.measure)",
                        format(row.unitPrice, unit), format(row.total, unit), format(row.smeShare, unit),
                    ])
                }
                let total = rows.reduce(Fen(0)) { $0 + $1.total }
                lines.append(["合计", "", "", "", "", "", "", format(total, unit), format(rows.reduce(Fen(0)) { $0 + $1.smeShare }, unit)])
                print(TextRenderer.aligned(lines, right: [6, 7, 8]), terminator: "")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "按编号删除政府采购（--all 删除全部）。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "编号（budget procurement list 中的 #）。") var ids: [Int64] = []
        @Flag(help: "删除全部。") var all = false

        func validate() throws {
            if ids.isEmpty == !all { throw ValidationError("请给出编号或 --all（二者选一）。") }
        }

        func run() throws {
            try perform {
                try Workbench.removeProcurement(project.path, ids: all ? nil : ids)
                say(all ? "已删除全部政府采购。" : "已删除 \(ids.count) 条政府采购。")
            }
        }
    }
}

struct AssetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asset", abstract: "上年末固定资产占用情况（部门固定资产占用情况表）。", subcommands: [Set_.self, Show_.self])

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "填写固定资产：只改给出的项，给空值（\"\"）清除一项。",
            discussion: "资产总额应等于房屋、车辆、设备和其他固定资产的价值之和（budget check 会核对）。")
        @OptionGroup var project: ProjectArgument
        @Option(name: .customLong("as-of"), help: "截止时间，如 2022-12-31。") var asOf: String?
        @Option(parsing: .unconditional, help: "资产总额。") var total: String?
        @Option(name: .customLong("building-area"), parsing: .unconditional, help: "房屋面积（平方米）。") var buildingArea: String?
        @Option(name: .customLong("office-area"), parsing: .unconditional, help: "其中办公用房面积（平方米）。") var officeArea: String?
        @Option(name: .customLong("building-value"), parsing: .unconditional, help: "房屋价值。") var buildingValue: String?
        @Option(parsing: .unconditional, help: "车辆数（台、辆）。") var vehicles: String?
        @Option(name: .customLong("vehicle-value"), parsing: .unconditional, help: "车辆价值。") var vehicleValue: String?
        @Option(parsing: .unconditional, help: "单价在20万元以上的设备数。") var equipment: String?
        @Option(name: .customLong("equipment-value"), parsing: .unconditional, help: "单价在20万元以上的设备价值。") var equipmentValue: String?
        @Option(name: .customLong("other-value"), parsing: .unconditional, help: "其他固定资产价值。") var otherValue: String?
        @Option(parsing: .unconditional, help: "本年度拟购置固定资产；不填则取明细中资本性支出（310）的合计。") var planned: String?
        @Option(help: "金额单位：yuan（元，默认）或 wan（万元）。") var amountUnit: Money.InputUnit = .yuan

        func run() throws {
            try perform {
                let pairs: [(String, String?)] = [
                    ("as-of", asOf), ("total", total), ("building-area", buildingArea), ("office-area", officeArea),
                    ("building-value", buildingValue), ("vehicles", vehicles), ("vehicle-value", vehicleValue), ("equipment", equipment),
                    ("equipment-value", equipmentValue), ("other-value", otherValue), ("planned", planned),
                ]
                let changes = Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in value.map { (key, $0) } })
                if changes.isEmpty { throw ValidationError("没有给出要填写的项，见 budget asset set --help。") }
                _ = try Workbench.setAssets(project.path, changes: changes, amountUnit: amountUnit)
                say("已保存固定资产情况（\(changes.count) 项）。")
            }
        }
    }

    struct Show_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "显示部门固定资产占用情况表。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let reports = try Workbench.document(project.path).reports
                if let table = reports.table("资产") { print(TextRenderer.render(table, in: reports), terminator: "") }
            }
        }
    }
}

struct PriorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prior", abstract: "上年预算数和增减原因（情况说明中与上年比较）。",
        discussion: """
            项目：total 收支总计，basic 基本支出，project 项目支出，abroad 因公出国（境）费，vehicle-purchase 公务用车购置费，
            vehicle-operation 公务用车运行费，reception 公务接待费，operation 机关运行经费，three-public “三公”经费（只填原因）。
            增减原因写在“主要为”之后，如“人员保险基数增加”。
            """,
        subcommands: [Set_.self, Import_.self, List.self])

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "填写一项的上年预算数和/或增减原因。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "项目，如 total、basic、project、abroad（或中文名）。") var item: PriorItem
        @Option(parsing: .unconditional, help: "上年预算数；空值（\"\"）清除。") var amount: String?
        @Option(help: "增减原因（一句话）。") var reason: String?
        @Option(help: "金额单位：yuan（元，默认）或 wan（万元）。") var amountUnit: Money.InputUnit = .yuan

        func run() throws {
            try perform {
                if amount == nil && reason == nil { throw ValidationError("请给出 --amount 或 --reason。") }
                try Workbench.setPrior(project.path, item: item, amount: amount, reason: reason, amountUnit: amountUnit)
                say("已保存上年“\(item.chineseName)”。")
            }
        }
    }

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "从 CSV（项目,上年预算数,增减原因）导入上年预算数。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption
        @Option(help: "金额单位：yuan（元，默认）或 wan（万元）。") var unit: Money.InputUnit = .yuan

        func run() throws {
            try perform {
                let items = try Workbench.importPrior(project.path, from: file, unit: unit, encoding: encoding.encoding)
                say("已导入 \(items.count) 项上年预算数。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出上年预算数、本年数和增减。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let composed = try Workbench.document(project.path)
                let figures = composed.figures
                var rows = [["项目", "上年（万元）", "本年（万元）", "增减（万元）", "增减原因"]]
                for item in PriorItem.allCases {
                    let before = figures.prior.amount(item)
                    let now = figures.current(item)
                    rows.append([
                        item.chineseName, before.map(Money.formatWan) ?? "（未填）", Money.formatWan(now),
                        before.map { Money.formatHundredths(Money.wanHundredths(now) - Money.wanHundredths($0)) } ?? "",
                        figures.prior.reasons[item] ?? "",
                    ])
                }
                print(TextRenderer.aligned(rows, right: [1, 2, 3]), terminator: "")
            }
        }
    }
}

struct GlossaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glossary", abstract: "名词解释（默认是标准条目）。", subcommands: [Import_.self, Set_.self, Remove.self, List.self, Reset.self])

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "添加一条名词解释，或改写同一名词的解释。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "名词，如“机关运行经费”。") var term: String
        @Option(help: "解释。") var text: String

        func run() throws {
            try perform {
                let replaced = try Workbench.setGlossaryEntry(project.path, GlossaryEntry(term: term, text: text))
                say(replaced ? "已改写名词解释“\(term)”。" : "已添加名词解释“\(term)”。")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除一条名词解释。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "名词。") var term: String

        func run() throws {
            try perform {
                try Workbench.removeGlossaryEntry(project.path, term: term)
                say("已删除名词解释“\(term)”。")
            }
        }
    }

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "从 CSV（名词,解释）导入，替换全部名词解释。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption

        func run() throws {
            try perform {
                let entries = try Workbench.importGlossary(project.path, from: file, encoding: encoding.encoding)
                say("已导入 \(entries.count) 条名词解释。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出名词解释。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let entries = try Workbench.documentData(project.path).glossary
                for (index, entry) in entries.enumerated() { say("\(index + 1)、\(entry.term)：\(entry.text)") }
            }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "恢复标准名词解释。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                try Workbench.resetGlossary(project.path)
                say("已恢复标准名词解释。")
            }
        }
    }
}

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "项目设置：机关运行经费的口径、默认模板。",
        discussion: """
            --operation-costs all：全部单位一般公共预算基本支出中的公用经费（默认，河北口径）；
            --operation-costs administrative：只算行政单位和参公单位（上海口径）。
            模板若规定了口径（上海模板），用该模板时以模板为准。
            --template 换模板时版本回到模板的默认版本，除非同时给出 --variant。
            """)
    @OptionGroup var project: ProjectArgument
    @Option(name: .customLong("operation-costs"), help: "机关运行经费口径：all 或 administrative。") var operationCosts: OperationCostScope?
    @Option(help: "默认模板：内置模板名，或模板文件（其内容保存在项目中）。") var template: String?
    @Option(help: "默认模板的版本：department（部门预算）或 unit（单位预算）。") var variant: String?

    func run() throws {
        try perform {
            try Workbench.setSettings(project.path, operationCosts: operationCosts, template: template, variant: variant)
            let scope = try Workbench.documentData(project.path).operationCostScope
            let chosen = try Workbench.projectTemplate(project.path)
            say("机关运行经费口径：\(scope.chineseName)（\(scope.rawValue)）")
            if let fixed = chosen.operationCostScope.flatMap(OperationCostScope.init(rawValue:)), fixed != scope {
                say("  （默认模板规定为\(fixed.chineseName)，用这个模板时以模板为准）")
            }
            say("默认模板：\(chosen.name)，版本 \(chosen.variantName ?? chosen.variantNames[0])（\(chosen.description)）")
        }
    }
}

struct NarrativeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "narrative", abstract: "生成部门预算信息公开情况说明（Markdown），其中的数字都由明细计算。")
    @OptionGroup var project: ProjectArgument
    @Option(help: "模板：内置模板名（budget templates 列出）或模板文件；不写则用项目的默认模板。") var template: String?
    @Option(help: "模板的版本：department（部门预算）或 unit（单位预算，模板有此版本时）；不写则用项目的默认版本。") var variant: String?
    @Option(name: .shortAndLong, help: "写入的文件（.md）；不写则输出到屏幕。") var output: String?
    @Flag(help: "替换属于其他用户或只读的输出文件（共享文件夹中同事的文件）；不加则拒绝并说明原因。") var overwrite = false

    func run() throws {
        try perform {
            let text = try Workbench.narrative(project.path, to: output, template: template, variant: variant, overwrite: overwrite)
            if let output { say("情况说明：\(output)") } else { print(text, terminator: "") }
        }
    }
}

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "templates", abstract: "列出内置的公开表模板。")

    func run() throws {
        try perform {
            print(TextRenderer.aligned(try Workbench.templates().map { [$0.name, "版本：" + $0.variants.joined(separator: "、"), $0.description] }), terminator: "")
        }
    }
}

struct TemplateExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template-export", abstract: "把一个内置模板写成文件（JSON），供财政部门复制修改后用 --template 文件 使用。")
    @Argument(help: "内置模板名，如 hebei。") var name: String
    @Argument(help: "写入的文件（.json）。") var output: String

    func run() throws {
        try perform {
            try Workbench.exportTemplate(name, to: output)
            say("已写出模板 \(name)：\(output)")
        }
    }
}
