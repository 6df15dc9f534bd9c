/// What goes to stdout in pass-through mode: runs of the original bytes and inserted bytes.
/// Kept as pieces so a 50 MiB message is written without building a second copy.
public struct PassThroughOutput: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case original(Range<Int>)
        case inserted([UInt8])
    }

    public var pieces: [Piece]

    /// The whole output as one array (for tests and small messages).
    public func bytes(original: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(original.count + 256)
        for piece in pieces {
            switch piece {
            case .original(let range): out.append(contentsOf: original[range])
            case .inserted(let bytes): out.append(contentsOf: bytes)
            }
        }
        return out
    }

    /// The original, unchanged.
    public static func unchanged(_ original: [UInt8]) -> PassThroughOutput {
        PassThroughOutput(pieces: original.isEmpty ? [] : [.original(0..<original.count)])
    }
}

/// Inserts verdict header lines into a message without changing any other byte.
///
/// - Mail: the new fields go at the end of the header block, in the header's line ending (LF
///   when any header line ends in a bare LF, CRLF when they all end in CRLF, CR in a CR-only
///   message). Existing fields with the names in `removing` (and their folded continuation lines)
///   are dropped first, anywhere before the first empty line, where MDAs see the header end (also
///   after a line that is not a field), so a sender cannot forge a verdict. If the header block's
///   last line has no line break (a message that is only headers, with no final newline), one is
///   added before the new fields.
/// - Anything else (plain SMS text, a body with no header block, empty input): the new fields and
///   an empty line are put in front, so the result is a well-formed mail whose body is the
///   original bytes, exactly. Recipes that test `^X-Spam-Flag: YES` then work on SMS text too.
public enum PassThroughWriter {
    /// - Parameter oversize: the message is over the size cap (no SMS is that long), so a block of
    ///   fields running to the end of the input is a header too.
    public static func insert(
        headerLines: [String], into original: [UInt8], header: HeaderBlock, removing names: [String],
        oversize: Bool = false
    ) -> PassThroughOutput {
        let all = 0..<original.count
        guard isHeader(header, of: original, oversize: oversize) else {
            let eol = lineEnding(of: original, in: all, mode: header.mode)
            var prefix: [UInt8] = []
            for line in headerLines { prefix += Array(line.utf8) + eol }
            prefix += eol
            var pieces: [PassThroughOutput.Piece] = [.inserted(prefix)]
            if !original.isEmpty { pieces.append(.original(all)) }
            return PassThroughOutput(pieces: pieces)
        }
        let scan = HeaderScan(original, header: header, removing: names)
        // Everything but the dropped fields, with our lines at the header block's end.
        var pieces: [PassThroughOutput.Piece] = []
        var copyFrom = 0
        var insertedAt: Int? = nil
        func insertHere() {
            // A line break before ours: in an LF message only an LF is one (a header that ends
            // in a lone CR would put our line inside the last one, as MDAs read it).
            let keptEndsWithBreak: Bool = {
                guard let last = lastOriginalByte(pieces, original) else { return true }
                return last == .lf || (last == .cr && header.mode == .cr)
            }()
            var inserted: [UInt8] = []
            if !keptEndsWithBreak { inserted += scan.eol }
            for line in headerLines { inserted += Array(line.utf8) + scan.eol }
            pieces.append(.inserted(inserted))
        }
        for dropped in scan.dropped {
            if insertedAt == nil && dropped.lowerBound >= header.end {
                if header.end > copyFrom { pieces.append(.original(copyFrom..<header.end)) }
                copyFrom = max(copyFrom, header.end)
                insertHere()
                insertedAt = header.end
            }
            if dropped.lowerBound > copyFrom { pieces.append(.original(copyFrom..<dropped.lowerBound)) }
            copyFrom = max(copyFrom, dropped.upperBound)
        }
        if insertedAt == nil {
            if header.end > copyFrom { pieces.append(.original(copyFrom..<header.end)) }
            copyFrom = max(copyFrom, header.end)
            insertHere()
        }
        if copyFrom < original.count { pieces.append(.original(copyFrom..<original.count)) }
        return PassThroughOutput(pieces: pieces)
    }

