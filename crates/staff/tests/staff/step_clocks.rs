//! The SOP clock of every shipped profile walked step by step through the staff library, with a fixed clock:
//! each clocked step is checked just inside its time standard (not overdue) and just past it (overdue), the same
//! in the queue, the case file (what `csirt case show`, the console and the reporter's status read) and the
//! overdue cases `csirt remind` reminds of; then the step is completed at its deadline by the change that
//! completes it (its `completed_by`, marking it done, or leaving the state). Tegal starts on a Friday at 15:55,
//! so its first step is due on Monday, and its steps 1-2 and 5-6 share a state; Maluku Utara and Bali give no
//! time standard, so nothing of theirs is ever overdue.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use csirt_domain::case::{Change, Classification, Priority, Verdict};
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_domain::sop::{StepClock, StepCompletionError};
use csirt_domain::state::CaseState;
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, StaffText};
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::accounts::Staffer;
use csirt_staff::cases::{case_file, overdue_cases, queue, queue_states};
use csirt_staff::record::{Recording, record_report};
use csirt_staff::step_done::complete_step;
use csirt_staff::steps::take_step;
use csirt_staff::{Desk, StaffError};
use csirt_store::CaseStore;
use csirt_test_kit::reports::report_fields;

use crate::accounts::support::*;

/// What completes the current step in a walk.
enum Then {
    /// A change of the procedure.
    Take(Change),
    /// Marking the step done.
    Done(u32),
}

