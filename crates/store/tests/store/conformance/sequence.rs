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

/// Files a report received at `at` for Tegal's team (UTC+07:00), with no evidence.
async fn receive(
    store: &dyn CaseStore,
    at: chrono::DateTime<chrono::Utc>,
) -> csirt_domain::case::Case {
    let dir = tempfile::tempdir().unwrap();
    let evidence = csirt_store::evidence::DirectoryEvidence::open(dir.path()).unwrap();
    let filing = csirt_store::filing::Filing {
        report: report("Halaman depan situs diganti."),
        files: &[],
        channel: csirt_domain::channel::Channel::WebForm,
        actor: csirt_domain::case::Actor::Reporter,
        idempotency: None,
        at,
        local_offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    match csirt_store::filing::file_report(store, &evidence, &prefix(), filing)
        .await
        .unwrap()
    {
        csirt_store::filing::Filed::New(case) => *case,
        other => panic!("{other:?}"),
    }
}

pub(super) async fn concurrent_receipts_get_consecutive_register_numbers(
    store: Arc<dyn CaseStore>,
) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..2 {
        let store = Arc::clone(&store);
        tasks.spawn(async move { receive(&*store, at(0)).await });
    }
    let cases = tasks.join_all().await;
    let mut numbers: Vec<String> = cases
        .iter()
        .map(|case| case.register.unwrap().to_string())
        .collect();
    numbers.sort();
    assert_eq!(
        numbers,
        ["2026/0001", "2026/0002"],
        "distinct and consecutive"
    );
    for case in &cases {
        let stored = store.get(&case.code).await.unwrap().unwrap();
        assert_eq!(stored.register, case.register, "stored with the case");
        assert_ne!(
            stored.register.unwrap().to_string(),
            case.code.to_string(),
            "never the tracking code"
        );
    }
    // The count is per year in the team's time zone: 31 December 17:00 UTC is 1 January 2027 in WIB.
    let new_year =
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 31, 17, 0, 0).unwrap();
    assert_eq!(
        receive(&*store, new_year)
            .await
            .register
            .unwrap()
            .to_string(),
        "2027/0001"
    );
    assert_eq!(
        receive(&*store, at(5)).await.register.unwrap().to_string(),
        "2026/0003"
    );
}
