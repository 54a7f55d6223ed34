//! A reporter's rights, backend by backend: after an erasure no byte of the reporter's name, e-mail address or
//! telephone number is left in any file of the embedded store's data directory (database, write-ahead log,
//! shared memory, evidence); a redacted event written over again around the store breaks its chain, on SQLite
//! and on DynamoDB; the evidence stores delete a file, and a case's files, with every stored version.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aws_sdk_dynamodb::types::AttributeValue;
use csirt_domain::case::{Actor, Case, Change, Event};
use csirt_domain::digest::sha256_hex;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::report::ReportInput;
use csirt_domain::text::MessageText;
use csirt_domain::tracking::TrackingCode;
use csirt_store::chain::ChainBreak;
use csirt_store::evidence::{DirectoryEvidence, EvidenceStore, S3Evidence};
use csirt_store::{CaseStore, ChainOf, DATABASE_FILE, DynamoStore, SqliteStore};
use csirt_test_kit::aws::{
    create_bucket, create_table, dynamodb_client, moto_endpoint, s3_client, unique_name,
};
use csirt_test_kit::cases::receive;

use crate::support::*;

const NAME: &str = "Wiraguna Hapusaku Sentosa";
const EMAIL: &str = "wiraguna.hapusaku@contoh.id";
const PHONE: [&str; 2] = ["0812-4321-8765", "+6281243218765"];

/// A report of the reporter whose data must go, with `description`.
fn their_case(minutes: i64, description: &str) -> (Case, Event) {
    let input = ReportInput::from_pairs([
        ("reporter_name", NAME),
        ("reporter_email", EMAIL),
        ("reporter_phone", PHONE[0]),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", description),
        ("affected_url", "https://dinkes.tegalkab.go.id"),
    ]);
    let report = csirt_test_kit::reports::parse(&input, at(minutes), 7);
    receive("TGL", report, at(minutes))
}

