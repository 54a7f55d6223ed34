//! Management reports over cases built and moved through the real case domain, at times chosen so that every
//! count and working time is known by construction. Tegal (WIB, UTC+7) and Kutai Kartanegara (WITA, UTC+8),
//! both working Monday to Friday, 08:00-16:00.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use csirt_domain::case::{
    Actor, Case, Change, Classification, Event, MitigationKind, PartnerKind, Priority, Verdict,
};
use csirt_domain::channel::Channel;
use csirt_domain::report::{ParseContext, Report, ReportInput};
use csirt_domain::sop::SopProfile;
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, StaffText};
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::{TrackingCode, TrackingPrefix};
use csirt_staff::management::{
    ManagementReport, Period, PeriodClassRow, StepTimeRow, cases_by_period, step_times, write_csv,
    write_json,
};

const REPORTER_EMAIL: &str = "pelapor.rahasia@contoh.id";
const REPORTER_NAME: &str = "Siti Pelapor";
const DESCRIPTION: &str = "Tampilan situs dinas berubah menjadi halaman judi.";

/// An instant in local time at `offset_hours` east of UTC.
fn local(offset_hours: i32, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(offset_hours * 3600)
        .unwrap()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// An instant in WIB (UTC+7), Tegal's time.
fn wib(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    local(7, 2026, m, d, h, min)
}

/// An instant in WITA (UTC+8), Kutai Kartanegara's time.
fn wita(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    local(8, 2026, m, d, h, min)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

/// A case and its events so far, moved only through `Case::apply`.
struct Walk {
    case: Case,
    events: Vec<Event>,
}

impl Walk {
    /// A report of `class`/`kind` received at `at`, with the reporter's personal data in it.
    fn receive(prefix: &str, class: &str, kind: &str, at: DateTime<Utc>) -> Walk {
        let input = ReportInput::from_pairs([
            ("reporter_name", REPORTER_NAME),
            ("reporter_email", REPORTER_EMAIL),
            ("incident_class", class),
            ("incident_type", kind),
            ("description", DESCRIPTION),
            ("chronology", "Pukul 08.30 ditemukan."),
            ("impact", "Layanan publik terganggu."),
            ("affected_url", "https://dinas.contoh.go.id"),
        ]);
        let context = ParseContext {
            received_at: at,
            local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
        };
        let report = Report::parse(&input, &context).unwrap();
        let code = TrackingCode::generate(&TrackingPrefix::parse(prefix).unwrap()).unwrap();
        let (case, event) = Case::receive(
            code,
            report,
            Channel::WebForm,
            Vec::new(),
            Actor::Reporter,
            at,
        );
        Walk {
            case,
            events: vec![event],
        }
    }

    /// Applies `change` at `at`.
    fn then(mut self, change: Change, at: DateTime<Utc>) -> Walk {
        let staff = Actor::Staff(ActorName::parse("andi").unwrap());
        let (case, event) = self.case.apply(change, staff, at).unwrap();
        self.case = case;
        self.events.push(event);
        self
    }

    fn verify(self, verdict: Verdict, at: DateTime<Utc>) -> Walk {
        let reason = (verdict == Verdict::Invalid).then(|| text("Bukan insiden siber."));
        self.then(Change::Verify { verdict, reason }, at)
    }

    fn done(self) -> (Case, Vec<Event>) {
        (self.case, self.events)
    }
}

/// When Tegal's report is made: Tuesday 1 December 2026, 09:00 WIB.
fn tegal_now() -> DateTime<Utc> {
    wib(12, 1, 9, 0)
}

/// Four Tegal cases:
/// 1. intrusions, classified by the team as malicious code; received Monday 23 November 09:00 WIB, verified in
///    20 minutes, mitigation planned 10:00, handled 10:45, escalated 11:00, handled again from 13:00 until the
///    analysis on Tuesday 10:45, resolved, closed Tuesday 1 December 08:30 WIB;
/// 2. fraud, received Monday 23 November 10:00, verification from 10:15 took 2 hours: invalid, closed 13:00;
/// 3. intrusions, received Friday 27 November 15:30, verification from 15:50 done Monday 08:10 (20 working
///    minutes over the weekend);
/// 4. availability, received 2026-11-30T20:00Z (Tuesday 1 December 03:00 WIB), verifying since 03:05 WIB.
fn tegal_cases() -> Vec<(Case, Vec<Event>)> {
    let malicious = Classification {
        incident: IncidentType::parse("malicious-code", "infected-system").unwrap(),
        priority: Priority::High,
        tlp: Tlp::Amber,
    };
    let first = Walk::receive(
        "TGL",
        "intrusions",
        "application-compromise",
        wib(11, 23, 9, 0),
    )
    .then(Change::StartVerification, wib(11, 23, 9, 5))
    .verify(Verdict::Valid, wib(11, 23, 9, 25))
    .then(
        Change::Classify {
            classification: malicious,
        },
        wib(11, 23, 9, 30),
    )
    .then(
        Change::PlanMitigation {
            kind: MitigationKind::MaintenancePage,
            detail: None,
        },
        wib(11, 23, 10, 0),
    )
    .then(Change::StartHandling { note: None }, wib(11, 23, 10, 45))
    .then(
        Change::Escalate {
            partner: PartnerKind::Provincial,
            partner_name: "JatengProv-CSIRT".into(),
            chronology: None,
            impact: None,
            request: None,
        },
        wib(11, 23, 11, 0),
    )
    .then(Change::StartHandling { note: None }, wib(11, 23, 13, 0))
    .then(
        Change::RecordAnalysis {
            analysis: text("Celah pada plugin."),
            recommendations: text("Perbarui plugin."),
        },
        wib(11, 24, 10, 45),
    )
    .then(
        Change::Resolve {
            summary: text("Situs dipulihkan."),
        },
        wib(11, 24, 11, 0),
    )
    .then(
        Change::Close {
            hall_of_fame: false,
        },
        wib(12, 1, 8, 30),
    )
    .done();
    let second = Walk::receive("TGL", "fraud", "phishing", wib(11, 23, 10, 0))
        .then(Change::StartVerification, wib(11, 23, 10, 15))
        .verify(Verdict::Invalid, wib(11, 23, 12, 15))
        .then(
            Change::Close {
                hall_of_fame: false,
            },
            wib(11, 23, 13, 0),
        )
        .done();
    let third = Walk::receive(
        "TGL",
        "intrusions",
        "system-compromise",
        wib(11, 27, 15, 30),
    )
    .then(Change::StartVerification, wib(11, 27, 15, 50))
    .verify(Verdict::Valid, wib(11, 30, 8, 10))
    .done();
    let month_boundary = Utc.with_ymd_and_hms(2026, 11, 30, 20, 0, 0).unwrap();
    let fourth = Walk::receive("TGL", "availability", "dos", month_boundary)
        .then(
            Change::StartVerification,
            Utc.with_ymd_and_hms(2026, 11, 30, 20, 5, 0).unwrap(),
        )
        .done();
    vec![first, second, third, fourth]
}

fn only_cases(cases: &[(Case, Vec<Event>)]) -> Vec<Case> {
    cases.iter().map(|(case, _)| case.clone()).collect()
}

/// The counts of one row: received, valid, invalid, closed, open at the end.
fn counts(rows: &[PeriodClassRow], period: &str, class: &str) -> [u64; 5] {
    let row = rows
        .iter()
        .find(|r| r.period == period && r.incident_class == class)
        .unwrap_or_else(|| panic!("no row for {period} {class}"));
    [
        row.received,
        row.valid,
        row.invalid,
        row.closed,
        row.open_at_end,
    ]
}

fn wib_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

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

    // Receiving: 5, 15, 20 and 0 working minutes (case 4 arrived at night). Step 1 is due after 10 minutes,
    // step 2 after 20 (both run from the receipt).
    assert_eq!(
        figures(step(&rows, 1)),
        ([4, 4, 4, 0, 2], [Some(5), Some(20), Some(20)])
    );
    assert_eq!(step(&rows, 1).deadline_working_minutes, 10);
    assert_eq!(
        figures(step(&rows, 2)),
        ([4, 4, 4, 0, 0], [Some(5), Some(20), Some(20)])
    );
    assert_eq!(step(&rows, 2).deadline_working_minutes, 20);

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

    // Handling twice: 15 minutes before the escalation, then 13:00 to Tuesday 10:45 = 180 + 165 minutes.
    // Step 5 (10-30 minutes) ran past its standard the second time; step 6 (1-3 days more) never did.
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
        ([1, 2, 2, 0, 0], [Some(15), Some(345), Some(345)])
    );
    assert_eq!(analyse.deadline_working_minutes, 30 + 3 * 480);
    assert_eq!(analyse.deadline, "3 hari 30 menit");
}

