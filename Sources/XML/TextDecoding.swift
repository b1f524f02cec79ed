import CLibXML2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts bytes in a legacy encoding to UTF-8 with the C library's iconv.
public enum TextDecoding {
    public enum Failure: Error, Equatable {
        case unsupportedEncoding(String)
        /// The bytes are not valid in that encoding; `offset` is where conversion stopped.
        case invalidBytes(encoding: String, offset: Int)
    }

    /// Decodes `bytes` from `encoding` (an iconv name such as `GB18030`, `BIG5`, `UTF-16LE`)
    /// into UTF-8 bytes.
    public static func utf8(from bytes: [UInt8], encoding: String) throws(Failure) -> [UInt8] {
        let converter = iconv_open("UTF-8", encoding)
        // iconv_open reports failure as (iconv_t)-1.
        guard let converter, Int(bitPattern: converter) != -1 else {
            throw .unsupportedEncoding(encoding)
        }
        defer { iconv_close(converter) }
        if bytes.isEmpty { return [] }

        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        var failure: Failure?
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            var written = 0
            while inLeft > 0 {
                if output.count - written < 16 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let step: Int = output.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress! + written)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count - written
                    let before = outLeft
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result == -1 && errno != E2BIG {
                        failure = .invalidBytes(encoding: encoding, offset: inBuffer.count - inLeft)
                        return -1
                    }
                    return before - outLeft
                }
                if step < 0 { break }
                written += step
            }
            return written
        }
        if let failure { throw failure }
        return Array(output[0..<produced])
    }
}
