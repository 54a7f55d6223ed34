//! Repeated submissions under an idempotency key: the first code returned, other content refused, expired
//! keys forgotten, parallel repetitions stored once.

use crate::support::*;
use csirt_store::{CaseStore, Idempotency, StoreError, Submitted};
use std::sync::Arc;

fn idempotency(key: &str, fingerprint: &str, minutes: i64) -> Idempotency {
    Idempotency::new(key, fingerprint.to_owned(), at(minutes))
}

pub(super) async fn a_repeated_submission_returns_the_first_code(store: Arc<dyn CaseStore>) {
    let (first, event) = new_case(0);
    let key = idempotency("retry-1", "fingerprint-a", 60);
    let outcome = store
        .submit(&first, &event, Some(&key), at(0))
        .await
        .unwrap();
    assert_eq!(outcome, Submitted::New);
    let (second, second_event) = new_case(1);
    let outcome = store
        .submit(&second, &second_event, Some(&key), at(1))
        .await
        .unwrap();
    assert_eq!(outcome, Submitted::Repeated(first.code.clone()));
    assert_eq!(
        outcome_code(&outcome, &second).to_string(),
        first.code.to_string()
    );
    assert_eq!(
        store.get(&second.code).await.unwrap(),
        None,
        "the repetition stored a case"
    );
    assert_eq!(store.get(&first.code).await.unwrap(), Some(first));
}

fn outcome_code(
    outcome: &Submitted,
    new: &csirt_domain::case::Case,
) -> csirt_domain::tracking::TrackingCode {
    match outcome {
        Submitted::New => new.code.clone(),
        Submitted::Repeated(code) => code.clone(),
    }
}

pub(super) async fn a_reused_key_with_other_content_is_refused(store: Arc<dyn CaseStore>) {
    let (first, event) = new_case(0);
    store
        .submit(&first, &event, Some(&idempotency("k", "a", 60)), at(0))
        .await
        .unwrap();
    let (other, other_event) = new_case(1);
    let error = store
        .submit(
            &other,
            &other_event,
            Some(&idempotency("k", "b", 60)),
            at(1),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::IdempotencyMismatch), "{error}");
    assert_eq!(store.get(&other.code).await.unwrap(), None);
}

pub(super) async fn an_expired_key_is_forgotten(store: Arc<dyn CaseStore>) {
    let (first, event) = new_case(0);
    store
        .submit(&first, &event, Some(&idempotency("k", "a", 10)), at(0))
        .await
        .unwrap();
    let (later, later_event) = new_case(20);
    let outcome = store
        .submit(
            &later,
            &later_event,
            Some(&idempotency("k", "a", 80)),
            at(20),
        )
        .await
        .unwrap();
    assert_eq!(outcome, Submitted::New);
    assert!(store.get(&later.code).await.unwrap().is_some());
    // The renewed record now answers for the later case.
    let (again, again_event) = new_case(21);
    let outcome = store
        .submit(
            &again,
            &again_event,
            Some(&idempotency("k", "a", 80)),
            at(21),
        )
        .await
        .unwrap();
    assert_eq!(outcome, Submitted::Repeated(later.code.clone()));
}

/// Many parallel submissions under one idempotency key: one case, and every answer carries its code.
pub(super) async fn parallel_repetitions_store_one_case(store: Arc<dyn CaseStore>) {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..12 {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            let (case, event) = new_case(i);
            let outcome = store
                .submit(
                    &case,
                    &event,
                    Some(&idempotency("burst", "same", 60)),
                    at(i),
                )
                .await
                .unwrap();
            (case, outcome)
        });
    }
    let results = tasks.join_all().await;
    let new: Vec<_> = results
        .iter()
        .filter(|(_, o)| *o == Submitted::New)
        .collect();
    assert_eq!(new.len(), 1, "{} submissions stored a case", new.len());
    let stored = &new[0].0;
    for (case, outcome) in &results {
        assert_eq!(outcome_code(outcome, case).key(), stored.code.key());
        if case.code != stored.code {
            assert_eq!(store.get(&case.code).await.unwrap(), None);
        }
    }
}
