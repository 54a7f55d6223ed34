//! Working time per SOP step against its standard: Tegal's minutes, Kutai Kartanegara's working days.

use super::*;

fn step(rows: &[StepTimeRow], number: u32) -> &StepTimeRow {
    rows.iter()
        .find(|r| r.step == number)
        .unwrap_or_else(|| panic!("no row for step {number}"))
}

/// Cases, passes, completed, still open, overdue; median, 90th percentile and maximum in working minutes.
fn figures(row: &StepTimeRow) -> ([u64; 5], [Option<i64>; 3]) {
    (
        [
            row.cases,
            row.passes,
            row.completed,
            row.still_open,
            row.overdue,
        ],
        [
            row.median_working_minutes,
            row.p90_working_minutes,
            row.max_working_minutes,
        ],
    )
}

#[test]
fn tegal_steps_against_their_standards() {
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let rows = step_times(&profile, &calendar, &tegal_cases(), tegal_now());

    // Steps 7-11 have no time standard.
    let numbers: Vec<u32> = rows.iter().map(|r| r.step).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);

    // Receiving: nobody assigned these reports (which completes step 1) nor marked step 1 done, so step 1 ran
    // until verification started: 5, 15, 20 and 0 working minutes (case 4 arrived at night), against its own 10;
    // step 2 started and ended then, taking no time, against its own 10.
    assert_eq!(
        figures(step(&rows, 1)),
        ([4, 4, 4, 0, 2], [Some(5), Some(20), Some(20)])
    );
    assert_eq!(step(&rows, 1).deadline_working_minutes, 10);
    assert_eq!(
        figures(step(&rows, 2)),
        ([4, 4, 4, 0, 0], [Some(0), Some(0), Some(0)])
    );
    assert_eq!(step(&rows, 2).deadline_working_minutes, 10);

    // Verification (30 minutes): 20 minutes; 2 hours (overdue); Friday 15:50 to Monday 08:10 is 20 working
    // minutes; case 4 still verifying at 09:00, 60 working minutes since 03:05: overdue.
    let verify = step(&rows, 3);
    assert_eq!(
        figures(verify),
        ([4, 4, 3, 1, 2], [Some(20), Some(120), Some(120)])
    );
    assert_eq!(verify.standard, "30 menit");
    assert_eq!(verify.state, "verifying");
    assert_eq!(verify.median.as_deref(), Some("20 menit"));
    assert_eq!(verify.max.as_deref(), Some("2 jam"));

    // Mitigation strategy (30 minutes): 45.
    assert_eq!(
        figures(step(&rows, 4)),
        ([1, 1, 1, 0, 1], [Some(45), Some(45), Some(45)])
    );

    // Handling twice: 15 minutes before the escalation, then 13:00 to Tuesday 10:45 = 180 + 165 minutes. No
    // handling action was recorded (which completes step 5), so step 5 (10-30 minutes) ran until the case left
    // `handling`, past its standard the second time; step 6 (1-3 days, from step 5's completion) took no time.
    let handle = step(&rows, 5);
    assert_eq!(
        figures(handle),
        ([1, 2, 2, 0, 1], [Some(15), Some(345), Some(345)])
    );
    assert_eq!(handle.standard, "10-30 menit");
    assert_eq!(handle.max.as_deref(), Some("5 jam 45 menit"));
    let analyse = step(&rows, 6);
    assert_eq!(
        figures(analyse),
        ([1, 2, 2, 0, 0], [Some(0), Some(0), Some(0)])
    );
    assert_eq!(analyse.deadline_working_minutes, 3 * 480);
    assert_eq!(analyse.deadline, "3 hari");
}

/// Kutai Kartanegara (WITA): its first three steps are the reporter's, before intake, and never clocked.
/// Verification, the first clocked step, runs from receipt. One case received Friday 27 November 15:00 WITA and
/// verified Monday 30 November 15:00: one working day exactly, against a one-day standard; another received
/// Monday 07:00, still open on Tuesday 09:00.
#[test]
fn kukar_day_standards_count_working_days_only() {
    let profile = SopProfile::builtin("kukar").unwrap();
    let calendar = profile.calendar().unwrap();
    let on_time = Walk::receive(
        "KKR",
        "vulnerable",
        "vulnerable-system",
        wita(11, 27, 15, 0),
    )
    .then(Change::StartVerification, wita(11, 27, 15, 0))
    .verify(Verdict::Valid, wita(11, 30, 15, 0))
    .done();
    let late = Walk::receive("KKR", "vulnerable", "weak-crypto", wita(11, 30, 7, 0))
        .then(Change::StartVerification, wita(11, 30, 8, 0))
        .done();
    let rows = step_times(&profile, &calendar, &[on_time, late], wita(12, 1, 9, 0));

    let numbers: Vec<u32> = rows.iter().map(|r| r.step).collect();
    assert_eq!(numbers, [4, 5, 6, 7, 9]);
    let verify = step(&rows, 4);
    assert_eq!(
        figures(verify),
        ([2, 2, 1, 1, 1], [Some(480), Some(480), Some(480)])
    );
    assert_eq!(verify.standard, "1 hari");
    assert_eq!(verify.median.as_deref(), Some("1 hari"));
    // Steps no case reached yet still have their row, with nothing measured.
    assert_eq!(figures(step(&rows, 7)), ([0; 5], [None, None, None]));
    // A step's deadline is its own standard, from its own start.
    assert_eq!(step(&rows, 7).deadline_working_minutes, 480);
}
