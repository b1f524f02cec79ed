import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throw-away folder tree for one test, under the system temporary folder.
/// Call `remove()` in a `defer`; it restores permissions first so chmod-000 entries go too.
struct TemporaryTree {
    /// Canonical path of the tree's folder (symlinks in the temporary folder resolved, so that
    /// paths compare equal to what discovery reports).
    let root: String

    init() throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("lendaudit-discovery-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        root = base.resolvingSymlinksInPath().path
    }

    func path(_ relative: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    /// Writes a file, creating its folders.
    @discardableResult
    func file(_ relative: String, _ contents: String = "<p>text</p>") throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true
        )
        try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }

    func folder(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    /// A symbolic link at `relative` whose text is exactly `target` (relative or absolute).
    func link(_ relative: String, to target: String) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true
        )
        guard symlink(target, full) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Creates a file whose name is raw bytes (possibly invalid UTF-8) inside `folder`.
    func file(inFolder folder: String, rawName: [UInt8]) throws {
        let bytes = Array(path(folder).utf8) + [UInt8(ascii: "/")] + rawName
        let terminated = bytes.map { CChar(bitPattern: $0) } + [0]
        let descriptor = open(terminated, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        _ = write(descriptor, "<p>x</p>", 8)
        close(descriptor)
    }

    /// Creates a folder whose name is raw bytes inside `folder`, with one agreement in it.
    func folder(inFolder folder: String, rawName: [UInt8]) throws {
        let bytes = Array(path(folder).utf8) + [UInt8(ascii: "/")] + rawName
        let terminated = bytes.map { CChar(bitPattern: $0) } + [0]
        guard mkdir(terminated, 0o755) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        let inner = bytes + Array("/terms.html".utf8)
        let descriptor = open(inner.map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        close(descriptor)
    }

    func setPermissions(_ relative: String, _ mode: mode_t) {
        chmod(path(relative), mode)
    }

    /// Whether this process can open the file despite its permissions (true when running as root).
    func canOpen(_ relative: String) -> Bool {
        let descriptor = open(path(relative), O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    /// Whether this process can list the folder despite its permissions.
    func canList(_ relative: String) -> Bool {
        guard let folder = opendir(path(relative)) else { return false }
        closedir(folder)
        return true
    }

    func remove() {
        Self.removeRecursively(Array(root.utf8))
    }

    /// Byte-level removal: FileManager cannot remove entries whose names are not UTF-8, and
    /// chmod 000 folders need their permissions back before they can be emptied.
    private static func removeRecursively(_ path: [UInt8]) {
        let cPath = path.map { CChar(bitPattern: $0) } + [0]
        var info = stat()
        guard lstat(cPath, &info) == 0 else { return }
        if info.st_mode & mode_t(S_IFMT) == mode_t(S_IFDIR) {
            chmod(cPath, 0o755)
            if let folder = opendir(cPath) {
                var names: [[UInt8]] = []
                while let entry = readdir(folder) {
                    let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                        Array(raw.bindMemory(to: UInt8.self).prefix { $0 != 0 })
                    }
                    if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
                }
                closedir(folder)
                for name in names { removeRecursively(path + [UInt8(ascii: "/")] + name) }
            }
            rmdir(cPath)
        } else {
            unlink(cPath)
        }
    }
}

@testable import Discovery
import Findings

extension Discovery {
    /// `discover` with every path under a single root shown relative to it, as reports showed
    /// them before paths were printed as typed: the layout, link and metadata tests are about
    /// which files belong to which app, and read more clearly without the temporary folder's
    /// path in front of every name. `DisplayPathTests` checks the paths as typed.
    static func discoverRootRelative(roots: [String], options: DiscoveryOptions = .init()) -> DiscoveryResult {
        var result = discover(roots: roots, options: options)
        guard roots.count == 1, let typed = roots.first else { return result }
        var root = typed
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        // A single file shows from its folder.
        var isFolder: ObjCBool = false
        var base = root
        if FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), !isFolder.boolValue {
            base = (root as NSString).deletingLastPathComponent
        }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        func strip(_ path: String) -> String {
            if path == base { return "." }
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        }
        for index in result.apps.indices {
            result.apps[index].displayPath = strip(result.apps[index].displayPath)
            result.apps[index].files = result.apps[index].files.map { file in
                InputFile(absolutePath: file.absolutePath, displayPath: strip(file.displayPath), pathInApp: file.pathInApp, kind: file.kind)
            }
        }
        // The root's own errors keep the root as typed, as they always did.
        result.errors = result.errors.map { error in
            error.path == root ? error : InputError(path: strip(error.path), app: error.app, reason: error.reason)
        }
        result.skipped = result.skipped.map { SkippedFile(path: strip($0.path), app: $0.app, reason: $0.reason) }
        return result
    }
}
