import Foundation

/// The text rules match against: NFKC, full-width folded, traditional Chinese folded to
/// simplified, Latin lowercased, white space folded to one space and removed between CJK
/// characters. Rule terms go through the same function, so a term written `通讯录` matches
/// `通 讯 录` and `ＡＰＰ` matches `app`.
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
        guard let written else { return normalizeExpanding(display) }
        scalars.removeLast(scalars.count - written)
        origins.removeLast(origins.count - written)
        return (scalars, origins)
    }

    /// `normalize` for text in which a character folds to several (an NFKC expansion such as
    /// `……` or `㈱`), where `foldOneToOne` gives up: every character folded first, then spaced
    /// the same way. The result may be longer than `display`.
    static func normalizeExpanding(_ display: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], origins: [Int32]) {
        let simplified = TraditionalChinese.table
        let singles = tabledSingles
        var folded: [Unicode.Scalar] = []
        var foldedOrigins: [Int32] = []
        for (index, scalar) in display.enumerated() {
            if let single = foldOne(scalar, simplified: simplified, singles: singles) {
                folded.append(single)
                foldedOrigins.append(Int32(index))
                continue
            }
            let characters = tabledIndex(scalar).map { tabledFolds[$0] } ?? fold(scalar)
            folded += characters
            foldedOrigins += repeatElement(Int32(index), count: characters.count)
        }
        var scalars = [Unicode.Scalar](repeating: " ", count: folded.count)
        var origins = [Int32](repeating: 0, count: folded.count)
        let written = scalars.withUnsafeMutableBufferPointer { scalars in
            origins.withUnsafeMutableBufferPointer { origins in
                var spaced = SpacedText(scalars: scalars, origins: origins)
                for index in folded.indices { spaced.append(folded[index], origin: foldedOrigins[index]) }
                return spaced.count
            }
        }
        scalars.removeLast(scalars.count - written)
        origins.removeLast(origins.count - written)
        return (scalars, origins)
    }

    /// `normalize` for text in which every character folds to at most one scalar (nearly all
    /// agreement text), written straight into `scalars` and `origins`, which must be as long as
    /// `display`. Returns how many were written, or nil when a character folds to several.
    static func foldOneToOne(
        _ display: UnsafeBufferPointer<Unicode.Scalar>, into scalars: UnsafeMutableBufferPointer<Unicode.Scalar>,
        origins: UnsafeMutableBufferPointer<Int32>
    ) -> Int? {
        let simplified = TraditionalChinese.table
        let singles = tabledSingles
        var spaced = SpacedText(scalars: scalars, origins: origins)
        for index in 0..<display.count {
            guard let folded = foldOne(display[index], simplified: simplified, singles: singles) else { return nil }
            spaced.append(folded, origin: Int32(index))
        }
        return spaced.count
    }

    /// Folded characters written with white space made at most one space, written only when the
    /// next character is not CJK. The output is never longer than the input: a space is written
    /// only in place of one dropped, so buffers as long as the input suffice.
    private struct SpacedText {
        let scalars: UnsafeMutableBufferPointer<Unicode.Scalar>
        let origins: UnsafeMutableBufferPointer<Int32>
        private(set) var count = 0
        /// The origin of a space not yet written.
        private var pendingSpace: Int32 = -1

        init(scalars: UnsafeMutableBufferPointer<Unicode.Scalar>, origins: UnsafeMutableBufferPointer<Int32>) {
            self.scalars = scalars
            self.origins = origins
        }

        /// Appends folded character `scalar`, which came from display index `origin`. (Transparent:
        /// with `@inline(__always)` alone the optimizer left it a call per character.)
        @_transparent
        mutating func append(_ scalar: Unicode.Scalar, origin: Int32) {
            // CJK ideographs, most of the text, are never space: one range test.
            if scalar.value &- 0x4E00 >= 0x5200, isSpace(scalar) {
                if count > 0, pendingSpace < 0, !isCJK(scalars[count - 1]) { pendingSpace = origin }
                return
            }
            if pendingSpace >= 0 {
                if !isCJK(scalar) {
                    scalars[count] = " "
                    origins[count] = pendingSpace
                    count += 1
                }
                pendingSpace = -1
            }
            scalars[count] = scalar
            origins[count] = origin
            count += 1
        }
    }

    /// `fold(scalar)` when it is one scalar, found without NFKC; nil when it is several or `fold`
    /// must be asked. `simplified` and `singles` are passed in so a loop reads the statics once.
    @inline(__always)
    private static func foldOne(_ scalar: Unicode.Scalar, simplified: [UInt16], singles: [UInt32]) -> Unicode.Scalar? {
        if scalar.value &- 0x4E00 < 0x5200 { return TraditionalChinese.simplified(scalar, in: simplified) }
        if let single = foldSingle(scalar, simplified: simplified) { return single }
        if let entry = tabledIndex(scalar), singles[entry] != several { return Unicode.Scalar(singles[entry]) }
        return nil
    }

    /// `fold(scalar)` when it is one scalar known without NFKC (ASCII, CJK ideographs with
    /// traditional ones made simplified, full-width forms, ideographic and no-break space); nil
    /// when NFKC must be asked.
    @inline(__always)
    private static func foldSingle(_ scalar: Unicode.Scalar, simplified: [UInt16]) -> Unicode.Scalar? {
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
    /// For each tabled character, what `fold` gives.
    private static let tabledFolds: [[Unicode.Scalar]] = tabledRanges.flatMap { range in
        range.map { fold(Unicode.Scalar($0)!) }
    }
    /// For each tabled character, the one scalar `fold` gives, or `several` when it gives another
    /// number: flat, for the one-to-one path.
    private static let tabledSingles: [UInt32] = tabledFolds.map { $0.count == 1 ? $0[0].value : several }
    private static let several = UInt32.max

    /// Where `scalar` stands in the tabled folds, if it is in one of `tabledRanges`.
    @inline(__always)
    private static func tabledIndex(_ scalar: Unicode.Scalar) -> Int? {
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
    static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if let single = foldSingle(scalar, simplified: TraditionalChinese.table) { return [single] }
        let nfkc = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
        return Array(nfkc.unicodeScalars)
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
