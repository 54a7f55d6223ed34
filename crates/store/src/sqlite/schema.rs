//! The SQLite store's tables and connection settings.

use rusqlite::Connection;

/// Tables and indexes; `user_version` counts schema revisions. Revision 3 gave sequences (document numbers)
/// their own table; counters of document numbers kept among the rate limits before move there.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS cases (
    key        TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    state      TEXT NOT NULL,
    queue_sort TEXT NOT NULL,
    doc        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cases_queue ON cases (state, queue_sort);
CREATE TABLE IF NOT EXISTS events (
    case_key TEXT NOT NULL REFERENCES cases (key),
    seq      INTEGER NOT NULL,
    doc      TEXT NOT NULL,
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
PRAGMA user_version = 3;
";

/// Settings of every connection: WAL (readers never wait for the writer), a 32 MiB page cache, full synchronous commits (an
/// acknowledged write survives a power cut), foreign keys, and a wait when another process holds the lock.
pub const CONNECTION_SETTINGS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768;";

/// Applies the settings and creates missing tables.
pub fn prepare(connection: &Connection) -> rusqlite::Result<()> {
    connection.execute_batch(CONNECTION_SETTINGS)?;
    connection.execute_batch(SCHEMA)
}
