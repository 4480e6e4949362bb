import BudgetModel
import BudgetStore
import BudgetXLSX
import Foundation

extension ProjectSession {
    public struct MergeResult: Sendable {
        public var output: String
        public var units: Int
        public var projects: Int
        public var items: Int
        public var total: Fen
        /// What was taken from one file where others differ (the department's texts, …).
        public var notes: [String]
    }

    /// Consolidates units drafted in separate project files into one new department file.
    /// Refused, with every reason, when the years or department codes differ, a unit code or a
    /// project name is in two files, or two files name one code differently. The new file is
    /// built under a temporary name and appears only when complete.
    public static func merge(into output: String, from inputs: [String]) throws -> MergeResult {
        guard inputs.count >= 2 else {
            throw InputProblem(column: "项目文件", message: "至少要给出两个要合并的项目文件")
        }
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        if let same = inputs.first(where: { URL(fileURLWithPath: $0).standardizedFileURL.path == target }) {
            throw InputProblem(column: "合并结果", value: same, message: "合并结果不能是要合并的文件之一")
        }
        try Self.checkNewFile(output, kind: "merge")
        // One file under two names (a second path, a symbolic or a hard link) is the same device and inode.
        func identity(_ path: String) -> String {
            // attributesOfItem does not follow a symbolic link: its target is asked.
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let attributes = try? FileManager.default.attributesOfItem(atPath: target)
            guard let device = attributes?[.systemNumber], let inode = attributes?[.systemFileNumber] else {
                return URL(fileURLWithPath: path).standardizedFileURL.path
            }
            return "\(device):\(inode)"
        }
        let identities = inputs.map(identity)
        for (index, input) in inputs.enumerated() {
            if let first = identities.firstIndex(of: identities[index]), first < index {
                let names = input == inputs[first] ? "" : "（\(Shown.text(inputs[first], limit: 200)) 与 \(Shown.text(input, limit: 200)) 是同一个文件）"
                throw InputProblem(column: "项目文件", value: input, message: "同一个文件给了两次\(names)：每个项目文件只能给一次")
            }
        }
        let files = try inputs.map { try Self.contents(try ProjectFile.open(at: $0), path: $0) }
        try Self.mergeProblems(files)
        let first = files[0]
        var notes: [String] = []
        let temporary = Self.temporaryPath(for: output, kind: "merge")
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        if FileManager.default.fileExists(atPath: output) { throw StoreError.alreadyExists(path: output) }
        let project = try ProjectFile.create(at: temporary, department: first.snapshot.department)
        let result = try project.write { writer -> MergeResult in
            try writer.setCodeNames(files.flatMap(\.bureauCodes), origin: .bureau)
            try writer.setCodeNames(files.flatMap(\.userCodes), origin: .user)
            for file in files {
                for unit in file.snapshot.units { try writer.insertUnit(unit) }
            }
            for file in files {
                for project in file.snapshot.projects { try writer.insertProject(project) }
            }
            var count = 0
            var total: Fen = 0
            for file in files {
                let ids = try writer.insertItems(
                    file.snapshot.items.map { item in
                        var copy = item
                        copy.id = nil
                        return copy
                    })
                count += ids.count
                // The roster of the file's units, and what the calculation made, under the items' new numbers.
                for group in file.document.roster?.groups ?? [] { try writer.insertRosterGroup(group) }
                for profile in (file.document.roster?.profiles ?? [:]).values.sorted(by: { $0.unitCode < $1.unitCode }) {
                    try writer.setUnitProfile(profile)
                }
                let renumbered = Dictionary(zip(file.snapshot.items.compactMap(\.id), ids), uniquingKeysWith: { first, _ in first })
                for var record in file.generated {
                    guard let id = renumbered[record.itemID] else { continue }
                    record.itemID = id
                    try writer.restoreGenerated(record)
                }
                total += file.snapshot.items.reduce(0) { $0 + $1.amount }
                // What belongs to a project or a unit comes with it.
                for performance in file.document.performance {
                    if !performance.goal.isEmpty { try writer.setProjectGoal(performance.project, goal: performance.goal) }
                    if !performance.indicators.isEmpty { try writer.setIndicators(performance.project, performance.indicators) }
                }
                for (name, amount) in file.document.declaredProjectAmounts { try writer.setProjectDeclaredAmount(name, amount) }
                for (name, texts) in file.document.projectTexts { try writer.setProjectTexts(name, texts) }
                _ = try writer.insertProcurement(
                    file.document.procurement.map { row in
                        var copy = row
                        copy.id = nil
                        return copy
                    })
            }
            // What belongs to the department: the first file that has it; a different one elsewhere is said.
            func departmentLevel<T: Equatable>(_ what: String, _ value: (Contents) -> T, empty: T, set: (T) throws -> Void) throws {
                guard let source = files.first(where: { value($0) != empty }) else { return }
                try set(value(source))
                let differing = files.filter { value($0) != empty && value($0) != value(source) }.map(\.path)
                if !differing.isEmpty {
                    notes.append("\(what)取自 \(source.path)；\(differing.joined(separator: "、")) 中的不同，没有采用")
                }
            }
            for section in TextSection.allCases {
                try departmentLevel(section.chineseName, { $0.document.texts[section] ?? [] }, empty: []) { try writer.setParagraphs(section, $0) }
            }
            try departmentLevel("部门分项绩效目标", { $0.document.departmentGoals }, empty: []) { try writer.setDepartmentGoals($0) }
            // Assets and last year's figures belong to the units: they add up.
            let withAssets = files.filter { !$0.document.assets.isEmpty }
            if !withAssets.isEmpty {
                try writer.setAssets(Self.addedAssets(withAssets.map(\.document.assets)))
                if withAssets.count > 1 {
                    notes.append("固定资产占用情况为 \(withAssets.map(\.path).joined(separator: "、")) 的合计")
                }
                let dates = Set(withAssets.map(\.document.assets.asOf))
                if dates.count > 1 {
                    notes.append("各文件的资产截止时间不同（\(dates.sorted().joined(separator: "、"))），合并后用 \(withAssets[0].document.assets.asOf)")
                }
            }
            let withPrior = files.filter { $0.document.prior != PriorYear() }
            for item in PriorItem.allCases {
                let amounts = withPrior.compactMap { $0.document.prior.amounts[item] }
                let reason = withPrior.compactMap { $0.document.prior.reasons[item] }.first
                if !amounts.isEmpty || reason != nil {
                    try writer.setPrior(item, amount: amounts.isEmpty ? nil : .some(amounts.reduce(0, +)), reason: reason)
                }
            }
            if withPrior.count > 1 {
                notes.append("上年预算数为 \(withPrior.map(\.path).joined(separator: "、")) 的合计；增减原因取第一个文件的，请核对")
            }
            // Each 项's note: last year's figures add up, 主要用于 and the reason come from the first file that has them.
            let withNotes = files.filter { !$0.document.lineNotes.isEmpty }
            for code in Set(withNotes.flatMap { $0.document.lineNotes.keys }).sorted() {
                let all = withNotes.compactMap { $0.document.lineNotes[code] }
                let priors = all.compactMap(\.prior)
                try writer.setLineNote(
                    code, purpose: all.map(\.purpose).first { !$0.isEmpty } ?? "", prior: .some(priors.isEmpty ? nil : priors.reduce(0, +)),
                    reason: all.map(\.reason).first { !$0.isEmpty } ?? "")
            }
            // Each 款's last-year figure adds up too; the reason is the first file's.
            let withEconomic = files.filter { !$0.document.economicNotes.isEmpty }
            for code in Set(withEconomic.flatMap { $0.document.economicNotes.keys }).sorted() {
                let all = withEconomic.compactMap { $0.document.economicNotes[code] }
                let priors = all.compactMap(\.prior)
                try writer.setEconomicNote(
                    code, prior: .some(priors.isEmpty ? nil : priors.reduce(0, +)), reason: all.map(\.reason).first { !$0.isEmpty } ?? "")
            }
            if withNotes.count > 1 {
                notes.append("各功能科目的上年预算数为 \(withNotes.map(\.path).joined(separator: "、")) 的合计；主要用于和增减原因取第一个填写的文件的，请核对")
            }
            try departmentLevel("名词解释", { $0.glossaryIsStandard ? [] : $0.document.glossary }, empty: []) { try writer.setGlossary($0) }
            try departmentLevel("机关运行经费口径", { $0.document.operationCostScope == .all ? nil : $0.document.operationCostScope }, empty: nil) {
                if let scope = $0 { try writer.setOperationCostScope(scope) }
            }
            for key in Self.settingKeys {
                try departmentLevel(Self.settingName(key), { $0.settings[key] }, empty: nil) { try writer.setSetting(key, $0) }
            }
            // The standards are the department's: the first file's that keeps any. Every file whose
            // standards in effect (its own, else the defaults) differ from those is named.
            let kept = { (file: Contents) in (file.document.roster?.standards ?? StandardTable()).kept.values.sorted { $0.key < $1.key } }
            if let source = files.first(where: { !kept($0).isEmpty }) {
                for standard in kept(source) { try writer.setStandard(standard) }
                let effective = { (file: Contents) in (file.document.roster?.standards ?? StandardTable()).all.map(\.standard) }
                let differing = files.filter { effective($0) != effective(source) }.map(\.path)
                if !differing.isEmpty {
                    notes.append("测算标准取自 \(source.path)；\(differing.joined(separator: "、")) 中的标准与之不同，没有采用：这些单位的测算明细下次重算时会按合并后的标准变化")
                }
            }
            // Confirmed warnings go along (a unit's are in its file only; the first file's wins a
            // key): each still holds only while the merged figures are the ones it confirmed.
            var confirmedKeys: Set<String> = []
            for confirmation in files.flatMap(\.confirmations) where confirmedKeys.insert(confirmation.key).inserted {
                try writer.confirm(confirmation)
            }
            return MergeResult(
                output: output, units: files.reduce(0) { $0 + $1.snapshot.units.count },
                projects: files.reduce(0) { $0 + $1.snapshot.projects.count },
                items: count, total: total, notes: notes)
        }
        try project.close()
        try Self.linkNewFile(temporary, to: output)
        return result
    }

