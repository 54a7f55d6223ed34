//! Fixture sites built into a temporary directory, with assertions on the files they produce.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use csirt_site::{Site, build};
use csirt_test_kit::files::copy_tree;

/// A copy of `tests/fixtures/<name>` and the repository's templates in a temporary directory.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(name: &str) -> Self {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &manifest.join("tests/fixtures").join(name).join("content"),
            &dir.path().join("content"),
        );
        copy_tree(
            &manifest.join("../templates"),
            &dir.path().join("templates"),
        );
        Fixture { dir }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("content/config.toml")
    }

    fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.dir.path().join(relative), text).unwrap();
    }

    fn build_into(&self, output: &str) -> Result<PathBuf, String> {
        let out = self.dir.path().join(output);
        let site = Site::load(&self.config()).map_err(|e| e.to_string())?;
        build(&site, &out, date(), &|_, _| {}).map_err(|e| e.to_string())?;
        Ok(out)
    }

    fn build(&self) -> PathBuf {
        self.build_into("public")
            .unwrap_or_else(|e| panic!("build failed:\n{e}"))
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn read(root: &Path, relative: &str) -> String {
    std::fs::read_to_string(root.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Every file under `root` with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

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

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let fixture = Fixture::new("basic");
    let a = fixture.build_into("a").unwrap();
    let b = fixture.build_into("b").unwrap();
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn pages_load_nothing_from_other_hosts_and_have_no_inline_code() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    for (path, bytes) in tree(&out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes).unwrap();
        for external in [
            r#"src="http"#,
            r#"<link rel="stylesheet" href="http"#,
            "url(http",
            r#"src="//"#,
        ] {
            assert!(!html.contains(external), "{path} loads from another host");
        }
        assert!(
            !html.contains(" style=\"") && !html.contains("<style"),
            "{path} has inline style"
        );
        for script in html.match_indices("<script") {
            let tag = &html[script.0..html[script.0..].find('>').unwrap() + script.0];
            assert!(
                tag.contains(" src=\"/"),
                "{path} has an inline script: {tag}"
            );
        }
    }
}

#[test]
fn internal_links_and_anchors_all_resolve() {
    let fixture = Fixture::new("basic");
    fixture.write(
        "templates/static/kunci.txt",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n",
    );
    let site = Site::load(&fixture.config()).unwrap();
    let (pages, _) = csirt_site::check::check_site(&site, date()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pages, site.content.pages.len());
    // Broken links are found, each named with its page.
    fixture.write(
        "content/panduan.md",
        "+++\ntitle = \"Panduan\"\n+++\n[x](/tidak-ada/) [y](/lapor/#tidak-ada)\n",
    );
    std::fs::remove_file(fixture.dir.path().join("templates/static/kunci.txt")).unwrap();
    let site = Site::load(&fixture.config()).unwrap();
    let problems: Vec<String> = csirt_site::check::check_site(&site, date())
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("panduan/index.html: links to /tidak-ada/")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("no #tidak-ada")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("/kunci.txt")),
        "{problems:#?}"
    );
}

#[test]
fn a_broken_page_fails_the_build_naming_file_and_line_and_keeps_the_old_site() {
    let fixture = Fixture::new("basic");
    let out = fixture.build();
    let before = tree(&out);
    fixture.write(
        "content/panduan.md",
        "+++\ntitle = \"Panduan\"\nweight = \"berat\"\n+++\nIsi.\n",
    );
    fixture.write(
        "content/status.md",
        "+++\ntitle = \"Status\"\ntemplate = \"tidak-ada.html\"\n+++\n",
    );
    let error = fixture.build_into("public").unwrap_err();
    assert!(error.contains("panduan.md:3:"), "{error}");
    let error_after_fix = {
        fixture.write(
            "content/panduan.md",
            "+++\ntitle = \"Panduan\"\n+++\nIsi.\n",
        );
        fixture.build_into("public").unwrap_err()
    };
    assert!(
        error_after_fix.contains("status.md") && error_after_fix.contains("tidak-ada.html"),
        "{error_after_fix}"
    );
    assert_eq!(tree(&out), before, "a failed build changed the site");
}

