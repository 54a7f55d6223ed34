//! The embedded store keeps no expired rate-limit counter or idempotency record: each is deleted with the next
//! hit on any counter (DynamoDB's TTL does the same there), so neither the database nor its backups keep client
//! keys longer than their window.

use crate::support::{at, new_case};
use csirt_store::{CaseStore, DATABASE_FILE, Idempotency, SqliteStore};

fn rows(dir: &std::path::Path, table: &str) -> u32 {
    let db = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
        row.get(0)
    })
    .unwrap()
}

#[tokio::test]
async fn expired_counters_and_idempotency_records_are_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    for bucket in ["submit#a", "submit#b", "submit#c"] {
        store.count_hit(bucket, at(10), at(0)).await.unwrap();
    }
    let (case, event) = new_case(0);
    let record = Idempotency::new("kunci-1", "sidik".into(), at(15));
    store
        .submit(&case, &event, Some(&record), at(0))
        .await
        .unwrap();
    assert_eq!(rows(dir.path(), "rate_limits"), 3);
    assert_eq!(rows(dir.path(), "idempotency"), 1);

    // Within the windows nothing goes.
    store.count_hit("submit#d", at(30), at(9)).await.unwrap();
    assert_eq!(rows(dir.path(), "rate_limits"), 4);
    assert_eq!(rows(dir.path(), "idempotency"), 1);

    // Once past them, the next hit takes the expired counters and record away, and only those.
    store.count_hit("submit#e", at(30), at(16)).await.unwrap();
    assert_eq!(
        rows(dir.path(), "rate_limits"),
        2,
        "submit#d and submit#e stay"
    );
    assert_eq!(rows(dir.path(), "idempotency"), 0);
    assert_eq!(store.hits("submit#d", at(16)).await.unwrap(), 1);
    assert!(
        store.get(&case.code).await.unwrap().is_some(),
        "the case stays"
    );
}
