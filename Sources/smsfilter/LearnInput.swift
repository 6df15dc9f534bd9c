import ArgumentParser
import SpamIO
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
    /// A maildir (its cur/ and new/), or any directory of one-message files.
    case maildir
}

/// One message read for learning, with the label its file carried (TSV only).
struct LearnMessage {
    var text: String
    var label: FeedbackLabel?
    var source: String
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
                        text: LearnTextExtraction.text(fromMessage: try readInput(file)), label: nil, source: file))
                }
            case .text:
                messages.append(LearnMessage(
                    text: LearnTextExtraction.text(fromMessage: try readInput(source)), label: nil, source: name(source)))
            case .tsv:
                for row in try FeedbackTSV.parse(try readInput(source), source: name(source)) {
                    messages.append(LearnMessage(text: row.text, label: row.label, source: name(source)))
                }
            case .mbox:
                for mail in splitMbox(try readInput(source)) {
                    messages.append(LearnMessage(
                        text: LearnTextExtraction.text(fromMessage: mail), label: nil, source: name(source)))
                }
            }
        }
        return messages
    }

    private static func name(_ source: String) -> String { source == "-" ? "stdin" : source }

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

    /// Splits an mbox at "From " lines that start the file or follow a blank line, and undoes
    /// mboxrd quoting (">From " → "From ").
    static func splitMbox(_ bytes: [UInt8]) -> [[UInt8]] {
        var mails: [[UInt8]] = []
        var current: [UInt8]?
        var previousBlank = true
        let from = Array("From ".utf8)
        for rawLine in bytes.split(separator: 0x0a, omittingEmptySubsequences: false) {
            var line = rawLine
            if previousBlank && line.starts(with: from) {
                if let mail = current { mails.append(mail) }
                current = []
                previousBlank = false
                continue
            }
            let stripped = line.last == 0x0d ? line.dropLast() : line
            previousBlank = stripped.isEmpty
            if let first = line.firstIndex(where: { $0 != UInt8(ascii: ">") }), first > line.startIndex,
               line[first...].starts(with: from)
            {
                line = line.dropFirst()
            }
            current?.append(contentsOf: line)
            current?.append(0x0a)
        }
        if let mail = current { mails.append(mail) }
        return mails.filter { !$0.allSatisfy { $0 == 0x0a || $0 == 0x0d } }
    }

    /// The message files of a maildir (cur/ and new/, never tmp/), or of a plain directory.
    private static func maildirFiles(_ directory: String) throws -> [String] {
        let sub = [FilePath.join(directory, "cur"), FilePath.join(directory, "new")]
        let parts = sub.filter { isDirectory($0) }
        let roots = parts.isEmpty ? [directory] : parts
        var files: [String] = []
        for root in roots {
            guard let dir = opendir(root) else { throw SystemError("open directory", path: root) }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let entryName = withUnsafePointer(to: &entry.pointee.d_name) {
                    String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
                }
                if entryName.hasPrefix(".") { continue }
                let path = FilePath.join(root, entryName)
                if isRegularFile(path) { files.append(path) }
            }
        }
        return files.sorted()
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
