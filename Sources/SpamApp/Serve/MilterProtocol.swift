public import SpamMail

/// Sendmail's milter protocol (version 6, which Postfix and Sendmail speak) as `smsfilter serve
/// --milter` speaks it, with no I/O: packets in, replies out.
///
/// A packet is a 4-byte big-endian length, then a command byte and its data (the length counts
/// both). The MTA opens with option negotiation (`O`), then for each message sends its headers
/// (`L`), the end of headers (`N`), body chunks (`B`) and the end of the message (`E`); the filter
/// answers each with `c` (continue), and at the end of the message first asks for its changes:
/// forged verdict fields deleted (`m`), ours added (`h`). It never discards a message or changes
/// its body: a message comes out of the MTA whole, with the verdict in its header, or, only when
/// `--reject-above` asks, is refused with a 550 (`y`) that its sender's server bounces.
public enum MilterProtocol {
    /// The protocol version this side speaks.
    static let version: UInt32 = 6
    /// The most a packet may carry: a body chunk is at most 64 KiB, or 1 MiB where the MTA
    /// negotiated larger chunks (Sendmail's `SMFIP_MDS_1M`); anything longer is a broken peer.
    public static let maxPacket = (1 << 20) + 64

    /// Actions (`SMFIF_*`): add header fields, and change or delete them (forged verdicts).
    static let addHeaders: UInt32 = 0x01
    static let changeHeaders: UInt32 = 0x10

    /// Protocol steps (`SMFIP_*`) the filter does without: connection, HELO, envelope, DATA and
    /// unknown commands carry nothing it judges, so the MTA need not send them.
    static let skippedSteps: UInt32 = 0x01 | 0x02 | 0x04 | 0x08 | 0x100 | 0x200
    /// Steps the filter need not answer (`SMFIP_NR_HDR`, `NR_EOH`, `NR_BODY`): it only collects
    /// them, so the MTA need not wait for a reply to each header field and body chunk.
    static let unansweredSteps: UInt32 = 0x80 | 0x40000 | 0x80000
    /// `SMFIP_NORCPT` and `SMFIP_NR_RCPT`: recipients are skipped, unless the filter keeps a
    /// store per user (`--user-stores`), and then left unanswered.
    static let skipRecipients: UInt32 = 0x08
    static let unansweredRecipients: UInt32 = 0x8000

    /// What the MTA sends.
    public enum Command: Equatable, Sendable {
        case negotiate(version: UInt32, actions: UInt32, steps: UInt32)
        /// A header field: its value as the bytes the MTA sent (raw 8-bit text stays as it came,
        /// for the mail reader to decode by the message's charset).
        case header(name: String, value: [UInt8])
        case endOfHeaders
        case body([UInt8])
        /// An envelope recipient (`RCPT TO`), as the MTA sends it: `<alice@example.org>`.
        case recipient(String)
        case endOfMessage([UInt8])
        /// The message so far is dropped (the SMTP transaction was aborted); the session goes on.
        case abort
        case quit
        /// The session ends but the connection stays: a new one follows, negotiation first.
        case newSession
        /// Macros (`D`): answered with nothing.
        case macros
        /// A step the filter asked to skip but was sent anyway (connect, HELO, MAIL, DATA,
        /// unknown), or a command this version does not know: answered with continue.
        case other(UInt8)
    }

    /// A peer that broke the protocol: the session ends.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The length a packet's 4-byte prefix announces, checked.
    public static func packetLength(_ prefix: [UInt8]) throws(Failure) -> Int {
        guard prefix.count == 4 else { throw Failure(description: "short packet length") }
        let length = prefix.reduce(0) { $0 << 8 | Int($1) }
        guard (1...maxPacket).contains(length) else {
            throw Failure(description: "packet length \(length) out of range")
        }
        return length
    }

