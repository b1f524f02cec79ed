// libFuzzer harness: any bytes as an Info.plist (XML, binary or OpenStep) through the public
// manifest entry point, as discovery would hand them over.
import Findings
import Manifests

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInfoPlist(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? ManifestReader.read(bytes, kind: .infoPlist, path: "fuzz/Info.plist", catalogue: .empty)
    return 0
}