    /// Whether the verdict goes after a header block (true) or in front of the message, with an
    /// empty line (false). A mail by `looksLikeMail`; also two or more fields closed by an empty
    /// line (names unknown to us, `X-Pad-1: ...`, are still a header: putting an empty line
    /// above them would move them into the body), or, over the size cap, running to the end.
    static func isHeader(_ header: HeaderBlock, of original: [UInt8], oversize: Bool) -> Bool {
        if header.looksLikeMail(original) { return true }
        guard header.fieldCount >= 2, !header.endedWithStrayLine else { return false }
        return header.endedWithEmptyLine || (oversize && header.end == original.count)
    }

    private static func lastOriginalByte(_ pieces: [PassThroughOutput.Piece], _ original: [UInt8]) -> UInt8? {
        for piece in pieces.reversed() {
            if case .original(let range) = piece, !range.isEmpty { return original[range.upperBound - 1] }
        }
        return nil
    }

    /// The line break bytes ending the first line of `range`; LF when there is none (CR in a
    /// CR-only message).
    static func lineEnding(of bytes: [UInt8], in range: Range<Int>, mode: LineMode) -> [UInt8] {
        guard !range.isEmpty else { return [.lf] }
        let line = ByteScan.line(in: bytes, at: range.lowerBound, end: range.upperBound, mode: mode)
        guard line.isTerminated else { return mode == .cr ? [.cr] : [.lf] }
        return Array(bytes[line.contentEnd..<line.end])
    }
}

/// One pass over a header block as an MDA reads it: from the first field (after a mbox `From `
/// line) to the first empty line, including lines past a line that is not a field. Finds the
/// fields to drop and the line ending to write. Keeps only the dropped ranges, so a header of
/// millions of lines costs one scan and no memory per line.
struct HeaderScan {
    /// Whole fields (with continuation lines and line break) to leave out, in order; adjacent
    /// ones merged.
    var dropped: [Range<Int>] = []
    /// The line break for inserted lines.
    var eol: [UInt8]

    init(_ bytes: [UInt8], header: HeaderBlock, removing names: [String]) {
        let lowered = names.map { Array($0.lowercased().utf8) }
        var position = header.fromLine?.upperBound ?? 0
        let end = bytes.count
        var sawLF = false
        var sawCRLF = false
        var dropping = false
        while position < end {
            let line = ByteScan.line(in: bytes, at: position, end: end, mode: header.mode)
            if line.isEmpty { break }
            if line.isTerminated && bytes[line.end - 1] == .lf {
                if line.end - line.contentEnd == 2 { sawCRLF = true } else { sawLF = true }
            }
            let continuation = bytes[line.start].isWhitespace
            if !continuation {
                dropping = Self.isField(bytes, line, namedAnyOf: lowered)
            }
            if dropping {
                if let last = dropped.last, last.upperBound == line.start {
                    dropped[dropped.count - 1] = last.lowerBound..<line.end
                } else {
                    dropped.append(line.start..<line.end)
                }
            }
            position = line.end
        }
        if header.mode == .cr {
            eol = [.cr]
        } else if sawCRLF && !sawLF {
            eol = [.cr, .lf]
        } else if !sawCRLF && !sawLF, let fromLine = header.fromLine {
            eol = PassThroughWriter.lineEnding(of: bytes, in: fromLine, mode: header.mode)
        } else {
            eol = [.lf]
        }
    }

    /// `Name:` (blanks allowed before the colon) with a name in `names` (lower case).
    static func isField(_ bytes: [UInt8], _ line: LineSpan, namedAnyOf names: [[UInt8]]) -> Bool {
        for name in names where line.contentEnd - line.start > name.count {
            var i = 0
            while i < name.count && bytes[line.start + i].asciiLowercased == name[i] { i += 1 }
            guard i == name.count else { continue }
            var k = line.start + i
            while k < line.contentEnd && bytes[k].isWhitespace { k += 1 }
            if k < line.contentEnd && bytes[k] == .colon { return true }
        }
        return false
    }
}