#[test]
fn a_broken_template_is_named() {
    let fixture = Fixture::new("basic");
    fixture.write("templates/site/page.html", "{% extends \"base.html\" %}{% block content %}{{ page.title | nosuchfilter }}{% endblock content %}");
    let error = fixture.build_into("public").unwrap_err();
    assert!(error.contains("page.html"), "{error}");
}

#[test]
fn a_closed_case_updates_only_the_case_pages_and_matches_a_full_build() {
    let fixture = Fixture::new("basic");
    let out = fixture.dir.path().join("public");
    let (_, kind) =
        csirt_site::build_updating(&fixture.config(), &out, date(), &|_, _| {}).unwrap();
    assert_eq!(kind, csirt_site::BuildKind::Full);
    let before = tree(&out);
    // One more case closed: the export gains a Hall of Fame entry and a count.
    fixture.write(
        "content/export.json",
        r#"{"hall_of_fame": [{"alias": "ayu_w", "closed_on": "2026-11-20", "incident_class": "fraud"}, {"alias": "budi_s", "closed_on": "2026-10-02", "incident_class": "intrusions"}], "closed_by_class": {"intrusions": 3, "fraud": 2}}"#,
    );
    let (report, kind) =
        csirt_site::build_updating(&fixture.config(), &out, date(), &|_, _| {}).unwrap();
    assert_eq!(kind, csirt_site::BuildKind::ExportOnly);
    assert_eq!(
        report.pages, 4,
        "Hall of Fame and statistics, in both languages"
    );
    let after = tree(&out);
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(
        changed,
        [
            "en/hall-of-fame/index.html",
            "en/statistics/index.html",
            "hall-of-fame/index.html",
            "statistik/index.html"
        ]
    );
    assert!(read(&out, "hall-of-fame/index.html").contains("ayu_w"));
    let mode = |path: &str| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(out.join(path))
            .unwrap()
            .permissions()
            .mode()
    };
    assert_eq!(
        mode("hall-of-fame/index.html"),
        mode("index.html"),
        "an updated page is as readable as the others"
    );
    // The update equals what a full build of the same input writes.
    let full = fixture.build_into("full").unwrap();
    assert_eq!(tree(&full), after);
    // A content change makes the next build a full one again.
    fixture.write(
        "content/panduan.md",
        "+++\ntitle = \"Panduan baru\"\n+++\nIsi.\n",
    );
    let (_, kind) =
        csirt_site::build_updating(&fixture.config(), &out, date(), &|_, _| {}).unwrap();
    assert_eq!(kind, csirt_site::BuildKind::Full);
    assert!(read(&out, "panduan/index.html").contains("Panduan baru"));
}

#[test]
fn every_shipped_sop_profile_renders_its_steps_in_both_languages() {
    for (id, _) in csirt_domain::sop::BUILTIN {
        let fixture = Fixture::new("basic");
        let config = fixture.dir.path().join("content/config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        fixture.write(
            "content/config.toml",
            &text.replace(
                "sop_profile = \"kukar\"",
                &format!("sop_profile = \"{id}\""),
            ),
        );
        let out = fixture.build();
        let profile = csirt_domain::sop::SopProfile::builtin(id).unwrap();
        for (page, lang) in [
            ("sop/index.html", csirt_domain::lang::Lang::Id),
            ("en/sop/index.html", csirt_domain::lang::Lang::En),
        ] {
            let html = read(&out, page);
            assert_eq!(
                html.matches("<tr><td>").count(),
                profile.steps.len(),
                "{id} {page}: one table row per step"
            );
            let title = profile.document.title.get(lang);
            assert!(
                html.contains(&csirt_site::templates::escape_markup(title)),
                "{id} {page}: {title}"
            );
            for step in &profile.steps {
                if let Some(time) = step.time_standard {
                    assert!(
                        html.contains(&time.in_language(lang)),
                        "{id} {page}: step {} time",
                        step.number
                    );
                }
            }
        }
    }
}
