//! A reporter's rights on SQLite: redacting events in place under a redaction seal, and erasing a case with
//! everything stored under it — with deleted content zeroed (`secure_delete`) and the write-ahead log emptied
//! afterwards, so that no copy of the erased or redacted rows stays in a file of the data directory.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::checkpoint::{Mode, checkpoint};
use super::schema::{EventRule, with_events_writable};
use super::{Commit, unavailable};
use crate::chain::{AuditKey, case_scope};
use crate::{Erased, StoreError, StoredRows};

/// Replaces the stored text of each of `events` (number, redacted text) of the case `write` commits, keeping its
/// link and adding its redaction seal; inside the transaction of that commit (whose redaction event names them).
pub(super) fn redact_events(
    connection: &Connection,
    chain_key: &AuditKey,
    write: &Commit,
    events: &[(u32, String)],
) -> Result<(), StoreError> {
    let op = "redact";
    let scope = case_scope(&write.key);
    with_events_writable(connection, EventRule::NeverChange, || {
        for (seq, doc) in events {
            let link: Option<String> = connection
                .prepare_cached("SELECT link FROM events WHERE case_key = ?1 AND seq = ?2")
                .and_then(|mut statement| {
                    statement
                        .query_row(params![write.key, seq], |row| row.get(0))
                        .optional()
                })
                .map_err(|e| unavailable(op, e))?
                .flatten();
            let Some(link) = link else {
                return Err(StoreError::Corrupt {
                    code: write.code.clone(),
                    message: format!("event {seq}, to be redacted, is missing or has no link"),
                });
            };
            let seal = chain_key.redaction_seal(&scope, u64::from(*seq), &link, doc);
            connection
                .prepare_cached(
                    "UPDATE events SET doc = ?3, redaction = ?4 WHERE case_key = ?1 AND seq = ?2",
                )
                .and_then(|mut statement| statement.execute(params![write.key, seq, doc, seal]))
                .map_err(|e| unavailable(op, e))?;
        }
        Ok(())
    })
}

/// Deletes the case with key `key` (full code `code`), its events and the idempotency records naming it.
pub(super) fn erase(connection: &Connection, key: &str, code: &str) -> Result<Erased, StoreError> {
    let fail = |e| unavailable("erase", e);
    let events = with_events_writable(connection, EventRule::NeverGo, || {
        connection
            .execute("DELETE FROM events WHERE case_key = ?1", [key])
            .map_err(fail)
    })?;
    let idempotency_records = connection
        .execute("DELETE FROM idempotency WHERE code = ?1", [code])
        .map_err(fail)?;
    let case = connection
        .execute("DELETE FROM cases WHERE key = ?1", [key])
        .map_err(fail)?;
    Ok(Erased {
        case: case > 0,
        events: events as u64,
        idempotency_records: idempotency_records as u64,
    })
}

/// The rows of the case with key `key`: its record in `cases`, its events in `events`.
pub(super) fn case_rows(connection: &Connection, key: &str) -> Result<Vec<StoredRows>, StoreError> {
    let count = |sql: &str| {
        connection
            .prepare_cached(sql)
            .and_then(|mut statement| statement.query_row([key], |row| row.get::<_, u64>(0)))
            .map_err(|e| unavailable("whereabouts", e))
    };
    Ok(vec![
        StoredRows {
            table: "cases".into(),
            selected_by: format!("key = '{key}'"),
            count: count("SELECT COUNT(*) FROM cases WHERE key = ?1")?,
        },
        StoredRows {
            table: "events".into(),
            selected_by: format!("case_key = '{key}'"),
            count: count("SELECT COUNT(*) FROM events WHERE case_key = ?1")?,
        },
    ])
}

/// How often, and how long apart, emptying the write-ahead log is tried while readers or the checkpointer are in
/// the way.
const EMPTY_ATTEMPTS: u32 = 5;
const EMPTY_PAUSE: Duration = Duration::from_millis(100);
/// How long one attempt waits for readers to leave the log.
const EMPTY_WAIT: Duration = Duration::from_secs(2);

/// Copies every page of the write-ahead log into the database file and truncates the log to nothing, on a
/// connection of its own: the pages of an erased case (zeroed in the database by `secure_delete`) leave no
/// older copy behind in the log.
pub(super) fn empty_wal(path: &Path) -> Result<(), StoreError> {
    let fail = |e| unavailable("erase (empty the write-ahead log)", e);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).map_err(fail)?;
    connection.busy_timeout(EMPTY_WAIT).map_err(fail)?;
    for _ in 0..EMPTY_ATTEMPTS {
        if checkpoint(&connection, Mode::Truncate)
            .map_err(fail)?
            .complete()
        {
            return Ok(());
        }
        std::thread::sleep(EMPTY_PAUSE);
    }
    Err(unavailable(
        "erase or redact",
        "the case is erased or redacted, but the write-ahead log could not be emptied (readers kept it busy): \
         the store empties it when it next falls idle",
    ))
}
