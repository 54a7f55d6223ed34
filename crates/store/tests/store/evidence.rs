//! One suite, two evidence stores: a directory and S3 (moto's server).

use std::sync::Arc;

use csirt_domain::digest::sha256_hex;
use csirt_domain::evidence::{EvidenceFile, MediaType};
use csirt_domain::tracking::TrackingCode;
use csirt_store::evidence::{DirectoryEvidence, EvidenceStore, S3Evidence};
use csirt_test_kit::aws::{create_bucket, moto_endpoint, s3_client};

/// An evidence store under test and what keeps it alive.
struct Backend {
    store: Arc<dyn EvidenceStore>,
    _dir: Option<tempfile::TempDir>,
}

async fn directory() -> Backend {
    let dir = tempfile::tempdir().unwrap();
    let store = DirectoryEvidence::open(dir.path().join("evidence")).unwrap();
    Backend {
        store: Arc::new(store),
        _dir: Some(dir),
    }
}

async fn s3() -> Backend {
    let client = s3_client(&moto_endpoint());
    let bucket = format!("evidence-{}", new_key().to_lowercase());
    create_bucket(&client, &bucket).await;
    Backend {
        store: Arc::new(S3Evidence::new(client, bucket)),
        _dir: None,
    }
}

fn new_key() -> String {
    TrackingCode::generate(&crate::support::prefix())
        .unwrap()
        .key()
        .to_owned()
}

const SCREENSHOT: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

async fn a_stored_file_reads_back_byte_for_byte(store: Arc<dyn EvidenceStore>) {
    let case = new_key();
    let file = EvidenceFile::from_upload(SCREENSHOT.to_vec()).unwrap();
    assert_eq!(file.media_type(), MediaType::Png);
    store.put(&case, &file).await.unwrap();
    store.put(&case, &file).await.unwrap();
    assert_eq!(
        store.get(&case, file.sha256()).await.unwrap().as_deref(),
        Some(SCREENSHOT)
    );
    assert_eq!(
        store.get(&new_key(), file.sha256()).await.unwrap(),
        None,
        "evidence leaked to another case"
    );
    assert_eq!(store.get(&case, &sha256_hex(b"other")).await.unwrap(), None);
}

async fn keys_that_are_not_a_case_and_a_hash_are_refused(store: Arc<dyn EvidenceStore>) {
    let file = EvidenceFile::from_upload(b"log line\n".to_vec()).unwrap();
    for case in ["../../etc", "..", "A/B", "", "<script>"] {
        assert!(store.put(case, &file).await.is_err(), "{case}");
    }
    assert!(store.get(&new_key(), "../../../etc/passwd").await.is_err());
}

async fn a_cases_location_names_where_its_files_are(store: Arc<dyn EvidenceStore>) {
    let case = new_key();
    let file = EvidenceFile::from_upload(SCREENSHOT.to_vec()).unwrap();
    store.put(&case, &file).await.unwrap();
    let location = store.location(&case).unwrap();
    assert!(
        location.starts_with("directory /") || location.starts_with("bucket s3://evidence-"),
        "{location}"
    );
    assert!(location.contains(&format!("cases/{case}/")), "{location}");
    if let Some(dir) = location.strip_prefix("directory ") {
        let stored = std::path::Path::new(dir).join(file.sha256());
        assert_eq!(
            std::fs::read(stored).unwrap(),
            SCREENSHOT,
            "the file is where it says"
        );
    }
    assert!(store.location("../../etc").is_err());
}

macro_rules! evidence_conformance {
    ($($test:ident),* $(,)?) => {
        mod directory {
            $(
                #[tokio::test]
                async fn $test() {
                    let backend = super::directory().await;
                    super::$test(std::sync::Arc::clone(&backend.store)).await;
                }
            )*
        }
        mod s3 {
            $(
                #[tokio::test]
                async fn $test() {
                    let backend = super::s3().await;
                    super::$test(std::sync::Arc::clone(&backend.store)).await;
                }
            )*
        }
    };
}

evidence_conformance!(
    a_stored_file_reads_back_byte_for_byte,
    keys_that_are_not_a_case_and_a_hash_are_refused,
    a_cases_location_names_where_its_files_are,
);
