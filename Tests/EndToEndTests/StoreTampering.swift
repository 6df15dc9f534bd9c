import CSQLite

/// Runs `sql` on a store file through SQLite's C API, as someone with the sqlite3 tool might: how
/// these tests damage a store on purpose (no sqlite3 tool needed). SQLite's error message, or nil.
func tamperWithStore(_ path: String, _ sql: String) -> String? {
    var db: OpaquePointer?
    defer { sqlite3_close(db) }
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else {
        return db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
    }
    var message: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
        defer { sqlite3_free(message) }
        return message.map { String(cString: $0) } ?? "sqlite3_exec failed"
    }
    return nil
}
