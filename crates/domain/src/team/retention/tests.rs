//! The schedule's rule, on a fixed clock: each period ends at the same time of day the case was closed, so
//! many months later, and never before the reporter's reply window has closed; what was done is not due again.

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};

use super::*;
use crate::case::{Actor, Verdict, Verification};
use crate::channel::Channel;
use crate::report::{ParseContext, Report, ReportInput};
use crate::tracking::{TrackingCode, TrackingPrefix};

/// When the cases here were closed.
fn closed() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 31, 9, 0, 0).unwrap()
}

const GRACE: TimeDelta = TimeDelta::days(14);

/// A case closed at [`closed`] with `verdict` (none: closed without a verdict).
fn closed_case(verdict: Option<Verdict>) -> Case {
    let input = ReportInput::from_pairs([
        ("reporter_email", "pelapor@contoh.id"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", "Situs berubah."),
        ("affected_url", "https://contoh.go.id"),
    ]);
    let received = closed() - TimeDelta::days(10);
    let context = ParseContext {
        received_at: received,
        local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    let report = Report::parse(&input, &context).unwrap();
    let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
    let (mut case, _) = Case::receive(
        code,
        report,
        Channel::WebForm,
        Vec::new(),
        Actor::Reporter,
        received,
    );
    case.verification = verdict.map(|verdict| Verification {
        verdict,
        reason: None,
        at: received,
    });
    case.closed_at = Some(closed());
    case
}

fn schedule(contact: u32, evidence: u32, invalid: u32) -> RetentionSchedule {
    RetentionSchedule {
        contact_months: contact,
        evidence_months: evidence,
        invalid_months: invalid,
        ..RetentionSchedule::default()
    }
}

const SECOND: TimeDelta = TimeDelta::seconds(1);

#[test]
fn a_valid_cases_contact_data_goes_when_its_period_ends_and_not_a_second_before() {
    let case = closed_case(Some(Verdict::Valid));
    let schedule = schedule(12, 24, 3);
    // 12 months after 31 January 2026, 09:00 is 31 January 2027, 09:00.
    let end = Utc.with_ymd_and_hms(2027, 1, 31, 9, 0, 0).unwrap();
    assert_eq!(schedule.due(&case, GRACE, end - SECOND), None);
    assert_eq!(
        schedule.due(&case, GRACE, end),
        Some(RetentionStep::Redact { keep_files: true }),
        "the files' own period has not ended"
    );
    let mut redacted = case.clone();
    redacted.redacted_at = Some(end);
    assert_eq!(schedule.due(&redacted, GRACE, end + SECOND), None);
    let files_end = Utc.with_ymd_and_hms(2028, 1, 31, 9, 0, 0).unwrap();
    assert_eq!(
        schedule.due(&redacted, GRACE, files_end),
        Some(RetentionStep::DeleteFiles)
    );
    redacted.files_deleted_at = Some(files_end);
    assert_eq!(schedule.due(&redacted, GRACE, files_end + SECOND), None);
    // Both ended at once: one redaction takes the files too.
    assert_eq!(
        schedule.due(&case, GRACE, files_end),
        Some(RetentionStep::Redact { keep_files: false })
    );
}

#[test]
fn evidence_may_go_before_contact_data() {
    let case = closed_case(Some(Verdict::Valid));
    let schedule = schedule(24, 6, 3);
    // 31 January + 6 months: the end of July (chrono keeps to the month's last day).
    let end = Utc.with_ymd_and_hms(2026, 7, 31, 9, 0, 0).unwrap();
    assert_eq!(schedule.due(&case, GRACE, end - SECOND), None);
    assert_eq!(
        schedule.due(&case, GRACE, end),
        Some(RetentionStep::DeleteFiles)
    );
    let mut expired = case.clone();
    expired.files_deleted_at = Some(end);
    assert_eq!(
        schedule.due(&expired, GRACE, end + TimeDelta::days(30)),
        None
    );
    let contact_end = Utc.with_ymd_and_hms(2028, 1, 31, 9, 0, 0).unwrap();
    assert_eq!(
        schedule.due(&expired, GRACE, contact_end),
        Some(RetentionStep::Redact { keep_files: true }),
        "no file is left to delete"
    );
}

#[test]
fn an_invalid_report_goes_sooner_erased_or_redacted() {
    let schedule = schedule(12, 12, 3);
    let end = Utc.with_ymd_and_hms(2026, 4, 30, 9, 0, 0).unwrap();
    for verdict in [Some(Verdict::Invalid), None] {
        let case = closed_case(verdict);
        assert_eq!(schedule.due(&case, GRACE, end - SECOND), None);
        assert_eq!(schedule.due(&case, GRACE, end), Some(RetentionStep::Erase));
    }
    let redacting = RetentionSchedule {
        invalid_reports: InvalidReports::Redact,
        ..schedule
    };
    let mut case = closed_case(Some(Verdict::Invalid));
    assert_eq!(
        redacting.due(&case, GRACE, end),
        Some(RetentionStep::Redact { keep_files: false })
    );
    case.redacted_at = Some(end);
    case.files_deleted_at = Some(end);
    assert_eq!(redacting.due(&case, GRACE, end + SECOND), None);
}

#[test]
fn nothing_is_due_on_an_open_case_or_inside_the_reply_window() {
    let schedule = schedule(1, 1, 1);
    let mut open = closed_case(Some(Verdict::Valid));
    open.closed_at = None;
    let much_later = closed() + TimeDelta::days(4000);
    assert_eq!(schedule.due(&open, GRACE, much_later), None);
    let case = closed_case(Some(Verdict::Invalid));
    let long_grace = TimeDelta::days(60);
    assert_eq!(
        schedule.due(&case, long_grace, closed() + TimeDelta::days(59)),
        None,
        "a month has passed, but the reporter may still reply"
    );
    assert_eq!(
        schedule.due(&case, long_grace, closed() + long_grace),
        Some(RetentionStep::Erase)
    );
}

#[test]
fn every_bad_value_is_named_by_its_key() {
    let bad = RetentionSchedule {
        contact_months: 0,
        evidence_months: 121,
        invalid_months: 3,
        invalid_reports: InvalidReports::Erase,
        backup_days: 0,
    };
    let problems = bad.problems();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("retention.contact_months must be 1 to 120"));
    assert!(problems[1].starts_with("retention.evidence_months must be 1 to 120"));
    assert!(problems[2].starts_with("retention.backup_days must be 1 to 366"));
    assert!(RetentionSchedule::default().problems().is_empty());
}

#[test]
fn periods_are_stated_in_both_languages() {
    let schedule = RetentionSchedule {
        contact_months: 1,
        backup_days: 30,
        ..RetentionSchedule::default()
    };
    assert_eq!(
        schedule.period_text(RetentionPeriod::Contact, Lang::Id),
        "1 bulan"
    );
    assert_eq!(
        schedule.period_text(RetentionPeriod::Contact, Lang::En),
        "1 month"
    );
    assert_eq!(
        schedule.period_text(RetentionPeriod::Evidence, Lang::En),
        "12 months"
    );
    assert_eq!(
        schedule.period_text(RetentionPeriod::Backups, Lang::Id),
        "30 hari"
    );
    assert_eq!(schedule.backup_period(), TimeDelta::days(30));
}
