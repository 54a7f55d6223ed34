//! The reporter's rights through the staff library, on both stores: finding a reporter's cases, exporting what is
//! held about them, correcting, redacting and erasing it — each given by the SOP to some roles only, refused to
//! the others with nothing done, and recorded in the audit log by the action and the codes, never the data.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use csirt_domain::account::AccountChange;
use csirt_domain::case::{
    Actor, Change, PrivacyAction, ReporterCorrections, ReporterField, TOMBSTONE, Verdict,
};
use csirt_domain::channel::Channel;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::report::ReportInput;
use csirt_domain::state::CaseState;
use csirt_domain::text::MessageText;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::accounts::Staffer;
use csirt_staff::audit::{verify_case, verify_everything};
use csirt_staff::privacy::{
    FreeText, ReporterQuery, access_export, correct_reporter, erase_case, find_reporter_cases,
    permitted_actions, preview_erasure, preview_redaction, redact_reporter,
};
use csirt_staff::record::{Recording, record_report};
use csirt_staff::steps::take_step;
use csirt_staff::{Desk, ErrorKind, StaffError};
use csirt_store::CaseStore;
use csirt_test_kit::cases::fresh_code;
use csirt_test_kit::reports::{png, report_fields};

use crate::accounts::support::*;

/// The personal data of the kit's reporter, as typed and as stored (whole values: a short run of digits could
/// turn up in a hash or a time).
const SECRETS: [&str; 7] = [
    "Siti Aminah",
    "Rahayu",
    "siti.rahayu@contoh.id",
    "0812-9876-5432",
    "+6281298765432",
    "Rahasia-deskripsi",
    "08.10 ditemukan",
];

/// The tegal team: `ayu` (admin, tim), `dinas` (diskominfo: redacts and erases), `tim1` (tim: finds, exports
/// and corrects), `lihat` (viewer: none of it).
struct Team {
    desk: Desk,
    ayu: Staffer,
    dinas: Staffer,
    tim1: Staffer,
    lihat: Staffer,
}

async fn team(store: &Arc<dyn CaseStore>) -> Team {
    let desk = desk(store, "tegal");
    let first = add(&desk, None, "ayu", &["admin", "tim"]).await;
    let (ayu, _) = signed_in(&desk, "ayu", first.totp.as_ref().unwrap(), at(1)).await;
    let mut staff = Vec::new();
    for (login, role) in [
        ("dinas", "diskominfo"),
        ("tim1", "tim"),
        ("lihat", "viewer"),
    ] {
        let added = add(&desk, Some(&ayu), login, &[role]).await;
        staff.push(
            signed_in(&desk, login, added.totp.as_ref().unwrap(), at(2))
                .await
                .0,
        );
    }
    let [dinas, tim1, lihat] = <[Staffer; 3]>::try_from(staff).unwrap();
    Team {
        desk,
        ayu,
        dinas,
        tim1,
        lihat,
    }
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Records the kit's report (Siti Aminah Rahayu's), with `changes` to its fields and a screenshot.
async fn record(team: &Team, changes: &[(&str, &str)]) -> TrackingCode {
    let mut input = ReportInput::from_pairs(report_fields());
    for (name, value) in changes {
        input.set(name, *value);
    }
    let recording = Recording {
        input,
        evidence: vec![("tangkapan-siti.png".to_owned(), png())],
        channel: Channel::Email,
        received_at: now(),
    };
    record_report(&team.desk, recording, &team.tim1)
        .await
        .unwrap()
}

/// The reporter replies on the thread with a file.
async fn reply(team: &Team, code: &TrackingCode, text: &str, bytes: &[u8]) {
    let file = EvidenceFile::from_upload(bytes.to_vec())
        .unwrap()
        .named("balasan-siti.txt");
    team.desk.evidence.put(code.key(), &file).await.unwrap();
    let case = team.desk.cases.get(code).await.unwrap().unwrap();
    let change = Change::ReporterReply {
        text: MessageText::parse(text).unwrap(),
        files: vec![file.reference()],
        key: None,
    };
    let (next, event) = case.apply(change, Actor::Reporter, now()).unwrap();
    team.desk.cases.commit(&next, &event).await.unwrap();
}

