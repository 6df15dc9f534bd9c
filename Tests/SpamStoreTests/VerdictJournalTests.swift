import Dispatch
import SpamStore
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

private func entry(_ time: Double, _ verdict: String = "spam") -> ClassificationEntry {
    ClassificationEntry(
        time: time, digest: "digest\(Int(time))", verdict: verdict, score: 0.5, modelID: "abc")
}

@Test func journalLinesAreFoldedIntoTheLogExactlyOnce() throws {
    let dir = TemporaryDirectory("journal")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    // Logging before the store exists: only the journal is created.
    #expect(FeedbackStore.logVerdict(entry(1), storePath: path) == nil)
    #expect(FeedbackStore.logVerdict(entry(2, "ham"), storePath: path) == nil)
    #expect(access(path, F_OK) != 0)
    let journal = VerdictJournal(storePath: path)
    var mode = stat()
    #expect(stat(journal.path, &mode) == 0 && mode.st_mode & 0o777 == 0o600)
    #expect(try journal.pendingEntries().map(\.entry) == [entry(1), entry(2, "ham")])

    // A read-write open folds the journal; the lines are then in the table, once.
    let store = try FeedbackStore(path: path)
    #expect(try journal.pendingEntries().isEmpty)
    #expect(try store.classifications(since: 0) == [entry(1), entry(2, "ham")])
    #expect(try store.foldVerdictJournal() == 0)
    #expect(try store.classificationLogCount() == 2)

    // Lines arriving after the open are counted before they are folded, and folded once.
    #expect(FeedbackStore.logVerdict(entry(3), storePath: path) == nil)
    #expect(try store.verdictCounts(since: 0) == ["spam": 2, "ham": 1])
    #expect(try FeedbackStore(path: path, readOnly: true).classificationLogCount() == 3)
    #expect(try store.foldVerdictJournal() == 1)
    #expect(try store.classificationLogCount() == 3)
}

@Test func aFoldInterruptedBeforeTruncationImportsNothingTwice() throws {
    let dir = TemporaryDirectory("journal-crash")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    let store = try FeedbackStore(path: path)
    #expect(FeedbackStore.logVerdict(entry(1), storePath: path) == nil)
    let journal = VerdictJournal(storePath: path)
    let saved = try journal.pendingEntries()
    try store.foldVerdictJournal()
    // Simulate a crash between the commit and the truncation: the same line is back.
    let line = "v1\t\(saved[0].key)\t1.0\tdigest1\tspam\t0.5\tabc\n"
    let fd = open(journal.path, O_WRONLY | O_APPEND)
    _ = line.withCString { write(fd, $0, strlen($0)) }
    close(fd)
    #expect(try store.classificationLogCount() == 1)
    try store.foldVerdictJournal()
    #expect(try store.classificationLogCount() == 1)
}

@Test func tornAndForeignLinesAreSkipped() throws {
    let dir = TemporaryDirectory("journal-torn")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    #expect(FeedbackStore.logVerdict(entry(1), storePath: path) == nil)
    let journal = VerdictJournal(storePath: path)
    let fd = open(journal.path, O_WRONLY | O_APPEND)
    let junk =
        "garbage line\nv1\tkey\tnot-a-time\td\tspam\t0.5\t-\nv1\tkey2\t5\td\tspam\t0.5\t-\nv1\tkey3\t6\td\tsp"
    _ = junk.withCString { write(fd, $0, strlen($0)) }
    close(fd)
    let pending = try journal.pendingEntries()
    #expect(pending.map(\.entry.time) == [1, 5])
    #expect(pending[1].entry.modelID == nil)
}

@Test func concurrentAppendsAreAllKept() throws {
    let dir = TemporaryDirectory("journal-concurrent")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    // Four writers (each opening the journal itself, as separate processes do) append 50 lines
    // each while this thread folds now and then.
    let store = try FeedbackStore(path: path)
    let writers = DispatchGroup()
    for writer in 0..<4 {
        DispatchQueue.global().async(group: writers) {
            for i in 0..<50 {
                _ = FeedbackStore.logVerdict(entry(Double(writer * 1000 + i)), storePath: path)
            }
        }
    }
    for _ in 0..<20 { try store.foldVerdictJournal() }
    writers.wait()
    try store.foldVerdictJournal()
    #expect(try store.classificationLogCount() == 200)
    #expect(try Set(store.classifications(since: 0).map(\.time)).count == 200)
}

@Test func activeModelPointerFollowsTheRegistry() throws {
    let dir = TemporaryDirectory("pointer")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    let pointer = ActiveModelPointer(storePath: path)
    let store = try FeedbackStore(path: path)
    #expect(pointer.read() == ActiveModel.none)
    let first = try store.registerModel(
        ModelRecord(
            path: "/m/one", created: 1, trainingDigest: "a", trainingSize: 10, metrics: nil, status: .active))
    #expect(pointer.read() == .registered(id: first, path: "/m/one"))
    let second = try store.registerModel(
        ModelRecord(
            path: "/m/two\twith tab", created: 2, trainingDigest: "b", trainingSize: 10, metrics: nil,
            status: .candidate))
    try store.activate(id: second, at: 3)
    #expect(pointer.read() == .registered(id: second, path: "/m/two\twith tab"))
    try store.rollback(at: 4)
    #expect(pointer.read() == .registered(id: first, path: "/m/one"))
    // A stale or damaged pointer is repaired by the next process that opens the store for writing.
    unlink(pointer.path)
    #expect(pointer.read() == nil)
    _ = try FeedbackStore(path: path)
    #expect(pointer.read() == .registered(id: first, path: "/m/one"))
}

@Test func aLargeJournalIsFoldedByTheAppendingProcess() throws {
    let dir = TemporaryDirectory("journal-large")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    let journal = VerdictJournal(storePath: path)
    // Fill the journal past the threshold without folding, then append once more.
    var bulk = ""
    var count = 0
    while bulk.utf8.count <= VerdictJournal.foldBytes {
        bulk += "v1\tk\(count)\t1\td\tham\t0.1\t-\n"
        count += 1
    }
    let fd = open(journal.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    _ = bulk.withCString { write(fd, $0, strlen($0)) }
    close(fd)
    #expect(FeedbackStore.logVerdict(entry(5), storePath: path) == nil)
    #expect(try journal.pendingEntries().isEmpty)
    #expect(try FeedbackStore(path: path, readOnly: true).classificationLogCount() == count + 1)
}
