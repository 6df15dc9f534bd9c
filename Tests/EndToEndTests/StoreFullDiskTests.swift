import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A full disk: inside a private user and mount namespace (`unshare -rm`, skipped where not
/// allowed) the store lives on a 256 KiB tmpfs that is then filled. `learn` fails with a clear
/// "disk or quota full" (exit 3); `classify` still delivers a verdict, with a warning on stderr.
@Test func fullDiskGivesAClearErrorAndClassifyStillWorks() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("fulldisk")
    defer { scratch.remove() }
    guard access("/usr/bin/unshare", X_OK) == 0,
        ChildProcess.run(["/usr/bin/unshare", "-rm", "/bin/true"], in: scratch, tag: "probe").status == 0
    else { return }
    var corpus = ""
    for i in 0..<40 {
        corpus += i % 3 == 0 ? "spam\twin cash prize now \(i)\n" : "ham\tsee you at lunch \(i)\n"
    }
    scratch.write("base.tsv", corpus)
    let trained = ChildProcess.run(
        [
            binary, "retrain", "--db", scratch.file("train.sqlite"), "--force", "--base-corpus",
            scratch.file("base.tsv"),
            "--epochs", "1", "--hidden-size", "4", "--embedding-dim", "4", "--folds", "0", "--baseline",
            "none", "--models-dir", scratch.file("models"),
        ],
        in: scratch, tag: "train")
    #expect(trained.status == 0, "\(trained.err)")
    let model =
        ChildProcess.run(
            ["/bin/sh", "-c", "ls \(scratch.file("models"))/*.smsmodel"], in: scratch, tag: "ls"
        ).out
        .split(separator: "\n").first.map(String.init) ?? ""
    scratch.write("in", "see you at lunch")
    mkdir(scratch.file("disk"), 0o700)
    let disk = scratch.file("disk")
    let script = """
        mount -t tmpfs -o size=256k tmpfs '\(disk)' || exit 99
        '\(binary)' learn --ham -q --db '\(disk)/s.sqlite' '\(scratch.file("in"))' || echo "setup failed"
        dd if=/dev/zero of='\(disk)/fill' bs=4k count=1000 2>/dev/null
        echo "more text to learn" | '\(binary)' learn --spam --db '\(disk)/s.sqlite'
        echo "learn=$?"
        SMSFILTER_DB='\(disk)/s.sqlite' '\(binary)' classify --model '\(model)' < '\(scratch.file("in"))'
        echo "classify=$?"
        """
    let result = ChildProcess.run(
        ["/usr/bin/unshare", "-rm", "/bin/sh", "-c", script], in: scratch, tag: "full")
    if result.status == 99 { return }  // tmpfs not mountable here
    #expect(!result.out.contains("setup failed"), "\(result.out) \(result.err)")
    #expect(result.out.contains("learn=3"), "\(result.out)")
    #expect(result.err.contains("disk or quota full"), "\(result.err)")
    #expect(
        result.out.contains("classify=0") || result.out.contains("classify=1")
            || result.out.contains("classify=2"), "\(result.out)")
    #expect(
        result.err.contains("warning: classification log")
            || result.err.contains("warning: verdict not logged"), "\(result.err)")
}
