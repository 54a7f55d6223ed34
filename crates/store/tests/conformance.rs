//! One suite, two backends: every test here runs against SQLite and against DynamoDB (moto's server).

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::HashSet;
use std::sync::Arc;

use csirt_domain::case::{Change, Priority};
use csirt_domain::sop::{BUILTIN, CaseClock, SopProfile};
use csirt_domain::state::CaseState;
use csirt_store::{
    CaseStore, Idempotency, QueueQuery, StoreError, Submitted, all_in_state, apply_change,
};
use support::*;

async fn created_case_reads_back_whole(store: Arc<dyn CaseStore>) {
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

async fn unknown_codes_find_nothing(store: Arc<dyn CaseStore>) {
    let (case, _) = new_case(0);
    assert_eq!(store.get(&case.code).await.unwrap(), None);
    assert!(store.events(&case.code).await.unwrap().is_empty());
}

async fn a_duplicate_code_never_overwrites(store: Arc<dyn CaseStore>) {
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

async fn a_change_is_stored_with_its_event(store: Arc<dyn CaseStore>) {
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

async fn a_stale_change_conflicts_and_writes_nothing(store: Arc<dyn CaseStore>) {
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

async fn committing_an_unknown_case_is_not_found(store: Arc<dyn CaseStore>) {
    let (case, _) = new_case(0);
    let (next, event) = case
        .apply(Change::StartVerification, staff("andi"), at(1))
        .unwrap();
    let error = store.commit(&next, &event).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound(_)), "{error}");
    assert_eq!(store.get(&case.code).await.unwrap(), None);
}

async fn an_illegal_transition_changes_nothing(store: Arc<dyn CaseStore>) {
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

/// Triages `case` with `priority` (received → verifying → valid → triaged).
async fn triage(
    store: &dyn CaseStore,
    code: &csirt_domain::tracking::TrackingCode,
    priority: Option<Priority>,
) {
    apply_change(
        store,
        code,
        Change::StartVerification,
        staff("andi"),
        at(100),
    )
    .await
    .unwrap();
    apply_change(
        store,
        code,
        change_into(CaseState::Valid),
        staff("andi"),
        at(101),
    )
    .await
    .unwrap();
    if let Some(priority) = priority {
        let classify = Change::Classify {
            classification: classification(priority),
        };
        apply_change(store, code, classify, staff("andi"), at(102))
            .await
            .unwrap();
    }
}

async fn the_queue_is_ordered_by_priority_then_age_and_pages_through(store: Arc<dyn CaseStore>) {
    // (minutes after the fixed instant, priority)
    let plan = [
        (30, Some(Priority::Low)),
        (10, Some(Priority::Critical)),
        (20, Some(Priority::Critical)),
        (5, Some(Priority::Medium)),
        (1, Some(Priority::High)),
        (40, Some(Priority::High)),
        (2, None),
    ];
    let mut codes = Vec::new();
    for (minutes, priority) in plan {
        let (case, event) = new_case(minutes);
        store.create(&case, &event).await.unwrap();
        triage(&*store, &case.code, priority).await;
        codes.push((case.code.clone(), minutes, priority));
    }
    // A case in another state stays out of the triaged queue.
    let (other, event) = new_case(0);
    store.create(&other, &event).await.unwrap();

    let mut expected: Vec<_> = codes.iter().filter(|(_, _, p)| p.is_some()).collect();
    expected.sort_by_key(|(_, minutes, priority)| (Priority::rank(*priority), *minutes));
    let expected: Vec<&str> = expected.iter().map(|(c, _, _)| c.key()).collect();

    let mut query = QueueQuery::first(CaseState::Triaged, 2);
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = store.queue(&query).await.unwrap();
        assert!(page.cases.len() <= 2);
        pages += 1;
        seen.extend(page.cases.iter().map(|c| c.code.key().to_owned()));
        match page.next {
            Some(cursor) => query.after = Some(cursor),
            None => break,
        }
        assert!(pages < 10, "the queue does not end");
    }
    assert_eq!(seen, expected);
    assert!(pages >= 3);
    let valid = store
        .queue(&QueueQuery::first(CaseState::Valid, 10))
        .await
        .unwrap();
    assert_eq!(
        valid.cases.len(),
        1,
        "the unprioritised case waits in valid"
    );
    let received = store
        .queue(&QueueQuery::first(CaseState::Received, 10))
        .await
        .unwrap();
    assert_eq!(received.cases, vec![other]);
}

/// Walks a case through every step of each seed procedure, in the order of its SOP table, and checks the
/// store's log and the SOP clock at the end.
async fn every_seed_procedure_runs_to_closed(store: Arc<dyn CaseStore>) {
    for (id, _) in BUILTIN {
        let profile = SopProfile::builtin(id).unwrap();
        let (case, event) = new_case(0);
        store.create(&case, &event).await.unwrap();
        let mut state = CaseState::Received;
        let mut minute = 0;
        let targets = profile
            .steps
            .iter()
            .map(|s| s.state)
            .chain([CaseState::Closed]);
        for target in targets {
            for next in path(state, target) {
                minute += 7;
                let (after, _) = apply_change(
                    &*store,
                    &case.code,
                    change_into(next),
                    staff("tim"),
                    at(minute),
                )
                .await
                .unwrap_or_else(|e| panic!("{id}: {e}"));
                state = after.state;
            }
        }
        let stored = store.get(&case.code).await.unwrap().unwrap();
        assert_eq!(stored.state, CaseState::Closed, "{id}");
        assert_eq!(stored.hall_of_fame_alias().unwrap().as_str(), "siti_a");
        let events = store.events(&case.code).await.unwrap();
        let seqs: Vec<u32> = events.iter().map(|e| e.seq).collect();
        assert_eq!(
            seqs,
            (1..=stored.version).collect::<Vec<_>>(),
            "{id}: gaps in the log"
        );
        for step in profile
            .steps
            .iter()
            .filter(|s| s.state != CaseState::Received)
        {
            assert!(
                events.iter().any(|e| e.to == step.state),
                "{id}: step {} never happened",
                step.number
            );
        }
        let calendar = profile.calendar().unwrap();
        let clock = CaseClock::compute(&profile, &calendar, &events, at(minute));
        assert_eq!(
            clock.current().count(),
            0,
            "{id}: a closed case has nothing due"
        );
    }
}

async fn closed_cases_are_listed_for_the_export(store: Arc<dyn CaseStore>) {
    let mut closed = HashSet::new();
    for i in 0..3 {
        let (case, event) = new_case(i);
        store.create(&case, &event).await.unwrap();
        let mut state = CaseState::Received;
        for next in path(state, CaseState::Resolved)
            .into_iter()
            .chain([CaseState::Closed])
        {
            let (after, _) = apply_change(
                &*store,
                &case.code,
                change_into(next),
                staff("tim"),
                at(10 + i),
            )
            .await
            .unwrap();
            state = after.state;
        }
        assert_eq!(state, CaseState::Closed);
        closed.insert(case.code.key().to_owned());
    }
    let (open, event) = new_case(9);
    store.create(&open, &event).await.unwrap();
    let listed: HashSet<_> = all_in_state(&*store, CaseState::Closed)
        .await
        .unwrap()
        .iter()
        .map(|c| c.code.key().to_owned())
        .collect();
    assert_eq!(listed, closed);
}

async fn hostile_text_round_trips_verbatim(store: Arc<dyn CaseStore>) {
    let hostile =
        "<script>alert(1)</script> {{ x }} {% if %} '; DROP TABLE cases;-- \"q\" \\ ꦲꦏ 🛡️ \u{200d}";
    let (mut case, event) = new_case(0);
    case.report = report(hostile);
    store.create(&case, &event).await.unwrap();
    let stored = store.get(&case.code).await.unwrap().unwrap();
    assert_eq!(stored.report.description.as_str(), hostile.trim());
}

/// Many parallel creates and, per case, many parallel conflicting changes: nothing lost, nothing duplicated,
/// exactly one winner per round, every event present and gapless.
async fn parallel_creates_and_conflicting_changes(store: Arc<dyn CaseStore>) {
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
async fn parallel_creates_of_one_code_store_exactly_one(store: Arc<dyn CaseStore>) {
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

fn idempotency(key: &str, fingerprint: &str, minutes: i64) -> Idempotency {
    Idempotency::new(key, fingerprint.to_owned(), at(minutes))
}

async fn a_repeated_submission_returns_the_first_code(store: Arc<dyn CaseStore>) {
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

async fn a_reused_key_with_other_content_is_refused(store: Arc<dyn CaseStore>) {
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

async fn an_expired_key_is_forgotten(store: Arc<dyn CaseStore>) {
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
async fn parallel_repetitions_store_one_case(store: Arc<dyn CaseStore>) {
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

async fn rate_limit_counters_count_every_hit_and_expire(store: Arc<dyn CaseStore>) {
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
}

macro_rules! conformance {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    let backend = super::support::sqlite().await;
                    super::$test(std::sync::Arc::clone(&backend.store)).await;
                }
            )*
        }
        mod dynamodb {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    let backend = super::support::dynamodb().await;
                    super::$test(std::sync::Arc::clone(&backend.store)).await;
                }
            )*
        }
    };
}

conformance!(
    created_case_reads_back_whole,
    unknown_codes_find_nothing,
    a_duplicate_code_never_overwrites,
    a_change_is_stored_with_its_event,
    a_stale_change_conflicts_and_writes_nothing,
    committing_an_unknown_case_is_not_found,
    an_illegal_transition_changes_nothing,
    the_queue_is_ordered_by_priority_then_age_and_pages_through,
    every_seed_procedure_runs_to_closed,
    closed_cases_are_listed_for_the_export,
    hostile_text_round_trips_verbatim,
    parallel_creates_and_conflicting_changes,
    parallel_creates_of_one_code_store_exactly_one,
    a_repeated_submission_returns_the_first_code,
    a_reused_key_with_other_content_is_refused,
    an_expired_key_is_forgotten,
    parallel_repetitions_store_one_case,
    rate_limit_counters_count_every_hit_and_expire,
);
