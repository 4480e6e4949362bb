import BudgetTestSupport
import Foundation
import Testing

@Suite("budget show")
struct ShowCommandTests {
    @Test("show PROJECT lists the nine tables, then the document's: 机构设置, (no 绩效目标表 before targets are entered), 采购, 资产")
    func listsTables() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"), standIns: false)

        let result = try budget("show", path)

        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        // 9 + 机构设置 + 采购 + 资产: the sample's line items only, no performance targets yet
        #expect(lines.count == 9 + 1 + 2)
        let words = lines.map { $0.split(separator: " ").map(String.init) }
        #expect(words[9] == ["机构", "部门机构设置情况"])
        #expect(words[10] == ["采购", "部门政府采购预算"])
        #expect(words[11] == ["资产", "部门固定资产占用情况表"])
        for number in 1...9 {
            #expect(lines.contains { $0.hasPrefix("\(number) ") }, "table \(number) missing")
        }
        #expect(result.stdout.contains("部门预算收支总表"))
        #expect(result.stdout.contains("部门预算一般公共预算财政拨款基本支出表"))
        #expect(result.stdout.contains("“三公”经费"))
    }

    @Test("show PROJECT 6: 基本支出 1892.52 = 人员经费 1820.73 + 公用经费 71.79 万元")
    func table6() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        let result = try budget("show", path, "6")

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("部门预算一般公共预算财政拨款基本支出表"))
        #expect(result.stdout.contains("单位：万元"))
        let total = try #require(result.stdout.split(separator: "\n").first { $0.contains("合计") && $0.hasPrefix("1 ") }, "\(result.stdout)")
        #expect(total.contains("1892.52"))
        #expect(total.contains("1820.73"))
        #expect(total.contains("71.79"))
    }

    @Test("a table can be named instead of numbered, and --csv prints CSV")
    func byNameAndCSV() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        let byName = try budget("show", path, "基本支出表")
        let byNumber = try budget("show", path, "6")
        #expect(byName.status == 0)
        #expect(byName.stdout == byNumber.stdout)

        let csv = try budget("show", path, "6", "--csv")
        #expect(csv.status == 0)
        #expect(csv.stdout.contains("1892.52,1820.73,71.79"))
    }

    @Test("show PROJECT 99 exits 64 (wrong arguments) and lists the tables there are", arguments: ["99", "0", "没有的表"])
    func unknownTable(_ table: String) throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))

        let result = try budget("show", path, table)

        #expect(result.status == 64)
        #expect(result.stderr.contains("没有这张表"))
        #expect(result.stderr.contains("部门预算收支总表"))
        #expect(result.stdout.isEmpty)
    }
}
