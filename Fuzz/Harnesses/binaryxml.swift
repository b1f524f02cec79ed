// libFuzzer harness: any bytes as the compiled AndroidManifest.xml of an APK. Fed straight to
// the decoder (not wrapped in a ZIP) so every mutation reaches the chunk walk and string pool.
@testable import Manifests

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinaryXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? AndroidManifestReader.readBinary(bytes, path: "fuzz.apk!AndroidManifest.xml")
    return 0
}
