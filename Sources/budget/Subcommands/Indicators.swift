import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct IndicatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator", abstract: "项目的绩效目标表（一级指标 产出/效益/满意度指标，二级指标，三级指标 …）。",
        subcommands: [Import_.self, Add.self, Set_.self, List.self, Remove.self])

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV 导入绩效指标：文件中出现的项目，其绩效目标表整张替换。",
            discussion: """
                列：项目名称,绩效目标,一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据
                （绩效目标、绩效指标描述、指标值确定依据可以没有）。项目名称、一级指标留空表示与上一行相同。
                """)
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption

        func run() throws {
            try perform {
                let result = try project.open().importIndicators(from: file, encoding: encoding.encoding)
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
                let level = try parseLevel(level1)
                let count = try project.open().addIndicator(
                    project: projectName,
                    PerformanceIndicator(level1: level, level2: level2, level3: level3, description: description, value: value, basis: basis))
                say("已添加，项目“\(projectName)”的绩效目标表现有 \(count) 行。")
            }
        }
    }

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "修改项目绩效目标表的一行（--row），其余行和行的次序不变；只改给出的选项。")
        @OptionGroup var project: ProjectArgument
        @Option(name: .customLong("project"), help: "项目名称。") var projectName: String
        @Option(help: "要修改的行号（budget indicator list 中的“行”）。") var row: Int
        @Option(help: "一级指标：产出指标、效益指标 或 满意度指标。") var level1: String?
        @Option(help: "二级指标，如 数量指标、成本指标。") var level2: String?
        @Option(help: "三级指标。") var level3: String?
        @Option(parsing: .unconditional, help: "绩效指标描述；空值（\"\"）清除。") var description: String?
        @Option(parsing: .unconditional, help: "指标值，如 ≥95%、≤6 万元。") var value: String?
        @Option(parsing: .unconditional, help: "指标值确定依据；空值（\"\"）清除。") var basis: String?

        func validate() throws {
            if [level1, level2, level3, description, value, basis].allSatisfy({ $0 == nil }) {
                throw ValidationError("请给出要修改的内容（--level1、--level2、--level3、--description、--value、--basis 中的一个或几个）。")
            }
        }

        func run() throws {
            try perform {
                let level = try level1.map(parseLevel)
                let changed = try project.open().setIndicator(project: projectName, row: row) { indicator in
                    if let level { indicator.level1 = level }
                    if let level2 { indicator.level2 = level2 }
                    if let level3 { indicator.level3 = level3 }
                    if let description { indicator.description = description }
                    if let value { indicator.value = value }
                    if let basis { indicator.basis = basis }
                }
                say(
                    "已修改项目“\(projectName)”绩效目标表的第 \(row) 行：\(changed.level1.rawValue)｜\(changed.level2)｜\(changed.level3)｜指标值 \(changed.value)。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示项目的绩效目标表。")
        @OptionGroup var project: ProjectArgument
        @Option(name: .customLong("project"), help: "项目名称；不写则显示全部项目。") var projectName: String?

        func run() throws {
            try perform {
                let document = try project.open().documentData()
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
                try project.open().removeIndicators(project: projectName, row: row)
                say(row.map { "已删除项目“\(projectName)”绩效目标表的第 \($0) 行。" } ?? "已删除项目“\(projectName)”的绩效目标表。")
            }
        }
    }
}

/// 一级指标 as given by `--level1`.
private func parseLevel(_ text: String) throws -> IndicatorLevel {
    guard let level = IndicatorLevel.parse(text) else {
        throw InputProblem(column: "--level1（一级指标）", value: text, message: "应为 产出指标、效益指标 或 满意度指标")
    }
    return level
}
