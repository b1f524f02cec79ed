import Foundation

/// Writes to stderr: errors and progress, never report content.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("lendaudit: " + message + "\n").utf8))
    }

    /// Runs `body`; its failure (a broken rule, catalogue or config file as `file:line:col: error:
    /// …`, reports that cannot be merged) is printed and ends the command with exit 2.
    static func orExit<Value, Failure: Error & CustomStringConvertible>(_ body: () throws(Failure) -> Value) throws -> Value {
        do {
            return try body()
        } catch {
            Console.error(error.description)
            throw ExitStatus.usage.exitCode
        }
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
