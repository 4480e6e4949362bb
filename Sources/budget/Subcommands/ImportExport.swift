import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "从 CSV 导入预算明细：全部检查无误才写入，有错就一条也不写。",
        discussion: """
            第一行是列名（英文或中文）：unit/单位编码, functional/功能分类科目编码, economic/经济分类科目编码,
            type/支出类型, nature/经费类型, project/项目名称, source/资金来源, amount/金额, note/备注；
            目录外的编码另加 functional_name/功能分类科目名称 或 economic_name/经济分类科目名称。
            文件可以是 UTF-8（带不带 BOM 都行）或 GBK/GB18030（Excel、WPS 在中文 Windows 上另存的 CSV），自动识别。
            """)
    @OptionGroup var project: ProjectArgument
    @Argument(help: "明细 CSV 文件。") var file: String
    @Option(help: "金额单位：yuan（元，默认）或 wan（万元）。") var unit: Money.InputUnit = .yuan

    func run() throws {
        try perform {
            let bar = ProgressBar("导入", unit: "字节")
            let summary = try Workbench.importItems(project.path, from: file, unit: unit) { done, total in bar.update(done, of: total) }
            bar.finish()
            say("已导入 \(summary.itemCount) 条明细，合计 \(Money.formatYuan(summary.total)) 元（\(Money.formatWan(summary.total)) 万元）。文件编码：\(summary.encoding.rawValue)。")
            if !summary.newProjects.isEmpty {
                let shown = summary.newProjects.prefix(20).joined(separator: "；")
                say("新建 \(summary.newProjects.count) 个项目：\(shown)\(summary.newProjects.count > 20 ? " 等" : "")")
            }
            for entry in summary.newCodeNames {
                say("提醒：\(entry.kind.chineseName) \(entry.code)“\(entry.name)”不在目录中，已按文件中的名称记录。")
            }
        }
    }
}

