import BudgetTestSupport
import Foundation
import Testing

@Suite("budget serve on the command line")
struct WorkbenchCommandTests {
    @Test("a missing folder (exit 3), a file that is not a project (exit 1) and a port in use (exit 5) are told in Chinese")
    func refusals() throws {
        let folder = TemporaryFolder()
        let missing = try runBudget(["serve", folder.file("nowhere"), "--port", "0"])
        #expect(missing.status == 3 && missing.stderr.contains("E-FILE-MISSING"), "\(missing.stderr)")
        let text = folder.write("a.txt", "x")
        let notProject = try runBudget(["serve", text, "--port", "0"])
        #expect(notProject.status == 1 && notProject.stderr.contains("*.budget"), "\(notProject.stderr)")
        let (sample, _) = try sampleFolder()
        let first = try ServeProcess(sample.path)
        defer { first.stop() }
        let port = try #require(first.url.firstMatch(of: /:([0-9]+)\//).map { String($0.1) })
        let busy = try runBudget(["serve", sample.path, "--port", port])
        #expect(busy.status == 5 && busy.stderr.contains("端口已被占用"), "\(busy.stderr)")
    }
}
