/// One header field as it sits in the message bytes.
public struct HeaderField: Sendable, Equatable {
    /// The field name, e.g. `Subject` (without the colon).
    public var name: Range<Int>
    /// First byte after the colon.
    public var valueStart: Int
    /// The whole field: first line, every folded continuation line, and the final line break.
    public var range: Range<Int>
}

/// The header block of a message or MIME part, located without copying: where each field lies,
/// where the block ends (where new fields go) and where the body begins.
///
/// Parsing is one linear pass over the header lines and stops at the first empty line, so a
/// 50 MiB body costs nothing here and a 100,000-line header costs one scan.
public struct HeaderBlock: Sendable {
    /// A leading mbox `From ` line (with its line break), kept in place by the pass-through writer.
    public var fromLine: Range<Int>?
    /// The fields in order (empty when parsed with `keepFields: false`).
    public var fields: [HeaderField]
    /// How many fields the block has (also when they were not kept).
    public var fieldCount = 0
    /// True when a field has one of `knownNames` (computed only when fields are not kept).
    var hasKnownField = false
    /// Where the header block ends: just after the last field's line break (or its last byte when
    /// the input ends without one). New fields are inserted here.
    public var end: Int
    /// The first body byte: after the empty separator line when there is one.
    public var bodyStart: Int
    /// True when the block ended at an empty line (the normal case).
    public var endedWithEmptyLine: Bool
    /// True when a line that is neither a field nor a continuation ended the block early.
    public var endedWithStrayLine: Bool
    /// The message's line-ending convention.
    public var mode: LineMode

    /// Header names whose presence makes a block of `Name: value` lines look like a mail rather
    /// than a text message that happens to contain a colon.
    static let knownNames: [[UInt8]] = [
        "from", "to", "cc", "subject", "date", "received", "return-path", "message-id",
        "mime-version", "content-type", "content-transfer-encoding", "delivered-to", "reply-to",
        "sender", "x-original-to", "envelope-to", "dkim-signature", "authentication-results",
        "list-id", "x-mailer", "user-agent", "in-reply-to", "references",
    ].map { Array($0.utf8) }

    /// Parses the header block at the start of `bytes[range]`.
    ///
    /// - Parameter allowFromLine: accept a leading mbox `From ` line (top-level messages only).
    /// - Parameter keepFields: false to only count the fields (a message over the size cap is
    ///   passed through, not read: its header may have millions of lines, and keeping each
    ///   one's position would cost 40 bytes per line).
    public static func parse(
        _ bytes: [UInt8], in range: Range<Int>, allowFromLine: Bool, keepFields: Bool = true
    ) -> HeaderBlock {
        let mode = LineMode.detect(bytes, in: range)
        var block = HeaderBlock(
            fromLine: nil, fields: [], end: range.lowerBound, bodyStart: range.lowerBound,
            endedWithEmptyLine: false, endedWithStrayLine: false, mode: mode)
        var position = range.lowerBound
        let end = range.upperBound
        if allowFromLine && ByteScan.hasPrefix(bytes, at: position, end: end, Array("From ".utf8)) {
            let line = ByteScan.line(in: bytes, at: position, end: end, mode: mode)
            block.fromLine = line.start..<line.end
            position = line.end
        }
        let headerStart = position
        while position < end {
            let line = ByteScan.line(in: bytes, at: position, end: end, mode: mode)
            if line.isEmpty {
                block.end = position
                block.bodyStart = line.end
                block.endedWithEmptyLine = true
                return block.finished(headerStart: headerStart)
            }
            let first = bytes[line.start]
            if first.isWhitespace {
                guard block.fieldCount > 0 else { break }
                if keepFields {
                    block.fields[block.fields.count - 1].range =
                        block.fields[block.fields.count - 1].range.lowerBound..<line.end
                }
            } else if let field = fieldStart(bytes, line) {
                block.fieldCount += 1
                if keepFields {
                    block.fields.append(field)
                } else if !block.hasKnownField {
                    block.hasKnownField = isKnown(field.name, in: bytes)
                }
            } else {
                break
            }
            position = line.end
        }
        block.end = position
        block.bodyStart = position
        block.endedWithStrayLine = position < end
        return block.finished(headerStart: headerStart)
    }

