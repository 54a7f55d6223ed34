//! An advisory's front matter may name the cases it came from by register number (`cases = ["2026/0042"]`):
//! checked for its form, and published nowhere.

use super::*;

/// The `basic` fixture with `front` added to the front matter of `page` (a file under `content/`).
fn with_front(fixture: &Fixture, page: &str, front: &str) {
    let relative = format!("content/{page}");
    let text = read(fixture.dir.path(), &relative);
    let (opening, rest) = text.split_at(4);
    assert_eq!(opening, "+++\n");
    fixture.write(&relative, &format!("+++\n{front}\n{rest}"));
}

#[test]
fn the_cases_an_advisory_names_are_published_nowhere() {
    let fixture = Fixture::new("basic");
    with_front(
        &fixture,
        "peringatan/judi.md",
        "cases = [\"2026/0042\", \"2026/0107\"]",
    );
    with_front(&fixture, "peringatan/judi.en.md", "cases = [\"2026/0042\"]");
    let site = Site::load(&fixture.config()).unwrap();
    let judi = site
        .content
        .pages
        .iter()
        .find(|p| p.source == Path::new("peringatan/judi.md"))
        .unwrap();
    assert_eq!(judi.front.cases.len(), 2);
    assert_eq!(judi.front.cases[1].to_string(), "2026/0107");
    let out = fixture.build();
    let files = tree(&out);
    assert!(read(&out, "peringatan/judi/index.html").contains("Halaman judi online"));
    assert!(
        files
            .keys()
            .any(|path| path.starts_with(".well-known/csaf/")),
        "the TLP:CLEAR advisory is published as CSAF too"
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for shown in ["2026/0042", "2026/0107", "0042", "0107"] {
            assert!(!text.contains(shown), "{path} shows {shown}");
        }
    }
}

#[test]
fn a_tracking_code_or_a_malformed_number_is_refused_naming_file_and_line() {
    for bad in ["TGL-7K3M-9QXD", "2026/42", "42"] {
        let fixture = Fixture::new("basic");
        with_front(
            &fixture,
            "peringatan/judi.md",
            &format!("cases = [\"{bad}\"]"),
        );
        let error = fixture.build_into("public").unwrap_err();
        assert!(
            error.contains("peringatan/judi.md:2: front matter:"),
            "{error}"
        );
        assert!(error.contains("not a case register number"), "{error}");
        assert!(!fixture.dir.path().join("public").exists());
    }
}

#[test]
fn only_an_advisory_names_cases() {
    let fixture = Fixture::new("basic");
    with_front(&fixture, "lapor.md", "cases = [\"2026/0042\"]");
    with_front(&fixture, "peringatan/_index.md", "cases = [\"2026/0042\"]");
    let error = fixture.build_into("public").unwrap_err();
    for file in ["lapor.md", "peringatan/_index.md"] {
        assert!(
            error.contains(&format!("{file}: front matter: cases: only an advisory")),
            "{file}: {error}"
        );
    }
}
