/// The templates of the marked messages (`MessageTemplate`), as the store mirrors them into a
/// file beside itself for deliveries, which read it without opening SQLite. Pure: bytes in,
/// lookups out.
///
/// Format: a first line `smsfilter-templates v1`, then one line per template, sorted by key:
/// 16 lowercase hex digits, a tab, `s` (marked spam) or `h` (marked ham), a newline. Every
/// line is 19 bytes, so a lookup is a binary search over the lines. A file without the first
/// line or of another length is refused as a whole (nil); a line out of shape that a lookup
/// meets makes that lookup find nothing. A delivery checks only the lines it reads, so a list of
/// any size costs it a few dozen of them.
public struct TemplateList: @unchecked Sendable {
    public static let magic = "smsfilter-templates v1\n"
    static let lineLength = 19

    /// The list's bytes, valid while `owner` lives (a mapping of the file, or a copy).
    let bytes: UnsafeRawBufferPointer
    let owner: AnyObject

    /// The list in `bytes`, or nil when they are not a whole template list.
    public init?(bytes: [UInt8]) {
        let copy = OwnedBytes(bytes)
        self.init(buffer: copy.buffer, owner: copy)
    }

    /// The list in `buffer` (a mapped file: a lookup then reads a few of its pages, not all),
    /// kept valid by `owner`; nil when it is not a whole template list.
    public init?(buffer: UnsafeRawBufferPointer, owner: AnyObject) {
        let magic = Array(Self.magic.utf8)
        guard buffer.count >= magic.count, buffer.starts(with: magic),
            (buffer.count - magic.count) % Self.lineLength == 0
        else { return nil }
        self.bytes = buffer
        self.owner = owner
    }

    /// The file's bytes for `marks` in the order they were made: a later mark of the same
    /// template wins (the user changed their mind, or a relabel).
    public static func encode(_ marks: [(key: UInt64, isSpam: Bool)]) -> [UInt8] {
        var latest: [UInt64: Bool] = [:]
        for mark in marks { latest[mark.key] = mark.isSpam }
        var out = Array(magic.utf8)
        out.reserveCapacity(out.count + latest.count * lineLength)
        for key in latest.keys.sorted() {
            out += hex(key)
            out.append(0x09)
            out.append(UInt8(ascii: latest[key]! ? "s" : "h"))
            out.append(0x0A)
        }
        return out
    }

    /// Whether the template with `key` was marked spam (true) or ham (false); nil when unmarked.
    public func isSpam(key: UInt64) -> Bool? {
        let wanted = Self.hex(key)
        let first = Self.magic.utf8.count
        var low = 0
        var high = (bytes.count - first) / Self.lineLength
        while low < high {
            let middle = (low + high) / 2
            let start = first + middle * Self.lineLength
            let line = bytes[start..<start + 16]
            let label = bytes[start + 17]
            guard bytes[start + 16] == 0x09, bytes[start + 18] == 0x0A,
                label == UInt8(ascii: "s") || label == UInt8(ascii: "h"), line.allSatisfy(Self.isHexDigit)
            else { return nil }
            if line.elementsEqual(wanted) { return label == UInt8(ascii: "s") }
            if line.lexicographicallyPrecedes(wanted) { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// How many templates the list holds.
    public var count: Int { (bytes.count - Self.magic.utf8.count) / Self.lineLength }

    /// Bytes of its own for a list made from an array.
    final class OwnedBytes {
        let buffer: UnsafeRawBufferPointer

        init(_ bytes: [UInt8]) {
            let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            memory.copyBytes(from: bytes)
            buffer = UnsafeRawBufferPointer(rebasing: memory[0..<bytes.count])
        }

        deinit { buffer.deallocate() }
    }

    static func hex(_ key: UInt64) -> [UInt8] {
        (0..<16).map { hexDigits[Int((key >> UInt64(60 - 4 * $0)) & 0xf)] }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
    }
}
