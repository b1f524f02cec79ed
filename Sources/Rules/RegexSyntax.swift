/// A rule's regular expression read into its structure, once, for everything the engine works out
/// without ICU: `RegexScreen` decides matches from it, `RegexLiterals` reads off the literals
/// every match contains. ICU still compiles the pattern and finds the ranges; this reading only
/// has to be right about what it claims, and says `opaque` about the rest.
indirect enum RegexNode: Equatable {
    /// One scalar of a set.
    case set(ScalarSet)
    case sequence([RegexNode])
    case choice([RegexNode])
    /// `max` nil: unbounded. Lazy quantifiers read as greedy: they find a match wherever greedy
    /// does.
    case repeated(RegexNode, min: Int, max: Int?, possessive: Bool)
    /// Syntax read only as far as where it ends: an anchor, `\b`, `\d`, `\p{…}`, a back
    /// reference, a class with nested or ICU-specific syntax. It may match anything, or nothing.
    case opaque

    var matchesEmpty: Bool {
        switch self {
        case .set: false
        case .sequence(let items): items.allSatisfy(\.matchesEmpty)
        case .choice(let branches): branches.contains(where: \.matchesEmpty)
        case .repeated(let item, let min, _, _): min == 0 || item.matchesEmpty
        case .opaque: true
        }
    }

    /// The top-level alternatives: every match is a match of one of them.
    var branches: [RegexNode] {
        if case .choice(let alternatives) = self { return alternatives }
        return [self]
    }
}

/// A set of scalars: the union of `ranges`, or its complement.
struct ScalarSet: Equatable {
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

/// Reads ICU pattern syntax into a `RegexNode`. Throws for what changes how the rest must be read
/// (flags, lookaround, named or atomic groups, `\Q…\E`, nested classes) and for what does not
/// balance: no reading at all is safer than a wrong one.
struct RegexSyntax {
    struct Unsupported: Error {}

    private let pattern: [Unicode.Scalar]
    private var index = 0

    private init(pattern: [Unicode.Scalar]) {
        self.pattern = pattern
    }

    static func parse(_ pattern: String) throws(Unsupported) -> RegexNode {
        var parser = RegexSyntax(pattern: Array(pattern.unicodeScalars))
        let tree = try parser.alternation()
        // A `)` without its `(`.
        guard parser.index == parser.pattern.count else { throw Unsupported() }
        return tree
    }

    private var next: Unicode.Scalar? { index < pattern.count ? pattern[index] : nil }

