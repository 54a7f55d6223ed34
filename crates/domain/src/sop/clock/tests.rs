use chrono::{FixedOffset, TimeDelta, TimeZone};

use super::*;
use crate::case::{Actor, Change};

/// An event moving the case from `from` to `to` at `at` (the change itself does not matter to the clock).
fn moved(seq: u32, from: CaseState, to: CaseState, at: DateTime<Utc>) -> Event {
    Event {
        seq,
        at,
        actor: Actor::System,
        from,
        to,
        change: Change::StartVerification,
    }
}

/// Monday 7 December 2026 at `hour:minute` WIB.
fn wib(hour: u32, minute: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 7, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn tegal_receiving_steps_run_one_after_the_other() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let events = [moved(
        1,
        CaseState::Received,
        CaseState::Received,
        wib(9, 0),
    )];
    let clock = CaseClock::compute(&profile, &calendar, &events, wib(9, 15));
    let current: Vec<_> = clock
        .current()
        .map(|s| (s.step, s.due_at, s.overdue))
        .collect();
    // Step 1 (receive) 10 minutes, step 2 (forward) 10 minutes more.
    assert_eq!(current, [(1, wib(9, 10), true), (2, wib(9, 20), false)]);
    assert!(!clock.is_overdue());
    assert_eq!(clock.current_due(), Some(wib(9, 20)));
    let later = CaseClock::compute(&profile, &calendar, &events, wib(9, 21));
    assert!(later.is_overdue());
}

#[test]
fn completed_states_keep_their_verdict() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let events = [
        moved(1, CaseState::Received, CaseState::Received, wib(9, 0)),
        moved(2, CaseState::Received, CaseState::Verifying, wib(9, 5)),
        // Verification (30 minutes) took 45.
        moved(3, CaseState::Verifying, CaseState::Valid, wib(9, 50)),
    ];
    let clock = CaseClock::compute(&profile, &calendar, &events, wib(10, 0));
    let overdue: Vec<_> = clock.overdue_steps().map(|s| s.step).collect();
    assert_eq!(overdue, [3]);
    let verify = clock.steps.iter().find(|s| s.step == 3).unwrap();
    assert_eq!(verify.due_at, wib(9, 35));
    assert_eq!(verify.completed_at, Some(wib(9, 50)));
    // `valid` has no step of its own in Tegal's SOP: nothing is due now.
    assert_eq!(clock.current().count(), 0);
}

#[test]
fn day_standards_count_working_days() {
    let profile = SopProfile::builtin("batam").unwrap();
    let calendar = profile.calendar().unwrap();
    // Batam's verification takes 2 days; entered Monday 15:00 WIB → due Wednesday 15:00 WIB.
    let events = [
        moved(1, CaseState::Received, CaseState::Received, wib(14, 0)),
        moved(2, CaseState::Received, CaseState::Verifying, wib(15, 0)),
    ];
    let clock = CaseClock::compute(&profile, &calendar, &events, wib(15, 0));
    let due = clock.current_due().unwrap();
    assert_eq!(due, wib(15, 0) + TimeDelta::days(2));
}

#[test]
fn steps_before_intake_and_without_standard_are_not_clocked() {
    let kukar = SopProfile::builtin("kukar").unwrap();
    let events = [moved(
        1,
        CaseState::Received,
        CaseState::Received,
        wib(9, 0),
    )];
    let clock = CaseClock::compute(&kukar, &kukar.calendar().unwrap(), &events, wib(23, 0));
    assert!(clock.steps.is_empty(), "{:?}", clock.steps);

    let bali = SopProfile::builtin("bali").unwrap();
    let events = [
        moved(1, CaseState::Received, CaseState::Received, wib(9, 0)),
        moved(2, CaseState::Received, CaseState::Verifying, wib(9, 1)),
    ];
    let clock = CaseClock::compute(&bali, &bali.calendar().unwrap(), &events, wib(23, 0));
    assert!(!clock.is_overdue());
}

#[test]
fn the_current_stay_alone_gives_the_full_clocks_current_steps() {
    for id in ["tegal", "batam", "malut", "kukar", "bali"] {
        let profile = SopProfile::builtin(id).unwrap();
        let calendar = profile.calendar().unwrap();
        let events = [
            moved(1, CaseState::Received, CaseState::Received, wib(9, 0)),
            moved(2, CaseState::Received, CaseState::Verifying, wib(9, 5)),
            moved(3, CaseState::Verifying, CaseState::Valid, wib(9, 50)),
            moved(4, CaseState::Valid, CaseState::Triaged, wib(10, 20)),
        ];
        for now in [wib(10, 30), wib(15, 0), wib(9, 0) + TimeDelta::days(9)] {
            let full = CaseClock::compute(&profile, &calendar, &events, now);
            let alone = CaseClock::of_current_stay(
                &profile,
                &calendar,
                CaseState::Triaged,
                wib(10, 20),
                now,
            );
            let current: Vec<&StepClock> = full.current().collect();
            let alone_steps: Vec<&StepClock> = alone.steps.iter().collect();
            assert_eq!(current, alone_steps, "{id} at {now}");
            assert_eq!(full.is_overdue(), alone.is_overdue(), "{id} at {now}");
            assert_eq!(full.current_due(), alone.current_due(), "{id} at {now}");
        }
    }
}
