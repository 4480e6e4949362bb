import BudgetKit
import BudgetServer
import BudgetTestSupport
import Foundation
import Testing

@Suite("Browser workbench: safe by default")
struct WorkbenchSecurityTests {
    @Test("beyond the loopback every request needs the access token: header, or ?token= once and then the cookie")
    func tokenRequired() async throws {
        let (folder, _) = try sampleFolder()
        // Listening on every address; the test only ever connects to 127.0.0.1.
        let server = try await RunningServer(folder.path, host: "0.0.0.0")
        let token = try #require(server.server.accessToken)
        let refused = try await server.send("GET", "/api/projects")
        #expect(refused.status == 401)
        #expect(refused.error.contains("访问令牌"), "\(refused.error)")
        let wrong = try await server.send("GET", "/api/projects", headers: ["X-Budget-Token": String(token.reversed())])
        #expect(wrong.status == 401)
        let page = try await server.send("GET", "/", headers: ["X-Budget-Token": token])
        #expect(page.status == 200)
        // Once in the address, then a cookie carries it.
        let once = try await server.send("GET", "/api/projects?token=\(token)")
        #expect(once.status == 200)
        #expect(once.json["projects"] as? [String] == ["sample.budget"])
        let later = try await server.send("GET", "/api/projects")
        #expect(later.status == 200, "the cookie set by ?token= is accepted")
        server.stop()
    }

    @Test("on the loopback no token is asked, but a host that is not the loopback is refused (DNS rebinding)")
    func loopbackHost() async throws {
        let (folder, _) = try sampleFolder()
        let server = try await RunningServer(folder.path)
        #expect(server.server.accessToken == nil)
        #expect(try await server.send("GET", "/api/projects").status == 200)
        let rebound = try await server.send("GET", "/api/projects", headers: ["Host": "evil.example:\(server.port)"])
        #expect(rebound.status == 403)
        server.stop()
    }

    @Test("only *.budget files under the served folder: .., absolute paths and symbolic links out are refused, without server paths")
    func pathsOutsideRefused() async throws {
        let (folder, path) = try sampleFolder()
        let outside = TemporaryFolder()
        let elsewhere = outside.file("other.budget")
        try FileManager.default.copyItem(atPath: path, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: folder.file("link.budget"), withDestinationPath: elsewhere)
        try FileManager.default.createDirectory(atPath: folder.file("sub"), withIntermediateDirectories: true)
        let server = try await RunningServer(folder.file("sub"))
        for name in ["../sample.budget", "sub/../../sample.budget", elsewhere, "%2E%2E/sample.budget", "../link.budget", "x.txt"] {
            let escaped = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
            let answer = try await server.send("GET", "/api/items?project=\(escaped)")
            #expect(answer.status == 403 || answer.status == 404, "\(name): \(answer.status)")
            #expect(!answer.error.contains(folder.path) && !answer.error.contains(outside.path), "\(answer.error)")
        }
        server.stop()
        // A link inside the served folder that leads out of it.
        let top = try await RunningServer(folder.path)
        let link = try await top.send("GET", "/api/items?project=link.budget")
        #expect(link.status == 403, "\(link.error)")
        #expect(try await top.send("GET", "/api/projects").json["projects"] as? [String] == ["sample.budget"])
        top.stop()
    }

    @Test("a write without the page's CSRF token is refused and writes nothing; an oversized body is refused")
    func csrfRequired() async throws {
        let (server, path) = try await startedSample()
        let writes = try ProjectSession(path).writeCount()
        let body: [String: Any] = [
            "values": ["unit": "432001", "functional": "2010306", "economic": "30201", "type": "basic", "source": "general", "amount": "1"]
        ]
        let refused = try await server.send("POST", "/api/items?project=sample.budget", body: body, csrf: false)
        #expect(refused.status == 403)
        #expect(refused.error.contains("CSRF"), "\(refused.error)")
        let deleted = try await server.send("DELETE", "/api/items/1?project=sample.budget", csrf: false)
        #expect(deleted.status == 403)
        #expect(try ProjectSession(path).writeCount() == writes, "nothing written")
        let huge = try await server.send("POST", "/api/items?project=sample.budget", raw: Data(repeating: 0x20, count: 2 << 20))
        #expect(huge.status == 413, "\(huge.error)")
        #expect(try ProjectSession(path).writeCount() == writes)
        server.stop()
    }
}
