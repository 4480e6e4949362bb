import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// Line items as CSV: import and export.
extension ProjectSession {
    // MARK: - CSV

    public typealias ImportSummary = LineItemCSV.Summary

    /// Imports line items from CSV in one transaction: every row is checked, and either all are
    /// written or none. The file is read in pieces on another thread while this one writes the
    /// rows, so its size does not change the memory needed.
    ///
    /// Into a project that has items, the project is first saved as a snapshot (“导入“x.csv”之前”),
    /// so the import can be undone with `snapshot restore`. With `replace`, the file's items take
    /// the place of all the project's items. Without it, a file whose every line is already in the
    /// project (same unit, codes, type, nature, project, source and amount) is refused as a probable
    /// double import unless `allowDuplicates`; some lines already there are named in the summary.
    /// A new project name within a character or two of one the project has is refused unless
    /// it is in `newProjects` (``ProjectNames``).
    public func importItems(
        from csvPath: String, unit: Money.InputUnit, encoding: EncodingChoice? = nil, replace: Bool = false, allowDuplicates: Bool = false,
        newProjects: Set<String> = [], progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let project = projectFile
        let file = try InputFile(csvPath)
        let fileName = URL(fileURLWithPath: csvPath).lastPathComponent
        if try file.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw InputProblem(file: fileName, message: InputFiles.compoundDocumentMessage)
        }
        // A file that proves not to be UTF-8 rolls its transaction back and is imported again as
        // GB18030, what Excel and WPS save on Chinese Windows (unless the clerk named the encoding).
        return try TextStream.withPlans(for: encoding) { plan in
            try Self.importItems(
                into: project, from: file, fileName: fileName, plan: plan, unit: unit, replace: replace, allowDuplicates: allowDuplicates,
                newProjects: newProjects, progress: progress)
        }
    }

    static func importItems(
        into project: ProjectFile, from file: InputFile, fileName: String, plan: TextStream.Plan, unit: Money.InputUnit,
        replace: Bool = false, allowDuplicates: Bool = false, newProjects: Set<String> = [], progress: ((Int, Int) -> Void)?
    ) throws -> ImportSummary {
        // Past about 50,000 rows, building the indexes once at the end is faster.
        let bulk = file.size > 2_500_000
        return try project.write(bulk: bulk) { writer in
            // What the project had: saved first, so that the import can be undone.
            // (The largest id, found from the index, says whether there are items: no count.)
            let lastBefore = try writer.reader.lastItemID()
            let savedAs = lastBefore > 0 ? try Self.saveBefore("导入", fileName, writer).name : nil
            let replaced = replace && lastBefore > 0 ? try writer.reader.partCounts().items : 0
            let before = replace || lastBefore == 0 ? (count: 0, total: Fen(0)) : try writer.reader.itemCountAndTotal()
            if replaced > 0 { try writer.deleteAllItems() }
            var read = try Self.context(writer.reader)
            read.confirmedNewProjects = newProjects
            let context = read
            if bulk { try writer.dropItemIndexes() }
            let inserter = try writer.inserter()
            let pipeline = Pipeline<ItemBatch>()
            let outcome = Handoff<Result<LineItemCSV.Summary, any Error>>()
            let report = progress.map { report in UncheckedSendable(report) }
            let source = file.source
            Thread.detachNewThread {
                let result = Result {
                    try LineItemCSV.read(source, plan: plan, fileName: fileName, unit: unit, context: context, progress: report?.value) { batch in
                        guard pipeline.push(batch) else { throw CancellationError() }
                    }
                }
                pipeline.finish()
                outcome.set(result)
            }
            do {
                while let batch = pipeline.pop() { try inserter.insert(batch) }
            } catch {
                pipeline.cancel()
                _ = outcome.wait()
                throw error
            }
            let summary = try outcome.wait().get()
            do {
                try inserter.finish()
            } catch var problem as InputProblem {
                problem.file = fileName
                throw InputProblems([problem])
            }
            if bulk { try writer.restoreItemIndexes() }
            try writer.setCodeNames(summary.newCodeNames, origin: .user)
            var result = summary
            result.savedAs = savedAs
            result.replacedItems = replaced
            result.scaleWarning = AmountScale.importWarning(
                importTotal: summary.total, importCount: summary.itemCount, existingTotal: before.total, existingCount: before.count,
                prior: try writer.reader.document().prior)
            if lastBefore > 0 && !replace {
                let (places, added) = try writer.reader.repeatedItems(after: lastBefore)
                if !places.isEmpty && places.count == added && !allowDuplicates {
                    throw Self.doubleImport(fileName, count: added, replace: "--replace")
                }
                result.repeated = places
            }
            return result
        }
    }

    /// Carries a closure the caller promises to use from one thread at a time.
    struct UncheckedSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Writes every line item as CSV (UTF-8 with BOM, so Excel opens it as Chinese text).
    public func exportCSV(to output: String, overwrite: Bool = false, chinese: Bool = false) throws -> Int {
        var text = ""
        var count = 0
        try projectFile.read { reader in
            // Names of codes the bundled catalog lacks travel with the items; the codes in use
            // are those of the kept totals.
            let data = try reader.data()
            let bundled = data.codes.bundled
            let needsNames =
                data.functionalTotals.contains { bundled.name(.functional, $0.functional) == nil }
                || data.economicTotals.contains { bundled.name(.economic, $0.economic) == nil }
            let names = needsNames ? data.codes : nil
            text = LineItemCSV.header(names: names, chinese: chinese)
            try reader.forEachItem { item in
                text += LineItemCSV.row(item, names: names, chinese: chinese)
                count += 1
            }
        }
        try OutputFiles.writeAtomically(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), to: output, overwrite: overwrite)
        return count
    }
}
