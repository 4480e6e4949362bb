import ArgumentParser
import BudgetKit
import BudgetModel

extension BudgetCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "新建一个项目文件（一个部门、一个预算年度）。",
            discussion: "只有 init 会创建文件；其他命令遇到不存在的路径会报错，不会悄悄新建空项目。已存在的文件不会被覆盖。")

        @OptionGroup var project: ProjectArgument
        @Option(help: "部门编码，如 432。") var departmentCode: String
        @Option(help: "部门名称，如 石家庄高新技术产业开发区行政服务局。") var departmentName: String
        @Option(help: "预算年度，如 2023。") var year: Int

        func run() throws {
            try perform {
                try ProjectSession.create(at: project.path, department: Department(code: departmentCode, name: departmentName, year: year))
                say("已新建项目 \(project.path)：\(departmentCode) \(departmentName)，\(year) 年度。")
            }
        }
    }
}
