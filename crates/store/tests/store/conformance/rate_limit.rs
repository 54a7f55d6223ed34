//! The rate limit's counters: every hit counted, read without counting, windows expire.

use crate::support::*;
use csirt_store::CaseStore;
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
