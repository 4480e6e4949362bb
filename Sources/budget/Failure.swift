import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

/// How a command ended when it did not succeed: a stable code printed before the message, and the
/// exit status. Codes and statuses are part of the interface (scripts and support rely on them):
/// never renumber one, only add.
///
/// | status | meaning |
/// | --- | --- |
/// | 1 | input refused, nothing written |
/// | 3 | the project file has a problem (missing, not a project, newer, corrupt, totals disagree) |
/// | 4 | another program is changing the project |
/// | 5 | I/O: read-only, disk full, a workbook that could not be written |
/// | 6 | refused: `check` finds errors (`export` without `--force`, and `check` itself) |
/// | 64 | wrong arguments (swift-argument-parser's usage errors) |
/// | 70 | internal error |
struct Failure: Error, CustomStringConvertible {
    enum Code: String, CaseIterable, Sendable {
        case input = "E-INPUT"
        case fileMissing = "E-FILE-MISSING"
        case fileNotProject = "E-FILE-NOT-PROJECT"
        case fileForeign = "E-FILE-FOREIGN"
        case fileNewer = "E-FILE-NEWER"
        case fileCorrupt = "E-FILE-CORRUPT"
        case fileExists = "E-FILE-EXISTS"
        case fileUpgrade = "E-FILE-UPGRADE"
        case totals = "E-TOTALS"
        case doctor = "E-DOCTOR"
        case busy = "E-BUSY"
        case readOnly = "E-READONLY"
        case io = "E-IO"
        case exportIO = "E-EXPORT-IO"
        case exportRefused = "E-EXPORT-REFUSED"
        case check = "E-CHECK"
        case `internal` = "E-INTERNAL"
        case template = "E-TEMPLATE"
        case journal = "E-JOURNAL"
        case schema = "E-SCHEMA"

        var status: Int32 {
            switch self {
            case .input, .template: 1
            case .fileMissing, .fileNotProject, .fileForeign, .fileNewer, .fileCorrupt, .fileExists, .fileUpgrade, .totals, .doctor,
                .journal, .schema:
                3
            case .busy: 4
            case .readOnly, .io, .exportIO: 5
            case .exportRefused, .check: 6
            case .internal: 70
            }
        }
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code for any error a command body throws.
    init(_ error: any Error) {
        switch error {
        case let failure as Failure: self = failure
        case is InputProblem, is InputProblems: self.init(.input, "\(error)")
        case let error as StoreError: self.init(Self.code(error), error.description)
        case is any ExportWriteFailure: self.init(.exportIO, "\(error)")
        case is ExportRefused: self.init(.exportRefused, "\(error)")
        case is UnitTablesRefused: self.init(.exportRefused, "\(error)")
        case is TemplateError: self.init(.template, "\(error)")
        default: self.init(.internal, "\(error)（程序内部错误，请把这条信息发给技术支持）")
        }
    }

    static func code(_ error: StoreError) -> Code {
        switch error {
        case .constraint: .input
        case .missing: .fileMissing
        case .isDirectory, .notAProject: .fileNotProject
        case .foreignApplication: .fileForeign
        case .newerVersion: .fileNewer
        case .corrupt: .fileCorrupt
        case .alreadyExists: .fileExists
        case .needsUpgrade: .fileUpgrade
        case .totalsDisagree: .totals
        case .inUse: .busy
        case .readOnly, .readOnlyFolder, .needsRecovery: .readOnly
        case .foreignJournal: .journal
        case .unknownSchema: .schema
        case .other: .io
        case .sqliteTooOld: .internal
        }
    }

    /// `错误 E-…：message`, as printed on standard error; whatever came from the input in it is
    /// escaped and cut (``Shown``), so no message can drive the terminal.
    var description: String { "错误 \(code.rawValue)：\(Shown.message(message))" }

    /// Prints the failure on standard error and returns the exit status to end with.
    func report() -> ExitCode {
        FileHandle.standardError.write(Data("\(description)\n".utf8))
        return ExitCode(code.status)
    }
}
