//! The SQLite store's tables, triggers and connection settings, and the migrations between revisions.

use rusqlite::{Connection, params};

use crate::chain::{AuditKey, case_scope, seal_record};

/// Tables and indexes; `user_version` counts schema revisions. Revision 3 gave sequences (document numbers)
/// their own table; counters of document numbers kept among the rate limits before move there. Revision 4 added
/// the events' links and the case records' seals, accounts, the account audit log and sessions, and made the
/// logs append-only. Revision 5 added the events' redaction seals (a reporter's data redacted at their request).
/// The table of issued documents' verification entries (`document_checks`) is created when missing, whatever the
/// revision.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS cases (
    key        TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    state      TEXT NOT NULL,
    queue_sort TEXT NOT NULL,
    doc        TEXT NOT NULL,
    seal       TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cases_queue ON cases (state, queue_sort);
CREATE TABLE IF NOT EXISTS events (
    case_key TEXT NOT NULL REFERENCES cases (key),
    seq      INTEGER NOT NULL,
    doc       TEXT NOT NULL,
    link      TEXT,
    redaction TEXT,
    PRIMARY KEY (case_key, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency (
    key_hash    TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    code        TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rate_limits (
    bucket     TEXT PRIMARY KEY,
    hits       INTEGER NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO sequences (name, value)
    SELECT bucket, hits FROM rate_limits WHERE bucket LIKE 'document-number:%';
DELETE FROM rate_limits WHERE bucket LIKE 'document-number:%';
CREATE TABLE IF NOT EXISTS accounts (
    login   TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    doc     TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit_log (
    seq  INTEGER PRIMARY KEY,
    doc  TEXT NOT NULL,
    link TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
    digest TEXT PRIMARY KEY,
    doc    TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS document_checks (
    code TEXT PRIMARY KEY,
    doc  TEXT NOT NULL
) WITHOUT ROWID;
";

/// The name of the sequence that counts the audit log's entries: kept apart from the log, so that entries cut
/// from its end are noticed.
pub const AUDIT_COUNTER: &str = "audit-log";

/// Events and audit entries are written once: SQLite itself refuses to change or delete them. The one way around
/// is [`with_events_writable`], for a redaction or an erasure at a reporter's request.
const APPEND_ONLY: &str = "
CREATE TRIGGER IF NOT EXISTS audit_never_changes BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an entry is never changed'); END;
CREATE TRIGGER IF NOT EXISTS audit_never_goes BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an entry is never deleted'); END;
PRAGMA user_version = 5;
";

/// The trigger that keeps events from being changed.
const EVENTS_NEVER_CHANGE: &str =
    "CREATE TRIGGER IF NOT EXISTS events_never_change BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: an event is never changed'); END;";

/// The trigger that keeps events from being deleted.
const EVENTS_NEVER_GO: &str = "CREATE TRIGGER IF NOT EXISTS events_never_go BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: an event is never deleted'); END;";

/// Which append-only rule of the events a write lifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventRule {
    /// Events are never changed (lifted to redact one).
    NeverChange,
    /// Events are never deleted (lifted to erase a case).
    NeverGo,
}

/// Runs `work` with the events' append-only rule `rule` lifted, inside the caller's transaction: the rule is back
/// before `work`'s result is returned, and a failed `work` (or a failed transaction) rolls the lifting back with
/// everything else, since SQLite's schema changes are transactional.
pub fn with_events_writable<T>(
    connection: &Connection,
    rule: EventRule,
    work: impl FnOnce() -> Result<T, crate::StoreError>,
) -> Result<T, crate::StoreError> {
    let (name, create) = match rule {
        EventRule::NeverChange => ("events_never_change", EVENTS_NEVER_CHANGE),
        EventRule::NeverGo => ("events_never_go", EVENTS_NEVER_GO),
    };
    let fail = |e| super::unavailable("lift the events' append-only rule", e);
    connection
        .execute_batch(&format!("DROP TRIGGER IF EXISTS {name}"))
        .map_err(fail)?;
    let result = work();
    connection.execute_batch(create).map_err(fail)?;
    result
}

/// Settings of every connection: WAL (readers never wait for the writer), a 32 MiB page cache, full synchronous commits (an
/// acknowledged write survives a power cut), foreign keys, a wait when another process holds the lock, and deleted
/// content overwritten with zeros (an erased case leaves no copy in free space).
pub const CONNECTION_SETTINGS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768; \
     PRAGMA secure_delete = ON;";

/// Applies the settings, creates missing tables and brings an older store up to this revision: events written
/// before links existed are linked once, under `key`, as they stand (from then on they are append-only).
pub fn prepare(connection: &Connection, key: &AuditKey) -> rusqlite::Result<()> {
    connection.execute_batch(CONNECTION_SETTINGS)?;
    let revision: u32 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    connection.execute_batch("BEGIN IMMEDIATE")?;
    let migrated = (|| {
        connection.execute_batch(SCHEMA)?;
        if revision < 4 {
            add_links(connection, key)?;
            seal_records(connection, key)?;
        }
        if revision < 5 {
            add_redaction_column(connection)?;
        }
        connection.execute_batch(EVENTS_NEVER_CHANGE)?;
        connection.execute_batch(EVENTS_NEVER_GO)?;
        connection.execute_batch(APPEND_ONLY)
    })();
    match migrated {
        Ok(()) => connection.execute_batch("COMMIT"),
        Err(error) => {
            let _ = connection.execute_batch("ROLLBACK");
            Err(error)
        }
    }
}

/// Adds the `redaction` column to an events table of revision 4 or older.
fn add_redaction_column(connection: &Connection) -> rusqlite::Result<()> {
    let has_redaction = connection
        .prepare("SELECT 1 FROM pragma_table_info('events') WHERE name = 'redaction'")?
        .exists([])?;
    if !has_redaction {
        connection.execute_batch("ALTER TABLE events ADD COLUMN redaction TEXT")?;
    }
    Ok(())
}

/// Adds the `seal` column to a cases table of revision 3 or older, and seals every case record as it stands.
fn seal_records(connection: &Connection, key: &AuditKey) -> rusqlite::Result<()> {
    let has_seal = connection
        .prepare("SELECT 1 FROM pragma_table_info('cases') WHERE name = 'seal'")?
        .exists([])?;
    if !has_seal {
        connection.execute_batch("ALTER TABLE cases ADD COLUMN seal TEXT")?;
    }
    let cases: Vec<(String, u64, String, Option<String>)> = connection
        .prepare(
            "SELECT cases.key, cases.version, cases.doc, events.link FROM cases \
             LEFT JOIN events ON events.case_key = cases.key AND events.seq = cases.version \
             WHERE cases.seal IS NULL",
        )?
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    for (case_key, version, doc, link) in cases {
        let seal = seal_record(
            key,
            &case_key,
            version,
            link.as_deref().unwrap_or_default(),
            &doc,
        );
        connection.execute(
            "UPDATE cases SET seal = ?2 WHERE key = ?1",
            params![case_key, seal],
        )?;
    }
    Ok(())
}

/// Adds the `link` column to an events table of revision 3 or older, and links every event in it.
fn add_links(connection: &Connection, key: &AuditKey) -> rusqlite::Result<()> {
    let has_link = connection
        .prepare("SELECT 1 FROM pragma_table_info('events') WHERE name = 'link'")?
        .exists([])?;
    if !has_link {
        connection.execute_batch("ALTER TABLE events ADD COLUMN link TEXT")?;
    }
    let rows: Vec<(String, u64, String)> = connection
        .prepare("SELECT case_key, seq, doc FROM events WHERE link IS NULL ORDER BY case_key, seq")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut previous: Option<(String, String)> = None;
    for (case_key, seq, doc) in rows {
        let before = match &previous {
            Some((key_before, link)) if *key_before == case_key => link.clone(),
            _ => String::new(),
        };
        let link = key.link(&case_scope(&case_key), seq, &before, &doc);
        connection.execute(
            "UPDATE events SET link = ?3 WHERE case_key = ?1 AND seq = ?2",
            params![case_key, seq, link],
        )?;
        previous = Some((case_key, link));
    }
    Ok(())
}