    private mutating func alternation() throws(Unsupported) -> RegexNode {
        var branches = [try sequence()]
        while next == "|" {
            index += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .choice(branches)
    }

    private mutating func sequence() throws(Unsupported) -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = next, scalar != "|", scalar != ")" {
            var item = try atom()
            if let quantifier = try quantifier() {
                item = .repeated(item, min: quantifier.min, max: quantifier.max, possessive: quantifier.possessive)
            }
            items.append(item)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func atom() throws(Unsupported) -> RegexNode {
        let scalar = pattern[index]
        index += 1
        switch scalar {
        case "(":
            if next == "?" {
                // Only `(?:`: flags and lookaround change what the rest means.
                guard index + 1 < pattern.count, pattern[index + 1] == ":" else { throw Unsupported() }
                index += 2
            }
            let inner = try alternation()
            guard next == ")" else { throw Unsupported() }
            index += 1
            return inner
        case "[":
            return try characterClass()
        case ".":
            return .set(.anyButLineTerminator)
        case "\\":
            return try escape()
        case "^", "$", "]", "}":
            return .opaque
        case "?", "*", "+", "{":
            // A quantifier with nothing to repeat: ICU refuses the pattern.
            throw Unsupported()
        default:
            return .set(.scalar(scalar))
        }
    }

    /// `\` and an ASCII punctuation mark stands for the mark. Anything else after `\` is a class,
    /// an anchor, a code point or a back reference, read to its end and left opaque.
    private mutating func escape() throws(Unsupported) -> RegexNode {
        guard let scalar = next else { throw Unsupported() }
        index += 1
        if scalar.isASCII, scalar.properties.isPatternSyntax { return .set(.scalar(scalar)) }
        switch scalar {
        case "Q":
            throw Unsupported()
        case "p", "P", "N", "x":
            if next == "{" {
                guard let close = pattern[index...].firstIndex(of: "}") else { throw Unsupported() }
                index = close + 1
            } else if scalar == "x" {
                skip(while: Self.isHexDigit, atMost: 2)
            } else {
                // `\pL`: a one-letter property name.
                skip(while: { _ in true }, atMost: 1)
            }
        case "k":
            // A named back reference, `\k<name>`.
            if next == "<" {
                guard let close = pattern[index...].firstIndex(of: ">") else { throw Unsupported() }
                index = close + 1
            }
        case "u":
            skip(while: Self.isHexDigit, atMost: 4)
        case "U":
            skip(while: Self.isHexDigit, atMost: 8)
        case "c":
            skip(while: { _ in true }, atMost: 1)
        case "0"..."9":
            // Octal code points and back references: every digit that follows may be part of it.
            skip(while: { ("0"..."9").contains($0) }, atMost: .max)
        default:
            break
        }
        return .opaque
    }

    private static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }

    private mutating func skip(while belongs: (Unicode.Scalar) -> Bool, atMost count: Int) {
        var skipped = 0
        while skipped < count, let scalar = next, belongs(scalar) {
            index += 1
            skipped += 1
        }
    }

    /// `[…]` with plain scalars, escaped marks and ranges is a set; a class with anything else
    /// (properties, `&&`, white space ICU may skip, `[:alpha:]`) is opaque, read up to its `]`.
    /// Nested classes and a `]` first in the class throw.
    private mutating func characterClass() throws(Unsupported) -> RegexNode {
        let start = index
        if let set = plainClass() { return .set(set) }
        index = start
        if next == "^" { index += 1 }
        if next == "]" { throw Unsupported() }
        while let scalar = next {
            index += 1
            switch scalar {
            case "\\": index += 1
            case "[": throw Unsupported()
            case "]": return .opaque
            default: break
            }
        }
        throw Unsupported()
    }

    /// The class starting at `index` as a set, or nil when it holds anything but plain scalars,
    /// escaped marks and ranges.
    private mutating func plainClass() -> ScalarSet? {
        var set = ScalarSet(ranges: [], negated: false)
        if next == "^" {
            set.negated = true
            index += 1
        }
        while true {
            guard let scalar = next else { return nil }
            index += 1
            if scalar == "]", !set.ranges.isEmpty { return set }
            guard let low = classMember(scalar) else { return nil }
            if next == "-", index + 1 < pattern.count, pattern[index + 1] != "]" {
                index += 1
                guard let high = classMember(pattern[index]) else { return nil }
                index += 1
                guard low <= high else { return nil }
                set.ranges.append(low.value...high.value)
            } else {
                set.ranges.append(low.value...low.value)
            }
        }
    }

    private mutating func classMember(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar == "\\" {
            guard let escaped = next, escaped.isASCII, escaped.properties.isPatternSyntax else { return nil }
            index += 1
            return escaped
        }
        guard !"[]-&^${}:".unicodeScalars.contains(scalar), !scalar.properties.isWhitespace,
              !scalar.properties.isPatternWhitespace else { return nil }
        return scalar
    }

    private mutating func quantifier() throws(Unsupported) -> (min: Int, max: Int?, possessive: Bool)? {
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
        var possessive = false
        if next == "?" {
            index += 1
        } else if next == "+" {
            possessive = true
            index += 1
        }
        // A quantifier of a quantifier.
        if let following = next, "?*+{".unicodeScalars.contains(following) { throw Unsupported() }
        return (bounds.0, bounds.1, possessive)
    }

    /// Counts beyond `maxCount` are read as `maxCount + 1`: no reading needs more, and a pattern
    /// cannot overflow an `Int`.
    static let maxCount = 1000

    private mutating func number() throws(Unsupported) -> Int {
        var value = 0
        var digits = 0
        while let scalar = next, ("0"..."9").contains(scalar) {
            value = min(value * 10 + Int(scalar.value - 48), Self.maxCount + 1)
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw Unsupported() }
        return value
    }
}
