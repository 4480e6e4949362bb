import BudgetModel
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

@testable import BudgetKit

/// Each part of the draft workbook read on its own, from a small handmade workbook: its values,
/// and its problems named by sheet and cell.
@Suite("Draft workbook parts, one reader each")
struct DraftPartReaderTests {
    /// The recognised sheets of a workbook with these sheets; their headers and cells are good.
    func sheets(_ sheets: HandmadeXLSX.Sheet...) throws -> DraftSheets {
        let folder = TemporaryFolder()
        let path = folder.file("part.xlsx")
        try HandmadeXLSX.write(path, sheets)
        let (tables, _, problems, _) = ProjectSession.draftTables(try XLSXWorkbook(path: path), file: "part.xlsx")
        #expect(problems.isEmpty, "\(problems)")
        return DraftSheets(file: "part.xlsx", tables: tables)
    }

    func places(_ problems: [InputProblem]) -> [String] { problems.map { "\($0.sheet ?? "")!\($0.cell ?? "")" } }

    let office = BudgetUnit(code: "432001", name: "本级", nature: .administrative)

    @Test("单位: the sheet's units join the project's; a unit the project has otherwise is refused without --replace, and replaces it with")
    func units() throws {
        let read = try sheets(
            HandmadeXLSX.Sheet(
                "单位",
                table: [
                    ["单位编码", "单位名称", "单位性质"], [432001, "本级", "事业"], [432003, "新中心", "行政"],
                ]))

        let added = UnitsSheet(read, before: [office], replace: false)
        #expect(added.rows.map(\.code) == ["432001", "432003"])
        #expect(added.codes == ["432001", "432003"])
        #expect(places(added.problems) == ["单位!A2"])
        #expect(added.problems.first?.message.hasPrefix("项目文件中已有这个单位，但名称、性质") == true)

        let replaced = UnitsSheet(read, before: [office, BudgetUnit(code: "432002", name: "旧中心", nature: .administrative)], replace: true)
        #expect(replaced.problems.isEmpty)
        #expect(replaced.units.keys.sorted() == ["432001", "432003"])
        #expect(replaced.units["432001"]?.nature == .institution)
    }

    @Test("a unit cell showing the code and name keeps the code; a name not the unit's is refused")
    func unitCells() throws {
        let read = try sheets(
            HandmadeXLSX.Sheet(
                "项目",
                table: [
                    ["项目名称", "单位编码"], ["甲", "432001 本级"], ["乙", "432001 别的单位"], ["丙", "432009 不知道"],
                ]))

        let (sheets, problems) = read.normalisingUnits(["432001": office])

        #expect(sheets.rows(.projects).map { $0.values["unit"] } == ["432001", "432001", "432009 不知道"])
        #expect(places(problems) == ["项目!B3"])
        #expect(problems.first?.message == "单位名称与单位编码不符：432001 是“本级”。请从下拉列表中选择，或只填单位编码")
    }

    @Test("项目: names, units and declared amounts in 元; a name twice and an unknown unit are refused by cell")
    func projects() throws {
        let read = try sheets(
            HandmadeXLSX.Sheet(
                "项目",
                table: [
                    ["项目名称", "单位编码", "项目金额", "绩效目标"], ["甲", 432001, 1.5, "办好"], ["甲", 432001], ["乙", 432009, "2"],
                ]))

        let projects = ProjectsSheet(read, before: [BudgetProject(name: "旧")], unitCodes: ["432001"], amountUnit: .yuan, replace: false)

        #expect(projects.rows.map { $0.project.name } == ["甲", "乙"])
        #expect(projects.rows.map { $0.declared } == [150, 200])
        #expect(projects.goal(of: "甲") == "办好")
        #expect(projects.names == ["旧", "甲", "乙"])
        #expect(places(projects.problems) == ["项目!A3", "项目!B4"])
        #expect(projects.problems.map(\.message) == ["与第 2 行的项目重名", "项目文件和工作簿的“单位”表中都没有这个单位"])
        #expect(ProjectsSheet(read, before: [BudgetProject(name: "旧")], unitCodes: ["432001"], amountUnit: .yuan, replace: true).names == ["甲", "乙"])
    }

    @Test("预算明细: line items in 分, their total, each project's sum, and projects only the items name")
    func items() throws {
        let read = try sheets(
            HandmadeXLSX.Sheet(
                "预算明细",
                table: [
                    ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "项目名称", "资金来源", "金额"],
                    [432001, 2_010_306, 30101, "基本支出", nil, "一般公共预算拨款", 100],
                    [432001, 2_010_306, 30201, "项目支出", "甲", "一般公共预算拨款", "0.5"],
                    [432001, 2_010_306, 30201, "项目支出", "新项目", "一般公共预算拨款", 2.25],
                    [432001, 2_010_306, 30201, "项目支出", "新项目", "一般公共预算拨款", 12.345],
                ]))