    /// The command a packet (its command byte and data, without the length) carries.
    public static func command(_ packet: [UInt8]) throws(Failure) -> Command {
        guard let code = packet.first else { throw Failure(description: "empty packet") }
        let data = Array(packet.dropFirst())
        switch code {
        case UInt8(ascii: "O"):
            guard data.count >= 12 else { throw Failure(description: "short option negotiation") }
            func word(_ at: Int) -> UInt32 { data[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
            return .negotiate(version: word(0), actions: word(4), steps: word(8))
        case UInt8(ascii: "L"):
            // name NUL value NUL
            let parts = data.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw Failure(description: "malformed header") }
            var value = parts[1]
            if value.last == 0 { value = value.dropLast() }
            return .header(
                name: String(decoding: parts[0], as: UTF8.self), value: Array(value)
            )
        case UInt8(ascii: "N"): return .endOfHeaders
        case UInt8(ascii: "B"): return .body(data)
        case UInt8(ascii: "E"): return .endOfMessage(data)
        case UInt8(ascii: "A"): return .abort
        case UInt8(ascii: "Q"): return .quit
        case UInt8(ascii: "K"): return .newSession
        case UInt8(ascii: "D"): return .macros
        case UInt8(ascii: "R"):
            // The address, then ESMTP arguments, each NUL-terminated.
            return .recipient(String(decoding: data.prefix { $0 != 0 }, as: UTF8.self))
        default: return .other(code)
        }
    }

    /// One reply packet: length, code, data.
    static func packet(_ code: Character, _ data: [UInt8] = []) -> [UInt8] {
        let length = UInt32(data.count + 1)
        return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) } + [code.asciiValue!] + data
    }

    static func word(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    /// The answer to the MTA's option negotiation: this version, the header actions (of those
    /// it allows), the steps to skip or leave unanswered (of those it offers; recipients are
    /// read when `wantsRecipients`). Nil when it cannot let the filter add a header field,
    /// which is all the filter does.
    public static func negotiationReply(
        version mtaVersion: UInt32, actions: UInt32, steps: UInt32, wantsRecipients: Bool = false
    ) -> [UInt8]? {
        guard mtaVersion >= 2, actions & addHeaders != 0 else { return nil }
        let reply =
            word(min(version, mtaVersion)) + word(actions & (addHeaders | changeHeaders))
            + word(agreedSteps(steps, wantsRecipients: wantsRecipients))
        return packet("O", reply)
    }

    /// Continue: the answer to each step, and the last answer at the end of a message.
    public static let continueReply = packet("c")

    /// Whether a command is answered, given the steps agreed on: macros, abort and quit never
    /// are; header fields, their end and body chunks not when the MTA agreed
    /// (`unansweredSteps`).
    public static func isAnswered(_ command: Command, steps: UInt32) -> Bool {
        switch command {
        case .macros, .abort, .quit, .newSession, .negotiate, .endOfMessage: false
        case .header: steps & 0x80 == 0
        case .endOfHeaders: steps & 0x40000 == 0
        case .body: steps & 0x80000 == 0
        case .recipient: steps & unansweredRecipients == 0
        case .other: true
        }
    }

    /// The steps agreed on when the MTA offers `offered`.
    static func agreedSteps(_ offered: UInt32, wantsRecipients: Bool = false) -> UInt32 {
        let wanted =
            wantsRecipients
            ? (skippedSteps & ~skipRecipients) | unansweredSteps | unansweredRecipients
            : skippedSteps | unansweredSteps
        return offered & wanted
    }

    /// The user whose store judges a message for `recipients` (`--user-stores`): the one
    /// recipient's local part, lowercased and without a `+tag` (`<Alice+news@example.org>` →
    /// `alice`); nil for several recipients, none, or an address without a local part.
    public static func user(of recipients: [String]) -> String? {
        let users = Set(
            recipients.compactMap { address -> String? in
                var bare = Substring(address)
                if bare.first == "<" { bare = bare.dropFirst() }
                if bare.last == ">" { bare = bare.dropLast() }
                guard let at = bare.lastIndex(of: "@") else { return nil }
                let local = bare[..<at].prefix { $0 != "+" }
                return local.isEmpty ? nil : local.lowercased()
            })
        guard users.count == 1, recipients.count >= 1 else { return nil }
        return users.first
    }

    /// A message rebuilt from its header fields and body, as a delivery would read it.
    public static func message(headers: [(name: String, value: [UInt8])], body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count + headers.count * 64 + 2)
        for (name, value) in headers { bytes += Array("\(name): ".utf8) + value + [0x0D, 0x0A] }
        bytes += Array("\r\n".utf8)
        bytes += body
        return bytes
    }

    /// The replies at the end of a message judged as `outcome`: each field whose name is among
    /// `removing` (a sender's forged verdict; `fieldCounts` says how many the message has, by
    /// lowercased name) deleted, if the MTA allows it, then the verdict's lines added, then
    /// continue. A message the model scores Spam at `rejectAbove` or more is instead rejected
    /// with a 550 the sender's server reports back (`--reject-above`; nil: never).
    public static func endOfMessageReplies(
        outcome: FilterOutcome, fieldCounts: [String: Int], removing: [String], mayChangeHeaders: Bool,
        rejectAbove: Double? = nil
    ) -> [[UInt8]] {
        if let rejectAbove, case .classified(.spam, let score, let modelID) = outcome.status,
            score >= rejectAbove
        {
            let text =
                "550 5.7.1 Rejected as spam (smsfilter score \(VerdictFormat.score(score)), model "
                + "\(VerdictFormat.headerSafe(modelID)))"
            return [packet("y", Array(text.utf8) + [0])]
        }
        var replies: [[UInt8]] = []
        if mayChangeHeaders {
            for name in removing {
                let count = fieldCounts[name.lowercased()] ?? 0
                // The MTA counts a name's fields from 1; deleting the last first keeps the others'
                // numbers, whether or not it renumbers after a deletion.
                for index in stride(from: count, through: 1, by: -1) {
                    replies.append(packet("m", word(UInt32(index)) + Array(name.utf8) + [0, 0]))
                }
            }
        }
        for line in outcome.headerLines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            var value = line[line.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
            replies.append(packet("h", Array(line[..<colon].utf8) + [0] + Array(value.utf8) + [0]))
        }
        replies.append(continueReply)
        return replies
    }
}
