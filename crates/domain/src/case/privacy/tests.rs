//! Correcting and redacting the reporter's data: values parsed as the intake parses them, events that name
//! fields and never values, and a redaction that keeps the case's skeleton.

use chrono::{FixedOffset, TimeDelta, TimeZone, Utc};

use super::*;
use crate::case::{Classification, Priority, Verdict};
use crate::channel::Channel;
use crate::field_error::FieldErrors;
use crate::report::{ParseContext, Report, ReportInput};
use crate::taxonomy::IncidentType;
use crate::text::{ActorName, StaffText};
use crate::tlp::Tlp;
use crate::tracking::{TrackingCode, TrackingPrefix};

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn staff() -> Actor {
    Actor::Staff(ActorName::parse("andi").unwrap())
}

fn evidence(c: char, name: &str) -> EvidenceRef {
    EvidenceRef {
        sha256: c.to_string().repeat(64),
        media_type: "image/png".into(),
        size: 10,
        name: Some(name.into()),
    }
}

fn new_case() -> Case {
    let input = ReportInput::from_pairs([
        ("reporter_name", "Dewi Lestari Rahasia"),
        ("reporter_email", "dewi.rahasia@contoh.id"),
        ("reporter_phone", "0812-7777-0001"),
        ("reporter_organisation", "Koperasi Maju"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("title", "Situs dinas diretas"),
        ("description", "Saya Dewi, melihat situs berubah."),
        ("chronology", "Pukul 09.00 ditemukan oleh Dewi."),
        ("impact", "Layanan publik terganggu."),
        ("affected_url", "https://contoh.go.id"),
        ("hall_of_fame_consent", "on"),
        ("hall_of_fame_alias", "dewi_l"),
    ]);
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
        vec![evidence('a', "ktp-dewi.png")],
        Actor::Reporter,
        at(0),
    )
    .0
}

fn corrections(pairs: &[(ReporterField, &str)]) -> Result<ReporterCorrections, FieldErrors> {
    ReporterCorrections::parse(pairs.iter().copied())
}

#[test]
fn fields_are_named_by_key_or_intake_name() {
    assert_eq!(ReporterField::parse("email"), Some(ReporterField::Email));
    assert_eq!(
        ReporterField::parse("reporter_phone"),
        Some(ReporterField::Phone)
    );
    assert_eq!(ReporterField::parse("kind"), None);
    assert_eq!(ReporterField::parse("description"), None);
}

#[test]
fn a_correction_is_parsed_as_the_intake_parses_and_its_event_names_fields_only() {
    let case = new_case();
    let fixed = corrections(&[
        (ReporterField::Email, " dewi.baru@contoh.id "),
        (ReporterField::Phone, "0813 2222 3333"),
        (ReporterField::Organisation, ""),
    ])
    .unwrap();
    let (next, event) = case.correct_reporter(&fixed, staff(), at(5)).unwrap();
    let reporter = &next.report.reporter;
    assert_eq!(
        reporter.email.as_ref().unwrap().as_str(),
        "dewi.baru@contoh.id"
    );
    assert_eq!(reporter.phone.as_ref().unwrap().as_str(), "+6281322223333");
    assert_eq!(reporter.organisation, None);
    assert_eq!(reporter.name, case.report.reporter.name, "untouched");
    assert_eq!((next.version, event.seq), (2, 2));
    assert_eq!((event.from, event.to), (case.state, case.state));
    assert_eq!(
        event.change,
        Change::CorrectReporter {
            fields: vec![
                ReporterField::Email,
                ReporterField::Phone,
                ReporterField::Organisation
            ]
        }
    );
    let written = serde_json::to_string(&event).unwrap();
    for value in [
        "dewi.rahasia",
        "dewi.baru",
        "7777",
        "2222",
        "Koperasi",
        "+62",
    ] {
        assert!(!written.contains(value), "{value} in {written}");
    }
}

#[test]
fn a_bad_value_names_its_field_and_nothing_changes() {
    let errors = corrections(&[
        (ReporterField::Email, "dewi@contoh"),
        (ReporterField::Phone, "12ab"),
        (ReporterField::Name, "nama\u{202E}palsu"),
    ])
    .unwrap_err();
    let fields: Vec<&str> = errors.fields().collect();
    assert_eq!(
        fields,
        ["reporter_email", "reporter_name", "reporter_phone"]
    );
    assert!(
        errors
            .get("reporter_email")
            .unwrap()
            .en
            .contains("Not a valid e-mail address")
    );

    let twice = corrections(&[(ReporterField::Name, "A"), (ReporterField::Name, "B")]).unwrap_err();
    assert_eq!(twice.fields().collect::<Vec<_>>(), ["reporter_name"]);

    let case = new_case();
    let unreachable =
        corrections(&[(ReporterField::Email, ""), (ReporterField::Phone, "")]).unwrap();
    let Err(CorrectionError::Fields(errors)) = case.correct_reporter(&unreachable, staff(), at(5))
    else {
        panic!("a reporter without e-mail and phone is refused");
    };
    assert_eq!(
        errors.fields().collect::<Vec<_>>(),
        ["reporter_email", "reporter_phone"]
    );

    let same = corrections(&[(ReporterField::Email, "dewi.rahasia@contoh.id")]).unwrap();
    assert!(matches!(
        case.correct_reporter(&same, staff(), at(5)),
        Err(CorrectionError::Workflow(_))
    ));
}