    /// For reading the text only: this block continued past the stray lines that ended it, to
    /// the empty line, when what follows them is still header fields. Folded lines that lost
    /// their indent (`ds;MX:1;LANG:it;`, a DKIM signature's base64) end a strict parse early,
    /// and the rest of the header, `Content-Type` and `Subject` among them, was read as the body:
    /// hundreds of header words scored instead of the text, which lenient mail readers show.
    /// Continued only when the lines after the first stray one reach an empty line within 256 KiB,
    /// include at least two fields, one of them a well-known name, and no more stray lines than
    /// fields; else the block is returned as it is (a mail whose text starts without an empty
    /// line keeps its text). The pass-through writer and the sender checks keep the strict block.
    public func continuedPastStrayLines(_ bytes: [UInt8]) -> HeaderBlock {
        guard endedWithStrayLine, !fields.isEmpty else { return self }
        var block = self
        var position = end
        let limit = min(bytes.count, end + 256 * 1024)
        var strays = 0
        var fieldsAfter = 0
        var knownAfter = false
        while position < limit {
            let line = ByteScan.line(in: bytes, at: position, end: bytes.count, mode: mode)
            if line.isEmpty {
                guard fieldsAfter >= 2, knownAfter, strays <= fieldsAfter else { return self }
                block.end = position
                block.bodyStart = line.end
                block.endedWithEmptyLine = true
                block.endedWithStrayLine = false
                return block
            }
            if bytes[line.start].isWhitespace {
                block.fields[block.fields.count - 1].range =
                    block.fields[block.fields.count - 1].range.lowerBound..<line.end
            } else if let field = Self.fieldStart(bytes, line) {
                block.fields.append(field)
                block.fieldCount += 1
                fieldsAfter += 1
                if !knownAfter { knownAfter = Self.isKnown(field.name, in: bytes) }
            } else {
                strays += 1
                if strays > 64 { return self }
            }
            position = line.end
        }
        return self
    }

    private func finished(headerStart: Int) -> HeaderBlock {
        var block = self
        if block.fieldCount == 0 && !block.endedWithEmptyLine {
            // No header at all: the whole input (From_ line aside) is body. (A MIME part that
            // opens with an empty line has no headers and its body starts after that line.)
            block.end = headerStart
            block.bodyStart = headerStart
            block.endedWithEmptyLine = false
        }
        return block
    }

    /// `Name:` at the start of a line (RFC 5322 field name: printable ASCII except colon; the
    /// obsolete syntax allows blanks before the colon).
    static func fieldStart(_ bytes: [UInt8], _ line: LineSpan) -> HeaderField? {
        var i = line.start
        while i < line.contentEnd {
            let c = bytes[i]
            if c == .colon || c <= 0x20 || c >= 0x7F { break }
            i += 1
        }
        let nameEnd = i
        guard nameEnd > line.start else { return nil }
        while i < line.contentEnd && bytes[i].isWhitespace { i += 1 }
        guard i < line.contentEnd, bytes[i] == .colon else { return nil }
        return HeaderField(name: line.start..<nameEnd, valueStart: i + 1, range: line.start..<line.end)
    }

    /// True when this block makes the input an RFC 822 mail rather than plain text.
    ///
    /// A mbox `From ` line followed by fields is mail. Otherwise at least one well-known field
    /// name is required, and either two or more fields or a proper empty separator line, so an
    /// SMS such as `URGENT: call now` stays text.
    public func looksLikeMail(_ bytes: [UInt8]) -> Bool {
        guard fieldCount > 0 else { return false }
        if fromLine != nil { return true }
        let known = hasKnownField || fields.contains { HeaderBlock.isKnown($0.name, in: bytes) }
        guard known else { return false }
        return fieldCount >= 2 || endedWithEmptyLine
    }

    static func isKnown(_ name: Range<Int>, in bytes: [UInt8]) -> Bool {
        knownNames.contains { ByteScan.equalsIgnoringCase(bytes, name, $0) }
    }

    /// The first field named `name` (lower case), if any.
    public func field(named name: String, in bytes: [UInt8]) -> HeaderField? {
        let lowered = Array(name.lowercased().utf8)
        return fields.first { ByteScan.equalsIgnoringCase(bytes, $0.name, lowered) }
    }

    /// The field's value with folding removed (line breaks dropped, the blanks after them kept)
    /// and surrounding blanks trimmed; at most `limit` bytes of the raw field are looked at.
    public static func unfoldedValue(of field: HeaderField, in bytes: [UInt8], limit: Int = 16 * 1024)
        -> [UInt8]
    {
        let upper = min(field.range.upperBound, field.valueStart + limit)
        var value: [UInt8] = []
        value.reserveCapacity(max(0, upper - field.valueStart))
        var i = field.valueStart
        while i < upper {
            let c = bytes[i]
            if c != .cr && c != .lf { value.append(c) }
            i += 1
        }
        var lower = 0
        var upperIndex = value.count
        while lower < upperIndex && value[lower].isWhitespace { lower += 1 }
        while upperIndex > lower && value[upperIndex - 1].isWhitespace { upperIndex -= 1 }
        return Array(value[lower..<upperIndex])
    }
}
