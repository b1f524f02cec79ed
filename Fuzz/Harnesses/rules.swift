// libFuzzer harness: any bytes as one rule file of a pack, loaded through the public
// `RuleSet.add(directory:)` exactly as `--rules DIR` does. A bad rule file must be a
// RuleFileError (exit 2), never a trap. The bundled norms catalogue sits beside the pack so
// rules that cite real norms get past the reference check into the matcher compiler.
import Foundation
import Rules

private let folder: String = {
    let root = NSTemporaryDirectory() + "lendaudit-fuzz-rules-\(getpid())"
    try? FileManager.default.createDirectory(atPath: root + "/pack", withIntermediateDirectories: true)
    let norms = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../rules/norms.yaml").standardizedFileURL
    try? FileManager.default.copyItem(atPath: norms.path, toPath: root + "/norms.yaml")
    return root
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let file = folder + "/pack/rule.yaml"
    _ = FileManager.default.createFile(atPath: file, contents: Data(bytes: data, count: size))
    var set = RuleSet()
    _ = try? set.add(directory: folder)
    return 0
}
