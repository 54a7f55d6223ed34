//! The case page and its evidence: the report for every account, the reporter's contact only for the roles
//! that need it, evidence listed and downloaded as attachments, raster images alone previewed.

use axum::http::StatusCode;
use chrono::Utc;
use csirt_domain::channel::Channel;
use csirt_domain::digest::sha256_hex;
use csirt_domain::report::ReportInput;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::record::{Recording, record_report};
use csirt_test_kit::reports::{png, report_fields};

use crate::support::Console;

/// A Bali case recorded by the admin (who holds every staff role), from the kit's report with `evidence`.
pub async fn recorded_case(console: &Console, evidence: Vec<(String, Vec<u8>)>) -> TrackingCode {
    let recording = Recording {
        input: ReportInput::from_pairs(report_fields()),
        evidence,
        channel: Channel::Email,
        received_at: Utc::now(),
    };
    record_report(&console.desk, recording, &console.admin)
        .await
        .unwrap()
}

/// A page's HTML with the entities the template escaping writes turned back into characters, to look for values
/// as they were written (`/` is escaped as `&#x2F;` even in links, which browsers read as `/`).
pub fn unescaped(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// An SVG image with script, which the intake keeps as plain text (its content is text).
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>\n";

/// The reporter's contact details in the kit's report.
const CONTACT: [&str; 3] = [
    "siti.rahayu@contoh.id",
    "Siti Aminah Rahayu",
    "+6281298765432",
];

#[tokio::test]
async fn the_front_desk_sees_the_reporters_contact_and_a_viewer_does_not() {
    let console = Console::new("bali").await;
    let desk_secret = console.add("made", &["front-desk"]).await;
    let viewer_secret = console.add("ketut", &["viewer"]).await;
    let code = recorded_case(&console, Vec::new()).await;
    let path = format!("/staff/cases/{code}");

    let mut front_desk = console.signed_in("made", &desk_secret).await;
    let page = console.get(&mut front_desk, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let text = unescaped(&page.body);
    for shown in [
        "Halaman judi online di situs dinas",
        "Rahasia-deskripsi",
        "08.10 ditemukan",
        "siti_r",
        "https://dinkes.tegalkab.go.id/wp-content/uploads/",
    ] {
        assert!(text.contains(shown), "{shown} missing");
    }
    let email = "siti.rahayu@contoh.id";
    assert!(text.contains(&format!("href=\"mailto:{email}\"")));
    for contact in CONTACT {
        assert!(
            text.contains(contact),
            "{contact} hidden from the front desk"
        );
    }
    assert!(!text.contains("contact-hidden"));

    let mut viewer = console.signed_in("ketut", &viewer_secret).await;
    let page = console.get(&mut viewer, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let text = unescaped(&page.body);
    assert!(
        text.contains("Rahasia-deskripsi"),
        "the report is for every role"
    );
    for contact in CONTACT {
        assert!(!text.contains(contact), "{contact} shown to a viewer");
    }
    assert!(
        text.contains("Kontak pelapor disembunyikan untuk peran Anda"),
        "the page says why"
    );
    // A viewer takes no step.
    assert!(!text.contains("class=\"step-form\""));
    assert!(!page.body.contains("style="), "no inline style");
    assert!(!page.body.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn the_page_shows_the_history_the_clock_and_the_steps_in_the_teams_time() {
    let console = Console::new("bali").await;
    let code = recorded_case(&console, Vec::new()).await;
    let mut admin = console.admin_browser().await;
    let page = console
        .get(&mut admin, &format!("/staff/cases/{code}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for part in [
        "id=\"timeline\"",
        "id=\"clock\"",
        "id=\"documents\"",
        "id=\"evidence\"",
        "Laporan diterima",
        "Petugas admin",
        "id=\"step-start_verification\"",
    ] {
        assert!(page.body.contains(part), "{part} missing");
    }
    // The event by the admin's login, at the team's local time (Bali is UTC+8).
    let local = Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m-%d")
        .to_string();
    assert!(page.body.contains(&local), "no local date {local}");
    assert!(page.body.contains("<span class=\"actor\">admin</span>"));
    // The register number of the team's first case this year, on the case page and in the queue.
    let register = format!("{}/0001", &local[..4]);
    let text = unescaped(&page.body);
    assert!(
        text.contains(&format!("No. register <strong>{register}</strong>")),
        "{register} missing"
    );
    let queue = unescaped(&console.get(&mut admin, "/staff/").await.body);
    let row = &queue[queue.find(&format!("data-code=\"{code}\"")).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(&format!("No. register {register}")), "{row}");
}

#[tokio::test]
async fn a_mistyped_code_is_refused_and_an_unknown_one_is_not_found() {
    let console = Console::new("bali").await;
    let mut admin = console.admin_browser().await;
    let typo = console.get(&mut admin, "/staff/cases/BALI-XXXX").await;
    assert_eq!(
        typo.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        typo.body
    );
    assert!(
        typo.body.contains("is not a tracking code"),
        "{}",
        typo.body
    );
    let unknown = csirt_test_kit::cases::fresh_code("BALI");
    let missing = console
        .get(&mut admin, &format!("/staff/cases/{unknown}"))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
    assert!(
        missing
            .body
            .contains(&format!("no case has tracking code {unknown}"))
    );
}

#[tokio::test]
async fn evidence_is_listed_with_its_name_and_downloaded_as_an_attachment() {
    let console = Console::new("bali").await;
    let code = recorded_case(
        &console,
        vec![
            ("C:\\fakepath\\tangkapan layar.png".to_owned(), png()),
            ("serangan.svg".to_owned(), SVG.as_bytes().to_vec()),
        ],
    )
    .await;
    let (png_sha, svg_sha) = (sha256_hex(&png()), sha256_hex(SVG.as_bytes()));
    let mut admin = console.admin_browser().await;
    let page = console
        .get(&mut admin, &format!("/staff/cases/{code}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let text = unescaped(&page.body);
    for listed in [
        "tangkapan layar.png",
        "image/png",
        "serangan.svg",
        // Markup is kept as opaque bytes, with a warning to open it in a text editor.
        "application/octet-stream",
        "Berisi markup atau skrip: buka dengan penyunting teks, jangan dengan peramban.",
        png_sha.as_str(),
        svg_sha.as_str(),
    ] {
        assert!(text.contains(listed), "{listed} missing");
    }
    let evidence = format!("/staff/cases/{code}/evidence");
    // The image is previewed; the SVG is not, and its content never reaches the page.
    assert!(text.contains(&format!("src=\"{evidence}/{png_sha}/preview\" alt=\"")));
    assert!(!text.contains(&format!("{svg_sha}/preview")));
    assert!(!text.contains("alert(2)"));

    for (sha, name, encoded) in [
        (&png_sha, "tangkapan layar.png", "tangkapan%20layar.png"),
        (&svg_sha, "serangan.svg", "serangan.svg"),
    ] {
        let file = console.get(&mut admin, &format!("{evidence}/{sha}")).await;
        assert_eq!(file.status, StatusCode::OK, "{}", file.body);
        assert_eq!(file.header("content-type"), "application/octet-stream");
        assert_eq!(
            file.header("content-disposition"),
            format!("attachment; filename=\"{name}\"; filename*=UTF-8''{encoded}")
        );
        assert_eq!(file.header("x-content-type-options"), "nosniff");
        assert_eq!(
            file.header("content-security-policy"),
            "default-src 'none'; sandbox"
        );
    }
    let svg = console
        .get(&mut admin, &format!("{evidence}/{svg_sha}"))
        .await;
    assert_eq!(svg.body, SVG, "downloaded as it was sent");
}

#[tokio::test]
async fn only_raster_images_are_previewed_and_a_foreign_hash_is_not_found() {
    let console = Console::new("bali").await;
    let code = recorded_case(
        &console,
        vec![
            ("foto.png".to_owned(), png()),
            ("serangan.svg".to_owned(), SVG.as_bytes().to_vec()),
        ],
    )
    .await;
    let other = recorded_case(
        &console,
        vec![("lain.txt".to_owned(), b"log lain\n".to_vec())],
    )
    .await;
    let mut admin = console.admin_browser().await;
    let evidence = format!("/staff/cases/{code}/evidence");

    let image = console
        .get(
            &mut admin,
            &format!("{evidence}/{}/preview", sha256_hex(&png())),
        )
        .await;
    assert_eq!(image.status, StatusCode::OK, "{}", image.body);
    assert_eq!(image.header("content-type"), "image/png");
    assert_eq!(image.header("content-disposition"), "inline");
    assert_eq!(image.header("x-content-type-options"), "nosniff");
    assert_eq!(
        image.header("content-security-policy"),
        "default-src 'none'; sandbox"
    );

    let svg_preview = console
        .get(
            &mut admin,
            &format!("{evidence}/{}/preview", sha256_hex(SVG.as_bytes())),
        )
        .await;
    assert_eq!(svg_preview.status, StatusCode::NOT_FOUND);
    assert!(!svg_preview.body.contains("alert(2)"));

    // Another case's file, and a hash no case has, are not this case's evidence.
    for foreign in [sha256_hex(b"log lain\n"), sha256_hex(b"nothing")] {
        for suffix in ["", "/preview"] {
            let answer = console
                .get(&mut admin, &format!("{evidence}/{foreign}{suffix}"))
                .await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{foreign}{suffix}");
        }
    }
    let own = console
        .get(
            &mut admin,
            &format!(
                "/staff/cases/{other}/evidence/{}",
                sha256_hex(b"log lain\n")
            ),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
}

#[tokio::test]
async fn the_case_page_lists_the_advisories_that_name_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let root = csirt_test_kit::paths::team_file();
    let content = root.parent().unwrap();
    csirt_test_kit::files::copy_tree(content, &dir.path().join("content"));
    csirt_test_kit::files::copy_tree(
        &csirt_test_kit::paths::templates(),
        &dir.path().join("templates"),
    );
    let register = format!(
        "{}/0001",
        Utc::now()
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
            .format("%Y")
    );
    let advisory = dir.path().join("content/peringatan/deface-cms-usang.md");
    let text = std::fs::read_to_string(&advisory).unwrap();
    std::fs::write(
        &advisory,
        text.replacen("+++\n", &format!("+++\ncases = [\"{register}\"]\n"), 1),
    )
    .unwrap();
    let console = Console::with_team_file(&dir.path().join("content/config.toml"), "bali").await;
    let code = recorded_case(&console, Vec::new()).await;
    let mut admin = console.admin_browser().await;
    let page = unescaped(
        &console
            .get(&mut admin, &format!("/staff/cases/{code}"))
            .await
            .body,
    );
    let section = &page[page
        .find("id=\"advisories\"")
        .expect("the advisories section")..];
    assert!(
        section.contains("Deface situs melalui CMS, tema, dan plugin yang usang</a>"),
        "{section}"
    );
    assert!(
        section.contains("/peringatan/deface-cms-usang/\">"),
        "{section}"
    );
    assert!(section.contains("(peringatan/deface-cms-usang.md)"));
    // A case no advisory names has no such section.
    let other = recorded_case(&console, Vec::new()).await;
    let page = console
        .get(&mut admin, &format!("/staff/cases/{other}"))
        .await;
    assert!(!page.body.contains("id=\"advisories\""));
}
