use chrono::{FixedOffset, TimeDelta, TimeZone};

use super::*;
use crate::case::{Actor, Change, Classification, Priority, Verdict};
use crate::channel::Channel;
use crate::report::{ParseContext, Report, ReportInput};
use crate::taxonomy::IncidentType;
use crate::text::{ActorName, StaffText};
use crate::tlp::Tlp;
use crate::tracking::{TrackingCode, TrackingPrefix};

/// `day` December 2026 (the 7th is a Monday) at `hour:minute` WIB.
fn wib_on(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Monday 7 December 2026 at `hour:minute` WIB.
fn wib(hour: u32, minute: u32) -> DateTime<Utc> {
    wib_on(7, hour, minute)
}

fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

/// A case received at `at`, with its receipt event.
fn received(at: DateTime<Utc>) -> (Case, Vec<Event>) {
    let input = ReportInput::from_pairs([
        ("reporter_email", "pelapor@contoh.id"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", "Situs berubah tampilan."),
        ("affected_url", "https://contoh.go.id"),
    ]);
    let context = ParseContext {
        received_at: at,
        local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    let report = Report::parse(&input, &context).unwrap();
    let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
    let (case, event) = Case::receive(
        code,
        report,
        Channel::WebForm,
        Vec::new(),
        Actor::Reporter,
        at,
    );
    (case, vec![event])
}

/// Applies `change` at `at` to the case and its events.
fn take(walk: &mut (Case, Vec<Event>), change: Change, at: DateTime<Utc>) {
    let actor = Actor::Staff(ActorName::parse("andi").unwrap());
    let (case, event) = walk.0.apply(change, actor, at).unwrap();
    walk.0 = case;
    walk.1.push(event);
}

fn assign() -> Change {
    Change::Assign {
        handler: ActorName::parse("andi").unwrap(),
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

/// The steps as (number, start, due, completed, overdue).
type Row = (
    u32,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    bool,
);

fn rows(clock: &CaseClock) -> Vec<Row> {
    clock
        .steps
        .iter()
        .map(|s| (s.step, s.started_at, s.due_at, s.completed_at, s.overdue))
        .collect()
}

/// The clock from the events and the clock from the case alone agree on the current stay.
fn assert_same_current(profile: &SopProfile, walk: &(Case, Vec<Event>), now: DateTime<Utc>) {
    let calendar = profile.calendar().unwrap();
    let full = CaseClock::compute(profile, &calendar, &walk.1, now);
    let alone = CaseClock::of_case(profile, &calendar, &walk.0, now);
    let open_stay: Vec<&StepClock> = full
        .steps
        .iter()
        .filter(|s| {
            s.completed_at.is_none() || alone.steps.iter().any(|a| a.started_at == s.started_at)
        })
        .collect();
    assert_eq!(
        open_stay,
        alone.steps.iter().collect::<Vec<_>>(),
        "at {now}"
    );
    assert_eq!(full.is_overdue(), alone.is_overdue(), "at {now}");
    assert_eq!(full.current_due(), alone.current_due(), "at {now}");
}

#[test]
fn tegal_step_one_is_completed_by_the_assignment_and_step_two_runs_from_then() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let mut walk = received(wib(9, 0));
    take(&mut walk, assign(), wib(9, 8));
    // Step 1 (10 minutes) done at 9:08; step 2 (10 minutes) runs 9:08-9:18.
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, wib(9, 15));
    assert_eq!(
        rows(&clock),
        [
            (1, wib(9, 0), wib(9, 10), Some(wib(9, 8)), false),
            (2, wib(9, 8), wib(9, 18), None, false)
        ]
    );
    assert!(!clock.is_overdue());
    assert_same_current(&profile, &walk, wib(9, 15));
    let later = CaseClock::compute(&profile, &calendar, &walk.1, wib(9, 19));
    assert!(later.is_overdue());
    assert_eq!(later.current_step().unwrap().step, 2);
    assert_same_current(&profile, &walk, wib(9, 19));
}

#[test]
fn a_step_nobody_completed_is_overdue_and_the_next_has_not_started() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let walk = received(wib(9, 0));
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, wib(9, 11));
    assert_eq!(rows(&clock), [(1, wib(9, 0), wib(9, 10), None, true)]);
    assert!(clock.is_overdue());
    assert_same_current(&profile, &walk, wib(9, 11));
}

#[test]
fn leaving_the_state_completes_its_open_steps_and_marking_done_completes_one() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let mut walk = received(wib(9, 0));
    take(&mut walk, Change::CompleteStep { step: 1 }, wib(9, 5));
    assert_same_current(&profile, &walk, wib(9, 12));
    take(&mut walk, Change::StartVerification, wib(9, 12));
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, wib(9, 20));
    assert_eq!(
        rows(&clock),
        [
            (1, wib(9, 0), wib(9, 10), Some(wib(9, 5)), false),
            (2, wib(9, 5), wib(9, 15), Some(wib(9, 12)), false),
            (3, wib(9, 12), wib(9, 42), None, false)
        ]
    );
    assert_same_current(&profile, &walk, wib(9, 20));
}

