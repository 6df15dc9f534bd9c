import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Content a sender controls (issue 17, items 2–7), through the built binary and, where a hook
/// decides the folder, through the real procmail, maildrop and Sieve (`sieve-test`). Each test
/// failed on the code before the fix; the observed old behaviour is in its comment.
private let canScore = TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil

/// The bundled model scores this Spam (README's first command; 0.9842 with `717a5ac9`, 0.9800 with `dd5cc241`, 1.0000 with `7120e91e` and `78a8e1d4`).
private let winner = "WINNER!! Call 09061701461 to claim £1000 at www.example.com"

/// A paragraph of chat, 76 tokens: longer than one window.
private let chat =
    "see you at the station at six, I will bring the tickets and some snacks for the train. "
    + "Mum says hi and wants to know if you are coming for lunch on Sunday, she is making the "
    + "roast. Also can you return the drill when you get a chance, Dave needs it for the "
    + "shelves. Let me know how the interview went, fingers crossed for you. The cat has been "
    + "sleeping on your jumper all week"

private func modelOption() -> String { "--model \(quoted(TestEnvironment.model ?? "/nonexistent"))" }

/// The filter command the MDA recipes run (procmail splits it without a shell: no quotes).
private func recipeCommand() -> String {
    "\(TestEnvironment.smsfilterBinary ?? "smsfilter") --model \(TestEnvironment.model ?? "/nonexistent") --no-log"
}

/// Deliveries through the hooks in hooks/, into Maildirs or Sieve folders.
private enum Deliver {
    /// procmail with hooks/smsfilter.procmailrc: the folder ("" inbox, ".Spam") of each delivery.
    static func procmail(_ message: [UInt8]) -> [String] {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        directory.makeMaildir("Maildir")
        writeFile(root + "/message", message)
        writeProcmailRecipe(root: root, filter: recipeCommand())
        _ = shell(
            "env -u SMSFILTER_MODEL HOME=\(quoted(root)) procmail \(quoted(root + "/procmailrc")) < \(quoted(root + "/message"))"
        )
        return folders(directory, ["", ".Spam"])
    }

    /// maildrop with hooks/smsfilter.mailfilter.
    static func maildrop(_ message: [UInt8]) -> [String] {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        directory.makeMaildir("Maildir")
        directory.makeMaildir("Maildir/.Spam")
        writeFile(root + "/message", message)
        writeMaildropRecipe(root: root, filter: recipeCommand())
        _ = shell(
            "env -u SMSFILTER_MODEL HOME=\(quoted(root)) maildrop \(quoted(root + "/mailfilter")) < \(quoted(root + "/message"))"
        )
        return folders(directory, ["", ".Spam"])
    }

    /// hooks/smsfilter.sieve through sieve-test (`SieveDelivery`): the folder it stores into
    /// ("INBOX", "Spam"), or the whole output when it says neither.
    static func sieve(_ message: [UInt8]) -> String {
        let output = SieveDelivery.run(message).output
        for folder in ["Spam", "INBOX"] where output.contains("store message in folder: \(folder)") {
            return output.contains("final result: success") ? folder : output
        }
        return output
    }

    /// One entry per delivered message: its folder, or "error" when the filter failed on it.
    private static func folders(_ directory: TemporaryDirectory, _ names: [String]) -> [String] {
        names.flatMap { name in
            directory.delivered("Maildir" + (name.isEmpty ? "" : "/" + name)).map {
                text($0).contains("X-SMSFilter: Error") ? "error" : name
            }
        }
    }
}

private let hasProcmail = canScore && TestEnvironment.which("procmail") != nil
private let hasMaildrop = canScore && TestEnvironment.which("maildrop") != nil
private let hasSieve = canScore && TestEnvironment.which("sieve-test") != nil

@Suite(.enabled(if: canScore, "needs the binary and a model"))
struct SenderContentTests {
    // MARK: 2. Padding