/// Every file under `dir`, with its bytes (a file SQLite removes meanwhile, its `-wal` or `-shm` on closing,
/// is left out).
fn every_file(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(every_file(&path));
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => files.push((path, bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
    }
    files
}

/// Where `needle` is found in the files under `dir`.
fn found_in(dir: &Path, needle: &str) -> Vec<PathBuf> {
    every_file(dir)
        .into_iter()
        .filter(|(_, bytes)| {
            bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
        })
        .map(|(path, _)| path)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_an_erased_case_leaves_no_byte_of_the_reporter_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = SqliteStore::open(&data).unwrap();
    let evidence = DirectoryEvidence::open(data.join("evidence")).unwrap();
    // Other cases around it, before and after, so that its rows share pages with theirs.
    let mut others = Vec::new();
    for n in 0..20 {
        let (case, event) = new_case(n);
        store.create(&case, &event).await.unwrap();
        others.push(case);
    }
    let (case, event) = their_case(30, "Situs dinas diretas, kata pelapor.");
    let file = EvidenceFile::from_upload(format!("log dari {NAME} <{EMAIL}>\n").into_bytes())
        .unwrap()
        .named("log-wiraguna.txt");
    evidence.put(case.code.key(), &file).await.unwrap();
    store.create(&case, &event).await.unwrap();
    let mut case = case;
    for minutes in 31..36 {
        let reply = Change::ReporterReply {
            text: MessageText::parse(&format!("Ini {NAME}, nomor saya {}.", PHONE[0])).unwrap(),
            files: Vec::new(),
            key: None,
        };
        let (next, event) = case.apply(reply, Actor::Reporter, at(minutes)).unwrap();
        store.commit(&next, &event).await.unwrap();
        case = next;
    }
    for n in 40..60 {
        let (other, event) = new_case(n);
        store.create(&other, &event).await.unwrap();
        others.push(other);
    }
    assert!(
        !found_in(&data, EMAIL).is_empty(),
        "the test looks for what is there"
    );

    evidence.delete_case(case.code.key()).await.unwrap();
    let erased = store.erase(&case.code).await.unwrap();
    assert_eq!((erased.case, erased.events), (true, 6));

    for secret in [NAME, EMAIL, PHONE[0], PHONE[1], "Wiraguna", "hapusaku"] {
        let found = found_in(&data, secret);
        assert!(found.is_empty(), "{secret:?} is left in {found:?}");
    }
    // And the rest of the store is whole.
    for other in &others {
        assert_eq!(
            store
                .verify_chain(&ChainOf::Case(other.code.clone()))
                .await
                .unwrap(),
            Ok(1)
        );
    }
    drop(store);
    for secret in [NAME, EMAIL, PHONE[1]] {
        assert!(found_in(&data, secret).is_empty(), "{secret:?} once closed");
    }
}

/// A case with a reply of the reporter's, redacted through the store; its code.
async fn redacted_case(store: &dyn CaseStore) -> Case {
    let (case, event) = their_case(0, "Situs diretas.");
    store.create(&case, &event).await.unwrap();
    let reply = Change::ReporterReply {
        text: MessageText::parse(&format!("Nomor saya {}.", PHONE[0])).unwrap(),
        files: Vec::new(),
        key: None,
    };
    let (case, second) = case.apply(reply, Actor::Reporter, at(1)).unwrap();
    store.commit(&case, &second).await.unwrap();
    let events = store.events(&case.code).await.unwrap();
    let redaction = case
        .redact_reporter(&events, true, staff("kepala"), at(2))
        .unwrap();
    store
        .redact(&redaction.case, &redaction.event, &redaction.events)
        .await
        .unwrap();
    assert_eq!(
        store
            .verify_chain(&ChainOf::Case(case.code.clone()))
            .await
            .unwrap(),
        Ok(3)
    );
    redaction.case
}

async fn verdict(store: &dyn CaseStore, case: &Case) -> Result<u64, ChainBreak> {
    store
        .verify_chain(&ChainOf::Case(case.code.clone()))
        .await
        .unwrap()
}

#[tokio::test]
async fn sqlite_a_redacted_event_written_over_around_the_store_breaks_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    let case = redacted_case(&store).await;
    let db = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    // Events stay append-only for everyone else.
    assert!(
        db.execute(
            "UPDATE events SET doc = replace(doc, 'dihapus', 'diubah') WHERE case_key = ?1 AND seq = 2",
            [case.code.key()],
        )
        .is_err()
    );
    db.execute_batch("DROP TRIGGER events_never_change")
        .unwrap();
    db.execute(
        "UPDATE events SET doc = replace(doc, 'dihapus', 'diubah') WHERE case_key = ?1 AND seq = 2",
        [case.code.key()],
    )
    .unwrap();
    assert_eq!(
        verdict(&store, &case).await,
        Err(ChainBreak::Altered { seq: 2 })
    );

    // The redaction seal removed: the redacted text does not match the link of the text first written.
    let other = redacted_case(&store).await;
    let unseal = "UPDATE events SET redaction = NULL WHERE case_key = ?1 AND seq = 2";
    assert!(
        db.execute(unseal, [other.code.key()]).is_err(),
        "the store's redaction put the append-only rule back"
    );
    db.execute_batch("DROP TRIGGER events_never_change")
        .unwrap();
    db.execute(unseal, [other.code.key()]).unwrap();
    assert_eq!(
        verdict(&store, &other).await,
        Err(ChainBreak::Altered { seq: 2 })
    );
}

#[tokio::test]
async fn dynamodb_a_redacted_event_written_over_around_the_store_breaks_its_chain() {
    let client = dynamodb_client(&moto_endpoint());
    let table = unique_name("cases");
    create_table(&client, &table).await;
    let store = DynamoStore::new(client.clone(), table.clone());
    let case = redacted_case(&store).await;
    let key = std::collections::HashMap::from([
        (
            "pk".to_owned(),
            AttributeValue::S(format!("CASE#{}", case.code.key())),
        ),
        (
            "sk".to_owned(),
            AttributeValue::S(format!("EVENT#{:010}", 2)),
        ),
    ]);
    let item = client
        .get_item()
        .table_name(&table)
        .set_key(Some(key.clone()))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    assert!(item.contains_key("redaction"));
    let doc = item["doc"].as_s().unwrap().replace("dihapus", "diubah");
    client
        .update_item()
        .table_name(&table)
        .set_key(Some(key))
        .update_expression("SET doc = :doc")
        .expression_attribute_values(":doc", AttributeValue::S(doc))
        .send()
        .await
        .unwrap();
    assert_eq!(
        verdict(&store, &case).await,
        Err(ChainBreak::Altered { seq: 2 })
    );
}

