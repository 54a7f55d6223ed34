//! Every kind of document, rendered for a case whose reporter typed markup, is valid HTML under the W3C Nu HTML
//! Checker; so are the documents to the system owner that include the reporter's description by the team's
//! choice.

use super::*;

#[test]
fn every_document_passes_the_nu_html_checker() {
    let case = named_case();
    let config = shipped_config();
    let chosen = walk(named_case(), vec![summary(SUMMARY, true)]);
    let mut pages: Vec<(String, String)> = ALL
        .into_iter()
        .map(|kind| {
            let html = render_with(kind, &case, &config, &profile("tegal"))
                .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            (format!("{kind:?}"), html)
        })
        .collect();
    for kind in ALL.into_iter().filter(|kind| kind.is_for_system_owner()) {
        let html = render_with(kind, &chosen, &config, &profile("tegal"))
            .unwrap_or_else(|e| panic!("{kind:?} with the reporter's description: {e}"));
        pages.push((format!("{kind:?} with the reporter's description"), html));
    }
    csirt_test_kit::nu_checker::assert_valid_html(&pages);
}
