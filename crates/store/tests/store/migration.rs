//! An embedded store written by an earlier version opens as it is: document-number counters kept among the rate
//! limits before sequences had their own table go on from where they were, so no number is issued twice; events
//! written before they were linked are linked as they stand, and are append-only from then on.

use crate::support::{new_case, staff};
use csirt_domain::case::Change;
use csirt_store::{CaseStore, ChainOf, DATABASE_FILE, SqliteStore};

#[tokio::test]
async fn document_counters_kept_among_rate_limits_carry_on_as_sequences() {
    let dir = tempfile::tempdir().unwrap();
    {
        let old = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        old.execute_batch(
            "CREATE TABLE rate_limits (bucket TEXT PRIMARY KEY, hits INTEGER NOT NULL, \
             expires_at TEXT NOT NULL) WITHOUT ROWID;
             INSERT INTO rate_limits VALUES ('document-number:analysis_report:2026', 7, '2028-01-01T00:00:00Z');
             INSERT INTO rate_limits VALUES ('client-x#w1', 3, '2026-11-29T00:10:00Z');
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let store = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(
        store
            .next_in_sequence("document-number:analysis_report:2026")
            .await
            .unwrap(),
        8
    );
    drop(store);
    let db = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    let left: Vec<String> = db
        .prepare("SELECT bucket FROM rate_limits ORDER BY bucket")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(left, ["client-x#w1"], "only the real rate limit stays");
    let version: u32 = db
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 5);
}

#[tokio::test]
async fn events_of_an_older_store_are_linked_once_and_then_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let (case, event) = new_case(0);
    let (next, second) = case
        .apply(Change::StartVerification, staff("andi"), event.at)
        .unwrap();
    {
        let old = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        old.execute_batch(
            "CREATE TABLE cases (key TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL, \
             queue_sort TEXT NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;
             CREATE TABLE events (case_key TEXT NOT NULL REFERENCES cases (key), seq INTEGER NOT NULL, \
             doc TEXT NOT NULL, PRIMARY KEY (case_key, seq)) WITHOUT ROWID;
             PRAGMA user_version = 3;",
        )
        .unwrap();
        let key = next.code.key();
        old.execute(
            "INSERT INTO cases VALUES (?1, 2, 'verifying', 'x', ?2)",
            rusqlite::params![key, serde_json::to_string(&next).unwrap()],
        )
        .unwrap();
        for e in [&event, &second] {
            old.execute(
                "INSERT INTO events VALUES (?1, ?2, ?3)",
                rusqlite::params![key, e.seq, serde_json::to_string(e).unwrap()],
            )
            .unwrap();
        }
    }
    let store = SqliteStore::open(dir.path()).unwrap();
    let of = ChainOf::Case(next.code.clone());
    assert_eq!(store.verify_chain(&of).await.unwrap(), Ok(2));
    assert_eq!(store.events(&next.code).await.unwrap(), [event, second]);
    drop(store);
    let db = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    let refused = db
        .execute("UPDATE events SET doc = '{}' WHERE seq = 1", [])
        .unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    let refused = db.execute("DELETE FROM events", []).unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
}

#[tokio::test]
async fn a_lost_audit_key_is_not_silently_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    drop(store);
    std::fs::remove_file(dir.path().join(csirt_store::KEY_FILE)).unwrap();
    let refused = SqliteStore::open(dir.path()).unwrap_err().to_string();
    assert!(
        refused.contains("audit.key is missing") && refused.contains("restore it from the backup"),
        "{refused}"
    );
    assert!(
        !dir.path().join(csirt_store::KEY_FILE).exists(),
        "no new key was made"
    );
}
