import Foundation
import Testing

@testable import Reporters

/// `primaryLocationLineHash` must be GitHub's own value, or an upload opens a second alert for
/// the same line. Checked against the vectors github/codeql-action publishes for its `hash`
/// (src/fingerprints.test.ts), and against an independent port of that function in Python on
/// inputs those vectors do not reach (CJK, long lines, invalid UTF-8, characters outside the BMP).
@Suite struct GitHubLineHashTests {
    func hashes(_ text: String) -> [String] {
        Array(GitHubLineHash.lineHashes(of: Array(text.utf8)).dropFirst())
    }

    @Test func matchesTheVectorsGitHubPublishes() {
        #expect(hashes("") == ["c129715d7a2bc9a3:1"])
        #expect(hashes(" a\nb\n  \t\tc\n d") == [
            "271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1",
        ])
        #expect(hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End") == [
            "8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
            "b86d3392aea1be30:1", "e6ceba753e1a442:1",
        ])
        let sameLines = [
            "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1",
        ]
        // Line ends \n, \r, \r\n and mixed all hash alike.
        #expect(hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n") == sameLines)
        #expect(hashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r") == sameLines)
        #expect(hashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n") == sameLines)
        #expect(hashes(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n") == sameLines)
        // Identical hashes are told apart by their occurrence.
        #expect(hashes(String(repeating: "Lorem ipsum dolor sit amet.\n", count: 10)) == [
            "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
            "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
        ])
    }

    @Test func countsCharactersPerLineOnlyForUTF8() {
        #expect(GitHubLineHash(Array("1 é\r2 中文\r\n3 😀\n\r".utf8)).lineLengths == [0, 3, 4, 3, 0, 0])
        #expect(GitHubLineHash([0x61, 0xFF, 0x0A]).lineLengths == nil)
        #expect(GitHubLineHash([0x61, 0xFF, 0x0A]).hash(line: 1) != nil)
        #expect(GitHubLineHash(Array("a\n".utf8)).hash(line: 3) == nil)
    }

    /// fingerprints.ts's `hash`, written again in Python from its description: UTF-16 code units
    /// of the UTF-8-decoded file, 64-bit wrap-around arithmetic, hex without leading zeros.
    static let pythonPort = #"""
    import sys
    M = (1 << 64) - 1
    def line_hashes(data):
        B, MOD = 100, 37
        first = pow(MOD, B, 1 << 64)
        window, nums = [0] * B, [-1] * B
        st = {'h': 0, 'i': 0, 'ln': 0, 'start': True, 'cr': False}
        counts, out = {}, []
        def emit():
            v = format(st['h'] & M, 'x'); counts[v] = counts.get(v, 0) + 1
            out.append('%s:%d' % (v, counts[v])); nums[st['i']] = -1
        def update(c):
            b = window[st['i']]; window[st['i']] = c
            st['h'] = (MOD * st['h'] + c - first * b) & M; st['i'] = (st['i'] + 1) % B
        def process(c):
            if c in (32, 9) or (st['cr'] and c == 10):
                st['cr'] = False; return
            if c == 13: c = 10; st['cr'] = True
            else: st['cr'] = False
            if nums[st['i']] != -1: emit()
            if st['start']:
                st['start'] = False; st['ln'] += 1; nums[st['i']] = st['ln']
            if c == 10: st['start'] = True
            update(c)
        units = data.decode('utf-8', 'replace').encode('utf-16-le')
        for k in range(0, len(units), 2): process(units[k] | units[k + 1] << 8)
        process(65535)
        for _ in range(B):
            if nums[st['i']] != -1: emit()
            update(0)
        return out
    for path in sys.argv[1:]:
        print(' '.join(line_hashes(open(path, 'rb').read())))
    """#

    static let samples: [[UInt8]] = [
        Array("<p>如您拒绝授权通讯录，我们将无法为您提供借款服务。</p>\r\n<p>We   may call\tyour contacts.</p>\n".utf8),
        Array((String(repeating: "一行很长的条款文字，", count: 40) + "\n" + String(repeating: "x", count: 250) + "\n\n").utf8),
        Array("emoji 😀 outside the BMP\rold mac\r\rline\n".utf8),
        // Invalid UTF-8 (a GBK page read as UTF-8) becomes U+FFFD.
        [0xC8, 0xE7, 0xC4, 0xFA, 0x0A, 0x61, 0x62, 0x0A, 0xFF, 0x20, 0x63],
        Array(String(repeating: "same line\n", count: 130).utf8),
        // Overlong, encoded surrogate, above U+10FFFF, a lone continuation, cut off at the end.
        Array("a\n".utf8) + [0xC0, 0xAF, 0x0A, 0xED, 0xA0, 0x80, 0x0A, 0xF4, 0x90, 0x80, 0x80, 0x0A, 0x80, 0x0A, 0xE4, 0xB8],
        // Every width of valid UTF-8, CR line ends.
        Array("1 é\r2 中文\r3 😀\r\r".utf8),
    ]

    @Test func agreesWithAnIndependentPortOnHarderInputs() throws {
        let files = try Self.samples.enumerated().map { index, bytes in
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-linehash-\(UUID().uuidString)-\(index)")
            try Data(bytes).write(to: url)
            return url
        }
        defer { files.forEach { try? FileManager.default.removeItem(at: $0) } }
        guard let run = ExternalTool.python(Self.pythonPort, files.map(\.path)), run.status == 0 else {
            Issue.record("python3 is needed to compare the line hashes with an independent port")
            return
        }
        let expected = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(files.count)
        #expect(expected.count == Self.samples.count)
        for (bytes, line) in zip(Self.samples, expected) {
            #expect(Array(GitHubLineHash.lineHashes(of: bytes).dropFirst()) == line.split(separator: " ").map(String.init))
        }
    }
}
