import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "templates", abstract: "列出内置的公开表模板。")

    func run() throws {
        try perform {
            print(
                TextRenderer.aligned(try Templates.builtIns().map { [$0.name, "版本：" + $0.variants.joined(separator: "、"), $0.description] }),
                terminator: "")
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
            try Templates.export(name, to: output)
            say("已写出模板 \(name)：\(output)")
        }
    }
}
