import ArgumentParser
import Findings

/// `--fail-on` takes a severity or `none`, in every command.
enum FailOn {
    static func validate(_ value: String?) throws {
        guard let value, value != "none", Severity(rawValue: value) == nil else { return }
        throw ValidationError("--fail-on takes critical, high, medium, low, info or none, not '\(value)'")
    }
}
