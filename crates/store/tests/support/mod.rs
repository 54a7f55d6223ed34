//! Shared setup of the conformance suite: the two real backends, each test on its own database or table, and
//! cases built through the public parsing API.

#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use csirt_domain::case::{
    Actor, Case, Change, Classification, Event, PartnerKind, Priority, Verdict,
};
use csirt_domain::channel::Channel;
use csirt_domain::report::{ParseContext, Report, ReportInput};
use csirt_domain::state::CaseState;
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::text::{ActorName, StaffText};
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::{TrackingCode, TrackingPrefix};
use csirt_store::{CaseStore, DynamoStore, SqliteStore};

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

/// The environment variable naming the endpoint of moto's server; `tests/run` starts moto and sets it.
pub const AWS_ENDPOINT_VAR: &str = "CSIRT_TEST_AWS_ENDPOINT";

/// The endpoint of moto's server (DynamoDB and S3). Fails loudly when it is not configured: a conformance run
/// that silently skipped the AWS backends would prove nothing.
pub fn moto_endpoint() -> String {
    std::env::var(AWS_ENDPOINT_VAR).unwrap_or_else(|_| {
        panic!(
            "{AWS_ENDPOINT_VAR} is not set: the DynamoDB and S3 conformance tests need moto's server. \
             Run the suite with tests/run, which installs and starts it."
        )
    })
}

/// A DynamoDB store on a new table of moto's server. Fails loudly when the server is not configured: a
/// conformance run that silently skipped DynamoDB would prove nothing.
pub async fn dynamodb() -> Backend {
    let endpoint = moto_endpoint();
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .region(aws_sdk_dynamodb::config::Region::new("ap-southeast-3"))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "tests",
        ))
        .build();
    let client = aws_sdk_dynamodb::Client::from_conf(config);
    let table = format!(
        "cases-{}",
        TrackingCode::generate(&prefix())
            .unwrap()
            .key()
            .to_lowercase()
    );
    let store = DynamoStore::new(client, table);
    store.create_table().await.unwrap();
    Backend {
        store: Arc::new(store),
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
    let context = ParseContext {
        received_at: at(0),
        local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    Report::parse(&input, &context).unwrap()
}

/// A new case received `minutes` after the fixed instant, with a fresh code.
pub fn new_case(minutes: i64) -> (Case, Event) {
    let code = TrackingCode::generate(&prefix()).unwrap();
    Case::receive(
        code,
        report("Halaman depan situs diganti."),
        Channel::WebForm,
        Vec::new(),
        Actor::Reporter,
        at(minutes),
    )
}

/// A staff actor.
pub fn staff(name: &str) -> Actor {
    Actor::Staff(ActorName::parse(name).unwrap())
}

/// Staff text.
pub fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

/// A classification with `priority`.
pub fn classification(priority: Priority) -> Classification {
    Classification {
        incident: IncidentType::parse("intrusions", "application-compromise").unwrap(),
        priority,
        tlp: Tlp::Amber,
    }
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
