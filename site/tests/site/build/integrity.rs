//! Properties of the whole built site: reproducible, self-contained, every internal link resolving.

use super::*;

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
