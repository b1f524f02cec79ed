import Findings
import Testing

@testable import Manifests

/// Inputs libFuzzer found that crashed a reader (see docs/fuzzing.md). Each is kept under
/// Artefacts/fuzz/ as found, and must now be an input error with a reason.
@Suite struct FuzzRegressionTests {
    @Test func binaryPlistHoldingASetIsRefusedNotASegfault() throws {
        // A mutated Info.plist whose object 41 is a set (marker 0xC3): Foundation on Linux
        // dereferenced a bad type pointer bridging it, killing the whole batch (SIGSEGV).
        let bytes = try Artefacts.bytes("fuzz/infoplist-set-segv.plist")
        #expect(readError(bytes, as: .infoPlist)?.reason
            == "the Info.plist is a binary property list holding a set, which Info.plists never do; it was not read")
    }

    @Test func binaryPlistScreenPassesRealInfoPlists() throws {
        let names = try Artefacts.names(in: "ios", suffix: ".binary.plist")
        #expect(!names.isEmpty)
        for name in names {
            #expect(InfoPlistReader.binaryPlistProblem(try Artefacts.bytes("ios/" + name)) == nil, "\(name)")
        }
    }

    @Test func binaryPlistScreenRefusesUIDsAndDamagedTables() {
        // One object: a keyed-archive UID (0x80 0x01).
        #expect(InfoPlistReader.binaryPlistProblem(HostileManifestTests.binaryPlist(objects: [[0x80, 0x01]], referenceSize: 1))?
            .contains("keyed-archive UID") == true)
        // An offset table that claims more objects than fit before the trailer.
        var bytes = HostileManifestTests.binaryPlist(objects: [[0xA0]], referenceSize: 1)
        bytes[bytes.count - 32 + 15] = 0xFF
        #expect(InfoPlistReader.binaryPlistProblem(bytes)?.contains("damaged binary property list") == true)
        #expect(InfoPlistReader.binaryPlistProblem(Array("bplist15".utf8) + [UInt8](repeating: 0, count: 40))?
            .contains("unsupported version") == true)
    }
}
