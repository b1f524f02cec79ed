import Foundation

/// The text rules match against: NFKC, full-width folded, traditional Chinese folded to
/// simplified, Latin lowercased, white space folded to one space and removed between CJK characters. Rule terms go through the same function, so a
/// term written `通讯录` matches `通 讯 录` and `ＡＰＰ` matches `app`.
public enum TextNormalizer {
    /// The normalized scalars of `display`, and for each one the index of the display scalar it
    /// came from, so matches map back to the reader's words.
    public static func normalize(_ display: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], origins: [Int32]) {
        var scalars = [Unicode.Scalar](repeating: " ", count: display.count)
        var origins = [Int32](repeating: 0, count: display.count)
        let written = display.withUnsafeBufferPointer { display in
            scalars.withUnsafeMutableBufferPointer { scalars in
                origins.withUnsafeMutableBufferPointer { foldOneToOne(display, into: scalars, origins: $0) }
            }
        }
        if let written {
            scalars.removeLast(scalars.count - written)
            origins.removeLast(origins.count - written)
            return (scalars, origins)
        }
        var normalized = NormalizedText(capacity: display.count)
        for (index, scalar) in display.enumerated() {
            normalized.append(scalar, origin: Int32(index))
        }
        return normalized.finish()
    }

    /// `normalize` for text in which every character folds to at most one scalar (nearly all
    /// agreement text), written straight into `scalars` and `origins`, which must be as long as
    /// `display` (the result is never longer: a space is written only in place of one dropped).
    /// Returns how many were written, or nil when a character folds to several.
    static func foldOneToOne(
        _ display: UnsafeBufferPointer<Unicode.Scalar>, into scalars: UnsafeMutableBufferPointer<Unicode.Scalar>,
        origins: UnsafeMutableBufferPointer<Int32>
    ) -> Int? {
        let simplified = TraditionalChinese.table
        let singles = tabledFolds.singles
        var written = 0
        // The display index of a space not yet written: written only before a character that is not CJK.
        var pendingSpace: Int32 = -1
        for index in 0..<display.count {
            let scalar = display[index]
            let folded: Unicode.Scalar
            if scalar.value &- 0x4E00 < 0x5200 {
                // Most of the text: a CJK ideograph, folded by table, never a space.
                folded = TraditionalChinese.simplified(scalar, in: simplified)
            } else {
                if let single = foldSingle(scalar, simplified: simplified) {
                    folded = single
                } else if let entry = tabledIndex(scalar), singles[entry] != several, let single = Unicode.Scalar(singles[entry]) {
                    folded = single
                } else {
                    return nil
                }
                if isSpace(folded) {
                    if written > 0, pendingSpace < 0, !isCJK(scalars[written - 1]) { pendingSpace = Int32(index) }
                    continue
                }
            }
            if pendingSpace >= 0 {
                if !isCJK(folded) {
                    scalars[written] = " "
                    origins[written] = pendingSpace
                    written += 1
                }
                pendingSpace = -1
            }
            scalars[written] = folded
            origins[written] = Int32(index)
            written += 1
        }
        return written
    }

    /// `fold(scalar)` when it is one scalar known without NFKC (ASCII, CJK ideographs, full-width
    /// forms, ideographic and no-break space); nil when `fold` must be asked.
    @inline(__always)
    static func foldSingle(_ scalar: Unicode.Scalar, simplified: [UInt16]) -> Unicode.Scalar? {
        let value = scalar.value
        switch value {
        case 0x41...0x5A:
            return Unicode.Scalar(UInt8(value + 0x20))
        case 0x4E00...0x9FFF:
            return TraditionalChinese.simplified(scalar, in: simplified)
        case 0x00...0x7F, 0x3400...0x4DBF:
            return scalar
        case 0xFF01...0xFF5E:
            let ascii = value - 0xFEE0
            return Unicode.Scalar(UInt8(ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii))
        case 0x3000, 0x00A0:
            return " "
        default:
            return nil
        }
    }

    /// Normalizes a rule term or any short string.
    public static func normalize(_ text: String) -> [Unicode.Scalar] {
        normalize(Array(text.unicodeScalars)).scalars
    }

    public static func normalizedString(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: normalize(text))
        return String(result)
    }

    /// Latin-1 and Latin Extended, general punctuation, CJK punctuation, half-width forms: common
    /// in agreements and not covered by `foldSingle`; their `fold` computed once, not per character.
    /// Laid end to end in one table, in this order.
    private static let tabledRanges: [ClosedRange<UInt32>] = [0x80...0x24F, 0x2000...0x206F, 0x3000...0x303F, 0xFF5F...0xFFEF]
    /// `singles[i]` is the one scalar `folds[i]` holds, or `several` when it holds another number.
    static let tabledFolds: (singles: [UInt32], folds: [[Unicode.Scalar]]) = {
        let folds = tabledRanges.flatMap { range in range.map { value in fold(Unicode.Scalar(value)!) } }
        return (folds.map { $0.count == 1 ? $0[0].value : several }, folds)
    }()
    static let several = UInt32.max

    /// Where `scalar` stands in the tabled folds, if it is in one of `tabledRanges`.
    @inline(__always)
    static func tabledIndex(_ scalar: Unicode.Scalar) -> Int? {
        let value = Int(scalar.value)
        switch value {
        case 0x80...0x24F: return value - 0x80
        case 0x2000...0x206F: return 0x1D0 + value - 0x2000
        case 0x3000...0x303F: return 0x240 + value - 0x3000
        case 0xFF5F...0xFFEF: return 0x280 + value - 0xFF5F
        default: return nil
        }
    }

    /// One display scalar's normalized form (usually one scalar; NFKC may give several).
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let value = scalar.value
        switch value {
        case 0x41...0x5A:
            return [Unicode.Scalar(value + 0x20)!]
        case 0x00...0x7F:
            return [scalar]
        case 0x4E00...0x9FFF:
            // CJK ideographs are their own NFKC form; traditional ones fold to simplified.
            return [TraditionalChinese.simplified(scalar, in: TraditionalChinese.table)]
        case 0x3400...0x4DBF:
            return [scalar]
        case 0xFF01...0xFF5E:
            // Full-width ASCII forms.
            let ascii = value - 0xFEE0
            return [Unicode.Scalar(ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii)!]
        case 0x3000, 0x00A0:
            return [" "]
        default:
            let nfkc = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
            return Array(nfkc.unicodeScalars)
        }
    }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F,
             0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// CJK ideographs, kana, CJK and full-width punctuation: scripts written without spaces.
    @inline(__always)
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }
}

