import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

/// One open project for the length of a command, or of a long-running process: the file is
/// opened once (identified, its journal judged, migrated), the template is resolved once per
/// choice, and the operations are methods grouped one concern per file under `Operations/`
/// (modelled on GRDB's `AppDatabase`: the file is private to the session, and each write method
/// runs one transaction that keeps the project's invariants).
///
/// The command line still reaches most operations through `Workbench`'s static functions, which
/// open a session for the one call; operations move here concern by concern.
public final class ProjectSession: @unchecked Sendable {
    public let path: String
    let file: ProjectFile
    private let lock = NSLock()
    private var templates: [TemplateKey: Template] = [:]

    private struct TemplateKey: Hashable {
        var choice: String?
        var variant: String?
    }

    /// Opens the project file at `path`.
    public init(_ path: String) throws {
        self.path = path
        file = try ProjectFile.open(at: path)
    }

    /// The template the disclosure is computed with: `choice` (a built-in name or a template
    /// file), else the project's default; `variant` one of its versions. Resolved once.
    public func template(_ choice: String? = nil, variant: String? = nil) throws -> Template {
        let key = TemplateKey(choice: choice, variant: variant)
        if let known = lock.withLock({ templates[key] }) { return known }
        let template = try Workbench.template(file, choice: choice, variant: variant)
        lock.withLock { templates[key] = template }
        return template
    }

    /// The disclosure: reads the project into one ``DisclosureInput`` and runs the pipeline.
    public func compose(
        template choice: String? = nil, variant: String? = nil, scope: DisclosurePipeline.Scope = .whole,
        checking: DisclosurePipeline.Checking = .none, locate: @escaping Checks.ItemLocator = { _ in [] }
    ) throws -> Disclosure {
        try Workbench.compose(file, using: try template(choice, variant: variant), scope: scope, checking: checking, locate: locate)
    }
}
