// libFuzzer harness: any bytes as a HarmonyOS module.json5 and as a mini-program app.json
// (both go through JSON5Parser), via the public manifest entry point.
import Findings
import Manifests

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON5(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? ManifestReader.read(bytes, kind: .harmonyModule, path: "fuzz/module.json5", catalogue: .empty)
    _ = try? ManifestReader.read(bytes, kind: .miniProgramAppJSON, path: "fuzz/app.json", catalogue: .empty)
    return 0
}
