import Findings
import Foundation
@testable import Manifests
import Testing

/// The AXML decoder, checked against aapt on real APKs built by scripts/make-test-apks.sh.
struct APKTests {
    static let apkNames: [String] = (try? Artefacts.names(in: "apk", suffix: ".apk")) ?? []

    @Test func thereAreAtLeastTwentyAPKs() {
        #expect(Self.apkNames.count >= 20)
    }

    @Test(arguments: apkNames)
    func decoderAgreesWithAaptDumpPermissions(_ apk: String) throws {
        let stem = String(apk.dropLast(".apk".count))
        let result = try readArtefact("apk/\(apk)", as: .apk)
        let expected = Self.oneRequestPerName(try Artefacts.text("apk/\(stem).permissions.txt")
            .split(separator: "\n").map(String.init)).sorted()
        #expect(result.aaptDumpLines == expected)
        #expect(result.format == .apk)
        for permission in result.permissions {
            #expect(permission.location.path == "apk/\(apk)!AndroidManifest.xml")
            #expect(permission.location.column == 1)
        }
    }

    /// `aapt dump permissions` lists every element; Android keeps the first request of each name
    /// and ignores the repeats, and so does the decoder (the repeats' lines go in a qualifier).
    static func oneRequestPerName(_ lines: [String]) -> [String] {
        var seen: Set<String> = []
        return lines.filter { line in
            guard line.hasPrefix("uses-permission"), let name = line.split(separator: "'").dropFirst().first else { return true }
            return seen.insert(String(name)).inserted
        }
    }

    /// aapt keeps each element's source line, so the binary and the text manifest it came from
    /// must give the same permissions at the same lines.
    @Test(arguments: apkNames)
    func binaryAndTextManifestsAgree(_ apk: String) throws {
        let stem = String(apk.dropLast(".apk".count))
        let binary = try readArtefact("apk/\(apk)", as: .apk)
        let text = try readArtefact("apk/\(stem).xml", as: .androidManifest)
        // Binary columns are all 1, so two requests on one line sort by name there and by
        // column in text: compare in (line, name) order.
        func ordered(_ result: ManifestReadResult) -> [Permission] {
            result.permissions.sorted { ($0.location.line, $0.name) < ($1.location.line, $1.name) }
        }
        let (fromBinary, fromText) = (ordered(binary), ordered(text))
        #expect(fromBinary.map(\.name) == fromText.map(\.name))
        #expect(fromBinary.map(\.location.line) == fromText.map(\.location.line))
        // Repeated requests list their other lines; binary columns are all 1.
        func withoutColumns(_ permissions: [Permission]) -> [[String: String]] {
            permissions.map { $0.qualifiers.mapValues { $0.replacing(/, column \d+/, with: "") } }
        }
        #expect(withoutColumns(fromBinary) == withoutColumns(fromText))
        #expect(fromBinary.map(\.category) == fromText.map(\.category))
        #expect(binary.appIdentifier == text.appIdentifier)
        #expect(binary.versionName == text.versionName)
        #expect(binary.versionCode == text.versionCode)
        #expect(binary.declaredPermissions == text.declaredPermissions)
    }
}
