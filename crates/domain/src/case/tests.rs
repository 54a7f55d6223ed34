use chrono::{FixedOffset, TimeDelta, TimeZone, Utc};

use super::*;
use crate::report::{ParseContext, Report, ReportInput};
use crate::taxonomy::IncidentType;
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
fn a_case_walks_the_longest_path_to_closed() {
    let (case, events) = walk(
        new_case(true, true),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            Change::Classify {
                classification: classification(),
            },
            Change::Assign {
                handler: ActorName::parse("sub-website").unwrap(),
            },
            Change::PlanMitigation {
                kind: MitigationKind::MaintenancePage,
                detail: None,
            },
            Change::PlanMitigation {
                kind: MitigationKind::BackupData,
                detail: None,
            },
            Change::UpdateMitigation {
                item: 1,
                status: MitigationStatus::Done,
            },
            Change::StartHandling { note: None },
            Change::Escalate {
                partner: PartnerKind::Provincial,
                partner_name: "JatengProv-CSIRT".into(),
                chronology: None,
                impact: None,
                request: None,
            },
            Change::RecordEscalationAnswer {
                escalation: 1,
                text: text("Tutup celah plugin."),
            },
            Change::StartHandling {
                note: Some(text("Lanjut sesuai rekomendasi.")),
            },
            Change::RecordAnalysis {
                analysis: text("Plugin usang."),
                recommendations: text("Perbarui."),
            },
            Change::StartFollowUp { note: None },
            Change::Resolve {
                summary: text("Pulih."),
            },
            Change::IssueDocument {
                document: DocumentRecord {
                    kind: DocumentKind::CertificateOfAppreciation,
                    number: "001/SA/2026".into(),
                    issued_at: at(500),
                    tlp: Tlp::Clear,
                },
            },
            Change::Close { hall_of_fame: true },
        ],
    );
    assert_eq!(case.state, CaseState::Closed);
    assert_eq!(case.version, 17);
    assert_eq!(case.mitigation[0].status, MitigationStatus::Done);
    assert_eq!(case.mitigation[1].status, MitigationStatus::Planned);
    assert_eq!(
        case.escalations[0].chronology.as_str(),
        "Pukul 09.00 ditemukan."
    );
    assert!(case.escalations[0].answer.is_some());
    assert_eq!(case.hall_of_fame_alias().unwrap().as_str(), "Budi");
    assert_eq!(case.closed_at, Some(at(160)));
    let states: Vec<_> = public_timeline(&events).iter().map(|t| t.state).collect();
    assert_eq!(
        states,
        [
            CaseState::Verifying,
            CaseState::Valid,
            CaseState::Triaged,
            CaseState::Mitigating,
            CaseState::Handling,
            CaseState::Escalated,
            CaseState::Handling,
            CaseState::Reported,
            CaseState::FollowUp,
            CaseState::Resolved,
            CaseState::Closed,
        ]
    );
}

#[test]
fn an_illegal_transition_names_the_case_the_state_and_the_allowed_moves() {
    let case = new_case(false, false);
    let error = case
        .apply(Change::Resolve { summary: text("x") }, staff(), at(1))
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains(&case.code.to_string()), "{message}");
    assert!(
        message.contains("is received: it cannot move to resolved; allowed next: verifying"),
        "{message}"
    );
    let error = case
        .apply(Change::RecordAction { note: text("x") }, staff(), at(1))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("record_action is allowed only when the case is mitigating, handling"),
        "{error}"
    );
}

#[test]
fn a_refused_change_leaves_the_case_as_it_was() {
    let (case, _) = walk(new_case(false, false), vec![Change::StartVerification]);
    let before = case.clone();
    let error = case
        .apply(
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: None,
            },
            staff(),
            at(99),
        )
        .unwrap_err();
    assert!(error.to_string().contains("needs the reason"));
    assert_eq!(case, before);
}

#[test]
fn an_invalid_report_can_only_be_closed_and_earns_no_hall_of_fame() {
    let (case, _) = walk(
        new_case(true, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Tidak ada indikasi serangan.")),
            },
        ],
    );
    assert_eq!(case.state.next_states(), [CaseState::Closed]);
    let error = case
        .apply(Change::Close { hall_of_fame: true }, staff(), at(90))
        .unwrap_err();
    assert!(error.to_string().contains("only a valid report"), "{error}");
    let (closed, _) = case
        .apply(
            Change::Close {
                hall_of_fame: false,
            },
            staff(),
            at(90),
        )
        .unwrap();
    assert_eq!(closed.hall_of_fame_alias(), None);
    assert!(
        closed
            .apply(
                Change::AddNote {
                    text: text("arsip")
                },
                staff(),
                at(91)
            )
            .is_ok()
    );
    assert!(
        closed
            .apply(Change::StartHandling { note: None }, staff(), at(91))
            .is_err()
    );
}

