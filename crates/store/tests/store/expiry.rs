//! The embedded store keeps no expired rate-limit counter or idempotency record: each is deleted with the next
//! hit or claim on any counter, so neither the database nor its backups keep client keys longer than their
//! window. On DynamoDB the table's TTL deletes them by their `expires_at`, lazily (up to days later): until then
//! every read and condition of the store treats an expired item as gone.

use aws_sdk_dynamodb::types::{AttributeValue, TimeToLiveStatus};
use csirt_store::{CaseStore, Claim, DATABASE_FILE, DynamoStore, Idempotency, SqliteStore};
use csirt_test_kit::aws::{create_table, dynamodb_client, moto_endpoint, unique_name};

use crate::support::{at, new_case};

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

#[tokio::test]
async fn a_claim_prunes_expired_rows_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    store.count_hit("submit#a", at(10), at(0)).await.unwrap();
    store.claim("cap#b", 5, 10, at(30), at(0)).await.unwrap();
    assert_eq!(rows(dir.path(), "rate_limits"), 2);
    store.claim("cap#c", 1, 10, at(30), at(11)).await.unwrap();
    assert_eq!(
        rows(dir.path(), "rate_limits"),
        2,
        "submit#a went, cap#c came"
    );
    assert_eq!(store.hits("submit#a", at(11)).await.unwrap(), 0);
}

/// The raw item `pk` of the table, read as DynamoDB holds it.
async fn raw_item(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    pk: &str,
    sk: &str,
) -> Option<std::collections::HashMap<String, AttributeValue>> {
    client
        .get_item()
        .table_name(table)
        .key("pk", AttributeValue::S(pk.to_owned()))
        .key("sk", AttributeValue::S(sk.to_owned()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
}

#[tokio::test]
async fn dynamodb_items_expire_by_their_ttl_attribute_and_reads_ignore_them_before_deletion() {
    let client = dynamodb_client(&moto_endpoint());
    let table = unique_name("expiry");
    create_table(&client, &table).await;
    let ttl = client
        .describe_time_to_live()
        .table_name(&table)
        .send()
        .await
        .unwrap();
    let ttl = ttl.time_to_live_description().unwrap();
    assert_eq!(ttl.time_to_live_status(), Some(&TimeToLiveStatus::Enabled));
    assert_eq!(ttl.attribute_name(), Some("expires_at"));

    let store = DynamoStore::new(client.clone(), &table);
    assert_eq!(store.count_hit("submit#a", at(10), at(0)).await.unwrap(), 1);
    assert_eq!(
        store.claim("cap#b", 4, 5, at(10), at(0)).await.unwrap(),
        Claim::Granted(4)
    );
    let (case, event) = new_case(0);
    let record = Idempotency::new("kunci-1", "sidik".into(), at(15));
    store
        .submit(&case, &event, Some(&record), at(0))
        .await
        .unwrap();

    // Every short-lived item carries its expiry in the TTL attribute, in epoch seconds.
    let idempotency_pk = format!("IDEM#{}", record.key_hash);
    for (pk, sk, expires) in [
        ("RATE#submit#a", "RATE", at(10)),
        ("RATE#cap#b", "RATE", at(10)),
        (idempotency_pk.as_str(), "IDEM", at(15)),
    ] {
        let item = raw_item(&client, &table, pk, sk).await.unwrap();
        assert_eq!(
            item.get("expires_at"),
            Some(&AttributeValue::N(expires.timestamp().to_string())),
            "{pk}"
        );
    }

    // Past their expiry, before TTL has deleted anything: the items are still there, and the store ignores them.
    let later = at(16);
    assert!(
        raw_item(&client, &table, "RATE#submit#a", "RATE")
            .await
            .is_some()
    );
    assert!(
        raw_item(&client, &table, &idempotency_pk, "IDEM")
            .await
            .is_some()
    );
    assert_eq!(store.hits("submit#a", later).await.unwrap(), 0);
    assert_eq!(
        store.count_hit("submit#a", at(30), later).await.unwrap(),
        1,
        "an expired counter starts afresh"
    );
    assert_eq!(
        store.claim("cap#b", 5, 5, at(30), later).await.unwrap(),
        Claim::Granted(5),
        "an expired claim counter starts afresh"
    );
    let (again, again_event) = new_case(16);
    let renewed = Idempotency::new("kunci-1", "lain".into(), at(80));
    assert_eq!(
        store
            .submit(&again, &again_event, Some(&renewed), later)
            .await
            .unwrap(),
        csirt_store::Submitted::New,
        "an expired idempotency record binds nothing, whatever it was for"
    );
}
