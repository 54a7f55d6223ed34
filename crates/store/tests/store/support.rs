//! What the store's tests share: the two real backends, each test on its own database or table, and cases built
//! through the public parsing API.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use csirt_domain::case::{Case, Change, Event, PartnerKind, Priority, Verdict};
use csirt_domain::report::{Report, ReportInput};
use csirt_domain::state::CaseState;
use csirt_domain::tracking::TrackingPrefix;
use csirt_store::{CaseStore, DynamoStore, SqliteStore};
use csirt_test_kit::aws::{create_table, dynamodb_client, moto_endpoint, unique_name};
use csirt_test_kit::cases::receive;
pub use csirt_test_kit::cases::{staff, text};

/// A store under test and what keeps it alive.
pub struct Backend {
    /// The store.
    pub store: Arc<dyn CaseStore>,
    _dir: Option<tempfile::TempDir>,
}

/// A SQLite store in a fresh temporary directory.
pub async fn sqlite() -> Backend {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("data")).unwrap();
    Backend {
        store: Arc::new(store),
        _dir: Some(dir),
    }
}

/// A DynamoDB store on a new table of moto's server. Fails loudly when the server is not configured: a
/// conformance run that silently skipped DynamoDB would prove nothing.
pub async fn dynamodb() -> Backend {
    let client = dynamodb_client(&moto_endpoint());
    let table = unique_name("cases");
    create_table(&client, &table).await;
    Backend {
        store: Arc::new(DynamoStore::new(client, table)),
        _dir: None,
    }
}

/// The tracking-code prefix of the test cases.
pub fn prefix() -> TrackingPrefix {
    TrackingPrefix::parse("TGL").unwrap()
}

/// A fixed instant plus `minutes`.
pub fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

/// A report as the form would send it, with `description`.
pub fn report(description: &str) -> Report {
    let input = ReportInput::from_pairs([
        ("reporter_name", "Siti Aminah"),
        ("reporter_email", "siti@contoh.id"),
        ("reporter_phone", "0812-1111-2222"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", description),
        ("chronology", "Pukul 08.10 tampilan situs berubah."),
        ("impact", "Layanan informasi publik tidak dapat diakses."),
        ("affected_url", "https://dinkes.tegalkab.go.id"),
        ("hall_of_fame_consent", "on"),
        ("hall_of_fame_alias", "siti_a"),
    ]);
    csirt_test_kit::reports::parse(&input, at(0), 7)
}

/// A new case received `minutes` after the fixed instant, with a fresh code.
pub fn new_case(minutes: i64) -> (Case, Event) {
    receive("TGL", report("Halaman depan situs diganti."), at(minutes))
}

/// A classification (intrusions, application compromise) with `priority`.
pub fn classification(priority: Priority) -> csirt_domain::case::Classification {
    csirt_test_kit::cases::classification("intrusions", "application-compromise", priority)
}

/// The change that moves a case into `state` (for walking a procedure).
pub fn change_into(state: CaseState) -> Change {
    match state {
        CaseState::Received => unreachable!("a case is received only once"),
        CaseState::Verifying => Change::StartVerification,
        CaseState::Valid => Change::Verify {
            verdict: Verdict::Valid,
            reason: None,
        },
        CaseState::Invalid => Change::Verify {
            verdict: Verdict::Invalid,
            reason: Some(text("Bukan insiden.")),
        },
        CaseState::Triaged => Change::Classify {
            classification: classification(Priority::High),
        },
        CaseState::Mitigating => Change::PlanMitigation {
            kind: csirt_domain::case::MitigationKind::BackupData,
            detail: None,
        },
        CaseState::Handling => Change::StartHandling { note: None },
        CaseState::Escalated => Change::Escalate {
            partner: PartnerKind::Bssn,
            partner_name: "BSSN".into(),
            chronology: None,
            impact: None,
            request: None,
            required: Vec::new(),
        },
        CaseState::Reported => Change::RecordAnalysis {
            analysis: text("Celah pada plugin."),
            recommendations: text("Perbarui plugin."),
        },
        CaseState::FollowUp => Change::StartFollowUp { note: None },
        CaseState::Resolved => Change::Resolve {
            summary: text("Situs pulih."),
        },
        CaseState::Closed => Change::Close { hall_of_fame: true },
    }
}

/// The shortest chain of states leading from `from` to `to`, `to` included.
pub fn path(from: CaseState, to: CaseState) -> Vec<CaseState> {
    let mut previous: Vec<(CaseState, CaseState)> = Vec::new();
    let mut frontier = std::collections::VecDeque::from([from]);
    while let Some(state) = frontier.pop_front() {
        if state == to {
            break;
        }
        for &next in state.next_states() {
            if next != from && !previous.iter().any(|(s, _)| *s == next) {
                previous.push((next, state));
                frontier.push_back(next);
            }
        }
    }
    let mut chain = vec![to];
    while let Some(&(_, before)) = previous.iter().find(|(s, _)| s == chain.last().unwrap()) {
        if before == from {
            break;
        }
        chain.push(before);
    }
    chain.reverse();
    if from == to { Vec::new() } else { chain }
}
