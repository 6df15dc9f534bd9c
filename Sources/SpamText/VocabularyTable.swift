#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A vocabulary's tokens and the table that finds a token's id, laid out as a model file keeps
/// them, so that a delivery can read them in place from the mapped file instead of building them
/// (building the table for the bundled model's 11,311 tokens was a fifth of an SMS delivery's
/// CPU time):
///
///     token block  UInt32 count, then count × (UInt32 byte length, UTF-8 bytes), in id order
///     index        UInt32 slot count S (a power of two, at least twice the token count),
///                  count + 1 × UInt32 where each token's bytes start in the block (the
///                  last: the block's size + 4, where a next token's bytes would start),
///                  S × Int32 slots: open addressing with linear probing from `hash(token) mod S`,
///                  an id or -1 for an empty slot; of equal tokens the first id is in the table
///
/// Read in place, the bytes are another program's: every read is bounds-checked (a bad offset
/// reads as no token, a probe never passes S slots), so a damaged file gives wrong ids, never a
/// crash. Whether the index matches its tokens is checked when the file's checksum is
/// (`indexMatches`).
struct VocabularyTable: @unchecked Sendable {
    /// Keeps the bytes alive: the mapping, or the table's own allocation (nil: the caller does).
    private let owner: AnyObject?
    /// The token block.
    let block: UnsafeRawBufferPointer
    /// Token `i`'s bytes are `block[offsets[i] ..< offsets[i + 1] - 4]` (little-endian UInt32s):
    /// a token's length is known without reading the block, which a probe then reads only for
    /// a token of the length sought.
    private let offsets: UnsafeRawBufferPointer
    /// `mask + 1` little-endian Int32 slots.
    private let slots: UnsafeRawBufferPointer
    let count: Int
    private let mask: Int

    /// Most slots an index may have (a vocabulary file allows 10 million tokens).
    static let maxSlots = 1 << 25

    /// Slots for `count` tokens: at least two per token (load ≤ 1/2), at least 16.
    static func slotCount(for count: Int) -> Int {
        var size = 16
        while size < 2 * count { size *= 2 }
        return size
    }

