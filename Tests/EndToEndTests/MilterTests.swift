import Foundation
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `smsfilter serve --milter` through its socket, as Postfix and Sendmail use it: the options
/// negotiated, several messages on one connection, forged verdict fields deleted and ours added,
/// an aborted message forgotten, a broken packet ending only its own connection, verdicts
/// logged; and OpenDKIM's `miltertest` (installed by `.ci/run`: with CI=true its absence fails
/// the test) running `Tests/Fixtures/milter/two-messages.lua`.
@Suite struct MilterTests {
    /// One milter connection, the MTA's side.
    final class Client {
        let fd: Int32
        /// Whether header fields, their end and body chunks are answered (the server did not
        /// take `SMFIP_NR_HDR`, `NR_EOH` and `NR_BODY`).
        var answersEachStep = true

        init?(_ path: String) {
            guard let fd = ServeTests.openConnection(path) else { return nil }
            self.fd = fd
            var timeout = timeval(tv_sec: 60, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(fd) }

        static func word(_ value: UInt32) -> [UInt8] {
            [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
        }

        /// Sends one command packet.
        @discardableResult
        func send(_ code: Character, _ data: [UInt8] = []) -> Bool {
            ServeTests.sendAll(Self.word(UInt32(data.count + 1))[...] + [code.asciiValue!] + data, to: fd)
        }

        func header(_ name: String, _ value: String) -> Bool {
            send("L", Array(name.utf8) + [0] + Array(value.utf8) + [0])
        }

        /// The next reply packet (code and data), or nil when the server closed or went quiet.
        func reply() -> (code: Character, data: [UInt8])? {
            func read(_ count: Int) -> [UInt8]? {
                var bytes = [UInt8](repeating: 0, count: count)
                var got = 0
                while got < count {
                    let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
                    guard n > 0 else { return nil }
                    got += n
                }
                return bytes
            }
            guard let prefix = read(4) else { return nil }
            let length = Int(prefix.reduce(0) { $0 << 8 | UInt32($1) })
            guard length >= 1, let packet = read(length) else { return nil }
            return (Character(UnicodeScalar(packet[0])), Array(packet.dropFirst()))
        }

        /// Replies up to and including the final one (`c` after a message's changes, or `y`).
        func repliesToContinue() -> [(code: Character, data: [UInt8])] {
            var replies: [(code: Character, data: [UInt8])] = []
            while let reply = self.reply() {
                replies.append(reply)
                // Continue, or a final answer: reply code, reject, tempfail, accept, discard.
                if "cyrtad".contains(reply.code) { break }
            }
            return replies
        }

        /// Negotiates, offering `steps`; the server's answer.
        func negotiate(version: UInt32 = 6, actions: UInt32 = 0x1FF, steps: UInt32) -> (
            code: Character, data: [UInt8]
        )? {
            send("O", Self.word(version) + Self.word(actions) + Self.word(steps))
            let answer = reply()
            if let answer, answer.data.count == 12 {
                answersEachStep = answer.data[11] & 0x80 == 0
            }
            return answer
        }

        /// A step's answer: `c`, or nothing when the server leaves the step unanswered.
        func continued() -> Bool { !answersEachStep || reply()?.code == "c" }

        /// One message: headers, end of headers, body, end of message; the end's replies as
        /// `code text` lines (NULs as `|`).
        func message(_ headers: [(String, String)], body: String) -> [String] {
            for (name, value) in headers {
                guard header(name, value), continued() else { return ["header not answered"] }
            }
            guard send("N"), continued() else { return ["end of headers not answered"] }
            let bytes = Array(body.utf8)
            for start in stride(from: 0, to: bytes.count, by: 65535) {
                guard send("B", Array(bytes[start..<min(start + 65535, bytes.count)])), continued() else {
                    return ["body not answered"]
                }
            }
            guard send("E") else { return ["end not sent"] }
            return repliesToContinue().map { reply in
                "\(reply.code) "
                    + String(decoding: reply.data.map { $0 == 0 ? UInt8(ascii: "|") : $0 }, as: UTF8.self)
            }
        }
    }

    static func startMilter(_ binary: String, in scratch: TemporaryDirectory, extra: [String] = [])
        -> (server: ChildProcess, socket: String)?
    {
        ServeTests.startServer(binary, in: scratch, extra: ["--milter"] + extra) { path in
            guard let fd = ServeTests.openConnection(path) else { return false }
            close(fd)
            return true
        }
    }

    @Test func postfixAndSendmailGetTheVerdictInTheHeader() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("milter")
        defer { scratch.remove() }
        guard let (server, socketPath) = Self.startMilter(binary, in: scratch) else { return }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let client = try #require(Client(socketPath))
        // Postfix offers every action and step; the filter takes header changes, skips the steps
        // it does not judge and leaves those it only collects unanswered.
        let negotiated = try #require(client.negotiate(steps: 0x1F_FFFF))
        #expect(negotiated.code == "O")
        #expect(negotiated.data == Client.word(6) + Client.word(0x11) + Client.word(0xC_038F))
        #expect(!client.answersEachStep)
        // Macros get no answer; a step sent anyway (connect) is continued.
        client.send("D", Array("Cj\0mx.example.org\0".utf8))
        client.send(
            "C",
            Array("client.example.net\0".utf8) + [UInt8(ascii: "4")] + [0x30, 0x39]
                + Array("192.0.2.1\0".utf8))
        #expect(client.reply()?.code == "c")

        let lure = "WINNER!! Call 09061701461 to claim your 1000 pound prize at www.example.com now\r\n"
        let spam = client.message(
            [
                ("From", "promo@example.net"), ("X-SMSFilter", "Ham, score=0.0100"), ("Subject", "You won"),
                ("x-smsfilter", "Ham"),
            ],
            body: lure)
        #expect(spam.count == 5, "\(spam)")
        #expect(
            spam.first == "m \u{0}\u{0}\u{0}\u{2}X-SMSFilter||".replacingOccurrences(of: "\u{0}", with: "|"))
        #expect(spam.dropFirst().first == "m |||\u{1}X-SMSFilter||")
        #expect(spam.contains { $0.hasPrefix("h X-SMSFilter|Spam, score=") }, "\(spam)")
        #expect(spam.contains("h X-Spam-Flag|YES|"), "\(spam)")
        #expect(spam.last == "c ")

