import SpamIO
import SpamMail

/// Bulk scoring: `--input tsv` (one `verdict<TAB>score` line per input line), `--input mbox` and
/// `--input maildir` (one `id<TAB>verdict<TAB>score` line per message), and several plain files.
struct BulkClassifier {
    let settings: ClassifySettings
    let model: LazyModel
    let options: FilterOptions
    let record: (ClassifiedMessage) -> Void
    var writer: ClassifyOutput.LineWriter
    var failures = 0

    init(settings: ClassifySettings, model: LazyModel, recorder: @escaping (ClassifiedMessage) -> Void) {
        self.settings = settings
        self.model = model
        self.options = settings.filter
        self.record = recorder
        self.writer = ClassifyOutput.LineWriter(fd: 1)
    }

    /// A result line: `verdict<TAB>score`, with `id<TAB>` in front when there is an id; or JSON.
    static func line(id: String?, verdict: Verdict, score: Double, format: OutputFormat) -> String {
        let scoreText = VerdictFormat.score(score)
        switch format {
        case .text:
            let cleanID = id.map { String($0.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }) }
            return (cleanID.map { $0 + "\t" } ?? "") + "\(verdict.rawValue)\t\(scoreText)"
        case .json:
            let idPart = id.map { "\"id\":\(VerdictFormat.json($0))," } ?? ""
            return "{\(idPart)\"verdict\":\"\(verdict.rawValue)\",\"score\":\(scoreText)}"
        }
    }

    mutating func run() -> Int32 {
        do {
            if let output = settings.output { writer = try ClassifyOutput.LineWriter(appendingTo: output) }
            // Load up front: a bulk run with no model should fail once, clearly.
            _ = try model.load()
            switch settings.input {
            case .tsv: try runTSV()
            case .mbox: try runMbox()
            case .maildir: try runMaildir()
            default: try runFiles()
            }
            try writer.flush()
        } catch {
            try? writer.flush()
            ProcessInfoLite.printError("smsfilter: \(error)")
            return FilterEngine.readFailureExitCode(options)
        }
        return failures == 0 ? 0 : FilterEngine.readFailureExitCode(options)
    }

    private func inputs() throws -> [(name: String, bytes: [UInt8])] {
        if settings.files.isEmpty { return [("stdin", try FileIO.readAll(fileDescriptor: 0))] }
        return try settings.files.map { ($0, try FileIO.read(path: $0)) }
    }

    private mutating func emit(id: String?, text: String, source: String) throws {
        try emit(id: id, text: text, source: source, score: try model.score(text))
    }

    private mutating func emit(id: String?, text: String, source: String, score: ModelScore) throws {
        let cutoffs = Cutoffs(threshold: score.threshold, spam: options.spamCutoff, ham: options.hamCutoff)
        let verdict = cutoffs.verdict(for: score.probability)
        try writer.line(Self.line(id: id, verdict: verdict, score: score.probability, format: options.format))
        record(
            ClassifiedMessage(
                source: source, text: text, verdict: verdict, score: score.probability, modelID: score.modelID
            ))
    }

    /// `label<TAB>text` lines (the corpus format; the label is ignored) or bare text lines.
    private mutating func runTSV() throws {
        var pending: [(text: String, source: String)] = []
        for (name, bytes) in try inputs() {
            var start = 0
            var lineNumber = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                var contentEnd = end
                if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                var textStart = start
                var i = start
                while i < contentEnd && bytes[i] != 0x09 { i += 1 }
                if i < contentEnd { textStart = i + 1 }
                lineNumber += 1
                let text = MessageText.plain(CharsetDecoder.utf8OrLatin1(Array(bytes[textStart..<contentEnd])))
                pending.append((text, "\(name):\(lineNumber)"))
                if pending.count == Self.chunkSize { try flush(&pending) }
                start = end + 1
            }
        }
        try flush(&pending)
    }

    /// Lines scored together: batching lets the network work on matrices instead of vectors.
    static let chunkSize = 2048

    private mutating func flush(_ pending: inout [(text: String, source: String)]) throws {
        guard !pending.isEmpty else { return }
        let scores = try model.scores(pending.map(\.text))
        for (line, score) in zip(pending, scores) {
            try emit(id: nil, text: line.text, source: line.source, score: score)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Files are memory-mapped one at a time and each message copied out on its own, so a
    /// multi-gigabyte mbox costs its largest message in memory, not its size.
    private mutating func runMbox() throws {
        let several = settings.files.count > 1
        func emitAll(_ messages: [Range<Int>], name: String, copy: (Range<Int>) -> [UInt8]) throws {
            for (index, range) in messages.enumerated() {
                let id = several ? "\(name):\(index + 1)" : "\(index + 1)"
                // Over the size cap: reported unfiltered without copying it out first.
                if range.count > options.maxSize {
                    try writer.line("\(id)\tunfiltered\t-")
                    continue
                }
                try emitMessage(copy(range), id: id, source: "mbox:\(name):\(index + 1)")
            }
        }
        if settings.files.isEmpty {
            let bytes = try FileIO.readAll(fileDescriptor: 0)
            try emitAll(MboxReader.messages(in: bytes), name: "stdin") { Array(bytes[$0]) }
            return
        }
        for path in settings.files {
            let file = try MappedFile(path: path, allowStreams: true)
            try emitAll(MboxReader.messages(in: file.bytes), name: path) { Array(file.bytes[$0]) }
        }
    }

    private mutating func runMaildir() throws {
        for directory in settings.files {
            for relative in try MaildirReader.messagePaths(in: directory) {
                let path = FilePath.join(directory, relative)
                let id = settings.files.count > 1 ? path : relative
                do {
                    try emitMessage(try FileIO.read(path: path), id: id, source: path)
                } catch let error as SystemError {
                    failures += 1
                    ProcessInfoLite.printError("smsfilter: \(error)")
                }
            }
        }
    }

    /// Several plain files, one message each.
    private mutating func runFiles() throws {
        for path in settings.files {
            do {
                try emitMessage(try FileIO.read(path: path), id: path, source: path)
            } catch let error as SystemError {
                failures += 1
                ProcessInfoLite.printError("smsfilter: \(error)")
            }
        }
    }

    /// One mail or text message; messages over --max-size are reported `unfiltered`.
    private mutating func emitMessage(_ message: [UInt8], id: String, source: String) throws {
        if message.count > options.maxSize {
            try writer.line("\(id)\tunfiltered\t-")
            return
        }
        try emit(id: id, text: MessageText.extract(from: message, limits: options.limits), source: source)
    }
}
