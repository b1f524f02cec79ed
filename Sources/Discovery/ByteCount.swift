/// Sizes in words a person reads at a glance ("120 MB"), for size-limit messages.
/// Units are binary (1 MB = 1,048,576 bytes), matching how `--max-file-size` is counted.
enum ByteCount {
    static func describe(_ bytes: Int64) -> String {
        let units: [(size: Int64, name: String)] = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")]
        for unit in units where bytes >= unit.size {
            let tenths = (bytes * 10 + unit.size / 2) / unit.size
            // One decimal only while it matters (2.5 MB); 120 MB needs none.
            if tenths >= 100 || tenths % 10 == 0 { return "\((tenths + 5) / 10) \(unit.name)" }
            return "\(tenths / 10).\(tenths % 10) \(unit.name)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }

    /// A size next to a limit; exact byte counts when rounding would make them read the same
    /// ("32 MB, over the 32 MB limit" would make no sense).
    static func describe(_ bytes: Int64, against limit: Int64) -> (size: String, limit: String) {
        let size = describe(bytes), limitText = describe(limit)
        guard size == limitText else { return (size, limitText) }
        return ("\(bytes) bytes", "\(limit)-byte")
    }
}
