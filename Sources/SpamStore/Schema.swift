/// The store's schema as an ordered list of migrations. `PRAGMA user_version` holds how many have
/// been applied; a file with a larger number was written by a newer smsfilter and is refused.
enum Schema {
    /// Migration `i` takes the schema from version `i` to `i + 1`. Append only; never edit.
    static let migrations: [String] = [
        // 0 → 1
        """
        CREATE TABLE feedback (
            digest  TEXT PRIMARY KEY,          -- SHA-256 (hex) of the extracted text
            text    TEXT NOT NULL,             -- the extracted text the classifier sees
            label   TEXT NOT NULL CHECK (label IN ('spam', 'ham')),
            source  TEXT NOT NULL,             -- where it came from: a file name, "stdin", "import"
            created REAL NOT NULL,             -- Unix seconds of the first mark
            updated REAL NOT NULL              -- Unix seconds of the latest mark
        );
        CREATE INDEX feedback_updated ON feedback (updated);

        -- One row per classified message; no message text, only its digest.
        CREATE TABLE classification_log (
            id       INTEGER PRIMARY KEY,
            time     REAL NOT NULL,
            digest   TEXT NOT NULL,
            verdict  TEXT NOT NULL,
            score    REAL NOT NULL,
            model_id TEXT
        );
        CREATE INDEX classification_log_time ON classification_log (time);

        CREATE TABLE models (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            path            TEXT NOT NULL,
            created         REAL NOT NULL,
            training_digest TEXT NOT NULL,
            training_size   INTEGER NOT NULL DEFAULT 0,
            validation_size INTEGER,
            mcc             REAL,
            ham_fpr         REAL,
            spam_recall     REAL,
            accuracy        REAL,
            status          TEXT NOT NULL CHECK (status IN ('candidate', 'active', 'rejected', 'retired')),
            reason          TEXT NOT NULL DEFAULT '',
            activated       REAL                -- Unix seconds of the latest activation
        );
        CREATE UNIQUE INDEX models_one_active ON models (status) WHERE status = 'active';

        CREATE TABLE forecasts (
            id        INTEGER PRIMARY KEY,
            created   REAL NOT NULL,
            target    TEXT NOT NULL,
            timestamp REAL NOT NULL,
            value     REAL NOT NULL,
            lower     REAL,
            upper     REAL
        );
        CREATE INDEX forecasts_target_time ON forecasts (target, timestamp);

        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
        // 1 → 2: verdicts arrive through the journal (VerdictJournal); each line's random key makes
        // its import idempotent. Rows inserted directly (bulk runs) have no key.
        """
        ALTER TABLE classification_log ADD COLUMN entry_key TEXT;
        CREATE UNIQUE INDEX classification_log_entry_key ON classification_log (entry_key) WHERE entry_key IS NOT NULL;
        """,
        // 2 → 3: the sender list (mirrored into SenderListFile for deliveries), and the messages
        // learned as ham per sender, so that enough of them make it trusted.
        """
        CREATE TABLE senders (
            sender  TEXT PRIMARY KEY,          -- normalized: +447700900123, bob@example.org, hmrc
            state   TEXT NOT NULL CHECK (state IN ('allowed', 'blocked')),
            origin  TEXT NOT NULL CHECK (origin IN ('manual', 'vcard', 'learned')),
            note    TEXT NOT NULL DEFAULT '',  -- the contact's name for a vCard import
            updated REAL NOT NULL              -- Unix seconds of the latest change
        ) WITHOUT ROWID;

        CREATE TABLE sender_ham (
            sender TEXT NOT NULL,
            digest TEXT NOT NULL,              -- the feedback row's digest
            time   REAL NOT NULL,
            PRIMARY KEY (sender, digest)
        ) WITHOUT ROWID;
        CREATE INDEX sender_ham_digest ON sender_ham (digest);
        """,
        // 3 → 4: whether a feedback message is a mail's text or an SMS. A model trained on mail
        // beside SMS reads a mail after a mark of its own (ShapeToken.mail), and retrain has to
        // know which is which to teach it. Rows from before were learned as text.
        """
        ALTER TABLE feedback ADD COLUMN kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'mail'));
        """,
    ]

    /// The schema version this build writes.
    static var currentVersion: Int { migrations.count }
}
