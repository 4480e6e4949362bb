import Foundation
import HTTPTypes
import Hummingbird

/// The workbench's door: on a loopback address the request must name a loopback host (a page
/// of another site that rebinds its name to 127.0.0.1 is turned away); on any other address
/// every request carries the access token printed at start (a header, or `?token=` once, which
/// then becomes a cookie); every write (POST, PUT, PATCH, DELETE) carries the page's CSRF token.
struct Guard<Context: RequestContext>: RouterMiddleware {
    let keys: Keys

    struct Keys: Sendable {
        /// Required on every request when the server listens beyond the loopback; nil otherwise.
        let access: String?
        let csrf: String
        let loopback: Bool
    }

    static var tokenCookie: String { "budget_token" }
    static var csrfHeader: HTTPField.Name { HTTPField.Name("X-CSRF-Token")! }
    static var tokenHeader: HTTPField.Name { HTTPField.Name("X-Budget-Token")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if keys.loopback, let host = request.head.authority, !Self.isLoopbackHost(host) {
            return JSON.response(ErrorBody(error: "拒绝访问：工作台只接受本机地址（127.0.0.1 或 localhost）的请求"), status: .forbidden)
        }
        var fromQuery = false
        if let access = keys.access {
            let given: String?
            if let header = request.headers[Self.tokenHeader] {
                given = header
            } else if let bearer = request.headers[.authorization], bearer.hasPrefix("Bearer ") {
                given = String(bearer.dropFirst(7))
            } else if let cookie = request.cookies[Self.tokenCookie]?.value {
                given = cookie
            } else if let query = request.uri.queryParameters.get("token") {
                given = query
                fromQuery = true
            } else {
                given = nil
            }
            guard let given, Self.same(given, access) else {
                return JSON.response(
                    ErrorBody(error: "需要访问令牌：请使用启动工作台时显示的完整地址（含 ?token=…）打开"), status: .unauthorized)
            }
        }
        if [.post, .put, .patch, .delete].contains(request.method) {
            guard let given = request.headers[Self.csrfHeader], Self.same(given, keys.csrf) else {
                return JSON.response(ErrorBody(error: "拒绝写入：请求缺少页面的防伪令牌（CSRF），请刷新页面后再试"), status: .forbidden)
            }
        }
        var response = try await next(request, context)
        if fromQuery, let access = keys.access {
            response.setCookie(Cookie(name: Self.tokenCookie, value: access, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// Whether `authority` (host, optionally with a port) names this machine's loopback.
    static func isLoopbackHost(_ authority: String) -> Bool {
        var host = authority
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        host = host.lowercased()
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A random token of 32 hexadecimal digits.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
