import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

/// The templates a disclosure is laid out by: the built-in ones (Hebei, Shanghai) and a bureau's
/// own files, and which one a project uses.
public enum Templates {
    /// The built-in template a new project uses.
    public static let defaultName = "hebei"

    /// The template the tables are computed with: `choice` (a built-in name or a template file),
    /// else the project's default (`budget settings --template`), else Hebei.
    /// `variant` picks one of the template's versions ("unit"); without a choice of template, the
    /// project's default version (`budget settings --variant`) is used.
    static func resolve(_ project: ProjectFile? = nil, choice: String? = nil, variant: String? = nil) throws -> Template {
        var variant = variant
        if variant == nil, choice == nil, let project { variant = try project.read { try $0.setting("template-variant") } }
        do {
            return try base(project, choice: choice).variant(variant)
        } catch var error as TemplateError where variant != nil {
            error.message += "（--variant）"
            throw error
        }
    }

    static func base(_ project: ProjectFile?, choice: String?) throws -> Template {
        if let choice { return try choose(choice) }
        if let project, let stored = try project.read({ try $0.setting("template") }) {
            // A built-in name, or the text of a template file, kept in the project itself.
            if Template.builtInNames[stored] != nil { return try Template.builtIn(stored) }
            do {
                return try Template.decode(text: stored, file: "项目中保存的模板")
            } catch let error as TemplateError {
                var error = error
                error.message += "。可用 budget settings 项目 --template \(defaultName) 改回内置模板"
                throw error
            }
        }
        return try Template.builtIn(defaultName)
    }

    /// A built-in template by name, or a template file by path. A choice with a "/" or ending in
    /// ".json" is always a file, so a bureau's edited “hebei.json” is never taken for the built-in.
    static func choose(_ choice: String) throws -> Template {
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
    public static func builtIns() throws -> [(name: String, description: String, variants: [String])] {
        try Template.builtInNames.keys.sorted().map {
            let template = try Template.builtIn($0)
            return ($0, template.description, template.variantNames)
        }
    }

    /// Writes a built-in template's file, for a bureau to copy and adapt.
    public static func export(_ name: String, to output: String) throws {
        guard let text = Template.builtInNames[name] else {
            throw InputProblem(column: "NAME", value: name, message: "没有这个内置模板：\(Template.builtInNames.keys.sorted().joined(separator: "、"))")
        }
        // A bureau's edited copy is never replaced by the original.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue, !OutputFiles.isProjectFile(output) {
            throw OutputWriteFailure(file: output, message: "文件已经存在，没有覆盖它（它可能是改过的模板）：请换一个文件名，或先把原文件移走")
        }
        try OutputFiles.writeAtomically(text, to: output)
    }

}
