//! Publishing from the console: who may, what the page says will be published, the export written as the
//! signed-in account, the site rebuilt from it (as `csirt serve` runs the console) with each stage on the
//! streamed page, and on Lambda the export alone. Also the helpers the documents and reports tests share: a
//! console on a copy of the shipped site, and cases moved through the staff library.

use std::sync::Arc;

use axum::http::StatusCode;
use chrono::Utc;
use csirt_console::state::Publishing;
use csirt_console::{ConsoleState, router};
use csirt_domain::case::{Case, Change, Priority, Verdict};
use csirt_domain::channel::Channel;
use csirt_domain::report::ReportInput;
use csirt_domain::team::TeamFile;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::Desk;
use csirt_staff::record::{Recording, record_report};
use csirt_staff::steps::take_step;
use csirt_test_kit::cases::{classification, text};
use csirt_test_kit::files::every_file;
use csirt_test_kit::reports::{PERSONAL_DATA, report_fields};
use csirt_test_kit::seed::SeedSite;

use crate::support::Console;

/// Points `console` at a copy of the shipped site set to `profile` — its team file, document templates, export
/// and documents directory in a temporary directory — on the same stores; the console rebuilds the site into
/// `public/` there when `builds_the_site` (as inside `csirt serve`), else it runs as on Lambda.
pub fn on_site_copy(console: &mut Console, profile: &str, builds_the_site: bool) -> SeedSite {
    let site = SeedSite::new(profile);
    let config = site.path("content/config.toml");
    let team = TeamFile::load(&config).unwrap();
    assert_eq!(team.procedure.profile.id, profile);
    let desk = Desk {
        team: Arc::new(team),
        cases: Arc::clone(&console.desk.cases),
        evidence: Arc::clone(&console.desk.evidence),
    };
    let mut state = ConsoleState::new(desk.clone()).unwrap();
    if builds_the_site {
        state = state.with_publishing(Publishing {
            config,
            output: site.path("public"),
        });
    }
    console.router = router(state);
    console.desk = desk;
    site
}

/// A report that came by e-mail, recorded by the console's admin (who holds every staff role): the reporter
/// agreed to the Hall of Fame as `siti_r`; `class` and `kind` name the incident.
pub async fn recorded(console: &Console, class: &str, kind: &str) -> TrackingCode {
    let mut input = ReportInput::from_pairs(report_fields());
    input.set("incident_class", class);
    input.set("incident_type", kind);
    let recording = Recording {
        input,
        evidence: Vec::new(),
        channel: Channel::Email,
        received_at: Utc::now(),
    };
    record_report(&console.desk, recording, &console.admin)
        .await
        .unwrap()
}

/// Takes `changes` on the case `code` in order, as the admin; the case as written last.
pub async fn walked(console: &Console, code: &TrackingCode, changes: Vec<Change>) -> Case {
    let mut case = None;
    for change in changes {
        let (written, _) = take_step(&console.desk, code, change, &console.admin, Utc::now())
            .await
            .unwrap();
        case = Some(written);
    }
    case.unwrap()
}

/// Verified as valid and classified as `class`/`kind`.
pub fn verified(class: &str, kind: &str) -> Vec<Change> {
    vec![
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Valid,
            reason: Some(text("Terkonfirmasi dari log server.")),
        },
        Change::Classify {
            classification: classification(class, kind, Priority::High),
        },
    ]
}

/// Analysed and resolved: after [`verified`], ready to close.
pub fn analysed_and_resolved() -> Vec<Change> {
    vec![
        Change::RecordAnalysis {
            analysis: text("Celah unggah berkas pada plugin galeri."),
            recommendations: text("Perbarui plugin dan batasi unggahan."),
        },
        Change::Resolve {
            summary: text("Situs pulih."),
        },
    ]
}

/// A case received, verified, resolved and closed with its reporter named in the Hall of Fame.
async fn closed_case(console: &Console) -> TrackingCode {
    let code = recorded(console, "intrusions", "application-compromise").await;
    let mut changes = verified("intrusions", "application-compromise");
    changes.extend(analysed_and_resolved());
    changes.push(Change::Close { hall_of_fame: true });
    walked(console, &code, changes).await;
    code
}

