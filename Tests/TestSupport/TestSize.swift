import Foundation

/// How big the soak and scale runs are. `swift test` runs each at a size that still shows what it
/// proves, so the edit-test loop stays fast; `LENDAUDIT_LONG_TESTS=1` runs them at full size, as
/// CI does in its own step of `.ci/run` (whose filter names every test that reads this).
public enum TestSize {
    public static let isLong = ProcessInfo.processInfo.environment["LENDAUDIT_LONG_TESTS"] == "1"

    /// `quick` in the edit-test loop, `long` under `LENDAUDIT_LONG_TESTS=1`.
    public static func pick(quick: Int, long: Int) -> Int {
        isLong ? long : quick
    }
}
