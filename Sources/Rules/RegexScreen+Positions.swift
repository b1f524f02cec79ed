extension RegexScreen {
    /// Glushkov's construction: positions, and for each the positions that may follow it. Throws
    /// for what the screen does not decide: opaque syntax, possessive quantifiers, counts or
    /// positions beyond the limits, loops over something that can match nothing.
    struct Positions {
        struct Unsupported: Error {}

        struct Fragment {
            var first: [Int32]
            var last: [Int32]
            var nullable: Bool
        }

        var sets: [ScalarSet] = []
        var limits: [Int32] = []
        var follow: [Set<Int32>] = []

        mutating func add(_ node: RegexNode) throws(Unsupported) -> Fragment {
            switch node {
            case .opaque:
                throw Unsupported()
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
            case .repeated(let item, let min, let max, let possessive):
                // Possessive quantifiers give back nothing, so ICU may find no match where the
                // language has one.
                guard !possessive, min <= RegexScreen.maxCount, (max ?? min) <= RegexScreen.maxCount else { throw Unsupported() }
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
}