/// Refused because `staffer` holds no role the SOP gives `action`.
fn assert_not_permitted(error: &StaffError, action: PrivacyAction) {
    assert_eq!(error.kind(), ErrorKind::Refused, "{error}");
    assert!(
        matches!(error, StaffError::NotPermitted { action: a, .. } if a == action.key()),
        "{error}"
    );
    assert!(
        error.to_string().contains(&format!("`{}`", action.key())),
        "{error}"
    );
}

/// The audit log's entries for the privacy actions, as (action, cases, actor); the whole log holds no personal
/// data of the kit's reporter.
async fn privacy_entries(team: &Team) -> Vec<(PrivacyAction, String, String)> {
    let log = team.desk.cases.audit_log().await.unwrap();
    let text = serde_json::to_string(&log).unwrap();
    for secret in SECRETS.iter().chain(&["Siti"]) {
        assert!(!text.contains(secret), "{secret} in the audit log");
    }
    log.into_iter()
        .filter_map(|event| match event.change {
            AccountChange::ReporterData { operation, cases } => {
                Some((operation, cases, event.actor.to_string()))
            }
            _ => None,
        })
        .collect()
}

pub async fn a_reporters_cases_are_found_by_email_or_phone_open_and_closed(
    store: Arc<dyn CaseStore>,
) {
    let team = team(&store).await;
    let first = record(&team, &[]).await;
    let second = record(&team, &[("reporter_email", "")]).await;
    let closed = record(&team, &[("reporter_phone", "")]).await;
    for change in [
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Invalid,
            reason: Some(csirt_test_kit::cases::text("Bukan insiden.")),
        },
        Change::Close {
            hall_of_fame: false,
        },
    ] {
        take_step(&team.desk, &closed, change, &team.tim1, now())
            .await
            .unwrap();
    }
    let someone_else = record(
        &team,
        &[
            ("reporter_email", "orang.lain@contoh.id"),
            ("reporter_phone", "0813-1111-0000"),
        ],
    )
    .await;

    let by_email = find_reporter_cases(
        &team.desk,
        &team.tim1,
        &ReporterQuery::Email("SITI.Rahayu@Contoh.ID".into()),
        now(),
    )
    .await
    .unwrap();
    let codes: Vec<&TrackingCode> = by_email.iter().map(|f| &f.code).collect();
    assert_eq!(codes, [&first, &closed], "any case, open or closed");
    assert_eq!(by_email[1].state, CaseState::Closed);
    assert_eq!(by_email[0].state, CaseState::Received);

    let by_phone = find_reporter_cases(
        &team.desk,
        &team.dinas,
        &ReporterQuery::Phone("+62 812 9876 5432".into()),
        now(),
    )
    .await
    .unwrap();
    let codes: Vec<&TrackingCode> = by_phone.iter().map(|f| &f.code).collect();
    assert_eq!(
        codes,
        [&first, &second],
        "0812… and +62 812… are one number"
    );
    assert!(!codes.contains(&&someone_else));
    let nothing = find_reporter_cases(
        &team.desk,
        &team.tim1,
        &ReporterQuery::Email("tidak.ada@contoh.id".into()),
        now(),
    )
    .await
    .unwrap();
    assert!(nothing.is_empty());

    let refused = find_reporter_cases(
        &team.desk,
        &team.lihat,
        &ReporterQuery::Email("siti.rahayu@contoh.id".into()),
        now(),
    )
    .await
    .unwrap_err();
    assert_not_permitted(&refused, PrivacyAction::FindReporter);
    let bad = find_reporter_cases(
        &team.desk,
        &team.tim1,
        &ReporterQuery::Phone("0812-rahasia".into()),
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::Invalid);
    assert!(bad.to_string().contains("telephone number"), "{bad}");
    assert!(!bad.to_string().contains("rahasia"), "{bad}");

    let entries = privacy_entries(&team).await;
    assert_eq!(
        entries,
        [
            (
                PrivacyAction::FindReporter,
                format!("{first}, {closed}"),
                "tim1".to_owned()
            ),
            (
                PrivacyAction::FindReporter,
                format!("{first}, {second}"),
                "dinas".to_owned()
            ),
            (
                PrivacyAction::FindReporter,
                String::new(),
                "tim1".to_owned()
            ),
        ],
        "refused and invalid searches write nothing"
    );
}

