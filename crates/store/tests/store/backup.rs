//! Backup and restore of the embedded store: taken while the store is open, restored into a fresh data
//! directory with every case, event and evidence file; refusals and damage named.

use crate::support::{at, prefix, report};
use csirt_domain::case::{Actor, Case};
use csirt_domain::channel::Channel;
use csirt_domain::evidence::EvidenceFile;
use csirt_store::backup::{BackupError, backup, restore, verify};
use csirt_store::evidence::{DirectoryEvidence, EvidenceStore};
use csirt_store::filing::{Filing, file_report};
use csirt_store::{CaseStore, DATABASE_FILE, SqliteStore};

/// Files a report with `files` as evidence; returns the case.
async fn file(store: &SqliteStore, evidence: &DirectoryEvidence, files: &[EvidenceFile]) -> Case {
    let filing = Filing {
        report: report("Halaman depan situs diganti."),
        files,
        channel: Channel::WebForm,
        actor: Actor::Reporter,
        idempotency: None,
        at: at(0),
        local_offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    match file_report(store, evidence, &prefix(), filing)
        .await
        .unwrap()
    {
        csirt_store::filing::Filed::New(case) => *case,
        other => panic!("{other:?}"),
    }
}

fn text_file(text: &str) -> EvidenceFile {
    EvidenceFile::from_upload(text.as_bytes().to_vec()).unwrap()
}

#[tokio::test]
async fn a_backup_of_an_open_store_restores_every_case_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = SqliteStore::open(&data).unwrap();
    let evidence = DirectoryEvidence::open(data.join("evidence")).unwrap();
    let first = file(&store, &evidence, &[text_file("log baris satu\n")]).await;
    let second = file(
        &store,
        &evidence,
        &[text_file("log baris dua\n"), text_file("log baris tiga\n")],
    )
    .await;

    // The store stays open, as the intake keeps it while a backup runs.
    let copied = backup(&data, &dir.path().join("backup")).unwrap();
    assert_eq!((copied.cases, copied.evidence_files), (2, 3), "{copied:?}");
    let after = file(&store, &evidence, &[text_file("sesudah backup\n")]).await;

    let restored_dir = dir.path().join("restored");
    let restored = restore(&dir.path().join("backup"), &restored_dir, false).unwrap();
    assert_eq!(restored, copied);
    let again = SqliteStore::open(&restored_dir).unwrap();
    let again_evidence = DirectoryEvidence::open(restored_dir.join("evidence")).unwrap();
    for case in [&first, &second] {
        assert_eq!(again.get(&case.code).await.unwrap().as_ref(), Some(case));
        assert_eq!(
            again
                .verify_chain(&csirt_store::ChainOf::Case(case.code.clone()))
                .await
                .unwrap(),
            Ok(1),
            "the audit key came with the backup: the restored history checks"
        );
        assert_eq!(
            again.events(&case.code).await.unwrap(),
            store.events(&case.code).await.unwrap()
        );
        for reference in &case.evidence {
            let original = evidence
                .get(case.code.key(), &reference.sha256)
                .await
                .unwrap();
            let copy = again_evidence
                .get(case.code.key(), &reference.sha256)
                .await
                .unwrap();
            assert_eq!(copy, original);
        }
    }
    assert_eq!(
        again.get(&after.code).await.unwrap(),
        None,
        "taken after the backup"
    );

    // The restored store takes new reports.
    let new = file(&again, &again_evidence, &[]).await;
    assert!(again.get(&new.code).await.unwrap().is_some());
}

#[tokio::test]
async fn refusals_name_what_is_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = SqliteStore::open(&data).unwrap();
    let evidence = DirectoryEvidence::open(data.join("evidence")).unwrap();
    file(&store, &evidence, &[]).await;

    let missing = backup(&dir.path().join("nothing"), &dir.path().join("b0")).unwrap_err();
    assert!(missing.to_string().contains("no database"), "{missing}");

    let target = dir.path().join("b1");
    backup(&data, &target).unwrap();
    let again = backup(&data, &target).unwrap_err();
    assert!(matches!(again, BackupError::Refused(_)), "{again}");
    assert!(again.to_string().contains("not empty"), "{again}");

    // Restoring over a live database needs replace, and then it takes the backup's state.
    let over = restore(&target, &data, false).unwrap_err();
    assert!(over.to_string().contains(DATABASE_FILE), "{over}");
    let later = file(&store, &evidence, &[]).await;
    drop(store);
    restore(&target, &data, true).unwrap();
    let reopened = SqliteStore::open(&data).unwrap();
    assert_eq!(reopened.get(&later.code).await.unwrap(), None);
}

#[tokio::test]
async fn damaged_backups_are_named_before_anything_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = SqliteStore::open(&data).unwrap();
    let evidence = DirectoryEvidence::open(data.join("evidence")).unwrap();
    let case = file(&store, &evidence, &[text_file("bukti asli\n")]).await;
    let target = dir.path().join("backup");
    backup(&data, &target).unwrap();
    verify(&target).unwrap();

    let evidence_path = target
        .join("evidence/cases")
        .join(case.code.key())
        .join(&case.evidence[0].sha256);
    std::fs::write(&evidence_path, b"bukti palsu\n").unwrap();
    let damaged = verify(&target).unwrap_err();
    assert!(
        matches!(&damaged, BackupError::EvidenceMismatch { path } if *path == evidence_path),
        "{damaged}"
    );
    let fresh = dir.path().join("fresh");
    assert!(restore(&target, &fresh, false).is_err());
    assert!(!fresh.join(DATABASE_FILE).exists(), "nothing restored");

    std::fs::write(target.join(DATABASE_FILE), b"not a database at all").unwrap();
    let broken = verify(&target).unwrap_err();
    assert!(broken.to_string().contains(DATABASE_FILE), "{broken}");
}
