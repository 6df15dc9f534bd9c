internal import CSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// SQLite asks for this sentinel to copy bound bytes before `bind` returns.
nonisolated(unsafe) let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound to or read from an SQL statement.
enum SQLValue {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null
}

/// One SQLite connection: prepares statements, maps result codes to `StoreError`, and runs
/// short write transactions with retry. Not shared between threads; open one per thread.
final class Database {
    let path: String
    private(set) var handle: OpaquePointer?

    /// How long one attempt waits on another writer's lock, in milliseconds.
    static let busyTimeoutMilliseconds: Int32 = 2_000
    /// How many times a whole transaction is retried when the lock stays busy.
    static let maxAttempts = 8

    /// `immutable` opens read-only without touching the -shm file, for a store in a directory
    /// the user cannot write (SQLite otherwise needs to create the WAL index).
    init(path: String, readOnly: Bool, immutable: Bool = false) throws(StoreError) {
        self.path = path
        var db: OpaquePointer?
        var flags =
            (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX
        var name = path
        if immutable {
            flags |= SQLITE_OPEN_URI
            name = "file:" + Database.uriEscaped(path) + "?immutable=1"
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        if rc != SQLITE_OK {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            let error = Database.error(code: rc, message: message, path: path, operation: "open")
            sqlite3_close_v2(db)
            throw error
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Database.busyTimeoutMilliseconds)
        if !readOnly {
            // One short process per message: a checkpoint on every close would cost two fsyncs
            // and an unlink (about 15 ms). See `checkpointIfLarge` for when it happens instead.
            csqlite_disable_checkpoint_on_close(db)
        }
    }

    /// Percent-encodes the characters that mean something in an SQLite file: URI.
    static func uriEscaped(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x21, 0x7f...:
                let digits = Array("0123456789ABCDEF")
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0f)])
            default:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }

    deinit {
        // close_v2 defers the close until every statement is finalized.
        sqlite3_close_v2(handle)
    }

    /// Maps an SQLite result code to the error a user understands.
    static func error(code: Int32, message: String, path: String, operation: String) -> StoreError {
        switch code & 0xff {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .locked(path: path)
        case SQLITE_READONLY:
            return .readOnly(path: path, detail: message)
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return .corrupt(path: path, detail: message)
        case SQLITE_FULL:
            return .full(path: path)
        case SQLITE_CANTOPEN:
            return .cannotOpen(path: path, detail: message)
        case SQLITE_PERM, SQLITE_AUTH:
            return .readOnly(path: path, detail: message)
        case SQLITE_IOERR:
            // Creating the -wal/-shm files in a directory we may not write shows up here, and so
            // does a full disk when the -shm or -wal file cannot grow.
            if errno == EACCES || errno == EROFS || errno == EPERM {
                return .readOnly(path: path, detail: message)
            }
            // 19 << 8 extends SQLITE_IOERR to SQLITE_IOERR_SHMSIZE.
            if errno == ENOSPC || errno == EDQUOT || code == SQLITE_IOERR | (19 << 8) {
                return .full(path: path)
            }
            return .sqlite(path: path, code: code, message: message, operation: operation)
        default:
            return .sqlite(path: path, code: code, message: message, operation: operation)
        }
    }

    func error(code: Int32, operation: String) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "unknown error"
        return Database.error(code: code, message: message, path: path, operation: operation)
    }

    /// Runs SQL without parameters or results (schema, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws(StoreError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw error(code: rc, operation: firstWords(of: sql)) }
    }

    /// Prepares one statement, binds the parameters, and hands it to `body`; finalizes after.
    func withStatement<T>(
        _ sql: String, _ parameters: [SQLValue] = [], _ body: (Statement) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &raw, nil)
        guard rc == SQLITE_OK, let prepared = raw else {
            throw error(code: rc, operation: firstWords(of: sql))
        }
        let statement = Statement(prepared, database: self, sql: sql)
        defer { statement.finalize() }
        try statement.bind(parameters)
        return try body(statement)
    }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ parameters: [SQLValue] = []) throws(StoreError) -> Int {
        try withStatement(sql, parameters) { (statement) throws(StoreError) -> Int in
            while try statement.step() {}
            return Int(sqlite3_changes(handle))
        }
    }

    /// Runs one statement that returns no rows once per parameter list, prepared once: a batch of
    /// inserts without parsing the SQL again for every row.
    func runEach(_ sql: String, _ rows: [[SQLValue]]) throws(StoreError) {
        try withStatement(sql) { (statement) throws(StoreError) in
            for parameters in rows {
                try statement.bind(parameters)
                while try statement.step() {}
                statement.reset()
            }
        }
    }

    /// All rows of a query, each mapped by `row`.
    func query<T>(_ sql: String, _ parameters: [SQLValue] = [], row: (Statement) -> T) throws(StoreError)
        -> [T]
    {
        try withStatement(sql, parameters) { (statement) throws(StoreError) -> [T] in
            var rows: [T] = []
            while try statement.step() { rows.append(row(statement)) }
            return rows
        }
    }

    /// The first row of a query, or nil.
    func queryFirst<T>(_ sql: String, _ parameters: [SQLValue] = [], row: (Statement) -> T) throws(StoreError)
        -> T?
    {
        try withStatement(sql, parameters) { (statement) throws(StoreError) -> T? in
            try statement.step() ? row(statement) : nil
        }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT. Taking the write lock up front means a busy
    /// database shows up at BEGIN (where the busy timeout waits), not half way through. When the
    /// lock stays busy the whole transaction is rolled back and retried with a growing pause, so
    /// `body` must only touch the database.
    @discardableResult
    func writeTransaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do throws(StoreError) {
                try execute("BEGIN IMMEDIATE")
                let result: T
                do throws(StoreError) {
                    result = try body()
                    try execute("COMMIT")
                    checkpointIfLarge()
                } catch {
                    if sqlite3_get_autocommit(handle) == 0 { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
                    throw error
                }
                return result
            } catch {
                guard error.isTransient, attempt < Database.maxAttempts else { throw error }
                Database.pause(attempt: attempt)
            }
        }
    }

    /// WAL size beyond which a committing writer checkpoints and truncates it.
    static let walTruncateBytes = 1 << 20

    /// Checkpoints and truncates the WAL once it passes `walTruncateBytes`.
    ///
    /// Processes do not checkpoint on close, and SQLite's automatic checkpoints are off: each
    /// short process is usually the store's only connection, so it rebuilds the WAL index from the
    /// WAL when it opens, forgetting what earlier processes checkpointed; a passive checkpoint
    /// would then copy the whole WAL again on every commit and the WAL would never restart. A
    /// TRUNCATE checkpoint every megabyte (a few hundred messages) keeps both the WAL and the
    /// open-time scan small. Best effort: when readers or writers are busy, a later commit does it.
    func checkpointIfLarge() {
        var info = stat()
        guard stat(path + "-wal", &info) == 0, info.st_size > Database.walTruncateBytes else { return }
        sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
    }

    /// Retries a read or pragma that can meet a busy lock outside a transaction (WAL recovery,
    /// switching journal mode while another process does the same).
    @discardableResult
    func retrying<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do throws(StoreError) {
                return try body()
            } catch {
                guard error.isTransient, attempt < Database.maxAttempts else { throw error }
                Database.pause(attempt: attempt)
            }
        }
    }

    /// A jittered pause so that retrying writers do not wake in lock-step.
    static func pause(attempt: Int) {
        let base = min(200_000, 5_000 << min(attempt, 6))
        let jitter = Int(UInt32.random(in: 0..<UInt32(base / 2 + 1)))
        usleep(UInt32(base / 2 + jitter))
    }

    private func firstWords(of sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(3)
        return words.joined(separator: " ")
    }
}

