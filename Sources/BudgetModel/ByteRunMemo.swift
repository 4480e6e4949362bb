#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembers one value per distinct run of bytes: the importer judges each distinct text of a
/// column once, and finds the verdict again from the bytes of a field without making a `String`
/// of them. Open addressing over the runs kept back to back.
struct ByteRunMemo<Value> {
    private(set) var values: [Value] = []
    private var keys: [UInt8] = []
    /// Where run `i` ends in `keys` (it starts where run `i - 1` ends).
    private var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Index + 1 of the run in each slot; 0 for an empty slot.
    private var slots = [Int32](repeating: 0, count: 64)

    /// The index of the value remembered for `run`, if there is one.
    func index(of run: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(run)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if hashes[entry - 1] == hash && matches(entry - 1, run) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Remembers `value` for `run`, which has none yet; returns its index.
    mutating func add(_ value: Value, for run: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(run)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        keys.append(contentsOf: run)
        ends.append(keys.count)
        hashes.append(hash)
        values.append(value)
        slots[slot] = Int32(values.count)
        if values.count * 2 > slots.count { grow() }
        return values.count - 1
    }

    /// Changes a remembered value.
    subscript(_ index: Int) -> Value {
        get { values[index] }
        set { values[index] = newValue }
    }

    private func matches(_ index: Int, _ run: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = index == 0 ? 0 : ends[index - 1]
        guard ends[index] - start == run.count else { return false }
        guard let base = run.baseAddress, run.count > 0 else { return true }
        return keys.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, base, run.count) == 0 }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    /// A quick hash of a short run: eight bytes at a time, multiplied and folded.
    static func hash(_ run: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(run.count)
        guard let base = run.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var index = 0
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 29
        }
        while index + 8 <= run.count {
            mix(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        if index < run.count {
            var tail: UInt64 = 0
            for offset in index..<run.count { tail = tail << 8 | UInt64(base[offset]) }
            mix(tail)
        }
        return hash &* 0x94D0_49BB_1331_11EB ^ (hash >> 32)
    }
}
