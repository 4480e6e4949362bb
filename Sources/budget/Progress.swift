import BudgetKit
import Foundation

/// A progress bar on the terminal for work that takes more than a moment: how far, how fast,
/// how long to go. Silent when standard error is not a terminal (a pipe, a file, CI).
final class ProgressBar: @unchecked Sendable {
    let label: String
    let unit: String
    let start = Date()
    let enabled = isatty(STDERR_FILENO) == 1
    var lastDraw = Date.distantPast
    var drawn = false

    /// The unit of a file read: shown in MB rather than a count of bytes.
    static let bytes = "字节"

    init(_ label: String, unit: String) {
        self.label = label
        self.unit = unit
    }

    /// `done` of `total` (bytes, units, …); `count` is what to show as done (rows, files).
    func update(_ done: Int, of total: Int, count: Int? = nil) {
        guard enabled, total > 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
        lastDraw = now
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = now.timeIntervalSince(start)
        let shown = count ?? done
        let rate = Double(shown) / max(elapsed, 0.001)
        let left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let amounts =
            unit == Self.bytes
            ? String(format: "%.1f MB  %.1f MB/秒", Double(shown) / 1_048_576, rate / 1_048_576)
            : "\(shown) \(unit)  \(Int(rate)) \(unit)/秒"
        let line = "\r\(label) \(bar) \(Int(fraction * 100))%  \(amounts)  剩余约 \(Int(left.rounded())) 秒 "
        Console.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Clears the bar's line.
    func finish() {
        guard drawn else { return }
        Console.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
