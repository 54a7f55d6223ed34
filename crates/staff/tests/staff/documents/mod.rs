//! The case documents: cases built and moved through the real domain API, rendered from the repository's
//! `templates/documents/`, and checked for their number, marking, contents, escaping and refusals; one printed to
//! PDF with Chromium.

mod activity;
mod configuration;
mod contents;
mod numbers;
mod outputs;
mod pdf;
mod refusals;
mod summary;
mod templates;
mod validity;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use csirt_domain::case::{
    Case, Change, DocumentKind, DocumentRecord, Event, MitigationKind, MitigationStatus,
    PartnerKind, Priority, Verdict,
};
use csirt_domain::report::{ParseContext, Report, ReportInput};
use csirt_domain::team::{Procedure, TeamConfig};
use csirt_domain::tlp::Tlp;
use csirt_staff::documents::{
    DocumentError, DocumentTemplates, Issue, document_number, print_pdf, render,
};
use csirt_test_kit::cases::{classification, receive, staff, text};
use csirt_test_kit::{paths, reports};

const HOSTILE_NAME: &str = "Rina <script>alert('nama')</script>";
const HOSTILE_DESCRIPTION: &str =
    "Halaman judi <script>alert(1)</script> disisipkan; templat {{ config.base_url }} {% raw %}";
const EMAIL: &str = "rina.pelapor@contoh.id";
const PHONE: &str = "0812-3456-7890";
/// The phone number as the domain stores it (E.164).
const PHONE_E164: &str = "+6281234567890";
const ORGANISATION: &str = "Komunitas \"Aman\" & <b>Siber</b>";
const INTERNAL_NOTE: &str = "Catatan internal: jangan dikutip";
/// The team's summary, as hostile as the reporter's text: documents to the system owner carry it.
const SUMMARY: &str = "Tim menemukan halaman <b>judi</b> disisipkan melalui plugin galeri; templat {{ config.base_url }} {% raw %}";

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn templates() -> DocumentTemplates {
    DocumentTemplates::load(&paths::templates().join("documents")).unwrap()
}

/// The fixture site's configuration (Contoh-CSIRT, its own number pattern and codes).
fn fixture_config() -> TeamConfig {
    TeamConfig::load(&paths::fixture_content().join("config.toml")).unwrap()
}

/// The shipped configuration (TegalKab-CSIRT).
fn shipped_config() -> TeamConfig {
    TeamConfig::load(&paths::team_file()).unwrap()
}

fn profile(id: &str) -> Procedure {
    Procedure::builtin(id).unwrap()
}

fn report(pairs: &[(&str, &str)]) -> Report {
    let mut input = ReportInput::from_pairs([
        ("reporter_email", EMAIL),
        ("reporter_phone", PHONE),
        ("reporter_organisation", ORGANISATION),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", HOSTILE_DESCRIPTION),
        (
            "chronology",
            "Pukul 08.10 tampilan situs berubah.\n\tPukul 08.30 <i>admin</i> dihubungi.",
        ),
        (
            "impact",
            "Layanan <b>informasi publik</b> tidak dapat diakses.",
        ),
        ("affected_url", "https://dinkes.contoh.go.id/berita"),
        ("affected_agency", "Dinas Kesehatan <Kabupaten>"),
    ]);
    for (field, value) in pairs {
        input.set(field, *value);
    }
    reports::parse(&input, at(0), 7)
}

fn received(report: Report) -> (Case, Vec<Event>) {
    let (case, event) = receive("TGL", report, at(0));
    (case, vec![event])
}

/// Applies `changes` in order, ten minutes apart, by a member of staff.
fn walk(start: (Case, Vec<Event>), changes: Vec<Change>) -> (Case, Vec<Event>) {
    let (mut case, mut events) = start;
    for change in changes {
        let minutes = i64::from(case.version) * 10;
        let (next, event) = case.apply(change, staff("andi"), at(minutes)).unwrap();
        case = next;
        events.push(event);
    }
    (case, events)
}

