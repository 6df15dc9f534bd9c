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
        writer.write(bytes: table.block)
    }

    /// Reads what `writeTokenBlock` wrote, into memory of the vocabulary's own.
    public init(readingTokenBlock reader: inout ByteReader) throws(ByteReaderError) {
        let (range, count) = try Self.checkTokenBlock(&reader)
        self.init(checkedBlock: UnsafeRawBufferPointer(rebasing: reader.bytes[range]), count: count)
    }

    /// Writes the table that finds a token's id (`VocabularyTable`), which model files keep after
    /// the token block.
    public func writeIndex(into writer: inout ByteWriter) {
        table.writeIndex(into: &writer)
    }

    /// Reads past the token block at the reader, checking it; returns its place and how many
    /// tokens it holds.
    public static func checkTokenBlock(_ reader: inout ByteReader) throws(ByteReaderError) -> (
        range: Range<Int>, count: Int
    ) {
        try TokenBlock.check(&reader, maxTokens: maxFileTokens)
    }

    /// Reads past the index of a token block of `count` tokens; returns its place.
    public static func checkIndex(_ reader: inout ByteReader, tokens count: Int)
        throws(ByteReaderError) -> Range<Int>
    {
        try TokenBlock.checkIndex(&reader, count: count)
    }

    /// A vocabulary from a token block checked by `checkTokenBlock`, in memory of its own.
    public init(checkedBlock block: UnsafeRawBufferPointer, count: Int) {
        self.init(table: VocabularyTable(ownedBlock: block, count: count))
    }

    /// A vocabulary read in place from a mapped file: its token block (checked by
    /// `checkTokenBlock`) and index (checked by `checkIndex`); `owner` keeps them mapped (nil:
    /// the caller keeps them alive while the vocabulary is used).
    public init(
        mappedBlock block: UnsafeRawBufferPointer, count: Int, index: UnsafeRawBufferPointer,
        owner: AnyObject?
    ) {
        self.init(table: VocabularyTable(mappedBlock: block, count: count, index: index, owner: owner))
    }

    /// Whether this vocabulary's table is the one its tokens give (`VocabularyTable.indexMatches`):
    /// an index read from a file, checked when the file's checksum is.
    public func hasIndex(of other: Vocabulary) -> Bool {
        table.indexMatches(other.table)
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
