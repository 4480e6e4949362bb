import BudgetTestSupport
import Foundation
import Testing

/// LibreOffice, headless, with Debian's python3-uno: what `Scripts/recalc-check` needs
/// (`Scripts/setup` installs both).
enum Office {
    /// Debian's python3, for which python3-uno is built (a python3 earlier on PATH may lack it).
    static let python = "/usr/bin/python3"
    static let script = PackagePaths.root.appendingPathComponent("Scripts/recalc-check").path

    /// Why the recalculation test cannot run here, or nil when it can.
    static let missing = missing(importing: "uno", from: "python3-uno")

    /// Why a test that runs LibreOffice and a script importing `modules` (from the Debian
    /// `packages`) cannot run here, or nil when it can.
    static func missing(importing modules: String, from packages: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let soffice = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/soffice") }
        if !soffice { return "soffice is not on PATH" }
        guard FileManager.default.isExecutableFile(atPath: python),
            let probe = try? runProgram(python, ["-c", "import \(modules)"]), probe.status == 0
        else { return "\(python) cannot import \(modules) (\(packages))" }
        return nil
    }

    /// CI must run the test: a missing LibreOffice fails it there rather than skipping it.
    static var inCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !value.isEmpty && value != "false" && value != "0"
    }
}

/// Workbooks exported with `--force` into a folder, their paths in order.
final class ExportedWorkbooks {
    let folder: TemporaryFolder
    private(set) var paths: [String] = []

    init(_ folder: TemporaryFolder) { self.folder = folder }

    func export(_ project: String, _ name: String, _ options: [String] = []) throws {
        let path = folder.file(name)
        let result = try runBudget(["export", project, path, "--force"] + options)
        try #require(result.status == 0, "export \(name): \(result.stderr)")
        paths.append(path)
    }

    /// The workbooks of `export-units` into the folder `name`; returns how many.
    @discardableResult
    func exportUnits(_ project: String, _ name: String, _ options: [String] = []) throws -> Int {
        let path = folder.file(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = try runBudget(["export-units", project, path, "--force"] + options)
        try #require(result.status == 0, "export-units \(name): \(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".xlsx") }.sorted()
        try #require(!files.isEmpty, "export-units \(name) wrote no workbook")
        paths += files.map { "\(path)/\($0)" }
        return files.count
    }
}

@Suite("Figures stay the same after a viewer recalculates")
struct RecalculationTests {
    /// Seeds of the generated projects; 7 has a total on a half hundredth of 万元 (855.825).
    static let seeds = ["1", "7", "42", "2023", "99"]

    @Test(
        "LibreOffice recalculates every formula of the exported workbooks and every cell shows the same figure as the cached value",
        .enabled(
            if: Office.missing == nil || Office.inCI,
            "LibreOffice is not installed (\(Office.missing ?? "")): Scripts/setup installs libreoffice-calc-nogui and python3-uno")
    )
    func everyFigureSurvivesRecalculation() throws {
        try #require(Office.missing == nil, "CI needs LibreOffice for this test: \(Office.missing ?? "") (Scripts/setup installs it)")

        // Given: the sample in both templates and Shanghai's unit version, export-units of the
        // sample and of a generated project, and generated projects of five seeds
        let folder = TemporaryFolder()
        let exported = ExportedWorkbooks(folder)
        func export(_ project: String, _ name: String, _ options: String...) throws { try exported.export(project, name, options) }
        func exportUnits(_ project: String, _ name: String, _ options: String...) throws { try exported.exportUnits(project, name, options) }
        let sample = folder.file("sample.budget")
        try SampleProject.build(at: sample)
        try export(sample, "sample-hebei.xlsx", "--with-items")
        try export(sample, "sample-shanghai.xlsx", "--template", "shanghai")
        try export(sample, "sample-shanghai-unit.xlsx", "--template", "shanghai", "--variant", "unit")
        try exportUnits(sample, "sample-units-hebei")
        try exportUnits(sample, "sample-units-shanghai", "--template", "shanghai")
        for seed in Self.seeds {
            let project = folder.file("seed-\(seed).budget")
            let generated = try runBudget(["generate", project, "--units", "5", "--items", "3000", "--seed", seed])
            try #require(generated.status == 0, "generate seed \(seed): \(generated.stderr)")
            try export(project, "seed-\(seed)-hebei.xlsx")
            try export(project, "seed-\(seed)-shanghai.xlsx", "--template", "shanghai")
            try export(project, "seed-\(seed)-shanghai-unit.xlsx", "--template", "shanghai", "--variant", "unit")
        }
        try exportUnits(folder.file("seed-7.budget"), "seed-7-units-hebei")

        // When: one LibreOffice shows every sheet as loaded (the cached values), recalculates
        // every formula and shows them again
        let workbooks = exported.paths
        let result = try runProgram(Office.python, [Office.script] + workbooks)

        // Then: no cell shows another figure, every workbook was read and had formulas to recalculate
        let report = "\(result.stdout)\(result.stderr)"
        #expect(result.status == 0, "\(report)")
        #expect(result.stdout.contains("self-check: a wrong cached value shows as loaded and is corrected by calculateAll"), "\(report)")
        for workbook in workbooks {
            let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("\(workbook): ") }
            let counts = line.flatMap { $0.firstMatch(of: /: (\d+) formula cells, (\d+) cells compared, (\d+) changed$/) }
            #expect(
                counts.map { Int($0.output.1)! > 0 && Int($0.output.2)! > 0 && $0.output.3 == "0" } == true,
                "\(line.map(String.init) ?? "\(workbook): not checked")")
        }
    }
}
