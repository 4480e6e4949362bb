import BudgetModel
import Foundation
import Testing

@testable import BudgetReports

/// The Shanghai statement as the 2025 budget of 上海市普陀区万里街道办事处 lays it out (its
/// sections, headings and sentences; see docs/statement-sources.md), on a small department made
/// here. Every expected sentence is written by hand after the published wording.
@Suite("the Shanghai statement and its unit version")
struct ShanghaiStatementTests {
    static let shanghai = try! Template.builtIn("shanghai")

    /// 浦江区测试局 2024: 本部 (行政) and 服务中心 (事业); 基本支出 of 1.00 + 0.50 (公用) + 0.30 万元 and
    /// 事业收入 of 0.40 万元, and the project 政务公开 of 2.00 万元 (4.20 万元 in all, 财政拨款 3.80).
    static func data() -> BudgetData {
        let units = [
            BudgetUnit(code: "001001", name: "浦江区测试局本部", nature: .administrative),
            BudgetUnit(code: "001002", name: "浦江区测试服务中心", nature: .institution),
        ]
        func line(
            _ unit: String, _ functional: String, _ economic: String, _ type: ExpenditureType, _ nature: CostNature?, _ source: FundingSource,
            _ fen: Fen, project: String? = nil
        ) -> LineItem {
            LineItem(
                unitCode: unit, functional: functional, economic: economic, type: type, nature: nature, project: project, source: source, amount: fen)
        }
        var items = [
            line("001001", "2010301", "30101", .basic, .personnel, .general, 1_000_000),
            line("001001", "2010301", "30201", .basic, .publicFunds, .general, 500_000),
            line("001002", "2080501", "30302", .basic, .personnel, .general, 300_000),
            line("001002", "2010301", "30201", .basic, .publicFunds, .business, 400_000),
            line("001001", "2010302", "30227", .project, nil, .general, 2_000_000, project: "政务公开"),
        ]
        for index in items.indices { items[index].id = Int64(index + 1) }
        let snapshot = ProjectSnapshot(
            department: Department(code: "001", name: "浦江区测试局", year: 2024), units: units,
            projects: [BudgetProject(name: "政务公开", unitCode: "001001")], items: items, codes: CodeBook())
        var data = BudgetData(snapshot)
        // 机关运行经费 of 行政 and 参公 units only, as the Shanghai template defines it.
        data.operationCostScope = .administrative
        data.publicFundsByUnitNature = [.administrative: ["30201": 500_000], .institution: ["30201": 0]]
        return data
    }

    static func document() -> DocumentData {
        var document = DocumentData(
            texts: [.duties: ["负责本区测试工作。", "承办区政府交办的其他事项。"]],
            performance: [ProjectPerformance(project: "政务公开", goal: "提升政务公开水平", indicators: [])],
            assets: AssetHoldings(asOf: "2023-12-31", vehicleCount: 2, equipmentCount: 0),
            prior: PriorYear(amounts: [.fiscal: 3_000_000, .general: 3_000_000], reasons: [.fiscal: "新增政务公开项目"]),
            glossary: StandardGlossary.entries, operationCostScope: .administrative)
        document.glossaryIsStandard = true
        document.lineNotes = [
            "2010301": SpendingLineNote(code: "2010301", purpose: "机关日常运转", prior: 1_500_000),
            "2010302": SpendingLineNote(code: "2010302", purpose: "政务公开宣传。", prior: 1_000_000, reason: "新增项目"),
        ]
        document.projectTexts = ["政务公开": [.overview: "编印政务公开材料。", .executor: "浦江区测试局本部。"]]
        return document
    }

    static func disclose(variant: String? = nil) throws -> Disclosure {
        try DisclosurePipeline.run(
            DisclosureInput(data: data(), document: document(), template: try shanghai.variant(variant)), checking: .none)
    }

    /// The blocks of the section whose heading is `heading`, as text (tables left out).
    static func section(_ narrative: Narrative, _ heading: String) -> [String] {
        narrative.sections.first { $0.heading == heading }?.blocks.compactMap { block in
            switch block {
            case .paragraph(let text), .subheading(let text): text
            case .table: nil
            }
        } ?? []
    }