        // An aborted message is forgotten: its lure does not make the next message spam.
        #expect(client.header("Subject", "Prize") && client.continued())
        #expect(client.send("B", Array(lure.utf8)) && client.continued())
        client.send("A")
        let ham = client.message(
            [("From", "friend@example.org"), ("Subject", "lunch")],
            body: "Lunch at 1? I'll be at the usual place by the window.\r\n")
        #expect(ham.count == 2 && ham[0].hasPrefix("h X-SMSFilter|Ham, score="), "\(ham)")

        // A broken packet ends that connection only.
        let broken = try #require(Client(socketPath))
        _ = broken.negotiate(steps: 0x1F_FFFF)
        #expect(ServeTests.sendAll([0x7F, 0xFF, 0xFF, 0xFF, 0x4C][...], to: broken.fd))
        #expect(broken.reply() == nil)
        let again = client.message([("Subject", "again")], body: "Are we still on for Thursday?\r\n")
        #expect(again.first?.hasPrefix("h X-SMSFilter|") == true, "\(again)")
        // Over the size cap (512 KiB): passed on with the field that says it was not judged.
        let large = client.message(
            [("Subject", "archive")], body: String(repeating: "words and more words\r\n", count: 30_000))
        #expect(
            large.first?.hasPrefix("h X-SMSFilter|Unfiltered, reason=too-large, size=") == true, "\(large)")
        client.send("Q")

        // An MTA of protocol version 2 that cannot leave steps unanswered, nor change fields:
        // each step is answered, and the verdict only added.
        let old = try #require(Client(socketPath))
        let oldNegotiated = try #require(old.negotiate(version: 2, actions: 0x01, steps: 0x3F))
        #expect(oldNegotiated.data == Client.word(2) + Client.word(0x01) + Client.word(0x0F))
        #expect(old.answersEachStep)
        let oldSpam = old.message([("Subject", "Prize"), ("X-SMSFilter", "Ham")], body: lure)
        #expect(oldSpam.count == 3 && oldSpam[0].hasPrefix("h X-SMSFilter|Spam, score="), "\(oldSpam)")

