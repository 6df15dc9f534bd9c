#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Pass-through of a message over the size cap, a chunk at a time, in memory bounded by the cap.
///
/// `PassThroughWriter` needs the whole message in memory, and a message over the cap can be
/// 100 MB of header lines (issue 17, item 4: 1.25 million `X:a` lines used to abort under a
/// 128 MiB limit). This writer gives the same bytes as `PassThroughWriter.insert(oversize: true)`
/// on the whole message: our lines where the header block ends, forged verdict fields dropped up
/// to the first empty line, every other byte as it came. It holds one partial line at most.
///
/// Three things are decided on the first bytes (`prefix`: the cap plus one byte, or more):
/// the line mode, whether the message has a header block at all, and the line ending of our
/// lines. They differ from the whole-message writer's only when the header's first max-size
/// bytes mislead (a CR-only prefix with an LF later). A line whose field name would run past
/// `lineLimit` bytes is taken for a line that is not a field (RFC 5322 lines stop at 998).
///
/// Pure: bytes in, bytes out; the caller reads and writes.
public struct OversizePassThrough {
    public static let lineLimit = 1 << 16

    private enum Phase { case preamble, fromLine, header, body }
    /// What a header line is, decided on its first bytes.
    private enum LineKind {
        case empty, continuation
        case field(drop: Bool)
        case stray
    }

    private let mode: LineMode
    private let names: [[UInt8]]
    /// Our lines, each ending in the header's line ending `eol`.
    private let inserted: [UInt8]
    private let eol: [UInt8]
    /// Written before the first byte when the message has no header block: our lines and an
    /// empty line, so the original follows as the body.
    private var preamble: [UInt8] = []
    private var phase: Phase
    /// The current line's first bytes while its kind is still open.
    private var pending: [UInt8] = []
    /// True while the current line's kind is open (at a line start, or inside `pending`).
    private var deciding = true
    /// The current field is dropped (with its continuation lines).
    private var dropping = false
    private var fieldSeen = false
    private var insertedOurs = false
    /// CR mode: the last line ended in CR; an LF right after belongs to that line.
    private var afterCR = false
    /// The last original byte written: our lines follow a line break.
    private var lastWritten: UInt8?

    /// - Parameter prefix: the message's first bytes (at least the size cap plus one).
    public init(prefix: [UInt8], headerLines: [String], removing names: [String]) {
        let mode = LineMode.detect(prefix, in: 0..<prefix.count)
        self.mode = mode
        self.names = names.map { Array($0.lowercased().utf8) }
        // Judge the header on whole lines only: a field cut at the prefix's end is no stray line.
        let cut = Self.endOfLastLine(prefix, mode: mode)
        let whole = Array(prefix[..<cut])
        let header = HeaderBlock.parse(whole, in: 0..<whole.count, allowFromLine: true, keepFields: false)
        if PassThroughWriter.isHeader(header, of: whole, oversize: true) {
            let lineEnd = HeaderScan(whole, header: header, removing: names).eol
            eol = lineEnd
            inserted = headerLines.flatMap { Array($0.utf8) + lineEnd }
            phase = header.fromLine == nil ? .header : .fromLine
        } else {
            let lineEnd = PassThroughWriter.lineEnding(of: prefix, in: 0..<prefix.count, mode: mode)
            eol = lineEnd
            inserted = []
            preamble = headerLines.flatMap { Array($0.utf8) + lineEnd } + lineEnd
            phase = .preamble
        }
    }

