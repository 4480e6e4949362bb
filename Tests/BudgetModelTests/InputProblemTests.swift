import Foundation
import Testing

@testable import BudgetModel

@Suite("InputProblem")
struct InputProblemTests {
    @Test("description names file, line, column and value before the message")
    func fullDescription() {
        let problem = InputProblem(file: "items.csv", line: 3, column: "金额", value: "-5", message: "金额是负数：预算金额不能为负")
        #expect(problem.description == "items.csv，第 3 行，“金额”列，值“-5”：金额是负数：预算金额不能为负")
    }

    @Test("missing parts are left out")
    func partialDescription() {
        #expect(InputProblem(message: "文件是空的").description == "文件是空的")
        #expect(InputProblem(file: "a.csv", message: "m").description == "a.csv：m")
        #expect(InputProblem(line: 2, column: "备注", message: "m").description == "第 2 行，“备注”列：m")
    }

    @Test("several problems end with the count and the promise that nothing was written")
    func problemsDescription() {
        let problems = InputProblems([
            InputProblem(file: "a.csv", line: 2, message: "一"),
            InputProblem(file: "a.csv", line: 3, message: "二"),
        ])
        #expect(problems.description == "a.csv，第 2 行：一\na.csv，第 3 行：二\n共 2 处问题，没有写入任何内容。")
    }

    @Test("beyond the list limit the rest are only counted")
    func listLimit() {
        // Given: three problems more than the limit
        let count = InputProblems.listLimit + 3
        let problems = InputProblems((1...count).map { InputProblem(line: $0, message: "坏") })
        // When
        let lines = problems.description.components(separatedBy: "\n")
        // Then
        #expect(InputProblems.listLimit == 200)
        #expect(lines.count == 202)
        #expect(lines[199] == "第 200 行：坏")
        #expect(lines[200] == "……另有 3 处问题未列出")
        #expect(lines[201] == "共 203 处问题，没有写入任何内容。")
    }
}
