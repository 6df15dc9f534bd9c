import SpamText

/// Bounds on the work done to find a message's text, so any input costs bounded time and memory.
public struct TextExtractionLimits: Sendable, Equatable {
    /// The most UTF-8 bytes of text returned (subject and body together).
    public var maxTextBytes: Int = 64 * 1024
    /// MIME nesting depth beyond which parts are ignored (1,000-deep nesting costs at most this
    /// many scans).
    public var maxDepth: Int = 24
    /// The most MIME parts visited in a message.
    public var maxParts: Int = 1_000

    public init(maxTextBytes: Int = 64 * 1024, maxDepth: Int = 24, maxParts: Int = 1_000) {
        self.maxTextBytes = maxTextBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }
}

/// The text to classify: for a mail, the decoded Subject and the body text (text/plain parts,
/// or text/html reduced to text when there is no plain part, or when the two sides of a
/// multipart/alternative do not say the same thing, `AlternativeParts`); for anything else, the
/// input itself.
public enum MessageText {
    /// Extracts the text of `bytes` (a mail or a plain text message).
    public static func extract(from bytes: [UInt8], limits: TextExtractionLimits = TextExtractionLimits())
        -> String
    {
        let header = HeaderBlock.parse(bytes, in: 0..<bytes.count, allowFromLine: true)
        return extract(from: bytes, header: header, limits: limits)
    }

    /// Same, with the top-level header block already parsed.
    public static func extract(from bytes: [UInt8], header: HeaderBlock, limits: TextExtractionLimits)
        -> String
    {
        guard header.looksLikeMail(bytes) else {
            // Runs of padding do not spend the budget (TextBudget); an mbox `From ` line with no
            // header after it is an envelope, not text.
            let start = envelopeEnd(bytes, header: header)
            let prefix = TextBudget.prefix(
                bytes[start...], budget: limits.maxTextBytes * 2, countingPadding: true)
            let text = CharsetDecoder.utf8OrLatin1(prefix, truncated: prefix.count < bytes.count)
            return clean(text, limit: limits.maxTextBytes)
        }
        let header = header.continuedPastStrayLines(bytes)
        var walker = PartWalker(bytes: bytes, limits: limits)
        var subject = ""
        if let field = header.field(named: "subject", in: bytes) {
            subject = EncodedWords.decode(HeaderBlock.unfoldedValue(of: field, in: bytes))
        }
        walker.walk(header: header, body: header.bodyStart..<bytes.count, depth: 0)
        let body = walker.plain.isEmpty ? walker.html.map(HTMLText.text(of:)) : walker.plain
        let text = ([subject] + body).joined(separator: "\n")
        return clean(text, limit: limits.maxTextBytes)
    }

    /// Where the text starts: after a mbox envelope line (`From sender Tue Dec  1 10:00:00 2026`),
    /// else at 0. Only the envelope's exact shape counts (a sender, a weekday and a month), so an
    /// SMS that starts "From tomorrow on ..." keeps its first line.
    static func envelopeEnd(_ bytes: [UInt8], header: HeaderBlock) -> Int {
        guard let line = header.fromLine else { return 0 }
        var i = line.lowerBound + 5
        let end = line.upperBound
        let senderStart = i
        while i < end && bytes[i] > 0x20 { i += 1 }
        guard i > senderStart else { return 0 }
        while i < end && bytes[i] == .space { i += 1 }
        func word(_ names: [String]) -> Bool {
            guard i + 4 <= end, bytes[i + 3] == .space else { return false }
            let found = names.contains { ByteScan.equalsIgnoringCase(bytes, i..<(i + 3), Array($0.utf8)) }
            if found { i += 4 }
            return found
        }
        guard word(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
            word(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
        else { return 0 }
        return line.upperBound
    }

    /// A plain text message (an SMS line, a gammu-smsd text) prepared like extracted text.
    public static func plain(_ text: String, limits: TextExtractionLimits = TextExtractionLimits()) -> String
    {
        clean(text, limit: limits.maxTextBytes)
    }

    /// Control characters (NUL included) become spaces, line breaks become `\n`, and the text is
    /// cut at a character boundary after `limit` UTF-8 bytes.
    static func clean(_ text: String, limit: Int) -> String {
        var text = text
        if text.utf8.count > limit {
            // Over the cap: long runs of padding are shortened first (TextBudget), so 100 KB of
            // spaces cannot push the words out.
            var kept = TextBudget.prefix(text.utf8, budget: limit, countingPadding: true)
            if let cut = CharsetDecoder.truncatedSequenceStart(kept) { kept.removeSubrange(cut...) }
            text = String(decoding: kept, as: UTF8.self)
        }
        // Most texts need no change: one pass over the UTF-8 bytes finds out, and rebuilding a
        // string scalar by scalar costs several microseconds per SMS on the bulk path.
        if text.utf8.count <= limit
            && !text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F })
        {
            return text
        }
        var result = String.UnicodeScalarView()
        var bytes = 0
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            var out = scalar
            if scalar == "\r" {
                previousWasCR = true
                out = "\n"
            } else {
                if scalar == "\n" && previousWasCR {
                    previousWasCR = false
                    continue
                }
                previousWasCR = false
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || scalar.value == 0x7F {
                    out = " "
                }
            }
            bytes += UTF8.width(out)
            if bytes > limit { break }
            result.append(out)
        }
        return String(result)
    }
}

