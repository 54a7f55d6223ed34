//! `csirt breach-scope` as staff run it on a seed site: the reporter of a report filed through the intake is
//! listed for a window around it with whom to notify and where their data is, and not for a window before it;
//! a time that cannot be read or an empty window is a usage error; a role the SOP does not give it is refused.

use serde_json::Value;

use super::seeds::*;

#[tokio::test(flavor = "multi_thread")]
async fn breach_scope_lists_the_reporter_held_in_the_window_and_whom_to_notify() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("sutrisno_w", "intrusions", "application-compromise")
        .await;
    let text = site.csirt(&["breach-scope", "--since", "2000-01-01"]);
    assert!(text.contains("1 case(s)"), "{text}");
    assert!(text.contains(&code), "{text}");
    assert!(
        text.contains(&format!("notify: {NAME}, {EMAIL}, {}", PHONE[1])),
        "{text}"
    );
    assert!(text.contains("  where: SQLite database "), "{text}");
    assert!(text.contains("backups of the embedded store"), "{text}");

    let listed: Value = serde_json::from_str(&site.csirt(&[
        "breach-scope",
        "--since",
        "2000-01-01T00:00:00Z",
        "--until",
        "2100-01-01 00:00",
        "--json",
    ]))
    .unwrap();
    let case = &listed["cases"][0];
    assert_eq!(case["code"], code.as_str());
    assert_eq!(case["held"]["email"], true);
    assert_eq!(case["contact"]["email"], EMAIL);
    assert_eq!(case["places"][0]["kind"], "store");

    let before: Value = serde_json::from_str(&site.csirt(&[
        "breach-scope",
        "--since",
        "2000-01-01",
        "--until",
        "2000-01-02",
        "--json",
    ]))
    .unwrap();
    assert_eq!(before["cases"].as_array().unwrap().len(), 0, "{before}");

    for (args, expected) in [
        (
            vec!["breach-scope", "--since", "kemarin"],
            "--since \"kemarin\": not a time",
        ),
        (
            vec![
                "breach-scope",
                "--since",
                "2026-01-02",
                "--until",
                "2026-01-01",
            ],
            "is not after --since",
        ),
    ] {
        let out = site.csirt_output(&args);
        let error = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {error}");
        assert!(error.contains(expected), "{error}");
    }

    // Tegal gives the listing to diskominfo: without it the operator is refused, nothing printed.
    site.csirt(&["staff", "revoke", OPERATOR, "diskominfo"]);
    let out = site.csirt_output(&["breach-scope", "--since", "2000-01-01"]);
    let error = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{error}");
    assert!(
        error.contains("`breach_scope` to diskominfo only"),
        "{error}"
    );
    assert!(out.stdout.is_empty());

    // The audit log has the three listings by their codes (one found nothing), and nothing of the reporter's.
    let log = site.csirt(&["audit", "log"]);
    assert_eq!(log.matches("breach_scope").count(), 3, "{log}");
    assert!(!log.contains(EMAIL) && !log.contains(NAME), "{log}");
}