    /// Appends to `out` what `chunk` (the next bytes of the message) turns into.
    public mutating func process(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var i = 0
        let count = chunk.count
        while i < count {
            switch phase {
            case .preamble:
                out += preamble
                phase = .body
            case .body:
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[i...]))
                lastWritten = chunk[count - 1]
                return
            case .fromLine:
                let byte = chunk[i]
                i += 1
                if afterCR {
                    afterCR = false
                    phase = .header
                    if byte == .lf {
                        write(byte, into: &out)
                        continue
                    }
                    i -= 1
                    continue
                }
                write(byte, into: &out)
                if byte == .lf {
                    phase = .header
                } else if byte == .cr && mode == .cr {
                    afterCR = true
                }
            case .header:
                let byte = chunk[i]
                i += 1
                if afterCR {
                    afterCR = false
                    if byte == .lf {
                        if !dropping { write(byte, into: &out) }
                        continue
                    }
                }
                if deciding {
                    pending.append(byte)
                    let ends = endsLine(byte)
                    if let kind = classify(terminated: ends, complete: ends) {
                        take(kind, terminated: ends, into: &out)
                    }
                } else {
                    // The rest of a line whose kind is known: copied (or skipped) in one go.
                    i -= 1
                    let terminator = nextLineEnd(in: chunk, from: i)
                    let stop = terminator.map { $0 + 1 } ?? count
                    if !dropping {
                        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[i..<stop]))
                        lastWritten = chunk[stop - 1]
                    }
                    if let terminator { endLine(chunk[terminator]) }
                    i = stop
                }
            }
        }
    }

    /// Appends the end: a last line without a line break, and our lines if the header ran to
    /// the end of the message.
    public mutating func finish(into out: inout [UInt8]) {
        if phase == .preamble {
            out += preamble
            phase = .body
        }
        guard phase == .header || phase == .fromLine else { return }
        if deciding && !pending.isEmpty, let kind = classify(terminated: false, complete: true) {
            take(kind, terminated: false, into: &out)
        }
        insertOurs(into: &out)
    }

    private func endsLine(_ byte: UInt8) -> Bool {
        byte == .lf || (byte == .cr && mode == .cr)
    }

    /// The index of the next byte that ends a line, from `start` on.
    private func nextLineEnd(in chunk: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = chunk.baseAddress, start < chunk.count else { return nil }
        if mode == .lf {
            guard let hit = memchr(base + start, Int32(UInt8.lf), chunk.count - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        var i = start
        while i < chunk.count {
            if chunk[i] == .lf || chunk[i] == .cr { return i }
            i += 1
        }
        return nil
    }

    private mutating func endLine(_ byte: UInt8) {
        deciding = true
        afterCR = byte == .cr
    }

    private mutating func write(_ byte: UInt8, into out: inout [UInt8]) {
        out.append(byte)
        lastWritten = byte
    }

    /// The kind of the line in `pending`, or nil while its first bytes leave it open.
    private func classify(terminated: Bool, complete: Bool) -> LineKind? {
        guard let first = pending.first else { return nil }
        if first.isWhitespace { return .continuation }
        let last = pending[pending.count - 1]
        guard complete || last == .colon || pending.count >= Self.lineLimit else { return nil }
        var contentEnd = pending.count
        if terminated {
            contentEnd -= 1
            if mode == .lf && contentEnd > 0 && pending[contentEnd - 1] == .cr { contentEnd -= 1 }
        }
        if contentEnd == 0 { return .empty }
        let line = LineSpan(start: 0, contentEnd: contentEnd, end: pending.count)
        guard HeaderBlock.fieldStart(pending, line) != nil else { return .stray }
        return .field(drop: HeaderScan.isField(pending, line, namedAnyOf: names))
    }

    /// Acts on a line's kind: where the header ends our lines go in; a dropped field's bytes
    /// are not written.
    private mutating func take(_ kind: LineKind, terminated: Bool, into out: inout [UInt8]) {
        switch kind {
        case .empty:
            insertOurs(into: &out)
            out += pending
            lastWritten = pending.last
            pending.removeAll(keepingCapacity: true)
            phase = .body
            return
        case .continuation:
            if !fieldSeen { insertOurs(into: &out) }
        case .field(let drop):
            fieldSeen = true
            dropping = drop
        case .stray:
            insertOurs(into: &out)
            dropping = false
        }
        if !dropping {
            out += pending
            lastWritten = pending.last
        }
        let lastByte = pending.last
        pending.removeAll(keepingCapacity: true)
        if terminated, let lastByte {
            endLine(lastByte)
        } else {
            deciding = false
        }
    }

    private mutating func insertOurs(into out: inout [UInt8]) {
        guard !insertedOurs else { return }
        insertedOurs = true
        if let last = lastWritten, !(last == .lf || (last == .cr && mode == .cr)) { out += eol }
        out += inserted
    }

    /// The index just past the last line break in `bytes` (0 if none).
    private static func endOfLastLine(_ bytes: [UInt8], mode: LineMode) -> Int {
        var i = bytes.count
        while i > 0 {
            let byte = bytes[i - 1]
            if byte == .lf || (byte == .cr && mode == .cr) { return i }
            i -= 1
        }
        return 0
    }
}
