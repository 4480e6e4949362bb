import Foundation

/// Server-sent events: every browser listening at `/api/events` hears that a project changed,
/// by this server's own writes or by another program (the CLI) writing the file.
final class Events: @unchecked Sendable {
    private let lock = NSLock()
    private var listeners: [UUID: AsyncStream<String>.Continuation] = [:]

    func subscribe() -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(64))
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.listeners.removeValue(forKey: id) }
        }
        lock.withLock { listeners[id] = continuation }
        // Sent at once, so that the browser's EventSource counts as open.
        continuation.yield(": 已连接\n\n")
        return stream
    }

    var listenerCount: Int { lock.withLock { listeners.count } }

    /// Announces a change of `project`: `origin` is "server" for this server's writes, "file"
    /// for a change found on the disk; `writes` the file's write count after it (-1: replaced).
    func publish(project: String, writes: Int64, origin: String) {
        let payload: [String: String] = ["project": project, "writes": String(writes), "origin": origin]
        let data = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])) ?? Data()
        let message = "event: change\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
        for continuation in lock.withLock({ Array(listeners.values) }) { continuation.yield(message) }
    }

    /// A comment line that keeps idle connections open through proxies.
    func heartbeat() {
        for continuation in lock.withLock({ Array(listeners.values) }) { continuation.yield(": 心跳\n\n") }
    }

    func finishAll() {
        for continuation in lock.withLock({ Array(listeners.values) }) { continuation.finish() }
    }
}
