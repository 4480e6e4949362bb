import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

/// The operations of the workbench. Each opens the project file, does its work in one
/// transaction, and returns what the command line prints.
public enum Workbench {
    /// The built-in template a new project uses.
    public static let defaultTemplate = "hebei"

    /// The template the tables are computed with: `choice` (a built-in name or a template file),
    /// else the project's default (`budget settings --template`), else Hebei.
    public static func template(_ project: ProjectFile? = nil, choice: String? = nil) throws -> Template {
        if let choice { return try chooseTemplate(choice) }
        if let project, let stored = try project.read({ try $0.setting("template") }) {
            // A built-in name, or the text of a template file, kept in the project itself.
            return Template.builtInNames[stored] != nil ? try Template.builtIn(stored) : try Template.decode(text: stored, file: "项目中保存的模板")
        }
        return try Template.builtIn(defaultTemplate)
    }

    /// A built-in template by name, or a template file by path.
    static func chooseTemplate(_ choice: String) throws -> Template {
        if Template.builtInNames[choice] != nil { return try Template.builtIn(choice) }
        guard FileManager.default.fileExists(atPath: choice) else {
            throw InputProblem(
                column: "--template", value: choice,
                message: "既不是内置模板（\(Template.builtInNames.keys.sorted().joined(separator: "、"))），也不是一个存在的模板文件")
        }
        return try Template.load(URL(fileURLWithPath: choice))
    }

    /// The built-in templates: name and one-line description.
    public static func templates() throws -> [(name: String, description: String)] {
        try Template.builtInNames.keys.sorted().map { ($0, try Template.builtIn($0).description) }
    }

    /// Writes a built-in template's file, for a bureau to copy and adapt.
    public static func exportTemplate(_ name: String, to output: String) throws {
        guard let text = Template.builtInNames[name] else {
            throw InputProblem(column: "NAME", value: name, message: "没有这个内置模板：\(Template.builtInNames.keys.sorted().joined(separator: "、"))")
        }
        try writeAtomically(text, to: output)
    }

    /// Sets the project's default template: a built-in name, or a template file whose text is
    /// kept in the project (so the project does not depend on the file staying where it is).
    public static func setTemplate(_ path: String, _ choice: String) throws -> Template {
        let template = try chooseTemplate(choice)
        let stored: String
        if Template.builtInNames[choice] != nil {
            stored = choice
        } else {
            stored = String(decoding: try readFile(choice), as: UTF8.self)
        }
        try ProjectFile.open(at: path).write { try $0.setSetting("template", stored) }
        return template
    }

    // MARK: - Project

    public static func initProject(at path: String, department: Department) throws {
        var problems: [InputProblem] = []
        if let problem = TextRules.codeProblem(department.code) {
            problems.append(InputProblem(column: "部门编码", value: department.code, message: "部门编码" + problem))
        }
        if let problem = TextRules.nameProblem(department.name) {
            problems.append(InputProblem(column: "部门名称", value: department.name, message: "部门名称" + problem))
        }
        if !(2000...2100).contains(department.year) {
            problems.append(InputProblem(column: "预算年度", value: String(department.year), message: "预算年度应在 2000 到 2100 之间"))
        }
        if !problems.isEmpty { throw InputProblems(problems) }
        try ProjectFile.create(at: path, department: department).close()
    }
}

extension Array where Element == InputProblem {
    func throwIfAny() throws {
        if !isEmpty { throw InputProblems(self) }
    }
}
