import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

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
                let paragraphs = try project.open().setText(
                    section: section, text: try InputFiles.readText(file, encoding: encoding.encoding), file: file)
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
                let document = try project.open().documentData()
                for item in section.map({ [$0] }) ?? TextSection.allCases {
                    say("【\(item.chineseName)】")
                    let paragraphs = document.text(item)
                    say(paragraphs.isEmpty ? "（未填写）" : paragraphs.joined(separator: "\n"))
                }
            }
        }
    }
}
