public import SpamMail

/// The milter protocol (`MilterProtocol`) as `FilterServer` speaks it, for Postfix
/// (`smtpd_milters`) and Sendmail (`INPUT_MAIL_FILTER`): the MTA hands over each message as it
/// receives it, and adds the verdict's header fields the filter asks for. A connection carries
/// one SMTP session, any number of messages.
///
/// Messages are judged against the server's store (`--db`), or with `--user-stores` a message for
/// one user (its recipients' local parts: `alice@…`, `Alice+news@…`) against that user's.
public struct MilterFrontEnd: FrontEnd {
    public var name: String { "milter" }
    public var teaches: Bool { false }
    /// An MTA holds the connection for a whole SMTP session and waits for its client between
    /// commands (Postfix's `smtpd_timeout` is 300 s), so silence is tolerated longer than spamd's.
    public var idleTimeoutSeconds: Int { 330 }

    /// `--reject-above P`: a message the model scores Spam at P or more is rejected during the
    /// SMTP transaction (550), so the sender's server bounces it; nil: never, every message is
    /// accepted with its verdict in the header.
    public var rejectAbove: Double?

    public init(rejectAbove: Double? = nil) { self.rejectAbove = rejectAbove }

    public func serve(_ connection: Connection, worker: inout FilterWorker) {
        var session = Session(
            maxSize: worker.settings.filter.maxSize,
            removing: FilterEngine.verdictFieldNames(worker.settings.filter), rejectAbove: rejectAbove,
            readsRecipients: worker.userStores != nil)
        while let length = connection.receive(exactly: 4).flatMap({ try? MilterProtocol.packetLength($0) }),
            let packet = connection.receive(exactly: length)
        {
            let command: MilterProtocol.Command
            do {
                command = try MilterProtocol.command(packet)
            } catch {
                AppLog.logger.error("milter: \(error)")
                return
            }
            let replies = session.handle(command) { message, size, user in
                // A recipient whose name cannot be a folder's is judged with the server's store.
                let store = (try? worker.storePath(forUser: user)) ?? worker.settings.storePath
                return worker.judge(message, inputSize: size, storePath: store, source: "milter").outcome
            }
            guard let replies else { return }
            for reply in replies where !connection.send(reply) { return }
        }
    }

    /// One SMTP session's state: what was negotiated and the message being received.
    public struct Session {
        let maxSize: Int
        /// The verdict's field names, deleted wherever a sender put them.
        let removing: [String]
        /// `MilterFrontEnd.rejectAbove`.
        let rejectAbove: Double?
        /// Whether recipients are read (to choose a user's store).
        let readsRecipients: Bool
        /// The message's envelope recipients.
        var recipients: [String] = []
        var mayChangeHeaders = false
        /// The protocol steps agreed on (`MilterProtocol.isAnswered`).
        var steps: UInt32 = 0
        var headers: [(name: String, value: [UInt8])] = []
        /// How many fields of each verdict name (lowercased) the message has, kept or not.
        var fieldCounts: [String: Int] = [:]
        /// The body's first bytes, up to the size cap and one more (past it the message is not
        /// judged, and nothing more needs keeping).
        var body: [UInt8] = []
        var size = 0

        public init(
            maxSize: Int, removing: [String], rejectAbove: Double? = nil, readsRecipients: Bool = false
        ) {
            self.maxSize = maxSize
            self.removing = removing
            self.rejectAbove = rejectAbove
            self.readsRecipients = readsRecipients
        }

        /// The replies to `command`; nil when the session ends. `judge` gives the filter's
        /// outcome (in pass-through mode) on a message, its full size and the user it is for
        /// (`MilterProtocol.user(of:)`; nil: the server's store).
        public mutating func handle(
            _ command: MilterProtocol.Command, judge: ([UInt8], Int, String?) -> FilterOutcome
        ) -> [[UInt8]]? {
            switch command {
            case .negotiate(let version, let actions, let steps):
                guard
                    let reply = MilterProtocol.negotiationReply(
                        version: version, actions: actions, steps: steps, wantsRecipients: readsRecipients)
                else {
                    AppLog.logger.error("milter: the MTA does not let filters add header fields")
                    return nil
                }
                mayChangeHeaders = actions & MilterProtocol.changeHeaders != 0
                self.steps = MilterProtocol.agreedSteps(steps, wantsRecipients: readsRecipients)
                return [reply]
            case .header(let name, let value):
                size += name.utf8.count + value.count + 4
                let lowercased = name.lowercased()
                if removing.contains(where: { $0.lowercased() == lowercased }) {
                    fieldCounts[lowercased, default: 0] += 1
                }
                // Past the size cap the message is not judged: nothing more is kept, so a peer
                // that sends header fields without end costs no memory.
                if size <= maxSize { headers.append((name, value)) }
            case .body(let chunk):
                keep(chunk)
            case .recipient(let address):
                if readsRecipients && recipients.count < 1_000 { recipients.append(address) }
            case .endOfMessage(let chunk):
                keep(chunk)
                let user = readsRecipients ? MilterProtocol.user(of: recipients) : nil
                let outcome = judge(MilterProtocol.message(headers: headers, body: body), size + 2, user)
                defer { reset() }
                return MilterProtocol.endOfMessageReplies(
                    outcome: outcome, fieldCounts: fieldCounts, removing: removing,
                    mayChangeHeaders: mayChangeHeaders, rejectAbove: rejectAbove)
            case .abort:
                reset()
            case .newSession:
                self = Session(
                    maxSize: maxSize, removing: removing, rejectAbove: rejectAbove,
                    readsRecipients: readsRecipients)
            case .quit:
                return nil
            case .macros, .endOfHeaders, .other:
                break
            }
            return MilterProtocol.isAnswered(command, steps: steps) ? [MilterProtocol.continueReply] : []
        }

        mutating func keep(_ chunk: [UInt8]) {
            size += chunk.count
            let room = maxSize + 1 - body.count
            if room > 0 { body += chunk.prefix(room) }
        }

        mutating func reset() {
            headers = []
            recipients = []
            fieldCounts = [:]
            body = []
            size = 0
        }
    }
}
