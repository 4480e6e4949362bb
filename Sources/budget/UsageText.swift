import Foundation

/// swift-argument-parser's usage errors in the clerk's words. The library writes its messages in
/// English (“Error: Unknown option '--nature'”); the lines it writes are few and fixed, so each is
/// translated by its pattern, and anything not recognised is left as it is rather than guessed.
enum UsageText {
    static func chinese(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).map { chinese(line: String($0)) }.joined(separator: "\n")
    }

    /// One line of the library's message.
    static func chinese(line: String) -> String {
        var line = line
        for (pattern, template) in rules {
            let range = NSRange(line.startIndex..., in: line)
            if pattern.firstMatch(in: line, range: range) != nil {
                line = pattern.stringByReplacingMatches(in: line, range: range, withTemplate: template)
            }
        }
        return line
    }

    /// (English pattern, Chinese template), applied in order to each line.
    nonisolated(unsafe) static let rules: [(NSRegularExpression, String)] = [
        (#"^Error: "#, "错误："),
        (#"^Usage: "#, "用法："),
        (#"^Help:  "#, "说明："),
        (#"^(\s*)See '(.+) --help' for more information\.$"#, "$1详见 $2 --help。"),
        (#"Unknown option '([^']*)'"#, "不认识的选项“$1”"),
        (#"Unexpected argument '([^']*)'$"#, "多余的参数“$1”（是不是选项名或子命令写错了？）"),
        (#"\d+ unexpected arguments: (.+)$"#, "多余的参数 $1（是不是选项名或子命令写错了？）"),
        (#"Unexpected arguments (.+)$"#, "多余的参数 $1（是不是选项名或子命令写错了？）"),
        (#"Missing expected argument '(-[^ ']*)[^']*'"#, "缺少选项 $1"),
        (#"Missing expected argument '([^']*)'"#, "缺少参数 $1"),
        (#"Missing value for '(-[^ ']*)[^']*'"#, "选项 $1 后面缺少值"),
        (#"The value '([^']*)' is invalid for '(-[^ ']*)[^']*'\. Please provide one of (.+)\.$"#, "选项 $2 的值“$1”不对：可用 $3"),
        (#"The value '([^']*)' is invalid for '(-[^ ']*)[^']*'"#, "选项 $2 的值“$1”不对"),
        (#"The value '([^']*)' is invalid for '([^']*)'"#, "“$1”不能用作 $2"),
        (#"Did you mean '([^']*)'\?"#, "是不是要写 $1？"),
        (#"Missing required subcommand\."#, "缺少子命令。"),
        (#"'([^']*)' and '([^']*)'"#, "$1 或 $2"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }
}
