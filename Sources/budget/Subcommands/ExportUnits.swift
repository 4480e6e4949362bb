import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct ExportUnits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-units",
        abstract: "为每个单位各导出一个工作簿（该单位自己的九张表）到一个文件夹。检查有错误时不导出，除非加 --force。")
    @OptionGroup var project: ProjectArgument
    @OptionGroup var templateChoice: TemplateOptions
    @Argument(help: "输出文件夹（须已存在）。") var folder: String
    @Flag(help: "即使检查有错误也导出；工作簿上会标注“未经校验”。") var force = false
    @OptionGroup var replacing: OverwriteFlag

    func run() throws {
        try perform {
            let bar = ProgressBar("导出", unit: "个")
            let session: ProjectSession
            do {
                session = try project.open()
            } catch {
                // A batch a killed export left half in place is completed even when the project
                // cannot be opened.
                try? ProjectSession.prepareUnitsFolder(folder)
                throw error
            }
            if try ProjectSession.createUnitsFolder(folder) { say("新建了文件夹 \(folder)。") }
            let files = try session.exportUnits(
                to: folder, force: force, template: templateChoice.template, variant: templateChoice.variant,
                overwrite: replacing.overwrite
            ) { done, total in bar.update(done, of: total) }
            // (progress is reported from one worker only, so the bar is never drawn from two threads)
            bar.finish()
            say("已导出 \(files.count) 个单位的工作簿到 \(folder)。")
        }
    }
}
