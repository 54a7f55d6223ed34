//! The retention schedule applied through the staff library (`csirt purge`), on both stores and a fixed clock: a
//! case closed just before its period ended stays and one just after goes; a dry run lists and changes nothing;
//! a report closed as invalid goes sooner; evidence goes while the case's skeleton stays for the statistics; the
//! purge is given to some roles only and audited by codes alone; and on SQLite no byte of the reporter's name,
//! e-mail address or telephone number is left in the data directory afterwards.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Months, TimeDelta, TimeZone, Utc};
use csirt_domain::account::AccountChange;
use csirt_domain::case::{
    Actor, Change, Priority, PrivacyAction, RETENTION_TOMBSTONE, RedactionGrounds, Verdict,
};
use csirt_domain::channel::Channel;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::report::ReportInput;
use csirt_domain::state::CaseState;
use csirt_domain::team::{InvalidReports, RetentionSchedule, RetentionStep, TeamFile};
use csirt_domain::text::MessageText;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::accounts::Staffer;
use csirt_staff::audit::{verify_case, verify_everything};
use csirt_staff::record::{Recording, record_report};
use csirt_staff::retention::purge;
use csirt_staff::steps::take_step;
use csirt_staff::{Desk, ErrorKind, StaffError};
use csirt_store::evidence::DirectoryEvidence;
use csirt_store::{CaseStore, SqliteStore};
use csirt_test_kit::cases::{classification, text};
use csirt_test_kit::paths::team_file;
use csirt_test_kit::reports::{png, report_fields};

use crate::accounts::support::*;

/// The kit's reporter's personal data, whole values as typed and as stored.
const SECRETS: [&str; 5] = [
    "Siti Aminah",
    "Rahayu",
    "siti.rahayu@contoh.id",
    "0812-9876-5432",
    "+6281298765432",
];

/// The tegal team under `schedule`: `dinas` (diskominfo and tim: takes the steps and purges), `tim1` (tim: may
/// not purge).
struct Team {
    desk: Desk,
    dinas: Staffer,
    tim1: Staffer,
}

/// The shipped team file under `schedule`, on `store` with its evidence in `evidence`.
async fn team_on(store: &Arc<dyn CaseStore>, evidence: &Path, schedule: RetentionSchedule) -> Team {
    let mut file = TeamFile::load(&team_file()).unwrap();
    file.config.retention = schedule;
    let desk = Desk::new(
        file,
        Arc::clone(store),
        Arc::new(DirectoryEvidence::open(evidence).unwrap()),
    );
    let first = add(&desk, None, "ayu", &["admin"]).await;
    let (ayu, _) = signed_in(&desk, "ayu", first.totp.as_ref().unwrap(), at(1)).await;
    let mut staff = Vec::new();
    for (login, roles) in [("dinas", &["diskominfo", "tim"][..]), ("tim1", &["tim"])] {
        let added = add(&desk, Some(&ayu), login, roles).await;
        staff.push(
            signed_in(&desk, login, added.totp.as_ref().unwrap(), at(2))
                .await
                .0,
        );
    }
    let [dinas, tim1] = <[Staffer; 2]>::try_from(staff).unwrap();
    Team { desk, dinas, tim1 }
}

async fn team(store: &Arc<dyn CaseStore>, schedule: RetentionSchedule) -> Team {
    team_on(store, &tempfile::tempdir().unwrap().keep(), schedule).await
}

/// When the cases here are closed: 31 January 2026, 09:00 UTC.
fn closing() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 31, 9, 0, 0).unwrap()
}

/// `months` after [`closing`].
fn after(months: u32) -> DateTime<Utc> {
    closing().checked_add_months(Months::new(months)).unwrap()
}

const SECOND: TimeDelta = TimeDelta::seconds(1);

fn schedule(contact: u32, evidence: u32, invalid: u32) -> RetentionSchedule {
    RetentionSchedule {
        contact_months: contact,
        evidence_months: evidence,
        invalid_months: invalid,
        ..RetentionSchedule::default()
    }
}

