//! The case documents: cases built and moved through the real domain API, rendered from the repository's
//! `templates/documents/`, and checked for their number, marking, contents, escaping and refusals; one printed to
//! PDF with Chromium.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use csirt_domain::case::{
    Actor, Case, Change, Classification, DocumentKind, DocumentRecord, Event, MitigationKind,
    MitigationStatus, PartnerKind, Priority, Verdict,
};
use csirt_domain::channel::Channel;
use csirt_domain::report::{ParseContext, Report, ReportInput};
use csirt_domain::taxonomy::IncidentType;
use csirt_domain::team::{Procedure, TeamConfig};
use csirt_domain::text::{ActorName, StaffText};
use csirt_domain::tlp::Tlp;
use csirt_domain::tracking::{TrackingCode, TrackingPrefix};
use csirt_staff::documents::{
    DocumentError, DocumentTemplates, Issue, document_number, print_pdf, render,
};

const HOSTILE_NAME: &str = "Rina <script>alert('nama')</script>";
const HOSTILE_DESCRIPTION: &str =
    "Halaman judi <script>alert(1)</script> disisipkan; templat {{ config.base_url }} {% raw %}";
const EMAIL: &str = "rina.pelapor@contoh.id";
const PHONE: &str = "0812-3456-7890";
/// The phone number as the domain stores it (E.164).
const PHONE_E164: &str = "+6281234567890";
const ORGANISATION: &str = "Komunitas \"Aman\" & <b>Siber</b>";
const INTERNAL_NOTE: &str = "Catatan internal: jangan dikutip";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn text(s: &str) -> StaffText {
    StaffText::parse(s).unwrap()
}

fn templates() -> DocumentTemplates {
    DocumentTemplates::load(&manifest().join("../../templates/documents")).unwrap()
}

/// The fixture site's configuration (Contoh-CSIRT, its own number pattern and codes).
fn fixture_config() -> TeamConfig {
    TeamConfig::load(&manifest().join("../../site/tests/fixtures/basic/content/config.toml"))
        .unwrap()
}

/// The shipped configuration (TegalKab-CSIRT).
fn shipped_config() -> TeamConfig {
    TeamConfig::load(&manifest().join("../../content/config.toml")).unwrap()
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
    let context = ParseContext {
        received_at: at(0),
        local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    Report::parse(&input, &context).unwrap()
}

fn received(report: Report) -> (Case, Vec<Event>) {
    let code = TrackingCode::generate(&TrackingPrefix::parse("TGL").unwrap()).unwrap();
    let (case, event) = Case::receive(
        code,
        report,
        Channel::WebForm,
        Vec::new(),
        Actor::Reporter,
        at(0),
    );
    (case, vec![event])
}

/// Applies `changes` in order, ten minutes apart, by a member of staff.
fn walk(start: (Case, Vec<Event>), changes: Vec<Change>) -> (Case, Vec<Event>) {
    let (mut case, mut events) = start;
    for change in changes {
        let minutes = i64::from(case.version) * 10;
        let staff = Actor::Staff(ActorName::parse("andi").unwrap());
        let (next, event) = case.apply(change, staff, at(minutes)).unwrap();
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
            classification: Classification {
                incident: IncidentType::parse("intrusions", "application-compromise").unwrap(),
                priority: Priority::High,
                tlp: Tlp::Amber,
            },
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
        Change::StartFollowUp { note: None },
        Change::Resolve {
            summary: text("Situs pulih dan celah ditutup."),
        },
    ]);
    walk(received(report(pairs)), changes)
}

fn record(kind: DocumentKind, number: &str) -> DocumentRecord {
    DocumentRecord {
        kind,
        number: number.into(),
        issued_at: at(600),
        tlp: Tlp::Amber,
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
    }
}

const ALL: [DocumentKind; 5] = [
    DocumentKind::AnalysisReport,
    DocumentKind::EscalationReport,
    DocumentKind::NotificationLetter,
    DocumentKind::CertificateOfAppreciation,
    DocumentKind::FinalReport,
];

