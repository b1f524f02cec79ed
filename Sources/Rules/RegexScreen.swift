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
/// ICU-specific class syntax…), and the caller asks ICU as before: a pattern is never judged by
/// rules it was not written for.
///
/// The pattern becomes a position automaton (Glushkov): one position per character it can
/// consume, all simulated at once over the text, so the cost is linear in the text whatever the
/// branches. A bounded run of one class, `[^。]{0,60}`, is a single position with a counter
/// rather than sixty: of two threads in the same run, the later one has consumed fewer characters
/// and can still do everything the earlier one can, so only the smallest count is kept.
///
/// A class, so handing one around is one reference, not a retain per table.
final class RegexScreen: Sendable {
    /// Position `p` consumes the scalars in `lows[i]...highs[i]` for `i` in
    /// `rangeStart[p]..<rangeStart[p + 1]`, or every other scalar when `negated[p]`.
    private let rangeStart: [Int32]
    private let lows: [UInt32]
    private let highs: [UInt32]
    private let negated: [Bool]
    /// How many scalars in a row position `p` may consume (1 unless it is a run).
    private let limits: [Int32]
    /// The positions that may consume the next scalar after `p`, entered afresh:
    /// `followTargets[followStart[p]..<followStart[p + 1]]`.
    private let followStart: [Int32]
    private let followTargets: [Int32]
    /// Positions whose scalar can end a match.
    private let accepting: [Bool]
    private let matchesEmpty: Bool
    /// The positions a match can start with, by scalar (`startKeys` sorted, each key's positions
    /// `startTargets[startOffsets[k]..<startOffsets[k + 1]]`), with a bitmap over the BMP to pass
    /// most scalars by; and the positions of large or negated classes, tried on every scalar.
    private let startBitmap: [UInt64]
    private let startKeys: [UInt32]
    private let startOffsets: [Int32]
    private let startTargets: [Int32]
    private let startsEverywhere: [Int32]

    /// For each top-level branch, literals every match of that branch contains: lists of
    /// alternatives, one of each list must occur. The term automaton finds them in passing, and a
    /// clause missing one of every branch's lists needs no simulation at all. Nil when some branch
    /// has no such list.
    let branchLiterals: [[[String]]]?

    /// Beyond these the pattern is left to ICU: the tables would outgrow what they save.
    static let maxPositions = 4096
    static let maxCount = 1000

    static func compile(_ pattern: String) -> RegexScreen? {
        guard let tree = try? Parser.parse(pattern) else { return nil }
        var builder = Builder()
        guard let root = try? builder.add(tree) else { return nil }
        return RegexScreen(builder: builder, root: root, branchLiterals: LiteralFactors.branches(tree))
    }

