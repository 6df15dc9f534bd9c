import SpamTestSupport
import Testing

/// Bulk mail runs (`--input maildir`, `--input mbox`) read and score their messages on two
/// threads, a batch at a time; what they print must be what one thread printed: every message's
/// verdict and score as a run over a maildir of that message alone gives them (one message is
/// read and scored on one thread), in the input's order, with a message over --max-size
/// reported `unfiltered` in its place.
@Suite struct BulkMailTests {
    /// Mails and bare texts of several kinds; the fifth is over the size cap used below.
    static let messages: [String] = [
        "From: bank@example.test\nSubject: Card payment\n\nA payment of GBP 23.10 at TESCO was made with your card ending 4821.\n",
        "Subject: URGENT\n\nYour parcel is held. Pay the 1.99 fee now: https://royalmail-redelivery.top/pay\n",
        "Lunch at 1? I'll be at the usual place.\n",
        "WINNER!! You have won a 1000 prize. Call 09061701461 now to claim, 150p/min.\n",
        "Subject: big\n\n" + String(repeating: "words and more words ", count: 40) + "\n",
        "From: school@example.test\nSubject: Trip\n\nThe Year 5 trip to the museum leaves at 9:00 on Friday; packed lunch please.\n",
        "Subject: \n\n\n",
        "From: \"Support\" <no-reply@example.test>\nSubject: Account locked\n\nWe noticed unusual activity. Verify your account within 24 hours at http://secure-verify-login.xyz/acc or it will be closed.\n",
        "Your verification code is 482913. Do not share it with anyone.\n",
        "Hi, how are you? Long time no see, call me back when you can.\n",
        "Hey are we still on for dinner tonight?\n",
        "Subject: Congrats!\n\nYou have been selected for a reward, reply YES to get it\n",
    ]

    @Test func twoThreadsPrintWhatEachMessageScoresAlone() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("bulk-mail")
        defer { scratch.remove() }
        scratch.makeMaildir("md")
        var mbox = ""
        func name(_ k: Int) -> String { k < 10 ? "m0\(k)" : "m\(k)" }
        for (k, message) in Self.messages.enumerated() {
            // Maildir lists its files by name: zero-padded, they come in this order.
            scratch.write("md/cur/\(name(k))", message)
            scratch.makeMaildir("one\(k)")
            scratch.write("one\(k)/cur/\(name(k))", message)
            mbox += "From sender@example.test Thu Dec  3 10:00:00 2026\n" + message + "\n"
        }
        scratch.write("box", mbox)
        let common = ["classify", "--no-log", "--db", scratch.file("store.sqlite"), "--max-size", "500"]

        var expected: [String] = []
        for k in Self.messages.indices {
            let alone = ChildProcess.run(
                [binary] + common + ["--input", "maildir", scratch.file("one\(k)")], in: scratch,
                tag: "alone\(k)")
            #expect(alone.status == 0, "\(alone.err)")
            // `cur/NAME<TAB>verdict<TAB>score…`: the verdict and what follows it.
            let line = alone.out.split(separator: "\n").first.map(String.init) ?? ""
            expected.append(String(line.split(separator: "\t", maxSplits: 1).last ?? ""))
        }
        #expect(expected[4] == "unfiltered\t-")
        // All three verdicts, and scores short of certainty: a wrong pairing would show.
        #expect(Set(expected.map { $0.split(separator: "\t").first ?? "" }).count >= 4, "\(expected)")
        #expect(
            expected.filter { !$0.hasSuffix("0.0000") && !$0.hasSuffix("1.0000") }.count >= 3, "\(expected)")

        // The bulk runs: every message's line, its id (by the input's kind) in front.
        for (input, path, id) in [
            ("maildir", "md", { (k: Int) in "cur/\(name(k))" }), ("mbox", "box", { (k: Int) in "\(k + 1)" }),
        ] {
            let bulk = ChildProcess.run(
                [binary] + common + ["--input", input, scratch.file(path)], in: scratch, tag: input)
            #expect(bulk.status == 0, "\(input): \(bulk.err)")
            #expect(
                bulk.out.split(separator: "\n").map(String.init)
                    == Self.messages.indices.map { id($0) + "\t" + expected[$0] }, "\(input)")
        }
    }
}