    /// The sum of several units' assets (areas as decimal numbers; the first date).
    static func addedAssets(_ all: [AssetHoldings]) -> AssetHoldings {
        func sum(_ values: [Fen?]) -> Fen? { values.contains { $0 != nil } ? values.reduce(0) { $0 + ($1 ?? 0) } : nil }
        func count(_ values: [Int?]) -> Int? { values.contains { $0 != nil } ? values.reduce(0) { $0 + ($1 ?? 0) } : nil }
        func area(_ values: [String]) -> String {
            let numbers = values.compactMap { Decimal(string: $0) }
            return numbers.isEmpty ? "" : "\(numbers.reduce(0, +))"
        }
        return AssetHoldings(
            asOf: all[0].asOf, total: sum(all.map(\.total)), buildingArea: area(all.map(\.buildingArea)), officeArea: area(all.map(\.officeArea)),
            buildingValue: sum(all.map(\.buildingValue)), vehicleCount: count(all.map(\.vehicleCount)), vehicleValue: sum(all.map(\.vehicleValue)),
            equipmentCount: count(all.map(\.equipmentCount)), equipmentValue: sum(all.map(\.equipmentValue)),
            otherValue: sum(all.map(\.otherValue)), plannedPurchase: sum(all.map(\.plannedPurchase)))
    }

