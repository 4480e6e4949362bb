import BudgetKit
import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetServer

@Suite("Browser workbench: the page and the watcher")
struct WorkbenchInternalsTests {
    @Test("the page built into the executable is the files in Resources/web (run Scripts/embed-resources after changing them)")
    func embeddedPage() throws {
        let folder = PackagePaths.root.appendingPathComponent("Sources/BudgetServer/Resources/web")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(WebFiles.files.keys.sorted() == names)
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(WebFiles.files[name] == text, "\(name)")
        }
        #expect(WebFiles.files["index.html"]?.contains("{{CSRF}}") == true, "the page's CSRF token is filled in at serving")
    }

    @Test("a change by another program (the CLI) is found from the file's write count; the server's own write is not announced twice")
    func watcherSeesOtherWrites() async throws {
        let (folder, path) = try sampleFolder()
        let workspace = try Workspace(path: folder.path)
        let resident = try workspace.resident("sample.budget")
        #expect(await resident.changedOutside() == nil)
        let (_, writes) = try await resident.write { session in
            try session.setItem(id: 1, changes: [.amount: "1"], amountUnit: .yuan)
        }
        #expect(await resident.changedOutside() == nil, "its own write was recorded as seen")
        _ = try ProjectSession(path).setItem(id: 1, changes: [.amount: "2"], amountUnit: .yuan)
        #expect(await resident.changedOutside() == writes + 1)
        #expect(await resident.changedOutside() == nil)
    }

    @Test("check requests coalesce: two arriving while one runs share the next run, which sees the edit made meanwhile")
    func checksCoalesce() async throws {
        let (folder, path) = try sampleFolder()
        let workspace = try Workspace(path: folder.path)
        let resident = try workspace.resident("sample.budget")
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        resident.afterCheck = {
            started.signal()
            release.wait()
        }
        func waitOff(_ semaphore: DispatchSemaphore) async {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    semaphore.wait()
                    continuation.resume()
                }
            }
        }
        let first = Task { try await resident.check() }
        await waitOff(started)  // the first run has read the file and is held open
        _ = try ProjectSession(path).setItem(id: 1, changes: [.amount: "1"], amountUnit: .yuan)
        let second = Task { try await resident.check() }
        let third = Task { try await resident.check() }
        while resident.waitingChecks < 2 { try await Task.sleep(for: .milliseconds(10)) }
        release.signal()  // the first run ends; the second and third wait for the next one
        release.signal()
        let answers = (try await first.value, try await second.value, try await third.value)
        #expect(resident.checkRuns == 2, "three requests, two runs")
        #expect(answers.1.writes == answers.0.writes + 1 && answers.2.writes == answers.1.writes, "the later two see the edit")
        #expect(answers.1.result.findings.map(\.message) == answers.2.result.findings.map(\.message), "one answer shared")
    }

    @Test("errors for the browser name no path of the server")
    func cleanMessages() {
        let root = "/srv/budgets"
        #expect(ErrorAnswer.clean("无法打开 /srv/budgets/a/b.budget：磁盘已满", root: root) == "无法打开 a/b.budget：磁盘已满")
        #expect(!ErrorAnswer.clean("找不到 /tmp/x/y.budget", root: root).contains("/tmp"))
    }
}
