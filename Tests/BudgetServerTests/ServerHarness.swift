import BudgetServer
import BudgetTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the in-process servers' tasks on a queue of their own. Under the whole suite, hundreds
/// of tests wait on LibreOffice, subprocesses and files on Swift's cooperative threads (two on
/// a 2-core machine): a server whose request handlers queued behind them did not answer for
/// minutes, and its requests timed out. The tasks a server starts for its connections inherit
/// this preference (SE-0417); the tests' own awaits still take their turn.
final class ServerExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ServerExecutor()
    private let queue = DispatchQueue(label: "budget.tests.server", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A workbench started in this process on a free port, and the requests the tests send it.
final class RunningServer: @unchecked Sendable {
    let server: WorkbenchServer
    let port: Int
    private let task: Task<Void, any Error>
    /// A session of its own per server: cookies (the access token's) stay with it.
    let session: URLSession
    var csrf = ""
    /// The folder it serves, kept for as long as the server.
    var keep: TemporaryFolder?

    struct Answer {
        var status: Int
        var data: Data
        var headers: [AnyHashable: Any]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
        var error: String { json["error"] as? String ?? "" }
    }

    init(_ path: String, host: String = "127.0.0.1") async throws {
        let server = try WorkbenchServer(path: path, host: host, port: 0)
        let ready = AsyncStream<Int>.makeStream()
        task = Task(executorPreference: ServerExecutor.shared) { try await server.run { port in ready.continuation.yield(port) } }
        var port = 0
        for await given in ready.stream {
            port = given
            break
        }
        self.server = server
        self.port = port
        session = URLSession(configuration: .ephemeral)
    }

    deinit { task.cancel() }

    func stop() { task.cancel() }

    /// Sends a request to 127.0.0.1; `body` is encoded as JSON; writes carry the CSRF token
    /// unless `csrf` is false.
    func send(
        _ method: String, _ path: String, body: Any? = nil, csrf: Bool = true, headers: [String: String] = [:], raw: Data? = nil
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if method != "GET" && csrf { request.setValue(self.csrf, forHTTPHeaderField: "X-CSRF-Token") }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let raw {
            request.httpBody = raw
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return Answer(status: http.statusCode, data: data, headers: http.allHeaderFields)
    }

    /// Reads the page's CSRF token as the page does (`/api/session`).
    func start(headers: [String: String] = [:]) async throws {
        let answer = try await send("GET", "/api/session", headers: headers)
        try #require(answer.status == 200, "\(answer.error)")
        csrf = answer.json["csrf"] as? String ?? ""
    }
}

/// The sample's tables (its units and 53 line items, in 万元) with the statement's stand-ins,
/// in a folder of its own as `sample.budget`.
func sampleFolder() throws -> (TemporaryFolder, String) {
    let folder = TemporaryFolder()
    let path = folder.file("sample.budget")
    try SampleProject.buildItems(at: path)
    try SampleProject.fillStandIns(at: path)
    return (folder, path)
}

/// A workbench serving the sample's folder, its CSRF token read; and the project's path.
func startedSample() async throws -> (RunningServer, String) {
    let (folder, path) = try sampleFolder()
    let server = try await RunningServer(folder.path)
    server.keep = folder
    try await server.start()
    return (server, path)
}

/// The shown text of the cell `offset` cells right of the first cell reading `label` in the
/// table of a `/api/tables?table=ID` answer (table 1 lists 收入 and 支出 side by side: the next
/// cell is its figure).
func figure(_ answer: [String: Any], after label: String, offset: Int = 1) -> String? {
    let table = answer["table"] as? [String: Any] ?? [:]
    for row in table["rows"] as? [[String: Any]] ?? [] {
        let cells = row["cells"] as? [String] ?? []
        if let index = cells.firstIndex(of: label), index + offset < cells.count { return cells[index + offset] }
    }
    return nil
}
