// libFuzzer harness: any bytes as a saved HTML page, then as a text file -> clauses.
// AgreementReader may reject the bytes (that is an input error); it must never trap or hang.
import Documents
import Findings

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAgreement(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? AgreementReader.read(bytes, kind: .html)
    _ = try? AgreementReader.read(bytes, kind: .text)
    return 0
}
