import SpamApp
import SpamMail
import SpamTestSupport
import Testing

/// The milter protocol without a socket: packets framed and read, the negotiation answered with
/// what the MTA allows, and the end of a message answered with the verdict's header changes.
@Suite struct MilterProtocolTests {
    static func packet(_ code: Character, _ data: [UInt8] = []) -> [UInt8] {
        [code.asciiValue!] + data
    }

    static func word(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    @Test func packetsAreFramedAndRead() throws {
        #expect(try MilterProtocol.packetLength([0, 0, 0, 13]) == 13)
        #expect(throws: MilterProtocol.Failure.self) { try MilterProtocol.packetLength([0, 0, 0, 0]) }
        #expect(throws: MilterProtocol.Failure.self) { try MilterProtocol.packetLength([0x7F, 0, 0, 0]) }
        #expect(throws: MilterProtocol.Failure.self) { try MilterProtocol.packetLength([0, 1]) }

        let negotiate = Self.packet("O", Self.word(6) + Self.word(0x1FF) + Self.word(0x1FFFFF))
        #expect(
            try MilterProtocol.command(negotiate) == .negotiate(version: 6, actions: 0x1FF, steps: 0x1FFFFF))
        #expect(throws: MilterProtocol.Failure.self) {
            try MilterProtocol.command(Self.packet("O", [0, 0, 0, 6]))
        }
        let header = Self.packet("L", Array("Subject".utf8) + [0] + Array("Your parcel".utf8) + [0])
        #expect(
            try MilterProtocol.command(header) == .header(name: "Subject", value: Array("Your parcel".utf8)))
        // A value without its closing NUL, and an empty value, are still a field.
        #expect(
            try MilterProtocol.command(Self.packet("L", Array("To".utf8) + [0] + Array("x".utf8)))
                == .header(name: "To", value: Array("x".utf8)))
        #expect(
            try MilterProtocol.command(Self.packet("L", Array("X".utf8) + [0, 0]))
                == .header(name: "X", value: []))
        #expect(throws: MilterProtocol.Failure.self) { try MilterProtocol.command(Self.packet("L", [0, 0])) }
        #expect(throws: MilterProtocol.Failure.self) {
            try MilterProtocol.command(Self.packet("L", Array("X".utf8)))
        }
        // Raw 8-bit text (a Korean subject of 2002 in EUC-KR) stays the bytes it was, for the mail
        // reader to decode; read as UTF-8 it would have become U+FFFD.
        let korean: [UInt8] = [0xB1, 0xA4, 0xB0, 0xED]
        #expect(
            try MilterProtocol.command(Self.packet("L", Array("Subject".utf8) + [0] + korean + [0]))
                == .header(name: "Subject", value: korean))
        #expect(
            MilterProtocol.message(headers: [("Subject", korean)], body: [0x68, 0x69])
                == Array("Subject: ".utf8) + korean + [0x0D, 0x0A, 0x0D, 0x0A, 0x68, 0x69])
        #expect(try MilterProtocol.command(Self.packet("B", [1, 2, 3])) == .body([1, 2, 3]))
        #expect(try MilterProtocol.command(Self.packet("E")) == .endOfMessage([]))
        #expect(try MilterProtocol.command(Self.packet("K")) == .newSession)
        #expect(try MilterProtocol.command(Self.packet("C", Array("host".utf8))) == .other(UInt8(ascii: "C")))
        #expect(throws: MilterProtocol.Failure.self) { try MilterProtocol.command([]) }
        #expect(MilterProtocol.isAnswered(.header(name: "a", value: [0x62]), steps: 0x3F))
        #expect(!MilterProtocol.isAnswered(.header(name: "a", value: [0x62]), steps: 0x80))
        #expect(
            MilterProtocol.isAnswered(.body([]), steps: 0x80)
                && !MilterProtocol.isAnswered(.body([]), steps: 0x80000))
        #expect(!MilterProtocol.isAnswered(.endOfHeaders, steps: 0x40000))
        #expect(!MilterProtocol.isAnswered(.macros, steps: 0) && !MilterProtocol.isAnswered(.abort, steps: 0))
    }

    /// The filter asks only to add and delete header fields, and only what the MTA offers; it
    /// skips the steps it does not judge and leaves the ones it only collects unanswered; an
    /// MTA that will not let it add a field is refused.
    @Test func negotiationTakesWhatTheMTAAllows() throws {
        let reply = try #require(MilterProtocol.negotiationReply(version: 6, actions: 0x1FF, steps: 0x1FFFFF))
        #expect(
            reply == [0, 0, 0, 13, UInt8(ascii: "O")] + Self.word(6) + Self.word(0x11) + Self.word(0xC_038F))
        let old = try #require(MilterProtocol.negotiationReply(version: 2, actions: 0x01, steps: 0x07))
        #expect(old == [0, 0, 0, 13, UInt8(ascii: "O")] + Self.word(2) + Self.word(0x01) + Self.word(0x07))
        #expect(MilterProtocol.negotiationReply(version: 6, actions: 0x10, steps: 0x3F) == nil)
        // With a store per user the recipients are read, unanswered.
        let perUser = try #require(
            MilterProtocol.negotiationReply(
                version: 6, actions: 0x1FF, steps: 0x1F_FFFF, wantsRecipients: true))
        #expect(
            perUser == [0, 0, 0, 13, UInt8(ascii: "O")] + Self.word(6) + Self.word(0x11) + Self.word(0xC_8387)
        )
        #expect(!MilterProtocol.isAnswered(.recipient("<a@b>"), steps: 0xC_8387))
        #expect(MilterProtocol.negotiationReply(version: 1, actions: 0x1FF, steps: 0x3F) == nil)
    }

    /// A message is one user's when its recipients share one local part (lowercased, without
    /// a `+tag`).
    @Test func aMessageIsOneUsersByItsRecipients() throws {
        #expect(
            try MilterProtocol.command(Self.packet("R", Array("<alice@example.org>\0SIZE=100\0".utf8)))
                == .recipient("<alice@example.org>"))
        #expect(MilterProtocol.user(of: ["<Alice+news@Example.org>"]) == "alice")
        #expect(MilterProtocol.user(of: ["<alice@example.org>", "<ALICE@example.net>"]) == "alice")
        #expect(MilterProtocol.user(of: ["<alice@example.org>", "<bob@example.org>"]) == nil)
        #expect(MilterProtocol.user(of: []) == nil)
        #expect(MilterProtocol.user(of: ["<postmaster>"]) == nil)
        #expect(MilterProtocol.user(of: ["<+tag@example.org>"]) == nil)
    }

    /// A spam verdict: every forged verdict field deleted, the last of a name first, then ours
    /// added; without the MTA's leave to change fields, only added.
    @Test func theEndOfAMessageCarriesTheVerdict() throws {
        let headers: [(name: String, value: [UInt8])] = [
            ("From", "promo@example.net"), ("x-smsfilter", "Ham, score=0.0100"), ("Subject", "Prize"),
            ("X-SMSFilter", "Ham"), ("X-Spam-Flag", "NO"),
        ].map { ($0.0, Array($0.1.utf8)) }
        let message = MilterProtocol.message(headers: headers, body: Array("Claim now\r\n".utf8))
        #expect(
            String(decoding: message, as: UTF8.self).hasPrefix("From: promo@example.net\r\nx-smsfilter: "))
        var options = FilterOptions()
        options.passThrough = true
        options.version = "test"
        let outcome = FilterEngine.run(input: message, options: options) { _ in
            ModelScore(probability: 0.9543, modelID: "m1", threshold: 0.5637)
        }
        let replies = MilterProtocol.endOfMessageReplies(
            outcome: outcome, fieldCounts: ["x-smsfilter": 2, "x-spam-flag": 1],
            removing: FilterEngine.verdictFieldNames(options),
            mayChangeHeaders: true)
        func change(_ code: Character, _ data: [UInt8]) -> [UInt8] {
            Self.word(UInt32(data.count + 1)) + [code.asciiValue!] + data
        }
        #expect(
            replies == [
                change("m", Self.word(2) + Array("X-SMSFilter".utf8) + [0, 0]),
                change("m", Self.word(1) + Array("X-SMSFilter".utf8) + [0, 0]),
                change("m", Self.word(1) + Array("X-Spam-Flag".utf8) + [0, 0]),
                change(
                    "h",
                    Array("X-SMSFilter".utf8) + [0] + Array("Spam, score=0.9543, model=m1, version=test".utf8)
                        + [0]),
                change("h", Array("X-Spam-Flag".utf8) + [0] + Array("YES".utf8) + [0]),
                MilterProtocol.continueReply,
            ])
        let addOnly = MilterProtocol.endOfMessageReplies(
            outcome: outcome, fieldCounts: ["x-smsfilter": 2, "x-spam-flag": 1],
            removing: FilterEngine.verdictFieldNames(options),
            mayChangeHeaders: false)
        #expect(addOnly == Array(replies.suffix(3)))
        // With --reject-above at or under the score: one 550 instead; above it, the same changes.
        let rejected = MilterProtocol.endOfMessageReplies(
            outcome: outcome, fieldCounts: [:], removing: [], mayChangeHeaders: true, rejectAbove: 0.95)
        #expect(
            rejected == [
                change("y", Array("550 5.7.1 Rejected as spam (smsfilter score 0.9543, model m1)".utf8) + [0])
            ])
        let kept = MilterProtocol.endOfMessageReplies(
            outcome: outcome, fieldCounts: ["x-smsfilter": 2, "x-spam-flag": 1],
            removing: FilterEngine.verdictFieldNames(options), mayChangeHeaders: true, rejectAbove: 0.99)
        #expect(kept == replies)
    }

    /// A session keeps a message only up to the size cap: header fields past it are counted,
    /// not kept, and the forged verdict fields among them are still deleted.
    @Test func aSessionKeepsNoMoreThanTheCap() throws {
        var session = MilterFrontEnd.Session(maxSize: 1_000, removing: ["X-SMSFilter", "X-Spam-Flag"])
        _ = session.handle(.negotiate(version: 6, actions: 0x11, steps: 0)) { _, _, _ in
            Issue.record("judged at negotiation")
            return FilterEngine.run(input: [], options: FilterOptions()) { _ in
                ModelScore(probability: 0, modelID: "", threshold: 0.5)
            }
        }
        for i in 0..<5_000 {
            #expect(
                session.handle(.header(name: "X-Filler", value: Array("field \(i) of many".utf8))) {
                    _, _, _ in
                    Issue.record("judged a header")
                    return FilterEngine.run(input: [], options: FilterOptions()) { _ in
                        ModelScore(probability: 0, modelID: "", threshold: 0.5)
                    }
                } == [MilterProtocol.continueReply])
        }
        _ = session.handle(.header(name: "x-smsfilter", value: Array("Ham".utf8))) { _, _, _ in
            FilterEngine.run(input: [], options: FilterOptions()) { _ in
                ModelScore(probability: 0, modelID: "", threshold: 0.5)
            }
        }
        var judged: (bytes: Int, size: Int)? = nil
        let replies = try #require(
            session.handle(.endOfMessage(Array("Claim now\r\n".utf8))) { message, size, _ in
                judged = (message.count, size)
                var options = FilterOptions()
                options.passThrough = true
                options.maxSize = 1_000
                return FilterEngine.run(input: message, inputSize: size, options: options) { _ in
                    ModelScore(probability: 0.9, modelID: "m", threshold: 0.5)
                }
            })
        let (bytes, size) = try #require(judged)
        #expect(bytes <= 1_100 && size > 100_000, "kept \(bytes) of \(size)")
        let codes = replies.map { Character(UnicodeScalar($0[4])) }
        #expect(codes == ["m", "h", "c"], "\(codes)")
        #expect(String(decoding: replies[1], as: UTF8.self).contains("Unfiltered, reason=too-large"))
    }

    /// Packets cut, spliced and sprinkled with stray bytes (seeded): each is a command or a
    /// refusal, never a crash, and a header read back names a field.
    @Test func mangledPacketsAreCommandsOrRefusals() {
        let valid: [[UInt8]] = [
            Self.packet("O", Self.word(6) + Self.word(0x1FF) + Self.word(0x1FFFFF)),
            Self.packet("L", Array("Subject".utf8) + [0] + Array("Hi".utf8) + [0]),
            Self.packet("B", Array("body\r\n".utf8)), Self.packet("E"), Self.packet("N"),
            Self.packet("D", [0x43, 0]),
        ]
        let stray: [UInt8] = [0x00, 0x4C, 0x4F, 0x0D, 0x0A, 0xFF, 0x3A]
        var taken = 0
        for bytes in mangledInputs(from: valid, stray: stray, seed: 44, count: 20_000) {
            guard let command = try? MilterProtocol.command(bytes) else { continue }
            taken += 1
            if case .header(let name, _) = command { #expect(!name.isEmpty && !name.contains("\0")) }
        }
        #expect(taken > 10_000)
    }
}
