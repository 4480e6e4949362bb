import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "快照：保存某一轮（一上、二上……）的预算，之后可比较、恢复。快照保存在项目文件中。",
        subcommands: [Save.self, List.self, Restore.self, Remove.self])

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "把项目现在的全部内容保存为一个快照。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "快照名称，如 一上。") var name: String

        func run() throws {
            try perform {
                let info = try project.open().saveSnapshot(name: name)
                say("已保存快照“\(info.name)”：\(info.itemCount) 条明细，合计 \(Money.formatWan(info.total)) 万元（\(info.created)）")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出项目中的快照。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let snapshots = try project.open().snapshots()
                guard !snapshots.isEmpty else { return say("项目中还没有快照：用 budget snapshot save 项目 名称 保存。") }
                let rows =
                    [["编号", "名称", "保存时间", "明细条数", "合计（万元）"]]
                    + snapshots.enumerated().map {
                        [String($0.offset + 1), $0.element.name, $0.element.created, String($0.element.itemCount), Money.formatWan($0.element.total)]
                    }
                print(TextRenderer.aligned(rows, right: [0, 3, 4]), terminator: "")
                say("恢复、删除和比较时，可以写快照名称，也可以写编号（如 budget snapshot restore 项目 2）。")
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "用快照的内容替换项目现在的内容；替换前先把现在的内容另存为一个快照，所以恢复也可以撤销。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "快照名称，或 budget snapshot list 中的编号。") var name: String

        func run() throws {
            try perform {
                let saved = try project.open().restoreSnapshot(name: name)
                say("已恢复快照“\(name)”。恢复前的内容已保存为快照“\(saved.name)”，可用 budget snapshot restore 撤销。")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除一个快照。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "快照名称，或 budget snapshot list 中的编号。") var name: String

        func run() throws {
            try perform {
                try project.open().removeSnapshot(name: name)
                say("已删除快照“\(name)”。")
            }
        }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "比较两个版本：明细的增、删、改，以及每张表中变化的每一格和引起变化的明细。",
        discussion: """
            budget diff 项目                       最近的快照 → 现在
            budget diff 项目 --from 一上 --to 二上  两个快照之间
            budget diff 一上.budget 二上.budget     两个项目文件之间
            与 diff 一样，没有差别时退出状态为 0，有差别时为 1；出错时为 2 或错误表中的状态（见 README）。
            """)
    @Argument(help: ArgumentHelp("项目文件（*.budget）。", valueName: "PROJECT")) var path: String
    @Argument(help: ArgumentHelp("另一个项目文件：比较两个文件。", valueName: "OTHER")) var other: String?
    @Option(help: "从哪个快照比较：名称或编号（默认：最近的快照）。") var from: String?
    @Option(help: "比较到哪个快照：名称或编号（默认：项目现在的内容）。") var to: String?
    @OptionGroup var templateChoice: TemplateOptions
    @Flag(help: "以 JSON 输出，供其他程序读取。") var json = false

    func validate() throws {
        if other != nil && (from != nil || to != nil) { throw ValidationError("比较两个文件时不能用 --from 或 --to") }
    }

    func run() throws {
        var different = false
        do {
            try perform {
                let result =
                    try other.map { try ProjectSession.diff(files: path, $0, template: templateChoice.template, variant: templateChoice.variant) }
                    ?? ProjectSession(path).diff(from: from, to: to, template: templateChoice.template, variant: templateChoice.variant)
                print(
                    json
                        ? DiffText.json(from: result.from, to: result.to, diff: result.diff)
                        : DiffText.render(from: result.from, to: result.to, diff: result.diff, reports: result.reports),
                    terminator: "")
                different = !result.diff.isEmpty
            }
        } catch let error as ExitCode where error.rawValue == 1 {
            throw ExitCode(2)  // like diff: 1 means "different", trouble is 2
        }
        if different { throw ExitCode(1) }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "说明一个数的来历：这一格由哪些明细相加、按什么规则得出、与哪些表核对。",
        discussion: "例：budget explain p.budget 6 30226 人员经费    budget explain p.budget 3 合计 基本支出")
    @OptionGroup var project: ProjectArgument
    @Argument(help: "表的编号或名称。") var table: String
    @Argument(help: "行：科目编码（如 30226）或行的名称（如 合计）。") var row: String
    @Argument(help: "栏：栏的名称（如 人员经费）或栏次编号。") var column: String
    @OptionGroup var templateChoice: TemplateOptions

    func run() throws {
        try perform {
            let explanation = try project.open().explain(
                table: table, row: row, column: column, template: templateChoice.template, variant: templateChoice.variant)
            print(DiffText.render(explanation), terminator: "")
        }
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "把分别编制的单位项目文件合并为一个部门项目文件（新文件）。",
        discussion: """
            例：budget merge 部门.budget 本级.budget 服务中心.budget
            年度或部门编码不同、同一单位或同名项目出现在两个文件中、两个文件对同一科目的名称不同时，不合并，并列出全部原因。
            部门层面的内容（部门职责等文字、上年数、资产、名词解释、设置）取第一个有这项内容的文件，其他文件中不同的会提示。
            """)
    @Argument(help: ArgumentHelp("合并结果（新的项目文件，不能已存在）。", valueName: "OUT")) var output: String
    @Argument(help: ArgumentHelp("要合并的项目文件（两个或更多）。", valueName: "PROJECT")) var inputs: [String]

    func run() throws {
        try perform {
            let result = try ProjectSession.merge(into: output, from: inputs)
            say(
                "已合并 \(inputs.count) 个文件到 \(result.output)：\(result.units) 个单位，\(result.projects) 个项目，\(result.items) 条明细，合计 \(Money.formatWan(result.total)) 万元。"
            )
            for note in result.notes { say("提醒：\(note)") }
            say("明细编号已重新编排；请运行 budget check \(result.output)。")
        }
    }
}
