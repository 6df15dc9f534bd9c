import SpamApp
import ArgumentParser
import SpamIO
import SpamMail
import SpamSenders
import SpamStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How `learn` / `unlearn` read their input.
enum LearnInputFormat: String, ExpressibleByArgument, CaseIterable {
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
struct LearnMessage {
    var text: String
    var label: FeedbackLabel?
    var source: String
    var sender: SenderAddress? = nil
}

/// Input that cannot be learned (an error, exit 3).
struct LearnInputError: Error, CustomStringConvertible {
    var description: String
}

/// Reads messages for `learn` / `unlearn` from files or stdin.
enum LearnInput {
    /// Larger inputs are refused rather than stored: nobody marks a 16 MB SMS.
    static let maxInputBytes = 64 << 20

    static func messages(paths: [String], format: LearnInputFormat, countryCode: Int? = nil) throws
        -> [LearnMessage]
    {
        if format == .gammuEnv {
            guard let sms = GammuMessage(lookup: { ProcessInfoLite.environment($0) }) else {
                throw ValidationError("no SMS in the environment (SMS_MESSAGES is not set)")
            }
            return [LearnMessage(
                text: MessageText.plain(sms.text), label: nil, source: "gammu:\(sms.sender)",
                sender: SenderAddress(sms.sender, countryCode: countryCode))]
        }
        let sources = paths.isEmpty ? ["-"] : paths
        var messages: [LearnMessage] = []
        func mail(_ bytes: [UInt8], source: String) throws -> LearnMessage {
            LearnMessage(
                text: try nonEmpty(LearnTextExtraction.text(fromMessage: bytes), source), label: nil, source: source,
                sender: MailSenders.author(of: bytes, countryCode: countryCode))
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
                let bytes = try readInput(source)
                if BulkClassifier.hasSenderHeader(bytes) {
                    messages += try senderColumnRows(bytes, source: name(source), countryCode: countryCode)
                    continue
                }
                for row in try FeedbackTSV.parse(bytes, source: name(source)) {
                    messages.append(LearnMessage(text: row.text, label: row.label, source: name(source)))
                }
            case .mbox:
                let bytes = try readInput(source)
                for range in MboxReader.messages(in: bytes) {
                    // One empty message in a mailbox is skipped, not a reason to learn none.
                    if let message = try? mail(Array(bytes[range]), source: name(source)) { messages.append(message) }
                }
            case .gammuEnv:
                break
            }
        }
        return messages
    }

    /// `label<TAB>sender<TAB>text` lines after that header line (see `classify --input tsv`).
    private static func senderColumnRows(_ bytes: [UInt8], source: String, countryCode: Int?) throws
        -> [LearnMessage]
    {
        var rows: [LearnMessage] = []
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated().dropFirst() {
            var line = raw[...]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            let fields = line.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw ValidationError("\(source):\(index + 1): expected `label<TAB>sender<TAB>text`")
            }
            let labelText = String(decoding: fields[0], as: UTF8.self).lowercased()
            guard let label = FeedbackLabel(rawValue: labelText) else {
                throw ValidationError(
                    "\(source):\(index + 1): label must be spam or ham, not \"\(labelText.prefix(20))\"")
            }
            rows.append(LearnMessage(
                text: String(decoding: fields[2], as: UTF8.self), label: label, source: source,
                sender: SenderAddress(String(decoding: fields[1], as: UTF8.self), countryCode: countryCode)))
        }
        return rows
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
            throw ValidationError("\(name(source)) is larger than \(maxInputBytes >> 20) MB; refusing to learn it")
        }
        return bytes
    }

    /// The message files of a maildir (new/ and cur/, never tmp/).
    private static func maildirFiles(_ directory: String) throws -> [String] {
        try MaildirReader.messagePaths(in: directory).map { FilePath.join(directory, $0) }
    }
}
