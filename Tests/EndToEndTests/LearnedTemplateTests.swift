import SpamTestSupport
import Testing

/// A marked message and its copies get the marked verdict at once, with
/// `reason=learned-spam|learned-ham`: through one delivery, `-p`, and a bulk TSV run; a spam
/// mark's copies may differ in digits too, a ham mark's only in case and spacing. Unlearning
/// gives the model its say back. No retrain is involved.
@Test func aMarkTakesEffectAtOnceForTheMessageAndItsNearCopies() throws {
    guard let binary = TestEnvironment.smsfilterBinary, TestEnvironment.model != nil else {
        Issue.record("built smsfilter binary or bundled model not found")
        return
    }
    let scratch = TemporaryDirectory("learned-templates")
    defer { scratch.remove() }
    let db = scratch.file("s.sqlite")
    let club = "Reminder: the community garden meets Saturday 10am, bring gloves 4"
    let nearCopy = "REMINDER: the community garden meets Saturday 11am,  bring gloves 5"
    func classify(_ text: String, _ extra: [String] = []) -> (status: Int32, out: String, err: String) {
        ChildProcess.run([binary, "--db", db, "--no-log"] + extra, in: scratch, tag: "classify", stdin: text)
    }
    #expect(classify(nearCopy).out.hasPrefix("Ham, "), "the model's own verdict")
    let learned = ChildProcess.run(
        [binary, "learn", "--spam", "-q", "--db", db], in: scratch, tag: "learn", stdin: club)
    #expect(learned.status == 0, "\(learned.err)")
    let marked = classify(nearCopy)
    #expect(
        marked.status == 0 && marked.out.hasPrefix("Spam, ") && marked.out.contains("reason=learned-spam"),
        "\(marked.out)")
    let header = classify(nearCopy, ["-p"])
    #expect(
        header.out.contains("X-SMSFilter: Spam, score=") && header.out.contains("reason=learned-spam"),
        "\(header.out)")
    scratch.write("bulk.tsv", "ham\t\(nearCopy)\nham\tSee you at the garden then\n")
    let bulk = ChildProcess.run(
        [binary, "classify", "--input", "tsv", "--db", db, "--no-log", scratch.file("bulk.tsv")], in: scratch,
        tag: "bulk")
    let lines = bulk.out.split(separator: "\n")
    #expect(
        lines.count == 2 && lines[0].hasPrefix("spam\t") && lines[0].hasSuffix("reason=learned-spam"),
        "\(bulk.out)")
    #expect(lines.count == 2 && !lines[1].contains("learned"), "\(bulk.out)")
    scratch.write("club.txt", club)
    let unlearned = ChildProcess.run(
        [binary, "unlearn", "--db", db, scratch.file("club.txt")], in: scratch, tag: "unlearn")
    #expect(unlearned.status == 0, "\(unlearned.err)")
    #expect(classify(nearCopy).out.hasPrefix("Ham, "))

    // A ham mark: the same notice in other case and spacing is Ham, but a copy with another
    // number to call (how callback scams imitate a bank) is the model's again.
    let notice =
        "HSBC: we blocked a payment of £250 to J SMITH. If this was you, call 03457 404 404 to unblock it"
    #expect(classify(notice).out.hasPrefix("Spam, "), "the model's own verdict")
    _ = ChildProcess.run(
        [binary, "learn", "--ham", "-q", "--db", db], in: scratch, tag: "ham", stdin: notice)
    let trusted = classify(
        "hsbc: we blocked a payment of £250 to J SMITH.  If this was you, call 03457 404 404 to unblock it")
    #expect(trusted.out.hasPrefix("Ham, ") && trusted.out.contains("reason=learned-ham"), "\(trusted.out)")
    let imitation = classify(
        "HSBC: we blocked a payment of £250 to J SMITH. If this was you, call 07700 900 123 to unblock it")
    #expect(!imitation.out.contains("learned"), "\(imitation.out)")
}
