import ArgumentParser
import Findings
import Reporters

/// `--fail-on` takes a severity or `none`, in any case, in every command.
enum FailOn {
    static func validate(_ value: String?) throws {
        guard let value, Gate(value) == nil else { return }
        throw ValidationError("--fail-on takes critical, high, medium, low, info or none, not '\(value)'")
    }

    /// The gate of a validated value (the default, low, for one that is not).
    static func gate(_ value: String) -> Gate {
        Gate(value) ?? Gate(threshold: .low)
    }
}
