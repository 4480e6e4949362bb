import BudgetModel
import Foundation

/// Picks from a list with weights, by binary search over cumulative weights.
struct WeightedChoice<T> {
    let values: [T]
    let cumulative: [Double]

    init(_ pairs: [(T, Double)]) {
        values = pairs.map(\.0)
        var sum = 0.0
        cumulative = pairs.map {
            sum += $0.1
            return sum
        }
    }

    /// Zipf-like weights (1 / rank^s) over values in the given order: a few take most.
    init(zipf values: [T], exponent: Double) {
        self.init(values.enumerated().map { ($1, 1 / pow(Double($0 + 1), exponent)) })
    }

    func pick(_ random: inout SplitMix64) -> T {
        let target = Double.random(in: 0..<cumulative.last!, using: &random)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return values[low]
    }
}

/// Realistic synthetic budgets for benchmarks and tests: real catalog codes with a skewed
/// distribution (most money in a few 项, long tails), several units and projects, every funding
/// source, and data that passes `check` with no error.
public enum Generator {
    public struct Budget: Sendable {
        public var department: Department
        public var units: [BudgetUnit]
        public var projects: [BudgetProject]
        public var items: [LineItem]
    }

    public static func budget(units unitCount: Int, items itemCount: Int, seed: UInt64) -> Budget {
        var random = SplitMix64(seed: seed)
        let catalog = Catalog.bundled
        let department = Department(code: "900", name: "模拟部门（生成数据）", year: 2025)
        let units = (1...max(1, unitCount)).map { index in
            BudgetUnit(
                code: "900" + String(format: "%04d", index), name: index == 1 ? "模拟部门本级" : "模拟下属单位\(index)",
                nature: index == 1 ? .administrative : (index % 7 == 0 ? .civilServiceManaged : .institution),
                level: index == 1 ? "正处级" : "正科级", fundingForm: index == 1 ? "财政拨款" : "财政补助")
        }
        // 项 codes in a seeded order, so that a few carry most lines.
        var functionalCodes = catalog.functional.keys.filter { $0.count == 7 }.sorted()
        functionalCodes.shuffle(using: &random)
        let functional = WeightedChoice(zipf: Array(functionalCodes.prefix(600)), exponent: 1.1)
        func economic(_ classes: [String]) -> WeightedChoice<String> {
            var codes = catalog.economic.keys.filter { $0.count == 5 && classes.contains(String($0.prefix(3))) }.sorted()
            codes.shuffle(using: &random)
            return WeightedChoice(zipf: codes, exponent: 0.9)
        }
        let basicEconomic = economic(["301", "302", "303", "310"])
        let projectEconomic = economic(["302", "309", "310", "312"])
        let type = WeightedChoice<ExpenditureType>([(.basic, 70), (.project, 28), (.operating, 1), (.remit, 0.5), (.subsidy, 0.5)])
        let fiscal = WeightedChoice<FundingSource>([
            (.general, 85), (.fund, 6), (.soe, 1), (.carryoverGeneral, 1.5), (.carryoverFund, 0.5), (.carryoverSoe, 0.2),
        ])
        let nonFiscal = WeightedChoice<FundingSource>([
            (.special, 2), (.business, 6), (.operating, 1), (.superior, 1), (.affiliate, 0.5), (.other, 1.5), (.carryoverOther, 0.3),
        ])
        let projectsPerUnit = max(1, itemCount / max(1, units.count) / 40)
        var projects: [BudgetProject] = []
        for unit in units {
            for index in 1...projectsPerUnit {
                projects.append(BudgetProject(name: "\(unit.code)-项目\(index)", unitCode: unit.code))
            }
        }
        let unitChoice = WeightedChoice(zipf: units, exponent: 0.8)
        var items: [LineItem] = []
        items.reserveCapacity(itemCount)
        for _ in 0..<itemCount {
            let unit = unitChoice.pick(&random)
            let kind = type.pick(&random)
            // 财政拨款 pays only 基本支出 and 项目支出 (the Hebei tables have no column for the rest).
            let source =
                kind == .basic || kind == .project
                ? (Double.random(in: 0..<1, using: &random) < 0.88 ? fiscal : nonFiscal).pick(&random) : nonFiscal.pick(&random)
            let economicCode = (kind == .project ? projectEconomic : basicEconomic).pick(&random)
            var nature: CostNature?
            if kind == .basic {
                nature = economicCode == "30226" && Bool.random(using: &random) ? .personnel : CostNature.defaultFor(economic: economicCode)
            }
            // Amounts in whole 元 from 10 元 to about 10 million 元, mostly small.
            let magnitude = pow(Double.random(in: 0..<1, using: &random), 2.5) * 6 + 1
            let yuan = Int64(pow(10, magnitude)) + Int64.random(in: 1...9, using: &random)
            let project = kind == .project ? "\(unit.code)-项目\(Int.random(in: 1...projectsPerUnit, using: &random))" : nil
            items.append(
                LineItem(
                    unitCode: unit.code, functional: functional.pick(&random), economic: economicCode, type: kind, nature: nature,
                    project: project, source: source, amount: yuan * 100))
        }
        return Budget(department: department, units: units, projects: projects, items: items)
    }
}