/// Kutai Kartanegara (WITA): its first three steps are the reporter's, before intake, and never clocked.
/// One case received Friday 27 November 15:00 WITA and verified Monday 30 November 15:00: one working day
/// exactly, against a one-day standard; another verifying since Monday 08:00, still open on Tuesday 09:00.
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
    assert_eq!(step(&rows, 7).deadline_working_minutes, 30 + 30 + 480);
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

#[test]
fn csv_has_a_header_and_one_line_per_row() {
    let cases = only_cases(&tegal_cases());
    let december = Some((day(2026, 12, 1), day(2026, 12, 31)));
    let rows = cases_by_period(&cases, Period::Month, december, wib_offset(), tegal_now());
    let mut out = Vec::new();
    write_csv(&rows, &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "period,first_day,last_day,incident_class,incident_class_label_id,incident_class_label_en,\
         received,valid,invalid,closed,open_at_end"
    );
    assert_eq!(lines.len(), 1 + 11);
    assert!(
        lines.contains(
            &"2026-12,2026-12-01,2026-12-31,availability,Ketersediaan,Availability,1,0,0,0,1"
        ),
        "{csv}"
    );

    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let steps = step_times(&profile, &calendar, &tegal_cases(), tegal_now());
    let mut out = Vec::new();
    write_csv(&steps, &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "step,title_id,title_en,state,standard,deadline_working_minutes,deadline,cases,passes,completed,\
         still_open,median_working_minutes,p90_working_minutes,max_working_minutes,median,p90,max,overdue"
    );
    let verify = lines.find(|l| l.starts_with("3,")).unwrap();
    assert!(
        verify
            .ends_with(",verifying,30 menit,30,30 menit,4,4,3,1,20,120,120,20 menit,2 jam,2 jam,2"),
        "{verify}"
    );
}

