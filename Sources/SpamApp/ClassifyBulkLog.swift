import SpamIO
import SpamNN
import SpamStore

/// The classification log for bulk runs: one store connection for the whole run. Opening the
/// store per message (what a single delivery does) costs an open and a schema check each time;
/// over test.tsv's 1,099 lines that was 23 s against 0.16 s without logging. Verdicts are written
/// in batches, one transaction each, and `flush` writes the rest at the end of the run.
///
/// A batch is written on a thread of its own while the next one is scored: digesting and
/// inserting 2,048 rows took the main thread about 10 ms between two scored chunks (0.28 s of
/// a 55,740-message run), with one core idle. At most one batch is in flight, so memory stays
/// at two batches and rows reach the log in order.
final class BulkStoreRecorder: ClassificationRecorder {
    private let writer: BatchWriter
    private var inFlight: WorkerThread<Void>?
    private var pending: [ClassifiedMessage] = []
    private var times: [Double] = []
    /// Verdicts per transaction: a crash loses at most two batches of log rows, never a verdict
    /// printed.
    static let batchSize = 2048

    init(storePath: String?) {
        writer = BatchWriter(path: StoreLocation.resolve(explicit: storePath))
    }

    func record(_ entry: ClassifiedMessage) throws {
        pending.append(entry)
        times.append(ProcessInfoLite.now())
        if pending.count >= Self.batchSize { handOver() }
    }

    /// Writes the verdicts not yet written and waits until they are.
    func flush() {
        handOver()
        inFlight?.join()
        inFlight = nil
    }

    /// Starts writing the pending batch once the previous one is written.
    private func handOver() {
        inFlight?.join()
        inFlight = nil
        guard !pending.isEmpty else { return }
        writer.batch = pending
        writer.times = times
        pending.removeAll(keepingCapacity: true)
        times.removeAll(keepingCapacity: true)
        let writer = self.writer
        if let thread = WorkerThread({ writer.write() }) {
            inFlight = thread
        } else {
            writer.write()
        }
    }
}

/// The store connection and the batch being written. Used by one thread at a time: the recorder
/// hands a batch over only after joining the thread that wrote the previous one.
private final class BatchWriter: @unchecked Sendable {
    let path: String
    var batch: [ClassifiedMessage] = []
    var times: [Double] = []
    private var store: (any StoreBackend)?
    private var failed = false

    init(path: String) { self.path = path }

    func write() {
        guard !failed, !batch.isEmpty else { return }
        let entries = zip(batch, times).map { entry, time in
            ClassificationEntry(
                time: time, digest: FeedbackDigest.of(entry.text), verdict: entry.verdict.rawValue,
                score: entry.score, modelID: entry.modelID)
        }
        batch.removeAll(keepingCapacity: true)
        do throws(StoreError) {
            if store == nil { store = try StoreBackends.open(path) }
            try store?.logClassifications(entries)
        } catch {
            // One warning for the run, not one per message; classification carries on.
            failed = true
            AppLog.logger.warning("verdicts not logged: \(error)")
        }
    }
}