struct ExportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-csv", abstract: "把全部预算明细导出为 CSV（元），可再用 import 导入。")
    @OptionGroup var project: ProjectArgument
    @Argument(help: "输出的 CSV 文件。") var output: String

    func run() throws {
        try perform {
            let count = try Workbench.exportCSV(project.path, to: output)
            say("已导出 \(count) 条明细到 \(output)。")
        }
    }
}

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "分类科目目录。", subcommands: [ImportCatalog.self])

    struct ImportCatalog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "导入财政部门当年的科目表（列：code/科目编码, name/科目名称），之后公开表中的科目名称以它为准。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "科目表 CSV 文件。") var file: String

        func run() throws {
            try perform {
                let counts = try Workbench.importCatalog(project.path, from: file)
                say("已导入功能分类科目 \(counts[.functional] ?? 0) 个、部门经济分类科目 \(counts[.economic] ?? 0) 个。")
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查预算：各表合计、表间关系、科目名称、零金额、空项目等。有错误时退出码为 1。")
    @OptionGroup var project: ProjectArgument
    @Flag(help: "以 JSON 输出，供其他程序读取。") var json = false
    @Flag(help: "同时检查项目文件本身（完整性、外键、汇总数与明细是否一致）；要读完整个文件，大项目较慢。") var full = false
    @Flag(help: "按预算明细重新计算文件中保存的汇总数（与 --full 一起用）。") var rebuildTotals = false

    func validate() throws {
        if rebuildTotals && !full { throw ValidationError("--rebuild-totals 要和 --full 一起用") }
    }

    func run() throws {
        try perform {
            let result = try Workbench.check(project.path, full: full, rebuildTotals: rebuildTotals)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(result.findings), as: UTF8.self))
            } else {
                for finding in result.findings { say(finding.describe(format: result.reports.format)) }
                say(result.findings.isEmpty
                    ? "检查通过：九张表的合计和表间关系全部一致。"
                    : "共 \(result.errorCount) 个错误，\(result.warningCount) 个提醒。")
            }
            if result.errorCount > 0 { throw ExitCode.failure }
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "在终端显示一张公开表（按编号 1–9 或表名）；不给表名则列出全部表。")
    @OptionGroup var project: ProjectArgument
    @Argument(help: "表的编号（1–9）或名称，如 5 或 基本支出表。") var table: String?
    @Flag(help: "以 CSV 输出。") var csv = false

    func run() throws {
        try perform {
            let reports = try Workbench.reports(project.path)
            guard let table else {
                print(TextRenderer.aligned(reports.tables.map { [$0.id, $0.title] }), terminator: "")
                return
            }
            let matches = reports.find(table)
            guard matches.count == 1, let found = matches.first else {
                let choices = (matches.isEmpty ? reports.tables : matches).map { "\($0.id) \($0.title)" }.joined(separator: "；")
                throw ValidationError(matches.isEmpty ? "没有这张表：“\(table)”。可用：\(choices)" : "“\(table)”不止一张表：\(choices)。请用编号")
            }
            print(csv ? TextRenderer.csv(found, in: reports) : TextRenderer.render(found, in: reports), terminator: "")
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "导出九张公开表的 Excel 工作簿（.xlsx）。检查有错误时不导出，除非加 --force。")
    @OptionGroup var project: ProjectArgument
    @Argument(help: "输出的 .xlsx 文件。") var output: String
    @Flag(help: "即使检查有错误也导出；工作簿每张表上会标注“未经校验”。") var force = false
    @Flag(help: "在最后加一张“预算明细”表，列出每一条明细。") var withItems = false

    func run() throws {
        try perform {
            do {
                let result = try Workbench.export(project.path, to: output, force: force, withItems: withItems)
                if result.errorCount > 0 {
                    say("警告：检查发现 \(result.errorCount) 个错误，工作簿已标注“未经校验”。")
                }
                say("已导出 \(output)（\(result.reports.tables.count) 张表）。")
            } catch let refused as Workbench.ExportRefused {
                for finding in refused.result.findings where finding.severity == .error {
                    FileHandle.standardError.write(Data((finding.describe(format: refused.result.reports.format) + "\n").utf8))
                }
                throw refused
            }
        }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "生成一个模拟项目（用于测试和性能测量）：真实的科目编码、多个单位和项目、各种资金来源，能通过检查。")
    @OptionGroup var project: ProjectArgument
    @Option(help: "单位个数。") var units: Int = 10
    @Option(help: "预算明细条数。") var items: Int = 10_000
    @Option(help: "随机种子：同一种子生成同样的项目。") var seed: UInt64 = 1

    func validate() throws {
        if units < 1 || units > 100_000 { throw ValidationError("单位个数应在 1 到 100000 之间") }
        if items < 0 || items > 50_000_000 { throw ValidationError("明细条数应在 0 到 50000000 之间") }
    }

    func run() throws {
        try perform {
            let budget = try Workbench.generate(at: project.path, units: units, items: items, seed: seed)
            say("已生成 \(project.path)：\(budget.units.count) 个单位，\(budget.projects.count) 个项目，\(budget.items.count) 条明细。")
        }
    }
}

struct ExportUnits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-units",
        abstract: "为每个单位各导出一个工作簿（该单位自己的九张表）到一个文件夹。检查有错误时不导出，除非加 --force。")
    @OptionGroup var project: ProjectArgument
    @Argument(help: "输出文件夹（须已存在）。") var folder: String
    @Flag(help: "即使检查有错误也导出；工作簿上会标注“未经校验”。") var force = false

    func run() throws {
        try perform {
            let bar = ProgressBar("导出", unit: "个")
            let files = try Workbench.exportUnits(project.path, to: folder, force: force) { done, total in bar.update(done, of: total) }
            // (progress is reported from one worker only, so the bar is never drawn from two threads)
            bar.finish()
            say("已导出 \(files.count) 个单位的工作簿到 \(folder)。")
        }
    }
}

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查项目文件本身（完整性、外键、汇总数、格式版本、分类目录），并给出一份可以发给技术支持的摘要。有问题时退出码为 1。")
    @OptionGroup var project: ProjectArgument

    func run() throws {
        try perform {
            let report = try Workbench.doctor(project.path)
            for line in report.lines { say(line) }
            say("budget 版本：\(BudgetCommand.configuration.version)")
            if !report.problems.isEmpty { throw ExitCode.failure }
        }
    }
}