/// Records the kit's report (Siti Aminah Rahayu's, with a screenshot) ten days before [`closing`], with a reply
/// of hers naming her number and with a file, and closes it at [`closing`]: found valid, or invalid.
async fn closed_case(team: &Team, verdict: Verdict) -> TrackingCode {
    let received = closing() - TimeDelta::days(10);
    let recording = Recording {
        input: ReportInput::from_pairs(report_fields()),
        evidence: vec![("tangkapan-siti.png".to_owned(), png())],
        channel: Channel::Email,
        received_at: received,
    };
    let code = record_report(&team.desk, recording, &team.dinas)
        .await
        .unwrap();
    let file = EvidenceFile::from_upload(b"log dari Siti Aminah Rahayu\n".to_vec())
        .unwrap()
        .named("balasan-siti.txt");
    team.desk.evidence.put(code.key(), &file).await.unwrap();
    let case = team.desk.cases.get(&code).await.unwrap().unwrap();
    let reply = Change::ReporterReply {
        text: MessageText::parse("Ini Siti Aminah Rahayu, nomor saya 0812-9876-5432.").unwrap(),
        files: vec![file.reference()],
        key: None,
    };
    let (next, event) = case
        .apply(reply, Actor::Reporter, received + TimeDelta::hours(1))
        .unwrap();
    team.desk.cases.commit(&next, &event).await.unwrap();
    let mut steps = vec![
        Change::StartVerification,
        Change::Verify {
            verdict,
            reason: (verdict == Verdict::Invalid).then(|| text("Bukan insiden.")),
        },
    ];
    if verdict == Verdict::Valid {
        steps.extend([
            Change::Classify {
                classification: classification("malicious-code", "infected-system", Priority::High),
            },
            Change::RecordAnalysis {
                analysis: text("Celah pada plugin."),
                recommendations: text("Perbarui plugin."),
            },
            Change::Resolve {
                summary: text("Situs dipulihkan."),
            },
        ]);
    }
    let count = steps.len() as i64;
    for (n, change) in steps.into_iter().enumerate() {
        let when = closing() - TimeDelta::days(count - n as i64);
        take_step(&team.desk, &code, change, &team.dinas, when)
            .await
            .unwrap();
    }
    take_step(
        &team.desk,
        &code,
        Change::Close {
            hall_of_fame: false,
        },
        &team.dinas,
        closing(),
    )
    .await
    .unwrap();
    code
}

/// Whether each of the case's files is still in the evidence store.
async fn files_kept(team: &Team, code: &TrackingCode, files: &[String]) -> Vec<bool> {
    let mut kept = Vec::new();
    for sha256 in files {
        kept.push(
            team.desk
                .evidence
                .get(code.key(), sha256)
                .await
                .unwrap()
                .is_some(),
        );
    }
    kept
}

/// The SHA-256 of every file of the case.
async fn file_digests(team: &Team, code: &TrackingCode) -> Vec<String> {
    let case = team.desk.cases.get(code).await.unwrap().unwrap();
    case.evidence.iter().map(|f| f.sha256.clone()).collect()
}

/// The audit log's purge entries as (cases, actor); the whole log holds none of the reporter's data.
async fn purge_entries(team: &Team) -> Vec<(String, String)> {
    let log = team.desk.cases.audit_log().await.unwrap();
    let text = serde_json::to_string(&log).unwrap();
    for secret in SECRETS.iter().chain(&["Siti", "tangkapan-siti"]) {
        assert!(!text.contains(secret), "{secret} in the audit log");
    }
    log.into_iter()
        .filter_map(|event| match event.change {
            AccountChange::ReporterData {
                operation: PrivacyAction::Purge,
                cases,
            } => Some((cases, event.actor.to_string())),
            _ => None,
        })
        .collect()
}

fn assert_purge_not_permitted(error: &StaffError) {
    assert_eq!(error.kind(), ErrorKind::Refused, "{error}");
    assert!(
        matches!(error, StaffError::NotPermitted { action, .. } if action == "purge"),
        "{error}"
    );
}