/// `TextNormalizer.normalize` one display character at a time, so the clause splitter normalizes
/// while it builds the display text instead of walking it again.
struct NormalizedText {
    private var scalars: [Unicode.Scalar] = []
    private var origins: [Int32] = []
    /// A pending space is written only once we know the next character is not CJK.
    private var pendingSpace: Int32?
    // Read once here: a static table costs an initialization check at every access.
    private let simplified = TraditionalChinese.table
    private let tabled = TextNormalizer.tabledFolds

    init(capacity: Int) {
        scalars.reserveCapacity(capacity)
        origins.reserveCapacity(capacity)
    }

    /// Appends the normalized form of display character `scalar`, which stands at `origin`.
    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, origin: Int32) {
        // The single-scalar cases of `fold`, without building an array per character.
        if let single = TextNormalizer.foldSingle(scalar, simplified: simplified) {
            emit(single, origin)
        } else if let entry = TextNormalizer.tabledIndex(scalar) {
            let single = tabled.singles[entry]
            if single != TextNormalizer.several {
                emit(Unicode.Scalar(single)!, origin)
            } else {
                for folded in tabled.folds[entry] { emit(folded, origin) }
            }
        } else {
            for folded in TextNormalizer.fold(scalar) { emit(folded, origin) }
        }
    }

    consuming func finish() -> (scalars: [Unicode.Scalar], origins: [Int32]) {
        (scalars, origins)
    }

    /// Appends one folded scalar: white space becomes at most one pending space, written only
    /// when the next character is not CJK.
    @inline(__always)
    private mutating func emit(_ folded: Unicode.Scalar, _ origin: Int32) {
        if TextNormalizer.isSpace(folded) {
            if !scalars.isEmpty, pendingSpace == nil, !TextNormalizer.isCJK(scalars[scalars.count - 1]) {
                pendingSpace = origin
            }
            return
        }
        if let spaceOrigin = pendingSpace {
            if !TextNormalizer.isCJK(folded) {
                scalars.append(" ")
                origins.append(spaceOrigin)
            }
            pendingSpace = nil
        }
        scalars.append(folded)
        origins.append(origin)
    }
}
