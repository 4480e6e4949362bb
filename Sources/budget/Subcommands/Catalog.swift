import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "分类科目目录。", subcommands: [ImportCatalog.self])

    struct ImportCatalog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "导入财政部门当年的科目表（列：code/科目编码, name/科目名称），之后公开表中的科目名称以它为准。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "科目表 CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption

        func run() throws {
            try perform {
                let counts = try project.open().importCatalog(from: file, encoding: encoding.encoding)
                say("已导入功能分类科目 \(counts[.functional] ?? 0) 个、部门经济分类科目 \(counts[.economic] ?? 0) 个。")
            }
        }
    }
}