fn fresh_key() -> String {
    TrackingCode::generate(&prefix()).unwrap().key().to_owned()
}

/// Deleting one file and a case's files, on `store`; `versions` counts what the backend still keeps under a
/// case key (every version and delete marker).
async fn files_are_deleted_with_every_version<F, Fut>(store: Arc<dyn EvidenceStore>, versions: F)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = usize>,
{
    let case = fresh_key();
    let other = fresh_key();
    let first = EvidenceFile::from_upload(b"log pertama\n".to_vec()).unwrap();
    let second = EvidenceFile::from_upload(b"log kedua\n".to_vec()).unwrap();
    for file in [&first, &second] {
        store.put(&case, file).await.unwrap();
        store.put(&other, file).await.unwrap();
    }
    // Stored twice: two versions where the store keeps versions.
    store.put(&case, &first).await.unwrap();

    store.delete(&case, first.sha256()).await.unwrap();
    assert_eq!(store.get(&case, first.sha256()).await.unwrap(), None);
    assert!(store.get(&case, second.sha256()).await.unwrap().is_some());
    store
        .delete(&case, &sha256_hex(b"never stored"))
        .await
        .unwrap();

    store.put(&case, &first).await.unwrap();
    assert_eq!(store.delete_case(&case).await.unwrap(), 2);
    assert_eq!(versions(case.clone()).await, 0, "no version is left");
    for file in [&first, &second] {
        assert_eq!(store.get(&case, file.sha256()).await.unwrap(), None);
        assert!(
            store.get(&other, file.sha256()).await.unwrap().is_some(),
            "another case's files stay"
        );
    }
    assert_eq!(store.delete_case(&case).await.unwrap(), 0);
    assert!(store.delete_case("../etc").await.is_err());
}

#[tokio::test]
async fn directory_files_are_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("evidence");
    let store = Arc::new(DirectoryEvidence::open(&root).unwrap());
    files_are_deleted_with_every_version(store, |case| {
        let path = root.join("cases").join(case);
        async move { std::fs::read_dir(path).map_or(0, |entries| entries.count()) }
    })
    .await;
}

#[tokio::test]
async fn s3_files_are_deleted_with_every_version_and_delete_marker() {
    let client = s3_client(&moto_endpoint());
    let bucket = unique_name("evidence");
    create_bucket(&client, &bucket).await;
    client
        .put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            aws_sdk_s3::types::VersioningConfiguration::builder()
                .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let store = Arc::new(S3Evidence::new(client.clone(), bucket.clone()));
    let versions = |case: String| {
        let (client, bucket) = (client.clone(), bucket.clone());
        async move {
            let out = client
                .list_object_versions()
                .bucket(bucket)
                .prefix(format!("cases/{case}/"))
                .send()
                .await
                .unwrap();
            out.versions().len() + out.delete_markers().len()
        }
    };
    files_are_deleted_with_every_version(Arc::clone(&store) as Arc<dyn EvidenceStore>, versions)
        .await;

    // A file deleted the ordinary way (a delete marker over its version), then stored again: all three go.
    let case = fresh_key();
    let file = EvidenceFile::from_upload(b"log ketiga\n".to_vec()).unwrap();
    store.put(&case, &file).await.unwrap();
    client
        .delete_object()
        .bucket(&bucket)
        .key(format!("cases/{case}/{}", file.sha256()))
        .send()
        .await
        .unwrap();
    store.put(&case, &file).await.unwrap();
    assert_eq!(versions(case.clone()).await, 3);
    assert_eq!(store.delete_case(&case).await.unwrap(), 1);
    assert_eq!(versions(case).await, 0);
}
