#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing

import SpamNN

/// Prints the benchmark report; runs only when SPAMNN_BENCH=1 (use a release build:
/// `SPAMNN_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter Bench`). No timed assertions.
@Suite struct BenchmarkTests {
    @Test func printBenchmarkReport() {
        guard let flag = getenv("SPAMNN_BENCH"), String(cString: flag) == "1" else { return }
        print(SpamNNBenchmark.run())
    }
}
