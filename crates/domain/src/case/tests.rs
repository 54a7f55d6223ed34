//! The case's unit tests: shared builders here, the tests by subject in the modules.

mod assignees;
mod escalations;
mod events;
mod refusals;
mod summary;
mod thread;
mod transitions;

use chrono::{FixedOffset, TimeDelta, TimeZone, Utc};

use super::*;
use crate::report::{ParseContext, Report, ReportInput};
use crate::taxonomy::IncidentType;
use crate::text::ActorName;
use crate::tlp::Tlp;
use crate::tracking::{TrackingCode, TrackingPrefix};

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

fn staff() -> Actor {
    Actor::Staff(ActorName::parse("andi").unwrap())
}

fn new_case(consent: bool, chronology: bool) -> Case {
    let mut input = ReportInput::from_pairs([
        ("reporter_email", "pelapor@contoh.id"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", "Situs berubah tampilan."),
        ("affected_url", "https://contoh.go.id"),
    ]);
    if consent {
        input
            .set("hall_of_fame_consent", "on")
            .set("hall_of_fame_alias", "Budi");
    }
    if chronology {
        input
            .set("chronology", "Pukul 09.00 ditemukan.")
            .set("impact", "Layanan publik terganggu.");
    }
    let context = ParseContext {
        received_at: at(0),
        local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    let report = Report::parse(&input, &context).unwrap();
    let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
    Case::receive(
        code,
        report,
        Channel::WebForm,
        Vec::new(),
        Actor::Reporter,
        at(0),
    )
    .0
}

fn classification() -> Classification {
    Classification {
        incident: IncidentType::parse("intrusions", "application-compromise").unwrap(),
        priority: Priority::High,
        tlp: Tlp::Amber,
    }
}

/// Applies the changes in order, returning the final case and every event (the first is the receipt).
fn walk(case: Case, changes: Vec<Change>) -> (Case, Vec<Event>) {
    let mut events = Vec::new();
    let mut case = case;
    for (i, change) in changes.into_iter().enumerate() {
        let (next, event) = case
            .apply(change, staff(), at(10 * (i as i64 + 1)))
            .unwrap();
        assert_eq!(event.seq, next.version);
        case = next;
        events.push(event);
    }
    (case, events)
}

#[test]
fn the_certificate_given_to_the_reporter_defaults_to_tlp_clear() {
    assert_eq!(
        DocumentKind::CertificateOfAppreciation.default_tlp(Tlp::Red),
        Tlp::Clear
    );
    for kind in DocumentKind::ALL
        .into_iter()
        .filter(|kind| *kind != DocumentKind::CertificateOfAppreciation)
    {
        assert_eq!(kind.default_tlp(Tlp::Amber), Tlp::Amber, "{kind:?}");
        assert_eq!(kind.default_tlp(Tlp::Red), Tlp::Red, "{kind:?}");
    }
}
