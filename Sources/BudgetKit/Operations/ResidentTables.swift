import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

/// The template's tables of a long-running session (the browser workbench) and what they are
/// computed from, kept between edits: the kept totals are read from the file once, then each
/// item edit made through the session applies its delta to them (the old line out, the new one
/// in) instead of reading 138,156 totals again at a million items, and to the engine's totals
/// collapsed for the fixed tables (``ReportEngine/CollapseCache``). The tables themselves are
/// still computed by the ``DisclosurePipeline`` from that input, and kept until the next edit.
///
/// Valid only while the file's write count is the one it was read or last edited at: a write by
/// any other operation, or by another program, moves the count and the next ``ProjectSession/reports(template:variant:)``
/// reads the file again.
struct ResidentTables {
    var input: DisclosureInput
    /// The file's write count the input agrees with.
    var writes: Int64
    /// The tables computed from `input`, once asked for.
    var reports: ReportSet?
    /// The engine's totals collapsed for the fixed tables, kept by the same deltas.
    var collapsed = ReportEngine.CollapseCache()
    /// Tables computed alone from `input`, by id, once asked for.
    var alone: [String: ReportSet] = [:]

    /// Takes `removed` lines out of the totals and puts `added` ones in, as the store's
    /// ``TotalsDelta`` does to the kept tables: a total left with no item goes.
    mutating func apply(removed: [LineItem], added: [LineItem]) {
        reports = nil
        alone = [:]
        collapsed.add(removed, sign: -1)
        collapsed.add(added, sign: 1)
        var data = input.data
        input.data.totals = nil  // the arrays below are changed in place, not copied
        input.data.functionalTotals = []
        input.data.economicTotals = []
        for (lines, sign) in [(removed, -1), (added, 1)] {
            for line in lines {
                let key = ItemTotal.Key(line)
                let amount = Fen(sign) * line.amount
                if data.totals != nil { Self.add(amount, sign, to: &data.totals!, key: key) }
                Self.add(amount, sign, to: &data.functionalTotals, key: key.projected(functional: true, economic: false))
                Self.add(amount, sign, to: &data.economicTotals, key: key.projected(functional: false, economic: true))
                let units = data.unitItemCounts[line.unitCode, default: 0] + sign
                data.unitItemCounts[line.unitCode] = units == 0 ? nil : units
                if let project = line.project {
                    let count = data.projectItemCounts[project, default: 0] + sign
                    data.projectItemCounts[project] = count == 0 ? nil : count
                    data.projectAmounts[project] = count == 0 ? nil : data.projectAmounts[project, default: 0] + amount
                }
                if line.amount == 0, let id = line.id {
                    let index = data.zeroAmountItems.partitioningIndex { $0 >= id }
                    if sign < 0, index < data.zeroAmountItems.count, data.zeroAmountItems[index] == id {
                        data.zeroAmountItems.remove(at: index)
                    } else if sign > 0 {
                        data.zeroAmountItems.insert(id, at: index)
                    }
                }
            }
        }
        input.data = data
    }

    /// Adds to the total of `key` in totals sorted as the file reads them (``ItemTotal``'s
    /// order), inserting it where it is missing and removing it when it is left with no item.
    static func add(_ amount: Fen, _ count: Int, to totals: inout [ItemTotal], key: ItemTotal.Key) {
        let probe = ItemTotal(key: key, amount: 0, count: 0)
        var index = totals.partitioningIndex { !($0 < probe) }
        if index == totals.count || totals[index].key != key {
            // Not where the order puts it: looked for everywhere before a second row is made.
            if let found = totals.firstIndex(where: { $0.key == key }) { index = found }
        }
        if index < totals.count, totals[index].key == key {
            totals[index].amount += amount
            totals[index].count += count
            if totals[index].count == 0 { totals.remove(at: index) }
        } else {
            totals.insert(ItemTotal(key: key, amount: amount, count: count), at: index)
        }
    }
}

extension Array {
    /// The first index whose element is in the second part of an array split by `belongs`
    /// (false, then true): a binary search.
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

extension ProjectSession {
    /// The template's tables of the project's own template, from the resident input when the
    /// file has not been written since (but by this session's item edits), else read afresh.
    /// With `only` (a table's id), that table alone when it computes alone
    /// (``ReportEngine/computesAlone(_:_:)``), else every table.
    func residentReports(only id: String? = nil) throws -> ReportSet {
        let template = try template()
        let writes = try writeCount()
        let resident: ResidentTables
        if let known = lock.withLock({ residentTables }), known.writes == writes, known.input.template.name == template.name,
            known.input.template.variantName == template.variantName
        {
            resident = known
        } else {
            let (input, read) = try projectFile.read { reader in
                (try Self.input(reader, using: template, tablesOnly: true), try reader.writeCount())
            }
            resident = ResidentTables(input: input, writes: read)
            lock.withLock {
                residentTables = resident
                residentLoads += 1
            }
        }
        if let reports = resident.reports { return reports }
        let alone =
            id.map { id in
                ReportEngine.computesAlone(template, resident.input.data.tableSettings) && template.tables.contains { $0.id == id }
            } ?? false
        if alone, let id, let reports = resident.alone[id] { return reports }
        var collapsed = resident.collapsed
        let reports = try DisclosurePipeline.run(
            resident.input, scope: .tables, checking: .none, collapsed: &collapsed, only: alone ? id.map { [$0] } : nil
        ).reports
        lock.withLock {
            guard residentTables?.writes == resident.writes else { return }
            residentTables?.collapsed = collapsed
            if alone, let id { residentTables?.alone[id] = reports } else { residentTables?.reports = reports }
        }
        return reports
    }

    /// One of the template's tables, from the resident input: the tables it is in (that table
    /// alone when its figures and format depend on no other table, else every table). What a
    /// front end that shows one table asks for after each edit.
    public func reports(table id: String) throws -> ReportSet {
        try residentReports(only: id)
    }

    /// After an item edit this session committed as write number `writes`: its delta applied to
    /// the resident tables when they agreed with the file just before it, else they are dropped.
    /// `exact` false (a project or a code name was made on the way) drops them too, as does a
    /// template whose 机关运行经费 sums line items by unit nature (not kept by delta).
    func residentEdit(removed: [LineItem], added: [LineItem], writes: Int64, exact: Bool = true) {
        lock.withLock {
            guard exact, var resident = residentTables, resident.writes == writes - 1, resident.input.data.publicFundsByUnitNature == nil
            else {
                residentTables = nil
                return
            }
            residentTables = nil  // the one reference while the totals change in place
            resident.apply(removed: removed, added: added)
            resident.writes = writes
            residentTables = resident
        }
    }

    /// How many times the resident tables were read from the file (for tests: edits through the
    /// session do not read them again).
    public var residentTableReads: Int { lock.withLock { residentLoads } }
}