#[test]
fn escalation_needs_bssn_minimum_fields() {
    let (case, _) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            Change::Classify {
                classification: classification(),
            },
        ],
    );
    let escalate = |chronology: Option<&str>, impact: Option<&str>| Change::Escalate {
        partner: PartnerKind::Bssn,
        partner_name: "BSSN".into(),
        chronology: chronology.map(|c| crate::text::Chronology::parse(c).unwrap()),
        impact: impact.map(|i| crate::text::Impact::parse(i).unwrap()),
        request: None,
    };
    let error = case
        .apply(escalate(None, None), staff(), at(50))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("BSSN requires the chronology and the impact"),
        "{error}"
    );
    let (escalated, event) = case
        .apply(escalate(Some("kronologi"), Some("dampak")), staff(), at(50))
        .unwrap();
    assert_eq!(escalated.state, CaseState::Escalated);
    assert_eq!(event.from, CaseState::Triaged);
    assert_eq!(escalated.escalations[0].impact.as_str(), "dampak");
}

#[test]
fn hall_of_fame_needs_consent() {
    let (case, _) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            Change::Classify {
                classification: classification(),
            },
            Change::RecordAnalysis {
                analysis: text("a"),
                recommendations: text("r"),
            },
            Change::Resolve { summary: text("s") },
        ],
    );
    let error = case
        .apply(Change::Close { hall_of_fame: true }, staff(), at(99))
        .unwrap_err();
    assert!(error.to_string().contains("did not consent"));
}

#[test]
fn unknown_mitigation_items_and_escalations_are_refused() {
    let (case, _) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            Change::Classify {
                classification: classification(),
            },
            Change::PlanMitigation {
                kind: MitigationKind::ClosePorts,
                detail: Some(text("22, 3306")),
            },
        ],
    );
    let error = case
        .apply(
            Change::UpdateMitigation {
                item: 7,
                status: MitigationStatus::Done,
            },
            staff(),
            at(99),
        )
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no mitigation item 7 (the case has 1)"),
        "{error}"
    );
    let other = Change::PlanMitigation {
        kind: MitigationKind::Other,
        detail: None,
    };
    assert!(case.apply(other, staff(), at(99)).is_err());
}

#[test]
fn events_round_trip_through_json() {
    let (_, events) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::AddNote {
                text: text("<b>internal</b>"),
            },
        ],
    );
    for event in events {
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }
}

#[test]
fn notices_are_recorded_in_any_state_and_survive_serialisation() {
    let (case, _) = walk(
        new_case(false, false),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Bukan insiden siber.")),
            },
            Change::Close {
                hall_of_fame: false,
            },
        ],
    );
    assert_eq!(case.state, CaseState::Closed);
    let failed = Change::Notified {
        notice: Notice::ReporterClosed,
        outcome: NoticeOutcome::Failed {
            reason: "connection refused".into(),
        },
    };
    let (case, event) = case.apply(failed, Actor::System, at(60)).unwrap();
    assert_eq!(event.from, CaseState::Closed);
    assert!(!case.delivered(&Notice::ReporterClosed));
    let (case, event) = case
        .apply(
            Change::Notified {
                notice: Notice::ReporterClosed,
                outcome: NoticeOutcome::Delivered,
            },
            Actor::System,
            at(70),
        )
        .unwrap();
    let record = case.notice(&Notice::ReporterClosed).unwrap();
    assert_eq!(
        (
            record.attempts,
            record.delivered_at,
            record.last_error.as_deref()
        ),
        (2, Some(at(70)), None)
    );
    let json = serde_json::to_string(&event).unwrap();
    assert!(
        json.contains(
            r#""action":"notified","notice":"reporter_closed","outcome":{"outcome":"delivered"}"#
        ),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    let reminder = Notice::Reminder {
        step: 3,
        since: at(0),
        via: Via::Webhook,
    };
    let back: Case = serde_json::from_str(&serde_json::to_string(&case).unwrap()).unwrap();
    assert_eq!(back, case);
    assert!(!back.delivered(&reminder));
    // A case stored before notices existed reads as having none.
    let mut old = serde_json::to_value(&case).unwrap();
    old.as_object_mut().unwrap().remove("notices");
    assert!(
        serde_json::from_value::<Case>(old)
            .unwrap()
            .notices
            .is_empty()
    );
}