#[tokio::test]
async fn publishing_needs_a_role_the_sop_gives_publish_and_writes_nothing_without_it() {
    let mut console = Console::new("kukar").await;
    let site = on_site_copy(&mut console, "kukar", true);
    closed_case(&console).await;
    let secret = console.add("kadis", &["kepala-dinas"]).await;
    let mut head_of_office = console.signed_in("kadis", &secret).await;

    let page = console.get(&mut head_of_office, "/staff/publish").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("`publish` to ttis only"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("action=\"/staff/publish\""));

    let refused = console
        .post(&mut head_of_office, "/staff/publish", &[])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.body.contains("kadis may not export closed cases"),
        "{}",
        refused.body
    );
    assert!(
        !site.path("data/site-export.json").exists(),
        "no export was written"
    );
    assert!(!site.path("public").exists(), "no site was built");

    let forged = console
        .post(
            &mut head_of_office,
            "/staff/publish",
            &[("csrf", "tebakan")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_page_says_what_will_be_published() {
    let mut console = Console::new("tegal").await;
    let _site = on_site_copy(&mut console, "tegal", true);
    closed_case(&console).await;
    recorded(&console, "fraud", "phishing").await;
    let mut admin = console.admin_browser().await;
    let page = console.get(&mut admin, "/staff/publish").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "<dt>Kasus ditutup</dt><dd>1</dd>",
        "<dt>Nama di Hall of Fame</dt><dd>1</dd>",
        "<th scope=\"row\">siti_r</th>",
        "<th scope=\"row\">Intrusi</th><td>1</td>",
        "action=\"/staff/publish\"",
        "type=\"hidden\" name=\"csrf\"",
    ] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }
    for personal in ["Siti Aminah", "siti.rahayu@contoh.id", "Rahasia-deskripsi"] {
        assert!(!page.body.contains(personal), "{personal}");
    }
}

#[tokio::test]
async fn publishing_writes_the_export_and_rebuilds_the_site_stage_by_stage() {
    let mut console = Console::new("kukar").await;
    let site = on_site_copy(&mut console, "kukar", true);
    closed_case(&console).await;
    let secret = console.add("tim", &["ttis"]).await;
    let mut member = console.signed_in("tim", &secret).await;
    console.get(&mut member, "/staff/publish").await;

    let answer = console.post(&mut member, "/staff/publish", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(answer.header("content-type").starts_with("text/html"));
    assert_eq!(answer.header("content-length"), "", "the page is streamed");
    let stages = [
        "<li>Ekspor: 1 kasus ditutup, 1 nama di Hall of Fame</li>",
        "<li>Situs dibangun: ",
        "<li>Selesai</li>",
        "</html>",
    ];
    let mut from = 0;
    for stage in stages {
        let at = answer.body[from..]
            .find(stage)
            .unwrap_or_else(|| panic!("{stage} after byte {from}: {}", answer.body));
        from += at + stage.len();
    }
    assert!(!answer.body.contains("role=\"alert\""), "{}", answer.body);

    let export = std::fs::read_to_string(site.path("data/site-export.json")).unwrap();
    assert!(export.contains("\"siti_r\""), "{export}");
    let fame: Vec<_> = every_file(&site.path("public"))
        .into_iter()
        .filter(|(path, text)| {
            path.to_string_lossy().contains("hall-of-fame") && text.contains("siti_r")
        })
        .collect();
    assert!(!fame.is_empty(), "the Hall of Fame names the alias");
    for (path, text) in every_file(&site.path("public")) {
        for secret in PERSONAL_DATA {
            assert!(!text.contains(secret), "{secret:?} in {}", path.display());
        }
    }
}

#[tokio::test]
async fn a_console_that_does_not_build_the_site_says_csirt_publish_does_and_writes_nothing() {
    let mut console = Console::new("tegal").await;
    let site = on_site_copy(&mut console, "tegal", false);
    closed_case(&console).await;
    let mut admin = console.admin_browser().await;
    let page = console.get(&mut admin, "/staff/publish").await;
    assert!(page.body.contains("csirt publish"), "{}", page.body);
    assert!(
        !page.body.contains("action=\"/staff/publish\""),
        "no publish button where it cannot work: {}",
        page.body
    );
    let answer = console.post(&mut admin, "/staff/publish", &[]).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert!(answer.body.contains("csirt publish"), "{}", answer.body);
    assert!(!site.path("data/site-export.json").exists());
    assert!(!site.path("public").exists());
}

#[tokio::test]
async fn closing_a_case_in_the_console_republishes_the_site_with_the_alias() {
    let mut console = Console::new("kukar").await;
    let site = on_site_copy(&mut console, "kukar", true);
    let code = recorded(&console, "intrusions", "application-compromise").await;
    let mut changes = verified("intrusions", "application-compromise");
    changes.extend(analysed_and_resolved());
    let case = walked(&console, &code, changes).await;
    let mut admin = console.admin_browser().await;
    let version = case.version.to_string();
    let answer = console
        .post(
            &mut admin,
            &format!("/staff/cases/{code}/steps/close"),
            &[("version", &version), ("hall_of_fame", "on")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert!(
        answer.header("location").contains("published=done"),
        "{}",
        answer.header("location")
    );
    let fame = every_file(&site.path("public"))
        .into_iter()
        .any(|(path, text)| {
            path.to_string_lossy().contains("hall-of-fame") && text.contains("siti_r")
        });
    assert!(fame, "the Hall of Fame names the alias after the closure");
    let page = console.get(&mut admin, answer.header("location")).await;
    assert!(
        page.body.contains("Situs publik sudah diperbarui"),
        "{}",
        page.body
    );
}