pub async fn a_valid_cases_contact_data_goes_just_after_its_period_and_its_files_after_theirs(
    store: Arc<dyn CaseStore>,
) {
    let team = team(&store, schedule(12, 24, 3)).await;
    let code = closed_case(&team, Verdict::Valid).await;
    let files = file_digests(&team, &code).await;
    assert_eq!(files.len(), 2, "the screenshot and the reply's file");
    let before = store.get(&code).await.unwrap().unwrap();

    let early = purge(&team.desk, &team.dinas, false, after(12) - SECOND)
        .await
        .unwrap();
    assert!(early.cases.is_empty(), "{early:?}");
    assert_eq!(store.get(&code).await.unwrap().unwrap(), before);

    let report = purge(&team.desk, &team.dinas, false, after(12))
        .await
        .unwrap();
    assert_eq!(report.cases.len(), 1);
    assert_eq!(report.cases[0].code, code);
    assert_eq!(
        report.cases[0].step,
        RetentionStep::Redact { keep_files: true }
    );
    assert_eq!(report.files_deleted, 0);
    let case = store.get(&code).await.unwrap().unwrap();
    assert_eq!(case.report.description.as_str(), RETENTION_TOMBSTONE);
    assert_eq!(
        case.report.reporter.name.as_ref().unwrap().as_str(),
        RETENTION_TOMBSTONE
    );
    assert_eq!(
        (&case.report.reporter.email, &case.report.reporter.phone),
        (&None, &None)
    );
    assert_eq!(case.redacted_at, Some(after(12)));
    assert_eq!(
        (
            case.state,
            case.closed_at,
            &case.classification,
            &case.report.incident
        ),
        (
            CaseState::Closed,
            before.closed_at,
            &before.classification,
            &before.report.incident
        ),
        "the skeleton stays"
    );
    assert_eq!(files_kept(&team, &code, &files).await, [true, true]);
    let events = store.events(&code).await.unwrap();
    let last = events.last().unwrap();
    assert!(
        matches!(
            &last.change,
            Change::RedactReporter {
                grounds: RedactionGrounds::Retention,
                deleted_files,
                ..
            } if deleted_files.is_empty()
        ),
        "{last:?}"
    );
    assert_eq!(last.actor.to_string(), "dinas");
    let chain = verify_case(&team.desk, &code).await.unwrap();
    assert!(chain.intact, "{chain:?}");
    assert_eq!(chain.redacted.len(), 1, "the reply's event");

    let again = purge(&team.desk, &team.dinas, false, after(12) + SECOND)
        .await
        .unwrap();
    assert!(again.cases.is_empty(), "done once: {again:?}");

    let late = purge(&team.desk, &team.dinas, false, after(24))
        .await
        .unwrap();
    assert_eq!(late.cases[0].step, RetentionStep::DeleteFiles);
    assert_eq!(late.files_deleted, 2);
    assert_eq!(files_kept(&team, &code, &files).await, [false, false]);
    let case = store.get(&code).await.unwrap().unwrap();
    assert_eq!(case.files_deleted_at, Some(after(24)));
    assert!(verify_case(&team.desk, &code).await.unwrap().intact);

    assert_eq!(
        purge_entries(&team).await,
        [
            (code.to_string(), "dinas".to_owned()),
            (code.to_string(), "dinas".to_owned())
        ],
        "a purge that found nothing due writes nothing"
    );
}