    private init(builder: Builder, root: Builder.Fragment, branchLiterals: [[[String]]]?) {
        self.branchLiterals = branchLiterals
        var rangeStart: [Int32] = []
        var lows: [UInt32] = []
        var highs: [UInt32] = []
        for set in builder.sets {
            rangeStart.append(Int32(lows.count))
            lows += set.ranges.map(\.lowerBound)
            highs += set.ranges.map(\.upperBound)
        }
        rangeStart.append(Int32(lows.count))
        self.rangeStart = rangeStart
        self.lows = lows
        self.highs = highs
        negated = builder.sets.map(\.negated)
        var followStart: [Int32] = []
        var followTargets: [Int32] = []
        for follow in builder.follow {
            followStart.append(Int32(followTargets.count))
            followTargets += follow.sorted()
        }
        followStart.append(Int32(followTargets.count))
        self.limits = builder.limits
        self.followStart = followStart
        self.followTargets = followTargets
        var accepting = [Bool](repeating: false, count: builder.sets.count)
        for position in root.last { accepting[Int(position)] = true }
        self.accepting = accepting
        matchesEmpty = root.nullable

        var byScalar: [UInt32: [Int32]] = [:]
        var everywhere: [Int32] = []
        for position in root.first.sorted() {
            let set = builder.sets[Int(position)]
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
        startBitmap = bitmap
        startKeys = keys
        self.startOffsets = startOffsets
        self.startTargets = startTargets
        startsEverywhere = everywhere
    }

    func matches(_ text: [Unicode.Scalar]) -> Bool {
        matches(text[...])
    }

    func matches(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        if matchesEmpty { return true }
        let count = limits.count
        // Per position: the step it was last reached in, and its slot in the list being built;
        // then the two lists of (position, scalars consumed in its run).
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: count * 6) { memory in
            let base = memory.baseAddress!
            // Slots and lists are written before they are read; only the steps must start at 0.
            base.initialize(repeating: 0, count: count)
            return rangeStart.withUnsafeBufferPointer { rangeStart in
                lows.withUnsafeBufferPointer { lows in
                    highs.withUnsafeBufferPointer { highs in
                        negated.withUnsafeBufferPointer { negated in
                            limits.withUnsafeBufferPointer { limits in
                                followStart.withUnsafeBufferPointer { followStart in
                                    followTargets.withUnsafeBufferPointer { followTargets in
                                        accepting.withUnsafeBufferPointer { accepting in
                                            text.withUnsafeBufferPointer { text in
                                                let tables = Tables(
                                                    rangeStart: rangeStart, lows: lows, highs: highs, negated: negated, limits: limits,
                                                    followStart: followStart, followTargets: followTargets, accepting: accepting
                                                )
                                                return run(text, tables, stamps: base, slots: base + count, lists: (base + 2 * count, base + 4 * count))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private struct Tables {
        var rangeStart: UnsafeBufferPointer<Int32>
        var lows: UnsafeBufferPointer<UInt32>
        var highs: UnsafeBufferPointer<UInt32>
        var negated: UnsafeBufferPointer<Bool>
        var limits: UnsafeBufferPointer<Int32>
        var followStart: UnsafeBufferPointer<Int32>
        var followTargets: UnsafeBufferPointer<Int32>
        var accepting: UnsafeBufferPointer<Bool>

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
    }

    private func run(
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
            if currentLength == 0, startsEverywhere.isEmpty {
                if value < 0x10000 {
                    if startBitmap[Int(value) / 64] & (1 << (value % 64)) == 0 { continue }
                } else if startKeys.isEmpty {
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
            for position in startsEverywhere where tables.consumes(Int(position), value) {
                if reach(Int(position), 1) { return true }
            }
            if let key = startKey(value) {
                for index in Int(startOffsets[key])..<Int(startOffsets[key + 1]) where reach(Int(startTargets[index]), 1) {
                    return true
                }
            }
            swap(&current, &next)
            currentLength = nextLength
        }
        return false
    }

    private func startKey(_ value: UInt32) -> Int? {
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

private struct Unsupported: Error {}

/// A set of scalars: the union of `ranges`, or its complement.
private struct ScalarSet {
    var ranges: [ClosedRange<UInt32>]
    var negated: Bool

    /// `.` without `dotMatchesLineSeparators`: ICU's line terminators are the complement.
    static let anyButLineTerminator = ScalarSet(ranges: [0x0A...0x0D, 0x85...0x85, 0x2028...0x2029], negated: true)

    static func scalar(_ scalar: Unicode.Scalar) -> ScalarSet {
        ScalarSet(ranges: [scalar.value...scalar.value], negated: false)
    }

    /// The one scalar of a plain character.
    var single: Unicode.Scalar? {
        guard !negated, ranges.count == 1, ranges[0].lowerBound == ranges[0].upperBound else { return nil }
        return Unicode.Scalar(ranges[0].lowerBound)
    }
}

private indirect enum PatternNode {
    case set(ScalarSet)
    case sequence([PatternNode])
    case choice([PatternNode])
    /// `max` nil: unbounded.
    case repeated(PatternNode, min: Int, max: Int?)

    var matchesEmpty: Bool {
        switch self {
        case .set: false
        case .sequence(let items): items.allSatisfy(\.matchesEmpty)
        case .choice(let branches): branches.contains(where: \.matchesEmpty)
        case .repeated(let item, let min, _): min == 0 || item.matchesEmpty
        }
    }
}

/// Reads the subset `RegexScreen` decides; throws at the first thing outside it.
private struct Parser {
    private let pattern: [Unicode.Scalar]
    private var index = 0

    private init(pattern: [Unicode.Scalar]) {
        self.pattern = pattern
    }

    static func parse(_ pattern: String) throws(Unsupported) -> PatternNode {
        var parser = Parser(pattern: Array(pattern.unicodeScalars))
        let tree = try parser.alternation()
        // A `)` without its `(`.
        guard parser.index == parser.pattern.count else { throw Unsupported() }
        return tree
    }

    private var next: Unicode.Scalar? { index < pattern.count ? pattern[index] : nil }

    private mutating func alternation() throws(Unsupported) -> PatternNode {
        var branches = [try sequence()]
        while next == "|" {
            index += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .choice(branches)
    }

    private mutating func sequence() throws(Unsupported) -> PatternNode {
        var items: [PatternNode] = []
        while let scalar = next, scalar != "|", scalar != ")" {
            let item = try atom()
            if let (low, high) = try quantifier() {
                items.append(.repeated(item, min: low, max: high))
            } else {
                items.append(item)
            }
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func atom() throws(Unsupported) -> PatternNode {
        let scalar = pattern[index]
        index += 1
        switch scalar {
        case "(":
            if next == "?" {
                guard index + 1 < pattern.count, pattern[index + 1] == ":" else { throw Unsupported() }
                index += 2
            }
            let inner = try alternation()
            guard next == ")" else { throw Unsupported() }
            index += 1
            return inner
        case "[":
            return .set(try characterClass())
        case ".":
            return .set(.anyButLineTerminator)
        case "\\":
            return .set(.scalar(try escaped()))
        case "^", "$", "?", "*", "+", "{", "}", "]":
            throw Unsupported()
        default:
            return .set(.scalar(scalar))
        }
    }

    /// `\` and an ASCII punctuation mark stands for the mark; letters and digits after `\` are
    /// classes, anchors or code points ICU reads its own way.
    private mutating func escaped() throws(Unsupported) -> Unicode.Scalar {
        guard let scalar = next, scalar.isASCII, scalar.properties.isPatternSyntax else { throw Unsupported() }
        index += 1
        return scalar
    }

    /// `[…]` with plain scalars, escaped marks and ranges; no nesting, set operations, properties
    /// or white space (which ICU's set syntax may skip).
    private mutating func characterClass() throws(Unsupported) -> ScalarSet {
        var set = ScalarSet(ranges: [], negated: false)
        if next == "^" {
            set.negated = true
            index += 1
        }
        while true {
            guard let scalar = next else { throw Unsupported() }
            index += 1
            if scalar == "]", !set.ranges.isEmpty { return set }
            let low = try classMember(scalar)
            if next == "-", index + 1 < pattern.count, pattern[index + 1] != "]" {
                index += 1
                let high = try classMember(pattern[index])
                index += 1
                guard low <= high else { throw Unsupported() }
                set.ranges.append(low.value...high.value)
            } else {
                set.ranges.append(low.value...low.value)
            }
        }
    }

    private mutating func classMember(_ scalar: Unicode.Scalar) throws(Unsupported) -> Unicode.Scalar {
        if scalar == "\\" { return try escaped() }
        guard !"[]-&^${}:".unicodeScalars.contains(scalar), !scalar.properties.isWhitespace,
              !scalar.properties.isPatternWhitespace else { throw Unsupported() }
        return scalar
    }

    private mutating func quantifier() throws(Unsupported) -> (Int, Int?)? {
        guard let scalar = next else { return nil }
        let bounds: (Int, Int?)
        switch scalar {
        case "?":
            bounds = (0, 1)
        case "*":
            bounds = (0, nil)
        case "+":
            bounds = (1, nil)
        case "{":
            index += 1
            let low = try number()
            var high: Int? = low
            if next == "," {
                index += 1
                high = next == "}" ? nil : try number()
            }
            guard next == "}", (high ?? low) >= low else { throw Unsupported() }
            bounds = (low, high)
        default:
            return nil
        }
        index += 1
        // Lazy finds a match wherever greedy does; possessive may not.
        if next == "?" { index += 1 }
        if let following = next, "?*+{".unicodeScalars.contains(following) { throw Unsupported() }
        return bounds
    }

    private mutating func number() throws(Unsupported) -> Int {
        var value = 0
        var digits = 0
        while let scalar = next, ("0"..."9").contains(scalar) {
            value = value * 10 + Int(scalar.value - 48)
            digits += 1
            index += 1
            guard value <= RegexScreen.maxCount else { throw Unsupported() }
        }
        guard digits > 0 else { throw Unsupported() }
        return value
    }
}

/// Glushkov's construction: positions, and for each the positions that may follow it.
private struct Builder {
    struct Fragment {
        var first: [Int32]
        var last: [Int32]
        var nullable: Bool
    }

    var sets: [ScalarSet] = []
    var limits: [Int32] = []
    var follow: [Set<Int32>] = []

    mutating func add(_ node: PatternNode) throws(Unsupported) -> Fragment {
        switch node {
        case .set(let set):
            return try position(set, limit: 1, nullable: false)
        case .sequence(let items):
            var fragment = Fragment(first: [], last: [], nullable: true)
            for item in items {
                fragment = concatenate(fragment, try add(item))
            }
            return fragment
        case .choice(let branches):
            var fragment = Fragment(first: [], last: [], nullable: false)
            for branch in branches {
                let added = try add(branch)
                fragment.first += added.first
                fragment.last += added.last
                fragment.nullable = fragment.nullable || added.nullable
            }
            return fragment
        case .repeated(let item, let min, let max):
            var fragment = Fragment(first: [], last: [], nullable: true)
            for _ in 0..<min {
                fragment = concatenate(fragment, try add(item))
            }
            if case .set(let set) = item {
                // The optional rest is one counting position: `[^。]{0,60}` costs one, not sixty.
                let rest = max.map { $0 - min } ?? Int(Int32.max)
                if rest > 0 { fragment = concatenate(fragment, try position(set, limit: rest, nullable: true)) }
            } else if max != 1, item.matchesEmpty {
                // ICU ends a loop at an iteration that consumed nothing, and then misses matches
                // the pattern's language has (`(a|)+?b`, `(?:)+.c`): such loops are ICU's to decide.
                throw Unsupported()
            } else if let max {
                // Only the language matters here, so `x{0,2}` may be `x?x?`.
                for _ in min..<max {
                    var optional = try add(item)
                    optional.nullable = true
                    fragment = concatenate(fragment, optional)
                }
            } else {
                var loop = try add(item)
                for end in loop.last { follow[Int(end)].formUnion(loop.first) }
                loop.nullable = true
                fragment = concatenate(fragment, loop)
            }
            return fragment
        }
    }

    private mutating func position(_ set: ScalarSet, limit: Int, nullable: Bool) throws(Unsupported) -> Fragment {
        guard sets.count < RegexScreen.maxPositions else { throw Unsupported() }
        let index = Int32(sets.count)
        sets.append(set)
        limits.append(Int32(limit))
        follow.append([])
        return Fragment(first: [index], last: [index], nullable: nullable)
    }

    private mutating func concatenate(_ left: Fragment, _ right: Fragment) -> Fragment {
        for end in left.last { follow[Int(end)].formUnion(right.first) }
        return Fragment(
            first: left.nullable ? left.first + right.first : left.first,
            last: right.nullable ? left.last + right.last : right.last,
            nullable: left.nullable && right.nullable
        )
    }
}

/// The literals a match must contain, read off the parsed pattern (see `branchLiterals`).
private enum LiteralFactors {
    /// A one-character literal occurs nearly everywhere: it rules out little, and the automaton
    /// would report every occurrence of it.
    static let minLength = 2
    static let maxAlternatives = 32

    static func branches(_ root: PatternNode) -> [[[String]]]? {
        let branches: [PatternNode]
        if case .choice(let alternatives) = root { branches = alternatives } else { branches = [root] }
        var result: [[[String]]] = []
        for branch in branches {
            let factors = required(branch).filter { $0.allSatisfy { $0.unicodeScalars.count >= minLength } }
            guard !factors.isEmpty else { return nil }
            result.append(factors)
        }
        return result
    }

    /// Lists of alternatives, one of each of which every match of `node` contains.
    static func required(_ node: PatternNode) -> [[String]] {
        if let strings = strings(node) { return strings.contains("") ? [] : [strings] }
        switch node {
        case .set, .choice:
            return []
        case .sequence(let items):
            var factors: [[String]] = []
            // Plain characters in a row are one literal.
            var run = String.UnicodeScalarView()
            for item in items {
                if case .set(let set) = item, let scalar = set.single {
                    run.append(scalar)
                    continue
                }
                if !run.isEmpty { factors.append([String(run)]) }
                run = String.UnicodeScalarView()
                factors += required(item)
            }
            if !run.isEmpty { factors.append([String(run)]) }
            return factors
        case .repeated(let item, let min, _):
            return min > 0 ? required(item) : []
        }
    }

    /// Every string `node` matches, when it is plain characters or a choice of them.
    static func strings(_ node: PatternNode) -> [String]? {
        switch node {
        case .set(let set):
            return set.single.map { [String($0)] }
        case .sequence(let items):
            var literal = String.UnicodeScalarView()
            for item in items {
                guard case .set(let set) = item, let scalar = set.single else { return nil }
                literal.append(scalar)
            }
            return [String(literal)]
        case .choice(let branches):
            var strings: [String] = []
            for branch in branches {
                guard let more = self.strings(branch) else { return nil }
                strings += more
            }
            return strings.count <= maxAlternatives ? strings : nil
        case .repeated:
            return nil
        }
    }
}
