//! Cases walked through the procedures: the queue's order, every seed procedure to closed, the export of closed
//! cases, hostile text.

use crate::support::*;
use csirt_domain::case::{Change, Priority};
use csirt_domain::sop::{BUILTIN, CaseClock, SopProfile};
use csirt_domain::state::CaseState;
use csirt_store::{CaseStore, QueueQuery, all_in_state, apply_change};
use std::collections::HashSet;
use std::sync::Arc;

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

pub(super) async fn the_queue_is_ordered_by_priority_then_age_and_pages_through(
    store: Arc<dyn CaseStore>,
) {
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
pub(super) async fn every_seed_procedure_runs_to_closed(store: Arc<dyn CaseStore>) {
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

pub(super) async fn closed_cases_are_listed_for_the_export(store: Arc<dyn CaseStore>) {
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

pub(super) async fn hostile_text_round_trips_verbatim(store: Arc<dyn CaseStore>) {
    let hostile =
        "<script>alert(1)</script> {{ x }} {% if %} '; DROP TABLE cases;-- \"q\" \\ ꦲꦏ 🛡️ \u{200d}";
    let (mut case, event) = new_case(0);
    case.report = report(hostile);
    store.create(&case, &event).await.unwrap();
    let stored = store.get(&case.code).await.unwrap().unwrap();
    assert_eq!(stored.report.description.as_str(), hostile.trim());
}

/// What the SOP clock reads of the current stay is stored with the case on either backend, cleared when the
/// state changes, and gives the queue's clock (from the case alone) the same current step as the events do.
pub(super) async fn the_stays_marks_are_stored_and_read_as_the_events_give_them(
    store: Arc<dyn CaseStore>,
) {
    use csirt_domain::case::{StayMark, marks_of};
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let (case, event) = new_case(0);
    store.create(&case, &event).await.unwrap();
    let assign = Change::Assign {
        handler: csirt_domain::text::ActorName::parse("budi").unwrap(),
        step: None,
    };
    for (change, minute) in [(assign, 3), (Change::CompleteStep { step: 2 }, 5)] {
        apply_change(&*store, &case.code, change, staff("andi"), at(minute))
            .await
            .unwrap();
    }
    let stored = store.get(&case.code).await.unwrap().unwrap();
    let events = store.events(&case.code).await.unwrap();
    assert_eq!(
        stored.stay_marks.as_deref().unwrap(),
        [
            StayMark::Action {
                action: "assign".into(),
                at: at(3)
            },
            StayMark::StepDone { step: 2, at: at(5) }
        ]
    );
    assert_eq!(stored.stay_marks, Some(marks_of(&events)));
    let now = at(60);
    let full = CaseClock::compute(&profile, &calendar, &events, now);
    let alone = CaseClock::of_case(&profile, &calendar, &stored, now);
    assert_eq!(full.steps, alone.steps);
    assert_eq!(full.current_step(), None, "steps 1 and 2 are done");

    apply_change(
        &*store,
        &case.code,
        Change::StartVerification,
        staff("andi"),
        at(6),
    )
    .await
    .unwrap();
    let moved = store.get(&case.code).await.unwrap().unwrap();
    assert_eq!(moved.stay_marks, Some(Vec::new()));
}
