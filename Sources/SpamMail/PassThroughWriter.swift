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
/// - Mail: the new fields go at the end of the header block, in the message's own line ending.
///   Existing fields with the names in `removing` (and their folded continuation lines) are
///   dropped first, so a sender cannot forge a verdict. If the header block's last line has no
///   line break (a message that is only headers, with no final newline), one is added before the
///   new fields.
/// - Anything else (plain SMS text, a body with no header block, empty input): the new fields and
///   an empty line are put in front, so the result is a well-formed mail whose body is the
///   original bytes, exactly. Recipes that test `^X-Spam-Flag: YES` then work on SMS text too.
public enum PassThroughWriter {
    public static func insert(
        headerLines: [String], into original: [UInt8], header: HeaderBlock, removing names: [String]
    ) -> PassThroughOutput {
        let all = 0..<original.count
        guard header.looksLikeMail(original) else {
            let eol = lineEnding(of: original, in: all, mode: header.mode)
            var prefix: [UInt8] = []
            for line in headerLines { prefix += Array(line.utf8) + eol }
            prefix += eol
            var pieces: [PassThroughOutput.Piece] = [.inserted(prefix)]
            if !original.isEmpty { pieces.append(.original(all)) }
            return PassThroughOutput(pieces: pieces)
        }
        let lowered = names.map { Array($0.lowercased().utf8) }
        var pieces: [PassThroughOutput.Piece] = []
        var copyFrom = 0
        var lastKeptLine: Range<Int>? = nil
        for field in header.fields {
            if lowered.contains(where: { ByteScan.equalsIgnoringCase(original, field.name, $0) }) {
                if field.range.lowerBound > copyFrom {
                    pieces.append(.original(copyFrom..<field.range.lowerBound))
                }
                copyFrom = field.range.upperBound
            } else {
                lastKeptLine = field.range
            }
        }
        if header.end > copyFrom { pieces.append(.original(copyFrom..<header.end)) }
        // The line ending of the last kept field (or the first line) is the one we write.
        var eol = lineEnding(
            of: original, in: lastKeptLine ?? all, mode: header.mode, fromEnd: lastKeptLine != nil)
        if lastKeptLine == nil, let fromLine = header.fromLine {
            eol = lineEnding(of: original, in: fromLine, mode: header.mode)
        }
        var inserted: [UInt8] = []
        let keptEndsWithBreak: Bool = {
            // What precedes the insertion point in the output?
            var i = pieces.count - 1
            while i >= 0 {
                if case .original(let range) = pieces[i], !range.isEmpty {
                    let last = original[range.upperBound - 1]
                    return last == .lf || last == .cr
                }
                i -= 1
            }
            return true
        }()
        if !keptEndsWithBreak { inserted += eol }
        for line in headerLines { inserted += Array(line.utf8) + eol }
        pieces.append(.inserted(inserted))
        if header.end < original.count {
            pieces.append(.original(max(header.end, copyFrom)..<original.count))
        }
        return PassThroughOutput(pieces: pieces)
    }

    /// The line break bytes ending the first line of `range` (or, with `fromEnd`, the last one);
    /// LF when there is none.
    static func lineEnding(of bytes: [UInt8], in range: Range<Int>, mode: LineMode, fromEnd: Bool = false)
        -> [UInt8]
    {
        guard !range.isEmpty else { return [.lf] }
        if fromEnd {
            let last = bytes[range.upperBound - 1]
            if last == .lf {
                return range.count >= 2 && bytes[range.upperBound - 2] == .cr ? [.cr, .lf] : [.lf]
            }
            if last == .cr { return [.cr] }
            return lineEnding(of: bytes, in: range, mode: mode)
        }
        let line = ByteScan.line(in: bytes, at: range.lowerBound, end: range.upperBound, mode: mode)
        guard line.isTerminated else { return mode == .cr ? [.cr] : [.lf] }
        return Array(bytes[line.contentEnd..<line.end])
    }
}
