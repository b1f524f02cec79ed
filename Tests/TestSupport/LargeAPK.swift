import Foundation

/// Writes an APK of a given size at test time (hundreds of megabytes must never be committed):
/// `megabytes` stored entries of one seeded random megabyte each, so nothing compresses, with
/// the real `AndroidManifest.xml` half way through, where only seeking reaches it cheaply.
public enum LargeAPK {
    public static func write(to path: String, manifest: [UInt8], megabytes: Int, seed: UInt64 = 0x1A7E_A9C0) throws {
        var generator = SplitMix64(seed: seed)
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for index in stride(from: 0, to: block.count, by: 8) {
            withUnsafeBytes(of: generator.next().littleEndian) { block.replaceSubrange(index ..< index + 8, with: $0) }
        }
        let blockCRC = crc32(block)
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? file.close() }
        var offset: UInt32 = 0
        var directory: [UInt8] = []
        var count: UInt16 = 0
        func add(_ name: String, _ data: [UInt8], crc: UInt32) throws {
            let nameBytes = Array(name.utf8)
            var local: [UInt8] = []
            local += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            local += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count))
            local += le16(UInt16(nameBytes.count)) + le16(0) + nameBytes
            try file.write(contentsOf: Data(local))
            try file.write(contentsOf: Data(data))
            directory += le32(0x0201_4B50) + le16(0x0314) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            directory += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count))
            directory += le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0)
            directory += le32(0o100644 << 16) + le32(offset) + nameBytes
            offset += UInt32(local.count + data.count)
            count += 1
        }
        for index in 0 ..< megabytes {
            if index == megabytes / 2 { try add("AndroidManifest.xml", manifest, crc: crc32(manifest)) }
            try add("assets/padding-\(index).bin", block, crc: blockCRC)
        }
        if megabytes == 0 { try add("AndroidManifest.xml", manifest, crc: crc32(manifest)) }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count)
            + le32(UInt32(directory.count)) + le32(offset) + le16(0)
        try file.write(contentsOf: Data(directory + end))
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { le16(UInt16(value & 0xFFFF)) + le16(UInt16(value >> 16)) }

    private static let table: [UInt32] = (0 ..< 256).map { index in
        var value = UInt32(index)
        for _ in 0 ..< 8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
