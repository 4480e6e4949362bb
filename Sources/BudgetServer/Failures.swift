import BudgetKit
import BudgetModel
import Foundation
import Hummingbird

/// A refusal the workbench answers with its HTTP status and a message in Chinese.
enum ServerFailure: Error {
    case bad(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case tooLarge(String)

    var status: HTTPResponse.Status {
        switch self {
        case .bad: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .tooLarge: .contentTooLarge
        }
    }

    var message: String {
        switch self {
        case .bad(let text), .unauthorized(let text), .forbidden(let text), .notFound(let text), .tooLarge(let text): text
        }
    }
}

/// What the browser is told when a request fails: a status, a message in Chinese that names
/// no path of the server, the located input problems (field, value, message) when there are
/// any, and, for a line changed by someone else, its fresh value.
struct ErrorBody: Encodable {
    struct Problem: Encodable {
        /// The line of the pasted block (or file) it is on.
        var line: Int?
        var field: String?
        var column: String?
        var value: String?
        var message: String
    }
    var error: String
    var problems: [Problem]?
    var current: ItemJSON?
    var removed: Bool?
}

enum ErrorAnswer {
    /// The answer to `error`; `root` (the served folder) and any other absolute path the message
    /// names are cut out of it.
    static func response(_ error: any Error, root: String, codes: CodeBook? = nil) -> Response {
        switch error {
        case let failure as ServerFailure:
            return JSON.response(ErrorBody(error: failure.message), status: failure.status)
        case let changed as ItemChanged:
            return JSON.response(
                ErrorBody(
                    error: changed.description, current: changed.current.map { ItemJSON($0, codes: codes) },
                    removed: changed.current == nil),
                status: .conflict)
        case let problems as InputProblems:
            return JSON.response(
                ErrorBody(error: clean(problems.description, root: root), problems: problems.problems.map { problem(clean: $0, root: root) }),
                status: .unprocessableContent)
        case let problem as InputProblem:
            return JSON.response(
                ErrorBody(error: clean(problem.description, root: root), problems: [self.problem(clean: problem, root: root)]),
                status: .unprocessableContent)
        case let http as any HTTPResponseError where http.status == .contentTooLarge:
            return JSON.response(ErrorBody(error: "提交的内容太大（上限 \(API.bodyLimit / 1024) KB）"), status: .contentTooLarge)
        case let http as any HTTPResponseError:
            return JSON.response(ErrorBody(error: "请求有误（\(http.status.code)）"), status: http.status)
        default:
            // A store error (busy, read-only, damaged …) says what happened in the clerk's words;
            // the path it names is the server's and is left out.
            return JSON.response(ErrorBody(error: clean(String(describing: error), root: root)), status: .internalServerError)
        }
    }

    /// The problem with its column told as the field of a line item it is about.
    static func problem(clean problem: InputProblem, root: String) -> ErrorBody.Problem {
        let column = problem.column.map { column in
            // `item set`'s problems name options, “--amount（金额）”: the browser wants the column.
            column.firstMatch(of: /^--[a-z-]+（(.+)）$/).map { String($0.1) } ?? column
        }
        let field = column.flatMap { column in LineItemColumn.allCases.first { $0.chineseName == column }?.rawValue }
        return ErrorBody.Problem(line: problem.line, field: field, column: column, value: problem.value, message: clean(problem.message, root: root))
    }

    /// The text with the served folder, and any other absolute path, taken out, and the
    /// commands it names told as the command line's (``PageText``).
    static func clean(_ text: String, root: String) -> String {
        var text = text.replacingOccurrences(of: root + "/", with: "").replacingOccurrences(of: root, with: "")
        text = text.replacing(/(?:\/[^\/\s“”"'：，。（）]+){2,}/, with: "（文件）")
        return PageText.forPage(text)
    }
}
