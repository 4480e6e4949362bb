import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

// The project's settings: the 机关运行经费 scope, the default template, and how the tables are
// printed (decimals of 元, empty-table notes).
extension ProjectSession {
    /// Sets the project's settings in one transaction, after checking every given value: the
    /// scope of 机关运行经费, the default template (a built-in name, or a template file whose
    /// text is kept in the project, so the project does not depend on the file staying there),
    /// the decimals of amounts in 元, and whether empty tables carry the template's note.
    public func setSettings(
        operationCosts: OperationCostScope?, template choice: String?, variant: String? = nil, yuanDecimals: YuanDecimals? = nil,
        emptyNotes: Bool? = nil
    ) throws {
        // Nothing to change: the settings are only shown, and the file is not written.
        if operationCosts == nil, choice == nil, variant == nil, yuanDecimals == nil, emptyNotes == nil {
            _ = projectFile
            return
        }
        var stored: String?
        if let choice {
            _ = try Templates.choose(choice)
            if Templates.isBuiltIn(choice) {
                stored = choice
            } else {
                let text = String(decoding: try InputFiles.readFile(choice), as: UTF8.self)
                // What is kept must load again: a file in another encoding than UTF-8 is refused now.
                _ = try Template.decode(text: text, file: URL(fileURLWithPath: choice).lastPathComponent)
                stored = text
            }
        }
        let project = projectFile
        if let variant {
            // The version must exist in the template the project will use.
            _ = try (choice != nil ? Templates.choose(choice!) : Templates.base(project, choice: nil)).variant(variant)
        }
        try project.write { writer in
            if let operationCosts { try writer.setOperationCostScope(operationCosts) }
            // The defaults are not stored, so a project that never chose reads as before.
            if let yuanDecimals { try writer.setSetting(TableSettings.yuanDecimalsKey, yuanDecimals == .auto ? nil : yuanDecimals.rawValue) }
            if let emptyNotes { try writer.setSetting(TableSettings.emptyNotesKey, emptyNotes ? nil : "off") }
            if let stored { try writer.setSetting("template", stored) }
            // A new template starts from its own version unless one is given.
            if let variant {
                try writer.setSetting("template-variant", variant)
            } else if stored != nil {
                try writer.setSetting("template-variant", nil)
            }
        }
    }

    /// How the project's tables are printed (``TableSettings``).
    public func tableSettings() throws -> TableSettings {
        try projectFile.read { try $0.tableSettings() }
    }
}
