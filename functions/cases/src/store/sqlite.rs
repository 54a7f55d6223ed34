//! The embedded backend: one SQLite file under the data directory, in WAL mode with full synchronous commits,
//! so a write the store acknowledged survives a crash of the process or the machine.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{CaseStore, Cursor, Page, QueueQuery, StoreError, queue_sort_key};
use crate::case::{Case, Event};
use crate::tracking::TrackingCode;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "cases.sqlite3";

const SCHEMA: &str = "
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
PRAGMA user_version = 1;
";

/// The SQLite case store. Cheap to clone; clones share one connection.
#[derive(Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn unavailable(operation: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("sqlite {operation}: {error}"))
}

impl SqliteStore {
    /// Opens (creating when missing) the store in `data_dir`, which is created too.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            unavailable("open", format!("cannot create {}: {e}", data_dir.display()))
        })?;
        let path = data_dir.join(DATABASE_FILE);
        let connection = Connection::open(&path)
            .map_err(|e| unavailable("open", format!("{}: {e}", path.display())))?;
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                 PRAGMA busy_timeout = 5000;",
            )
            .map_err(|e| unavailable("open", e))?;
        connection
            .execute_batch(SCHEMA)
            .map_err(|e| unavailable("migrate", e))?;
        Ok(SqliteStore {
            connection: Arc::new(Mutex::new(connection)),
            path,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on the connection on a blocking thread.
    async fn with_connection<T, F>(&self, operation: &'static str, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            let mut guard = connection
                .lock()
                .map_err(|_| unavailable(operation, "connection poisoned"))?;
            work(&mut guard)
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
        message: e.to_string(),
    })
}

#[async_trait]
impl CaseStore for SqliteStore {
    async fn create(&self, case: &Case, event: &Event) -> Result<(), StoreError> {
        let key = case.code.key().to_owned();
        let code = case.code.to_string();
        let (version, state, sort) = (case.version, case.state.key(), queue_sort_key(case));
        let (case_doc, event_doc) = (to_json(case, &case.code)?, to_json(event, &case.code)?);
        let seq = event.seq;
        self.with_connection("create", move |connection| {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| unavailable("create", e))?;
            let inserted = tx
                .execute(
                    "INSERT INTO cases (key, version, state, queue_sort, doc) VALUES (?1, ?2, ?3, ?4, ?5) \
                     ON CONFLICT (key) DO NOTHING",
                    params![key, version, state, sort, case_doc],
                )
                .map_err(|e| unavailable("create", e))?;
            if inserted == 0 {
                return Err(StoreError::DuplicateCode(code));
            }
            tx.execute(
                "INSERT INTO events (case_key, seq, doc) VALUES (?1, ?2, ?3)",
                params![key, seq, event_doc],
            )
            .map_err(|e| unavailable("create", e))?;
            tx.commit().map_err(|e| unavailable("create", e))
        })
        .await
    }

    async fn get(&self, code: &TrackingCode) -> Result<Option<Case>, StoreError> {
        let key = code.key().to_owned();
        self.with_connection("get", move |connection| {
            let doc: Option<String> = connection
                .query_row("SELECT doc FROM cases WHERE key = ?1", [&key], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(|e| unavailable("get", e))?;
            doc.map(|doc| from_json(&doc, &key)).transpose()
        })
        .await
    }

    async fn events(&self, code: &TrackingCode) -> Result<Vec<Event>, StoreError> {
        let key = code.key().to_owned();
        self.with_connection("events", move |connection| {
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
        let key = case.code.key().to_owned();
        let code = case.code.to_string();
        let expected = event.seq.saturating_sub(1);
        let (version, state, sort) = (case.version, case.state.key(), queue_sort_key(case));
        let (case_doc, event_doc) = (to_json(case, &case.code)?, to_json(event, &case.code)?);
        let seq = event.seq;
        self.with_connection("commit", move |connection| {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| unavailable("commit", e))?;
            let updated = tx
                .execute(
                    "UPDATE cases SET version = ?2, state = ?3, queue_sort = ?4, doc = ?5 \
                     WHERE key = ?1 AND version = ?6",
                    params![key, version, state, sort, case_doc, expected],
                )
                .map_err(|e| unavailable("commit", e))?;
            if updated == 0 {
                let exists = tx
                    .query_row("SELECT 1 FROM cases WHERE key = ?1", [&key], |_| Ok(()))
                    .optional()
                    .map_err(|e| unavailable("commit", e))?
                    .is_some();
                return Err(if exists {
                    StoreError::Conflict { code, expected }
                } else {
                    StoreError::NotFound(code)
                });
            }
            tx.execute(
                "INSERT INTO events (case_key, seq, doc) VALUES (?1, ?2, ?3)",
                params![key, seq, event_doc],
            )
            .map_err(|e| unavailable("commit", e))?;
            tx.commit().map_err(|e| unavailable("commit", e))
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
        self.with_connection("queue", move |connection| {
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
}