#[test]
fn tegal_handling_runs_step_five_then_step_six_from_the_recorded_action() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let mut walk = received(wib(8, 0));
    take(&mut walk, assign(), wib(8, 1));
    take(&mut walk, Change::StartVerification, wib(8, 2));
    take(&mut walk, valid(), wib(8, 10));
    take(&mut walk, classify(), wib(8, 11));
    take(&mut walk, Change::StartHandling { note: None }, wib(8, 20));
    take(
        &mut walk,
        Change::RecordAction {
            note: text("Situs dipulihkan dari cadangan."),
        },
        wib(8, 45),
    );
    // Three days later, analysis (1-3 days: 3 working days from 8:45) is still within its standard.
    let now = wib_on(10, 8, 40);
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, now);
    let handling: Vec<Row> = rows(&clock).into_iter().filter(|r| r.0 >= 5).collect();
    assert_eq!(
        handling,
        [
            (5, wib(8, 20), wib(8, 50), Some(wib(8, 45)), false),
            (6, wib(8, 45), wib_on(10, 8, 45), None, false)
        ]
    );
    assert!(clock.overdue_steps().next().is_none());
    assert_same_current(&profile, &walk, now);
    assert!(CaseClock::compute(&profile, &calendar, &walk.1, wib_on(10, 8, 46)).is_overdue());
}

#[test]
fn kukar_verification_runs_from_receipt_while_the_report_waits_in_received() {
    let profile = SopProfile::builtin("kukar").unwrap();
    let calendar = profile.calendar().unwrap();
    // Kukar works in WITA (+08:00): 9:00 WIB is 10:00 WITA. One working day later is Tuesday 9:00 WIB.
    let mut walk = received(wib(9, 0));
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, wib_on(8, 9, 0));
    assert_eq!(rows(&clock), [(4, wib(9, 0), wib_on(8, 9, 0), None, false)]);
    assert_same_current(&profile, &walk, wib_on(8, 9, 0));
    let twelve_days = CaseClock::compute(&profile, &calendar, &walk.1, wib_on(19, 9, 0));
    assert!(twelve_days.is_overdue());
    assert_same_current(&profile, &walk, wib_on(19, 9, 0));
    // Starting verification does not restart the clock.
    take(&mut walk, Change::StartVerification, wib(15, 0));
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, wib_on(8, 9, 1));
    assert_eq!(rows(&clock), [(4, wib(9, 0), wib_on(8, 9, 0), None, true)]);
    assert_same_current(&profile, &walk, wib_on(8, 9, 1));
}

#[test]
fn a_step_started_friday_afternoon_is_due_on_monday() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    // Friday 11 December 15:55 WIB: five minutes left that day, five more on Monday from 8:00.
    let walk = received(wib_on(11, 15, 55));
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, wib_on(14, 8, 5));
    assert_eq!(clock.current_due(), Some(wib_on(14, 8, 5)));
    assert!(!clock.is_overdue());
    assert!(CaseClock::compute(&profile, &calendar, &walk.1, wib_on(14, 8, 6)).is_overdue());
}

#[test]
fn steps_before_intake_and_without_standard_are_not_clocked() {
    let bali = SopProfile::builtin("bali").unwrap();
    let mut walk = received(wib(9, 0));
    take(&mut walk, Change::StartVerification, wib(9, 1));
    let clock = CaseClock::compute(&bali, &bali.calendar().unwrap(), &walk.1, wib_on(19, 9, 0));
    assert!(clock.steps.is_empty(), "{:?}", clock.steps);
    assert!(!clock.is_overdue());
}

