//! A restricted team (`[publication] restricted = true`, as Maluku Utara's SOP has it): no Hall of Fame, no
//! statistics, no link to either, no `Acknowledgments` in security.txt; and a page whose text links to one is
//! refused, naming the file and line.

use csirt_site::check::check_site;

use super::*;

/// The pages showing case data in the `basic` fixture, as built files.
const CASE_PAGES: [&str; 4] = [
    "hall-of-fame/index.html",
    "en/hall-of-fame/index.html",
    "statistik/index.html",
    "en/statistics/index.html",
];

/// `fixture` with `[publication] restricted = true` in its team file (the shipped one says `false`; the `basic`
/// fixture has no such table).
fn restrict(fixture: &Fixture) {
    let config = fixture.config();
    let text = std::fs::read_to_string(&config).unwrap();
    let restricted = if text.contains("[publication]\nrestricted = false\n") {
        text.replace(
            "[publication]\nrestricted = false\n",
            "[publication]\nrestricted = true\n",
        )
    } else {
        assert!(!text.contains("[publication]"));
        format!("{text}\n[publication]\nrestricted = true\n")
    };
    std::fs::write(&config, restricted).unwrap();
}

#[test]
fn a_restricted_site_has_no_hall_of_fame_statistics_or_links_to_them() {
    let open_fixture = Fixture::new("basic");
    let open = open_fixture.build();
    for page in CASE_PAGES {
        assert!(open.join(page).is_file(), "the open site has {page}");
    }
    assert!(read(&open, ".well-known/security.txt").contains("Acknowledgments: "));
    assert!(read(&open, "lapor/index.html").contains("hall_of_fame_consent"));

    let fixture = Fixture::new("basic");
    restrict(&fixture);
    // The fixture names a key file it does not have; without it, every link of the site resolves.
    let config = std::fs::read_to_string(fixture.config()).unwrap();
    assert!(config.contains("encryption = \"/kunci.txt\"\n"));
    fixture.write(
        "content/config.toml",
        &config.replace("encryption = \"/kunci.txt\"\n", ""),
    );
    let out = fixture.build();
    for dir in [
        "hall-of-fame",
        "en/hall-of-fame",
        "statistik",
        "en/statistics",
    ] {
        assert!(!out.join(dir).exists(), "{dir} is not built");
    }
    let files = tree(&out);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for target in ["/hall-of-fame", "/statistik", "/statistics"] {
            assert!(
                !text.contains(&format!("{target}/")) && !text.contains(&format!("{target}\"")),
                "{path} names {target}"
            );
        }
    }
    assert!(files.contains_key("index.html") && files.contains_key("sitemap.xml"));
    let security_txt = read(&out, ".well-known/security.txt");
    assert!(!security_txt.contains("Acknowledgments"), "{security_txt}");
    assert!(security_txt.contains("Contact: mailto:"), "{security_txt}");
    // The report form asks for no Hall of Fame consent the site would not honour.
    let form = read(&out, "lapor/index.html");
    assert!(!form.contains("hall_of_fame"), "the form asks for an alias");
    assert!(form.contains("name=\"tlp\""));
    // Without those fields the form and the home page are still valid HTML.
    csirt_test_kit::nu_checker::assert_valid_html(&[
        ("lapor".to_owned(), form),
        ("index".to_owned(), read(&out, "index.html")),
    ]);

    // `csirt check`'s site part: every internal link resolves.
    let site = Site::load(&fixture.config()).unwrap();
    assert!(
        site.content
            .pages
            .iter()
            .all(|p| !["hall_of_fame.html", "statistics.html"].contains(&p.template()))
    );
    let (pages, _) = check_site(&site, date()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pages, site.content.pages.len());
}

#[test]
fn a_page_linking_a_withheld_page_is_refused_with_its_file_and_line() {
    let fixture = Fixture::new("basic");
    restrict(&fixture);
    let home = fixture.dir.path().join("content/_index.md");
    let text = std::fs::read_to_string(&home).unwrap();
    let line = text.lines().count() + 2;
    fixture.write(
        "content/_index.md",
        &format!("{text}\nLihat [Hall of Fame](/hall-of-fame/).\n"),
    );
    fixture.write(
        "content/panduan.en.md",
        &format!(
            "{}\nSee the [statistics](/en/statistics/#2026).\n",
            read(fixture.dir.path(), "content/panduan.en.md")
        ),
    );
    let error = fixture.build_into("public").unwrap_err();
    assert!(
        error.contains(&format!(
            "_index.md:{line}: links to /hall-of-fame/ (hall-of-fame.md)"
        )),
        "{error}"
    );
    assert!(
        error.contains("panduan.en.md:") && error.contains("links to /en/statistics/#2026"),
        "{error}"
    );
    assert!(error.contains("[publication] restricted = true"), "{error}");
    assert!(
        !fixture.dir.path().join("public").exists(),
        "nothing is built"
    );
}

#[test]
fn the_shipped_content_names_every_link_a_restricted_team_must_remove() {
    let fixture = Fixture::shipped();
    restrict(&fixture);
    let error = fixture.build_into("public").unwrap_err();
    for file in [
        "_index.md",
        "_index.en.md",
        "kebijakan-pengungkapan.md",
        "kebijakan-pengungkapan.en.md",
        "lapor.md",
        "lapor.en.md",
        "panduan-pelaporan.md",
        "panduan-pelaporan.en.md",
    ] {
        assert!(
            error.contains(&format!("\n{file}:")) || error.starts_with(&format!("{file}:")),
            "{file}: {error}"
        );
    }
    assert!(
        error.contains("\n_index.md:36: links to /statistik/ (statistik.md)"),
        "{error}"
    );
    assert!(!error.contains("sop.md"), "{error}");
}
