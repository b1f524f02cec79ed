import Findings
import Foundation
@testable import Manifests
import Testing

/// Hostile archives from scripts/make-hostile-archives.py: each gives a ManifestError with a
/// reason a user can act on, quickly, and nothing is ever written to disk.
struct ArchiveLimitTests {
    static let cases: [(file: String, reason: String)] = [
        ("bomb-ratio.apk", "the APK's AndroidManifest.xml would expand from 9 KB to 10 MB, a ratio over 200:1; refusing a likely zip bomb"),
        ("oversize.apk", "the APK's AndroidManifest.xml is 20 MB uncompressed, over the 16 MB limit"),
        ("lying-size.apk", "the APK's AndroidManifest.xml inflates to more than its stated size and the 1 MB limit; refusing a likely zip bomb"),
        ("dot-dot-name.apk", "the APK holds an entry named '../../evil.sh' that climbs out of the archive with '..'; refusing a crafted archive"),
        ("absolute-name.apk", "the APK holds an entry named '/etc/cron.d/evil' that is an absolute path; refusing a crafted archive"),
        ("windows-absolute-name.apk", "the APK holds an entry named 'C:\\Windows\\evil.dll' that is an absolute Windows path; refusing a crafted archive"),
        ("truncated.apk", "the APK is not a readable ZIP archive: it has no central directory (truncated, damaged, or not a ZIP file at all)"),
        ("fake.apk", "the APK is not a readable ZIP archive: it has no central directory (truncated, damaged, or not a ZIP file at all)"),
        ("empty-zip.apk", "the APK is an empty ZIP archive (or its central directory is damaged)"),
        ("no-manifest.apk", "the APK has no AndroidManifest.xml at its root, so it is not an Android app package"),
        ("duplicate-manifest.apk", "the APK holds 2 entries named 'AndroidManifest.xml'; refusing an ambiguous archive"),
        ("symlink-manifest.apk", "the APK's AndroidManifest.xml is a symbolic link, not a file"),
        ("billion-laughs-in-apk.apk", "the manifest declares a DOCTYPE, which real Android manifests never do; it was not read, so no entity was expanded or fetched"),
        ("dot-dot-name.ipa", "the IPA holds an entry named 'Payload/../../evil' that climbs out of the archive with '..'; refusing a crafted archive"),
        ("no-info-plist.ipa", "the IPA has no Payload/<app>.app/Info.plist, so it is not an iOS app package"),
    ]

    @Test(arguments: cases)
    func hostileArchiveIsRefusedWithAReason(_ example: (file: String, reason: String)) throws {
        let kind: InputKind = example.file.hasSuffix(".ipa") ? .ipa : .apk
        let clock = ContinuousClock()
        let start = clock.now
        let error = readError(try Artefacts.bytes("hostile/\(example.file)"), as: kind)
        #expect(clock.now - start < .seconds(5))
        #expect(error?.reason == example.reason)
    }

    @Test func corruptDataIsRefused() throws {
        let error = try #require(readError(try Artefacts.bytes("hostile/corrupt-data.apk"), as: .apk))
        #expect(error.reason.hasPrefix("the APK's AndroidManifest.xml"))
    }

    @Test func garbageManifestIsRefused() throws {
        let error = try #require(readError(try Artefacts.bytes("hostile/garbage-manifest.apk"), as: .apk))
        #expect(error.reason.hasPrefix("the binary AndroidManifest.xml"))
    }

    @Test func nestedArchivesAreIgnored() throws {
        let nested = try readArtefact("hostile/nested-archive.apk", as: .apk)
        let plain = try readArtefact("apk/contacts-sms-calllog.apk", as: .apk)
        #expect(nested.names == plain.names)
        #expect(nested.appIdentifier == "com.example.cashnow")
    }

    @Test func unsafePathsAreRecognised() {
        #expect(ArchiveReader.unsafePathProblem("res/raw/a..b.txt") == nil)
        #expect(ArchiveReader.unsafePathProblem("assets/..") != nil)
        #expect(ArchiveReader.unsafePathProblem("assets\\..\\x") != nil)
        #expect(ArchiveReader.unsafePathProblem("\\\\server\\share") != nil)
        #expect(ArchiveReader.unsafePathProblem("d:/x") != nil)
        #expect(ArchiveReader.unsafePathProblem("lib/arm64-v8a/libx.so") == nil)
    }

    @Test func sizesAreDescribedInPlainWords() {
        #expect(ArchiveReader.describe(bytes: 40 << 20) == "40 MB")
        #expect(ArchiveReader.describe(bytes: (3 << 20) / 2) == "1.5 MB")
        #expect(ArchiveReader.describe(bytes: 2048) == "2 KB")
        #expect(ArchiveReader.describe(bytes: 1) == "1 byte")
    }
}
