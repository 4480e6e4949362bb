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
    /// `variant` picks one of the template's versions ("unit"); without a choice of template, the
    /// project's default version (`budget settings --variant`) is used.
    public static func template(_ project: ProjectFile? = nil, choice: String? = nil, variant: String? = nil) throws -> Template {
        var variant = variant
        if variant == nil, choice == nil, let project { variant = try project.read { try $0.setting("template-variant") } }
        do {
            return try baseTemplate(project, choice: choice).variant(variant)
        } catch var error as TemplateError where variant != nil {
            error.message += "（--variant）"
            throw error
        }
    }

    static func baseTemplate(_ project: ProjectFile?, choice: String?) throws -> Template {
        if let choice { return try chooseTemplate(choice) }
        if let project, let stored = try project.read({ try $0.setting("template") }) {
            // A built-in name, or the text of a template file, kept in the project itself.
            if Template.builtInNames[stored] != nil { return try Template.builtIn(stored) }
            do {
                return try Template.decode(text: stored, file: "项目中保存的模板")
            } catch let error as TemplateError {
                var error = error
                error.message += "。可用 budget settings 项目 --template \(defaultTemplate) 改回内置模板"
                throw error
            }
        }
        return try Template.builtIn(defaultTemplate)
    }

    /// The template a project uses when none is chosen.
    public static func projectTemplate(_ path: String) throws -> Template {
        try template(try ProjectFile.open(at: path))
    }

    /// A built-in template by name, or a template file by path. A choice with a "/" or ending in
    /// ".json" is always a file, so a bureau's edited “hebei.json” is never taken for the built-in.
    static func chooseTemplate(_ choice: String) throws -> Template {
        if isBuiltIn(choice) { return try Template.builtIn(choice) }
        guard FileManager.default.fileExists(atPath: choice) else {
            throw InputProblem(
                column: "--template", value: choice,
                message: "既不是内置模板（\(Template.builtInNames.keys.sorted().joined(separator: "、"))），也不是一个存在的模板文件")
        }
        return try Template.load(URL(fileURLWithPath: choice))
    }

    static func isBuiltIn(_ choice: String) -> Bool {
        Template.builtInNames[choice] != nil && !choice.contains("/") && !choice.hasSuffix(".json")
    }

    /// The built-in templates: name and one-line description.
    public static func templates() throws -> [(name: String, description: String, variants: [String])] {
        try Template.builtInNames.keys.sorted().map {
            let template = try Template.builtIn($0)
            return ($0, template.description, template.variantNames)
        }
    }

    /// Writes a built-in template's file, for a bureau to copy and adapt.
    public static func exportTemplate(_ name: String, to output: String) throws {
        guard let text = Template.builtInNames[name] else {
            throw InputProblem(column: "NAME", value: name, message: "没有这个内置模板：\(Template.builtInNames.keys.sorted().joined(separator: "、"))")
        }
        // A bureau's edited copy is never replaced by the original.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue, !isProjectFile(output) {
            throw OutputWriteFailure(file: output, message: "文件已经存在，没有覆盖它（它可能是改过的模板）：请换一个文件名，或先把原文件移走")
        }
        try writeAtomically(text, to: output)
    }

    static func isProjectFile(_ path: String) -> Bool {
        guard isRegularFile(path), let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8)
    }

    /// Sets the project's settings in one transaction, after checking every given value: the
    /// scope of 机关运行经费, and the default template (a built-in name, or a template file whose
    /// text is kept in the project, so the project does not depend on the file staying there).
    public static func setSettings(_ path: String, operationCosts: OperationCostScope?, template choice: String?, variant: String? = nil) throws {
        // Nothing to change: the settings are only shown, and the file is not written.
        if operationCosts == nil, choice == nil, variant == nil {
            _ = try ProjectFile.open(at: path)
            return
        }
        var stored: String?
        if let choice {
            _ = try chooseTemplate(choice)
            if isBuiltIn(choice) {
                stored = choice
            } else {
                let text = String(decoding: try readFile(choice), as: UTF8.self)
                // What is kept must load again: a file in another encoding than UTF-8 is refused now.
                _ = try Template.decode(text: text, file: URL(fileURLWithPath: choice).lastPathComponent)
                stored = text
            }
        }
        let project = try ProjectFile.open(at: path)
        if let variant {
            // The version must exist in the template the project will use.
            _ = try (choice != nil ? chooseTemplate(choice!) : baseTemplate(project, choice: nil)).variant(variant)
        }
        try project.write { writer in
            if let operationCosts { try writer.setOperationCostScope(operationCosts) }
            if let stored { try writer.setSetting("template", stored) }
            // A new template starts from its own version unless one is given.
            if let variant {
                try writer.setSetting("template-variant", variant)
            } else if stored != nil {
                try writer.setSetting("template-variant", nil)
            }
        }
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