pub async fn a_dry_run_lists_what_is_due_and_changes_nothing(store: Arc<dyn CaseStore>) {
    let team = team(&store, RetentionSchedule::default()).await;
    let valid = closed_case(&team, Verdict::Valid).await;
    let invalid = closed_case(&team, Verdict::Invalid).await;
    let stored = |code: &TrackingCode| {
        let (store, code) = (Arc::clone(&store), code.clone());
        async move {
            (
                store.get(&code).await.unwrap(),
                store.events(&code).await.unwrap(),
            )
        }
    };
    let before = (stored(&valid).await, stored(&invalid).await);
    let files = (
        file_digests(&team, &valid).await,
        file_digests(&team, &invalid).await,
    );
    let log = store.audit_log().await.unwrap();

    let listed = purge(&team.desk, &team.dinas, true, after(12))
        .await
        .unwrap();
    assert!(listed.dry_run);
    let due: Vec<(&TrackingCode, RetentionStep, bool)> = listed
        .cases
        .iter()
        .map(|due| (&due.code, due.step, due.valid))
        .collect();
    assert_eq!(due.len(), 2);
    assert!(due.contains(&(&valid, RetentionStep::Redact { keep_files: false }, true)));
    assert!(due.contains(&(&invalid, RetentionStep::Erase, false)));
    assert_eq!(listed.files_deleted, 0);
    let json = serde_json::to_value(&listed).unwrap();
    let actions: Vec<(&str, Option<bool>)> = json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|due| (due["action"].as_str().unwrap(), due["keep_files"].as_bool()))
        .collect();
    assert_eq!(actions.len(), 2);
    assert!(actions.contains(&("erase", None)), "{json}");
    assert!(actions.contains(&("redact", Some(false))), "{json}");

    assert_eq!(
        (stored(&valid).await, stored(&invalid).await),
        before,
        "nothing changed"
    );
    assert_eq!(files_kept(&team, &valid, &files.0).await, [true, true]);
    assert_eq!(files_kept(&team, &invalid, &files.1).await, [true, true]);
    assert_eq!(
        store.audit_log().await.unwrap(),
        log,
        "a dry run writes nothing"
    );

    // Neither the dry run nor the purge is the tim role's.
    for dry_run in [true, false] {
        let refused = purge(&team.desk, &team.tim1, dry_run, after(12))
            .await
            .unwrap_err();
        assert_purge_not_permitted(&refused);
    }
    assert_eq!(
        (stored(&valid).await, stored(&invalid).await),
        before,
        "refused: nothing changed"
    );
}

pub async fn an_invalid_report_goes_sooner(store: Arc<dyn CaseStore>) {
    let team = team(&store, schedule(12, 12, 3)).await;
    let valid = closed_case(&team, Verdict::Valid).await;
    let invalid = closed_case(&team, Verdict::Invalid).await;
    let files = file_digests(&team, &invalid).await;
    let valid_before = store.get(&valid).await.unwrap().unwrap();

    let early = purge(&team.desk, &team.dinas, false, after(3) - SECOND)
        .await
        .unwrap();
    assert!(early.cases.is_empty(), "{early:?}");
    let report = purge(&team.desk, &team.dinas, false, after(3))
        .await
        .unwrap();
    assert_eq!(report.cases.len(), 1);
    assert_eq!(
        (&report.cases[0].code, report.cases[0].step),
        (&invalid, RetentionStep::Erase)
    );
    assert_eq!(report.files_deleted, 2);
    assert_eq!(store.get(&invalid).await.unwrap(), None);
    assert!(store.events(&invalid).await.unwrap().is_empty());
    assert_eq!(files_kept(&team, &invalid, &files).await, [false, false]);
    assert_eq!(
        store.get(&valid).await.unwrap().unwrap(),
        valid_before,
        "the valid report's periods have not ended"
    );
    let reports = verify_everything(&team.desk).await.unwrap();
    assert!(reports.iter().all(|r| r.intact), "{reports:?}");
    assert_eq!(
        purge_entries(&team).await,
        [(invalid.to_string(), "dinas".to_owned())]
    );

    // A team that keeps invalid reports for its statistics redacts them instead, files and all.
    let keeping = RetentionSchedule {
        invalid_reports: InvalidReports::Redact,
        ..schedule(12, 12, 3)
    };
    let mut file = (*team.desk.team).clone();
    file.config.retention = keeping;
    let team = Team {
        desk: Desk::new(file, Arc::clone(&store), Arc::clone(&team.desk.evidence)),
        ..team
    };
    let invalid = closed_case(&team, Verdict::Invalid).await;
    let files = file_digests(&team, &invalid).await;
    let report = purge(&team.desk, &team.dinas, false, after(3))
        .await
        .unwrap();
    let ours: Vec<_> = report.cases.iter().filter(|d| d.code == invalid).collect();
    assert_eq!(ours[0].step, RetentionStep::Redact { keep_files: false });
    let case = store.get(&invalid).await.unwrap().unwrap();
    assert_eq!(case.report.description.as_str(), RETENTION_TOMBSTONE);
    assert_eq!(case.verification.unwrap().verdict, Verdict::Invalid);
    assert_eq!(files_kept(&team, &invalid, &files).await, [false, false]);
}

