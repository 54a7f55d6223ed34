//! Every page type in both languages, security.txt, the Hall of Fame and statistics from the export, the form,
//! the SOP page and the feeds.

use super::*;

#[test]
fn every_page_type_is_built_in_both_languages() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    for file in [
        "index.html",
        "en/index.html",
        "panduan/index.html",
        "en/guide/index.html",
        "lapor/index.html",
        "en/report/index.html",
        "status/index.html",
        "en/status/index.html",
        "hall-of-fame/index.html",
        "statistik/index.html",
        "sop/index.html",
        "rfc2350/index.html",
        "en/rfc2350/index.html",
        "peringatan/index.html",
        "peringatan/judi/index.html",
        "en/advisories/judi/index.html",
        "peringatan/atom.xml",
        "en/advisories/atom.xml",
        "404.html",
        "en/404.html",
        "sitemap.xml",
        "robots.txt",
        ".well-known/security.txt",
        "assets/site.css",
        "assets/report-form.js",
    ] {
        assert!(out.join(file).is_file(), "{file} was not built");
    }
    let guide = read(&out, "panduan/index.html");
    assert!(
        guide.contains(r#"<h2 id="langkah-2">Langkah 2</h2>"#),
        "heading anchors"
    );
    assert!(
        guide.contains("<table>") && guide.contains("footnote"),
        "tables and footnotes"
    );
    assert!(guide.contains(r#"<html lang="id">"#));
    assert!(
        guide.contains(r#"href="/en/guide/""#),
        "language switch to the translation"
    );
    assert!(read(&out, "en/guide/index.html").contains(r#"href="/panduan/""#));
    // A page without a translation switches to the other language's home.
    assert!(
        read(&out, "peringatan/lama/index.html").contains(r#"class="lang-switch" href="/en/""#)
    );
}

#[test]
fn security_txt_follows_rfc_9116() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let text = read(&out, ".well-known/security.txt");
    for line in [
        "Contact: mailto:csirt@contoh.go.id",
        "Contact: https://csirt.contoh.go.id/lapor/",
        "Expires: 2027-09-19T00:00:00Z",
        "Encryption: https://csirt.contoh.go.id/kunci.txt",
        "Acknowledgments: https://csirt.contoh.go.id/hall-of-fame/",
        "Preferred-Languages: id, en",
        "Canonical: https://csirt.contoh.go.id/.well-known/security.txt",
        "Policy: https://csirt.contoh.go.id/kebijakan/",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in:\n{text}"
        );
    }
}

#[test]
fn the_hall_of_fame_and_statistics_come_from_the_export_escaped() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let hall = read(&out, "hall-of-fame/index.html");
    assert!(
        hall.contains("budi_s") && hall.contains("Intrusi"),
        "{hall}"
    );
    assert!(hall.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!hall.contains("<script>alert"));
    let stats = read(&out, "en/statistics/index.html");
    assert!(
        stats.contains(r#"<meter min="0" max="4" value="3""#),
        "{stats}"
    );
}

#[test]
fn the_form_has_every_field_of_the_api_and_posts_to_it() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let form = read(&out, "lapor/index.html");
    assert!(
        form.contains(r#"action="/api/reports""#)
            && form.contains(r#"enctype="multipart/form-data""#)
    );
    for field in csirt_domain::report::FIELDS {
        assert!(
            form.contains(&format!(r#"name="{field}""#)),
            "the form lacks {field}"
        );
    }
    assert!(form.contains(r#"name="website""#), "the honeypot");
    assert!(form.contains(r#"<option value="application-compromise""#));
    assert!(
        !form.contains(r#"data-class="test""#),
        "the test class is not offered to the public"
    );
    let english = read(&out, "en/report/index.html");
    assert!(english.contains("Send report") && english.contains(r#"name="lang" value="en""#));
}

#[test]
fn the_sop_page_is_rendered_from_the_profile() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let sop = read(&out, "sop/index.html");
    let profile = csirt_domain::sop::SopProfile::builtin("kukar").unwrap();
    assert_eq!(
        sop.matches("<tr><td>").count(),
        profile.steps.len(),
        "one table row per step"
    );
    assert!(sop.contains("B-247/DISKOMINFO/000.6/07/2025"));
    assert!(sop.contains("1 hari"));
    let english = read(&out, "en/sop/index.html");
    assert!(english.contains("1 working day<"), "{english}");
    assert!(!english.contains("1 working days"));
}

#[test]
fn feeds_list_advisories_newest_first() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let feed = read(&out, "peringatan/atom.xml");
    let first = feed.find("Halaman judi online").unwrap();
    let second = feed.find("Peringatan lama").unwrap();
    assert!(first < second);
    assert!(feed.contains("<id>https://csirt.contoh.go.id/peringatan/judi/</id>"));
    assert!(feed.contains("&lt;em&gt;"), "entry content is escaped HTML");
}

/// The report page's privacy text states the retention periods of the team file, in each language, and follows
/// the team file when it changes.
#[test]
fn the_report_page_states_the_retention_periods_of_the_team_file() {
    let fixture = Fixture::shipped();
    let out = fixture.build();
    let id = read(&out, "lapor/index.html");
    let en = read(&out, "en/report/index.html");
    assert!(
        id.contains("dan uraian laporan 12 bulan, lalu dihapus"),
        "{id}"
    );
    assert!(id.contains("tidak valid atau bukan insiden 3 bulan"));
    assert!(id.contains("Salinan cadangan disimpan 30 hari"));
    assert!(en.contains("text, 12 months, after which"), "{en}");
    assert!(en.contains("Backups are kept for 30 days"));
    for page in [&id, &en] {
        assert!(!page.contains("<!-- retention."), "every marker is filled");
    }

    let config = fixture.config();
    let text = std::fs::read_to_string(&config).unwrap();
    let changed = text
        .replace("contact_months = 12", "contact_months = 6")
        .replace("invalid_months = 3", "invalid_months = 1")
        .replace("backup_days = 30", "backup_days = 14");
    assert_ne!(changed, text);
    std::fs::write(&config, changed).unwrap();
    let out = fixture.build_into("public-changed").unwrap();
    let id = read(&out, "lapor/index.html");
    let en = read(&out, "en/report/index.html");
    assert!(
        id.contains("dan uraian laporan 6 bulan, lalu dihapus"),
        "{id}"
    );
    assert!(id.contains("tidak valid atau bukan insiden 1 bulan"));
    assert!(id.contains("Salinan cadangan disimpan 14 hari"));
    assert!(en.contains("not an incident, 1 month."), "{en}");
    assert!(en.contains("Backups are kept for 14 days"));
}

#[test]
fn the_verification_page_is_built_and_its_form_goes_to_the_intake() {
    let fixture = Fixture::shipped();
    let out = fixture.build();
    for (file, label) in [
        ("verifikasi/index.html", "Kode verifikasi"),
        ("en/verifikasi/index.html", "Verification code"),
    ] {
        let page = read(&out, file);
        // Without JavaScript the form GETs the intake's verification route, which answers with a page.
        assert!(
            page.contains(r#"method="get" action="/api/verifikasi""#),
            "{file}: {page}"
        );
        assert!(page.contains(r#"name="kode""#) && page.contains(r#"name="sha256""#));
        assert!(page.contains(label), "{file}");
        assert!(page.contains("verification."), "{file}: the script");
    }
    assert!(
        std::fs::read_dir(out.join("assets")).unwrap().any(|f| f
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("verification")),
        "the script is published"
    );
}
