import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "分类科目目录。", subcommands: [ImportCatalog.self, SearchCatalog.self])

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

    struct SearchCatalog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "查科目：按编码开头（如 20103、302）或名称中的字（如 办公、差旅）在内置目录中查找功能分类和部门经济分类科目。",
            discussion: "例：budget catalog search 差旅    budget catalog search 2010306")
        @Argument(help: ArgumentHelp("编码的开头，或名称中的字。", valueName: "编码或名称")) var query: String

        func run() throws {
            try perform {
                let found = Catalog.bundled.search(query)
                guard !found.isEmpty else { return say("内置目录中没有编码以“\(query)”开头或名称含“\(query)”的科目。") }
                let shown = 200
                let rows = [["分类", "编码", "名称"]] + found.prefix(shown).map { [$0.kind.chineseName, $0.code, $0.name] }
                print(TextRenderer.aligned(rows, right: []), terminator: "")
                say(found.count > shown ? "共 \(found.count) 个，只列出前 \(shown) 个：请写得更具体些。" : "共 \(found.count) 个。")
            }
        }
    }
}
