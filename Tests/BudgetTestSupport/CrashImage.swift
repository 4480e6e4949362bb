import Foundation
import GRDB

@testable import BudgetStore

/// What a crash in the middle of a write leaves on disk: the project file, part written, and the
/// hot journal beside it. Made by a real write of this tool (``ProjectFile/write``) whose cache is
/// shrunk so that SQLite syncs its journal and spills pages into the file, copied at that moment,
/// then rolled back: the copies are exactly what a power cut would have left.
public struct CrashImage: Sendable {
    public var file: Data
    public var journal: Data

    /// Makes the crash image of a write to `path` that adds `paragraphs` long paragraphs.
    public static func make(of path: String, paragraphs: Int = 300) throws -> CrashImage {
        struct Stop: Error {}
        let project = try ProjectFile.open(at: path)
        defer { try? project.close() }
        var image: CrashImage?
        do {
            try project.write { writer in
                try writer.db.execute(sql: "PRAGMA cache_size = 8")
                defer { try? writer.db.execute(sql: "PRAGMA cache_size = -2000") }
                let text = String(repeating: "因中断而未完成的写入。", count: 120)
                for position in 0..<paragraphs {
                    try writer.db.execute(
                        sql: "INSERT INTO paragraph (section, position, text) VALUES ('other', ?, ?)", arguments: [10_000 + position, text])
                }
                image = CrashImage(
                    file: try Data(contentsOf: URL(fileURLWithPath: path)),
                    journal: try Data(contentsOf: URL(fileURLWithPath: path + "-journal")))
                throw Stop()
            }
        } catch is Stop {}
        guard let image, image.journal.first != 0 else { throw CrashImageError.notHot }
        return image
    }

    /// Puts the image in place of `path` (file and journal).
    public func place(at path: String) throws {
        try file.write(to: URL(fileURLWithPath: path))
        try journal.write(to: URL(fileURLWithPath: path + "-journal"))
    }
}

public enum CrashImageError: Error {
    /// The write did not spill, so its journal was never synced (not hot): enlarge it.
    case notHot
}