    /// 8,200 spaces or dots before the text spent the tokenizer's byte budget: Unsure 0.4873
    /// (exit 2) instead of Spam. Now the score is the one without padding.
    @Test(arguments: [" ", ".", "\n", "- ", "\u{A0}"])
    func paddingDoesNotHideSpam(pad: String) throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let plain = runFilter(binary, modelOption(), input: Array(winner.utf8), in: directory)
        #expect(text(plain.stdout).hasPrefix("Spam, score="))
        let padded = Array(String(repeating: pad, count: 8_200 / pad.utf8.count).utf8) + Array(winner.utf8)
        let result = runFilter(binary, modelOption(), input: padded, in: directory)
        #expect(result.status == 0, "\(text(result.stdout))")
        #expect(text(result.stdout) == text(plain.stdout))
        // 300,000 spaces also spent the text extraction's 64 KiB.
        let far = Array(String(repeating: " ", count: 300_000).utf8) + Array(winner.utf8)
        #expect(
            text(runFilter(binary, modelOption(), input: far, in: directory).stdout) == text(plain.stdout))
    }

    /// Innocent words after a lure: the network reads a message to its last token, so the chat
    /// that followed had the last word (Ham 0.0089 for `winner` with this paragraph after it;
    /// the lure alone: Spam 0.99). A message longer than one window is now also scored on its
    /// openings (its first 16, 32 and 48 tokens). The lure here is 19 tokens, so the first
    /// opening is lure only; a shorter lure shares that opening with the chat, and whether the
    /// opening still reads as spam is the model's call (`winner` with this chat: Spam 0.86 with
    /// `ded9ce45`, Unsure 0.41 with `2f230dd9`; docs/ROBUSTNESS.md measures it over many lures).
    /// The paragraph alone stays ham.
    @Test func innocentTextAfterALureDoesNotHideIt() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let lure = winner + ". Your prize code is ready, reply CLAIM before midnight."
        let padded = runFilter(binary, modelOption(), input: Array((lure + " " + chat).utf8), in: directory)
        #expect(text(padded.stdout).hasPrefix("Spam, score="), "\(text(padded.stdout))")
        let alone = runFilter(binary, modelOption(), input: Array(chat.utf8), in: directory)
        #expect(text(alone.stdout).hasPrefix("Ham, score="), "\(text(alone.stdout))")
    }

    /// Innocent words before a lure that starts after the first window (64 tokens): the openings
    /// read chat only, and the network reads each window to its last token. A text message is
    /// also read through windows further in, ending every 32 tokens and at the last, which count
    /// when confidently spam (a parcel lure behind this chat: Spam 0.99 with `dd5cc241` and with
    /// `717a5ac9`; Ham 0.0095 before windows further in). A mail's last window counts only from
    /// 0.97 (a bounce or a list footer reads as spam-like as a lure); this lure passes that too
    /// (0.99), and the chat alone stays Ham in either. README's short lure (`winner`, 10 tokens)
    /// behind the same chat was Spam 0.93 for `717a5ac9` and Ham 0.02 for `dd5cc241`, trained on
    /// mail as well; a text's last 16 tokens are now read as a window of their own (Spam 0.93;
    /// docs/ROBUSTNESS.md, "Every window read at its openings"). As a mail it stays Ham: a mail
    /// is not read that closely.
    @Test func innocentTextBeforeALureDoesNotHideItInAText() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let lure =
            "Royal Mail: your parcel is on hold, pay the £1.99 redelivery fee at https://royalmail-redelivery.info/pay"
        let sms = runFilter(binary, modelOption(), input: Array((chat + " " + lure).utf8), in: directory)
        #expect(text(sms.stdout).hasPrefix("Spam, score="), "\(text(sms.stdout))")
        let short = runFilter(binary, modelOption(), input: Array((chat + " " + winner).utf8), in: directory)
        #expect(text(short.stdout).hasPrefix("Spam, score="), "\(text(short.stdout))")
        let header = "From: a@example.com\nTo: b@example.com\nSubject: hi\n\n"
        let asMail = runFilter(
            binary, modelOption(), input: Array((header + chat + " " + lure + "\n").utf8), in: directory)
        #expect(text(asMail.stdout).hasPrefix("Spam, score="), "\(text(asMail.stdout))")
        // A short lure at the end of a mail: its last window reads 60 tokens of chat first (Ham
        // 0.0277); its last 16, 32 and 48 tokens, each followed by the mail mark, are windows of
        // their own from 0.97 (Spam 0.9853).
        let netflix =
            "Your Netflix payment failed. Update your card at netflix-billing-help.com/update within 24h"
        let shortMail = runFilter(
            binary, modelOption(), input: Array((header + chat + " " + netflix + "\n").utf8), in: directory)
        #expect(text(shortMail.stdout).hasPrefix("Spam, score="), "\(text(shortMail.stdout))")
        let chatMail = runFilter(
            binary, modelOption(), input: Array((header + chat + "\n").utf8), in: directory)
        #expect(text(chatMail.stdout).hasPrefix("Ham, score="), "\(text(chatMail.stdout))")
    }

    /// Chat after a lure in a mail of one window: the window ends on the chat (Ham 0.1772 before),
    /// so a short mail is read at its openings, each followed by the mail mark, as a text is
    /// (Spam 0.9935); the same text as an SMS was Spam already (0.9939).
    @Test func chatAfterALureDoesNotHideItInAShortMail() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let body =
            "Your Netflix payment failed. Update your card at netflix-billing-help.com/update within 24h. "
            + "hey are we still on for dinner tonight? let me know, love you. also can you grab some milk "
            + "on the way home, we're out. see you at 7"
        let header = "From: a@example.com\nTo: b@example.com\nSubject: hi\n\n"
        let mail = runFilter(binary, modelOption(), input: Array((header + body + "\n").utf8), in: directory)
        #expect(text(mail.stdout).hasPrefix("Spam, score="), "\(text(mail.stdout))")
        let sms = runFilter(binary, modelOption(), input: Array(body.utf8), in: directory)
        #expect(text(sms.stdout).hasPrefix("Spam, score="), "\(text(sms.stdout))")
    }

    /// Repeated padding (150 emoji, a word over and over) before a short lure hid it in every
    /// window, as a text (0.0661 for 60 emoji, Ham 0.0002 for 150 `ok`) and in a mail (Ham
    /// 0.0057 for 150 emoji): a window of 64 tokens that is mostly the run reads as the run. A
    /// long message is now also read without its runs of repeats; in a mail a window further in
    /// counts from 0.97 (the chat mail above stays Ham at 0.0137).
    @Test func repeatedPaddingDoesNotHideALure() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let words = String(repeating: "ok ", count: 150) + winner
        let sms = runFilter(binary, modelOption(), input: Array(words.utf8), in: directory)
        #expect(text(sms.stdout).hasPrefix("Spam, score="), "\(text(sms.stdout))")
        let mail =
            "From: a@example.com\nTo: b@example.com\nSubject: hi\n\n" + String(repeating: "🎉", count: 150)
            + "\n" + winner + "\n"
        let asMail = runFilter(binary, modelOption(), input: Array(mail.utf8), in: directory)
        #expect(text(asMail.stdout).hasPrefix("Spam, score="), "\(text(asMail.stdout))")
        // Past the tokenizer's 256 tokens: the run is read without its repeats, then the lure.
        let beyond = String(repeating: "🎉", count: 3_000) + " " + winner
        let long = runFilter(binary, modelOption(), input: Array(beyond.utf8), in: directory)
        #expect(text(long.stdout).hasPrefix("Spam, score="), "\(text(long.stdout))")
    }

    /// A 100 MB line of spaces costs one scan, no ICU work (`smsfilter tokenize`, no size cap).
    @Test(.disabled(if: TestEnvironment.sanitizer != nil, "a time bound: meaningless for a sanitized binary"))
    func aHundredMegabytesOfSpacesTokenizeQuickly() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let input = directory.path + "/spaces"
        #expect(shell("{ head -c 100000000 /dev/zero | tr '\\0' ' '; echo WINNER; } > \(quoted(input))") == 0)
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let result = runFilter(binary, "tokenize", inputPath: input, in: directory)
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        #expect(result.status == 0)
        #expect(text(result.stdout).contains("winner"), "\(text(result.stdout).prefix(200))")
        // Debug build on a loaded 2-core machine: about 4 s; the bound only catches a blow-up.
        #expect(seconds < 30, "\(seconds) s")
    }

    @Test(.enabled(if: hasProcmail, "needs procmail"))
    func paddedSpamIsFiledAsSpamByProcmail() {
        let padded = Array(String(repeating: " ", count: 8_200).utf8) + Array((winner + "\n").utf8)
        #expect(Deliver.procmail(padded) == [".Spam"])
    }

    // MARK: 3. A bare CR in the first line

    /// `From: a@b.c\rx\nSubject: ...` switched the writer to CR-only mode: the verdict went in
    /// front as `X-SMSFilter: Spam…\rX-Spam-Flag: YES\r\r`, one line to an MDA, and procmail,
    /// maildrop and Sieve delivered the spam to the inbox.
    static let crInFirstLine = Array(
        ("From: Prize Team <promo@prizes.example.com>\rx\nTo: bob@example.net\n"
            + "Subject: WINNER!! You have won a cash prize\n\n"
            + "URGENT! You are a WINNER of a guaranteed 1000 GBP cash prize! To claim, call\n"
            + "09061234567 now or text CLAIM to 80888. Free entry, T&C apply, 18+ only.\n").utf8)

    /// Header lines ending in LF, CRLF and a CR inside a line, in one header.
    static let mixedEndings = Array(
        ("Return-Path: <promo@prizes.example.com>\r\nFrom: Prize Team <promo@prizes.example.com>\n"
            + "To: bob@example.net\r\nX-Note: a\rb\nSubject: WINNER!! You have won a cash prize\r\n\r\n"
            + "URGENT! You are a WINNER of a guaranteed 1000 GBP cash prize! To claim, call\r\n"
            + "09061234567 now or text CLAIM to 80888. Free entry, T&C apply, 18+ only.\r\n").utf8)

    @Test func aBareCRInTheFirstLineKeepsTheVerdictInTheHeader() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runFilter(binary, "-p -e \(modelOption())", input: Self.crInFirstLine, in: directory)
        let output = text(result.stdout)
        #expect(
            output.hasPrefix("From: Prize Team <promo@prizes.example.com>\rx\n"), "\(output.debugDescription)"
        )
        #expect(output.contains("cash prize\nX-SMSFilter: Spam, score="), "\(output.debugDescription)")
        #expect(output.contains("\nX-Spam-Flag: YES\n\nURGENT!"))
        #expect(removingLines(startingWith: verdictHeaders, from: result.stdout) == Self.crInFirstLine)
        // Mixed endings: any bare LF in the header makes ours LF.
        let mixed = text(
            runFilter(binary, "-p -e \(modelOption())", input: Self.mixedEndings, in: directory).stdout)
        #expect(mixed.contains("cash prize\r\nX-SMSFilter: Spam, score="), "\(mixed.debugDescription)")
        #expect(mixed.contains("\nX-Spam-Flag: YES\n\r\nURGENT!"), "\(mixed.debugDescription)")
    }

    @Test(.enabled(if: hasProcmail, "needs procmail"), arguments: [crInFirstLine, mixedEndings])
    func mixedEndingsAreFiledAsSpamByProcmail(message: [UInt8]) {
        #expect(Deliver.procmail(message) == [".Spam"])
    }

    @Test(.enabled(if: hasMaildrop, "needs maildrop"), arguments: [crInFirstLine, mixedEndings])
    func mixedEndingsAreFiledAsSpamByMaildrop(message: [UInt8]) {
        #expect(Deliver.maildrop(message) == [".Spam"])
    }

    @Test(.enabled(if: hasSieve, "needs sieve-test"), arguments: [crInFirstLine, mixedEndings])
    func mixedEndingsAreFiledAsSpamBySieve(message: [UInt8]) {
        #expect(Deliver.sieve(message) == "Spam")
    }

    // MARK: 4. Memory

    /// 1.25 million `X:a` lines (5 MB) aborted under a 128 MiB address-space limit (exit 134,
    /// nothing written); without -p a 100 MB input was read whole (149 MB peak).
    @Test(
        .disabled(
            if: TestEnvironment.sanitizer != nil, "an address-space limit: meaningless for a sanitized binary"
        ))
    func manyShortHeaderLinesFitIn128MiB() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let input = directory.path + "/lines"
        #expect(shell("yes X:a | head -n 1250000 > \(quoted(input))") == 0)
        let out = directory.path + "/out"
        let status = shell(
            "ulimit -v 131072; \(quoted(binary)) -p -e --no-log \(modelOption()) < \(quoted(input)) > \(quoted(out)) 2>/dev/null"
        )
        #expect(status == 0)
        // (Only small values in expectations: swift-testing describes them when one fails.)
        let output = readFile(out) ?? []
        let original = readFile(input) ?? []
        #expect(output.count > original.count)
        let intact = output.count > original.count && output.prefix(original.count).elementsEqual(original)
        #expect(intact)
        let added = text(Array(output.dropFirst(original.count).prefix(41)))
        #expect(added == "X-SMSFilter: Unfiltered, reason=too-large")

        let big = directory.path + "/big"
        #expect(shell("head -c 100000000 /dev/zero | tr '\\0' a > \(quoted(big))") == 0)
        let result = runFilter(binary, "--no-log \(modelOption())", inputPath: big, in: directory, prefix: "")
        #expect(text(result.stdout) == "Unfiltered, reason=too-large, size=100000000\n")
        let capped = shell(
            "ulimit -v 131072; \(quoted(binary)) --no-log \(modelOption()) < \(quoted(big)) > \(quoted(out)) 2>/dev/null"
        )
        #expect(capped == 1)
        #expect(text(readFile(out) ?? []) == "Unfiltered, reason=too-large, size=100000000\n")
    }

    /// With -p the whole input used to be read: 38 MB of header lines from a pipe peaked at
    /// 164 MB, and alternating forged fields cost more per line. Now a message over the cap is
    /// streamed: 19 MB of alternating `X-Spam-Flag` / `X:a…` lines through a pipe (before:
    /// exit 134 under a 128 MiB address-space limit, nothing written) come out whole, forged fields dropped, ours at the end of
    /// the header (no size: a pipe's end is not known when our line goes out).
    @Test(
        .disabled(
            if: TestEnvironment.sanitizer != nil, "an address-space limit: meaningless for a sanitized binary"
        ))
    func passThroughOfALargeHeaderIsStreamedInBoundedMemory() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = try #require(TemporaryDirectory())
        defer { directory.remove() }
        let input = directory.path + "/lines"
        #expect(
            shell(
                "yes 'X-Spam-Flag: YES\nX:aaaaaaaaaaa' | head -n 1250000 > \(quoted(input)); printf '\\nbody\\n' >> \(quoted(input))"
            ) == 0)
        let out = directory.path + "/out"
        let status = shell(
            "ulimit -v 131072; cat \(quoted(input)) | \(quoted(binary)) -p --no-log \(modelOption()) > \(quoted(out)) 2>/dev/null"
        )
        #expect(status == 1)
        let output = readFile(out) ?? []
        // Every `X:aaaaaaaaaaa` line stays, every forged flag goes, then our line and the body.
        let kept = 625_000 * 14
        #expect(output.count > kept)
        let keptLinesIntact =
            output.count > kept
            && (0..<625_000).allSatisfy { i in
                output[i * 14] == UInt8(ascii: "X") && output[i * 14 + 1] == UInt8(ascii: ":")
                    && output[i * 14 + 13] == 0x0A
            }
        #expect(keptLinesIntact)
        let tail = text(Array(output.dropFirst(kept)))
        #expect(tail == "X-SMSFilter: Unfiltered, reason=too-large, max-size=524288, version=0.1.0\n\nbody\n")
    }

    // MARK: 5. A header block larger than the size cap

    /// 1.19 MB of header lines (names we do not know) came back as `X-SMSFilter: Unfiltered…`,
    /// an empty line, then the sender's header lines, now in the body.
    @Test func anOversizeHeaderStaysAHeader() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var header = ""
        for i in 0..<50_000 { header += "X-Pad-\(i): aaaaaaaaaa\n" }
        let message = Array((header + "\nbody line\n").utf8)
        let result = runFilter(binary, "-p -e \(modelOption())", input: message, in: directory)
        // (Only small values in expectations: swift-testing describes them when one fails.)
        let output = result.stdout
        #expect(text(Array(output.prefix(20))) == "X-Pad-0: aaaaaaaaaa\n")
        let tail =
            "X-Pad-49999: aaaaaaaaaa\nX-SMSFilter: Unfiltered, reason=too-large, size=\(message.count), max-size=524288, version=0.1.0\n\nbody line\n"
        #expect(text(Array(output.suffix(tail.utf8.count))) == tail)
        // Without an empty line (all header) it is still a header: ours goes at the end.
        let headerOnly = Array(header.utf8)
        let all = runFilter(binary, "-p -e \(modelOption())", input: headerOnly, in: directory).stdout
        #expect(text(Array(all.prefix(20))) == "X-Pad-0: aaaaaaaaaa\n")
        let end =
            "X-Pad-49999: aaaaaaaaaa\nX-SMSFilter: Unfiltered, reason=too-large, size=\(headerOnly.count), max-size=524288, version=0.1.0\n"
        #expect(text(Array(all.suffix(end.utf8.count))) == end)
        // The same shape under the cap: the verdict also goes after the fields.
        let small = Array("X-Pad-1: a\nX-Pad-2: b\n\nhello there, lunch at noon?\n".utf8)
        let under = text(runFilter(binary, "-p -e \(modelOption())", input: small, in: directory).stdout)
        #expect(under.hasPrefix("X-Pad-1: a\nX-Pad-2: b\nX-SMSFilter: "), "\(under)")
    }

    // MARK: 6. A forged header after a line without a colon

    /// `this line has no colon` ended our header block early, so the `X-Spam-Flag: YES` after
    /// it stayed, and procmail and Sieve filed a ham message as spam.
    static let forgedAfterStrayLine = Array(
        ("From: Alice Example <alice@example.org>\nTo: me\nthis line has no colon\nX-Spam-Flag: YES\n"
            + "X-SMSFilter: Spam, score=1.0000\nSubject: Dinner tonight\n\n"
            + "Hi Bob, are we still meeting for dinner at 7? I'll bring the book you lent me.\n").utf8)

    @Test func forgedVerdictsAfterALineWithoutAColonAreRemoved() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runFilter(
            binary, "-p -e \(modelOption())", input: Self.forgedAfterStrayLine, in: directory)
        let output = text(result.stdout)
        #expect(!output.contains("X-Spam-Flag"), "\(output)")
        #expect(!output.contains("score=1.0000"))
        #expect(output.contains("To: me\nX-SMSFilter: Ham, score="), "\(output)")
        #expect(output.contains("this line has no colon\nSubject: Dinner tonight\n\nHi Bob"))
    }

    @Test(.enabled(if: hasProcmail, "needs procmail"))
    func forgedFlagAfterAStrayLineIsIgnoredByProcmail() {
        #expect(Deliver.procmail(Self.forgedAfterStrayLine) == [""])
    }

    @Test(.enabled(if: hasSieve, "needs sieve-test"))
    func forgedFlagAfterAStrayLineIsIgnoredBySieve() {
        #expect(Deliver.sieve(Self.forgedAfterStrayLine) == "INBOX")
    }

    // MARK: 7. No text to judge

    /// Binary garbage scored Spam 0.9886 and a lone mbox envelope line Spam 0.9822.
    @Test func inputWithoutTextIsUnsureWithAReason() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var garbage: [UInt8] = []
        for _ in 0..<64 { garbage += (0...255).map { UInt8($0) } }
        for input in [
            garbage, Array("From someone@example.com Tue Dec  1 10:00:00 2026\n".utf8), [],
            Array(" \n ...\n".utf8),
        ] {
            let result = runFilter(binary, modelOption(), input: input, in: directory)
            #expect(result.status == 2)
            #expect(text(result.stdout) == "Unsure, reason=no-text\n")
        }
        let json = runFilter(binary, "\(modelOption()) --format json", input: garbage, in: directory)
        #expect(text(json.stdout) == "{\"verdict\":\"unsure\",\"reason\":\"no-text\"}\n")
        let passed = runFilter(binary, "-p -e \(modelOption())", input: garbage, in: directory)
        #expect(passed.status == 0)
        #expect(text(passed.stdout).hasPrefix("X-SMSFilter: Unsure, reason=no-text, version="))
        #expect(Array(passed.stdout.suffix(garbage.count)) == garbage)
    }

    /// Bulk runs had no such rule: a tsv line of control bytes scored `unsure 0.4619`, an mbox
    /// message of binary garbage a score like any other.
    @Test func bulkInputWithoutTextIsUnsureWithAReason() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = try #require(TemporaryDirectory())
        defer { directory.remove() }
        let tsv = Array("ham\t\u{01}\u{02}\u{03} ...\nham\tsee you at lunch tomorrow\n".utf8)
        let lines = text(
            runFilter(binary, "--input tsv --no-log \(modelOption())", input: tsv, in: directory).stdout
        )
        .split(separator: "\n")
        try #require(lines.count == 2)
        #expect(lines[0] == "unsure\t-\treason=no-text")
        #expect(lines[1].hasPrefix("ham\t"))
        var garbage: [UInt8] = Array(
            "From someone@example.com Tue Dec  1 10:00:00 2026\nFrom: a@example.org\n\n".utf8)
        for _ in 0..<16 { garbage += (0...255).map { UInt8($0) } }
        let json = runFilter(
            binary, "--input mbox --no-log --format json \(modelOption())", input: garbage, in: directory)
        #expect(
            text(json.stdout)
                == "{\"id\":\"1\",\"verdict\":\"unsure\",\"score\":null,\"reason\":\"no-text\"}\n")
    }

    /// A short remark with nothing to act on is never Spam, in bulk, through gammu and in one
    /// delivery, even under a spam cutoff that every score passes; one with a number is scored
    /// (`86ede342` scores "hello" 0.65, Spam at its own threshold).
    @Test func shortRemarksAreNeverSpam() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let remarks = ["hello", "Hi it's me", "Are you free?"]
        let low = "--no-log --spam-cutoff 0.000001 --ham-cutoff 0 \(modelOption())"
        let tsv = Array((remarks + ["WIN 5 prizes"]).map { "ham\t\($0)\n" }.joined().utf8)
        let lines = text(runFilter(binary, "--input tsv \(low)", input: tsv, in: directory).stdout)
            .split(separator: "\n")
        try #require(lines.count == remarks.count + 1)
        for line in lines.prefix(remarks.count) {
            #expect(line.hasPrefix("unsure\t") && line.hasSuffix("\treason=few-words"), "\(line)")
        }
        #expect(lines.last?.hasPrefix("spam\t") == true, "\(lines)")
        let gammu = shellOutput(
            "cd \(quoted(directory.path)) && HOME=\(quoted(directory.path)) SMS_MESSAGES=1 SMS_1_NUMBER=+447700900123 SMS_1_TEXT='hello' "
                + "\(quoted(binary)) classify --input gammu-env \(low)")
        #expect(gammu.output.hasPrefix("+447700900123\tunsure\t"), "\(gammu.output)")
        #expect(gammu.output.hasSuffix("\treason=few-words\n"), "\(gammu.output)")
        let one = runFilter(binary, "-p \(low)", input: Array("hello\n".utf8), in: directory)
        #expect(text(one.stdout).hasPrefix("X-SMSFilter: Unsure, score="), "\(text(one.stdout))")
        #expect(text(one.stdout).contains("reason=few-words"))
        #expect(one.status == 2)
    }

    /// A reply of emoji only is never Spam, in bulk, through gammu and in one delivery, even
    /// under a spam cutoff of 0.2 that the bundled model's scores of these replies (0.17–0.74
    /// with `717a5ac9`) mostly pass: such a line says `reason=no-words`. With `05b82577` (bundled
    /// for a few commits on 2026-12-02), `🔥🔥` (0.78) and `🙏🙏` (0.81) were Spam at its own
    /// threshold; `2a7ed0d6` scored them Unsure (0.65, 0.55).
    @Test func emojiOnlyRepliesAreNeverSpam() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let replies = ["🔥🔥", "🙏🙏", "😊", "😘", "👍"]
        let low = "--no-log --spam-cutoff 0.2 --ham-cutoff 0.05 \(modelOption())"
        let tsv = Array(replies.map { "ham\t\($0)\n" }.joined().utf8)
        let lines = text(runFilter(binary, "--input tsv \(low)", input: tsv, in: directory).stdout)
            .split(separator: "\n")
        try #require(lines.count == replies.count)
        for line in lines {
            #expect(!line.hasPrefix("spam"), "\(line)")
        }
        #expect(lines.filter { $0.hasSuffix("\treason=no-words") }.count >= 3, "\(lines)")
        let gammu = shellOutput(
            "cd \(quoted(directory.path)) && HOME=\(quoted(directory.path)) SMS_MESSAGES=1 SMS_1_NUMBER=+447700900123 SMS_1_TEXT='🙏🙏' "
                + "\(quoted(binary)) classify --input gammu-env \(low)")
        #expect(gammu.output.hasPrefix("+447700900123\tunsure\t"), "\(gammu.output)")
        #expect(gammu.output.hasSuffix("\treason=no-words\n"), "\(gammu.output)")
        for reply in replies {
            let one = runFilter(binary, "-p -e \(low)", input: Array(reply.utf8), in: directory)
            #expect(!text(one.stdout).hasPrefix("X-SMSFilter: Spam"), "\(reply): \(text(one.stdout))")
            #expect(!text(one.stdout).contains("X-Spam-Flag"))
        }
    }

    /// Short messages with a real word, an emoji or a code are still scored.
    @Test(arguments: ["ok", "Yes", "👍", "on my way", "482913", "From tomorrow on we are closed"])
    func shortMessagesAreStillJudged(message: String) throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runFilter(binary, modelOption(), input: Array(message.utf8), in: directory)
        #expect(text(result.stdout).contains("score="), "\(message): \(text(result.stdout))")
    }
}
