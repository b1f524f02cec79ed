// swift-tools-version:6.1
// libFuzzer harnesses for lendaudit's readers. Kept out of the main package so `swift build`
// and CI never build them; scripts/fuzz.sh builds and runs one. See docs/fuzzing.md.
import PackageDescription

// libFuzzer supplies `main`, so each harness is parsed as a library and linked with the
// fuzzer runtime. The readers under test get coverage instrumentation from the -Xswiftc
// flags in scripts/fuzz.sh (applied to every module, so libFuzzer sees their branches).
let harness: [SwiftSetting] = [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer,address"])]
let link: [LinkerSetting] = [.unsafeFlags(["-sanitize=fuzzer,address"])]

let package = Package(
    name: "LendauditFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "lendaudit", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzAgreement",
            dependencies: [.product(name: "LendauditFuzzSupport", package: "lendaudit")],
            swiftSettings: harness, linkerSettings: link
        ),
    ]
)
