import Foundation
import Testing

@testable import BudgetModel

// Case 5 of the hardening issue: messages echoed raw control characters from the input
// (ESC ] 0 ; … BEL sets the window title), and a 100,000-character value gave a message of
// 300 KB. And case 12: names took zero-width and direction characters, so that two projects
// could look the same.

@Suite("Values shown in messages, and invisible characters in names")
struct ShownTests {
    static let titleEscape = "\u{1B}]0;被改掉的标题\u{07}"

    @Test("control characters (C0, DEL, C1) in a value are shown escaped; the terminal never sees them")
    func escaped() {
        let problem = InputProblem(file: "a.csv", line: 2, column: "单位编码", value: "43\(Self.titleEscape)\u{7F}\u{9B}2J", message: "m")
        #expect(problem.description == #"a.csv，第 2 行，“单位编码”列，值“43\u{1B}]0;被改掉的标题\u{7}\u{7F}\u{9B}2J”：m"#)
        #expect(!problem.description.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test("file, sheet and column names and the message are escaped too; the message keeps its line breaks")
    func everyPart() {
        let problem = InputProblem(
            file: "a\u{1B}.xlsx", line: 3, column: "列\u{07}", value: "v", message: "第一行\n值“\u{1B}[2J”", sheet: "表\u{1B}]0;x\u{07}")
        #expect(problem.description == #"a\u{1B}.xlsx，工作表“表\u{1B}]0;x\u{7}”第 3 行，“列\u{7}”列，值“v”：第一行"# + "\n" + #"值“\u{1B}[2J”"#)
    }

    @Test("a long value is cut after 60 characters, with its length")
    func long() {
        let value = String(repeating: "长", count: 100_000)
        let shown = InputProblem(message: "m", sheet: value, cell: "A1").description
        #expect(shown == String(repeating: "长", count: 60) + "…（共 100000 个字符）!A1：m")
        #expect(Shown.text("短") == "短")
        #expect(Shown.text(String(repeating: "x", count: 60)) == String(repeating: "x", count: 60))
    }

    @Test("a long line of a message is cut after 2,000 characters")
    func longMessage() {
        let message = Shown.message("开头\n" + String(repeating: "m", count: 5000))
        #expect(message == "开头\n" + String(repeating: "m", count: 2000) + "…（共 5000 个字符）")
    }

    @Test(
        "names refuse zero-width and direction characters, naming the code point and where it is",
        arguments: [
            ("财政\u{200B}局", "在第 3 个字符处含有看不见的字符 U+200B（零宽空格）"),
            ("\u{202E}局政财", "在第 1 个字符处含有看不见的字符 U+202E（文字方向控制符）"),
            ("项目\u{2066}甲\u{2069}", "在第 3 个字符处含有看不见的字符 U+2066（文字方向隔离符）"),
            ("项\u{FEFF}目", "在第 2 个字符处含有看不见的字符 U+FEFF（零宽不折行空格（字节顺序标记））"),
            ("a\u{200D}b", "在第 2 个字符处含有看不见的字符 U+200D（零宽连字）"),
            ("a\u{2060}", "在第 2 个字符处含有看不见的字符 U+2060（零宽不折行符）"),
        ])
    func invisible(name: String, expected: String) throws {
        let problem = try #require(TextRules.nameProblem(name))
        #expect(problem.hasPrefix(expected), "\(problem)")
        #expect(problem.hasSuffix("它会让两个看起来一样的名称成为不同的名称，请删去它"))
    }

    @Test("a unit code with a zero-width space says so, and the value shows it")
    func code() throws {
        #expect(try #require(TextRules.codeProblem("432001\u{200B}")).hasPrefix("在第 7 个字符处含有看不见的字符 U+200B（零宽空格）"))
        let verdict = FieldRules.unit("432001\u{200B}", ImportContext(unitCodes: ["432001"], projectNames: [], codes: CodeBook()))
        guard case .problem(let message) = verdict else {
            Issue.record("accepted")
            return
        }
        #expect(message.contains("U+200B") && !message.contains("没有这个单位"))
        #expect(Shown.text("432001\u{200B}") == #"432001\u{200B}"#)
        guard
            case .problem(let codeMessage) = FieldRules.code(
                .functional, "2010\u{2060}306", ImportContext(unitCodes: [], projectNames: [], codes: CodeBook()))
        else {
            Issue.record("accepted")
            return
        }
        #expect(codeMessage.hasPrefix("编码在第 5 个字符处含有看不见的字符 U+2060（零宽不折行符）"))
    }

    @Test("notes refuse them too; ordinary names and notes pass")
    func notes() {
        guard case .problem(let message) = FieldRules.note("备注\u{200B}") else {
            Issue.record("accepted")
            return
        }
        #expect(message.hasPrefix("在第 3 个字符处含有看不见的字符 U+200B"))
        #expect(TextRules.nameProblem("政务公开平台运维（二期）·2023") == nil)
        guard case .value = FieldRules.note("多行\n备注\t可以") else {
            Issue.record("refused")
            return
        }
    }
}
