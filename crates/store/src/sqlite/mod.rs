//! The embedded backend: one SQLite file under the data directory, in WAL mode with full synchronous commits,
//! so a write the store acknowledged survives a crash of the process or the machine. Writes go through one
//! writer thread that commits them in groups ([`writer`]); a checkpointer thread copies the WAL into the database
//! file beside it ([`checkpoint`]); reads use a small pool of their own connections.

mod accounts;
mod checkpoint;
mod checks;
mod gate;
mod key;
mod privacy;
mod schema;
#[cfg(test)]
mod tests;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::{
    CaseStore, Claim, Cursor, Erased, Idempotency, Page, QueueQuery, StoreError, Submitted,
    queue_sort_key,
};
use crate::chain::{AuditKey, ChainRow, SealedRecord, case_scope, seal_record};
use crate::{ChainOf, Session};
use checkpoint::Policy;
use csirt_domain::account::{Account, AuditEntry, AuditEvent, Login};
use csirt_domain::case::{Case, DocumentCheck, Event, VerificationCode};
use csirt_domain::tracking::TrackingCode;
pub use key::KEY_FILE;
use writer::Writer;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "cases.sqlite3";

/// Idle read connections kept open.
const MAX_IDLE_READERS: usize = 8;

/// The SQLite case store. Cheap to clone; clones share the writer and the readers.
#[derive(Clone)]
pub struct SqliteStore {
    writer: Writer,
    readers: Arc<Mutex<Vec<Connection>>>,
    path: Arc<PathBuf>,
    key: AuditKey,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

pub(super) fn unavailable(operation: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("sqlite {operation}: {error}"))
}

/// Timestamps are stored as fixed-width RFC 3339 UTC text, so they compare as text.
fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

impl SqliteStore {
    /// Opens (creating when missing) the store in `data_dir`, which is created too.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        Self::open_with(data_dir, Policy::DEFAULT)
    }

    /// Opens the store with the WAL checkpointed as `policy` says.
    fn open_with(data_dir: &Path, policy: Policy) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            unavailable("open", format!("cannot create {}: {e}", data_dir.display()))
        })?;
        let path = data_dir.join(DATABASE_FILE);
        let connection = Connection::open(&path)
            .map_err(|e| unavailable("open", format!("{}: {e}", path.display())))?;
        if !data_dir.join(KEY_FILE).exists() && has_linked_events(&connection) {
            return Err(unavailable(
                "open",
                format!(
                    "{} is missing, but the events in {} are linked with it: restore it from the backup taken \
                     with the database (a new key would leave every history unverifiable)",
                    data_dir.join(KEY_FILE).display(),
                    path.display()
                ),
            ));
        }
        let key = key::load_or_create(data_dir)?;
        schema::prepare(&connection, &key).map_err(|e| unavailable("migrate", e))?;
        Ok(SqliteStore {
            writer: Writer::start(connection, &path, policy)?,
            readers: Arc::new(Mutex::new(Vec::new())),
            path: Arc::new(path),
            key,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on a read connection, on a blocking thread.
    async fn read<T, F>(&self, operation: &'static str, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let readers = Arc::clone(&self.readers);
        let path = Arc::clone(&self.path);
        tokio::task::spawn_blocking(move || {
            let idle = readers
                .lock()
                .map_err(|_| unavailable(operation, "reader pool poisoned"))?
                .pop();
            let connection = match idle {
                Some(connection) => connection,
                None => {
                    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                    let connection = Connection::open_with_flags(&*path, flags)
                        .map_err(|e| unavailable(operation, e))?;
                    connection
                        .execute_batch("PRAGMA busy_timeout = 5000;")
                        .map_err(|e| unavailable(operation, e))?;
                    connection
                }
            };
            let result = work(&connection);
            if let Ok(mut idle) = readers.lock()
                && idle.len() < MAX_IDLE_READERS
            {
                idle.push(connection);
            }
            result
        })
        .await
        .map_err(|e| unavailable(operation, e))?
    }
}

fn to_json<T: serde::Serialize>(value: &T, code: &TrackingCode) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        code: code.to_string(),
        message: e.to_string(),
    })
}