/// Walks the MIME tree, collecting decoded text/plain and text/html parts until the text budget
/// is spent.
struct PartWalker {
    let bytes: [UInt8]
    let limits: TextExtractionLimits
    var plain: [String] = []
    var html: [String] = []
    var plainBytes = 0
    var htmlBytes = 0
    var partsVisited = 0

    init(bytes: [UInt8], limits: TextExtractionLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Raw bytes worth decoding for one part: room for base64's 4/3 and markup.
    private var rawBudget: Int { limits.maxTextBytes * 8 }
    private var isFull: Bool { plainBytes >= limits.maxTextBytes }

    mutating func walk(header: HeaderBlock, body: Range<Int>, depth: Int) {
        partsVisited += 1
        guard !isFull, partsVisited <= limits.maxParts else { return }
        var type = ContentType.defaultType
        if let field = header.field(named: "content-type", in: bytes) {
            let parsed = ContentType(parsing: HeaderBlock.unfoldedValue(of: field, in: bytes))
            if !parsed.mediaType.isEmpty { type = parsed }
        }
        if let field = header.field(named: "content-disposition", in: bytes) {
            let disposition = ContentType(parsing: HeaderBlock.unfoldedValue(of: field, in: bytes))
            if disposition.mediaType == "attachment" { return }
        }
        if type.isMultipart {
            guard depth < limits.maxDepth, let boundary = type.parameters["boundary"], !boundary.isEmpty,
                boundary.utf8.count <= 200
            else { return }
            let delimiter = Array("--\(boundary)".utf8)
            if type.mediaType == "multipart/alternative" {
                walkAlternatives(body: body, delimiter: delimiter, mode: header.mode, depth: depth)
                return
            }
            MultipartSplitter.forEachPart(of: bytes, in: body, delimiter: delimiter, mode: header.mode) {
                part in
                let partHeader = HeaderBlock.parse(bytes, in: part, allowFromLine: false)
                walk(header: partHeader, body: partHeader.bodyStart..<part.upperBound, depth: depth + 1)
                return !isFull && partsVisited < limits.maxParts
            }
            return
        }
        switch type.mediaType {
        case "message/rfc822", "message/global":
            guard depth < limits.maxDepth else { return }
            let inner = HeaderBlock.parse(bytes, in: body, allowFromLine: false)
            if let field = inner.field(named: "subject", in: bytes) {
                append(plain: EncodedWords.decode(HeaderBlock.unfoldedValue(of: field, in: bytes)))
            }
            walk(header: inner, body: inner.bodyStart..<body.upperBound, depth: depth + 1)
        case "text/plain", "text":
            append(plain: decodedText(header: header, body: body, charset: type.parameters["charset"]))
        case "text/html":
            guard htmlBytes < rawBudget else { return }
            let text = decodedText(header: header, body: body, charset: type.parameters["charset"])
            htmlBytes += text.utf8.count
            html.append(text)
        default:
            return
        }
    }

    /// The sides of a multipart/alternative, walked apart: their plain text as usual, unless the
    /// HTML side says something else (`AlternativeParts.disagree`), when its visible text is read
    /// as this part's plain text instead.
    private mutating func walkAlternatives(body: Range<Int>, delimiter: [UInt8], mode: LineMode, depth: Int) {
        var sides = PartWalker(bytes: bytes, limits: limits)
        sides.partsVisited = partsVisited
        sides.plainBytes = plainBytes
        sides.htmlBytes = htmlBytes
        MultipartSplitter.forEachPart(of: bytes, in: body, delimiter: delimiter, mode: mode) { part in
            let partHeader = HeaderBlock.parse(bytes, in: part, allowFromLine: false)
            sides.walk(header: partHeader, body: partHeader.bodyStart..<part.upperBound, depth: depth + 1)
            return !sides.isFull && sides.partsVisited < limits.maxParts
        }
        partsVisited = sides.partsVisited
        htmlBytes = sides.htmlBytes
        if !sides.plain.isEmpty && !sides.html.isEmpty {
            let visible = sides.html.map(HTMLText.text(of:))
            if AlternativeParts.disagree(plain: sides.plain, html: visible) {
                for text in visible { append(plain: text) }
                return
            }
        }
        for text in sides.plain { append(plain: text) }
        html += sides.html
    }

    private mutating func append(plain text: String) {
        guard !text.isEmpty else { return }
        plainBytes += text.utf8.count
        plain.append(text)
    }

    /// The part's body, transfer-decoded and converted to a string (only its first bytes).
    private func decodedText(header: HeaderBlock, body: Range<Int>, charset: String?) -> String {
        let raw = body.lowerBound..<min(body.upperBound, body.lowerBound + rawBudget)
        var encoding = ""
        if let field = header.field(named: "content-transfer-encoding", in: bytes) {
            encoding = String(decoding: HeaderBlock.unfoldedValue(of: field, in: bytes), as: UTF8.self)
                .lowercased()
        }
        let decoded: [UInt8]
        let outputLimit = limits.maxTextBytes * 4
        switch encoding {
        case "base64": decoded = Base64.decode(bytes, raw, limit: outputLimit)
        case "quoted-printable": decoded = QuotedPrintable.decode(bytes, raw, limit: outputLimit)
        default: decoded = Array(bytes[raw])
        }
        let truncated = raw.upperBound < body.upperBound || decoded.count >= outputLimit
        return CharsetDecoder.decode(decoded, charset: charset, truncated: truncated)
    }
}

/// Splits a multipart body at its delimiter lines (`--boundary`, closed by `--boundary--`).
/// The line break before a delimiter belongs to the delimiter. A boundary that never closes ends
/// at the end of the input; the preamble and epilogue are skipped.
enum MultipartSplitter {
    /// Calls `visit` with each part's byte range, in order, while it returns true.
    static func forEachPart(
        of bytes: [UInt8], in body: Range<Int>, delimiter: [UInt8], mode: LineMode,
        _ visit: (Range<Int>) -> Bool
    ) {
        var position = body.lowerBound
        var partStart: Int? = nil
        var previousLineBreakStart = body.lowerBound
        while position < body.upperBound {
            let line = ByteScan.line(in: bytes, at: position, end: body.upperBound, mode: mode)
            if line.contentEnd - line.start >= delimiter.count && bytes[line.start] == UInt8(ascii: "-")
                && ByteScan.hasPrefix(bytes, at: line.start, end: line.contentEnd, delimiter)
            {
                var rest = line.start + delimiter.count
                let closing =
                    rest + 1 < line.contentEnd && bytes[rest] == UInt8(ascii: "-")
                    && bytes[rest + 1] == UInt8(ascii: "-")
                if closing { rest += 2 }
                while rest < line.contentEnd && bytes[rest].isWhitespace { rest += 1 }
                if rest == line.contentEnd {
                    if let start = partStart {
                        let end = max(start, previousLineBreakStart)
                        if !visit(start..<end) { return }
                    }
                    if closing { return }
                    partStart = line.end
                }
            }
            previousLineBreakStart = line.contentEnd
            position = line.end
        }
        if let start = partStart, start < body.upperBound { _ = visit(start..<body.upperBound) }
    }
}
