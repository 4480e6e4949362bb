import Foundation
import HTTPTypes
import Hummingbird

/// The page's files, built into the executable (Scripts/embed-resources writes
/// ``EmbeddedWeb`` from Resources/web), served with their types; `index.html` gets the CSRF
/// token of this server's run in place of `{{CSRF}}`.
enum WebFiles {
    static let types = ["html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]

    /// The page's files by name, decoded from ``EmbeddedWeb``.
    static let files: [String: String] = EmbeddedWeb.base64.mapValues { encoded in
        String(decoding: Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) ?? Data(), as: UTF8.self)
    }

    static func add(to router: Router<BasicRequestContext>, csrf: String) {
        for (name, text) in files {
            let type = types[(name as NSString).pathExtension] ?? "application/octet-stream"
            let body = name == "index.html" ? text.replacingOccurrences(of: "{{CSRF}}", with: csrf) : text
            let handler: API.Handler = { _, _ in
                Response(
                    status: .ok,
                    headers: [
                        .contentType: type, .cacheControl: "no-store",
                        HTTPField.Name("Content-Security-Policy")!:
                            "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
                        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                    ],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
            }
            router.get(RouterPath(name == "index.html" ? "/" : "/" + name), use: handler)
        }
    }
}