fn verified() -> Vec<Change> {
    vec![
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Valid,
            reason: Some(text("Perubahan tampilan terkonfirmasi dari log server.")),
        },
        Change::Classify {
            classification: classification("intrusions", "application-compromise", Priority::High),
        },
    ]
}

/// A case worked from receipt to closing: mitigation, escalation with an answer, analysis, resolution.
fn handled_case(pairs: &[(&str, &str)], partner_name: &str) -> (Case, Vec<Event>) {
    let mut changes = verified();
    changes.extend([
        Change::PlanMitigation {
            kind: MitigationKind::MaintenancePage,
            detail: None,
        },
        Change::PlanMitigation {
            kind: MitigationKind::ClosePorts,
            detail: Some(text("Port <script>8080</script> ditutup")),
        },
        Change::UpdateMitigation {
            item: 1,
            status: MitigationStatus::Done,
        },
        Change::StartHandling {
            note: Some(text("Berkas web shell dihapus dari server.")),
        },
        Change::AddNote {
            text: text(INTERNAL_NOTE),
        },
        Change::Escalate {
            partner: PartnerKind::Provincial,
            partner_name: partner_name.into(),
            chronology: None,
            impact: None,
            request: Some(text("Mohon analisis forensik server.")),
            required: Vec::new(),
        },
        Change::RecordEscalationAnswer {
            escalation: 1,
            text: text("Perbarui CMS dan ganti seluruh kata sandi."),
        },
        Change::StartHandling { note: None },
        Change::RecordAnalysis {
            analysis: text("Celah unggah berkas pada plugin galeri yang usang."),
            recommendations: text("Perbarui plugin galeri dan batasi jenis berkas unggahan."),
        },
        summary(SUMMARY, false),
        Change::StartFollowUp { note: None },
        Change::Resolve {
            summary: text("Situs pulih dan celah ditutup."),
        },
    ]);
    walk(received(report(pairs)), changes)
}

/// The team's summary `text` (none when empty), with or without the reporter's description.
fn summary(text: &str, include_reporter_description: bool) -> Change {
    let text = csirt_domain::text::SummaryText::parse_optional(text).unwrap();
    Change::write_summary(text, include_reporter_description).unwrap()
}

/// A document's record as issued, with its verification code (so every document renders its QR code too).
fn record(kind: DocumentKind, number: &str) -> DocumentRecord {
    DocumentRecord {
        kind,
        number: number.into(),
        issued_at: at(600),
        tlp: Tlp::Amber,
        file: None,
        verification: Some(
            csirt_domain::case::VerificationCode::parse("k3x9-7mwq-2rtd-8fhp-c4na").unwrap(),
        ),
        sha256: None,
        pdf_sha256: None,
    }
}

fn render_with(
    kind: DocumentKind,
    (case, events): &(Case, Vec<Event>),
    config: &TeamConfig,
    profile: &Procedure,
) -> Result<String, DocumentError> {
    let number = format!("{:03}/TEST/{}", 7, kind_number_suffix(kind));
    render(
        &templates(),
        &Issue {
            record: &record(kind, &number),
            case,
            events,
            escalation: None,
        },
        config,
        profile,
    )
}

fn kind_number_suffix(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::AnalysisReport => "LAIS",
        DocumentKind::EscalationReport => "ESK",
        DocumentKind::NotificationLetter => "SPIS",
        DocumentKind::CertificateOfAppreciation => "SA",
        DocumentKind::FinalReport => "LPIS",
        DocumentKind::VerificationReport => "LVIS",
        DocumentKind::ReplyLetter => "SJIS",
        DocumentKind::HeadOfAgencyReport => "LHPK",
    }
}

const ALL: [DocumentKind; 8] = DocumentKind::ALL;

fn named_case() -> (Case, Vec<Event>) {
    handled_case(&[("reporter_name", HOSTILE_NAME)], "JatengProv-CSIRT")
}