/// A prepared statement; finalized by `Database.withStatement` when the body returns.
final class Statement {
    private var handle: OpaquePointer?
    private unowned let database: Database
    private let sql: String

    init(_ handle: OpaquePointer, database: Database, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { finalize() }

    func finalize() {
        if let handle { sqlite3_finalize(handle) }
        handle = nil
    }

    func bind(_ parameters: [SQLValue]) throws(StoreError) {
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .null: rc = sqlite3_bind_null(handle, index)
            case .text(let v):
                // Explicit byte length: text may contain NUL bytes. An empty string is bound as
                // "" (not through an empty buffer, whose nil address SQLite would store as NULL).
                let bytes = Array(v.utf8)
                if bytes.isEmpty {
                    rc = sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                } else {
                    rc = bytes.withUnsafeBufferPointer { buffer in
                        buffer.withMemoryRebound(to: CChar.self) {
                            sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient)
                        }
                    }
                }
            }
            if rc != SQLITE_OK { throw database.error(code: rc, operation: "bind") }
        }
    }

    /// Makes the statement ready to run again (its bindings are replaced by the next `bind`).
    func reset() { sqlite3_reset(handle) }

    /// Advances to the next row; false when done.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let words = sql.split(separator: " ").prefix(2).joined(separator: " ")
            throw database.error(code: rc, operation: words)
        }
    }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}
