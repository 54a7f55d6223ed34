//! The site as shipped, checked for what HTML validators and readers found: no bold paragraph standing in for
//! a heading, no empty heading, every machine-readable time valid (at most three fraction digits), and every
//! page valid under the W3C Nu HTML Checker.

use super::*;

/// Every HTML page of the shipped site, built: (path, text).
fn shipped_pages() -> Vec<(String, String)> {
    let fixture = Fixture::shipped();
    let out = fixture.build();
    tree(&out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn the_shipped_pages_use_real_headings_and_valid_times() {
    let pages = shipped_pages();
    assert!(pages.len() >= 20, "{} pages", pages.len());
    for (path, html) in &pages {
        // A paragraph that is nothing but bold text is a heading in disguise.
        for (start, _) in html.match_indices("<p><strong>") {
            let rest = &html[start + "<p><strong>".len()..];
            let paragraph = &rest[..rest.find("</p>").unwrap()];
            assert!(
                !(paragraph.ends_with("</strong>") && paragraph.matches("</strong>").count() == 1),
                "{path}: a bold paragraph as a heading: <p><strong>{paragraph}</p>"
            );
        }
        for level in 1..=6 {
            for (close, _) in html.match_indices(&format!("</h{level}>")) {
                let open = html[..close].rfind(&format!("<h{level}")).unwrap();
                let content_start = open + html[open..close].find('>').unwrap() + 1;
                assert!(
                    !html[content_start..close].trim().is_empty(),
                    "{path}: an empty heading: {}",
                    &html[open..close]
                );
            }
        }
        for (i, _) in html.match_indices("datetime=\"") {
            let value = &html[i + 10..];
            let value = &value[..value.find('"').unwrap()];
            let fraction = value
                .split('.')
                .nth(1)
                .map_or(0, |f| f.chars().take_while(char::is_ascii_digit).count());
            assert!(fraction <= 3, "{path}: datetime={value:?}");
        }
    }
}

#[test]
fn every_shipped_page_passes_the_nu_html_checker() {
    let pages = shipped_pages();
    // The layout of the intake's pages is among them: its holes are text in a valid page.
    assert!(
        pages.iter().any(|(path, _)| path == "_layout/intake.html"),
        "the intake's layout is built"
    );
    csirt_test_kit::nu_checker::assert_valid_html(&pages);
}