fn from_json<T: serde::de::DeserializeOwned>(doc: &str, code: &str) -> Result<T, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Corrupt {
        code: code.to_owned(),
        message: format!(
            "{} at line {} column {}",
            classify(&e),
            e.line(),
            e.column()
        ),
    })
}

/// The kind of a JSON error, without the quoted values serde_json puts in its messages.
fn classify(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Io => "an I/O error",
        serde_json::error::Category::Syntax => "malformed JSON",
        serde_json::error::Category::Data => "data that does not fit the type",
        serde_json::error::Category::Eof => "truncated JSON",
    }
}

/// Whether the database holds events linked under a key (none in a new or a pre-link database).
fn has_linked_events(connection: &Connection) -> bool {
    connection
        .query_row(
            "SELECT 1 FROM events WHERE link IS NOT NULL LIMIT 1",
            [],
            |_| Ok(()),
        )
        .is_ok()
}

/// Writes an event with its link.
fn insert_event(
    connection: &Connection,
    operation: &str,
    key: &str,
    seq: u32,
    doc: &str,
    link: &str,
) -> Result<(), StoreError> {
    connection
        .prepare_cached("INSERT INTO events (case_key, seq, doc, link) VALUES (?1, ?2, ?3, ?4)")
        .and_then(|mut statement| statement.execute(params![key, seq, doc, link]))
        .map(|_| ())
        .map_err(|e| unavailable(operation, e))
}

/// A case and its next event, ready to be written by [`Commit::run`].
pub(super) struct Commit {
    key: String,
    code: String,
    expected: u32,
    version: u32,
    state: &'static str,
    sort: String,
    case_doc: String,
    event_doc: String,
    seq: u32,
}

impl Commit {
    /// The write of `case` at version `event.seq` with `event`.
    pub(super) fn of(case: &Case, event: &Event) -> Result<Commit, StoreError> {
        Ok(Commit {
            key: case.code.key().to_owned(),
            code: case.code.to_string(),
            expected: event.seq.saturating_sub(1),
            version: case.version,
            state: case.state.key(),
            sort: queue_sort_key(case),
            case_doc: to_json(case, &case.code)?,
            event_doc: to_json(event, &case.code)?,
            seq: event.seq,
        })
    }

    /// Writes the case (sealed) and its event (linked to the one before), only if the stored case is at the
    /// version before.
    pub(super) fn run(
        &self,
        connection: &Connection,
        chain_key: &AuditKey,
        op: &str,
    ) -> Result<(), StoreError> {
        let Commit {
            key,
            code,
            expected,
            version,
            state,
            sort,
            case_doc,
            event_doc,
            seq,
        } = self;
        // The link of the event before (immutable: the version condition below makes it the last).
        let previous: Option<String> = connection
            .prepare_cached("SELECT link FROM events WHERE case_key = ?1 AND seq = ?2")
            .and_then(|mut statement| {
                statement
                    .query_row(params![key, seq - 1], |row| row.get(0))
                    .optional()
            })
            .map_err(|e| unavailable(op, e))?
            .flatten();
        let previous = previous.unwrap_or_default();
        let link = chain_key.link(&case_scope(key), u64::from(*seq), &previous, event_doc);
        let seal = seal_record(chain_key, key, u64::from(*version), &link, case_doc);
        let updated = connection
            .prepare_cached(
                "UPDATE cases SET version = ?2, state = ?3, queue_sort = ?4, doc = ?5, seal = ?7 \
                 WHERE key = ?1 AND version = ?6",
            )
            .and_then(|mut statement| {
                statement.execute(params![key, version, state, sort, case_doc, expected, seal])
            })
            .map_err(|e| unavailable(op, e))?;
        if updated == 0 {
            let exists = connection
                .query_row("SELECT 1 FROM cases WHERE key = ?1", [key], |_| Ok(()))
                .optional()
                .map_err(|e| unavailable(op, e))?
                .is_some();
            return Err(if exists {
                StoreError::Conflict {
                    code: code.clone(),
                    expected: *expected,
                }
            } else {
                StoreError::NotFound(code.clone())
            });
        }
        insert_event(connection, op, key, *seq, event_doc, &link)
    }
}

