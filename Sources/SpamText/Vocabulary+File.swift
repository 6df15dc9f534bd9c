/// The vocabulary file format, version 1 (all integers little-endian):
///
///     magic     8 bytes  "SMSVOCAB"
///     version   UInt32   1
///     count     UInt32   number of tokens, reserved ones included
///     tokens    count × (UInt32 byte length, UTF-8 bytes), in id order
///     crc32     UInt32   CRC-32 of every byte before it
///
/// Model files embed the same token block, so a vocabulary can also be read out of a model.
extension Vocabulary {
    public static let fileMagic: [UInt8] = Array("SMSVOCAB".utf8)
    public static let fileVersion: UInt32 = 1
    /// No real vocabulary comes near this; a larger count means a corrupt or hostile file.
    static let maxFileTokens = 10_000_000

    /// The file bytes of this vocabulary.
    public func fileBytes() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(bytes: Self.fileMagic)
        writer.write(Self.fileVersion)
        writeTokenBlock(into: &writer)
        let crc = CRC32.checksum(writer.bytes)
        writer.write(crc)
        return writer.bytes
    }

    /// Reads a vocabulary file, checking magic, version, sizes and checksum.
    public init(fileBytes bytes: [UInt8]) throws(VocabularyFileError) {
        guard bytes.count >= Self.fileMagic.count + 12 else { throw .truncated }
        guard Array(bytes.prefix(8)) == Self.fileMagic else { throw .notAVocabulary }
        let stored = bytes.withUnsafeBytes { raw in
            raw.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self).littleEndian
        }
        let computed = bytes.withUnsafeBytes { raw in
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<(bytes.count - 4)]))
        }
        var result: Result<Vocabulary, VocabularyFileError> = .failure(.truncated)
        bytes.withUnsafeBytes { raw in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[0..<(bytes.count - 4)]))
            do throws(ByteReaderError) {
                _ = try reader.readBytes(8)
                let version = try reader.read(UInt32.self)
                guard version == Self.fileVersion else {
                    result = .failure(.unsupportedVersion(version))
                    return
                }
                // Check the checksum after the version, so a newer file says "newer", not "corrupt".
                guard stored == computed else {
                    result = .failure(.checksumMismatch)
                    return
                }
                let vocabulary = try Vocabulary(readingTokenBlock: &reader)
                guard reader.remaining == 0 else {
                    result = .failure(.malformed("\(reader.remaining) unexpected bytes at the end"))
                    return
                }
                result = .success(vocabulary)
            } catch {
                result = .failure(.malformed(error.description))
            }
        }
        self = try result.get()
    }

    /// Writes the token count and tokens (the part shared with model files).
    public func writeTokenBlock(into writer: inout ByteWriter) {
        writer.write(UInt32(count))
        for id in 0..<count { writer.write(string: token(at: id)) }
    }

    /// Reads what `writeTokenBlock` wrote.
    public init(readingTokenBlock reader: inout ByteReader) throws(ByteReaderError) {
        let count = Int(try reader.read(UInt32.self))
        // Each token takes at least 4 bytes, so a count the data cannot hold is rejected early.
        guard count >= 2, count <= Self.maxFileTokens, count * 4 <= reader.remaining else {
            throw .implausible("token count \(count)", at: reader.offset)
        }
        // Copied as bytes, not decoded into strings: see `Vocabulary`. Two passes: the lengths
        // (checked against the bytes present), then one copy per token into a buffer of the
        // final size (appending token by token cost a delivery more than the copying).
        let blockStart = reader.offset
        var starts: [Int32] = [0]
        starts.reserveCapacity(count + 1)
        var total = 0
        for _ in 0..<count {
            let length = Int(try reader.read(UInt32.self))
            guard length <= 4096 else { throw .implausible("string of \(length) bytes", at: reader.offset) }
            _ = try reader.readBytes(length)
            total += length
            starts.append(Int32(total))
        }
        let block = reader.bytes
        // 16 bytes of slack: a token of up to 16 bytes is copied as two 8-byte words, its excess
        // overwritten by the next token (a memcpy call per token cost more than the copying).
        var bytes = [UInt8](unsafeUninitializedCapacity: total + 16) { buffer, initialized in
            let out = UnsafeMutableRawPointer(buffer.baseAddress!)
            let source = block.baseAddress!
            var offset = blockStart
            for id in 0..<count {
                let length = Int(starts[id + 1] - starts[id])
                let to = out + Int(starts[id])
                let from = offset + 4
                if length <= 16 && from + 16 <= block.count {
                    to.storeBytes(
                        of: source.loadUnaligned(fromByteOffset: from, as: UInt64.self), as: UInt64.self)
                    (to + 8).storeBytes(
                        of: source.loadUnaligned(fromByteOffset: from + 8, as: UInt64.self), as: UInt64.self)
                } else if length > 0 {
                    to.copyMemory(from: source + from, byteCount: length)
                }
                offset = from + length
            }
            initialized = total + 16
        }
        bytes.removeLast(16)
        guard bytes[0..<Int(starts[1])].elementsEqual(Self.paddingToken.utf8),
            bytes[Int(starts[1])..<Int(starts[2])].elementsEqual(Self.unknownToken.utf8)
        else {
            throw .implausible("reserved tokens", at: reader.offset)
        }
        self.init(bytes: bytes, starts: starts)
    }
}

/// Why a vocabulary file could not be read.
public enum VocabularyFileError: Error, CustomStringConvertible, Sendable, Equatable {
    case truncated
    case notAVocabulary
    case unsupportedVersion(UInt32)
    case checksumMismatch
    case malformed(String)

    public var description: String {
        switch self {
        case .truncated: "vocabulary file is truncated"
        case .notAVocabulary: "not a smsfilter vocabulary file (bad magic)"
        case .unsupportedVersion(let v):
            "vocabulary file version \(v) is not supported (this smsfilter reads version \(Vocabulary.fileVersion))"
        case .checksumMismatch: "vocabulary file is corrupt (checksum mismatch)"
        case .malformed(let why): "vocabulary file is malformed: \(why)"
        }
    }
}