pub async fn an_access_export_holds_everything_about_the_reporter(store: Arc<dyn CaseStore>) {
    let team = team(&store).await;
    let code = record(&team, &[]).await;
    reply(
        &team,
        &code,
        "Ini tangkapan layar tambahan.",
        b"log tambahan\n",
    )
    .await;

    let export = access_export(&team.desk, &team.tim1, &code, now())
        .await
        .unwrap();
    assert_eq!(export.code, code);
    let reporter = &export.report.reporter;
    assert_eq!(
        reporter.name.as_ref().unwrap().as_str(),
        "Siti Aminah Rahayu"
    );
    assert_eq!(
        reporter.email.as_ref().unwrap().as_str(),
        "siti.rahayu@contoh.id"
    );
    assert_eq!(reporter.phone.as_ref().unwrap().as_str(), "+6281298765432");
    assert!(
        export
            .report
            .description
            .as_str()
            .starts_with("Rahasia-deskripsi")
    );
    assert_eq!(export.messages.len(), 1);
    assert_eq!(export.messages[0].text, "Ini tangkapan layar tambahan.");
    assert_eq!(
        export.messages[0].files[0].name.as_deref(),
        Some("balasan-siti.txt")
    );
    let names: Vec<Option<&str>> = export.evidence.iter().map(|f| f.name.as_deref()).collect();
    assert_eq!(
        names,
        [Some("tangkapan-siti.png"), Some("balasan-siti.txt")]
    );
    assert_eq!(export.evidence[0].size, png().len() as u64);
    assert_eq!(export.evidence[0].sha256.len(), 64);
    assert_eq!(export.state, CaseState::Received);
    assert_eq!(export.timeline.len(), 1);
    let json = serde_json::to_value(&export).unwrap();
    assert_eq!(json["report"]["reporter"]["email"], "siti.rahayu@contoh.id");
    assert_eq!(
        json["report"]["title"],
        "Halaman judi online di situs dinas"
    );

    let refused = access_export(&team.desk, &team.lihat, &code, now())
        .await
        .unwrap_err();
    assert_not_permitted(&refused, PrivacyAction::AccessExport);
    let unknown = access_export(&team.desk, &team.tim1, &fresh_code("TGL"), now())
        .await
        .unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound, "{unknown}");

    assert_eq!(
        privacy_entries(&team).await,
        [(
            PrivacyAction::AccessExport,
            code.to_string(),
            "tim1".to_owned()
        )]
    );
}