        // Four messages judged, four verdicts logged as deliveries are.
        old.send("Q")
        let journal = scratch.read("store.sqlite-verdicts")
        #expect(journal.split(separator: "\n").count == 4, "\(journal)")

        guard let miltertest = ServeTests.client("miltertest") else { return }
        let script = TestEnvironment.fixture("milter/two-messages.lua")
        #expect(!script.isEmpty, "fixture milter/two-messages.lua")
        scratch.write("two-messages.lua", String(decoding: script, as: UTF8.self))
        let run = ChildProcess.run(
            [miltertest, "-s", scratch.file("two-messages.lua")], in: scratch, tag: "miltertest", stdin: "",
            environment: ["MILTER_SOCKET=" + socketPath])
        #expect(run.status == 0, "miltertest: \(run.out) \(run.err)")
        #expect(run.out.contains("verdict: Spam, score="), "\(run.out)")
        #expect(run.out.contains("verdict 2: Ham, score="), "\(run.out)")
    }

    /// With --reject-above, a message scored Spam at that or more is rejected with a 550 during
    /// the SMTP transaction (and its verdict still logged); any other gets its header fields.
    @Test func confidentSpamIsRejectedWhenAsked() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("milter-reject")
        defer { scratch.remove() }
        guard
            let (server, socketPath) = Self.startMilter(
                binary, in: scratch, extra: ["--reject-above", "0.99"])
        else { return }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let client = try #require(Client(socketPath))
        #expect(client.negotiate(steps: 0x1F_FFFF)?.code == "O")
        let lure = "WINNER!! Call 09061701461 to claim your 1000 pound prize at www.example.com now\r\n"
        let spam = client.message([("Subject", "You won")], body: lure)
        #expect(
            spam.count == 1 && spam[0].hasPrefix("y 550 5.7.1 Rejected as spam (smsfilter score 1.0000"),
            "\(spam)")
        let ham = client.message(
            [("Subject", "lunch")], body: "Lunch at 1? I'll be at the usual place by the window.\r\n")
        #expect(ham.count == 2 && ham[0].hasPrefix("h X-SMSFilter|Ham, score="), "\(ham)")
        client.send("Q")
        #expect(scratch.read("store.sqlite-verdicts").split(separator: "\n").count == 2)
        let refused = ChildProcess.run(
            [binary, "serve", "--socket", scratch.file("x.sock"), "--reject-above", "0.99"], in: scratch,
            tag: "bad")
        #expect(
            refused.status == 64 && refused.err.contains("--reject-above is for --milter"), "\(refused.err)")
    }

    /// Each mail fixture handed over as an MTA hands it (header fields one by one, a folded
    /// value with its line breaks, the body with CRLF) gets the verdict field the pipe gives
    /// it, score and all: charsets, raw 8-bit headers, MIME and broken encodings alike.
    @Test func aMailGetsTheVerdictThePipeGivesIt() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("milter-pipe")
        defer { scratch.remove() }
        guard let (server, socketPath) = Self.startMilter(binary, in: scratch, extra: ["--no-log"]) else {
            return
        }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let client = try #require(Client(socketPath))
        #expect(client.negotiate(steps: 0x1F_FFFF)?.code == "O")
        let directory = TestEnvironment.fixturesDirectory + "/mail"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.hasSuffix(".eml")
        }
        var compared = 0
        for name in names.sorted() {
            let raw = TestEnvironment.fixture("mail/" + name)
            // An SMTP message: no mbox line, LF or CRLF line ends, a header block ended by an
            // empty line (the CR-only and mixed-ending fixtures cannot come through SMTP as they are).
            let crlfPairs = zip(raw, raw.dropFirst()).count { $0 == 0x0D && $1 == 0x0A }
            guard !raw.starts(with: Array("From ".utf8)), crlfPairs == raw.count(where: { $0 == 0x0D }) else {
                continue
            }
            let lf = raw.filter { $0 != 0x0D }
            guard
                let blank = (0..<max(lf.count - 1, 0)).first(where: { lf[$0] == 0x0A && lf[$0 + 1] == 0x0A })
            else { continue }
            var fields: [(String, [UInt8])] = []
            for line in lf[..<blank].split(separator: 0x0A) {
                if line.first == 0x20 || line.first == 0x09, !fields.isEmpty {
                    fields[fields.count - 1].1 += [0x0A] + line
                } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                    var value = line[(colon + 1)...]
                    while value.first == 0x20 { value = value.dropFirst() }
                    fields.append((String(decoding: line[..<colon], as: UTF8.self), Array(value)))
                }
            }
            var body: [UInt8] = []
            for byte in lf[(blank + 2)...] { body += byte == 0x0A ? [0x0D, 0x0A] : [byte] }
            for (field, value) in fields { client.send("L", Array(field.utf8) + [0] + value + [0]) }
            client.send("N")
            client.send("B", body)
            client.send("E")
            let milter = client.repliesToContinue().compactMap { reply -> String? in
                guard reply.code == "h", reply.data.starts(with: Array("X-SMSFilter\0".utf8)) else {
                    return nil
                }
                return String(decoding: reply.data.dropFirst(12).dropLast(), as: UTF8.self)
            }
            writeFile(scratch.file("in.eml"), raw)
            let pipe = try #require(
                ChildProcess.start(
                    [binary, "-p", "-e", "--no-log"], in: scratch, tag: "pipe",
                    stdinFile: scratch.file("in.eml")))
            _ = pipe.wait()
            // Lines split on the bytes: in a String, CRLF is one Character.
            let line = (readFile(scratch.file("pipe.out")) ?? []).split(separator: 0x0A)
                .first { $0.starts(with: Array("X-SMSFilter: ".utf8)) }
                .map { String(decoding: $0.dropFirst(13).filter { $0 != 0x0D }, as: UTF8.self) }
            #expect(milter == [line ?? "none"], "\(name): milter \(milter), pipe \(line ?? "none")")
            compared += 1
        }
        #expect(compared >= 20, "only \(compared) fixtures compared")
    }

    /// With --user-stores, a message for one user is judged in that user's store: alice's mark
    /// decides her message, not bob's, nor one for both of them (the server's store).
    @Test func aMessageForOneUserIsJudgedInTheirStore() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("milter-users")
        defer { scratch.remove() }
        let users = scratch.file("users")
        let note = "Lunch at 1? I'll be at the usual place by the window.\r\n"
        // Marked as the mail the milter hands over: the same subject and body.
        scratch.write("note.txt", "Subject: lunch\r\n\r\n" + note)
        let marked = ChildProcess.run(
            [binary, "learn", "--spam", "--db", users + "/alice/smsfilter.sqlite", scratch.file("note.txt")],
            in: scratch, tag: "learn")
        #expect(marked.status == 0, "\(marked.err)")
        guard
            let (server, socketPath) = Self.startMilter(binary, in: scratch, extra: ["--user-stores", users])
        else { return }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let client = try #require(Client(socketPath))
        let negotiated = try #require(client.negotiate(steps: 0x1F_FFFF))
        #expect(negotiated.data.suffix(4) == Client.word(0xC_8387)[...], "recipients read, unanswered")
        func verdict(for recipients: [String]) -> String {
            for recipient in recipients { client.send("R", Array(recipient.utf8) + [0]) }
            return client.message([("Subject", "lunch")], body: note).first ?? "none"
        }
        #expect(verdict(for: ["<Alice+lunch@example.org>"]).contains("Spam, score="), "alice")
        #expect(verdict(for: ["<alice@example.org>"]).contains("reason=learned-spam"), "alice")
        #expect(verdict(for: ["<bob@example.org>"]).contains("Ham, score="), "bob")
        #expect(verdict(for: ["<alice@example.org>", "<bob@example.org>"]).contains("Ham, score="), "both")
        client.send("Q")
        func logged(_ path: String) -> Int { scratch.read(path).split(separator: "\n").count }
        #expect(logged("users/alice/smsfilter.sqlite-verdicts") == 2)
        #expect(logged("users/bob/smsfilter.sqlite-verdicts") == 1)
        #expect(logged("store.sqlite-verdicts") == 1)
    }
}
