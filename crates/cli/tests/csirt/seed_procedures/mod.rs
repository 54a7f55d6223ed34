//! End to end, one test per seed procedure: a report filed through the intake function is walked by `csirt`
//! through every step of that team's SOP, its documents are issued, it is closed with the reporter named in
//! the Hall of Fame, and the site is published. Then the alias is on the rebuilt Hall of Fame page, the status
//! lookup says closed, and the reporter's personal data and the description appear nowhere in the site.

use super::seeds::*;
use serde_json::Value;

/// The case's state after a step.
fn state(case: &Value) -> &str {
    case["state"].as_str().unwrap()
}

/// Publishes, then checks what the reporter and the public see.
async fn publish_and_check(site: &SeedSite, code: &str, alias: &str) {
    let out = site.csirt(&["publish", "--output", site.path("public").to_str().unwrap()]);
    assert!(out.contains("the site is built, not uploaded"), "{out}");
    let hall_of_fame =
        std::fs::read_to_string(site.path("public/hall-of-fame/index.html")).unwrap();
    assert!(
        hall_of_fame.contains(alias),
        "{alias} is on the Hall of Fame"
    );
    let english = std::fs::read_to_string(site.path("public/en/hall-of-fame/index.html")).unwrap();
    assert!(english.contains(alias));
    let status = site.status(code).await;
    assert_eq!(status["state"], "closed", "{status}");
    assert_eq!(status["label"], "Laporan ditutup");
    for secret in [NAME, EMAIL, PHONE[1], DESCRIPTION] {
        assert!(
            !status.to_string().contains(secret),
            "{secret} in the status lookup"
        );
    }
    assert_no_personal_data(&site.path("public"));
}

mod aws;
mod bali;
mod batam;
mod escalations;
pub(crate) mod kukar;
mod maluku_utara;
mod outputs;
pub(crate) mod signing;
mod tegal;