    @Test("the sections as Shanghai publishes them: 主要职能, 机构设置, 名词解释, 编制说明, 其他相关情况说明, 项目经费情况说明")
    func sections() throws {
        let narrative = try Self.disclose().narrative
        #expect(narrative.title == "浦江区测试局2024年部门预算")
        #expect(
            narrative.sections.map(\.heading) == [
                "浦江区测试局（部门）主要职能", "浦江区测试局（部门）机构设置", "名词解释", "2024年部门预算编制说明", "其他相关情况说明", "项目经费情况说明",
            ])
        #expect(Self.section(narrative, "浦江区测试局（部门）主要职能") == ["负责本区测试工作。", "承办区政府交办的其他事项。"])
        #expect(
            Self.section(narrative, "浦江区测试局（部门）机构设置") == [
                "浦江区测试局部门预算是包括本部以及下属1家预算单位的综合收支计划。", "本部门中，行政单位1家，参公单位0家，事业单位1家，具体包括：",
                "1. 浦江区测试局本部。", "2. 浦江区测试服务中心。",
            ])
        // The standard glossary of Shanghai, 市级 by default, numbered （一）（二）….
        let glossary = Self.section(narrative, "名词解释")
        #expect(glossary.count == 8)
        #expect(
            glossary.first
                == "（一）财政拨款收入：是市级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。")
        #expect(glossary.last == "（八）机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。")
    }

    @Test("编制说明: income with 事业收入, spending by 财政拨款 kind, each compared with last year, and 财政拨款支出主要内容 per 项")
    func budgetExplanation() throws {
        let narrative = try Self.disclose().narrative
        #expect(
            Self.section(narrative, "2024年部门预算编制说明") == [
                "2024年，浦江区测试局收入预算4.20万元，其中：财政拨款收入3.80万元，比2023年预算增加0.80万元；事业收入0.40万元；事业单位经营收入0.00万元；其他收入0.00万元。",
                "支出预算4.20万元，其中：财政拨款支出预算3.80万元，比2023年预算增加0.80万元。财政拨款支出预算中，一般公共预算拨款支出预算3.80万元，比2023年预算增加0.80万元；政府性基金拨款支出预算0.00万元；国有资本经营预算拨款支出预算0.00万元。",
                "财政拨款收入支出增加的主要原因是新增政务公开项目。",
                "财政拨款支出主要内容如下：",
                "1. “一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”科目1.50万元，主要用于机关日常运转；比上年预算持平。",
                "2. “一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）”科目2.00万元，主要用于政务公开宣传；比上年预算增加1.00万元，主要原因是新增项目。",
                "3. “社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”科目0.30万元，主要用于（尚未填写）。",
            ])
    }

    @Test("其他相关情况说明: “三公”经费, 机关运行经费 of 行政 and 参公 units, 政府采购, 绩效目标, 国有资产 with 100万元 equipment")
    func otherMatters() throws {
        let narrative = try Self.disclose().narrative
        #expect(
            Self.section(narrative, "其他相关情况说明") == [
                "一、2024年“三公”经费预算情况说明",
                "2024年“三公”经费预算数为0.00万元。其中：",
                "（一）因公出国（境）费0.00万元。",
                "（二）公务用车购置及运行费0.00万元。其中：公务用车购置费0.00万元；公务用车运行费0.00万元。",
                "（三）公务接待费0.00万元。",
                "二、机关运行经费预算",
                "2024年浦江区测试局（部门）下属1家机关和0家参公事业单位财政拨款的机关运行经费预算为0.50万元。",
                "三、政府采购预算情况",
                "2024年本部门无政府采购预算。",
                "四、绩效目标设置情况",
                "按照本市预算绩效管理工作的总体要求，本部门1个预算单位开展了2024年项目预算绩效目标编报工作，编报绩效目标的项目1个，涉及项目预算资金2.00万元。",
                "五、国有资产占有使用情况",
                "截至2023-12-31，浦江区测试局（部门）共有车辆2辆；单价100万元（含）以上设备（不含车辆）0台（套）。",
            ])
    }

    @Test(
        "（二）公务用车购置及运行费 compared with last year as a whole, as published (“36.56万元，比2024年预算减少10万元”), once both parts of last year are entered"
    )
    func vehiclesCompared() throws {
        func line(_ prior: [PriorItem: Fen]) throws -> String? {
            var document = Self.document()
            document.prior.amounts.merge(prior) { $1 }
            let narrative = try DisclosurePipeline.run(
                DisclosureInput(data: Self.data(), document: document, template: Self.shanghai), checking: .none
            ).narrative
            return Self.section(narrative, "其他相关情况说明").first { $0.hasPrefix("（二）") }
        }
        // Last year 购置费 0.10 万元 (100,000 分) and 运行费 0.06 万元; this year none: 0.10 + 0.06 = 0.16 less.
        #expect(
            try line([.vehiclePurchase: 100_000, .vehicleOperation: 60_000])
                == "（二）公务用车购置及运行费0.00万元，比2023年预算减少0.16万元。其中：公务用车购置费0.00万元，比2023年预算减少0.10万元；公务用车运行费0.00万元，比2023年预算减少0.06万元。"
        )
        // Only the purchase known: the whole is not compared, the purchase is.
        #expect(
            try line([.vehiclePurchase: 0])
                == "（二）公务用车购置及运行费0.00万元。其中：公务用车购置费0.00万元，比2023年预算持平；公务用车运行费0.00万元。")
    }

    @Test("项目经费情况说明: per project 项目概况 … 绩效目标, a part not entered marked 尚未填写, 年度预算安排 from the amount")
    func projects() throws {
        let narrative = try Self.disclose().narrative
        #expect(
            Self.section(narrative, "项目经费情况说明") == [
                "一、政务公开",
                "（一）项目概况", "编印政务公开材料。",
                "（二）立项依据", "（立项依据尚未填写）",
                "（三）实施主体", "浦江区测试局本部。",
                "（四）实施方案", "（实施方案尚未填写）",
                "（五）实施周期", "（实施周期尚未填写）",
                "（六）年度预算安排", "2024年预算安排2.00万元。",
                "（七）绩效目标", "提升政务公开水平",
            ])
    }

    @Test("the document sheets: Shanghai's names, the 100万元 equipment row, and no 单位：元 over the organisation sheet")
    func sheets() throws {
        let reports = try Self.disclose().reports
        let organisation = try #require(reports.table("机构"))
        #expect(organisation.sheetName == "部门机构设置")
        #expect(organisation.lines(in: reports) == ["编制部门：浦江区测试局"])
        let assets = try #require(reports.table("资产"))
        #expect(assets.sheetName == "部门国有资产占有使用情况")
        #expect(assets.rows.first { $0.key == "equipment" }?.cells.first?.text == "3、单价100万元（含）以上设备（不含车辆）（台、套）")
        let procurement = try #require(reports.table("采购"))
        #expect(procurement.note == "注：本部门2024年无政府采购预算，故本表为空表。")
    }

    @Test("the unit version says 单位 and 本单位 throughout: title, headings, sentences and the document sheets")
    func unitWording() throws {
        let disclosure = try Self.disclose(variant: "unit")
        let narrative = disclosure.narrative
        #expect(narrative.title == "浦江区测试局2024年单位预算")
        #expect(narrative.sections.map(\.heading).contains("浦江区测试局（单位）主要职能"))
        #expect(narrative.sections.map(\.heading).contains("2024年单位预算编制说明"))
        #expect(Self.section(narrative, "其他相关情况说明").contains("2024年本单位无政府采购预算。"))
        // No 部门 anywhere the statement writes of its own: the 名词解释 define terms of every
        // budget (预算主管部门, 部门及其下属预算单位) and stay as published.
        let written =
            [narrative.title] + narrative.sections.filter { $0.heading != "名词解释" }.flatMap { [$0.heading] + Self.section(narrative, $0.heading) }
        let offending = written.filter { $0.contains("部门") }
        #expect(offending.isEmpty, "\(offending)")
        for id in ["机构", "采购", "资产"] {
            let table = try #require(disclosure.reports.table(id))
            // The header too: 政府采购's “政府采购金额（当年单位预算安排资金）”.
            let texts = [table.title, table.sheetName, table.note ?? ""] + table.lines(in: disclosure.reports) + table.header.cells.map(\.text)
            #expect(!texts.contains { $0.contains("部门") }, "\(id): \(texts)")
            #expect(texts.contains { $0.contains("单位") }, "\(id): \(texts)")
        }
        #expect(disclosure.reports.table("机构")?.lines(in: disclosure.reports) == ["编制单位：浦江区测试局"])
        #expect(disclosure.reports.table("采购")?.header.cells.map(\.text).contains("政府采购金额（当年单位预算安排资金）") == true)
        #expect(try Self.disclose().reports.table("采购")?.header.cells.map(\.text).contains("政府采购金额（当年部门预算安排资金）") == true)
    }
}
