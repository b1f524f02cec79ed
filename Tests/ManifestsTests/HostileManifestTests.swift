import Findings
import Testing

@testable import Manifests

/// Issue 7, manifests: nesting and reference tricks that aim at the parsers' recursion. Each
/// must come back as a ManifestError with a reason, not a stack overflow or a hang. (Entities,
/// zip bombs and unsafe entry names are in InfoPlistTests, AndroidManifestTests and
/// ArchiveLimitTests.)
@Suite struct HostileManifestTests {
    static let depth = 200_000

    @Test func plistNestedTwoHundredThousandDeepIsRefused() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict>"
            + "<key>NSContactsUsageDescription</key><string>x</string><key>deep</key>"
            + String(repeating: "<array>", count: Self.depth) + String(repeating: "</array>", count: Self.depth)
            + "</dict></plist>"
        #expect(readError(Array(text.utf8), as: .infoPlist)?.reason
            == "the Info.plist is not a valid property list (neither XML nor binary plist)")
    }

    @Test func binaryPlistBuilderMakesValidPlists() {
        // Guards the two tests below: their inputs fail for their trick, not a bad trailer.
        let notADictionary = "the Info.plist's top level is not a dictionary, so it holds no Info.plist keys"
        #expect(readError(Self.binaryPlist(objects: [[0xA0]], referenceSize: 1), as: .infoPlist)?.reason == notADictionary)
        #expect(readError(Self.binaryPlist(objects: [[0xA1, 0x00, 0x01], [0xA0]], referenceSize: 2), as: .infoPlist)?.reason
            == notADictionary)
    }

    @Test func binaryPlistArrayThatHoldsItselfIsRefused() {
        // One object, an array (0xA1: one element) whose element is object 0: itself.
        #expect(readError(Self.binaryPlist(objects: [[0xA1, 0x00]], referenceSize: 1), as: .infoPlist) != nil)
    }

    @Test func binaryPlistChainOfSixtyThousandArraysIsRefused() {
        // Array i holds array i + 1; the last is empty. Deep enough to overflow a recursive reader.
        let count = 60_000
        var objects: [[UInt8]] = (0 ..< count - 1).map { index in [0xA1, UInt8((index + 1) >> 8), UInt8((index + 1) & 0xFF)] }
        objects.append([0xA0])
        #expect(readError(Self.binaryPlist(objects: objects, referenceSize: 2), as: .infoPlist) != nil)
    }

    @Test func androidManifestNestedTwoHundredThousandDeepSaysSoInWords() {
        let text = "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"deep\">"
            + String(repeating: "<a>", count: Self.depth) + String(repeating: "</a>", count: Self.depth) + "</manifest>"
        let reason = readError(Array(text.utf8), as: .androidManifest)?.reason ?? ""
        #expect(reason == "the manifest nests elements more than 256 deep (line 1), which no real manifest does; it was not read")
        #expect(!reason.contains("XML_PARSE_HUGE"))
    }

    @Test(arguments: [InputKind.harmonyModule, .miniProgramAppJSON])
    func json5NestedTwoHundredThousandDeepIsRefused(kind: InputKind) {
        let text = "{\"module\": " + String(repeating: "{\"a\": [", count: Self.depth / 2) + "1"
            + String(repeating: "]}", count: Self.depth / 2) + "}"
        #expect(readError(Array(text.utf8), as: kind)?.reason.contains("nested more than 512 deep") == true)
    }

    @Test func xcodeProjectNestedTwoHundredThousandDeepDoesNotCrash() throws {
        // The OpenStep reader tokenizes without recursing, so depth is only text to skip.
        let text = "// !$*UTF8*$!\n{ objects = " + String(repeating: "{a = ", count: Self.depth) + "b"
            + String(repeating: "; }", count: Self.depth) + "; }"
        let result = try readInline(text, as: .xcodeProject)
        #expect(result.permissions.isEmpty)
    }

    /// A binary plist (`bplist00`) with the given objects, object 0 at the top, 4-byte offsets.
    static func binaryPlist(objects: [[UInt8]], referenceSize: UInt8) -> [UInt8] {
        var bytes = Array("bplist00".utf8)
        var offsets: [Int] = []
        for object in objects {
            offsets.append(bytes.count)
            bytes += object
        }
        let tableOffset = bytes.count
        for offset in offsets { bytes += bigEndian(UInt64(offset), width: 4) }
        bytes += [0, 0, 0, 0, 0, 0, 4, referenceSize]
        bytes += bigEndian(UInt64(objects.count), width: 8) + bigEndian(0, width: 8) + bigEndian(UInt64(tableOffset), width: 8)
        return bytes
    }

    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0 ..< width).reversed().map { UInt8((value >> (8 * UInt64($0))) & 0xFF) }
    }
}
