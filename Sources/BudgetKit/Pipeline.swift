import Foundation

/// Hands batches from one thread to another, holding at most a few at a time: the CSV is read
/// and checked on one core while the rows are written on the other.
final class Pipeline<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 4) { self.capacity = capacity }

    /// Waits while the consumer is behind; returns false once the consumer has given up.
    func push(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch, or nil when the producer has finished and everything was taken.
    func pop() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    /// The producer is done.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up; the producer's next push returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// A value set once by another thread and read after it is done.
final class Handoff<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    private let done = DispatchSemaphore(value: 0)

    func set(_ value: Value) {
        lock.withLock { stored = value }
        done.signal()
    }

    func wait() -> Value {
        done.wait()
        return lock.withLock { stored! }
    }
}
