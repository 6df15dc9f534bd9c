extension FeedbackStore {
    /// How the file's tables differ from the ones its schema version defines (a dropped, renamed
    /// or altered table: tampering that SQLite's integrity check does not see), one finding each.
    /// The reference is the migrations replayed into an in-memory database. Extra tables are fine.
    func schemaFindings() throws(StoreError) -> [String] {
        let version = try storedSchemaVersion()
        guard (0...Schema.currentVersion).contains(version) else {
            return ["schema version \(version) is not one this smsfilter knows"]
        }
        let reference = try Database(path: ":memory:", readOnly: false)
        for index in 0..<version { try reference.execute(Schema.migrations[index]) }
        let expected = try Self.tableColumns(in: reference)
        let found = try Self.tableColumns(in: database)
        var findings: [String] = []
        for (table, columns) in expected.sorted(by: { $0.key < $1.key }) {
            guard let present = found[table] else {
                findings.append("schema: table \(table) is missing")
                continue
            }
            if present != columns {
                findings.append(
                    "schema: table \(table) has columns (\(present.joined(separator: ", "))), "
                        + "expected (\(columns.joined(separator: ", ")))")
            }
        }
        return findings
    }

    /// Each table's columns as "name type [not null] [pk]" in order.
    private static func tableColumns(in db: Database) throws(StoreError) -> [String: [String]] {
        let tables = try db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ) {
            $0.text(0)
        }
        var result: [String: [String]] = [:]
        for table in tables {
            result[table] = try db.query(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", [.text(table)]
            ) { row in
                row.text(0) + " " + row.text(1) + (row.int(2) != 0 ? " not null" : "")
                    + (row.int(3) != 0 ? " pk" : "")
            }
        }
        return result
    }
}