pub async fn a_correction_is_parsed_as_the_intake_parses_and_its_event_names_fields_only(
    store: Arc<dyn CaseStore>,
) {
    let team = team(&store).await;
    let code = record(&team, &[]).await;
    let corrections = ReporterCorrections::parse([
        (ReporterField::Email, "siti.baru@contoh.id"),
        (ReporterField::Phone, "0813 5555 6666"),
    ])
    .unwrap();
    let (case, event) = correct_reporter(&team.desk, &team.tim1, &code, &corrections, now())
        .await
        .unwrap();
    let stored = store.get(&code).await.unwrap().unwrap();
    assert_eq!(stored, case);
    assert_eq!(
        stored.report.reporter.email.as_ref().unwrap().as_str(),
        "siti.baru@contoh.id"
    );
    assert_eq!(
        stored.report.reporter.phone.as_ref().unwrap().as_str(),
        "+6281355556666"
    );
    assert_eq!(
        event.change,
        Change::CorrectReporter {
            fields: vec![ReporterField::Email, ReporterField::Phone]
        }
    );
    assert_eq!(event.actor.to_string(), "tim1");
    let events = serde_json::to_string(&store.events(&code).await.unwrap()).unwrap();
    for value in ["siti.rahayu", "siti.baru", "9876", "5555"] {
        assert!(!events.contains(value), "{value} in the events");
    }
    assert!(verify_case(&team.desk, &code).await.unwrap().intact);

    // A bad value names its field, and changes nothing.
    let bad = ReporterCorrections::parse([(ReporterField::Email, "siti@contoh")]).unwrap_err();
    assert_eq!(bad.fields().collect::<Vec<_>>(), ["reporter_email"]);
    let unreachable =
        ReporterCorrections::parse([(ReporterField::Email, ""), (ReporterField::Phone, "")])
            .unwrap();
    let refused = correct_reporter(&team.desk, &team.tim1, &code, &unreachable, now())
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Invalid, "{refused}");
    assert!(
        refused.to_string().contains("reporter_email")
            && refused.to_string().contains("reporter_phone"),
        "{refused}"
    );
    let none = correct_reporter(
        &team.desk,
        &team.tim1,
        &code,
        &ReporterCorrections::default(),
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(none.kind(), ErrorKind::Invalid);
    let refused = correct_reporter(&team.desk, &team.lihat, &code, &corrections, now())
        .await
        .unwrap_err();
    assert_not_permitted(&refused, PrivacyAction::CorrectReporter);
    let unknown = correct_reporter(
        &team.desk,
        &team.tim1,
        &fresh_code("TGL"),
        &corrections,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
    assert_eq!(
        store.get(&code).await.unwrap().unwrap(),
        case,
        "nothing changed"
    );

    assert_eq!(
        privacy_entries(&team).await,
        [(
            PrivacyAction::CorrectReporter,
            code.to_string(),
            "tim1".to_owned()
        )]
    );
}

pub async fn a_redaction_keeps_the_skeleton_deletes_the_files_and_verifies(
    store: Arc<dyn CaseStore>,
) {
    let team = team(&store).await;
    let code = record(&team, &[]).await;
    take_step(
        &team.desk,
        &code,
        Change::StartVerification,
        &team.tim1,
        now(),
    )
    .await
    .unwrap();
    reply(
        &team,
        &code,
        "Nomor saya 0812-9876-5432, Siti.",
        b"log dari Siti\n",
    )
    .await;
    let before = store.get(&code).await.unwrap().unwrap();

    let refused = redact_reporter(&team.desk, &team.tim1, &code, false, now())
        .await
        .unwrap_err();
    assert_not_permitted(&refused, PrivacyAction::RedactReporter);
    assert_eq!(store.get(&code).await.unwrap().unwrap(), before);

    let redacted = redact_reporter(&team.desk, &team.dinas, &code, false, now())
        .await
        .unwrap();
    assert_eq!(redacted.events, [3], "the reply's event");
    assert_eq!(redacted.deleted_files.len(), 2);
    assert_eq!(redacted.event.actor.to_string(), "dinas");
    let case = store.get(&code).await.unwrap().unwrap();
    assert_eq!(case, redacted.case);
    assert_eq!(case.report.description.as_str(), TOMBSTONE);
    assert_eq!(case.report.reporter.email, None);
    assert_eq!(
        (case.state, case.received_at, case.report.incident.clone()),
        (
            before.state,
            before.received_at,
            before.report.incident.clone()
        )
    );
    for file in &before.evidence {
        assert_eq!(
            team.desk
                .evidence
                .get(code.key(), &file.sha256)
                .await
                .unwrap(),
            None,
            "the reporter's files are deleted"
        );
    }
    let stored = serde_json::to_string(&(
        store.get(&code).await.unwrap(),
        store.events(&code).await.unwrap(),
    ))
    .unwrap();
    for secret in SECRETS
        .iter()
        .chain(&["Siti", "tangkapan-siti", "balasan-siti"])
    {
        assert!(!stored.contains(secret), "{secret} is left");
    }
    let chain = verify_case(&team.desk, &code).await.unwrap();
    assert!(chain.intact, "{chain:?}");
    assert_eq!(chain.redacted, [3]);
    assert!(
        chain
            .line()
            .contains("1 redacted at the reporter's request"),
        "{}",
        chain.line()
    );

    // With --keep-evidence the files stay; a redaction already done is refused.
    let kept = record(&team, &[]).await;
    let files = store.get(&kept).await.unwrap().unwrap().evidence;
    redact_reporter(&team.desk, &team.dinas, &kept, true, now())
        .await
        .unwrap();
    assert!(
        team.desk
            .evidence
            .get(kept.key(), &files[0].sha256)
            .await
            .unwrap()
            .is_some()
    );
    let again = redact_reporter(&team.desk, &team.dinas, &kept, true, now())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Refused, "{again}");
    // The files kept go with a later redaction that does not keep them.
    let later = redact_reporter(&team.desk, &team.dinas, &kept, false, now())
        .await
        .unwrap();
    assert_eq!(later.deleted_files, [files[0].sha256.clone()]);

    let unknown = redact_reporter(&team.desk, &team.dinas, &fresh_code("TGL"), false, now())
        .await
        .unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
    let entries = privacy_entries(&team).await;
    assert_eq!(entries.len(), 3);
    assert!(
        entries
            .iter()
            .all(|(action, _, who)| *action == PrivacyAction::RedactReporter && who == "dinas")
    );
    assert_eq!(entries[0].1, code.to_string());
}