fn named_case() -> (Case, Vec<Event>) {
    handled_case(&[("reporter_name", HOSTILE_NAME)], "JatengProv-CSIRT")
}

#[test]
fn numbers_follow_the_configured_pattern() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let fixture = fixture_config();
    assert_eq!(
        document_number(
            &fixture.documents,
            "Contoh-CSIRT",
            DocumentKind::NotificationLetter,
            7,
            day
        ),
        "B-007/PEMB/Contoh-CSIRT/XI/2026"
    );
    assert_eq!(
        document_number(
            &fixture.documents,
            "Contoh-CSIRT",
            DocumentKind::FinalReport,
            1234,
            NaiveDate::from_ymd_opt(2027, 4, 1).unwrap()
        ),
        "B-1234/LPIS/Contoh-CSIRT/IV/2027"
    );
    let shipped = shipped_config();
    assert_eq!(
        document_number(
            &shipped.documents,
            "TegalKab-CSIRT",
            DocumentKind::CertificateOfAppreciation,
            12,
            day
        ),
        "012/SA/TegalKab-CSIRT/XI/2026"
    );
    assert_eq!(shipped.documents.place, "Slawi");
}

#[test]
fn every_document_carries_its_number_marking_and_letterhead() {
    let case = named_case();
    let config = shipped_config();
    for kind in ALL {
        let html = render_with(kind, &case, &config, &profile("tegal")).unwrap();
        let number = format!("007/TEST/{}", kind_number_suffix(kind));
        assert!(html.starts_with("<!DOCTYPE html>"), "{kind:?}");
        assert!(html.contains(&number), "{kind:?} lacks its number");
        assert!(html.contains("PEMERINTAH KABUPATEN TEGAL"), "{kind:?}");
        assert!(html.contains("Dinas Komunikasi dan Informatika Kabupaten Tegal"));
        assert!(html.contains("Slawi, 23 November 2026"), "{kind:?}");
        assert!(
            html.contains("Ahmad Fiktif Wibowo, S.Kom., M.M."),
            "{kind:?}"
        );
        assert!(html.contains("NIP. 19000101 190001 1 000"), "{kind:?}");
        // The marking, top and bottom right of every printed page, amber on black, and on screen.
        for margin in ["@top-right", "@bottom-right"] {
            let rule = &html[html.find(margin).unwrap()..];
            let rule = &rule[..rule.find('}').unwrap()];
            assert!(rule.contains("content: \"TLP:AMBER\""), "{kind:?}: {rule}");
            assert!(rule.contains("color: #FFC000") && rule.contains("background: #000"));
        }
        assert_eq!(html.matches(">TLP:AMBER</div>").count(), 2, "{kind:?}");
        assert!(!html.contains("http://") && !html.contains("<link") && !html.contains("<script"));
        if kind != DocumentKind::CertificateOfAppreciation {
            for heading in ["Nomor", "Sifat", "Lampiran", "Hal", "Yth."] {
                assert!(html.contains(heading), "{kind:?} lacks {heading}");
            }
            assert!(html.contains("Terbatas"), "{kind:?}: Sifat from TLP:AMBER");
        }
    }
}

