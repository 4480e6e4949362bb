import BudgetModel

/// 机关运行经费 is the 公用经费 of 一般公共预算 基本支出: of every unit (the default, as Hebei's
/// published tables count it), or of 行政 and 参公 units only (the usual definition, Shanghai's).
/// The two differ as soon as the department has a 事业 unit, and the default was taken silently
/// (388.52 万元 against 73.35 万元 for a bureau with schools). So while the department has a 事业
/// unit, the template does not fix the scope and the clerk never chose it (`budget settings
/// --operation-costs`), `check` asks for it, with both figures. Choosing either answers it.
enum OperationScopeCheck: DisclosureCheck {
    static let id = CheckID.operationScope

    static func run(_ context: CheckContext) -> [Finding] {
        guard context.documentParts != nil, context.reports.template.operationCostScope == nil else { return [] }
        return scope(context.data)
    }

    static func scope(_ data: BudgetData) -> [Finding] {
        let institutions = data.units.filter { $0.nature == .institution }
        guard !data.operationCostScopeChosen, !institutions.isEmpty, let byNature = data.publicFundsByUnitNature else { return [] }
        let sum = { (scope: OperationCostScope) in
            byNature.filter { scope.counts($0.key) }.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        }
        let all = sum(.all)
        let administrative = sum(.administrative)
        guard all != administrative else { return [] }
        let names = institutions.prefix(3).map { "\($0.code) \($0.name)" }.joined(separator: "、")
        return [
            Finding(
                severity: .warning, check: id.rawValue,
                message:
                    "部门有事业单位（\(names)\(institutions.count > 3 ? " 等 \(institutions.count) 个" : "")），机关运行经费的口径还没有选：按全部单位的公用经费为 \(Checks.yuanAndWan(all))，只算行政和参公单位为 \(Checks.yuanAndWan(administrative))。现在按全部单位计算。请选定：budget settings 项目文件 --operation-costs all（全部单位）或 --operation-costs administrative（行政和参公单位）",
                table: "机关运行经费", key: id.rawValue, fingerprint: "\(all)/\(administrative)")
        ]
    }
}
