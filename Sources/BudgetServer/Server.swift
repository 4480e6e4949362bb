import BudgetKit
import BudgetModel
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The browser workbench (`budget serve`): a Hummingbird HTTP server over the projects of one
/// folder, each kept open in a resident ``ProjectSession``; the page is built into the
/// executable (``WebFiles``).
public final class WorkbenchServer: Sendable {
    public let host: String
    public let port: Int
    /// The access token every request must carry, when listening beyond the loopback.
    public let accessToken: String?
    let workspace: Workspace
    let events = Events()
    let keys: Guard<BasicRequestContext>.Keys

    /// Why the workbench did not start: what to serve is missing or is not a folder or a
    /// project file, or the address cannot be listened on; in the clerk's words.
    public struct StartFailure: Error, CustomStringConvertible {
        public enum Kind: Sendable { case missing, input, address }
        public var kind: Kind
        public var description: String
    }

    /// Serves `path` (a folder, or one project file) on `host`:`port` (0: any free port).
    public init(path: String, host: String = "127.0.0.1", port: Int = 8080) throws {
        self.host = host
        self.port = port
        do {
            workspace = try Workspace(path: path)
        } catch let failure as ServerFailure {
            throw StartFailure(kind: failure.status == .notFound ? .missing : .input, description: "\(failure.message)：\(Shown.text(path))")
        }
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        accessToken = loopback ? nil : Guard<BasicRequestContext>.newToken()
        keys = .init(access: accessToken, csrf: Guard<BasicRequestContext>.newToken(), loopback: loopback)
    }

    /// The projects the workbench offers, relative to the served folder.
    public var projectNames: [String] { workspace.projectNames() }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: Guard(keys: keys))
        API(workspace: workspace, events: events, keys: keys).add(to: router)
        WebFiles.add(to: router, csrf: keys.csrf)
        return router
    }

    /// Runs until the process is stopped (SIGINT, SIGTERM); `ready` is told the port it listens on.
    public func run(ready: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "budget.serve")
        logger.logLevel = .warning
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "budget"),
            onServerRunning: { channel in ready(channel.localAddress?.port ?? 0) },
            logger: logger)
        // The watcher is a child task: it ends with the server, and it runs where the server's
        // tasks run (an executor a caller prefers for the server is its too).
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.watch() }
            defer { group.cancelAll() }
            do {
                try await app.runService()
            } catch let error as IOError {
                // Before the server runs, only listening fails this way.
                let reason =
                    switch error.errnoCode {
                    case EADDRINUSE: "端口已被占用，请用 --port 换一个端口"
                    case EADDRNOTAVAIL: "本机没有这个地址"
                    case EACCES: "没有权限使用这个端口（1024 以下的端口要管理员权限）"
                    default: "\(error)"
                    }
                throw StartFailure(kind: .address, description: "无法在 \(host):\(port) 上监听：\(reason)")
            }
        }
        events.finishAll()
    }

    /// Once a second: whether another program (the CLI) changed an open project, told to every
    /// listening browser; every 15 seconds a heartbeat.
    func watch() async {
        var tick = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            for resident in workspace.openResidents {
                guard let writes = await resident.changedOutside() else { continue }
                if writes < 0 { workspace.forget(resident) }
                events.publish(project: resident.name, writes: writes, origin: "file")
            }
            tick += 1
            if tick % 15 == 0 { events.heartbeat() }
        }
    }
}
