//! Cases counted by period: months in local time with the team's classification, quarters, years and ranges.

use super::*;

#[test]
fn months_follow_local_time_and_the_team_s_classification() {
    let cases = only_cases(&tegal_cases());
    let rows = cases_by_period(&cases, Period::Month, None, wib_offset(), tegal_now());

    let periods: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
    let mut distinct = periods.clone();
    distinct.dedup();
    assert_eq!(distinct, ["2026-11", "2026-12"]);
    // Every class of the taxonomy in every period, zeros included.
    assert_eq!(rows.len(), 2 * 11);

    // Case 1 counts under the team's class, not the reporter's.
    assert_eq!(counts(&rows, "2026-11", "malicious-code"), [1, 1, 0, 0, 1]);
    assert_eq!(counts(&rows, "2026-11", "fraud"), [1, 0, 1, 1, 0]);
    // Case 3 was found valid on Monday 30 November, and is still open.
    assert_eq!(counts(&rows, "2026-11", "intrusions"), [1, 1, 0, 0, 1]);
    // 2026-11-30T20:00Z is 1 December in WIB: case 4 belongs to December.
    assert_eq!(counts(&rows, "2026-11", "availability"), [0, 0, 0, 0, 0]);
    assert_eq!(counts(&rows, "2026-12", "availability"), [1, 0, 0, 0, 1]);
    // Case 1 was closed in December.
    assert_eq!(counts(&rows, "2026-12", "malicious-code"), [0, 0, 0, 1, 0]);
    assert_eq!(counts(&rows, "2026-12", "intrusions"), [0, 0, 0, 0, 1]);
    assert_eq!(counts(&rows, "2026-12", "fraud"), [0, 0, 0, 0, 0]);

    let november = rows.iter().find(|r| r.period == "2026-11").unwrap();
    assert_eq!(
        (november.first_day, november.last_day),
        (day(2026, 11, 1), day(2026, 11, 30))
    );
}

#[test]
fn quarters_years_and_ranges() {
    let cases = only_cases(&tegal_cases());
    let now = tegal_now();

    let quarters = cases_by_period(&cases, Period::Quarter, None, wib_offset(), now);
    assert!(quarters.iter().all(|r| r.period == "2026-Q4"));
    assert_eq!(
        counts(&quarters, "2026-Q4", "malicious-code"),
        [1, 1, 0, 1, 0]
    );
    assert_eq!(counts(&quarters, "2026-Q4", "intrusions"), [1, 1, 0, 0, 1]);
    assert_eq!(
        counts(&quarters, "2026-Q4", "availability"),
        [1, 0, 0, 0, 1]
    );

    let range = Some((day(2026, 1, 1), day(2026, 12, 31)));
    let year = cases_by_period(&cases, Period::Year, range, wib_offset(), now);
    assert_eq!(year.len(), 11);
    assert_eq!(counts(&year, "2026", "fraud"), [1, 0, 1, 1, 0]);
    assert_eq!(
        (year[0].first_day, year[0].last_day),
        (day(2026, 1, 1), day(2026, 12, 31))
    );

    // A range that starts on 1 December leaves November's receipts out, but not the cases still open.
    let december = Some((day(2026, 12, 1), day(2026, 12, 31)));
    let rows = cases_by_period(&cases, Period::Month, december, wib_offset(), now);
    assert!(rows.iter().all(|r| r.period == "2026-12"));
    assert_eq!(counts(&rows, "2026-12", "intrusions"), [0, 0, 0, 0, 1]);
    assert_eq!(counts(&rows, "2026-12", "availability"), [1, 0, 0, 0, 1]);

    // Counted in UTC, case 4 would have been November's.
    let utc = FixedOffset::east_opt(0).unwrap();
    let in_utc = cases_by_period(&cases, Period::Month, None, utc, now);
    assert_eq!(counts(&in_utc, "2026-11", "availability"), [1, 0, 0, 0, 1]);

    assert!(cases_by_period(&[], Period::Month, None, wib_offset(), now).is_empty());
}

#[test]
fn years_follow_the_team_s_offset() {
    // 2026-12-31T16:30Z is already 2027 in WITA (UTC+8), still 2026 in WIB (UTC+7).
    let new_year = Utc.with_ymd_and_hms(2026, 12, 31, 16, 30, 0).unwrap();
    let (case, _) = Walk::receive("KKR", "fraud", "phishing", new_year).done();
    let wita_offset = FixedOffset::east_opt(8 * 3600).unwrap();
    let later = wita(12, 31, 23, 59) + chrono::TimeDelta::days(2);
    let rows = cases_by_period(
        std::slice::from_ref(&case),
        Period::Year,
        None,
        wita_offset,
        later,
    );
    assert_eq!(counts(&rows, "2027", "fraud"), [1, 0, 0, 0, 1]);
    let rows = cases_by_period(&[case], Period::Year, None, wib_offset(), later);
    assert_eq!(counts(&rows, "2026", "fraud"), [1, 0, 0, 0, 1]);
}
