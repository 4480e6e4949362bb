import BudgetModel
import Foundation

/// The figures the statement (情况说明) quotes, computed once from the same kept totals as the
/// tables. The statement's text and the checks both read them from here.
public struct StatementFigures: Sendable {
    public struct Income: Sendable, Equatable {
        public var total: Fen = 0
        public var general: Fen = 0
        public var fund: Fen = 0
        public var soe: Fen = 0
        /// 财政专户核拨.
        public var special: Fen = 0
        /// 单位资金: 事业收入, 经营收入, 上级补助, 附属单位上缴 and 其他收入.
        public var unitFunds: Fen = 0
        /// 上年结转结余 of every kind.
        public var carryover: Fen = 0
    }

    public var year: Int
    public var income = Income()
    /// Every source's amount (this year's money and each carry-over apart).
    public var bySource: [FundingSource: Fen] = [:]
    public var spending: Fen = 0
    public var basic: Fen = 0
    public var personnel: Fen = 0
    public var publicFunds: Fen = 0
    public var project: Fen = 0
    /// 经营支出, 上解上级支出 and 对附属单位补助支出.
    public var otherSpending: Fen = 0
    /// Projects by amount, largest first (ties by name).
    public var largestProjects: [(name: String, amount: Fen)] = []
    /// 机关运行经费.
    public var operation: Fen = 0
    public var operationScope: OperationCostScope = .all
    /// The economic 款 with most 机关运行经费, largest first: what it is mainly used for.
    public var operationUses: [String] = []
    /// “三公”经费 of 财政拨款, per item.
    public var threePublic: [PriorItem: Fen] = [:]
    public var procurementTotal: Fen = 0
    public var procurementSME: Fen = 0
    public var assets: AssetHoldings
    /// 本年度拟购置固定资产: as entered, else the 资本性支出 (310) of the line items.
    public var plannedPurchase: Fen = 0
    public var prior: PriorYear

    public var threePublicTotal: Fen { PriorItem.threePublicItems.reduce(0) { $0 + (threePublic[$1] ?? 0) } }

    /// The economic codes of each “三公” item, as table 9 of the Hebei template counts them.
    public static let threePublicCodes: [PriorItem: [String]] = [
        .abroad: ["30212"], .vehiclePurchase: ["31013", "30913"], .vehicleOperation: ["30231"], .reception: ["30217"],
    ]

    /// The funding sources that are 财政拨款.
    public static let fiscalSources: Set<FundingSource> = [.general, .fund, .soe, .carryoverGeneral, .carryoverFund, .carryoverSoe]

    /// - Parameters:
    ///   - publicFundsByNature: 一般公共预算 基本支出 公用经费 per unit nature and economic 款;
    ///     needed only when the document limits 机关运行经费 to 行政 and 参公 units.
    public static func compute(
        _ data: BudgetData, _ document: DocumentData, publicFundsByNature: [UnitNature: [String: Fen]]? = nil
    ) -> StatementFigures {
        var figures = StatementFigures(year: data.department.year, assets: document.assets, prior: document.prior)
        var operationByEconomic: [String: Fen] = [:]
        var capital: Fen = 0
        for total in data.economicTotals {
            let amount = total.amount
            figures.income.total += amount
            figures.bySource[total.source, default: 0] += amount
            switch total.source {
            case .general: figures.income.general += amount
            case .fund: figures.income.fund += amount
            case .soe: figures.income.soe += amount
            case .special: figures.income.special += amount
            case .business, .operating, .superior, .affiliate, .other: figures.income.unitFunds += amount
            case .carryoverGeneral, .carryoverFund, .carryoverSoe, .carryoverOther: figures.income.carryover += amount
            }
            figures.spending += amount
            switch total.type {
            case .basic:
                figures.basic += amount
                if total.nature == .personnel { figures.personnel += amount } else { figures.publicFunds += amount }
                // 一般公共预算: this year's appropriation and its carry-over, as table 6 counts it.
                if total.nature == .publicFunds && (total.source == .general || total.source == .carryoverGeneral) {
                    operationByEconomic[total.economic, default: 0] += amount
                }
            case .project: figures.project += amount
            case .operating, .remit, .subsidy: figures.otherSpending += amount
            }
            if fiscalSources.contains(total.source) {
                for (item, codes) in threePublicCodes where codes.contains(total.economic) {
                    figures.threePublic[item, default: 0] += amount
                }
            }
            if total.economic.hasPrefix("310") { capital += amount }
        }
        figures.largestProjects = data.projectAmounts.map { (name: $0.key, amount: $0.value) }
            .sorted { $0.amount != $1.amount ? $0.amount > $1.amount : $0.name < $1.name }
        figures.operationScope = document.operationCostScope
        if document.operationCostScope == .administrative, let byNature = publicFundsByNature {
            // 行政 and 参公 units only: the amount and what it is spent on.
            operationByEconomic = byNature.filter { document.operationCostScope.counts($0.key) }.values.reduce([:]) {
                $0.merging($1, uniquingKeysWith: +)
            }
        }
        figures.operation = operationByEconomic.values.reduce(0, +)
        figures.operationUses = operationByEconomic.filter { $0.value > 0 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(3).map { data.codes.name(.economic, $0.key) ?? $0.key }
        for row in document.procurement {
            figures.procurementTotal += row.total
            figures.procurementSME += row.smeShare
        }
        figures.plannedPurchase = document.assets.plannedPurchase ?? capital
        return figures
    }

    /// This year's amount of a figure last year's can be compared with.
    public func current(_ item: PriorItem) -> Fen {
        switch item {
        case .total: spending
        case .basic: basic
        case .project: project
        case .threePublic: threePublicTotal
        case .abroad, .vehiclePurchase, .vehicleOperation, .reception: threePublic[item] ?? 0
        case .operation: operation
        case .fiscal: Self.fiscalSources.reduce(0) { $0 + (bySource[$1] ?? 0) }
        case .general: (bySource[.general] ?? 0) + (bySource[.carryoverGeneral] ?? 0)
        case .fund: (bySource[.fund] ?? 0) + (bySource[.carryoverFund] ?? 0)
        case .soe: (bySource[.soe] ?? 0) + (bySource[.carryoverSoe] ?? 0)
        }
    }
}
