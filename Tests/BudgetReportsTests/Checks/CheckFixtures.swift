import BudgetModel

@testable import BudgetReports

/// Small in-memory inputs for the checks' unit tests: no project file, no SQLite.
enum CheckFixture {
    static let hebei = try! Template.builtIn("hebei")
    static let mainUnit = BudgetUnit(code: "001001", name: "本级", nature: .administrative)

    /// The kept totals of a few line items, numbered 1, 2, … in order (as `snapshot` in EngineTests).
    static func data(
        _ items: [LineItem], units: [BudgetUnit] = [mainUnit], projects: [BudgetProject] = [], codes: CodeBook = CodeBook()
    ) -> BudgetData {
        var project = snapshot(items, projects: projects)
        project.units = units
        project.codes = codes
        return BudgetData(project)
    }

    /// The whole disclosure of a few line items under the Hebei template (or another), checked.
    static func disclose(
        _ items: [LineItem], units: [BudgetUnit] = [mainUnit], projects: [BudgetProject] = [], codes: CodeBook = CodeBook(),
        document: DocumentData = DocumentData(), template: Template = hebei, locate: @escaping Checks.ItemLocator = { _ in [] }
    ) throws -> Disclosure {
        let input = DisclosureInput(data: data(items, units: units, projects: projects, codes: codes), document: document, template: template)
        return try DisclosurePipeline.run(input, locate: locate)
    }
}

/// A locator with fixed answers (one per filter given, else the default) that remembers every
/// filter it is asked about.
final class FixedLocator {
    let answer: [Int64]
    let answers: [ItemFilter: [Int64]]
    private(set) var asked: [ItemFilter] = []

    init(_ answer: [Int64], by answers: [ItemFilter: [Int64]] = [:]) {
        self.answer = answer
        self.answers = answers
    }

    var locate: Checks.ItemLocator {
        { filter in
            self.asked.append(filter)
            return self.answers[filter] ?? self.answer
        }
    }
}

extension Array where Element == Finding {
    /// The findings of one check.
    func of(_ check: CheckID) -> [Finding] { filter { $0.check == check.rawValue } }
}
