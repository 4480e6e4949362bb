import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

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
                let replaced = try project.open().setGlossaryEntry(GlossaryEntry(term: term, text: text))
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
                try project.open().removeGlossaryEntry(term: term)
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
                let entries = try project.open().importGlossary(from: file, encoding: encoding.encoding)
                say("已导入 \(entries.count) 条名词解释。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出名词解释。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let entries = try project.open().documentData().glossary
                for (index, entry) in entries.enumerated() { say("\(index + 1)、\(entry.term)：\(entry.text)") }
            }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "恢复标准名词解释。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                try project.open().resetGlossary()
                say("已恢复标准名词解释。")
            }
        }
    }
}
