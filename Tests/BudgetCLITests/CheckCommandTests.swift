import BudgetTestSupport
import Foundation
import Testing

@Suite("budget check")
struct CheckCommandTests {
    @Test("the sample passes: exit 0, 检查通过")
    func samplePasses() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let result = try budget("check", path)

        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("检查通过"))
        #expect(!result.stdout.contains("错误"))
        #expect(bytes(path) == before, "check must not write the project file")
    }

    @Test("the sample's line items alone with --json: the tables pass; the statement's parts not yet written are placeholder errors (exit 6)")
    func samplePassesJSON() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)

        let result = try budget("check", path, "--json")

        #expect(result.status == 6)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let errors = findings.filter { $0["severity"] as? String == "error" }
        // (and the projects without a 绩效目标表: one performance error, as Hebei publishes them)
        #expect(
            !errors.isEmpty && errors.allSatisfy { isUnwrittenPart(check: $0["check"] as? String ?? "", message: $0["message"] as? String ?? "") },
            "\(errors)")
        #expect(errors.filter { $0["check"] as? String == "performance" }.count == 1)
        let warnings = findings.filter { $0["severity"] as? String == "warning" }
        #expect(Set(warnings.compactMap { $0["check"] as? String }) == ["prior-year"])
    }

    @Test("a 对附属单位补助支出 item funded by 一般公共预算拨款 is a [sum] error in table 5: exit 6, E-CHECK after the findings")
    func sumError() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        try addUnbalancingItem(path)

        let result = try budget("check", path)

        #expect(result.status == 6)
        #expect(result.stderr.contains("错误 E-CHECK：检查发现 1 个错误"), "\(result.stderr)")
        #expect(result.stdout.contains("错误"))
        #expect(result.stdout.contains("[sum]"))
        #expect(result.stdout.contains("表5"))
        #expect(result.stdout.contains("共 1 个错误"))
        #expect(!result.stdout.contains("检查通过"))
    }

    @Test("check --json prints valid JSON: objects with severity, check and message")
    func json() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        try addUnbalancingItem(path)

        let result = try budget("check", path, "--json")

        #expect(result.status == 6)
        #expect(result.stderr.contains("E-CHECK"), "\(result.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let findings = try #require(parsed as? [[String: Any]], "not an array of objects: \(result.stdout)")
        #expect(!findings.isEmpty)
        for finding in findings {
            #expect(finding["severity"] is String)
            #expect(finding["check"] is String)
            #expect(finding["message"] is String)
        }
        let errors = findings.filter { $0["severity"] as? String == "error" }
        #expect(errors.count == 1)
        #expect(errors.first?["check"] as? String == "sum")
        #expect(findings.allSatisfy { ["error", "warning"].contains($0["severity"] as? String) })
    }

    @Test("an empty project: reminders for its tables, and errors only for the statement not yet written ([placeholder], exit 6)")
    func emptyProjectWarnsOnly() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))

        let result = try budget("check", path)

        #expect(result.status == 6, "\(result.stdout)")
        #expect(result.stdout.contains("提醒"))
        let errors = result.stdout.split(separator: "\n").filter { $0.contains("：错误 [") }
        #expect(!errors.isEmpty && errors.allSatisfy { isUnwrittenPart(line: $0) }, "\(errors)")
    }

    @Test("a real [sum] error is not also explained away as a rounding difference (尾差)")
    func sumErrorIsNotRounding() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        try addUnbalancingItem(path)

        let result = try budget("check", path, "--json")
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        func place(_ finding: [String: Any]) -> String {
            "\(finding["table"] ?? "")|\(finding["row"] ?? "")|\(finding["column"] ?? "")"
        }
        let sumPlaces = Set(findings.filter { $0["check"] as? String == "sum" }.map(place))
        #expect(!sumPlaces.isEmpty)

        // A 1,000 元 item missing from the parts is not a rounding tail; the cell already has a [sum] error.
        let roundingOnSumCells = findings.filter { $0["check"] as? String == "rounding" && sumPlaces.contains(place($0)) }
        #expect(roundingOnSumCells.isEmpty, "\(roundingOnSumCells.map { $0["message"] ?? "" })")
    }
}