/// `day` December 2026 (the 11th is a Friday) at `hour:minute` in the team's local time `offset_hours`.
fn local(offset_hours: i32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(offset_hours * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

fn assign() -> Change {
    Change::Assign {
        handler: ActorName::parse("Petugas Jaga").unwrap(),
        step: None,
    }
}

fn valid() -> Change {
    Change::Verify {
        verdict: Verdict::Valid,
        reason: None,
    }
}

fn classify() -> Change {
    Change::Classify {
        classification: Classification {
            incident: IncidentType::parse("intrusions", "application-compromise").unwrap(),
            priority: Priority::High,
            tlp: Tlp::Amber,
        },
    }
}

fn plan() -> Change {
    Change::PlanMitigation {
        kind: csirt_domain::case::MitigationKind::BackupData,
        detail: None,
    }
}

fn handle() -> Change {
    Change::StartHandling { note: None }
}

fn action() -> Change {
    Change::RecordAction {
        note: text("Situs dipulihkan dari cadangan."),
    }
}

fn analysis() -> Change {
    Change::RecordAnalysis {
        analysis: text("Celah pada formulir unggah."),
        recommendations: text("Perbarui aplikasi."),
    }
}

fn resolve() -> Change {
    Change::Resolve {
        summary: text("Insiden tertangani."),
    }
}

fn close() -> Change {
    Change::Close {
        hall_of_fame: false,
    }
}

/// The desk of `profile` on a fresh SQLite store, with one account holding every staff role of the profile.
async fn team(store: &Arc<dyn CaseStore>, profile: &str) -> (Desk, Staffer) {
    let desk = desk(store, profile);
    let mut roles: Vec<String> = desk
        .procedure()
        .profile
        .staff_actors()
        .map(|actor| actor.key.clone())
        .collect();
    roles.push("admin".to_owned());
    let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
    let added = add(&desk, None, "petugas", &roles).await;
    let (staffer, _) = signed_in(&desk, "petugas", added.totp.as_ref().unwrap(), at(1)).await;
    (desk, staffer)
}

async fn receive(desk: &Desk, staffer: &Staffer, at: DateTime<Utc>) -> TrackingCode {
    let recording = Recording {
        input: ReportInput::from_pairs(report_fields()),
        evidence: Vec::new(),
        channel: Channel::Email,
        received_at: at,
    };
    record_report(desk, recording, staffer).await.unwrap()
}

async fn then(desk: &Desk, code: &TrackingCode, staffer: &Staffer, then: Then, at: DateTime<Utc>) {
    match then {
        Then::Take(change) => {
            let name = change.name();
            take_step(desk, code, change, staffer, at)
                .await
                .unwrap_or_else(|e| panic!("{name} at {at}: {e}"));
        }
        Then::Done(step) => {
            complete_step(desk, code, step, staffer, at)
                .await
                .unwrap_or_else(|e| panic!("step {step} done at {at}: {e}"));
        }
    }
}

/// The step running now, as the case file's clock has it, checked against the queue and the overdue list at
/// `now`: the same step, deadline and verdict everywhere.
async fn current(desk: &Desk, code: &TrackingCode, now: DateTime<Utc>) -> Option<StepClock> {
    let file = case_file(desk, code, now).await.unwrap();
    let step = file.clock.current_step().cloned();
    let entries = queue(desk, &queue_states(None).unwrap(), now)
        .await
        .unwrap();
    let entry = entries
        .iter()
        .find(|e| e.code == code.to_string())
        .expect("the case is in the queue");
    assert_eq!(
        entry.step,
        step.as_ref().map(|s| s.step),
        "queue step at {now}"
    );
    assert_eq!(
        entry.due_at,
        step.as_ref().map(|s| s.due_at),
        "queue due at {now}"
    );
    let overdue = step.as_ref().is_some_and(|s| s.overdue);
    assert_eq!(entry.overdue, overdue, "queue overdue at {now}");
    assert_eq!(file.clock.is_overdue(), overdue, "case file at {now}");
    let reminded = overdue_cases(desk, now)
        .await
        .unwrap()
        .iter()
        .any(|(case, _)| case.code == *code);
    assert_eq!(reminded, overdue, "overdue cases (csirt remind) at {now}");
    step
}

/// Walks the clocked steps `expected` (each with the change that completes it): the step is current, due its
/// standard in working time after its start, not overdue at the deadline, overdue a minute later; it is then
/// completed at the deadline. Changes with no step listed (`None`) move the case through unclocked states.
/// Returns the steps as walked.
async fn walk(
    desk: &Desk,
    code: &TrackingCode,
    staffer: &Staffer,
    script: Vec<(Option<u32>, Then)>,
    mut now: DateTime<Utc>,
) -> Vec<StepClock> {
    let calendar = &desk.procedure().calendar;
    let day = calendar.day_minutes();
    let mut walked = Vec::new();
    for (expected, next) in script {
        match expected {
            None => {
                assert!(current(desk, code, now).await.is_none(), "no step at {now}");
                then(desk, code, staffer, next, now).await;
            }
            Some(number) => {
                let step = current(desk, code, now)
                    .await
                    .unwrap_or_else(|| panic!("step {number} should run at {now}"));
                assert_eq!(step.step, number, "the step running at {now}");
                let standard = desk.procedure().profile.steps[number as usize - 1]
                    .time_standard
                    .unwrap();
                assert_eq!(
                    calendar.working_minutes_between(step.started_at, step.due_at),
                    standard.working_minutes(day),
                    "step {number}: its own standard in working time"
                );
                let inside = current(desk, code, step.due_at).await.unwrap();
                assert!(!inside.overdue, "step {number} at its deadline");
                let past = current(desk, code, step.due_at + TimeDelta::minutes(1))
                    .await
                    .unwrap();
                assert!(past.overdue, "step {number} a minute past its deadline");
                now = step.due_at;
                then(desk, code, staffer, next, now).await;
                walked.push(step);
            }
        }
    }
    let file = case_file(desk, code, now).await.unwrap();
    assert!(
        file.clock.overdue_steps().next().is_none(),
        "every step was completed in time: {:?}",
        file.clock.steps
    );
    walked
}

#[tokio::test]
async fn tegal_every_step_at_the_edge_of_its_standard() {
    let (store, _dir) = sqlite();
    let (desk, staffer) = team(&store, "tegal").await;
    // Friday 11 December 15:55 WIB: step 1 (10 minutes) has five minutes on Friday and five on Monday.
    let received = local(7, 11, 15, 55);
    let code = receive(&desk, &staffer, received).await;
    let steps = walk(
        &desk,
        &code,
        &staffer,
        vec![
            (Some(1), Then::Take(assign())),
            (Some(2), Then::Take(Change::StartVerification)),
            (Some(3), Then::Take(valid())),
            (None, Then::Take(classify())),
            (None, Then::Take(plan())),
            (Some(4), Then::Take(handle())),
            (Some(5), Then::Take(action())),
            (Some(6), Then::Take(analysis())),
        ],
        received,
    )
    .await;
    let edges: Vec<(u32, DateTime<Utc>, DateTime<Utc>)> = steps
        .iter()
        .map(|s| (s.step, s.started_at, s.due_at))
        .collect();
    assert_eq!(
        edges,
        [
            (1, received, local(7, 14, 8, 5)),
            // Step 2 starts when step 1 is completed by the assignment, not at receipt.
            (2, local(7, 14, 8, 5), local(7, 14, 8, 15)),
            (3, local(7, 14, 8, 15), local(7, 14, 8, 45)),
            (4, local(7, 14, 8, 45), local(7, 14, 9, 15)),
            (5, local(7, 14, 9, 15), local(7, 14, 9, 45)),
            // Step 6 (1-3 days) runs from the recorded action: three working days.
            (6, local(7, 14, 9, 45), local(7, 17, 9, 45)),
        ]
    );
    // In `reported` the SOP clocks nothing.
    assert!(current(&desk, &code, local(7, 31, 9, 0)).await.is_none());
}

#[tokio::test]
async fn tegal_step_two_does_not_run_before_step_one_is_done() {
    let (store, _dir) = sqlite();
    let (desk, staffer) = team(&store, "tegal").await;
    let received = local(7, 7, 9, 0);
    let code = receive(&desk, &staffer, received).await;
    // Inside step 2's old window (20 minutes from receipt) but past step 1's 10 minutes, nobody took the report:
    // step 1 is overdue, and it is step 1 the queue names.
    let step = current(&desk, &code, local(7, 7, 9, 15)).await.unwrap();
    assert_eq!((step.step, step.overdue), (1, true));
    let file = case_file(&desk, &code, local(7, 7, 9, 15)).await.unwrap();
    assert_eq!(file.clock.steps.len(), 1, "{:?}", file.clock.steps);
    // Marked done at 9:08 (before its deadline) it is in time; step 2 runs from 9:08.
    then(&desk, &code, &staffer, Then::Done(1), local(7, 7, 9, 8)).await;
    let step = current(&desk, &code, local(7, 7, 9, 15)).await.unwrap();
    assert_eq!(
        (step.step, step.started_at, step.due_at, step.overdue),
        (2, local(7, 7, 9, 8), local(7, 7, 9, 18), false)
    );
    // Marking it done again is refused, naming when it was done.
    let refused = complete_step(&desk, &code, 1, &staffer, local(7, 7, 9, 16))
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            StaffError::StepNotCompletable(StepCompletionError::AlreadyDone { step: 1, .. })
        ),
        "{refused}"
    );
    // A step of a state the case is not in, a step with no standard, and a step the SOP lacks, each refused.
    for (step, expected) in [
        (
            3,
            "step 3 is done in `verifying`; the case is in `received`",
        ),
        (7, "step 7 is not clocked"),
        (12, "step 12: the SOP has steps 1 to 11"),
    ] {
        let refused = complete_step(&desk, &code, step, &staffer, local(7, 7, 9, 16))
            .await
            .unwrap_err()
            .to_string();
        assert!(refused.contains(expected), "{refused}");
    }
    let (case, events) = desk.case_with_events(&code).await.unwrap();
    assert_eq!(events.len(), 2, "refusals wrote nothing");
    assert_eq!(case.state, CaseState::Received);
}

