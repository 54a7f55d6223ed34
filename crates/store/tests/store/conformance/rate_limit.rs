//! The rate limit's counters: every hit counted, read without counting, windows expire; claims within a limit
//! granted only while they fit.

use crate::support::*;
use csirt_store::{CaseStore, Claim};
use std::sync::Arc;

pub(super) async fn rate_limit_counters_count_every_hit_and_expire(store: Arc<dyn CaseStore>) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let store = Arc::clone(&store);
        tasks.spawn(async move { store.count_hit("client-a#w1", at(10), at(0)).await.unwrap() });
    }
    let mut counts = tasks.join_all().await;
    counts.sort_unstable();
    assert_eq!(
        counts,
        (1..=20).collect::<Vec<u32>>(),
        "each hit sees its own count"
    );
    assert_eq!(
        store.count_hit("client-b#w1", at(10), at(0)).await.unwrap(),
        1
    );
    assert_eq!(store.hits("client-b#w1", at(9)).await.unwrap(), 1);
    assert_eq!(store.hits("client-b#w1", at(10)).await.unwrap(), 0);
    // After the window's end the counter starts afresh.
    assert_eq!(
        store
            .count_hit("client-a#w1", at(30), at(11))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .count_hit("client-a#w1", at(30), at(12))
            .await
            .unwrap(),
        2
    );
    // Reading counts nothing, and an expired or missing counter reads 0.
    assert_eq!(store.hits("client-a#w1", at(13)).await.unwrap(), 2);
    assert_eq!(store.hits("client-a#w1", at(13)).await.unwrap(), 2);
    assert_eq!(store.hits("client-c#w1", at(0)).await.unwrap(), 0);
}

/// Claims within a limit: of many concurrent claims exactly as many are granted as fit, a refused claim adds
/// nothing, an amount larger than what is left is refused while a smaller one still fits, and an expired counter
/// starts afresh.
pub(super) async fn claims_are_granted_up_to_their_limit_and_never_beyond(
    store: Arc<dyn CaseStore>,
) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            store
                .claim("cap#reports#d1", 1, 5, at(10), at(0))
                .await
                .unwrap()
        });
    }
    let claims = tasks.join_all().await;
    let mut granted: Vec<u64> = claims
        .iter()
        .filter_map(|claim| match claim {
            Claim::Granted(total) => Some(*total),
            Claim::Refused(_) => None,
        })
        .collect();
    granted.sort_unstable();
    assert_eq!(granted, [1, 2, 3, 4, 5], "{claims:?}");
    assert!(
        claims
            .iter()
            .all(|claim| claim.is_granted() || *claim == Claim::Refused(5)),
        "{claims:?}"
    );

    // Amounts: what fits is added, what does not is refused and adds nothing.
    let bytes = |amount, minutes| store.claim("cap#bytes#d1", amount, 1000, at(10), at(minutes));
    assert_eq!(bytes(600, 0).await.unwrap(), Claim::Granted(600));
    assert_eq!(bytes(500, 1).await.unwrap(), Claim::Refused(600));
    assert_eq!(bytes(400, 2).await.unwrap(), Claim::Granted(1000));
    assert_eq!(bytes(1, 3).await.unwrap(), Claim::Refused(1000));
    // More than the limit at once never fits, even on a fresh counter.
    assert_eq!(
        store
            .claim("cap#bytes#d2", 1001, 1000, at(10), at(0))
            .await
            .unwrap(),
        Claim::Refused(0)
    );
    // Claims of one counter leave the others alone.
    assert_eq!(
        store
            .claim("cap#reports#d1", 1, 5, at(10), at(4))
            .await
            .unwrap(),
        Claim::Refused(5)
    );
    // Once the window is over, the counter starts afresh with the new window's end.
    assert_eq!(
        store
            .claim("cap#bytes#d1", 700, 1000, at(30), at(10))
            .await
            .unwrap(),
        Claim::Granted(700)
    );
    assert_eq!(
        store
            .claim("cap#bytes#d1", 300, 1000, at(60), at(11))
            .await
            .unwrap(),
        Claim::Granted(1000)
    );
    assert_eq!(
        store
            .claim("cap#bytes#d1", 1, 1000, at(60), at(29))
            .await
            .unwrap(),
        Claim::Refused(1000),
        "a live counter keeps its window's end"
    );
    assert_eq!(
        store
            .claim("cap#bytes#d1", 1, 1000, at(60), at(30))
            .await
            .unwrap(),
        Claim::Granted(1)
    );
}

/// What was claimed for something that did not happen is given back, never below zero, and only on a live
/// counter.
pub(super) async fn released_claims_make_room_again(store: Arc<dyn CaseStore>) {
    let claim = |amount, minutes| store.claim("cap#bytes#r", amount, 100, at(10), at(minutes));
    assert_eq!(claim(100, 0).await.unwrap(), Claim::Granted(100));
    assert_eq!(claim(30, 1).await.unwrap(), Claim::Refused(100));
    store.release("cap#bytes#r", 40, at(2)).await.unwrap();
    assert_eq!(claim(30, 3).await.unwrap(), Claim::Granted(90));
    store.release("cap#bytes#r", 500, at(4)).await.unwrap();
    assert_eq!(
        claim(0, 5).await.unwrap(),
        Claim::Granted(0),
        "never below zero"
    );
    // Nothing to give back on a missing or expired counter, and nothing is made there.
    store.release("cap#bytes#none", 5, at(5)).await.unwrap();
    assert_eq!(
        store
            .claim("cap#bytes#none", 100, 100, at(10), at(6))
            .await
            .unwrap(),
        Claim::Granted(100)
    );
    store.release("cap#bytes#r", 1, at(11)).await.unwrap();
    assert_eq!(
        store
            .claim("cap#bytes#r", 100, 100, at(30), at(12))
            .await
            .unwrap(),
        Claim::Granted(100)
    );
}
