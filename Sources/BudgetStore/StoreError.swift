/// Why a project file could not be opened, created or written.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(path: String)
    case isDirectory(path: String)
    case alreadyExists(path: String)
    case notAProject(path: String, detail: String)
    case foreignApplication(path: String, applicationID: Int32)
    case newerVersion(path: String, found: Int, supported: Int)
    case corrupt(path: String, detail: String)
    case inUse(path: String)
    case readOnly(path: String)
    case readOnlyFolder(path: String)
    case needsUpgrade(path: String)
    case totalsDisagree(path: String)
    case sqliteTooOld(version: String)
    case constraint(detail: String)
    case other(path: String, detail: String)
    /// A journal beside the file does not belong to it and could not be moved aside.
    case foreignJournal(path: String, journal: String, reason: String, detail: String)
    /// A hot journal of this file must be rolled back, but the file or its folder is read-only.
    case needsRecovery(path: String)
    /// The file holds tables, views, triggers or indexes this tool did not make.
    case unknownSchema(path: String, objects: [String])

    public var description: String {
        switch self {
        case .missing(let path):
            "找不到项目文件 \(path)。请检查路径；新建项目请用 budget init。"
        case .isDirectory(let path):
            "\(path) 是一个文件夹，不是项目文件。"
        case .alreadyExists(let path):
            "\(path) 已经存在，没有覆盖它。请换一个文件名，或先把原文件移走。"
        case .notAProject(let path, let detail):
            "\(path) 不是预算项目文件（\(detail)），没有改动它。"
        case .foreignApplication(let path, let id):
            "\(path) 是其他程序的 SQLite 数据库（application_id=\(id)），不是预算项目文件，没有改动它。"
        case .newerVersion(let path, let found, let supported):
            "\(path) 由较新版本的 budget 创建（文件格式版本 \(found)，本程序最高支持 \(supported)），请升级程序后再打开。文件没有改动。"
        case .corrupt(let path, let detail):
            "\(path) 已损坏（\(detail)），没有改动它。请用最近的备份恢复。"
        case .inUse(let path):
            "另一个程序正在使用 \(path)（读取或修改它），等待后仍未结束，请稍后再试。这次没有写入任何内容。"
        case .readOnly(let path):
            "\(path) 是只读的：这个命令需要写入项目文件，但无法写入。这次没有写入任何内容。"
        case .readOnlyFolder(let path):
            "\(path) 所在的文件夹是只读的：修改项目时要在同一文件夹里建临时文件，请把项目放到可写的文件夹。这次没有写入任何内容。"
        case .needsUpgrade(let path):
            "\(path) 是旧版本的项目文件，需要先升级文件格式才能打开，但文件或所在文件夹是只读的。请把它复制到可写的文件夹再打开。文件没有改动。"
        case .totalsDisagree(let path):
            "\(path) 中保存的汇总数与预算明细不一致，没有导出。请运行 budget check --full 查看，并用 budget check --full --rebuild-totals 按明细重新汇总。"
        case .sqliteTooOld(let version):
            "系统的 SQLite 版本 \(version) 太旧，至少需要 3.37。"
        case .constraint(let detail):
            "数据不符合项目文件的规则（\(detail)），没有写入任何内容。"
        case .other(let path, let detail):
            "无法读写 \(path)：\(detail)"
        case .foreignJournal(let path, let journal, let reason, let detail):
            "项目文件 \(path) 旁的日志文件 \(journal) 不属于它（\(reason)），不能用来改动项目文件；要把它改名移开却没有成功（\(detail)）。"
                + "项目文件没有改动。请确认没有别的程序正在使用这个项目后，把这个日志文件移到别处，或把项目复制到可写的文件夹再打开。"
        case .needsRecovery(let path):
            "\(path) 上次的修改没有完成（旁边留有日志文件 \(path)-journal），要先用日志恢复文件才能读取，但文件或所在文件夹是只读的。"
                + "请把项目文件和日志文件一起复制到可写的文件夹再打开。文件没有改动。"
        case .unknownSchema(let path, let objects):
            "\(path) 里有不是本工具建立的数据库对象（\(objects.joined(separator: "、"))），可能是别的程序加进去的；"
                + "在它们移除之前不能修改这个项目（可以查看和导出）。请运行 budget doctor 查看，确认后用 budget doctor --remove-unknown 移除。这次没有写入任何内容。"
        }
    }
}
