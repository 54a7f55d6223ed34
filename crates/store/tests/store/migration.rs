//! An embedded store written by an earlier version opens as it is: document-number counters kept among the rate
//! limits before sequences had their own table go on from where they were, so no number is issued twice.

use csirt_store::{CaseStore, DATABASE_FILE, SqliteStore};

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
    assert_eq!(version, 3);
}