#[test]
fn a_redaction_replaces_personal_data_and_free_text_and_keeps_the_skeleton() {
    let case = new_case();
    let mut events = vec![Event {
        seq: 1,
        at: at(0),
        actor: Actor::Reporter,
        from: case.state,
        to: case.state,
        change: Change::Received {
            channel: Channel::WebForm,
        },
    }];
    let mut case = case;
    let steps = [
        (
            Change::ReporterReply {
                text: MessageText::parse("Nomor saya 0812-7777-0001, Dewi.").unwrap(),
                files: vec![evidence('b', "dewi-selfie.png")],
                key: None,
            },
            Actor::Reporter,
        ),
        (
            Change::MessageReporter {
                text: MessageText::parse("Terima kasih, kami periksa.").unwrap(),
                files: vec![],
            },
            staff(),
        ),
        (
            Change::Notified {
                notice: crate::case::Notice::ReporterAcknowledged,
                outcome: NoticeOutcome::Failed {
                    reason: "550 dewi.rahasia@contoh.id unknown".into(),
                },
            },
            Actor::System,
        ),
        (Change::StartVerification, staff()),
        (
            Change::Verify {
                verdict: Verdict::Valid,
                reason: None,
            },
            staff(),
        ),
        (
            Change::Classify {
                classification: Classification {
                    incident: IncidentType::parse("intrusions", "application-compromise").unwrap(),
                    priority: Priority::High,
                    tlp: Tlp::Amber,
                },
            },
            staff(),
        ),
        (
            Change::Escalate {
                partner: crate::case::PartnerKind::Bssn,
                partner_name: "BSSN".into(),
                chronology: None,
                impact: None,
                request: Some(StaffText::parse("Mohon bantuan.").unwrap()),
                required: Vec::new(),
            },
            staff(),
        ),
    ];
    for (i, (change, actor)) in steps.into_iter().enumerate() {
        let (next, event) = case.apply(change, actor, at(i as i64 + 1)).unwrap();
        case = next;
        events.push(event);
    }

    let redaction = case
        .redact_reporter(&events, false, staff(), at(30))
        .unwrap();
    let redacted = &redaction.case;
    let stored = serde_json::to_string(redacted).unwrap()
        + &serde_json::to_string(&redaction.events).unwrap()
        + &serde_json::to_string(&redaction.event).unwrap();
    for secret in [
        "Dewi",
        "dewi",
        "7777",
        "Koperasi",
        "Situs dinas diretas",
        "ktp-",
        "selfie",
        "Pukul 09.00",
    ] {
        assert!(!stored.contains(secret), "{secret} left in {stored}");
    }
    let reporter = &redacted.report.reporter;
    assert_eq!(reporter.name.as_ref().unwrap().as_str(), TOMBSTONE);
    assert_eq!(
        (reporter.email.as_ref(), reporter.phone.as_ref()),
        (None, None)
    );
    assert_eq!(redacted.report.description.as_str(), TOMBSTONE);
    assert_eq!(redacted.escalations[0].description.as_str(), TOMBSTONE);
    assert_eq!(redacted.report.hall_of_fame, HallOfFame::Declined);
    assert_eq!(redacted.redacted_at, Some(at(30)));
    // The skeleton stays.
    assert_eq!(
        (
            redacted.state,
            redacted.received_at,
            &redacted.classification,
            redacted.report.reporter.kind
        ),
        (
            case.state,
            case.received_at,
            &case.classification,
            case.report.reporter.kind
        )
    );
    assert_eq!(redacted.report.affected, case.report.affected);
    assert_eq!(
        redacted.messages[1].text.as_str(),
        "Terima kasih, kami periksa.",
        "the team's messages stay"
    );
    assert_eq!(redacted.messages[0].text.as_str(), TOMBSTONE);
    // The reply and the failed notice are the events redacted; the event names them and the files deleted.
    assert_eq!(
        redaction.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [2, 4]
    );
    assert_eq!(
        redaction.event.change,
        Change::RedactReporter {
            events: vec![2, 4],
            deleted_files: vec!["a".repeat(64), "b".repeat(64)],
            grounds: RedactionGrounds::ReporterRequest,
            fields: ReporterField::ALL.to_vec(),
        }
    );
    let written = serde_json::to_string(&redaction.event).unwrap();
    assert!(
        !written.contains("grounds"),
        "a redaction at the reporter's request is written as before: {written}"
    );
    assert_eq!(redaction.event.seq, case.version + 1);
    assert_eq!(redaction.case.version, case.version + 1);
    assert_eq!(redaction.files.len(), 2);

    // Kept files are not listed; a second redaction finds nothing left to do.
    let kept = case
        .redact_reporter(&events, true, staff(), at(30))
        .unwrap();
    assert!(kept.files.is_empty());
    let mut all = events.clone();
    for event in &redaction.events {
        all[event.seq as usize - 1] = event.clone();
    }
    all.push(redaction.event.clone());
    assert!(
        redaction
            .case
            .redact_reporter(&all, true, staff(), at(31))
            .is_err()
    );
    // Nor can the reporter's data be corrected once it is gone.
    let fix = corrections(&[(ReporterField::Email, "baru@contoh.id")]).unwrap();
    assert!(matches!(
        redaction.case.correct_reporter(&fix, staff(), at(31)),
        Err(CorrectionError::Workflow(_))
    ));
    // And neither change goes through `apply`.
    assert!(
        case.apply(
            Change::CorrectReporter {
                fields: vec![ReporterField::Email]
            },
            staff(),
            at(32)
        )
        .is_err()
    );
}
