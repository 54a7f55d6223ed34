//! Parallel writers: creates and conflicting changes, creates under one code.

use crate::support::*;
use csirt_domain::case::Change;
use csirt_domain::state::CaseState;
use csirt_store::{CaseStore, StoreError, all_in_state};
use std::collections::HashSet;
use std::sync::Arc;

/// Many parallel creates and, per case, many parallel conflicting changes: nothing lost, nothing duplicated,
/// exactly one winner per round, every event present and gapless.
pub(super) async fn parallel_creates_and_conflicting_changes(store: Arc<dyn CaseStore>) {
    const CASES: usize = 60;
    const CONTENDERS: usize = 6;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CASES {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            let (case, event) = new_case(i as i64);
            store.create(&case, &event).await.unwrap();
            case
        });
    }
    let cases: Vec<_> = tasks.join_all().await;
    let distinct: HashSet<_> = cases.iter().map(|c| c.code.key().to_owned()).collect();
    assert_eq!(distinct.len(), CASES);

    // Every case: CONTENDERS staff race to start verification from the same version.
    let mut races = tokio::task::JoinSet::new();
    for case in &cases {
        for contender in 0..CONTENDERS {
            let store = Arc::clone(&store);
            let case = case.clone();
            races.spawn(async move {
                let (next, event) = case
                    .apply(
                        Change::StartVerification,
                        staff(&format!("staf-{contender}")),
                        at(500),
                    )
                    .unwrap();
                (
                    case.code.key().to_owned(),
                    store.commit(&next, &event).await,
                )
            });
        }
    }
    let mut winners = std::collections::HashMap::new();
    for (key, result) in races.join_all().await {
        match result {
            Ok(()) => *winners.entry(key).or_insert(0) += 1,
            Err(StoreError::Conflict { expected: 1, .. }) => {}
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!(winners.len(), CASES, "a case had no winner");
    assert!(
        winners.values().all(|&n| n == 1),
        "a case had two winners: {winners:?}"
    );

    let received = all_in_state(&*store, CaseState::Received).await.unwrap();
    assert!(
        received.is_empty(),
        "{} cases still received",
        received.len()
    );
    let verifying = all_in_state(&*store, CaseState::Verifying).await.unwrap();
    assert_eq!(verifying.len(), CASES);
    for case in &cases {
        let events = store.events(&case.code).await.unwrap();
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
        let stored = store.get(&case.code).await.unwrap().unwrap();
        assert_eq!(stored.version, 2);
        // The stored case and the winning event agree on who won.
        assert_eq!(events[1].to, stored.state);
    }
}

/// Many parallel creates under one code: exactly one is stored.
pub(super) async fn parallel_creates_of_one_code_store_exactly_one(store: Arc<dyn CaseStore>) {
    let (first, _) = new_case(0);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..16 {
        let store = Arc::clone(&store);
        let code = first.code.clone();
        tasks.spawn(async move {
            let (mut case, event) = new_case(i);
            case.code = code;
            case.report = report(&format!("laporan {i}"));
            store.create(&case, &event).await.map(|()| case)
        });
    }
    let results = tasks.join_all().await;
    let stored: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(stored.len(), 1);
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(_) | Err(StoreError::DuplicateCode(_))))
    );
    assert_eq!(
        store.get(&first.code).await.unwrap().as_ref(),
        Some(stored[0])
    );
    assert_eq!(store.events(&first.code).await.unwrap().len(), 1);
}
