import SpamTestSupport
import Testing

/// What the end-to-end suites need. Those suites are disabled (reported as skipped) when it is
/// missing, so without this test a run that lost the binary or the model would pass untested.
/// Programs the hook tests use are optional on a developer's machine (README) but installed by
/// .ci/run, so under CI (`CI=true`) their absence fails here; sieve-test stays optional everywhere.
@Suite struct PrerequisiteTests {
    @Test func theBuiltBinaryAndTheBundledModelAreThere() {
        #expect(
            TestEnvironment.smsfilterBinary != nil,
            "no smsfilter next to the test runner: run `swift build`, or set SMSFILTER_BIN")
        #expect(
            TestEnvironment.model != nil, "models/default.smsmodel is missing (or set SMSFILTER_TEST_MODEL)")
    }

    @Test(
        .enabled(if: TestEnvironment.isCI, "only under CI=true"),
        arguments: ["procmail", "maildrop", "make", "strace"])
    func ciHasTheHookTestPrograms(_ program: String) {
        #expect(
            TestEnvironment.which(program) != nil,
            "\(program) is missing: apt-get install \(program) (.ci/run does)")
    }
}