#[test]
fn only_a_clocked_step_of_the_cases_state_not_yet_done_may_be_marked_done() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let mut walk = received(wib(9, 0));
    let check = |walk: &(Case, Vec<Event>), step| {
        CaseClock::check_completable(&profile, &calendar, &walk.0, step, wib(9, 30))
    };
    assert_eq!(
        check(&walk, 12),
        Err(StepCompletionError::UnknownStep {
            step: 12,
            count: 11
        })
    );
    assert_eq!(
        check(&walk, 7),
        Err(StepCompletionError::NotClocked { step: 7 })
    );
    assert_eq!(
        check(&walk, 3),
        Err(StepCompletionError::NotInState {
            step: 3,
            state: CaseState::Verifying,
            case_state: CaseState::Received
        })
    );
    assert_eq!(check(&walk, 2), Ok(()));
    take(&mut walk, assign(), wib(9, 4));
    assert_eq!(
        check(&walk, 1),
        Err(StepCompletionError::AlreadyDone {
            step: 1,
            at: wib(9, 4)
        })
    );
    take(&mut walk, Change::CompleteStep { step: 2 }, wib(9, 6));
    assert_eq!(
        check(&walk, 2),
        Err(StepCompletionError::AlreadyDone {
            step: 2,
            at: wib(9, 6)
        })
    );
    // The case itself refuses the same step twice in a stay.
    let actor = Actor::Staff(ActorName::parse("andi").unwrap());
    assert!(
        walk.0
            .apply(Change::CompleteStep { step: 2 }, actor, wib(9, 7))
            .is_err()
    );
}

#[test]
fn a_later_step_marked_done_completes_the_earlier_ones() {
    let profile = SopProfile::builtin("batam").unwrap();
    let calendar = profile.calendar().unwrap();
    let mut walk = received(wib(9, 0));
    take(&mut walk, Change::CompleteStep { step: 2 }, wib(9, 3));
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, wib(9, 30));
    assert_eq!(
        rows(&clock),
        [
            (1, wib(9, 0), wib(9, 5), Some(wib(9, 3)), false),
            (2, wib(9, 3), wib(9, 13), Some(wib(9, 3)), false)
        ]
    );
    assert!(clock.current_step().is_none());
    assert_same_current(&profile, &walk, wib(9, 30));
}

#[test]
fn day_standards_count_working_days() {
    let profile = SopProfile::builtin("batam").unwrap();
    let calendar = profile.calendar().unwrap();
    // Batam's verification takes 2 days; started Monday 15:00 WIB → due Wednesday 15:00 WIB.
    let mut walk = received(wib(14, 0));
    take(&mut walk, Change::StartVerification, wib(15, 0));
    let clock = CaseClock::compute(&profile, &calendar, &walk.1, wib(15, 0));
    assert_eq!(clock.current_due(), Some(wib(15, 0) + TimeDelta::days(2)));
}

#[test]
fn a_record_from_before_the_marks_were_kept_reads_its_stay_from_the_events() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let mut walk = received(wib(9, 0));
    walk.0.stay_marks = None;
    take(&mut walk, assign(), wib(9, 4));
    assert_eq!(
        walk.0.stay_marks, None,
        "nothing is guessed onto an old record"
    );
    let mut json = serde_json::to_value(&walk.0).unwrap();
    assert!(
        json.get("stay_marks").is_none(),
        "not written while unknown"
    );
    json.as_object_mut().unwrap().remove("stay_marks");
    let read: Case = serde_json::from_value(json).unwrap();
    assert_eq!(read.stay_marks, None);
    walk.0.stay_marks = Some(crate::case::current_stay_marks(&walk.1));
    assert_same_current(&profile, &walk, wib(9, 15));
    let clock = CaseClock::of_case(&profile, &calendar, &walk.0, wib(9, 15));
    assert_eq!(clock.current_step().map(|s| s.step), Some(2));
    take(&mut walk, Change::StartVerification, wib(9, 20));
    assert_eq!(
        walk.0.stay_marks,
        Some(Vec::new()),
        "kept from the next move"
    );
}