pub async fn an_erasure_leaves_nothing_of_the_case(store: Arc<dyn CaseStore>) {
    let team = team(&store).await;
    let code = record(&team, &[]).await;
    reply(&team, &code, "Tambahan dari Siti.", b"log dari Siti\n").await;
    let other = record(&team, &[("reporter_email", "orang.lain@contoh.id")]).await;
    let files = store.get(&code).await.unwrap().unwrap().evidence;

    for who in [&team.tim1, &team.ayu, &team.lihat] {
        let refused = erase_case(&team.desk, who, &code, now()).await.unwrap_err();
        assert_not_permitted(&refused, PrivacyAction::EraseCase);
    }
    assert!(store.get(&code).await.unwrap().is_some(), "nothing erased");

    let erasure = erase_case(&team.desk, &team.dinas, &code, now())
        .await
        .unwrap();
    assert_eq!((erasure.store.case, erasure.store.events), (true, 2));
    assert_eq!(erasure.evidence_files, 2);
    assert!(!erasure.republish);
    assert_eq!(store.get(&code).await.unwrap(), None);
    assert!(store.events(&code).await.unwrap().is_empty());
    for file in &files {
        assert_eq!(
            team.desk
                .evidence
                .get(code.key(), &file.sha256)
                .await
                .unwrap(),
            None
        );
    }
    let reports = verify_everything(&team.desk).await.unwrap();
    assert!(reports.iter().all(|r| r.intact), "{reports:?}");
    assert!(reports.iter().all(|r| r.chain != code.to_string()));
    assert!(reports.iter().any(|r| r.chain == other.to_string()));

    let again = erase_case(&team.desk, &team.dinas, &code, now())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotFound);
    assert_eq!(
        privacy_entries(&team).await,
        [(
            PrivacyAction::EraseCase,
            code.to_string(),
            "dinas".to_owned()
        )]
    );
}