#[test]
fn other_markings_use_their_own_colours() {
    let case = named_case();
    let (case, events) = &case;
    let mut red = record(DocumentKind::FinalReport, "1/LPIS");
    red.tlp = Tlp::Red;
    let html = render(
        &templates(),
        &Issue {
            record: &red,
            case,
            events,
            escalation: None,
        },
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap();
    assert!(html.contains("content: \"TLP:RED\"; color: #FF2B2B"));
    assert!(html.contains("Rahasia"));
    assert!(!html.contains("TLP:AMBER\""));
}

#[test]
fn the_escalation_report_carries_bssns_minimum_fields() {
    let case = named_case();
    let html = render_with(
        DocumentKind::EscalationReport,
        &case,
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap();
    for expected in [
        "Yth. JatengProv-CSIRT",
        "Rina &lt;script&gt;alert(&#39;nama&#39;)&lt;/script&gt;",
        EMAIL,
        PHONE_E164,
        "Komunitas &quot;Aman&quot; &amp; &lt;b&gt;Siber&lt;/b&gt;",
        "Masyarakat umum",
        "Halaman judi &lt;script&gt;alert(1)&lt;/script&gt;",
        "Pukul 08.10 tampilan situs berubah.",
        "Layanan &lt;b&gt;informasi publik&lt;/b&gt; tidak dapat diakses.",
        "https://dinkes.contoh.go.id/berita",
        "Dinas Kesehatan &lt;Kabupaten&gt;",
        "Kompromi aplikasi",
        "Tinggi",
        "Penggantian tampilan dengan halaman pemeliharaan",
        "Selesai dilaksanakan",
        "Berkas web shell dihapus dari server.",
        "Mohon analisis forensik server.",
        case.0.code.to_string().as_str(),
    ] {
        assert!(
            html.contains(expected),
            "escalation report lacks {expected:?}"
        );
    }
    assert!(!html.contains(INTERNAL_NOTE));
}

#[test]
fn the_notification_letter_names_no_reporter() {
    let case = named_case();
    let html = render_with(
        DocumentKind::NotificationLetter,
        &case,
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap();
    for expected in [
        "Surat Pemberitahuan Insiden Siber",
        "Yth. Pimpinan Dinas Kesehatan &lt;Kabupaten&gt;",
        "https://dinkes.contoh.go.id/berita",
        "Kompromi aplikasi",
        "Perbarui plugin galeri dan batasi jenis berkas unggahan.",
        "Port &lt;script&gt;8080&lt;/script&gt; ditutup",
    ] {
        assert!(html.contains(expected), "notification lacks {expected:?}");
    }
    for personal in ["Rina", EMAIL, PHONE_E164, "Komunitas", "Aman", "812"] {
        assert!(
            !html.contains(personal),
            "notification letter shows {personal:?}"
        );
    }
}

#[test]
fn the_analysis_report_and_the_certificate() {
    let case = named_case();
    let config = shipped_config();
    let analysis = render_with(
        DocumentKind::AnalysisReport,
        &case,
        &config,
        &profile("tegal"),
    )
    .unwrap();
    for expected in [
        "Laporan Analisis Insiden Siber dan Rekomendasi Penanganan Insiden Siber",
        "Celah unggah berkas pada plugin galeri yang usang.",
        "Perbarui plugin galeri dan batasi jenis berkas unggahan.",
        "Tembusan:",
        "Sekretaris Daerah Kabupaten Tegal",
    ] {
        assert!(analysis.contains(expected), "analysis lacks {expected:?}");
    }

    let certificate = render_with(
        DocumentKind::CertificateOfAppreciation,
        &case,
        &config,
        &profile("tegal"),
    )
    .unwrap();
    assert!(certificate.contains("size: A4 landscape"));
    assert!(certificate.contains("Sertifikat Apresiasi"));
    assert!(certificate.contains("Rina &lt;script&gt;"));
    assert!(!certificate.contains(EMAIL));

    let alias_only = handled_case(
        &[
            ("hall_of_fame_consent", "on"),
            ("hall_of_fame_alias", "Penjaga_Siber"),
        ],
        "JatengProv-CSIRT",
    );
    let certificate = render_with(
        DocumentKind::CertificateOfAppreciation,
        &alias_only,
        &config,
        &profile("tegal"),
    )
    .unwrap();
    assert!(certificate.contains("<p class=\"recipient\">Penjaga_Siber</p>"));
}

#[test]
fn the_final_report_tells_the_whole_handling() {
    let (case, events) = named_case();
    let (case, events) = walk(
        (case, events),
        vec![Change::Close {
            hall_of_fame: false,
        }],
    );
    let html = render_with(
        DocumentKind::FinalReport,
        &(case, events),
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap();
    for expected in [
        "Laporan diterima melalui formulir laporan di situs.",
        "Hasil verifikasi: laporan valid",
        "Perubahan tampilan terkonfirmasi dari log server.",
        "Insiden diklasifikasikan sebagai Kompromi aplikasi",
        "Strategi mitigasi disusun: Penutupan port tertentu: Port &lt;script&gt;8080",
        "Selesai dilaksanakan",
        "Direncanakan",
        "Insiden dieskalasikan kepada JatengProv-CSIRT.",
        "Perbarui CMS dan ganti seluruh kata sandi.",
        "Situs pulih dan celah ditutup.",
        "Laporan ditutup.",
        "23 November 2026 pukul 09.00 WIB",
        "andi",
    ] {
        assert!(html.contains(expected), "final report lacks {expected:?}");
    }
    assert!(!html.contains(INTERNAL_NOTE), "an internal note leaked");
    assert!(!html.contains(EMAIL) && !html.contains(PHONE_E164));
}

#[test]
fn everything_from_the_case_is_escaped() {
    let case = handled_case(
        &[("reporter_name", HOSTILE_NAME)],
        "Mitra\u{1b}[31m <script>x</script>\u{0}\u{202e}",
    );
    for kind in ALL {
        let html = render_with(kind, &case, &shipped_config(), &profile("tegal")).unwrap();
        assert!(!html.contains("<script"), "{kind:?} has a raw script tag");
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{kind:?}");
        assert!(
            !html.contains('\u{1b}') && !html.contains('\u{0}') && !html.contains('\u{202e}'),
            "{kind:?} passes control characters through"
        );
        if kind == DocumentKind::EscalationReport || kind == DocumentKind::FinalReport {
            assert!(
                html.contains("Mitra\u{FFFD}[31m &lt;script&gt;"),
                "{kind:?}"
            );
        }
        if kind != DocumentKind::CertificateOfAppreciation {
            // Template syntax in a report is text, not template code.
            assert!(html.contains("{{ config.base_url }} {% raw %}"), "{kind:?}");
        }
    }
    // Control characters never get into a report at all: the domain refuses them field by field.
    let mut input = ReportInput::from_pairs([
        ("reporter_email", EMAIL),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("description", "a\u{0}b"),
        ("affected_url", "https://contoh.go.id"),
    ]);
    input.set("reporter_name", "x\u{7}y");
    let context = ParseContext {
        received_at: at(0),
        local_offset: FixedOffset::east_opt(7 * 3600).unwrap(),
    };
    let errors = Report::parse(&input, &context).unwrap_err();
    let fields: Vec<&str> = errors.fields().collect();
    assert!(fields.contains(&"description") && fields.contains(&"reporter_name"));
}

#[test]
fn incomplete_cases_are_refused_with_the_gap_named() {
    let fresh = received(report(&[]));
    let code = fresh.0.code.to_string();
    let expectations = [
        (
            DocumentKind::AnalysisReport,
            "cannot issue the analysis report (Laporan Analisis Insiden Siber dan Rekomendasi Penanganan Insiden Siber): the analysis and recommendations are not recorded yet",
        ),
        (
            DocumentKind::EscalationReport,
            "cannot issue the escalation report (Laporan Eskalasi Insiden Siber): the case has not been escalated",
        ),
        (
            DocumentKind::NotificationLetter,
            "cannot issue the notification letter (Surat Pemberitahuan Insiden Siber): the report has not been verified as valid; no recommended action",
        ),
        (
            DocumentKind::CertificateOfAppreciation,
            "the report has not been verified as valid (a certificate is for a valid report); the reporter gave neither a name nor a Hall of Fame alias",
        ),
        (
            DocumentKind::FinalReport,
            "cannot issue the final report (Laporan Penanganan Insiden Siber): the case is not classified; the case is not resolved",
        ),
    ];
    for (kind, message) in expectations {
        let error = render_with(kind, &fresh, &shipped_config(), &profile("tegal")).unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with(&format!("case {code}: ")), "{text}");
        assert!(text.contains(message), "{kind:?}: {text}");
    }

    // An invalid report earns no certificate even when the reporter is named.
    let invalid = walk(
        received(report(&[("reporter_name", "Rina")])),
        vec![
            Change::StartVerification,
            Change::Verify {
                verdict: Verdict::Invalid,
                reason: Some(text("Tidak ada indikasi serangan.")),
            },
        ],
    );
    let error = render_with(
        DocumentKind::CertificateOfAppreciation,
        &invalid,
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("not been verified as valid") && !error.contains("neither"));

    // An escalation report asked for an escalation the case does not have.
    let (case, events) = named_case();
    let error = render(
        &templates(),
        &Issue {
            record: &record(DocumentKind::EscalationReport, "1/ESK"),
            case: &case,
            events: &events,
            escalation: Some(5),
        },
        &shipped_config(),
        &profile("tegal"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("no escalation 5 (the case has 1)"),
        "{error}"
    );
}

#[test]
fn documents_follow_the_teams_sop_profile() {
    let case = named_case();
    let config = fixture_config();
    let tegal = render_with(
        DocumentKind::AnalysisReport,
        &case,
        &config,
        &profile("tegal"),
    )
    .unwrap();
    assert!(tegal.contains("TegalKab-CSIRT"));
    assert!(tegal.contains("<li>JatengProv-CSIRT</li>") && tegal.contains("<li>BSSN</li>"));
    assert!(tegal.contains("sesuai\nSOP Pelaporan dan Penanganan Insiden Siber"));
    assert!(
        tegal.contains("PEMERINTAH KABUPATEN CONTOH")
            && tegal.contains("Kota Contoh, 23 November 2026")
    );

    let kukar = render_with(
        DocumentKind::AnalysisReport,
        &case,
        &config,
        &profile("kukar"),
    )
    .unwrap();
    assert!(kukar.contains("TTIS"));
    assert!(!kukar.contains("TegalKab-CSIRT") && !kukar.contains("<li>JatengProv-CSIRT</li>"));
    assert!(kukar.contains("sesuai\nPelaporan Insiden Siber"));

    let batam = render_with(
        DocumentKind::AnalysisReport,
        &case,
        &config,
        &profile("batam"),
    )
    .unwrap();
    assert!(batam.contains("BATAM-CSIRT") && batam.contains("<li>KEPRIPROV-CSIRT</li>"));
    assert!(
        !batam.contains("<li>Vendor</li>"),
        "a vendor is not an addressee"
    );

    // Maluku Utara keeps WIT: times are written in the profile's zone.
    let malut = render_with(DocumentKind::FinalReport, &case, &config, &profile("malut")).unwrap();
    let wib = render_with(DocumentKind::FinalReport, &case, &config, &profile("tegal")).unwrap();
    assert!(wib.contains("pukul 09.00 WIB"));
    assert!(
        !malut.contains(" WIB")
            && (malut.contains(" WIT<") || malut.contains(" WIT\n") || malut.contains(" WIT,"))
    );
}

fn copy_templates() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("templates/documents");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(manifest().join("../../templates/documents")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
    }
    (dir, target)
}

#[test]
fn a_broken_or_missing_template_is_named() {
    let (case, events) = named_case();
    let issue = |record| {
        move |templates: &DocumentTemplates| {
            render(
                templates,
                &Issue {
                    record,
                    case: &case,
                    events: &events,
                    escalation: None,
                },
                &shipped_config(),
                &profile("tegal"),
            )
        }
    };
    let notification = record(DocumentKind::NotificationLetter, "9/SPIS");
    let render_notification = issue(&notification);

    // A syntax error is found when the templates load.
    let (_dir, target) = copy_templates();
    std::fs::write(
        target.join("letter.html"),
        "{% extends \"base.html\" %}{% block page %}{% if document.number %}{% endblock page %}",
    )
    .unwrap();
    let error = DocumentTemplates::load(&target).unwrap_err().to_string();
    let letter = target.join("letter.html").display().to_string();
    assert!(error.starts_with(&letter), "{error}");

    // An unknown filter is found when a document renders.
    let (_dir, target) = copy_templates();
    std::fs::write(
        target.join("letter.html"),
        "{% extends \"base.html\" %}{% block page %}{{ document.number | nosuchfilter }}{% endblock page %}",
    )
    .unwrap();
    let templates = DocumentTemplates::load(&target).unwrap();
    let error = render_notification(&templates).unwrap_err().to_string();
    assert!(error.contains("nosuchfilter"), "{error}");
    assert!(error.starts_with(&target.display().to_string()), "{error}");

    let (_dir, target) = copy_templates();
    std::fs::remove_file(target.join("final_report.html")).unwrap();
    let error = DocumentTemplates::load(&target).unwrap_err().to_string();
    assert!(
        error.contains("final_report.html") && error.contains("missing"),
        "{error}"
    );

    // A staff member's own wording is used.
    let (_dir, target) = copy_templates();
    let original = std::fs::read_to_string(target.join("notification_letter.html")).unwrap();
    std::fs::write(
        target.join("notification_letter.html"),
        original.replace("Dengan hormat,", "Dengan hormat dan salam sejahtera,"),
    )
    .unwrap();
    let adapted = DocumentTemplates::load(&target).unwrap();
    let html = render_notification(&adapted).unwrap();
    assert!(html.contains("Dengan hormat dan salam sejahtera,"));
}

#[test]
fn the_documents_section_is_checked_when_the_configuration_loads() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(manifest().join("../../content/config.toml")).unwrap();
    let broken = shipped.replace(
        "number_format = \"{seq:03}/{code}/{team}/{month_roman}/{year}\"",
        "number_format = \"{code}/{bulan}/{year}\"",
    );
    assert_ne!(broken, shipped);
    let file = dir.path().join("config.toml");
    std::fs::write(&file, broken).unwrap();
    let error = TeamConfig::load(&file).unwrap_err().to_string();
    assert!(error.contains("documents.number_format"), "{error}");
    assert!(error.contains("{bulan} is not a placeholder"), "{error}");

    let without = shipped.split("[documents]").next().unwrap().to_owned();
    std::fs::write(&file, without).unwrap();
    let error = TeamConfig::load(&file).unwrap_err().to_string();
    assert!(error.contains("documents"), "{error}");
}

#[test]
fn a_document_prints_to_pdf_with_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let case = named_case();
    for (kind, name) in [
        (DocumentKind::FinalReport, "laporan"),
        (DocumentKind::CertificateOfAppreciation, "sertifikat"),
    ] {
        let html = render_with(kind, &case, &shipped_config(), &profile("tegal")).unwrap();
        let source = dir.path().join(format!("{name}.html"));
        let target = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&source, html).unwrap();
        print_pdf(&source, &target).unwrap_or_else(|e| panic!("{e}"));
        let pdf = std::fs::read(&target).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{name}.pdf is not a PDF");
        let text = String::from_utf8_lossy(&pdf);
        // A4 portrait for the report, A4 landscape for the certificate (595 x 842 points).
        let landscape = text.contains("/MediaBox [0 0 842 595]")
            || text.contains("/MediaBox [0 0 841.91998 594.95996]");
        let portrait = text.contains("/MediaBox [0 0 595 842]")
            || text.contains("/MediaBox [0 0 594.95996 841.91998]");
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        if kind == DocumentKind::CertificateOfAppreciation {
            assert!(landscape, "the certificate is not A4 landscape");
            assert_eq!(pages, 1, "the certificate does not fit on one page");
        } else {
            assert!(portrait, "the report is not A4 portrait");
        }
    }
    let missing = print_pdf(
        &dir.path().join("tidak-ada.html"),
        &dir.path().join("x.pdf"),
    );
    assert!(missing.unwrap_err().to_string().contains("tidak-ada.html"));
}
