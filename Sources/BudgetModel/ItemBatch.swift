/// Checked line items as the CSV importer hands them from the thread that reads the file to the
/// thread that writes them: units, codes and projects by number, each named once, in the batch
/// that first uses it. No strings per item, so that a million items cost a million small records.
public struct ItemBatch: Sendable {
    public struct Item: Equatable, Sendable {
        /// Numbers of the unit and codes: their place in ``Names``.
        public var unit: Int32
        public var functional: Int32
        public var economic: Int32
        /// The project's number, or -1 when the item has none.
        public var project: Int32
        public var type: ExpenditureType
        public var nature: CostNature?
        public var source: FundingSource
        public var amount: Fen
        /// Where the note's UTF-8 is in ``ItemBatch/notes``.
        public var noteStart: Int32
        public var noteLength: Int32
    }

    /// A project first used in this batch.
    public struct Project: Sendable {
        public var name: String
        /// The unit of its first item.
        public var unit: Int32
        /// Not in the project file yet: it is to be created.
        public var isNew: Bool
    }

    public var items: [Item] = []
    public var notes: [UInt8] = []
    /// Units, codes and projects first used in this batch, numbered on from those of earlier batches.
    public var units: [String] = []
    public var functional: [String] = []
    public var economic: [String] = []
    public var projects: [Project] = []
    /// In the last batch of a file only: the totals of all its items.
    public var totals: Totals?

    public init() {}

    /// Sums of items by what the kept totals are kept by, with codes, units and projects by number.
    public struct Totals: Equatable, Sendable {
        /// Codes by their number in the batch (``TotalKey``).
        public typealias Key = TotalKey<Int32>

        public struct Sum: Equatable, Sendable {
            public var amount: Fen = 0
            public var count = 0

            /// Sums may wrap only past the largest total a project may have, which is refused
            /// before any total is kept (`checkProjectTotal`): amounts are never negative.
            mutating func add(_ amount: Fen) {
                self.amount &+= amount
                count += 1
            }
        }

        public private(set) var items: [Key: Sum] = [:]
        /// By unit and project number.
        public private(set) var units: [Sum] = []
        public private(set) var projects: [Sum] = []

        public init() {}

        public mutating func add(_ item: Item) {
            let key = Key(functional: item.functional, economic: item.economic, type: item.type, nature: item.nature, source: item.source)
            items[key, default: Sum()].add(item.amount)
            Self.add(item.amount, at: Int(item.unit), to: &units)
            if item.project >= 0 { Self.add(item.amount, at: Int(item.project), to: &projects) }
        }

        private static func add(_ amount: Fen, at index: Int, to sums: inout [Sum]) {
            if index >= sums.count { sums += repeatElement(Sum(), count: index + 1 - sums.count) }
            sums[index].add(amount)
        }
    }

    /// The names of everything numbered so far, batch by batch.
    public struct Names: Sendable {
        public private(set) var units: [String] = []
        public private(set) var functional: [String] = []
        public private(set) var economic: [String] = []
        public private(set) var projects: [String] = []

        public init() {}

        /// Takes in the names a batch adds; call it for each batch in order, before its items are read.
        public mutating func add(_ batch: ItemBatch) {
            units += batch.units
            functional += batch.functional
            economic += batch.economic
            projects += batch.projects.map(\.name)
        }

        /// An item of `batch` as a line item.
        public func lineItem(_ item: Item, of batch: ItemBatch) -> LineItem {
            let note = batch.notes[Int(item.noteStart)..<Int(item.noteStart + item.noteLength)]
            return LineItem(
                unitCode: units[Int(item.unit)], functional: functional[Int(item.functional)], economic: economic[Int(item.economic)],
                type: item.type, nature: item.nature, project: item.project < 0 ? nil : projects[Int(item.project)], source: item.source,
                amount: item.amount, note: String(decoding: note, as: UTF8.self))
        }
    }
}

extension ItemBatch {
    /// Builds batches of line items already checked (read from a project file) one item at a
    /// time, as the CSV importer's: each batch names the units, codes and projects it uses first,
    /// numbered on from the earlier batches' (projects already in the file they go to: none is
    /// created); the last carries the totals of all the items.
    public struct Builder {
        var batch = ItemBatch()
        var totals = Totals()
        var unitNumbers: [String: Int32] = [:]
        var functionalNumbers: [String: Int32] = [:]
        var economicNumbers: [String: Int32] = [:]
        var projectNumbers: [String: Int32] = [:]

        public init() {}

        /// Items in the batch being built.
        public var count: Int { batch.items.count }

        static func number(_ text: String, _ numbers: inout [String: Int32], _ names: inout [String]) -> Int32 {
            if let known = numbers[text] { return known }
            let next = Int32(numbers.count)
            numbers[text] = next
            names.append(text)
            return next
        }

        public mutating func append(_ line: LineItem) {
            let unit = Self.number(line.unitCode, &unitNumbers, &batch.units)
            var project: Int32 = -1
            if let name = line.project {
                if let known = projectNumbers[name] {
                    project = known
                } else {
                    project = Int32(projectNumbers.count)
                    projectNumbers[name] = project
                    batch.projects.append(Project(name: name, unit: unit, isNew: false))
                }
            }
            let noteStart = Int32(batch.notes.count)
            batch.notes.append(contentsOf: line.note.utf8)
            let item = Item(
                unit: unit, functional: Self.number(line.functional, &functionalNumbers, &batch.functional),
                economic: Self.number(line.economic, &economicNumbers, &batch.economic), project: project, type: line.type,
                nature: line.nature, source: line.source, amount: line.amount, noteStart: noteStart,
                noteLength: Int32(batch.notes.count) - noteStart)
            batch.items.append(item)
            totals.add(item)
        }

        /// The batch built since the last one was taken.
        public mutating func take() -> ItemBatch {
            defer { batch = ItemBatch() }
            return batch
        }

        /// The last batch, with the totals of every item of every batch.
        public mutating func finish() -> ItemBatch {
            var last = take()
            last.totals = totals
            return last
        }
    }
}
