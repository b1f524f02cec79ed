/// Whether a regular expression matches anywhere in a text, decided without ICU for the patterns
/// rule packs write: literals, groups of alternatives, classes such as `[^。;!?]`, `.`, and
/// quantifiers. Most clauses a regex is tried on do not match, and ICU spent most of a scan
/// backtracking through every branch to find that out. The answer here is exactly ICU's
/// (`firstMatch != nil`): without lookaround, back references, anchors, possessive quantifiers or
/// loops over something that can match nothing, a backtracking match exists if and only if some
/// substring is in the pattern's language, and that is all this decides. ICU still finds the
/// ranges, on the few clauses that match; where ICU gives up (its backtracking stack overflows)
/// it finds none, as it did when it was asked first.
///
/// `compile` gives nil for anything else (`\b`, `\p{…}`, `^`, flags, lookaround, nested or
/// ICU-specific class syntax…: whatever `RegexSyntax` leaves opaque or refuses), and the caller
/// asks ICU as before: a pattern is never judged by rules it was not written for.
///
/// The pattern becomes a position automaton (Glushkov, see `RegexScreen+Positions.swift`): one
/// position per character it can consume, all simulated at once over the text, so the cost is
/// linear in the text whatever the branches. A bounded run of one class, `[^。]{0,60}`, is a
/// single position with a counter rather than sixty: of two threads in the same run, the later
/// one has consumed fewer characters and can still do everything the earlier one can, so only
/// the smallest count is kept.
///
/// A class that owns its tables, as `TermAutomaton.Compiled` does: handing one around is one
/// reference, and a match reads them without bounds checks or a pyramid of
/// `withUnsafeBufferPointer`. Unchecked Sendable: nothing changes after `init`.
final class RegexScreen: @unchecked Sendable {
    private let tables: Tables

    /// For each top-level branch, literals every match of that branch contains: lists of
    /// alternatives, one of each list must occur (`RegexLiterals.branches`). The term automaton
    /// finds them in passing, and a clause missing one of every branch's lists needs no
    /// simulation at all. Nil when some branch has no such list.
    let branchLiterals: [[[String]]]?

    /// Beyond these the pattern is left to ICU: the tables would outgrow what they save.
    static let maxPositions = 4096
    static let maxCount = RegexSyntax.maxCount

    static func compile(_ pattern: String) -> RegexScreen? {
        guard let tree = try? RegexSyntax.parse(pattern) else { return nil }
        var positions = Positions()
        guard let root = try? positions.add(tree) else { return nil }
        return RegexScreen(tables: Tables(positions, root: root), branchLiterals: RegexLiterals.branches(tree))
    }

    private init(tables: Tables, branchLiterals: [[[String]]]?) {
        self.tables = tables
        self.branchLiterals = branchLiterals
    }

    deinit {
        tables.deallocate()
    }

    func matches(_ text: [Unicode.Scalar]) -> Bool {
        matches(text[...])
    }

