import SpamIO
import SpamMail
public import SpamSenders
public import SpamStore
import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// How `learn` / `unlearn` read their input.
public enum LearnInputFormat: String, Sendable, CaseIterable {
    /// Each file (or stdin) is one message: raw SMS text or one mail.
    case text
    /// `label<TAB>text` lines; the label in the file is used unless --spam/--ham is given.
    case tsv
    /// An mbox file holding many mails.
    case mbox
    /// A maildir: the files in its new/ and cur/.
    case maildir
    /// gammu-smsd's RunOnReceive environment (`SMS_1_NUMBER`, `SMS_n_TEXT`, …): one SMS.
    case gammuEnv = "gammu-env"
}

/// One message read for learning, with the label its file carried (TSV only) and its sender
/// (a mail's From:, gammu's SMS_1_NUMBER, a TSV sender column), normalized.
public struct LearnMessage: Sendable {
    public var text: String
    public var label: FeedbackLabel?
    public var source: String
    public var sender: SenderAddress? = nil
    /// Read as a mail (headers and a body) rather than as an SMS, as classify would read it.
    public var isMail = false
}

/// Input that cannot be learned: a runtime error (exit 3), not a usage error.
public struct LearnInputError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads messages for `learn` / `unlearn` from files or stdin.
public enum LearnInput {
    /// Larger inputs are refused rather than stored: nobody marks a 16 MB SMS.
    static let maxInputBytes = 64 << 20

    public static func messages(paths: [String], format: LearnInputFormat, countryCode: Int? = nil) throws
        -> [LearnMessage]
    {
        if format == .gammuEnv {
            guard let sms = GammuMessage(lookup: { ProcessInfoLite.environment($0) }) else {
                throw LearnInputError(description: "no SMS in the environment (SMS_MESSAGES is not set)")
            }
            return [
                LearnMessage(
                    text: MessageText.plain(sms.text), label: nil, source: "gammu:\(sms.sender)",
                    sender: SenderAddress(sms.sender, countryCode: countryCode))
            ]
        }
        let sources = paths.isEmpty ? ["-"] : paths
        var messages: [LearnMessage] = []
        func mail(_ bytes: [UInt8], source: String) throws -> LearnMessage {
            try message(bytes, source: source, countryCode: countryCode)
        }
        for source in sources {
            switch format {
            case .maildir:
                for file in try maildirFiles(source) {
                    messages.append(try mail(try readInput(file), source: file))
                }
            case .text:
                messages.append(try mail(try readInput(source), source: name(source)))
            case .tsv:
                messages += try tsvRows(try readInput(source), source: name(source), countryCode: countryCode)
            case .mbox:
                let bytes = try readInput(source)
                for range in MboxReader.messages(in: bytes) {
                    // One empty message in a mailbox is skipped, not a reason to learn none.
                    if let message = try? mail(Array(bytes[range]), source: name(source)) {
                        messages.append(message)
                    }
                }
            case .gammuEnv:
                break
            }
        }
        return messages
    }

    /// One message (a mail or a bare text) read as a delivery reads it, with its author as its
    /// sender; an error when it has no text.
    public static func message(_ bytes: [UInt8], source: String, countryCode: Int? = nil) throws
        -> LearnMessage
    {
        let header = HeaderBlock.parse(bytes, in: 0..<bytes.count, allowFromLine: true)
        return LearnMessage(
            text: try nonEmpty(
                MessageText.extract(from: bytes, header: header, limits: TextExtractionLimits()), source),
            label: nil, source: source,
            sender: MailSenders.author(of: bytes, countryCode: countryCode),
            isMail: header.looksLikeMail(bytes))
    }

    /// `label<TAB>text` lines, or `label<TAB>sender<TAB>text` after that header (see `classify
    /// --input tsv`), read by the one `LabeledCorpus` reader.
    private static func tsvRows(_ bytes: [UInt8], source: String, countryCode: Int?) throws -> [LearnMessage]
    {
        let lines: [LabeledLine]
        do {
            lines = try LabeledCorpus.lines(bytes)
        } catch {
            throw LearnInputError(description: "\(source): \(error)")
        }
        return lines.map { line in
            LearnMessage(
                text: line.text, label: line.isSpam.map { $0 ? .spam : .ham }, source: source,
                sender: line.sender.flatMap { SenderAddress($0, countryCode: countryCode) })
        }
    }

    private static func name(_ source: String) -> String { source == "-" ? "stdin" : source }

    /// A message with no text (empty input, `</dev/null`, a mail with an empty body) teaches
    /// nothing and would be stored as one empty feedback row: refused.
    private static func nonEmpty(_ text: String, _ source: String) throws -> String {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw LearnInputError(description: "\(source): the message has no text; nothing to learn")
        }
        return text
    }

    private static func readInput(_ source: String) throws -> [UInt8] {
        let bytes: [UInt8]
        if source == "-" {
            bytes = try FileIO.readAll(fileDescriptor: 0, limit: maxInputBytes)
        } else {
            let fd = open(source, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw SystemError("open", path: source) }
            defer { close(fd) }
            bytes = try FileIO.readAll(fileDescriptor: fd, limit: maxInputBytes, path: source)
        }
        if bytes.count > maxInputBytes {
            throw LearnInputError(
                description: "\(name(source)) is larger than \(maxInputBytes >> 20) MB; refusing to learn it")
        }
        return bytes
    }

    /// The message files of a maildir (new/ and cur/, never tmp/).
    private static func maildirFiles(_ directory: String) throws -> [String] {
        try MaildirReader.messagePaths(in: directory).map { FilePath.join(directory, $0) }
    }
}