#[tokio::test]
async fn batam_every_step_at_the_edge_of_its_standard() {
    let (store, _dir) = sqlite();
    let (desk, staffer) = team(&store, "batam").await;
    let received = local(7, 7, 9, 0);
    let code = receive(&desk, &staffer, received).await;
    let steps = walk(
        &desk,
        &code,
        &staffer,
        vec![
            (Some(1), Then::Done(1)),
            (Some(2), Then::Take(Change::StartVerification)),
            (Some(3), Then::Take(valid())),
            (None, Then::Take(classify())),
            (None, Then::Take(plan())),
            (Some(4), Then::Take(handle())),
            (Some(5), Then::Take(analysis())),
            (Some(6), Then::Take(Change::StartFollowUp { note: None })),
            (Some(7), Then::Done(7)),
            (Some(8), Then::Take(action())),
            (Some(9), Then::Take(resolve())),
            (Some(10), Then::Take(close())),
        ],
        received,
    )
    .await;
    let numbers: Vec<u32> = steps.iter().map(|s| s.step).collect();
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    // Steps 7-9 share `follow_up`: each starts when the one before it is completed.
    assert_eq!(steps[7].started_at, steps[6].due_at);
    assert_eq!(steps[8].started_at, steps[7].due_at);
}

#[tokio::test]
async fn kukar_every_step_at_the_edge_of_its_standard() {
    let (store, _dir) = sqlite();
    let (desk, staffer) = team(&store, "kukar").await;
    // Kukar works in WITA. Verification (1 day) runs from receipt, while the report waits in `received`.
    let received = local(8, 7, 10, 0);
    let code = receive(&desk, &staffer, received).await;
    let waiting = current(&desk, &code, local(8, 8, 10, 1)).await.unwrap();
    assert_eq!(
        (waiting.step, waiting.started_at, waiting.overdue),
        (4, received, true)
    );
    then(
        &desk,
        &code,
        &staffer,
        Then::Take(Change::StartVerification),
        local(8, 7, 11, 0),
    )
    .await;
    let steps = walk(
        &desk,
        &code,
        &staffer,
        vec![
            (Some(4), Then::Take(valid())),
            (None, Then::Take(classify())),
            (None, Then::Take(analysis())),
            (Some(5), Then::Done(5)),
            (Some(6), Then::Done(6)),
            (Some(7), Then::Take(resolve())),
            (Some(9), Then::Take(close())),
        ],
        local(8, 7, 11, 0),
    )
    .await;
    assert_eq!(steps[0].started_at, received, "from receipt");
    assert_eq!(steps[0].due_at, local(8, 8, 10, 0));
}