    func matches(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        let tables = self.tables
        if tables.matchesEmpty { return true }
        let count = tables.limits.count
        // Per position: the step it was last reached in, and its slot in the list being built;
        // then the two lists of (position, scalars consumed in its run).
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: count * 6) { memory in
            let base = memory.baseAddress!
            // Slots and lists are written before they are read; only the steps must start at 0.
            base.initialize(repeating: 0, count: count)
            return text.withUnsafeBufferPointer { text in
                Self.run(text, tables, stamps: base, slots: base + count, lists: (base + 2 * count, base + 4 * count))
            }
        }
    }

    /// The automaton, flat. Position `p` consumes the scalars in `lows[i]...highs[i]` for `i` in
    /// `rangeStart[p]..<rangeStart[p + 1]`, or every other scalar when `negated[p]`.
    private struct Tables {
        let rangeStart: UnsafeMutableBufferPointer<Int32>
        let lows: UnsafeMutableBufferPointer<UInt32>
        let highs: UnsafeMutableBufferPointer<UInt32>
        let negated: UnsafeMutableBufferPointer<Bool>
        /// How many scalars in a row position `p` may consume (1 unless it is a run).
        let limits: UnsafeMutableBufferPointer<Int32>
        /// The positions that may consume the next scalar after `p`, entered afresh:
        /// `followTargets[followStart[p]..<followStart[p + 1]]`.
        let followStart: UnsafeMutableBufferPointer<Int32>
        let followTargets: UnsafeMutableBufferPointer<Int32>
        /// Positions whose scalar can end a match.
        let accepting: UnsafeMutableBufferPointer<Bool>
        let matchesEmpty: Bool
        /// The positions a match can start with, by scalar (`startKeys` sorted, each key's
        /// positions `startTargets[startOffsets[k]..<startOffsets[k + 1]]`), with a bitmap over
        /// the BMP to pass most scalars by; and the positions of large or negated classes, tried
        /// on every scalar.
        let startBitmap: UnsafeMutableBufferPointer<UInt64>
        let startKeys: UnsafeMutableBufferPointer<UInt32>
        let startOffsets: UnsafeMutableBufferPointer<Int32>
        let startTargets: UnsafeMutableBufferPointer<Int32>
        let startsEverywhere: UnsafeMutableBufferPointer<Int32>

        init(_ positions: Positions, root: Positions.Fragment) {
            var rangeStart: [Int32] = []
            var lows: [UInt32] = []
            var highs: [UInt32] = []
            for set in positions.sets {
                rangeStart.append(Int32(lows.count))
                lows += set.ranges.map(\.lowerBound)
                highs += set.ranges.map(\.upperBound)
            }
            rangeStart.append(Int32(lows.count))
            self.rangeStart = Self.copy(rangeStart)
            self.lows = Self.copy(lows)
            self.highs = Self.copy(highs)
            negated = Self.copy(positions.sets.map(\.negated))
            var followStart: [Int32] = []
            var followTargets: [Int32] = []
            for follow in positions.follow {
                followStart.append(Int32(followTargets.count))
                followTargets += follow.sorted()
            }
            followStart.append(Int32(followTargets.count))
            limits = Self.copy(positions.limits)
            self.followStart = Self.copy(followStart)
            self.followTargets = Self.copy(followTargets)
            var accepting = [Bool](repeating: false, count: positions.sets.count)
            for position in root.last { accepting[Int(position)] = true }
            self.accepting = Self.copy(accepting)
            matchesEmpty = root.nullable

            var byScalar: [UInt32: [Int32]] = [:]
            var everywhere: [Int32] = []
            for position in root.first.sorted() {
                let set = positions.sets[Int(position)]
                let size = set.ranges.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 }
                if set.negated || size > 64 {
                    everywhere.append(position)
                } else {
                    for range in set.ranges {
                        for scalar in range { byScalar[scalar, default: []].append(position) }
                    }
                }
            }
            var bitmap = [UInt64](repeating: 0, count: 0x10000 / 64)
            var startOffsets: [Int32] = []
            var startTargets: [Int32] = []
            let keys = byScalar.keys.sorted()
            for key in keys {
                if key < 0x10000 { bitmap[Int(key) / 64] |= 1 << (key % 64) }
                startOffsets.append(Int32(startTargets.count))
                startTargets += byScalar[key] ?? []
            }
            startOffsets.append(Int32(startTargets.count))
            startBitmap = Self.copy(bitmap)
            startKeys = Self.copy(keys)
            self.startOffsets = Self.copy(startOffsets)
            self.startTargets = Self.copy(startTargets)
            startsEverywhere = Self.copy(everywhere)
        }

        func deallocate() {
            rangeStart.deallocate()
            lows.deallocate()
            highs.deallocate()
            negated.deallocate()
            limits.deallocate()
            followStart.deallocate()
            followTargets.deallocate()
            accepting.deallocate()
            startBitmap.deallocate()
            startKeys.deallocate()
            startOffsets.deallocate()
            startTargets.deallocate()
            startsEverywhere.deallocate()
        }

        private static func copy<Element>(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
            _ = buffer.initialize(from: array)
            return buffer
        }

        @inline(__always)
        func consumes(_ position: Int, _ scalar: UInt32) -> Bool {
            var inside = false
            for index in Int(rangeStart[position])..<Int(rangeStart[position + 1])
            where lows[index] <= scalar && scalar <= highs[index] {
                inside = true
                break
            }
            return inside != negated[position]
        }

        @inline(__always)
        func startKey(_ value: UInt32) -> Int? {
            if value < 0x10000, startBitmap[Int(value) / 64] & (1 << (value % 64)) == 0 { return nil }
            var low = 0
            var high = startKeys.count
            while low < high {
                let middle = (low + high) / 2
                if startKeys[middle] == value { return middle }
                if startKeys[middle] < value { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    private static func run(
        _ text: UnsafeBufferPointer<Unicode.Scalar>, _ tables: Tables, stamps: UnsafeMutablePointer<Int32>,
        slots: UnsafeMutablePointer<Int32>, lists: (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>)
    ) -> Bool {
        var current = lists.0
        var next = lists.1
        var currentLength = 0
        var nextLength = 0
        var step: Int32 = 0
        /// Records that `position` consumed the scalar with `consumed` scalars in its run so far;
        /// true when that completes a match.
        @inline(__always)
        func reach(_ position: Int, _ consumed: Int32) -> Bool {
            if stamps[position] == step {
                let slot = Int(slots[position])
                if consumed < next[slot + 1] { next[slot + 1] = consumed }
                return false
            }
            if tables.accepting[position] { return true }
            stamps[position] = step
            slots[position] = Int32(nextLength)
            next[nextLength] = Int32(position)
            next[nextLength + 1] = consumed
            nextLength += 2
            return false
        }
        for scalar in text {
            let value = scalar.value
            if currentLength == 0, tables.startsEverywhere.isEmpty {
                if value < 0x10000 {
                    if tables.startBitmap[Int(value) / 64] & (1 << (value % 64)) == 0 { continue }
                } else if tables.startKeys.isEmpty {
                    continue
                }
            }
            step += 1
            nextLength = 0
            var entry = 0
            while entry < currentLength {
                let position = Int(current[entry])
                let consumed = current[entry + 1]
                entry += 2
                if consumed < tables.limits[position], tables.consumes(position, value), reach(position, consumed + 1) { return true }
                for follow in Int(tables.followStart[position])..<Int(tables.followStart[position + 1]) {
                    let target = Int(tables.followTargets[follow])
                    if tables.consumes(target, value), reach(target, 1) { return true }
                }
            }
            for position in tables.startsEverywhere where tables.consumes(Int(position), value) {
                if reach(Int(position), 1) { return true }
            }
            if let key = tables.startKey(value) {
                for index in Int(tables.startOffsets[key])..<Int(tables.startOffsets[key + 1]) where reach(Int(tables.startTargets[index]), 1) {
                    return true
                }
            }
            swap(&current, &next)
            currentLength = nextLength
        }
        return false
    }
}
