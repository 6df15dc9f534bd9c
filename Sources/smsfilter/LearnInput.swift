import ArgumentParser
import SpamIO
import SpamMail
import SpamStore
#if canImport(Glibc)
import Glibc
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
}

/// One message read for learning, with the label its file carried (TSV only).
struct LearnMessage {
    var text: String
    var label: FeedbackLabel?
    var source: String
}

/// Input that cannot be learned (an error, exit 3).
struct LearnInputError: Error, CustomStringConvertible {
    var description: String
}

/// Reads messages for `learn` / `unlearn` from files or stdin.
enum LearnInput {
    /// Larger inputs are refused rather than stored: nobody marks a 16 MB SMS.
    static let maxInputBytes = 64 << 20

    static func messages(paths: [String], format: LearnInputFormat) throws -> [LearnMessage] {
        let sources = paths.isEmpty ? ["-"] : paths
        var messages: [LearnMessage] = []
        for source in sources {
            switch format {
            case .maildir:
                for file in try maildirFiles(source) {
                    messages.append(LearnMessage(
                        text: try nonEmpty(LearnTextExtraction.text(fromMessage: try readInput(file)), file),
                        label: nil, source: file))
                }
            case .text:
                messages.append(LearnMessage(
                    text: try nonEmpty(LearnTextExtraction.text(fromMessage: try readInput(source)), name(source)),
                    label: nil, source: name(source)))
            case .tsv:
                for row in try FeedbackTSV.parse(try readInput(source), source: name(source)) {
                    messages.append(LearnMessage(text: row.text, label: row.label, source: name(source)))
                }
            case .mbox:
                let bytes = try readInput(source)
                for range in MboxReader.messages(in: bytes) {
                    messages.append(LearnMessage(
                        text: LearnTextExtraction.text(fromMessage: Array(bytes[range])), label: nil,
                        source: name(source)))
                }
            }
        }
        return messages
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
