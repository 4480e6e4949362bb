import BudgetKit
import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

/// The checks of the disclosure document beyond the nine tables (issue 3): each one broken on
/// purpose, starting from the whole sample, which passes.
@Suite("DocumentChecksTests")
struct DocumentChecksTests {
    /// 万元 in fen.
    static func wan(_ amount: Int64) -> Fen { amount * 1_000_000 }

    /// The whole sample project (items and the rest of the document) in a folder.
    static func sample(in folder: TemporaryFolder, name: String = "sample.budget") throws -> String {
        let path = folder.file(name)
        try SampleProject.build(at: path)
        return path
    }

    /// The findings of one check.
    static func findings(_ path: String, _ check: String) throws -> [Finding] {
        try ProjectSession(path).check().findings.filter { $0.check == check }
    }

    static let indicatorHeader = "项目名称,绩效目标,一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据\n"

    /// A whole performance-target table for one project: 产出 (数量, 成本), 效益 and, unless left
    /// out, 满意度.
    static func indicatorCSV(project: String, cost: String = "≤6 万元", satisfaction: Bool = true) -> String {
        var rows = [
            "\(project),做好维护,产出指标,数量指标,维护数量,维护数量,≥1 套,历史标准",
            "\(project),做好维护,产出指标,成本指标,维护成本,维护成本,\(cost),历史标准",
            "\(project),做好维护,效益指标,社会效益指标,服务水平,服务水平,≥95%,历史标准",
        ]
        if satisfaction { rows.append("\(project),做好维护,满意度指标,服务对象满意度指标,满意度,满意度,≥95%,问卷调查") }
        return indicatorHeader + rows.joined(separator: "\n") + "\n"
    }

    /// The values of one procurement row, as `budget procurement add` passes them (万元).
    static func purchase(
        _ source: String, item: String = "扫描仪", quantity: String = "1", price: String = "1", general: String = "1", sme: String? = nil,
        budget: String? = nil
    ) -> [String: String] {
        var values = [
            "unit": "432001", "project": source, "item": item, "code": "A02021100", "measure": "台", "quantity": quantity, "price": price,
            "general": general,
        ]
        if let sme { values["sme"] = sme }
        if let budget { values["budget"] = budget }
        return values
    }

    static let onePlatform = "“一窗通”平台运维费"  // 6.00 万元 of line items, 成本指标 ≤6 万元

    // MARK: - The sample

    @Test("the whole sample passes: 0 errors, and its only reminder is prior-year for 机关运行经费")
    func samplePasses() throws {
        // Given the whole sample
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)

        // When it is checked
        let result = try ProjectSession(path).check()

