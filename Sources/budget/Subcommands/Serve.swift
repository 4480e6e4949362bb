import ArgumentParser
import BudgetServer
import Foundation

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "在浏览器中编制预算：启动本机网页工作台（明细表格、公开表随改随算、检查结果）。",
        discussion: """
            默认只在本机（127.0.0.1）监听，用本机浏览器打开显示的地址即可。
            用 --listen 在其他地址监听时，每个请求都要带启动时显示的访问令牌（地址中的 ?token=…）。
            只能打开所给文件夹（或所给项目文件）中的 *.budget 文件。按 Ctrl+C 停止。
            """)
    @Argument(help: ArgumentHelp("要服务的文件夹，或一个项目文件（*.budget）；默认当前文件夹。", valueName: "FOLDER|PROJECT"))
    var path: String = "."
    @Option(help: "端口（0 表示任选一个空闲端口）。") var port: Int = 8080
    @Option(help: "监听地址；默认 127.0.0.1（只有本机能访问）。") var listen: String = "127.0.0.1"

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port 应在 0 到 65535 之间") }
    }

    func run() throws {
        try perform {
            let server: WorkbenchServer
            do {
                server = try WorkbenchServer(path: path, host: listen, port: port)
            } catch let error as WorkbenchServer.StartFailure {
                throw Failure(error.kind == .missing ? .fileMissing : .input, error.description)
            }
            let done = DispatchSemaphore(value: 0)
            let failure = ServeFailure()
            Task {
                do {
                    try await server.run { port in
                        let host = server.host.contains(":") ? "[\(server.host)]" : server.host
                        let token = server.accessToken.map { "?token=\($0)" } ?? ""
                        var text = "预算工作台已启动：http://\(host):\(port)/\(token)\n"
                        if server.accessToken != nil {
                            text += "注意：工作台在 \(server.host) 上监听，其他电脑也能访问；请只把上面的完整地址（含访问令牌）告诉需要的人。\n"
                        }
                        let names = server.projectNames
                        text += "项目：\(names.isEmpty ? "（文件夹中还没有 *.budget 项目文件）" : names.joined(separator: "、"))\n按 Ctrl+C 停止。\n"
                        // Unbuffered: a script reading the address sees it at once.
                        FileHandle.standardOutput.write(Data(text.utf8))
                    }
                } catch {
                    failure.error = error
                }
                done.signal()
            }
            done.wait()
            if let error = failure.error as? WorkbenchServer.StartFailure {
                throw Failure(error.kind == .missing ? .fileMissing : error.kind == .input ? .input : .io, error.description)
            }
            if let error = failure.error { throw error }
        }
    }
}

final class ServeFailure: @unchecked Sendable {
    var error: (any Error)?
}
