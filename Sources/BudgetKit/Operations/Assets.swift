import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// The assets held (国有资产占用情况).
extension ProjectSession {
    // MARK: - Assets

    /// The asset fields a command may set, by option name; "" clears a field.
    public func setAssets(changes: [String: String], amountUnit: Money.InputUnit) throws -> AssetHoldings {
        try projectFile.write { writer in
            let (assets, problems) = Self.changedAssets(try writer.reader.assets(), changes: changes, amountUnit: amountUnit, naming: .options)
            try problems.throwIfAny()
            try writer.setAssets(assets)
            return assets
        }
    }

    /// The asset fields by key (`as-of`, `total`, … as the options of `asset set` name them) and
    /// their Chinese names.
    static let assetColumns: [(key: String, name: String)] = [
        ("as-of", "截止时间"), ("total", "资产总额"), ("building-area", "房屋面积"), ("office-area", "办公用房面积"),
        ("building-value", "房屋价值"), ("vehicles", "车辆数"), ("vehicle-value", "车辆价值"), ("equipment", "单价20万元以上设备数"),
        ("equipment-value", "单价20万元以上设备价值"), ("other-value", "其他固定资产价值"), ("planned", "本年拟购置固定资产"),
    ]

    /// The assets with the given fields changed ("" clears a field); problems name the options,
    /// or the columns of a sheet (`naming`).
    static func changedAssets(
        _ assets: AssetHoldings, changes: [String: String], amountUnit: Money.InputUnit, naming: Naming, file: String? = nil, line: Int? = nil
    ) -> (AssetHoldings, [InputProblem]) {
        var assets = assets
        var problems: [InputProblem] = []
        func problem(_ key: String, _ name: String, _ text: String, _ message: String) {
            problems.append(InputProblem(file: file, line: line, column: naming.name(key, name), value: text, message: message))
        }
        func amount(_ key: String, _ name: String) -> Fen?? {
            guard let text = changes[key] else { return .none }
            if text.isEmpty { return .some(nil) }
            do {
                return .some(try Money.parse(text, unit: amountUnit))
            } catch {
                problem(key, name, text, error.reason)
                return .none
            }
        }
        func count(_ key: String, _ name: String) -> Int?? {
            guard let text = changes[key] else { return .none }
            if text.isEmpty { return .some(nil) }
            guard let value = Int(Vocabulary.fold(text)), value >= 0, value < 1_000_000 else {
                problem(key, name, text, "应为不小于 0 的整数")
                return .none
            }
            return .some(value)
        }
        func area(_ key: String, _ name: String) -> String? {
            guard let text = changes[key] else { return nil }
            if text.isEmpty || ProcurementRow.thousandths(Vocabulary.fold(text)) != nil { return Vocabulary.fold(text) }
            problem(key, name, text, "应为面积的数字（平方米），如 1200 或 1200.5")
            return nil
        }
        if let asOf = changes["as-of"] {
            let valid = asOf.isEmpty || asOf.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil
            if valid {
                assets.asOf = asOf
            } else {
                problem("as-of", "截止时间", asOf, "应为日期，如 2022-12-31")
            }
        }
        if let value = amount("total", "资产总额") { assets.total = value }
        if let value = area("building-area", "房屋面积") { assets.buildingArea = value }
        if let value = area("office-area", "办公用房面积") { assets.officeArea = value }
        if let value = amount("building-value", "房屋价值") { assets.buildingValue = value }
        if let value = count("vehicles", "车辆数") { assets.vehicleCount = value }
        if let value = amount("vehicle-value", "车辆价值") { assets.vehicleValue = value }
        if let value = count("equipment", "单价20万元以上设备数") { assets.equipmentCount = value }
        if let value = amount("equipment-value", "单价20万元以上设备价值") { assets.equipmentValue = value }
        if let value = amount("other-value", "其他固定资产价值") { assets.otherValue = value }
        if let value = amount("planned", "本年拟购置固定资产") { assets.plannedPurchase = value }
        return (assets, problems)
    }
}