#[test]
fn json_carries_what_the_report_covers_and_the_same_rows() {
    let cases = tegal_cases();
    let rows = cases_by_period(
        &only_cases(&cases),
        Period::Month,
        None,
        wib_offset(),
        tegal_now(),
    );
    let report = ManagementReport {
        profile: "tegal",
        generated_at: tegal_now(),
        utc_offset: "+07:00".into(),
        period: Some(Period::Month),
        range: None,
        rows: &rows,
    };
    let mut out = Vec::new();
    write_json(&report, &mut out).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["profile"], "tegal");
    assert_eq!(json["generated_at"], "2026-12-01T02:00:00Z");
    assert_eq!(json["utc_offset"], "+07:00");
    assert_eq!(json["period"], "month");
    assert!(json["range"].is_null());
    let json_rows = json["rows"].as_array().unwrap();
    assert_eq!(json_rows.len(), rows.len());
    let availability = json_rows
        .iter()
        .find(|r| r["period"] == "2026-12" && r["incident_class"] == "availability")
        .unwrap();
    assert_eq!(
        *availability,
        serde_json::json!({
            "period": "2026-12", "first_day": "2026-12-01", "last_day": "2026-12-31",
            "incident_class": "availability", "incident_class_label_id": "Ketersediaan",
            "incident_class_label_en": "Availability",
            "received": 1, "valid": 0, "invalid": 0, "closed": 0, "open_at_end": 1
        })
    );
}

#[test]
fn no_row_carries_personal_data_or_tracking_codes() {
    let cases = tegal_cases();
    let profile = SopProfile::builtin("tegal").unwrap();
    let calendar = profile.calendar().unwrap();
    let by_period = cases_by_period(
        &only_cases(&cases),
        Period::Month,
        None,
        wib_offset(),
        tegal_now(),
    );
    let steps = step_times(&profile, &calendar, &cases, tegal_now());
    let mut written = Vec::new();
    write_csv(&by_period, &mut written).unwrap();
    write_csv(&steps, &mut written).unwrap();
    written.extend(serde_json::to_vec(&by_period).unwrap());
    written.extend(serde_json::to_vec(&steps).unwrap());
    let written = String::from_utf8(written).unwrap();
    let mut secrets = vec![
        REPORTER_EMAIL.to_owned(),
        REPORTER_NAME.to_owned(),
        DESCRIPTION.to_owned(),
    ];
    for (case, _) in &cases {
        secrets.push(case.code.to_string());
        secrets.push(case.code.key().to_string());
    }
    for secret in secrets {
        assert!(!written.contains(&secret), "{secret} leaked");
    }
}
