/// Little-endian binary writing for the project's file formats (vocabulary, model).
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: Float) { write(value.bitPattern) }
    public mutating func write(_ value: Double) { write(value.bitPattern) }

    public mutating func write(bytes other: some Collection<UInt8>) { bytes.append(contentsOf: other) }

    /// A UTF-8 string preceded by its byte length (UInt32).
    public mutating func write(string: String) {
        let utf8 = Array(string.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Pads with zero bytes to a multiple of `alignment`.
    public mutating func align(to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}

/// Bounds-checked little-endian reading: every read past the end throws, so a truncated or
/// hostile file yields an error, never an out-of-bounds access.
public struct ByteReader {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset: Int = 0

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    public mutating func read<T: FixedWidthInteger>(_: T.Type) throws(ByteReaderError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated(at: offset) }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    public mutating func readFloat() throws(ByteReaderError) -> Float {
        Float(bitPattern: try read(UInt32.self))
    }

    public mutating func readDouble() throws(ByteReaderError) -> Double {
        Double(bitPattern: try read(UInt64.self))
    }

    /// `count` raw bytes as a slice of the underlying buffer (no copy).
    public mutating func readBytes(_ count: Int) throws(ByteReaderError) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw .truncated(at: offset) }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// A length-prefixed UTF-8 string; `limit` guards against absurd lengths in corrupt files.
    public mutating func readString(limit: Int = 1 << 20) throws(ByteReaderError) -> String {
        let length = Int(try read(UInt32.self))
        guard length <= limit else { throw .implausible("string of \(length) bytes", at: offset) }
        let raw = try readBytes(length)
        return String(decoding: raw, as: UTF8.self)
    }

    public mutating func skip(to alignment: Int) throws(ByteReaderError) {
        let pad = (alignment - offset % alignment) % alignment
        _ = try readBytes(pad)
    }
}

/// A read past the end of the data or an absurd size field.
public enum ByteReaderError: Error, CustomStringConvertible, Sendable {
    case truncated(at: Int)
    case implausible(String, at: Int)

    public var description: String {
        switch self {
        case .truncated(let offset): "truncated at byte \(offset)"
        case .implausible(let what, let offset): "implausible \(what) at byte \(offset)"
        }
    }
}

/// CRC-32 (IEEE 802.3, the zlib/PNG polynomial), to detect corrupt files.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for b in bytes { crc = t[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