    /// A new project file (merge, rollover) goes where no file is, in a folder that exists; the
    /// temporaries that killed runs of `kind` left beside it are removed first.
    static func checkNewFile(_ output: String, kind: String) throws {
        removeStaleTemporaries(for: output, kind: kind)
        if FileManager.default.fileExists(atPath: output) { throw StoreError.alreadyExists(path: output) }
        let outputFolder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outputFolder, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError.other(path: output, detail: "文件夹 \(outputFolder) 不存在")
        }
    }

    /// Every reason the files cannot be merged.
    static func mergeProblems(_ files: [Contents]) throws {
        var problems: [InputProblem] = []
        let first = files[0]
        for file in files.dropFirst() {
            let (a, b) = (first.snapshot.department, file.snapshot.department)
            if a.year != b.year {
                problems.append(
                    InputProblem(
                        file: file.path, column: "预算年度", value: String(b.year),
                        message: "\(first.path) 是 \(a.year) 年的预算，两者年度不同，不能合并"))
            }
            if a.code != b.code {
                problems.append(
                    InputProblem(
                        file: file.path, column: "部门编码", value: b.code, message: "\(first.path) 的部门编码是 \(a.code)，不是同一个部门，不能合并"))
            }
        }
        var unitOwner: [String: String] = [:]
        var projectOwner: [String: String] = [:]
        for file in files {
            for unit in file.snapshot.units {
                if let other = unitOwner[unit.code] {
                    problems.append(
                        InputProblem(
                            file: file.path, column: "单位编码", value: unit.code, message: "这个单位也在 \(other) 中：同一单位只能来自一个文件"))
                } else {
                    unitOwner[unit.code] = file.path
                }
            }
            for project in file.snapshot.projects {
                if let other = projectOwner[project.name] {
                    problems.append(
                        InputProblem(
                            file: file.path, column: "项目名称", value: project.name,
                            message: "同名项目也在 \(other) 中：请先在其中一个文件中用 budget project rename 改名，再合并"))
                } else {
                    projectOwner[project.name] = file.path
                }
            }
        }
        // A code must have one name: the bureau's lists, the users' names, and the names the
        // items' codes resolve to in each file.
        var named: [String: (name: String, file: String)] = [:]
        func claim(_ kind: CodeKind, _ code: String, _ name: String, _ file: String) {
            let key = kind.rawValue + ":" + code
            if let known = named[key] {
                if known.name != name {
                    problems.append(
                        InputProblem(
                            file: file, column: kind.chineseName, value: code,
                            message: "名称为“\(name)”，而 \(known.file) 中为“\(known.name)”：请先用 budget catalog import 导入同一份科目表"))
                }
            } else {
                named[key] = (name, file)
            }
        }
        for file in files {
            // The name that applies in the file (a bureau's list wins over a user's name).
            for entry in file.bureauCodes + file.userCodes {
                claim(entry.kind, entry.code, file.snapshot.codes.name(entry.kind, entry.code) ?? entry.name, file.path)
            }
            var used: Set<String> = []
            for item in file.snapshot.items {
                for (kind, code) in [(CodeKind.functional, item.functional), (.economic, item.economic)] {
                    guard used.insert(kind.rawValue + code).inserted else { continue }
                    for level in kind.ancestors(of: code) + [code] {
                        if let name = file.snapshot.codes.name(kind, level) { claim(kind, level, name, file.path) }
                    }
                }
            }
        }
        if !problems.isEmpty { throw InputProblems(problems) }
    }
}
