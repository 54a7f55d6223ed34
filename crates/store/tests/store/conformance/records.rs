//! Cases and their events written and read back: whole, once, in order, and never past a conflict or an illegal
//! transition.

use crate::support::*;
use csirt_domain::case::Change;
use csirt_domain::state::CaseState;
use csirt_store::{CaseStore, StoreError, apply_change};
use std::sync::Arc;

pub(super) async fn created_case_reads_back_whole(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    assert_eq!(store.get(&case.code).await.unwrap(), Some(case.clone()));
    assert_eq!(store.events(&case.code).await.unwrap(), vec![event]);
    // The code as a reporter might type it finds the same case.
    let typed =
        csirt_domain::tracking::TrackingCode::parse(&case.code.key().to_lowercase()).unwrap();
    assert_eq!(
        store.get(&typed).await.unwrap().unwrap().code.key(),
        case.code.key()
    );
}

pub(super) async fn unknown_codes_find_nothing(store: Arc<dyn CaseStore>) {
    let (case, _) = new_case(0);
    assert_eq!(store.get(&case.code).await.unwrap(), None);
    assert!(store.events(&case.code).await.unwrap().is_empty());
}

pub(super) async fn a_duplicate_code_never_overwrites(store: Arc<dyn CaseStore>) {
    let (first, event) = new_case(0);
    store.create(&first, &event).await.unwrap();
    let (mut second, mut second_event) = new_case(5);
    second.code = first.code.clone();
    second.report = report("Laporan lain dengan kode yang sama.");
    second_event.at = second.received_at;
    let error = store.create(&second, &second_event).await.unwrap_err();
    assert!(matches!(error, StoreError::DuplicateCode(_)), "{error}");
    assert_eq!(store.get(&first.code).await.unwrap(), Some(first.clone()));
    assert_eq!(store.events(&first.code).await.unwrap().len(), 1);
}

pub(super) async fn a_change_is_stored_with_its_event(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let (after, moved) = apply_change(
        &*store,
        &case.code,
        Change::StartVerification,
        staff("andi"),
        at(3),
    )
    .await
    .unwrap();
    assert_eq!(after.state, CaseState::Verifying);
    assert_eq!(store.get(&case.code).await.unwrap(), Some(after));
    let events = store.events(&case.code).await.unwrap();
    assert_eq!(events, vec![event, moved]);
}

pub(super) async fn a_stale_change_conflicts_and_writes_nothing(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let stale = store.get(&case.code).await.unwrap().unwrap();
    apply_change(
        &*store,
        &case.code,
        Change::StartVerification,
        staff("andi"),
        at(1),
    )
    .await
    .unwrap();
    let (late, late_event) = stale
        .apply(
            Change::AddNote {
                text: text("catatan"),
            },
            staff("budi"),
            at(2),
        )
        .unwrap();
    let error = store.commit(&late, &late_event).await.unwrap_err();
    assert!(
        matches!(error, StoreError::Conflict { expected: 1, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("reload the case"), "{error}");
    let stored = store.get(&case.code).await.unwrap().unwrap();
    assert_eq!((stored.version, stored.state), (2, CaseState::Verifying));
    assert_eq!(store.events(&case.code).await.unwrap().len(), 2);
}

pub(super) async fn committing_an_unknown_case_is_not_found(store: Arc<dyn CaseStore>) {
    let (case, _) = new_case(0);
    let (next, event) = case
        .apply(Change::StartVerification, staff("andi"), at(1))
        .unwrap();
    let error = store.commit(&next, &event).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound(_)), "{error}");
    assert_eq!(store.get(&case.code).await.unwrap(), None);
}

pub(super) async fn an_illegal_transition_changes_nothing(store: Arc<dyn CaseStore>) {
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let error = apply_change(
        &*store,
        &case.code,
        Change::Close {
            hall_of_fame: false,
        },
        staff("andi"),
        at(1),
    )
    .await
    .unwrap_err();
    assert!(
        error.to_string().contains("allowed next: verifying"),
        "{error}"
    );
    assert_eq!(store.get(&case.code).await.unwrap(), Some(case.clone()));
    assert_eq!(store.events(&case.code).await.unwrap(), vec![event]);
}
