import BudgetModel
import BudgetStore

/// The 人员 and 标准 sheets: the roster and the standards, by the rules of `budget roster import`
/// and `budget standards import`. The roster replaces the project's; a standard equal to the
/// tool's default (value and source) is not kept, so a workbook read back unchanged keeps what
/// the project had. The units are recalculated afterwards, in the same transaction.
struct RosterSheet {
    var groups: [RosterGroup] = []
    var profiles: [String: ProjectSession.ProfileCells] = [:]
    var standards: [Standard] = []
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets, unitCodes: Set<String>, before: ProjectBefore) {
        if sheets.has(.roster) {
            let rows = sheets.rows(.roster)
            let table = DraftSheets.numbered(rows)
            let (groups, found) = ProjectSession.readRoster(table, file: nil, units: unitCodes)
            self.groups = groups
            problems += sheets.locate(found, rows, .roster)
            if found.isEmpty {
                let (cells, wrong) = ProjectSession.readProfileCells(table, groups: groups, file: nil, codes: before.codes)
                self.profiles = cells
                problems += sheets.locate(wrong, rows, .roster)
            }
        }
        if sheets.has(.standards) {
            let rows = sheets.rows(.standards)
            let (standards, found) = ProjectSession.readStandards(
                DraftSheets.numbered(rows), file: nil, current: before.standards, codes: before.codes)
            self.standards = standards
            problems += sheets.locate(found, rows, .standards)
        }
    }

    /// The roster and standards replaced by the sheets', then every unit with a roster (or
    /// lines made before) recalculated.
    func write(_ writer: ProjectWriter, _ sheets: DraftSheets) throws {
        guard sheets.has(.roster) || sheets.has(.standards) else { return }
        if sheets.has(.roster) {
            for group in try writer.reader.rosterGroups() { try writer.deleteRosterGroup(id: group.id ?? 0) }
            let profiles = try writer.reader.unitProfiles()
            for (unit, given) in self.profiles.sorted(by: { $0.key < $1.key }) {
                var profile = profiles[unit] ?? UnitProfile(unitCode: unit)
                given.apply(to: &profile)
                if profile != profiles[unit] { try writer.setUnitProfile(profile) }
            }
            for group in groups { try writer.insertRosterGroup(group) }
        }
        if sheets.has(.standards) {
            let given = Set(standards.map(\.key))
            for (standard, isDefault) in try writer.reader.standards().all where !isDefault && !given.contains(standard.key) {
                try writer.removeStandard(key: standard.key)
            }
            for standard in standards {
                if let known = StandardKey(rawValue: standard.key), known.standard == standard {
                    try writer.removeStandard(key: standard.key)
                } else {
                    try writer.setStandard(standard)
                }
            }
        }
        _ = try ProjectSession.recalculate(units: nil, writer)
    }
}