        let items = ItemsSheet(read, unitCodes: ["432001"], projectNames: ["甲"], codes: CodeBook(), amountUnit: .yuan)

        #expect(items.items.map(\.amount) == [10_000, 50, 225])
        #expect(items.total == 10_275)
        #expect(items.projectSums == ["甲": 50, "新项目": 225])
        #expect(items.newProjects == ["新项目"])
        #expect(places(items.problems) == ["预算明细!G5"])
    }

    @Test("绩效指标: each project's rows; a goal unlike the 项目 sheet's is refused at its cell")
    func indicators() throws {
        let read = try sheets(
            HandmadeXLSX.Sheet("项目", table: [["项目名称", "绩效目标"], ["甲", "办好"]]),
            HandmadeXLSX.Sheet(
                "绩效指标",
                table: [
                    ["项目名称", "一级指标", "二级指标", "三级指标", "指标值", "绩效目标"],
                    ["甲", "产出指标", "数量指标", "办件数", "≥100件", "办得更好"],
                    ["甲", nil, "质量指标", "差错率", "≤1%"],
                    ["丁", "产出指标", "数量指标", "办件数", "≥1件"],
                ]))
        let projects = ProjectsSheet(read, before: [], unitCodes: [], amountUnit: .yuan, replace: false)

        let indicators = IndicatorsSheet(read, projectNames: projects.names, projects: projects)

        #expect(indicators.count == 2)
        #expect(indicators.indicators["甲"]?.map(\.level3) == ["办件数", "差错率"])
        #expect(indicators.goals == ["甲": "办得更好"])
        #expect(places(indicators.problems) == ["绩效指标!A4", "绩效指标!F2"])
        #expect(indicators.problems.last?.message == "与“项目”表中这个项目的绩效目标不同")
    }

    @Test("政府采购: rows by the procurement rules, the project's budget being its line items")
    func procurement() throws {
        let read = try sheets(
            HandmadeXLSX.Sheet(
                "政府采购",
                table: [
                    ["单位编码", "项目名称", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价", "一般公共预算拨款", "预算资金"],
                    [432001, "甲", "电脑", "A02010104", "台", 2, 5000, 10000],
                    [432001, "甲", "打印机", "A02021001", "台", 1, 3000, 3000, 999],
                ]))

        let procurement = ProcurementSheet(read, projects: ["甲": 1_300_000], unitCodes: ["432001"], amountUnit: .yuan)

        #expect(procurement.purchases.map(\.item) == ["电脑"])
        #expect(procurement.purchases.first?.amounts == [.general: 1_000_000])
        #expect(places(procurement.problems) == ["政府采购!I3"])
        #expect(procurement.problems.first?.message.hasPrefix("与项目“甲”预算明细的合计 13000.00 不一致") == true)
    }

    @Test("资产: the first row's figures; a second row is refused")
    func assets() throws {
        let read = try sheets(
            HandmadeXLSX.Sheet(
                "资产",
                table: [
                    ["截止时间", "资产总额", "车辆数"], ["2022-12-31", 970.5, 2], ["2021-12-31", 1, 1],
                ]))

        let assets = AssetsSheet(read, amountUnit: .yuan)

        #expect(assets.assets.total == 97_050)
        #expect(assets.assets.vehicleCount == 2)
        #expect(assets.problems.map { "\($0.sheet ?? "")!\($0.line ?? 0)" } == ["资产!3"])
        #expect(assets.problems.first?.message == "资产表只填一行：上年末的固定资产只有一组数")
    }

    @Test("上年数: the items given an amount or a reason; an unknown item is refused at its cell")
    func prior() throws {
        let read = try sheets(
            HandmadeXLSX.Sheet(
                "上年数",
                table: [
                    ["项目", "上年预算数", "增减原因"], ["收支总计", 100], ["公务接待费", nil, "从严控制"], ["基本支出"], ["不存在的项目", 1],
                ]))

        let prior = PriorSheet(read, amountUnit: .yuan)

        #expect(prior.figures.map { $0.0 } == [.total, .reception])
        #expect(prior.figures.first?.1 == .some(.some(10_000)))
        #expect(prior.figures.last?.2 == "从严控制")
        #expect(places(prior.problems) == ["上年数!A5"])
    }
}