    /// A table of its own over a token block already checked (`TokenBlock.check`): the block
    /// copied, the offsets and slots built.
    init(ownedBlock source: UnsafeRawBufferPointer, count: Int) {
        let slotCount = Self.slotCount(for: count)
        let blockSize = (source.count + 3) & ~3
        let storage = Storage(byteCount: blockSize + 4 * (count + 1) + 4 * slotCount)
        let base = storage.raw.baseAddress!
        base.copyMemory(from: source.baseAddress!, byteCount: source.count)
        let offsets = UnsafeMutableRawBufferPointer(start: base + blockSize, count: 4 * (count + 1))
        let slots = UnsafeMutableRawBufferPointer(
            start: base + blockSize + 4 * (count + 1), count: 4 * slotCount)
        var offset = 4
        for id in 0...count {
            offsets.storeBytes(of: UInt32(offset + 4).littleEndian, toByteOffset: 4 * id, as: UInt32.self)
            guard id < count else { break }
            offset +=
                4 + Int(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }
        self.owner = storage
        self.block = UnsafeRawBufferPointer(start: base, count: source.count)
        self.offsets = UnsafeRawBufferPointer(offsets)
        self.slots = UnsafeRawBufferPointer(slots)
        self.count = count
        self.mask = slotCount - 1
        fillSlots(slots)
    }

    /// A table read in place: `block` the token block, `index` the index after it (its size
    /// checked against the token count by `TokenBlock.checkIndex`), `owner` what keeps them mapped.
    init(
        mappedBlock block: UnsafeRawBufferPointer, count: Int, index: UnsafeRawBufferPointer,
        owner: AnyObject?
    ) {
        let slotCount = Int(UInt32(littleEndian: index.loadUnaligned(as: UInt32.self)))
        self.owner = owner
        self.block = block
        let slotsStart = 4 + 4 * (count + 1)
        self.offsets = UnsafeRawBufferPointer(rebasing: index[4..<slotsStart])
        self.slots = UnsafeRawBufferPointer(rebasing: index[slotsStart..<(slotsStart + 4 * slotCount)])
        self.count = count
        self.mask = slotCount - 1
    }

    /// Inserts every id in id order: the hashes first (no branch that depends on the table),
    /// then the insertions, whose probes are what a fuller table makes unpredictable.
    private func fillSlots(_ table: UnsafeMutableRawBufferPointer) {
        for s in 0...mask {
            table.storeBytes(of: Int32(-1).littleEndian, toByteOffset: 4 * s, as: Int32.self)
        }
        let homes = (0..<count).map { id in bytes(of: id).map { Int(Self.hash($0) & UInt64(mask)) } ?? 0 }
        for id in 0..<count {
            guard let token = bytes(of: id) else { continue }
            var s = homes[id]
            while true {
                let other = slot(at: s)
                if other < 0 {
                    table.storeBytes(of: Int32(id).littleEndian, toByteOffset: 4 * s, as: Int32.self)
                    break
                }
                // The first of equal tokens keeps its place, as a dictionary filled in id order would.
                if let b = bytes(of: Int(other)), Self.equal(b, token) { break }
                s = (s + 1) & mask
            }
        }
    }

    @inline(__always)
    private func slot(at s: Int) -> Int32 {
        Int32(littleEndian: slots.loadUnaligned(fromByteOffset: 4 * s, as: Int32.self))
    }

    /// Token `id`'s UTF-8 bytes, or nil when the table does not hold them.
    @inline(__always)
    func bytes(of id: Int) -> UnsafeRawBufferPointer? {
        guard id >= 0, id < count else { return nil }
        let start = Int(UInt32(littleEndian: offsets.loadUnaligned(fromByteOffset: 4 * id, as: UInt32.self)))
        let end =
            Int(UInt32(littleEndian: offsets.loadUnaligned(fromByteOffset: 4 * id + 4, as: UInt32.self))) - 4
        guard start >= 8, start <= end, end <= block.count else { return nil }
        return UnsafeRawBufferPointer(rebasing: block[start..<end])
    }

    /// The id of the token with these UTF-8 bytes, or nil.
    func id(of token: UnsafeRawBufferPointer) -> Int32? {
        var s = Int(Self.hash(token) & UInt64(mask))
        for _ in 0...mask {
            let id = slot(at: s)
            if id < 0 { return nil }
            if let b = bytes(of: Int(id)), Self.equal(b, token) { return id }
            s = (s + 1) & mask
        }
        return nil
    }

    /// Byte equality by `memcmp` (the generic `elementsEqual` goes a byte at a time).
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// The index (slot count, offsets, slots), as `init(mappedBlock:count:index:owner:)` reads it.
    func writeIndex(into writer: inout ByteWriter) {
        writer.write(UInt32(mask + 1))
        writer.write(bytes: offsets)
        writer.write(bytes: slots)
    }

    /// Whether `other` has the same offsets and slots: a mapped index is the one its tokens give.
    func indexMatches(_ other: VocabularyTable) -> Bool {
        count == other.count && mask == other.mask && offsets.elementsEqual(other.offsets)
            && slots.elementsEqual(other.slots)
    }

    /// A multiply–xorshift hash over 8 bytes at a time; the last 1–8 bytes count as one
    /// little-endian word. Model files keep tables built with it: changing it is a change of
    /// the file format.
    @inline(__always)
    static func hash(_ token: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(token.count) &* k
        var p = 0
        let end = token.count
        while p + 8 < end {
            h = (h ^ UInt64(littleEndian: token.loadUnaligned(fromByteOffset: p, as: UInt64.self))) &* k
            h ^= h >> 32
            p += 8
        }
        guard p < end else { return h ^ (h >> 29) }
        var word: UInt64 = 0
        var shift: UInt64 = 0
        while p < end {
            word |= UInt64(token[p]) << shift
            shift += 8
            p += 1
        }
        h = (h ^ word) &* k
        h ^= h >> 32
        return h ^ (h >> 29)
    }

    /// Memory of the table's own.
    private final class Storage {
        let raw: UnsafeMutableRawBufferPointer
        init(byteCount: Int) {
            raw = .allocate(byteCount: max(byteCount, 4), alignment: 8)
            raw.initializeMemory(as: UInt8.self, repeating: 0)
        }
        deinit { raw.deallocate() }
    }
}

/// Checks of a token block and its index as they come from a file.
enum TokenBlock {
    /// Walks the token block at the reader (count, then length-prefixed tokens), checking each
    /// length against the bytes present and the reserved tokens; returns where it is and its
    /// token count.
    static func check(_ reader: inout ByteReader, maxTokens: Int) throws(ByteReaderError) -> (
        range: Range<Int>, count: Int
    ) {
        let start = reader.offset
        let count = Int(try reader.read(UInt32.self))
        // Each token takes at least 4 bytes, so a count the data cannot hold is rejected early.
        guard count >= 2, count <= maxTokens, count * 4 <= reader.remaining else {
            throw .implausible("token count \(count)", at: reader.offset)
        }
        var padding = UnsafeRawBufferPointer(start: nil, count: 0)
        var unknown = padding
        for id in 0..<count {
            let length = Int(try reader.read(UInt32.self))
            guard length <= 4096 else { throw .implausible("string of \(length) bytes", at: reader.offset) }
            let token = try reader.readBytes(length)
            if id == 0 { padding = token } else if id == 1 { unknown = token }
        }
        guard padding.elementsEqual(Vocabulary.paddingToken.utf8),
            unknown.elementsEqual(Vocabulary.unknownToken.utf8)
        else {
            throw .implausible("reserved tokens", at: reader.offset)
        }
        return (start..<reader.offset, count)
    }

    /// Reads past an index for `count` tokens at the reader, checking its slot count; returns
    /// where it is.
    static func checkIndex(_ reader: inout ByteReader, count: Int) throws(ByteReaderError) -> Range<Int> {
        let start = reader.offset
        let slotCount = Int(try reader.read(UInt32.self))
        guard slotCount >= 2 * count, slotCount <= VocabularyTable.maxSlots, slotCount & (slotCount - 1) == 0
        else {
            throw .implausible(
                "vocabulary index of \(slotCount) slots for \(count) tokens", at: reader.offset)
        }
        _ = try reader.readBytes(4 * (count + 1) + 4 * slotCount)
        return start..<reader.offset
    }
}
