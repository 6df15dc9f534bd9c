import SpamApp
import SpamIO
import SpamModel
import SpamTestSupport
import Testing

/// The record beside the store: written after a full check, read back for the same model path,
/// ignored when garbled or for another path, and never written where the store's folder is missing;
/// a delivery whose store has no folder keeps it in the cache folder instead.
@Suite struct VerifiedModelRecordTests {
    @Test func recordRoundTripsForItsModelOnly() throws {
        let directory = TemporaryDirectory("verified")
        defer { directory.remove() }
        let record = VerifiedModelRecord(storePath: directory.path + "/store.sqlite")
        let identity = FileIdentity(
            device: 2049, inode: 1_835_012, size: 1_005_678,
            modified: .init(seconds: 1_764_115_200, nanoseconds: 123_456_789),
            changed: .init(seconds: 1_764_115_201, nanoseconds: 5))
        let verified = VerifiedModelFile(identity: identity, checksum: 0x6E2A_4EDB_BB4A_5FDA)
        #expect(record.read(modelPath: "/m/default.smsmodel") == nil)
        try record.write(verified, modelPath: "/m/default.smsmodel")
        #expect(record.read(modelPath: "/m/default.smsmodel") == verified)
        #expect(record.read(modelPath: "/m/other.smsmodel") == nil)
        // Garbled (a torn or hand-edited file): no trust, so a full check.
        try FileIO.writeAtomically(Array("6e2a\t2049 x\t/m/default.smsmodel\n".utf8), to: record.path)
        #expect(record.read(modelPath: "/m/default.smsmodel") == nil)
        try FileIO.writeAtomically(
            Array("6e2a4edbbb4a5fda\t\(identity.text)\t/m/default.smsmodel".utf8), to: record.path)
        #expect(record.read(modelPath: "/m/default.smsmodel") == nil)
    }

    @Test func severalModelsKeepTheirEntriesUpToTheLimit() throws {
        let directory = TemporaryDirectory("verified")
        defer { directory.remove() }
        let record = VerifiedModelRecord(storePath: directory.path + "/store.sqlite")
        func version(_ n: Int) -> VerifiedModelFile {
            VerifiedModelFile(
                identity: FileIdentity(
                    device: 1, inode: UInt64(n), size: 10, modified: .init(seconds: 2, nanoseconds: 3),
                    changed: .init(seconds: 4, nanoseconds: 5)),
                checksum: UInt64(n))
        }
        try record.write(version(1), modelPath: "/m/a")
        try record.write(version(2), modelPath: "/m/b")
        #expect(record.read(modelPath: "/m/a") == version(1))
        #expect(record.read(modelPath: "/m/b") == version(2))
        try record.write(version(3), modelPath: "/m/a")  // a's new version replaces its old one
        #expect(record.read(modelPath: "/m/a") == version(3))
        #expect(record.read(modelPath: "/m/b") == version(2))
        for n in 10..<(10 + VerifiedModelRecord.maxEntries) {
            try record.write(version(n), modelPath: "/m/\(n)")
        }
        #expect(record.read(modelPath: "/m/a") == nil)  // the oldest entries went
        #expect(record.read(modelPath: "/m/10") == version(10))
    }

    @Test func aVersionChangedMomentsAgoIsNotRecorded() throws {
        let directory = TemporaryDirectory("verified")
        defer { directory.remove() }
        let record = VerifiedModelRecord(storePath: directory.path + "/store.sqlite")
        let now: Int64 = 1_800_000_000
        func version(changed: Int64) -> VerifiedModelFile {
            VerifiedModelFile(
                identity: FileIdentity(
                    device: 1, inode: 2, size: 3, modified: .init(seconds: changed, nanoseconds: 0),
                    changed: .init(seconds: changed, nanoseconds: 0)),
                checksum: 9)
        }
        try record.write(version(changed: now - 1), modelPath: "/m", now: now)
        #expect(record.read(modelPath: "/m") == nil)
        try record.write(version(changed: now - 2), modelPath: "/m", now: now)
        #expect(record.read(modelPath: "/m") == version(changed: now - 2))
    }

    @Test func noRecordWithoutTheStoresFolder() throws {
        let directory = TemporaryDirectory("verified")
        defer { directory.remove() }
        let record = VerifiedModelRecord(storePath: directory.path + "/missing/store.sqlite")
        let identity = FileIdentity(
            device: 1, inode: 2, size: 3, modified: .init(seconds: 4, nanoseconds: 5),
            changed: .init(seconds: 6, nanoseconds: 7))
        try record.write(VerifiedModelFile(identity: identity, checksum: 1), modelPath: "/m")
        #expect(!FileIO.exists(directory.path + "/missing"))
    }

    @Test func withoutTheStoresFolderADeliveryKeepsTheRecordInTheCacheFolder() throws {
        let directory = TemporaryDirectory("verified")
        defer { directory.remove() }
        let environment = { (name: String) -> String? in
            name == "XDG_CACHE_HOME" ? directory.path + "/cache" : nil
        }
        let missing = VerifiedModelRecord.forDelivery(
            storePath: directory.path + "/missing/store.sqlite", environment: environment)
        #expect(missing.path == directory.path + "/cache/smsfilter/verified-model")
        let present = VerifiedModelRecord.forDelivery(
            storePath: directory.path + "/store.sqlite", environment: environment)
        #expect(present.path == directory.path + "/store.sqlite-verified-model")

        let identity = FileIdentity(
            device: 1, inode: 2, size: 3, modified: .init(seconds: 4, nanoseconds: 5),
            changed: .init(seconds: 6, nanoseconds: 7))
        let verified = VerifiedModelFile(identity: identity, checksum: 1)
        try missing.write(verified, modelPath: "/m")
        #expect(missing.read(modelPath: "/m") == verified)
        #expect(!FileIO.exists(directory.path + "/missing"))
    }

    @Test func aDeliveryRecordsTheModelItCheckedAndTrustsItNextTime() throws {
        let directory = TemporaryDirectory("verified")
        defer { directory.remove() }
        let store = directory.path + "/store.sqlite"
        let modelPath = try #require(ModelLocator.defaultModelPath())
        let first = LazyModel(path: modelPath, storePath: store)
        let score = try first.score("WINNER!! claim your prize now, call 09061701461")
        let recorded = try #require(VerifiedModelRecord(storePath: store).read(modelPath: modelPath))
        #expect(recorded.identity == (try MappedFile(path: modelPath)).identity)
        let second = LazyModel(path: modelPath, storePath: store)
        #expect(try second.score("WINNER!! claim your prize now, call 09061701461") == score)
    }
}
