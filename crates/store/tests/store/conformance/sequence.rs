//! Sequences (document numbers): every draw its own value, never expiring, apart from the rate limits.

use crate::support::*;
use csirt_store::CaseStore;
use std::sync::Arc;

pub(super) async fn sequences_hand_out_each_value_once_apart_from_rate_limits(
    store: Arc<dyn CaseStore>,
) {
    let name = "document-number:notification_letter:2026";
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let store = Arc::clone(&store);
        tasks.spawn(async move { store.next_in_sequence(name).await.unwrap() });
    }
    let mut values = tasks.join_all().await;
    values.sort_unstable();
    assert_eq!(
        values,
        (1..=12).collect::<Vec<u32>>(),
        "no value twice, none skipped"
    );
    // Another sequence starts at 1; a rate-limit counter of the same name neither moves it nor is moved by it.
    assert_eq!(
        store
            .next_in_sequence("document-number:final_report:2026")
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.count_hit(name, at(10), at(0)).await.unwrap(), 1);
    assert_eq!(store.next_in_sequence(name).await.unwrap(), 13);
    // A sequence does not expire: long after any window it goes on.
    assert_eq!(store.count_hit(name, at(100), at(50)).await.unwrap(), 1);
    assert_eq!(store.next_in_sequence(name).await.unwrap(), 14);
}
