//! Whoever writes the events straight into the store, around it, is found out: an altered, removed, reordered
//! or forged event breaks its chain at that event, on SQLite (once its append-only triggers are dropped) and on
//! DynamoDB alike. So is an edited or truncated account audit log.

use aws_sdk_dynamodb::types::AttributeValue;
use csirt_domain::case::{Case, Change};
use csirt_store::chain::ChainBreak;
use csirt_store::{CaseStore, ChainOf, DATABASE_FILE, DynamoStore, SqliteStore};
use csirt_test_kit::aws::{create_table, dynamodb_client, moto_endpoint, unique_name};

use crate::support::*;

/// A case with four events, stored.
async fn four_events(store: &dyn CaseStore) -> Case {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let mut case = case;
    for (minutes, change) in [
        (1, Change::StartVerification),
        (
            2,
            Change::AddNote {
                text: text("Log diminta."),
            },
        ),
        (
            3,
            Change::AddNote {
                text: text("Log diterima."),
            },
        ),
    ] {
        let (next, event) = case.apply(change, staff("ayu"), at(minutes)).unwrap();
        store.commit(&next, &event).await.unwrap();
        case = next;
    }
    case
}

/// What checking the case's chain finds.
async fn verdict(store: &dyn CaseStore, case: &Case) -> Result<u64, ChainBreak> {
    store
        .verify_chain(&ChainOf::Case(case.code.clone()))
        .await
        .unwrap()
}

fn sqlite_shell(dir: &std::path::Path) -> rusqlite::Connection {
    let db = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
    db.execute_batch(
        "DROP TRIGGER events_never_change; DROP TRIGGER events_never_go; \
         DROP TRIGGER audit_never_changes; DROP TRIGGER audit_never_goes;",
    )
    .unwrap();
    db
}

#[tokio::test]
async fn sqlite_altered_removed_reordered_and_forged_events_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    let case = four_events(&store).await;
    let key = case.code.key().to_owned();
    assert_eq!(verdict(&store, &case).await, Ok(4));
    let db = sqlite_shell(dir.path());

    // Altered: the actor of event 2 rewritten.
    db.execute(
        "UPDATE events SET doc = replace(doc, '\"ayu\"', '\"kepala\"') WHERE case_key = ?1 AND seq = 2",
        [&key],
    )
    .unwrap();
    assert_eq!(
        verdict(&store, &case).await,
        Err(ChainBreak::Altered { seq: 2 })
    );

    // Reordered: events 3 and 4 swap places (each keeps the other's link).
    let other = four_events(&store).await;
    let other_key = other.code.key().to_owned();
    db.execute_batch(&format!(
        "UPDATE events SET seq = 99 WHERE case_key = '{other_key}' AND seq = 3;
         UPDATE events SET seq = 3 WHERE case_key = '{other_key}' AND seq = 4;
         UPDATE events SET seq = 4 WHERE case_key = '{other_key}' AND seq = 99;"
    ))
    .unwrap();
    assert_eq!(
        verdict(&store, &other).await,
        Err(ChainBreak::Altered { seq: 3 })
    );

    // Removed: event 2 of a third case deleted; and the last event of a fourth.
    let third = four_events(&store).await;
    db.execute(
        "DELETE FROM events WHERE case_key = ?1 AND seq = 2",
        [third.code.key()],
    )
    .unwrap();
    assert_eq!(
        verdict(&store, &third).await,
        Err(ChainBreak::Gap {
            expected: 2,
            found: 3
        })
    );
    let fourth = four_events(&store).await;
    db.execute(
        "DELETE FROM events WHERE case_key = ?1 AND seq = 4",
        [fourth.code.key()],
    )
    .unwrap();
    assert_eq!(
        verdict(&store, &fourth).await,
        Err(ChainBreak::Truncated {
            last: 3,
            expected: 4
        })
    );

    // Forged: an event 5 written without the key, with the case moved on to match.
    let fifth = four_events(&store).await;
    let (forged_case, forged) = fifth
        .apply(
            Change::AddNote {
                text: text("Palsu."),
            },
            staff("kepala"),
            at(9),
        )
        .unwrap();
    db.execute(
        "INSERT INTO events (case_key, seq, doc, link) VALUES (?1, 5, ?2, ?3)",
        rusqlite::params![
            fifth.code.key(),
            serde_json::to_string(&forged).unwrap(),
            "0".repeat(64)
        ],
    )
    .unwrap();
    db.execute(
        "UPDATE cases SET version = 5, doc = ?2 WHERE key = ?1",
        rusqlite::params![
            fifth.code.key(),
            serde_json::to_string(&forged_case).unwrap()
        ],
    )
    .unwrap();
    assert_eq!(
        verdict(&store, &fifth).await,
        Err(ChainBreak::Altered { seq: 5 })
    );
}

