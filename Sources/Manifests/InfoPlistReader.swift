import Findings
import Foundation

/// Reads an iOS `Info.plist`, XML or binary, into permissions: every `NS…UsageDescription` key
/// (with its purpose string) and `LSApplicationQueriesSchemes` (probing which apps are installed).
enum InfoPlistReader {
    static let queriesSchemesKey = "LSApplicationQueriesSchemes"

    /// Whether an Info.plist key is a usage-description (permission) key. The location
    /// "temporary" key holds a dictionary of purposes and ends in `Dictionary`.
    static func isUsageDescriptionKey(_ key: String) -> Bool {
        key.hasPrefix("NS") && (key.hasSuffix("UsageDescription") || key.hasSuffix("UsageDescriptionDictionary"))
    }

    /// `format` is `.infoPlist`, or `.ipa` when the plist came out of an IPA.
    static func read(_ bytes: [UInt8], path: String, format: InputKind) throws(ManifestError) -> ManifestReadResult {
        guard !bytes.isEmpty else { throw ManifestError("the Info.plist is empty") }
        let isBinary = bytes.starts(with: Array("bplist".utf8))
        var positions: [String: (line: Int, column: Int)] = [:]
        if !isBinary {
            let scalars = TextLines.scalars(of: bytes)
            // Foundation's plist parser is not ours to vouch for: keep entity declarations
            // (billion laughs, external entities) away from it altogether.
            // (A UTF-16 plist is checked in its decoded form.)
            let isUTF16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            let declaresEntities = bytes.containsSequence(Array("<!ENTITY".utf8))
                || (isUTF16 && (scalars.map { String(String.UnicodeScalarView($0)).contains("<!ENTITY") } ?? false))
            if declaresEntities {
                throw ManifestError("the Info.plist declares XML entities, which real property lists never do; it was not read")
            }
            if let scalars { positions = PlistKeyLocator.keyPositions(in: scalars) }
        } else if let problem = binaryPlistProblem(bytes) {
            throw ManifestError(problem)
        }

        let root: Any
        do {
            root = try PropertyListSerialization.propertyList(from: Data(bytes), options: [], format: nil)
        } catch {
            throw ManifestError("the Info.plist is not a valid property list (neither XML nor binary plist)")
        }
        guard let dictionary = root as? [String: Any] else {
            throw ManifestError("the Info.plist's top level is not a dictionary, so it holds no Info.plist keys")
        }

        func location(_ key: String) -> SourceLocation {
            let position = positions[key] ?? (1, 1)
            return SourceLocation(path: path, line: position.line, column: position.column)
        }
        var permissions: [Permission] = []
        for key in dictionary.keys.sorted() where isUsageDescriptionKey(key) {
            permissions.append(Permission(platform: .ios, name: key, purpose: purpose(dictionary[key]), location: location(key)))
        }
        if let schemes = dictionary[queriesSchemesKey] {
            let list = (schemes as? [Any])?.compactMap { $0 as? String } ?? []
            var qualifiers = ["count": String(list.count)]
            if !list.isEmpty { qualifiers["schemes"] = list.joined(separator: ",") }
            permissions.append(Permission(platform: .ios, name: queriesSchemesKey, location: location(queriesSchemesKey),
                                          qualifiers: qualifiers))
        }
        return ManifestReadResult(
            permissions: permissions,
            format: format,
            appIdentifier: nonEmptyString(dictionary["CFBundleIdentifier"]),
            versionName: nonEmptyString(dictionary["CFBundleShortVersionString"]),
            versionCode: nonEmptyString(dictionary["CFBundleVersion"])
        )
    }

    /// Why a binary plist is refused before Foundation sees it, or nil if it may be parsed.
    ///
    /// Foundation on Linux crashes the process (SEGV while bridging) on some crafted binary plists
    /// that hold a set (found by fuzzing; Tests/ManifestsTests/Artefacts/fuzz/). Info.plists are
    /// written by Xcode and `plutil` as `bplist00` with strings, numbers, dates, data, arrays and
    /// dictionaries only, so any set, ordered set, keyed-archive UID or unknown object kind is
    /// refused, as is a trailer or offset table that does not fit the file (CoreFoundation's own
    /// layout rule: objects lie between the 8-byte header and the offset table).
    static func binaryPlistProblem(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: Array("bplist00".utf8)) else {
            return "the Info.plist is a binary property list of an unsupported version (only bplist00 is read)"
        }
        let damaged = "the Info.plist is a damaged binary property list (its trailer or offset table does not fit the file)"
        guard bytes.count >= 8 + 32 else { return damaged }
        func bigEndian(_ offset: Int, _ width: Int) -> UInt64 {
            bytes[offset ..< offset + width].reduce(0) { $0 << 8 | UInt64($1) }
        }
        let trailer = bytes.count - 32
        let offsetSize = Int(bytes[trailer + 6])
        let objectCount = bigEndian(trailer + 8, 8)
        let tableStart = bigEndian(trailer + 24, 8)
        guard (1 ... 8).contains(offsetSize), objectCount >= 1, tableStart >= 8, tableStart < UInt64(trailer),
              objectCount <= (UInt64(trailer) - tableStart) / UInt64(offsetSize)
        else { return damaged }
        for index in 0 ..< Int(objectCount) {
            let offset = bigEndian(Int(tableStart) + index * offsetSize, offsetSize)
            guard offset >= 8, offset < tableStart else { return damaged }
            switch bytes[Int(offset)] >> 4 {
            case 0x8:
                return "the Info.plist is a binary property list holding a keyed-archive UID, which Info.plists never do; it was not read"
            case 0xB, 0xC:
                return "the Info.plist is a binary property list holding a set, which Info.plists never do; it was not read"
            case 0x9, 0xE, 0xF:
                return "the Info.plist is a binary property list holding an object of unknown kind; it was not read"
            default:
                continue
            }
        }
        return nil
    }

    /// The text shown to the user: a string, or for a dictionary of purposes (the temporary
    /// location key) each `key: text`, sorted.
    private static func purpose(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let purposes = value as? [String: Any] {
            let parts = purposes.keys.sorted().compactMap { key in (purposes[key] as? String).map { "\(key): \($0)" } }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }
        return nil
    }

    private static func nonEmptyString(_ value: Any?) -> String? {
        if let text = value as? String, !text.isEmpty { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere (first-byte scan; fine for the short needles used here).
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return needle.isEmpty }
        var index = 0
        while index <= count - needle.count {
            if self[index] == first, self[index ..< index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