pub async fn evidence_goes_while_the_skeleton_stays_for_the_statistics(store: Arc<dyn CaseStore>) {
    let team = team(&store, schedule(24, 6, 3)).await;
    let code = closed_case(&team, Verdict::Valid).await;
    let files = file_digests(&team, &code).await;
    let before = store.get(&code).await.unwrap().unwrap();

    let report = purge(&team.desk, &team.dinas, false, after(6))
        .await
        .unwrap();
    assert_eq!(report.cases[0].step, RetentionStep::DeleteFiles);
    assert_eq!(files_kept(&team, &code, &files).await, [false, false]);
    let case = store.get(&code).await.unwrap().unwrap();
    assert_eq!(case.files_deleted_at, Some(after(6)));
    assert_eq!(
        case.redacted_at, None,
        "the contact data's period is longer"
    );
    assert_eq!(case.report, before.report);
    assert_eq!(
        (
            case.state,
            case.received_at,
            case.closed_at,
            &case.classification,
            &case.analysis
        ),
        (
            before.state,
            before.received_at,
            before.closed_at,
            &before.classification,
            &before.analysis
        )
    );
    let last = store.events(&code).await.unwrap().pop().unwrap();
    assert_eq!(
        last.change,
        Change::ExpireEvidence {
            deleted_files: files.clone()
        }
    );
    assert!(verify_case(&team.desk, &code).await.unwrap().intact);
    assert_eq!(
        csirt_staff::management::reported_class(&case),
        "malicious-code",
        "counted under the team's classification"
    );
}

on_both_stores!(
    a_valid_cases_contact_data_goes_just_after_its_period_and_its_files_after_theirs,
    a_dry_run_lists_what_is_due_and_changes_nothing,
    an_invalid_report_goes_sooner,
    evidence_goes_while_the_skeleton_stays_for_the_statistics,
);

/// Every file under `dir`, with its bytes (one SQLite removes meanwhile is left out).
fn every_file(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(every_file(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            files.push((path, bytes));
        }
    }
    files
}

fn holding(dir: &Path, needle: &str) -> Vec<std::path::PathBuf> {
    every_file(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_after_a_purge_no_byte_of_the_reporter_is_left_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store: Arc<dyn CaseStore> = Arc::new(SqliteStore::open(&data).unwrap());
    let team = team_on(&store, &data.join("evidence"), schedule(12, 12, 3)).await;
    let valid = closed_case(&team, Verdict::Valid).await;
    let invalid = closed_case(&team, Verdict::Invalid).await;
    assert!(
        !holding(&data, SECRETS[2]).is_empty(),
        "the test looks for what is there"
    );

    let report = purge(&team.desk, &team.dinas, false, after(12))
        .await
        .unwrap();
    let steps: Vec<(&TrackingCode, RetentionStep)> =
        report.cases.iter().map(|d| (&d.code, d.step)).collect();
    assert_eq!(steps.len(), 2);
    assert!(steps.contains(&(&valid, RetentionStep::Redact { keep_files: false })));
    assert!(steps.contains(&(&invalid, RetentionStep::Erase)));

    for secret in SECRETS.iter().chain(&["tangkapan-siti", "balasan-siti"]) {
        let found = holding(&data, secret);
        assert!(found.is_empty(), "{secret:?} is left in {found:?}");
    }
    assert!(
        store.get(&valid).await.unwrap().is_some(),
        "the valid case's skeleton stays"
    );
    drop(team);
    drop(store);
    for secret in SECRETS {
        assert!(holding(&data, secret).is_empty(), "{secret:?} once closed");
    }
}