/// Deletes expired counters and idempotency records, so that neither table keeps what it no longer needs
/// (DynamoDB's TTL does this there). Runs with every hit and claim.
fn prune_expired(connection: &Connection, now: &str, op: &str) -> Result<(), StoreError> {
    for statement in [
        "DELETE FROM rate_limits WHERE expires_at <= ?1",
        "DELETE FROM idempotency WHERE expires_at <= ?1",
    ] {
        connection
            .prepare_cached(statement)
            .and_then(|mut statement| statement.execute(params![now]))
            .map_err(|e| unavailable(op, e))?;
    }
    Ok(())
}

/// [`CaseStore::claim`] inside the writer's transaction.
fn claim_in(
    connection: &Connection,
    bucket: &str,
    amount: u64,
    limit: u64,
    expires_at: &str,
    now: &str,
) -> Result<Claim, StoreError> {
    let op = "claim";
    let live: Option<(i64, String)> = connection
        .prepare_cached(
            "SELECT hits, expires_at FROM rate_limits WHERE bucket = ?1 AND expires_at > ?2",
        )
        .and_then(|mut statement| {
            statement
                .query_row(params![bucket, now], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()
        })
        .map_err(|e| unavailable(op, e))?;
    let total = live
        .as_ref()
        .map_or(0, |(hits, _)| u64::try_from(*hits).unwrap_or(0));
    let Some(after) = total.checked_add(amount).filter(|after| *after <= limit) else {
        return Ok(Claim::Refused(total));
    };
    let stored = i64::try_from(after).map_err(|e| unavailable(op, e))?;
    // A live counter keeps its window's end; a missing or expired one starts afresh with this one's.
    let expiry = live
        .as_ref()
        .map_or(expires_at, |(_, expiry)| expiry.as_str());
    connection
        .prepare_cached(
            "INSERT INTO rate_limits (bucket, hits, expires_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (bucket) DO UPDATE SET hits = excluded.hits, expires_at = excluded.expires_at",
        )
        .and_then(|mut statement| statement.execute(params![bucket, stored, expiry]))
        .map_err(|e| unavailable(op, e))?;
    Ok(Claim::Granted(after))
}

/// The outcome of the idempotency check inside a submission's transaction.
enum KeyCheck {
    /// No live record: go on and write.
    Free,
    /// A live record of the same submission, with its code.
    Repeated(String),
}

fn check_idempotency(
    connection: &Connection,
    idempotency: &Idempotency,
    now: &str,
) -> Result<KeyCheck, StoreError> {
    let op = "submit";
    let existing: Option<(String, String)> = connection
        .prepare_cached(
            "SELECT fingerprint, code FROM idempotency WHERE key_hash = ?1 AND expires_at > ?2",
        )
        .and_then(|mut statement| {
            statement
                .query_row(params![idempotency.key_hash, now], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()
        })
        .map_err(|e| unavailable(op, e))?;
    match existing {
        Some((fingerprint, code)) if fingerprint == idempotency.fingerprint => {
            Ok(KeyCheck::Repeated(code))
        }
        Some(_) => Err(StoreError::IdempotencyMismatch),
        None => Ok(KeyCheck::Free),
    }
}

#[async_trait]
impl CaseStore for SqliteStore {
    async fn submit(
        &self,
        case: &Case,
        event: &Event,
        idempotency: Option<&Idempotency>,
        now: DateTime<Utc>,
    ) -> Result<Submitted, StoreError> {
        let key = case.code.key().to_owned();
        let code = case.code.to_string();
        let (version, state, sort) = (case.version, case.state.key(), queue_sort_key(case));
        let (case_doc, event_doc) = (to_json(case, &case.code)?, to_json(event, &case.code)?);
        let seq = event.seq;
        let link = self
            .key
            .link(&case_scope(&key), u64::from(seq), "", &event_doc);
        let seal = seal_record(&self.key, &key, u64::from(version), &link, &case_doc);
        let idempotency = idempotency.cloned();
        let now = timestamp(now);
        self.writer
            .write("submit", move |connection| {
                let op = "submit";
                if let Some(record) = &idempotency
                    && let KeyCheck::Repeated(code) = check_idempotency(connection, record, &now)?
                {
                    let code = TrackingCode::parse(&code).map_err(|e| StoreError::Corrupt {
                        code: code.clone(),
                        message: e.to_string(),
                    })?;
                    return Ok(Submitted::Repeated(code));
                }
                let inserted = connection
                    .prepare_cached(
                        "INSERT INTO cases (key, version, state, queue_sort, doc, seal) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (key) DO NOTHING",
                    )
                    .and_then(|mut statement| {
                        statement.execute(params![key, version, state, sort, case_doc, seal])
                    })
                    .map_err(|e| unavailable(op, e))?;
                if inserted == 0 {
                    return Err(StoreError::DuplicateCode(code));
                }
                insert_event(connection, op, &key, seq, &event_doc, &link)?;
                if let Some(record) = &idempotency {
                    connection
                        .prepare_cached(
                            "INSERT INTO idempotency (key_hash, fingerprint, code, expires_at) \
                             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key_hash) DO UPDATE SET \
                             fingerprint = excluded.fingerprint, code = excluded.code, \
                             expires_at = excluded.expires_at",
                        )
                        .and_then(|mut statement| {
                            statement.execute(params![
                                record.key_hash,
                                record.fingerprint,
                                code,
                                timestamp(record.expires_at)
                            ])
                        })
                        .map_err(|e| unavailable(op, e))?;
                }
                Ok(Submitted::New)
            })
            .await
    }

    async fn get(&self, code: &TrackingCode) -> Result<Option<Case>, StoreError> {
        let key = code.key().to_owned();
        self.read("get", move |connection| {
            let doc: Option<String> = connection
                .prepare_cached("SELECT doc FROM cases WHERE key = ?1")
                .and_then(|mut statement| statement.query_row([&key], |row| row.get(0)).optional())
                .map_err(|e| unavailable("get", e))?;
            doc.map(|doc| from_json(&doc, &key)).transpose()
        })
        .await
    }

    async fn events(&self, code: &TrackingCode) -> Result<Vec<Event>, StoreError> {
        let key = code.key().to_owned();
        self.read("events", move |connection| {
            let mut statement = connection
                .prepare_cached("SELECT doc FROM events WHERE case_key = ?1 ORDER BY seq")
                .map_err(|e| unavailable("events", e))?;
            let docs = statement
                .query_map([&key], |row| row.get::<_, String>(0))
                .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                .map_err(|e| unavailable("events", e))?;
            docs.iter().map(|doc| from_json(doc, &key)).collect()
        })
        .await
    }

    async fn commit(&self, case: &Case, event: &Event) -> Result<(), StoreError> {
        let write = Commit::of(case, event)?;
        let chain_key = self.key.clone();
        self.writer
            .write("commit", move |connection| {
                write.run(connection, &chain_key, "commit")
            })
            .await
    }

    async fn queue(&self, query: &QueueQuery) -> Result<Page, StoreError> {
        let state = query.state.key();
        let after = query
            .after
            .as_ref()
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default();
        let limit = query.limit.clamp(1, 1000);
        self.read("queue", move |connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT key, doc FROM cases WHERE state = ?1 AND queue_sort > ?2 ORDER BY queue_sort LIMIT ?3",
                )
                .map_err(|e| unavailable("queue", e))?;
            let rows = statement
                .query_map(params![state, after, limit], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })
                .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                .map_err(|e| unavailable("queue", e))?;
            let cases = rows
                .iter()
                .map(|(key, doc)| from_json::<Case>(doc, key))
                .collect::<Result<Vec<_>, _>>()?;
            let full = cases.len() == limit as usize;
            let next = if full { cases.last().map(Cursor::after) } else { None };
            Ok(Page { cases, next })
        })
        .await
    }

    async fn count_hit(
        &self,
        bucket: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let bucket = bucket.to_owned();
        let (expires_at, now) = (timestamp(expires_at), timestamp(now));
        self.writer
            .write("count_hit", move |connection| {
                connection
                    .prepare_cached(
                        "INSERT INTO rate_limits (bucket, hits, expires_at) VALUES (?1, 1, ?2) \
                         ON CONFLICT (bucket) DO UPDATE SET \
                         hits = CASE WHEN rate_limits.expires_at <= ?3 THEN 1 ELSE rate_limits.hits + 1 END, \
                         expires_at = CASE WHEN rate_limits.expires_at <= ?3 THEN excluded.expires_at \
                                      ELSE rate_limits.expires_at END \
                         RETURNING hits",
                    )
                    .and_then(|mut statement| {
                        statement.query_row(params![bucket, expires_at, now], |row| {
                            row.get::<_, u32>(0)
                        })
                    })
                    .map_err(|e| unavailable("count_hit", e))
                    .and_then(|hits| prune_expired(connection, &now, "count_hit").map(|()| hits))
            })
            .await
    }

    async fn claim(
        &self,
        bucket: &str,
        amount: u64,
        limit: u64,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Claim, StoreError> {
        let bucket = bucket.to_owned();
        let (expires_at, now) = (timestamp(expires_at), timestamp(now));
        self.writer
            .write("claim", move |connection| {
                // The writer runs one write at a time: reading the total and writing the new one is atomic.
                let claim = claim_in(connection, &bucket, amount, limit, &expires_at, &now)?;
                prune_expired(connection, &now, "claim")?;
                Ok(claim)
            })
            .await
    }

    async fn hits(&self, bucket: &str, now: DateTime<Utc>) -> Result<u32, StoreError> {
        let (bucket, now) = (bucket.to_owned(), timestamp(now));
        self.read("hits", move |connection| {
            connection
                .prepare_cached(
                    "SELECT hits FROM rate_limits WHERE bucket = ?1 AND expires_at > ?2",
                )
                .and_then(|mut statement| {
                    statement
                        .query_row(params![bucket, now], |row| row.get::<_, u32>(0))
                        .optional()
                })
                .map(Option::unwrap_or_default)
                .map_err(|e| unavailable("hits", e))
        })
        .await
    }

    async fn release(
        &self,
        bucket: &str,
        amount: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (bucket, now) = (bucket.to_owned(), timestamp(now));
        let amount = i64::try_from(amount).unwrap_or(i64::MAX);
        self.writer
            .write("release", move |connection| {
                connection
                    .prepare_cached(
                        "UPDATE rate_limits SET hits = max(hits - ?2, 0) \
                         WHERE bucket = ?1 AND expires_at > ?3",
                    )
                    .and_then(|mut statement| statement.execute(params![bucket, amount, now]))
                    .map(|_| ())
                    .map_err(|e| unavailable("release", e))
            })
            .await
    }

    async fn next_in_sequence(&self, name: &str) -> Result<u32, StoreError> {
        let name = name.to_owned();
        self.writer
            .write("next_in_sequence", move |connection| {
                connection
                    .prepare_cached(
                        "INSERT INTO sequences (name, value) VALUES (?1, 1) \
                         ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 \
                         RETURNING value",
                    )
                    .and_then(|mut statement| {
                        statement.query_row(params![name], |row| row.get::<_, u32>(0))
                    })
                    .map_err(|e| unavailable("next_in_sequence", e))
            })
            .await
    }

    async fn audit_key(&self) -> Result<AuditKey, StoreError> {
        Ok(self.key.clone())
    }

    async fn chain_rows(&self, of: &ChainOf) -> Result<(Vec<ChainRow>, Option<u64>), StoreError> {
        let of = of.clone();
        self.read("chain_rows", move |connection| {
            accounts::chain_rows(connection, &of)
        })
        .await
    }

    async fn sealed_record(&self, code: &TrackingCode) -> Result<SealedRecord, StoreError> {
        let key = code.key().to_owned();
        let name = code.to_string();
        self.read("sealed_record", move |connection| {
            connection
                .query_row(
                    "SELECT version, doc, seal FROM cases WHERE key = ?1",
                    [&key],
                    |row| {
                        Ok(SealedRecord {
                            version: row.get(0)?,
                            doc: row.get(1)?,
                            seal: row.get(2)?,
                        })
                    },
                )
                .optional()
                .map_err(|e| unavailable("sealed_record", e))?
                .ok_or(StoreError::NotFound(name))
        })
        .await
    }

    async fn chained_cases(&self) -> Result<Vec<String>, StoreError> {
        self.read("chained_cases", |connection| {
            connection
                .prepare_cached("SELECT DISTINCT case_key FROM events ORDER BY case_key")
                .and_then(|mut statement| {
                    statement
                        .query_map([], |row| row.get::<_, String>(0))?
                        .collect::<Result<Vec<_>, _>>()
                })
                .map_err(|e| unavailable("chained_cases", e))
        })
        .await
    }

    async fn account(&self, login: &Login) -> Result<Option<Account>, StoreError> {
        let login = login.clone();
        self.read("account", move |connection| {
            accounts::account(connection, &login)
        })
        .await
    }

    async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.read("accounts", accounts::accounts).await
    }

    async fn record_account(
        &self,
        account: Option<&Account>,
        entry: AuditEntry,
    ) -> Result<AuditEvent, StoreError> {
        let account = account.cloned();
        let key = self.key.clone();
        self.writer
            .write("record_account", move |connection| {
                accounts::record(connection, &key, account.as_ref(), entry)
            })
            .await
    }

    async fn audit_log(&self) -> Result<Vec<AuditEvent>, StoreError> {
        self.read("audit_log", accounts::audit_log).await
    }

    async fn put_document_check(&self, check: &DocumentCheck) -> Result<(), StoreError> {
        let check = check.clone();
        self.writer
            .write("put_document_check", move |connection| {
                checks::put_document_check(connection, &check)
            })
            .await
    }

    async fn document_check(
        &self,
        code: &VerificationCode,
    ) -> Result<Option<DocumentCheck>, StoreError> {
        let code = code.clone();
        self.read("document_check", move |connection| {
            checks::document_check(connection, &code)
        })
        .await
    }

    async fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        let session = session.clone();
        self.writer
            .write("put_session", move |connection| {
                accounts::put_session(connection, &session)
            })
            .await
    }

    async fn session(&self, digest: &str) -> Result<Option<Session>, StoreError> {
        let digest = digest.to_owned();
        self.read("session", move |connection| {
            accounts::session(connection, &digest)
        })
        .await
    }

    async fn touch_session(&self, digest: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let digest = digest.to_owned();
        self.writer
            .write(
                "touch_session",
                move |connection| match accounts::session(connection, &digest)? {
                    Some(mut session) => {
                        session.last_seen = at;
                        accounts::put_session(connection, &session)
                    }
                    None => Ok(()),
                },
            )
            .await
    }

    async fn redact(
        &self,
        case: &Case,
        event: &Event,
        redacted: &[Event],
    ) -> Result<(), StoreError> {
        let write = Commit::of(case, event)?;
        let events = redacted
            .iter()
            .map(|event| Ok((event.seq, to_json(event, &case.code)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let chain_key = self.key.clone();
        self.writer
            .write("redact", move |connection| {
                write.run(connection, &chain_key, "redact")?;
                privacy::redact_events(connection, &chain_key, &write, &events)
            })
            .await?;
        // The pages as they were before the redaction are still in the write-ahead log.
        let path = Arc::clone(&self.path);
        tokio::task::spawn_blocking(move || privacy::empty_wal(&path))
            .await
            .map_err(|e| unavailable("redact", e))?
    }

    async fn erase(&self, code: &TrackingCode) -> Result<Erased, StoreError> {
        let (key, name) = (code.key().to_owned(), code.to_string());
        let erased = self
            .writer
            .write("erase", move |connection| {
                privacy::erase(connection, &key, &name)
            })
            .await?;
        let path = Arc::clone(&self.path);
        tokio::task::spawn_blocking(move || privacy::empty_wal(&path))
            .await
            .map_err(|e| unavailable("erase", e))??;
        Ok(erased)
    }

    async fn whereabouts(&self, code: &TrackingCode) -> Result<crate::Whereabouts, StoreError> {
        let key = code.key().to_owned();
        let rows = self
            .read("whereabouts", move |connection| {
                privacy::case_rows(connection, &key)
            })
            .await?;
        Ok(crate::Whereabouts {
            store: format!("SQLite database {}", self.path.display()),
            rows,
        })
    }

    async fn end_session(&self, digest: &str) -> Result<(), StoreError> {
        let digest = digest.to_owned();
        self.writer
            .write("end_session", move |connection| {
                connection
                    .execute("DELETE FROM sessions WHERE digest = ?1", [&digest])
                    .map(|_| ())
                    .map_err(|e| unavailable("end_session", e))
            })
            .await
    }
}
