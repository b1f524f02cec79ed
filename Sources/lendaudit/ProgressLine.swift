import Foundation

/// "files 350/12000 · 105.2/s · 1m50s left" on stderr, redrawn in place; only on a terminal.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var lastDrawn = Date.distantPast

    func update(done: Int, total: Int) {
        lock.withLock {
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDrawn) > 0.1 else { return }
            lastDrawn = now
            let elapsed = max(now.timeIntervalSince(start), 0.001)
            let rate = Double(done) / elapsed
            let left = rate > 0 ? Double(total - done) / rate : 0
            let line = String(format: "\rfiles %d/%d · %.1f/s · %@ left ", done, total, rate, Self.duration(left))
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}
