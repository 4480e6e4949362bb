import ArgumentParser
import BudgetKit
import BudgetModel
import Foundation

@main
struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "部门预算编制工具：录入预算明细和公开文件的其他部分，自动生成部门预算公开表、绩效目标表、政府采购和资产表及情况说明，检查并导出 Excel 工作簿。",
        discussion: """
            一个项目文件（*.budget）保存一个部门一个年度的预算草稿：单位、项目、预算明细，
            以及部门职责、绩效目标、政府采购、资产和上年数。公开表、情况说明中的数字和所有合计
            都由明细自动计算，不需要手工填写。

            常用步骤：
              budget init 项目.budget --department-code 432 --department-name 部门名称 --year 2023
              budget unit add 项目.budget --code 432001 --name 本级 --nature 行政
              budget import 项目.budget 明细.csv --unit wan
              budget template 项目.budget 填报.xlsx            （生成填报工作簿，在 Excel 或 WPS 中填写）
              budget import 项目.budget 填报.xlsx --replace     （导回填好的工作簿）
              budget indicator import 项目.budget 绩效指标.csv
              budget procurement import 项目.budget 政府采购.csv --unit wan
              budget check 项目.budget
              budget export 项目.budget 公开表.xlsx
              budget narrative 项目.budget -o 情况说明.docx
              budget publish 项目.budget 公开文件.pdf         （封面、目录、公开表和情况说明合成一个 PDF）
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, UnitCommand.self, ProjectCommand.self, ItemCommand.self, Import.self, DraftTemplate.self, ExportCSV.self,
            CatalogCommand.self, TextCommand.self, GoalCommand.self, IndicatorCommand.self, ProcurementCommand.self, AssetCommand.self,
            PriorCommand.self, PurposeCommand.self, GlossaryCommand.self, SettingsCommand.self, Check.self, ConfirmCommand.self, Show.self,
            Export.self,
            NarrativeCommand.self, PublishCommand.self,
            TemplatesCommand.self, TemplateExportCommand.self,
            ExportUnits.self, SnapshotCommand.self, DiffCommand.self, ExplainCommand.self, MergeCommand.self, Doctor.self, Generate.self,
            RosterCommand.self, StandardsCommand.self, CalculateCommand.self, RolloverCommand.self, CapsCommand.self, Serve.self,
        ]
    )

    /// As swift-argument-parser's own `main`, but a usage error is in Chinese (``UsageText``), and
    /// what it echoes of what was typed has its control characters escaped (``Shown``) like every
    /// other message.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = code == .success ? fullMessage(for: error) : UsageText.chinese(fullMessage(for: error))
            if code == .success {
                if !message.isEmpty { print(message) }
            } else if !message.isEmpty {
                FileHandle.standardError.write(Data((Shown.message(message) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// Runs a command body; prints any failure as `错误 E-CODE：` and the clerk's words, and exits with
/// the status of its code (see ``Failure``).
func perform(_ body: () throws -> Void) throws {
    // A file-size limit (ulimit -f) then makes a write fail with EFBIG, which SQLite and the
    // export report as a clean I/O error, instead of killing the process with SIGXFSZ.
    signal(SIGXFSZ, SIG_IGN)
    do {
        #if DEBUG
        // Test builds only: an unexpected error before the command starts, so that the tests can
        // see exit status 70 and E-INTERNAL through the executable.
        if ProcessInfo.processInfo.environment["BUDGET_FAULT_INTERNAL"] != nil { throw InjectedFault() }
        #endif
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error  // a usage error: exit 64 with the usage line
    } catch {
        throw Failure(error).report()
    }
}

#if DEBUG
struct InjectedFault: Error, CustomStringConvertible {
    var description: String { "测试注入的内部错误（BUDGET_FAULT_INTERNAL）" }
}
#endif

func say(_ text: String) {
    print(text)
}
