internal import CSQLite
internal import SpamIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The per-user SQLite store: feedback, the classification log, the model registry, forecasts.
///
/// One instance is one connection; use it from one thread at a time and open another instance for
/// another thread or process. Every write is a short `BEGIN IMMEDIATE` transaction retried while
/// another writer holds the lock, so 32 deliveries at once queue instead of failing.
public final class FeedbackStore {
    /// The database file.
    public let path: String
    let database: Database

    /// The schema version this build reads and writes.
    public static var schemaVersion: Int { Schema.currentVersion }

    /// Opens (and, unless `readOnly`, creates and migrates) the store at `path`.
    /// A new file is created with mode 0600 in a directory created with mode 0700.
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        // SQLite would open a FIFO and block on its first read (the filter hangs), call a
        // directory a "disk I/O error", and treat a dangling symlink differently for readers
        // and writers: refuse anything but a regular file (or nothing) first, in one way.
        do {
            try FileIO.checkRegularIfPresent(path)
        } catch {
            throw .cannotOpen(path: path, detail: error.reason ?? String(cString: strerror(error.code)))
        }
        if readOnly {
            if !FileIO.exists(path) {
                // A delivery appends its verdict to a journal beside the store and never creates
                // the store. A reader that finds the journal alone creates the store once, which
                // folds the journal in: `stats` and a cron `forecast` then see the verdicts of a
                // filter that has classified but not yet been taught.
                guard FileIO.exists(VerdictJournal(storePath: path).path) else {
                    throw .cannotOpen(
                        path: path,
                        detail: "no store there yet (nothing has been classified or learned with it)")
                }
                _ = try FeedbackStore(path: path)
            }
        } else {
            try FeedbackStore.createFile(at: path)
        }
        var opened = try Database(path: path, readOnly: readOnly)
        var version: Int
        do {
            version = try FeedbackStore.userVersion(of: opened)
        } catch {
            // A reader in a directory it cannot write cannot create the WAL index; read the
            // file as immutable instead (fine for stats and export: nothing here writes).
            switch error {
            case .readOnly, .cannotOpen: guard readOnly else { throw error }
            default: throw error
            }
            opened = try Database(path: path, readOnly: true, immutable: true)
            version = try FeedbackStore.userVersion(of: opened)
        }
        database = opened
        // A negative user_version is never written by smsfilter (tampering or damage); migrating
        // from it would index the migration list out of bounds.
        if version < 0 { throw .corrupt(path: path, detail: "schema version \(version) is invalid") }
        if version > Schema.currentVersion {
            throw .newerSchema(path: path, found: version, supported: Schema.currentVersion)
        }
        if readOnly {
            if version < Schema.currentVersion {
                throw .cannotOpen(
                    path: path, detail: "schema version \(version) needs upgrading; open it read-write once")
            }
            return
        }
        try configure()
        if version < Schema.currentVersion { try migrate() }
        // Best effort: a journal that cannot be read now is folded by a later writer.
        _ = try? foldVerdictJournal()
        try? writeActiveModelPointer()
        try? repairSenderListFile()
        try? repairTemplateListFile()
    }

    /// Creates the file (0600) and its directory (0700) so that SQLite, which would use the
    /// umask, never creates them world-readable. The -wal and -shm files copy the file's mode.
    private static func createFile(at path: String) throws(StoreError) {
        if FileIO.exists(path) { return }
        let directory = FilePath.directory(of: path)
        do {
            try FileIO.makeDirectories(directory, mode: 0o700)
        } catch {
            throw failure(error.code, path: directory, doing: "create directory")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            let code = errno
            if code == EEXIST { return }  // another process won the race
            throw failure(code, path: path, doing: "create")
        }
        close(fd)
    }

    private static func failure(_ code: Int32, path: String, doing operation: String) -> StoreError {
        let message = "cannot \(operation) \(path): " + String(cString: strerror(code))
        if code == EACCES || code == EROFS || code == EPERM { return .readOnly(path: path, detail: message) }
        if code == ENOSPC || code == EDQUOT { return .full(path: path) }
        return .cannotOpen(path: path, detail: message)
    }

    /// WAL lets readers (stats, retrain) run beside writers; NORMAL sync is safe with WAL
    /// (a power cut can lose the last commits, never corrupt the file).
    private func configure() throws(StoreError) {
        try database.retrying { () throws(StoreError) in
            let mode = try database.queryFirst("PRAGMA journal_mode") { $0.text(0) } ?? ""
            if mode.lowercased() != "wal" {
                let newMode = try database.queryFirst("PRAGMA journal_mode = WAL") { $0.text(0) } ?? ""
                if newMode.lowercased() != "wal" {
                    throw StoreError.cannotOpen(
                        path: path, detail: "cannot switch to WAL journal (got \(newMode))")
                }
            }
        }
        try database.execute("PRAGMA synchronous = NORMAL")
        // No automatic checkpoints: see `Database.checkpointIfLarge`.
        try database.execute("PRAGMA wal_autocheckpoint = 0")
    }

    private func userVersion() throws(StoreError) -> Int {
        Int(try database.queryFirst("PRAGMA user_version") { $0.int(0) } ?? 0)
    }

    private static func userVersion(of database: Database) throws(StoreError) -> Int {
        try database.retrying { () throws(StoreError) -> Int in
            Int(try database.queryFirst("PRAGMA user_version") { $0.int(0) } ?? 0)
        }
    }

    /// Applies the missing migrations in one write transaction. The version is read again under
    /// the write lock: another process may have migrated meanwhile.
    private func migrate() throws(StoreError) {
        try database.writeTransaction { () throws(StoreError) in
            let version = try userVersion()
            if version < 0 {
                throw StoreError.corrupt(path: path, detail: "schema version \(version) is invalid")
            }
            if version > Schema.currentVersion {
                throw StoreError.newerSchema(path: path, found: version, supported: Schema.currentVersion)
            }
            for index in version..<Schema.currentVersion {
                try database.execute(Schema.migrations[index])
            }
            try database.execute("PRAGMA user_version = \(Schema.currentVersion)")
        }
    }

    /// The schema version recorded in the file.
    public func storedSchemaVersion() throws(StoreError) -> Int { try userVersion() }

    /// Runs SQLite's integrity check, then compares the tables with the schema (see
    /// `schemaFindings`); returns the findings ("ok" alone when healthy).
    public func integrityCheck() throws(StoreError) -> [String] {
        do {
            let findings = try database.query("PRAGMA integrity_check") { $0.text(0) }
            guard findings == ["ok"] else { return findings }
            let schema = try schemaFindings()
            return schema.isEmpty ? findings : schema
        } catch {
            if case .corrupt(_, let detail) = error { return [detail] }
            throw error
        }
    }

    /// Writes the WAL back into the main file (used by `db check` and after big imports).
    public func checkpoint() throws(StoreError) {
        try database.retrying { () throws(StoreError) in
            _ = try database.query("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int(0) }
        }
    }

    // MARK: meta

    /// A small key/value setting kept in the store (last retrain time, last result).
    public func meta(_ key: String) throws(StoreError) -> String? {
        try database.queryFirst("SELECT value FROM meta WHERE key = ?", [.text(key)]) { $0.text(0) }
    }

    /// Sets a key/value setting.
    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try database.writeTransaction { () throws(StoreError) in
            try database.run(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [.text(key), .text(value)])
        }
    }
}
