//! Accounts, the account audit log, console sessions and reading chains, on SQLite. Each function runs on a
//! connection the caller holds: reads on a reader, writes inside the writer's transaction.

use rusqlite::{Connection, OptionalExtension, params};

use super::schema::AUDIT_COUNTER;
use super::unavailable;
use crate::chain::{ACCOUNTS_SCOPE, AuditKey, ChainRow};
use crate::{ChainOf, Session, StoreError};
use csirt_domain::account::{Account, AuditEntry, AuditEvent, Login};

fn corrupt(what: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        code: what.to_owned(),
        message: error.to_string(),
    }
}

fn decode<T: serde::de::DeserializeOwned>(what: &str, doc: &str) -> Result<T, StoreError> {
    serde_json::from_str(doc).map_err(|e| {
        corrupt(
            what,
            format!("unreadable at line {} column {}", e.line(), e.column()),
        )
    })
}

fn encode(what: &str, value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| corrupt(what, e))
}

/// A chain's rows and, apart from them, how many there should be.
pub fn chain_rows(
    connection: &Connection,
    of: &ChainOf,
) -> Result<(Vec<ChainRow>, Option<u64>), StoreError> {
    let fail = |e| unavailable("chain_rows", e);
    let row = |row: &rusqlite::Row<'_>| {
        Ok(ChainRow {
            seq: row.get(0)?,
            doc: row.get(1)?,
            link: row.get(2)?,
            redaction: row.get(3)?,
        })
    };
    match of {
        ChainOf::Case(code) => {
            // The count first: events only ever grow, so rows read after it are never fewer.
            let version: Option<u64> = connection
                .query_row(
                    "SELECT version FROM cases WHERE key = ?1",
                    [code.key()],
                    |row| row.get(0),
                )
                .optional()
                .map_err(fail)?;
            let Some(version) = version else {
                return Err(StoreError::NotFound(code.to_string()));
            };
            let rows = connection
                .prepare_cached(
                    "SELECT seq, doc, link, redaction FROM events WHERE case_key = ?1 ORDER BY seq",
                )
                .and_then(|mut statement| {
                    statement
                        .query_map([code.key()], row)?
                        .collect::<Result<Vec<_>, _>>()
                })
                .map_err(fail)?;
            Ok((rows, Some(version)))
        }
        ChainOf::Accounts => {
            let count = audit_count(connection)?;
            let rows = connection
                .prepare_cached("SELECT seq, doc, link, NULL FROM audit_log ORDER BY seq")
                .and_then(|mut statement| {
                    statement.query_map([], row)?.collect::<Result<Vec<_>, _>>()
                })
                .map_err(fail)?;
            Ok((rows, Some(count)))
        }
    }
}

fn audit_count(connection: &Connection) -> Result<u64, StoreError> {
    connection
        .query_row(
            "SELECT value FROM sequences WHERE name = ?1",
            [AUDIT_COUNTER],
            |row| row.get::<_, u64>(0),
        )
        .optional()
        .map(Option::unwrap_or_default)
        .map_err(|e| unavailable("audit count", e))
}

/// The account with this login.
pub fn account(connection: &Connection, login: &Login) -> Result<Option<Account>, StoreError> {
    let doc: Option<String> = connection
        .prepare_cached("SELECT doc FROM accounts WHERE login = ?1")
        .and_then(|mut statement| {
            statement
                .query_row([login.as_str()], |row| row.get(0))
                .optional()
        })
        .map_err(|e| unavailable("account", e))?;
    doc.map(|doc| decode(&format!("account {login}"), &doc))
        .transpose()
}

/// Every account, by login.
pub fn accounts(connection: &Connection) -> Result<Vec<Account>, StoreError> {
    let docs = connection
        .prepare_cached("SELECT login, doc FROM accounts ORDER BY login")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })?
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| unavailable("accounts", e))?;
    docs.iter()
        .map(|(login, doc)| decode(&format!("account {login}"), doc))
        .collect()
}

/// Writes the account (when given) and the numbered, linked audit entry.
pub fn record(
    connection: &Connection,
    key: &AuditKey,
    account: Option<&Account>,
    entry: AuditEntry,
) -> Result<AuditEvent, StoreError> {
    let op = "record_account";
    let fail = |e| unavailable(op, e);
    if let Some(account) = account {
        let login = account.login.as_str();
        let doc = encode(&format!("account {login}"), account)?;
        let written = if account.version == 1 {
            connection
                .execute(
                    "INSERT INTO accounts (login, version, doc) VALUES (?1, 1, ?2) \
                     ON CONFLICT (login) DO NOTHING",
                    params![login, doc],
                )
                .map_err(fail)?
        } else {
            connection
                .execute(
                    "UPDATE accounts SET version = ?2, doc = ?3 WHERE login = ?1 AND version = ?4",
                    params![login, account.version, doc, account.version - 1],
                )
                .map_err(fail)?
        };
        if written == 0 {
            return Err(if account.version == 1 {
                StoreError::AccountExists(login.to_owned())
            } else {
                StoreError::AccountConflict(login.to_owned())
            });
        }
    }
    let seq: u64 = connection
        .query_row(
            "INSERT INTO sequences (name, value) VALUES (?1, 1) \
             ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value",
            [AUDIT_COUNTER],
            |row| row.get(0),
        )
        .map_err(fail)?;
    let previous: Option<String> = connection
        .query_row(
            "SELECT link FROM audit_log WHERE seq = ?1",
            [seq - 1],
            |row| row.get(0),
        )
        .optional()
        .map_err(fail)?
        .flatten();
    let event = entry.numbered(seq);
    let doc = encode("the audit log", &event)?;
    let link = key.link(ACCOUNTS_SCOPE, seq, &previous.unwrap_or_default(), &doc);
    connection
        .execute(
            "INSERT INTO audit_log (seq, doc, link) VALUES (?1, ?2, ?3)",
            params![seq, doc, link],
        )
        .map_err(fail)?;
    Ok(event)
}

/// The audit log, oldest first.
pub fn audit_log(connection: &Connection) -> Result<Vec<AuditEvent>, StoreError> {
    let docs = connection
        .prepare_cached("SELECT doc FROM audit_log ORDER BY seq")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| unavailable("audit_log", e))?;
    docs.iter()
        .map(|doc| decode("the audit log", doc))
        .collect()
}

/// Writes a session (new or touched).
pub fn put_session(connection: &Connection, session: &Session) -> Result<(), StoreError> {
    let doc = encode("a session", session)?;
    connection
        .execute(
            "INSERT INTO sessions (digest, doc) VALUES (?1, ?2) \
             ON CONFLICT (digest) DO UPDATE SET doc = excluded.doc",
            params![session.digest, doc],
        )
        .map(|_| ())
        .map_err(|e| unavailable("put_session", e))
}

/// The session with this token digest.
pub fn session(connection: &Connection, digest: &str) -> Result<Option<Session>, StoreError> {
    let doc: Option<String> = connection
        .query_row(
            "SELECT doc FROM sessions WHERE digest = ?1",
            [digest],
            |row| row.get(0),
        )
        .optional()
        .map_err(|e| unavailable("session", e))?;
    doc.map(|doc| decode("a session", &doc)).transpose()
}
