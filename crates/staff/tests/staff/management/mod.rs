//! Management reports over cases built and moved through the real case domain, at times chosen so that every
//! count and working time is known by construction. Tegal (WIB, UTC+7) and Kutai Kartanegara (WITA, UTC+8),
//! both working Monday to Friday, 08:00-16:00.

mod output;
mod periods;
mod steps;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use csirt_domain::case::{Case, Change, Event, MitigationKind, PartnerKind, Priority, Verdict};
use csirt_domain::report::ReportInput;
use csirt_domain::sop::SopProfile;
use csirt_staff::management::{
    ManagementReport, Period, PeriodClassRow, StepTimeRow, cases_by_period, step_times, write_csv,
    write_json,
};
use csirt_test_kit::cases::{classification, staff, text};
use csirt_test_kit::{cases, reports};

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
        let (case, event) = cases::receive(prefix, reports::parse(&input, at, 7), at);
        Walk {
            case,
            events: vec![event],
        }
    }

    /// Applies `change` at `at`.
    fn then(mut self, change: Change, at: DateTime<Utc>) -> Walk {
        let (case, event) = self.case.apply(change, staff("andi"), at).unwrap();
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
    let malicious = classification("malicious-code", "infected-system", Priority::High);
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
            required: Vec::new(),
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