        // Then nothing is an error, and the one warning is the missing 机关运行经费 of last year
        #expect(result.errorCount == 0, "\(result.findings.map(\.message))")
        #expect(result.warningCount == 1)
        let warning = try #require(result.findings.first)
        #expect(warning.check == "prior-year")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("机关运行经费"))
        #expect(!warning.message.contains("收支总计"))
    }

    // MARK: - project-amount

    @Test("project-amount: a declared 7 万元 for a project whose items total 6 万元 is an error naming both; 6 clears it")
    func projectAmount() throws {
        // Given the sample with a declared amount of 7 万元 on “一窗通”平台运维费 (items: 6 万元)
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        try ProjectSession(path).setProject(name: Self.onePlatform, goal: nil, amount: "7", amountUnit: .wan)

        // When it is checked
        let found = try Self.findings(path, "project-amount")

        // Then one error names the project, both amounts and the difference
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.row == Self.onePlatform)
        #expect(finding.table == "项目")
        #expect(finding.message.contains(Self.onePlatform))
        #expect(finding.message.contains("7.00万元"), "\(finding.message)")
        #expect(finding.message.contains("6.00万元"), "\(finding.message)")
        #expect(finding.message.contains("-1.00万元"), "\(finding.message)")
        #expect(finding.expected == Self.wan(7))
        #expect(finding.actual == Self.wan(6))

        // When the declared amount is set to what the items add up to
        try ProjectSession(path).setProject(name: Self.onePlatform, goal: nil, amount: "6", amountUnit: .wan)

        // Then the error is gone and the sample passes again
        #expect(try Self.findings(path, "project-amount").isEmpty)
        #expect(try ProjectSession(path).check().errorCount == 0)
    }

    @Test("project-amount: the declared amount of an unknown project is refused, and a bad amount names the option")
    func projectAmountInput() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)

        #expect(throws: InputProblem.self) {
            try ProjectSession(path).setProject(name: "没有的项目", goal: nil, amount: "7", amountUnit: .wan)
        }
        #expect {
            try ProjectSession(path).setProject(name: Self.onePlatform, goal: nil, amount: "七万", amountUnit: .wan)
        } throws: { error in
            let text = "\(error)"
            return text.contains("--amount") && text.contains("七万")
        }
        #expect(try Self.findings(path, "project-amount").isEmpty)
    }

    // MARK: - performance

    @Test("performance: a project without indicators is one error naming it (Hebei publishes 绩效目标), repeated until the table is there")
    func projectWithoutIndicators() throws {
        // Given the sample without the table of 党建活动经费
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        try ProjectSession(path).removeIndicators(project: "党建活动经费", row: nil)

        // When it is checked
        let result = try ProjectSession(path).check()
        let found = result.findings.filter { $0.check == "performance" }

        // Then one finding names the project and its table; the Hebei statement publishes every
        // project's 绩效目标表, so it is an error that keeps the document from being exported
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("党建活动经费"))
        #expect(finding.message.contains("没有绩效目标表"))
        #expect(finding.message.contains("budget indicator import"))
        #expect(finding.table == "项目绩效目标表")
        #expect(finding.row == "党建活动经费")
        // The statement still says the table is not written yet, and that fill is not reported a
        // second time as a placeholder: one finding, one severity.
        #expect(result.findings.filter { $0.severity == .error }.map(\.check) == ["performance"])
        #expect(!result.findings.contains { $0.check == "placeholder" })
        #expect(result.narrative.paragraphs.contains("（项目“党建活动经费”的绩效目标表尚未填写。）"))

        // When one row is added back, the table is no longer missing but incomplete: errors
        _ = try ProjectSession(path).addIndicator(
            project: "党建活动经费", PerformanceIndicator(level1: .output, level2: "数量指标", level3: "活动开展次数", value: "≥5 次"))
        let incomplete = try Self.findings(path, "performance")
        // (removing the table removed its goal too)
        #expect(Set(incomplete.compactMap(\.row)) == ["效益指标", "满意度指标", "绩效目标"], "\(incomplete.map(\.message))")
        #expect(incomplete.allSatisfy { $0.severity == .error })
    }

    @Test("performance: a table without 满意度指标 is an error naming 满意度指标 and the project")
    func missingSatisfaction() throws {
        // Given the sample whose “一窗通” table has been replaced by one without 满意度指标
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let csv = folder.write("indicators.csv", Self.indicatorCSV(project: Self.onePlatform, satisfaction: false))
        _ = try ProjectSession(path).importIndicators(from: csv)

        // When it is checked
        let found = try Self.findings(path, "performance")

        // Then exactly that level is missing
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.row == "满意度指标")
        #expect(finding.message.contains("满意度指标"))
        #expect(finding.message.contains(Self.onePlatform))
        #expect(finding.table?.contains(Self.onePlatform) == true)
    }

    @Test("performance: a 成本指标 cap of ≤1 万元 on a 6 万元 project is an error with both amounts")
    func costCapBelowSpending() throws {
        // Given the sample whose “一窗通” table caps the cost at 1 万元
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let csv = folder.write("indicators.csv", Self.indicatorCSV(project: Self.onePlatform, cost: "≤1 万元"))
        _ = try ProjectSession(path).importIndicators(from: csv)

        // When it is checked
        let found = try Self.findings(path, "performance")

        // Then the cost row is an error naming the cap, the project and its spending
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("≤1 万元"))
        #expect(finding.message.contains(Self.onePlatform))
        #expect(finding.message.contains("6.00万元"), "\(finding.message)")
        #expect(finding.row == "第 2 行")
        #expect(finding.column == "指标值")
        #expect(finding.expected == Self.wan(6))
        #expect(finding.actual == Self.wan(1))
    }

    @Test("performance: a cap equal to the spending, in 元 or 万元, passes", arguments: ["≤6 万元", "<=60000元", "不超过6万元", "≤ 6.00 万元"])
    func costCapAtSpending(cost: String) throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        _ = try ProjectSession(path).importIndicators(from: folder.write("indicators.csv", Self.indicatorCSV(project: Self.onePlatform, cost: cost)))

        #expect(try Self.findings(path, "performance").isEmpty)
    }

    @Test("performance: a 成本指标 value that is not “≤N 万元” is a warning naming the value")
    func costValueNotACap() throws {
        // Given the sample whose “一窗通” cost value cannot be compared
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let csv = folder.write("indicators.csv", Self.indicatorCSV(project: Self.onePlatform, cost: "约6万元"))
        _ = try ProjectSession(path).importIndicators(from: csv)

        // When it is checked
        let result = try ProjectSession(path).check()
        let found = result.findings.filter { $0.check == "performance" }

        // Then it is a warning, not an error, and says which value and row
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("约6万元"))
        #expect(finding.message.contains("维护成本"))
        #expect(finding.row == "第 2 行")
        #expect(finding.column == "指标值")
        #expect(result.errorCount == 0)
    }

    @Test("performance: an empty goal is an error")
    func emptyGoal() throws {
        // Given the sample with the goal of 党建活动经费 emptied
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        try ProjectSession(path).setProject(name: "党建活动经费", goal: "", amount: nil, amountUnit: .yuan)

        // When it is checked
        let found = try Self.findings(path, "performance")

        // Then the goal is named
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.row == "绩效目标")
        #expect(finding.message.contains("党建活动经费"))
        #expect(finding.message.contains("绩效目标是空的"))

        // When the goal is given again, the error is gone
        try ProjectSession(path).setProject(name: "党建活动经费", goal: "开展党建活动", amount: nil, amountUnit: .yuan)
        #expect(try Self.findings(path, "performance").isEmpty)
    }

    // MARK: - procurement

    @Test("procurement: a project's purchases above its line items are an error with both amounts")
    func purchasesAboveProject() throws {
        // Given the sample, where 档案扫描服务费 (30 万元) already buys 30 万元, and one more 1 万元 purchase
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let row = try ProjectSession(path).addProcurement(values: Self.purchase("档案扫描服务费"), unit: .wan)
        #expect(row.project == "档案扫描服务费")
        #expect(row.total == Self.wan(1))

        // When it is checked
        let found = try Self.findings(path, "procurement")

        // Then one error names the project, what it buys and its budget
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.row == "档案扫描服务费")
        #expect(finding.message.contains("档案扫描服务费"))
        #expect(finding.message.contains("31.00万元"), "\(finding.message)")
        #expect(finding.message.contains("30.00万元"), "\(finding.message)")
        #expect(finding.message.contains("预算明细合计"))
        #expect(finding.expected == Self.wan(30))
        #expect(finding.actual == Self.wan(31))

        // When the extra row is removed, the error is gone
        try ProjectSession(path).removeProcurement(ids: [try #require(row.id)])
        #expect(try Self.findings(path, "procurement").isEmpty)
    }

    @Test("procurement: a non-project source above its 预算资金, or with two different budgets, is an error")
    func purchasesAboveSourceBudget() throws {
        // Given 公用类项目（三保）(预算资金 36.54 万元, 12.60 万元 bought) buying 30 万元 more
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        _ = try ProjectSession(path).addProcurement(
            values: Self.purchase("公用类项目（三保）", quantity: "1", price: "30", general: "30", budget: "36.54"), unit: .wan)

        // Then the source's total is named against its budget
        let over = try Self.findings(path, "procurement")
        #expect(over.count == 1, "\(over.map(\.message))")
        #expect(over.first?.severity == .error)
        #expect(over.first?.message.contains("公用类项目（三保）") == true)
        #expect(over.first?.message.contains("42.60万元") == true, "\(over.first?.message ?? "")")
        #expect(over.first?.message.contains("36.54万元") == true)

        // Given another sample where a new row gives the same source a different budget
        let other = try Self.sample(in: folder, name: "other.budget")
        _ = try ProjectSession(other).addProcurement(values: Self.purchase("公用类项目（三保）", budget: "40"), unit: .wan)
        let differing = try Self.findings(other, "procurement")
        #expect(differing.count == 1, "\(differing.map(\.message))")
        #expect(differing.first?.severity == .error)
        #expect(differing.first?.column == "预算资金")
        #expect(differing.first?.message.contains("36.54万元") == true)
        #expect(differing.first?.message.contains("40.00万元") == true)
    }

    @Test("procurement: an SME share above the row's amount is an error naming the row")
    func smeAboveAmount() throws {
        // Given a 1 万元 purchase for 容e查费用 (29 万元, nothing bought yet) that reserves 2 万元 for SMEs
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let row = try ProjectSession(path).addProcurement(values: Self.purchase("容e查费用", item: "查询终端", sme: "2"), unit: .wan)

        // When it is checked
        let found = try Self.findings(path, "procurement")

        // Then one error names the row and both amounts
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.column == "预留中小微企业份额")
        #expect(finding.row?.contains("#\(try #require(row.id))") == true, "\(finding.row ?? "")")
        #expect(finding.row?.contains("查询终端") == true)
        #expect(finding.message.contains("2.00万元"))
        #expect(finding.message.contains("1.00万元"))
        #expect(finding.expected == Self.wan(1))
        #expect(finding.actual == Self.wan(2))
    }

    @Test("procurement: quantity × price ≠ amount is a warning with the three figures")
    func extendedDiffers() throws {
        // Given 2 台 at 1 万元 each, but 1 万元 in total
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        _ = try ProjectSession(path).addProcurement(values: Self.purchase("容e查费用", quantity: "2", price: "1", general: "1"), unit: .wan)

        // When it is checked
        let result = try ProjectSession(path).check()
        let found = result.findings.filter { $0.check == "procurement" }

        // Then a warning, not an error
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .warning)
        #expect(finding.column == "合计")
        #expect(finding.message.contains("数量 2"))
        #expect(finding.message.contains("2.00万元"))
        #expect(finding.message.contains("1.00万元"))
        #expect(finding.expected == Self.wan(2))
        #expect(finding.actual == Self.wan(1))
        #expect(result.errorCount == 0)
    }

    @Test("procurement: a source that is not a project and has no 预算资金 is refused at input, nothing written")
    func nonProjectSourceWithoutBudget() throws {
        // Given the sample with its 10 purchases
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let before = try ProjectSession(path).procurement()

        // When a purchase names a source that is not a project, without a budget
        // Then it is refused, naming the option and the source
        #expect {
            try ProjectSession(path).addProcurement(values: Self.purchase("办公设备（三保）"), unit: .wan)
        } throws: { error in
            guard let problems = (error as? InputProblems)?.problems, problems.count == 1 else { return false }
            return problems[0].column == "--project（项目名称）" && problems[0].value == "办公设备（三保）" && problems[0].message.contains("预算资金")
        }
        #expect(try ProjectSession(path).procurement() == before)

        // And with a budget it is accepted
        let row = try ProjectSession(path).addProcurement(values: Self.purchase("办公设备（三保）", budget: "5"), unit: .wan)
        #expect(row.project == nil)
        #expect(row.sourceName == "办公设备（三保）")
        #expect(row.sourceBudget == Self.wan(5))
        #expect(try Self.findings(path, "procurement").isEmpty)
    }

    // MARK: - assets

    @Test("assets: a total that is not the sum of the parts is an error with both amounts")
    func assetTotalDiffers() throws {
        // Given the sample (970 = 46.93 + 923.07) with the total changed to 900
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        _ = try ProjectSession(path).setAssets(changes: ["total": "900"], amountUnit: .wan)

        // When it is checked
        let found = try Self.findings(path, "assets")

        // Then
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .error)
        #expect(finding.row == "资产总额")
        #expect(finding.table == "部门固定资产占用情况表")
        #expect(finding.message.contains("900.00万元"))
        #expect(finding.message.contains("970.00万元"))
        #expect(finding.expected == Self.wan(970))
        #expect(finding.actual == Self.wan(900))
    }

    @Test("assets: parts without a total are an error")
    func partsWithoutTotal() throws {
        // Given the sample with the total cleared
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let assets = try ProjectSession(path).setAssets(changes: ["total": ""], amountUnit: .wan)
        #expect(assets.total == nil)
        #expect(assets.vehicleValue != nil)

        // When it is checked
        let found = try Self.findings(path, "assets")

        // Then
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.first?.severity == .error)
        #expect(found.first?.row == "资产总额")
        #expect(found.first?.message.contains("没有资产总额") == true)
    }

    @Test("assets: a project with no asset figures at all has no assets finding")
    func noAssets() throws {
        let folder = TemporaryFolder()
        let path = folder.file("items.budget")
        try SampleProject.buildItems(at: path)

        #expect(try Self.findings(path, "assets").isEmpty)
    }

    // MARK: - prior-year

    @Test("prior-year: a project with items only has one warning listing every missing figure")
    func priorMissing() throws {
        // Given the sample's items only
        let folder = TemporaryFolder()
        let path = folder.file("items.budget")
        try SampleProject.buildItems(at: path)

        // When it is checked
        let found = try Self.findings(path, "prior-year")

        // Then one warning lists the eight figures the Hebei statement compares (“三公”经费 is the
        // sum of its four items; 财政拨款 and its kinds are compared by the Shanghai statement only)
        #expect(found.count == 1, "\(found.map(\.message))")
        let finding = try #require(found.first)
        #expect(finding.severity == .warning)
        let compared: [PriorItem] = [.total, .basic, .project, .abroad, .vehiclePurchase, .vehicleOperation, .reception, .operation]
        for item in compared {
            #expect(finding.message.contains(item.chineseName), "«\(item.chineseName)» missing in \(finding.message)")
        }
        #expect(!finding.message.contains("财政拨款"))
        #expect(!finding.message.contains("“三公”经费"))
    }

    @Test("prior-year: filling 机关运行经费 in the sample leaves no reminder at all")
    func priorComplete() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        try ProjectSession(path).setPrior(item: .operation, amount: "70", reason: "办公费减少", amountUnit: .wan)

        let result = try ProjectSession(path).check()

        #expect(result.findings.isEmpty, "\(result.findings.map(\.message))")
    }

    // MARK: - statement

    /// 一般公共预算 基本支出 公用经费 of the sample's items.csv, per unit code, read in the test.
    static func samplePublicFunds() throws -> [String: Fen] {
        let lines = try String(contentsOfFile: SampleProject.file("items.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func index(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "no column \(name)") }
        let (unit, economic, type, nature, source, amount) = (
            try index("单位编码"), try index("经济分类科目编码"), try index("支出类型"), try index("经费类型"), try index("资金来源"), try index("金额")
        )
        var sums: [String: Fen] = [:]
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells[type] == "基本支出", cells[source] == "一般公共预算拨款" else { continue }
            // 经费类型 given, or by the economic class: 301 and 303 are 人员经费, the rest 公用经费.
            let isPublic = cells[nature].isEmpty ? !(cells[economic].hasPrefix("301") || cells[economic].hasPrefix("303")) : cells[nature] == "公用经费"
            guard isPublic else { continue }
            sums[cells[unit], default: 0] += try Money.parse(cells[amount], unit: .wan)
        }
        return sums
    }

    /// The sample's unit codes whose nature is 行政 or 参公, read from units.csv.
    static func administrativeUnits() throws -> Set<String> {
        let lines = try String(contentsOfFile: SampleProject.file("units.csv"), encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ",").map(String.init)
        let code = try #require(header.firstIndex(of: "单位编码"))
        let nature = try #require(header.firstIndex(of: "单位性质"))
        return Set(
            lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                .filter { ["行政", "参公"].contains($0[nature]) }.map { $0[code] })
    }

    @Test("statement: the administrative scope limits 机关运行经费 to 行政/参公 units, and the statement says so")
    func administrativeScope() throws {
        // Given the sample, and what its items.csv gives per unit (432001 行政, 432002 事业)
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let byUnit = try Self.samplePublicFunds()
        let administrative = try Self.administrativeUnits()
        #expect(administrative == ["432001"])
        let all = byUnit.values.reduce(0, +)
        let limited = byUnit.filter { administrative.contains($0.key) }.values.reduce(0, +)
        try #require(limited > 0 && limited < all, "the sample should have 公用经费 in both kinds of unit")
        let before = try ProjectSession(path).document()
        #expect(before.figures.operation == all)
        #expect(before.figures.operationScope == .all)
        #expect(before.narrative.paragraphs.contains { $0.contains("机关运行费共计安排\(Money.formatWan(all))万元，") })

        // When the scope is set to administrative
        try ProjectSession(path).setSettings(operationCosts: .administrative, template: nil)

        // Then 机关运行经费 is the 行政 units' 公用经费 only, and the statement names the scope
        let after = try ProjectSession(path).document()
        #expect(after.document.operationCostScope == .administrative)
        #expect(after.figures.operationScope == .administrative)
        #expect(after.figures.operation == limited)
        let text = after.narrative.paragraphs.joined(separator: "\n")
        #expect(text.contains("机关运行费共计安排\(Money.formatWan(limited))万元（行政单位和参照公务员法管理的事业单位）"), "\(text)")
        #expect(!text.contains("机关运行费共计安排\(Money.formatWan(all))万元"))
        #expect(try ProjectSession(path).narrative(to: nil).contains("\(Money.formatWan(limited))万元（行政单位和参照公务员法管理的事业单位）"))
        // And the statement still agrees with the tables: no error
        let result = try ProjectSession(path).check()
        #expect(result.errorCount == 0, "\(result.findings.map(\.message))")
        #expect(result.findings.filter { $0.check == "statement" }.isEmpty)

        // When the scope goes back, so does the figure
        try ProjectSession(path).setSettings(operationCosts: .all, template: nil)
        #expect(try ProjectSession(path).document().figures.operation == all)
    }

    @Test("statement: 公用经费 from 一般公共预算 carry-over counts in 机关运行经费, as in table 6, in either scope")
    func carryoverInOperationCosts() throws {
        // Given the sample with 1000 元 of 办公费 for the 行政 unit paid from 一般公共预算 carry-over
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let before = try ProjectSession(path).document().figures.operation
        _ = try ProjectSession(path).addItem(
            values: [.unit: "432001", .functional: "2010306", .economic: "30201", .type: "basic", .source: "carryover-general", .amount: "1000"],
            amountUnit: .yuan)

        // When it is checked
        let result = try ProjectSession(path).check()

        // Then 机关运行经费 grew by 1000 元, like table 6's 公用经费, and the statement agrees with the table
        #expect(try ProjectSession(path).document().figures.operation == before + 100_000)
        #expect(result.findings.filter { $0.check == "statement" }.isEmpty, "\(result.findings.map(\.message))")
        #expect(result.errorCount == 0)

        // And in the administrative scope too (432001 is 行政)
        let administrative = try Self.samplePublicFunds().filter { try Self.administrativeUnits().contains($0.key) }.values.reduce(0, +)
        try ProjectSession(path).setSettings(operationCosts: .administrative, template: nil)
        #expect(try ProjectSession(path).document().figures.operation == administrative + 100_000)
        #expect(try ProjectSession(path).check().errorCount == 0)
    }

    // MARK: - export

    enum Breakage: String, CaseIterable, CustomTestStringConvertible {
        case projectAmount = "project-amount"
        case performance
        case procurement
        case assets

        var testDescription: String { rawValue }

        func apply(_ path: String) throws {
            switch self {
            case .projectAmount: try ProjectSession(path).setProject(name: DocumentChecksTests.onePlatform, goal: nil, amount: "7", amountUnit: .wan)
            case .performance: try ProjectSession(path).setProject(name: "党建活动经费", goal: "", amount: nil, amountUnit: .yuan)
            case .procurement: _ = try ProjectSession(path).addProcurement(values: DocumentChecksTests.purchase("档案扫描服务费"), unit: .wan)
            case .assets: _ = try ProjectSession(path).setAssets(changes: ["total": "900"], amountUnit: .wan)
            }
        }
    }

    @Test("export is refused while a document check finds an error, and works with force", arguments: Breakage.allCases)
    func exportRefused(breakage: Breakage) throws {
        // Given the sample broken in one way
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        try breakage.apply(path)
        let output = folder.file("out.xlsx")

        // When it is exported without force
        // Then it is refused, the refusal carries that check's error, and no workbook is written
        do {
            _ = try ProjectSession(path).export(to: output, force: false)
            Issue.record("export should have been refused")
        } catch let refused as ExportRefused {
            let errors = refused.result.findings.filter { $0.severity == .error }
            #expect(errors.map(\.check) == [breakage.rawValue], "\(errors.map(\.message))")
            #expect(refused.description.contains("1 个错误"))
            #expect(refused.description.contains("--force"))
        }
        #expect(!FileManager.default.fileExists(atPath: output))

        // When it is exported with force, the workbook is written and the error reported
        let result = try ProjectSession(path).export(to: output, force: true)
        #expect(result.errorCount == 1)
        #expect(FileManager.default.fileExists(atPath: output))
    }

    // MARK: - Imports: located problems, all or nothing

    @Test("indicators CSV: unknown project, bad 一级指标 and missing 指标值 are each located; nothing is written")
    func indicatorImportProblems() throws {
        // Given the sample and a file with three bad lines and one good one
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let before = try ProjectSession(path).document().document.performance
        let csv = folder.write(
            "indicators-bad.csv",
            Self.indicatorHeader + """
                不存在的项目,目标,产出指标,数量指标,数量,数量,≥1 套,历史标准
                党建活动经费,目标,投入指标,数量指标,数量,数量,≥1 次,历史标准
                党建活动经费,目标,满意度指标,服务对象满意度指标,满意度,满意度,,问卷调查
                党建活动经费,目标,效益指标,社会效益指标,人次,人次,≥40 人,计划标准

                """)

        // When it is imported
        var problems: [InputProblem] = []
        do {
            _ = try ProjectSession(path).importIndicators(from: csv)
            Issue.record("the import should have failed")
        } catch let error as InputProblems {
            problems = error.problems
            let text = error.description
            #expect(text.contains("indicators-bad.csv，第 2 行，“项目名称”列，值“不存在的项目”"), "\(text)")
            #expect(text.contains("indicators-bad.csv，第 3 行，“一级指标”列，值“投入指标”"), "\(text)")
            #expect(text.contains("indicators-bad.csv，第 4 行，“指标值”列"), "\(text)")
            #expect(text.contains("共 3 处问题"))
        }

        // Then one error lists each problem by line and column
        #expect(problems.map(\.line) == [2, 3, 4])
        #expect(problems.map(\.column) == ["项目名称", "一级指标", "指标值"])
        #expect(problems.allSatisfy { $0.file == "indicators-bad.csv" })
        // And the project's existing indicators are unchanged
        #expect(try ProjectSession(path).document().document.performance == before)
    }

    @Test("procurement CSV: a bad catalogue code, a bad amount and a 合计 that disagrees are located; nothing is written")
    func procurementImportProblems() throws {
        // Given the sample (10 purchases) and a file with three bad lines
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let before = try ProjectSession(path).procurement()
        let csv = folder.write(
            "procurement-bad.csv",
            """
            单位编码,项目名称,预算资金,采购物品名称,政府采购目录序号,计量单位,数量,单价,合计,一般公共预算拨款,预留中小微企业份额
            432001,容e查费用,,查询终端,D123,台,1,1,1,1,
            432001,容e查费用,,查询终端,A02021100,台,1,1,,"1,2x",
            432001,容e查费用,,查询终端,A02021100,台,1,4,5,4,
            432001,容e查费用,,查询终端,A02021100,台,1,1,1,1,

            """)

        // When it is imported
        var problems: [InputProblem] = []
        do {
            _ = try ProjectSession(path).importProcurement(from: csv, unit: .wan, replace: false)
            Issue.record("the import should have failed")
        } catch let error as InputProblems {
            problems = error.problems
            let text = error.description
            #expect(text.contains("procurement-bad.csv，第 2 行，“政府采购目录序号”列，值“D123”"), "\(text)")
            #expect(text.contains("procurement-bad.csv，第 3 行，“一般公共预算拨款”列，值“1,2x”"), "\(text)")
            #expect(text.contains("procurement-bad.csv，第 4 行，“合计”列，值“5”"), "\(text)")
            #expect(text.contains("4.00"), "the sum of the funding columns: \(text)")
        }

        // Then each line is named once, and nothing was written, even with --replace
        #expect(problems.map(\.line) == [2, 3, 4])
        #expect(problems.map(\.column) == ["政府采购目录序号", "一般公共预算拨款", "合计"])
        #expect(try ProjectSession(path).procurement() == before)
        #expect(throws: InputProblems.self) { try ProjectSession(path).importProcurement(from: csv, unit: .wan, replace: true) }
        #expect(try ProjectSession(path).procurement() == before)
    }

    @Test("prior CSV: an unknown item is located, and the other lines are not written")
    func priorImportProblem() throws {
        // Given the sample (收支总计 2302.08 万元 last year) and a file with an unknown item on line 3
        let folder = TemporaryFolder()
        let path = try Self.sample(in: folder)
        let before = try ProjectSession(path).document().document.prior
        let csv = folder.write("prior-bad.csv", "项目,上年预算数,增减原因\n收支总计,2400,\n行政经费,10,\n机关运行经费,70,\n")

        // When it is imported
        // Then the line, column and value are named, and nothing changed
        #expect {
            try ProjectSession(path).importPrior(from: csv, unit: .wan)
        } throws: { error in
            guard let problems = (error as? InputProblems)?.problems, problems.count == 1 else { return false }
            let problem = problems[0]
            return problem.file == "prior-bad.csv" && problem.line == 3 && problem.column == "项目" && problem.value == "行政经费"
                && problem.message.contains("机关运行经费")
        }
        let after = try ProjectSession(path).document().document.prior
        #expect(after == before)
        #expect(after.amounts[.total] == 2_302_080_000)
        #expect(after.amounts[.operation] == nil)
    }

    @Test("figures that round to 0.00 万元 are written 0 in the statement and are no statement error")
    func tinyAmounts() throws {
        // Given: one item of 0.01 元, which rounds to 0.00 万元 in every total
        let folder = TemporaryFolder()
        let path = folder.file("tiny.budget")
        try SampleProject.empty(at: path)
        _ = try ProjectSession(path).addItem(
            values: [.unit: "432001", .functional: "2010306", .economic: "30201", .type: "basic", .source: "general", .amount: "0.01"],
            amountUnit: .yuan)

        // When
        let result = try ProjectSession(path).check()
        let text = try ProjectSession(path).narrative(to: nil)

        // Then
        #expect(!result.findings.contains { $0.check == "statement" }, "\(result.findings.map(\.message))")
        // No error but the statement's texts, not written here.
        #expect(result.findings.filter { $0.severity == .error }.allSatisfy { isUnwrittenPart(check: $0.check, message: $0.message) })
        #expect(text.contains("本部门安排支出预算为0万元"))
        #expect(text.contains("机关运行费共计安排0万元"))
    }
}