#[tokio::test]
async fn kukar_a_step_is_marked_done_only_by_its_actors() {
    let (store, _dir) = sqlite();
    let (desk, staffer) = team(&store, "kukar").await;
    let head = add(&desk, Some(&staffer), "kadis", &["kepala-dinas"]).await;
    let (head, _) = signed_in(&desk, "kadis", head.totp.as_ref().unwrap(), at(2)).await;
    let code = receive(&desk, &staffer, local(8, 7, 10, 0)).await;
    for change in [Change::StartVerification, valid(), classify(), analysis()] {
        then(
            &desk,
            &code,
            &staffer,
            Then::Take(change),
            local(8, 7, 10, 5),
        )
        .await;
    }
    let refused = complete_step(&desk, &code, 5, &head, local(8, 7, 10, 6))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, StaffError::NotPermitted { allowed, .. } if allowed == &["ttis"]),
        "{refused}"
    );
    complete_step(&desk, &code, 5, &staffer, local(8, 7, 10, 6))
        .await
        .unwrap();
}

/// Walks a profile that gives no time standard through its states, twelve working days in each: never
/// overdue, nothing to remind of, nothing to mark done.
async fn never_clocked(profile: &str, offset: i32) {
    let (store, _dir) = sqlite();
    let (desk, staffer) = team(&store, profile).await;
    let mut now = local(offset, 1, 9, 0);
    let code = receive(&desk, &staffer, now).await;
    for change in [
        Change::StartVerification,
        valid(),
        classify(),
        handle(),
        analysis(),
        resolve(),
    ] {
        let later = now + TimeDelta::days(16);
        assert!(current(&desk, &code, later).await.is_none(), "{profile}");
        let file = case_file(&desk, &code, later).await.unwrap();
        assert!(
            file.clock.steps.is_empty(),
            "{profile}: {:?}",
            file.clock.steps
        );
        now += TimeDelta::hours(1);
        then(&desk, &code, &staffer, Then::Take(change), now).await;
    }
    let refused = complete_step(&desk, &code, 1, &staffer, now)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("step 1 is not clocked"), "{refused}");
}

#[tokio::test]
async fn maluku_utara_gives_no_time_standard_so_nothing_is_overdue() {
    never_clocked("malut", 9).await;
}

#[tokio::test]
async fn bali_gives_no_time_standard_so_nothing_is_overdue() {
    never_clocked("bali", 8).await;
}

#[tokio::test]
async fn a_record_from_before_the_marks_were_kept_is_queued_from_its_events() {
    use csirt_domain::case::{Actor, Case};
    use csirt_domain::report::{ParseContext, Report};
    use csirt_domain::tracking::TrackingPrefix;

    let (store, _dir) = sqlite();
    let (desk, staffer) = team(&store, "tegal").await;
    let received = local(7, 7, 9, 0);
    let context = ParseContext {
        received_at: received,
        local_offset: desk.procedure().calendar.offset(),
    };
    let report = Report::parse(&ReportInput::from_pairs(report_fields()), &context).unwrap();
    let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
    let (mut case, event) = Case::receive(
        code.clone(),
        report,
        Channel::WebForm,
        Vec::new(),
        Actor::Reporter,
        received,
    );
    case.stay_marks = None;
    store.create(&case, &event).await.unwrap();
    then(
        &desk,
        &code,
        &staffer,
        Then::Take(assign()),
        local(7, 7, 9, 4),
    )
    .await;
    assert_eq!(store.get(&code).await.unwrap().unwrap().stay_marks, None);
    // Step 1 was completed by the assignment: the queue, reading the old record's events, runs step 2.
    let step = current(&desk, &code, local(7, 7, 9, 12)).await.unwrap();
    assert_eq!((step.step, step.overdue), (2, false));
    let refused = complete_step(&desk, &code, 1, &staffer, local(7, 7, 9, 12))
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            StaffError::StepNotCompletable(StepCompletionError::AlreadyDone { step: 1, .. })
        ),
        "{refused}"
    );
}