#[tokio::test]
async fn sqlite_a_case_record_changed_apart_from_its_events_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    let db = sqlite_shell(dir.path());

    // The report's description rewritten in the case record; the events untouched.
    let case = four_events(&store).await;
    db.execute(
        "UPDATE cases SET doc = replace(doc, 'Halaman depan', 'Tidak ada') WHERE key = ?1",
        [case.code.key()],
    )
    .unwrap();
    assert_eq!(verdict(&store, &case).await, Err(ChainBreak::RecordAltered));

    // The last event cut and the record's version set back to match.
    let other = four_events(&store).await;
    db.execute_batch(&format!(
        "DELETE FROM events WHERE case_key = '{key}' AND seq = 4;
         UPDATE cases SET version = 3 WHERE key = '{key}';",
        key = other.code.key()
    ))
    .unwrap();
    assert_eq!(
        verdict(&store, &other).await,
        Err(ChainBreak::RecordAltered)
    );
}

#[tokio::test]
async fn dynamodb_a_case_record_changed_apart_from_its_events_is_named() {
    let client = dynamodb_client(&moto_endpoint());
    let table = unique_name("cases");
    create_table(&client, &table).await;
    let store = DynamoStore::new(client.clone(), table.clone());
    let case = four_events(&store).await;
    let key: std::collections::HashMap<_, _> = [
        (
            "pk".to_owned(),
            AttributeValue::S(format!("CASE#{}", case.code.key())),
        ),
        ("sk".to_owned(), AttributeValue::S("CASE".into())),
    ]
    .into_iter()
    .collect();
    let mut item = client
        .get_item()
        .table_name(&table)
        .set_key(Some(key))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    let doc = item["doc"]
        .as_s()
        .unwrap()
        .replace("Halaman depan", "Tidak ada");
    item.insert("doc".into(), AttributeValue::S(doc));
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item))
        .send()
        .await
        .unwrap();
    assert_eq!(verdict(&store, &case).await, Err(ChainBreak::RecordAltered));
}

#[tokio::test]
async fn sqlite_an_edited_or_truncated_audit_log_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    for i in 0..3 {
        let change = csirt_domain::account::AccountChange::SignInRefused {
            login: format!("guess{i}"),
            reason: "no such account".into(),
        };
        let entry = csirt_domain::account::AuditEntry {
            at: at(i),
            actor: csirt_domain::case::Actor::System,
            change,
        };
        store.record_account(None, entry).await.unwrap();
    }
    let db = sqlite_shell(dir.path());
    db.execute("DELETE FROM audit_log WHERE seq = 3", [])
        .unwrap();
    assert_eq!(
        store.verify_chain(&ChainOf::Accounts).await.unwrap(),
        Err(ChainBreak::Truncated {
            last: 2,
            expected: 3
        })
    );
    db.execute(
        "UPDATE audit_log SET doc = replace(doc, 'guess0', 'admin') WHERE seq = 1",
        [],
    )
    .unwrap();
    assert_eq!(
        store.verify_chain(&ChainOf::Accounts).await.unwrap(),
        Err(ChainBreak::Altered { seq: 1 })
    );
}

#[tokio::test]
async fn dynamodb_altered_removed_and_forged_events_are_named() {
    let client = dynamodb_client(&moto_endpoint());
    let table = unique_name("cases");
    create_table(&client, &table).await;
    let store = DynamoStore::new(client.clone(), table.clone());
    let event_key = |case: &Case, seq: u32| {
        [
            (
                "pk".to_owned(),
                AttributeValue::S(format!("CASE#{}", case.code.key())),
            ),
            (
                "sk".to_owned(),
                AttributeValue::S(format!("EVENT#{seq:010}")),
            ),
        ]
        .into_iter()
        .collect::<std::collections::HashMap<_, _>>()
    };

    // Altered: event 2 rewritten in place, link kept.
    let case = four_events(&store).await;
    let item = client
        .get_item()
        .table_name(&table)
        .set_key(Some(event_key(&case, 2)))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    let mut altered = item.clone();
    let doc = item["doc"].as_s().unwrap().replace("\"ayu\"", "\"kepala\"");
    altered.insert("doc".into(), AttributeValue::S(doc));
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(altered))
        .send()
        .await
        .unwrap();
    assert_eq!(
        verdict(&store, &case).await,
        Err(ChainBreak::Altered { seq: 2 })
    );

    // Removed: event 3 deleted.
    let other = four_events(&store).await;
    client
        .delete_item()
        .table_name(&table)
        .set_key(Some(event_key(&other, 3)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        verdict(&store, &other).await,
        Err(ChainBreak::Gap {
            expected: 3,
            found: 4
        })
    );

    // Forged: an event 5 put straight into the table without a link.
    let third = four_events(&store).await;
    let (_, forged) = third
        .apply(
            Change::AddNote {
                text: text("Palsu."),
            },
            staff("kepala"),
            at(9),
        )
        .unwrap();
    let mut item = event_key(&third, 5);
    item.insert(
        "doc".into(),
        AttributeValue::S(serde_json::to_string(&forged).unwrap()),
    );
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(item))
        .send()
        .await
        .unwrap();
    assert_eq!(
        verdict(&store, &third).await,
        Err(ChainBreak::Unlinked { seq: 5 })
    );
}
