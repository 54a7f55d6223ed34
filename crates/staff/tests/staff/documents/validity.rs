//! Every kind of document, rendered for a case whose reporter typed markup, is valid HTML under the W3C Nu HTML
//! Checker.

use super::*;

#[test]
fn every_document_passes_the_nu_html_checker() {
    let case = named_case();
    let config = shipped_config();
    let pages: Vec<(String, String)> = ALL
        .into_iter()
        .map(|kind| {
            let html = render_with(kind, &case, &config, &profile("tegal"))
                .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            (format!("{kind:?}"), html)
        })
        .collect();
    csirt_test_kit::nu_checker::assert_valid_html(&pages);
}