pub async fn a_redaction_and_an_erasure_are_previewed_as_they_would_be_made_writing_nothing(
    store: Arc<dyn CaseStore>,
) {
    let team = team(&store).await;
    assert_eq!(
        permitted_actions(&team.desk, &team.dinas),
        PrivacyAction::ALL,
        "Tegal's SOP gives Diskominfo every one"
    );
    assert_eq!(
        permitted_actions(&team.desk, &team.tim1),
        [
            PrivacyAction::FindReporter,
            PrivacyAction::AccessExport,
            PrivacyAction::CorrectReporter
        ]
    );
    assert!(permitted_actions(&team.desk, &team.lihat).is_empty());

    let code = record(&team, &[]).await;
    reply(&team, &code, "Tambahan dari Siti.", b"log dari Siti\n").await;
    let before = store.get(&code).await.unwrap().unwrap();
    let events_before = store.events(&code).await.unwrap();

    for who in [&team.tim1, &team.lihat] {
        let refused = preview_redaction(&team.desk, who, &code, false, now())
            .await
            .unwrap_err();
        assert_not_permitted(&refused, PrivacyAction::RedactReporter);
        let refused = preview_erasure(&team.desk, who, &code).await.unwrap_err();
        assert_not_permitted(&refused, PrivacyAction::EraseCase);
    }

    let keeping = preview_redaction(&team.desk, &team.dinas, &code, true, now())
        .await
        .unwrap();
    assert!(keeping.keep_files && keeping.files.is_empty());
    let preview = preview_redaction(&team.desk, &team.dinas, &code, false, now())
        .await
        .unwrap();
    assert_eq!(
        preview.fields,
        [
            ReporterField::Name,
            ReporterField::Email,
            ReporterField::Phone
        ]
    );
    assert_eq!(
        preview.free_text,
        [
            FreeText::Title,
            FreeText::Description,
            FreeText::Chronology,
            FreeText::Impact
        ]
    );
    assert!(preview.alias, "the Hall of Fame alias is withdrawn");
    assert_eq!(preview.messages, 1);
    assert!(!preview.files.is_empty());
    assert!(
        preview
            .files
            .iter()
            .any(|f| f.name.as_deref() == Some("tangkapan-siti.png"))
    );
    assert_eq!(preview.redacted_before, None);

    let erasure = preview_erasure(&team.desk, &team.dinas, &code)
        .await
        .unwrap();
    assert_eq!(erasure.events, events_before.len());
    assert_eq!((erasure.messages, erasure.documents), (1, 0));
    assert_eq!(erasure.files, 2, "the screenshot and the reply's file");
    assert!(!erasure.republish);

    // Nothing was written, nothing audited.
    assert_eq!(store.get(&code).await.unwrap().unwrap(), before);
    assert_eq!(store.events(&code).await.unwrap(), events_before);
    assert!(privacy_entries(&team).await.is_empty());

    // The redaction does what its preview said.
    let redacted = redact_reporter(&team.desk, &team.dinas, &code, false, now())
        .await
        .unwrap();
    assert_eq!(redacted.events.len(), preview.events);
    let previewed: Vec<&String> = preview.files.iter().map(|f| &f.sha256).collect();
    let deleted: Vec<&String> = redacted.deleted_files.iter().collect();
    assert_eq!(previewed, deleted);
    let again = preview_redaction(&team.desk, &team.dinas, &code, false, now())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Refused, "{again}");
    assert!(again.to_string().contains("redacted already"), "{again}");

    // A value the search refuses comes back by field, in both languages.
    let bad = find_reporter_cases(
        &team.desk,
        &team.tim1,
        &ReporterQuery::Email("siti@".into()),
        now(),
    )
    .await
    .unwrap_err();
    let StaffError::Fields { errors, .. } = &bad else {
        panic!("not refused by field: {bad}");
    };
    let message = errors
        .get("reporter_email")
        .expect("the e-mail field named");
    assert!(
        message.id.contains("Alamat e-mail tidak valid"),
        "{message:?}"
    );
}

on_both_stores!(
    a_reporters_cases_are_found_by_email_or_phone_open_and_closed,
    an_access_export_holds_everything_about_the_reporter,
    a_correction_is_parsed_as_the_intake_parses_and_its_event_names_fields_only,
    a_redaction_keeps_the_skeleton_deletes_the_files_and_verifies,
    an_erasure_leaves_nothing_of_the_case,
    a_redaction_and_an_erasure_are_previewed_as_they_would_be_made_writing_nothing,
);
