import BudgetKit
import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads `/api/events` as it arrives.
final class EventReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var received = ""
    var text: String { lock.withLock { received } }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock { received += String(decoding: data, as: UTF8.self) }
    }

    /// A reader of `server`'s `/api/events`, once the stream says it is connected; cancel the
    /// task when done.
    static func listening(to server: RunningServer) async -> (EventReader, URLSessionDataTask) {
        let reader = EventReader()
        let session = URLSession(configuration: .ephemeral, delegate: reader, delegateQueue: nil)
        let task = session.dataTask(with: URL(string: "http://127.0.0.1:\(server.port)/api/events")!)
        task.resume()
        #expect(await reader.wait(for: "已连接"))
        return (reader, task)
    }

    /// Waits up to `seconds` for the stream to contain `part` (long: under the whole suite the
    /// test itself may wait for its turn on a thread; it returns as soon as the part is there).
    func wait(for part: String, seconds: Double = 60) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if text.contains(part) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return text.contains(part)
    }
}

@Suite("Browser workbench: change events")
struct WorkbenchEventsTests {
    @Test("/api/events announces this server's write at once, and a write by the CLI to the same file within a second or two")
    func changesAnnounced() async throws {
        let (server, path) = try await startedSample()
        let (reader, task) = await EventReader.listening(to: server)
        defer { task.cancel() }
        // The tables open the project's resident session, which the watcher then looks at.
        #expect(try await server.send("GET", "/api/tables?project=sample.budget").status == 200)
        let writes = try ProjectSession(path).writeCount()
        let edit = try await server.send("PATCH", "/api/items/1?project=sample.budget", body: ["changes": ["amount": "1"]])
        try #require(edit.status == 200, "\(edit.error)")
        #expect(await reader.wait(for: #""origin":"server","project":"sample.budget","writes":"\#(writes + 1)""#), "\(reader.text)")
        // The command line writes the file (a second program, its own session).
        _ = try ProjectSession(path).setItem(id: 1, changes: [.amount: "2"], amountUnit: .yuan)
        #expect(await reader.wait(for: #""origin":"file","project":"sample.budget","writes":"\#(writes + 2)""#), "\(reader.text)")
        server.stop()
    }
}
