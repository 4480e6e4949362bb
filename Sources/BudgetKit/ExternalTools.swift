import Foundation

/// A kept program the document outputs are made with (pandoc, LibreOffice, poppler, qpdf),
/// found on PATH and run in a work folder with its error output kept for the message.
struct ExternalTool {
    let path: String

    /// The program `name` on PATH, else a failure that names the Debian package to install.
    /// `purpose` says what it is needed for; `otherwise` what the clerk may do instead.
    static func find(_ name: String, package: String, purpose: String, output: String, otherwise: String = "") throws -> ExternalTool {
        guard let path = executable(name) else {
            throw OutputWriteFailure(
                file: output,
                message: "\(purpose)：找不到 \(name)。请先安装：apt-get install \(package)（不是管理员时用 sudo apt-get install \(package)）\(otherwise)")
        }
        return ExternalTool(path: path)
    }

    /// Runs the program with `arguments` in `folder`, adding `environment` to this process's;
    /// returns what it printed. A failure (`describe` turns its reason into the message) names
    /// the exit code and what the program wrote on its error output.
    @discardableResult
    func run(
        _ arguments: [String], in folder: URL, environment: [String: String] = [:], failure describe: (String) -> OutputWriteFailure
    ) throws -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = folder.appendingPathComponent("\(name)-\(UUID().uuidString).err")
        let printed = folder.appendingPathComponent("\(name)-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil), let errorFile = try? FileHandle(forWritingTo: errors),
            FileManager.default.createFile(atPath: printed.path, contents: nil), let outputFile = try? FileHandle(forWritingTo: printed)
        else {
            throw describe("无法写入临时文件夹 \(folder.path)")
        }
        defer {
            try? errorFile.close()
            try? outputFile.close()
            try? FileManager.default.removeItem(at: errors)
            try? FileManager.default.removeItem(at: printed)
        }
        process.standardError = errorFile
        process.standardOutput = outputFile
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw describe("无法运行 \(name)（\(path)）：\(error.localizedDescription)") }
        process.waitUntilExit()
        let said = ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            throw describe("\(name) 出错（退出码 \(process.terminationStatus)）\(said.isEmpty ? "" : "：\(said.suffix(600))")")
        }
        return (try? String(contentsOf: printed, encoding: .utf8)) ?? ""
    }

    /// The first executable `name` on PATH.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(folder)/\(name)"
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }
}

/// A temporary work folder, removed with everything in it when done.
struct WorkFolder {
    let url: URL

    init(_ prefix: String, failure: (String) -> OutputWriteFailure) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false) } catch {
            throw failure("无法新建临时文件夹 \(url.path)")
        }
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
