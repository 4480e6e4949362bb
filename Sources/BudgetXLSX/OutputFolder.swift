import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why a file operation failed, in the clerk's words, from `errno`: every I/O message names the
/// real cause (a full disk is not a missing folder).
public enum FileSystemReason {
    public static func describe(_ code: Int32) -> String {
        switch code {
        case ENOSPC: "磁盘已满"
        case EDQUOT: "磁盘已满（超出了你的磁盘配额）"
        case EACCES, EPERM: "没有写权限"
        case ENAMETOOLONG: "文件名太长"
        case ENOENT: "文件夹不存在"
        case EROFS: "磁盘是只读的"
        case ENOTDIR: "路径中有一部分不是文件夹"
        case EISDIR: "这是一个文件夹"
        case EFBIG: "文件超过了允许的大小（ulimit -f）"
        case EIO: "磁盘读写出错"
        case EMFILE, ENFILE: "打开的文件太多"
        case EXDEV: "不在同一个磁盘上"
        case EBUSY, ETXTBSY: "文件正被其他程序使用"
        default: "系统错误 \(code)（\(String(cString: strerror(code)))）"
        }
    }

    /// Free bytes for this user on the disk holding `path`, if it can be asked.
    public static func freeBytes(_ path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Below this much free space a write that failed or came back damaged is blamed on a full
    /// disk (libxlsxwriter does not always pass the write's error on, and a file it wrote on a
    /// full disk can come back cut short).
    public static let nearlyFull: Int64 = 1 << 20

    /// “磁盘已满（只剩 40 KB）” when the disk holding `path` is nearly full, else nil.
    public static func fullDisk(at path: String) -> String? {
        guard let free = freeBytes(path), free < nearlyFull else { return nil }
        return "磁盘已满（只剩 \(free / 1024) KB）"
    }
}

/// A file-system call that failed, with the errno that names its cause.
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// What was being done (“新建临时文件夹”, “替换目标文件”).
    public var action: String
    public var code: Int32

    public init(path: String, action: String, code: Int32 = errno) {
        self.path = path
        self.action = action
        self.code = code
    }

    public var reason: String { FileSystemReason.describe(code) }
    public var description: String { "\(path)（\(action)）：\(reason)" }
}

/// A folder of ours inside an output folder, named `.budget-tmp-<pid>-<random>`: it holds the
/// temporary files of one write (ours and libxlsxwriter's `tmp.XXXXXX`), which are renamed into
/// place or removed with it. A write killed with -9 leaves it behind; the next write into the
/// same folder removes it (its process no longer runs), after completing an interrupted batch
/// (``BatchJournal``).
public struct StagingFolder: Sendable {
    public static let prefix = ".budget-tmp-"
    /// The staging folder itself.
    public let path: String
    /// The output folder it is in.
    public let folder: String

    /// Completes or undoes what killed writes left in `folder` (unless the caller has just done
    /// so), then makes a new staging folder.
    public static func create(in folder: String, tidy: Bool = true) throws(OutputFileError) -> StagingFolder {
        if tidy { try Self.tidy(folder) }
        let path = folder + "/" + prefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(path, 0o700) == 0 else { throw OutputFileError(path: folder, action: "新建临时文件夹") }
        return StagingFolder(path: path, folder: folder)
    }

    /// A new name for a temporary file inside: short, so that a target's long name never makes
    /// its temporary's too long.
    public func newFile(extension ext: String) -> String {
        path + "/" + String(Self.counter.next()) + "." + ext
    }

    /// Removes the folder and everything in it.
    public func remove() { Self.removeTree(path) }

    /// Completes the batches killed processes journalled in `folder`, then removes what they
    /// left unjournalled: done before every write into the folder.
    public static func tidy(_ folder: String) throws(OutputFileError) {
        try BatchJournal.recover(in: folder)
        removeStale(in: folder)
    }

    /// Removes staging folders (and temporary files of older versions, `.NAME.tmp-<pid>…`) left
    /// in `folder` by processes that no longer run.
    public static func removeStale(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            let pid: Int32?
            if name.hasPrefix(prefix) {
                pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" })
            } else if name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) {
                // Older versions' “.NAME.tmp-<pid>-<random>.xlsx” and “.NAME.tmp-<pid>”, nothing else.
                let rest = name[marker.upperBound...]
                let parts = rest.hasSuffix(".xlsx") ? rest.dropLast(5).split(separator: "-", omittingEmptySubsequences: false) : [rest]
                guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { continue }
                pid = Int32(parts[0])
            } else {
                continue
            }
            guard let pid, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            removeTree(folder + "/" + name)
        }
    }

    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// Numbers the temporary files of this process.
    static let counter = Counter()
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var value = 0
        func next() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }
}

/// What is at a path, following links (`stat`): for the writers outside this module, which must
/// not replace a folder or rename over a pipe.
public enum FileKind: Equatable, Sendable {
    /// Nothing there, or not reachable: the errno says why.
    case missing(errno: Int32)
    case directory
    case regular
    /// A pipe, a terminal, a device, /dev/stdout.
    case special

    public static func of(_ path: String) -> FileKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing(errno: errno) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        default: return .special
        }
    }
}

/// Makes a file or folder durable: its bytes (a file) or its names (a folder) reach the disk.
/// Returns the errno when the disk refused.
@discardableResult
public func syncToDisk(_ path: String) -> Int32? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return errno }
    defer { close(fd) }
    return fsync(fd) == 0 ? nil : errno
}

/// Replacing a file that is not ours to replace: another user's, or one without write
/// permission (a colleague's workbook in a shared folder). Refused unless `--overwrite`.
public enum ReplacePermission {
    /// Why `path` (an existing file) may not be replaced without `--overwrite`, or nil.
    public static func problem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        if info.st_uid != geteuid() {
            let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(info.st_uid)"
            return "文件属于另一个用户（\(owner)），没有替换它。如确要替换，加 --overwrite"
        }
        if info.st_mode & S_IWUSR == 0 || access(path, W_OK) != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            return "文件是只读的（权限 \(mode)），没有替换它。如确要替换，加 --overwrite"
        }
        return nil
    }
}

/// libxlsxwriter prints its own errors in English on standard error (`[ERROR] workbook_close():
/// … File name too long`). The clerk gets our Chinese message instead: while any workbook is being
/// drawn, descriptor 2 points at /dev/null. What this program itself prints on standard error
/// (a progress bar, a message) goes through ``standardError``, which is never redirected.
public enum LibraryOutput {
    /// The real standard error, copied before any redirection.
    public static let standardError: FileHandle = {
        let copy = dup(STDERR_FILENO)
        return copy >= 0 ? FileHandle(fileDescriptor: copy, closeOnDealloc: false) : FileHandle.standardError
    }()

    static let lock = NSLock()
    nonisolated(unsafe) static var depth = 0

    /// Runs `body` with descriptor 2 silenced (nested and concurrent calls share one redirection).
    public static func silenced<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        _ = standardError
        lock.withLock {
            if depth == 0 {
                let null = open("/dev/null", O_WRONLY)
                if null >= 0 {
                    dup2(null, STDERR_FILENO)
                    close(null)
                }
            }
            depth += 1
        }
        defer {
            lock.withLock {
                depth -= 1
                if depth == 0 { dup2(standardError.fileDescriptor, STDERR_FILENO) }
            }
        }
        return try body()
    }
}
