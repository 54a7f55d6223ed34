//! Maluku Utara's procedure: the queue by priority, two sub-teams on each of steps 5 and 6, escalation to BSSN.

use super::publish_and_check;
use crate::seeds::*;
use serde_json::Value;

const NETWORK: &str = "Sub Tim Jaringan dan Server";
const SECURITY: &str = "Sub Tim Keamanan Informasi";
const WEBSITE: &str = "Sub Tim Website Administrator dan Aplikasi";

#[tokio::test]
async fn maluku_utara_queues_by_priority_and_escalates_to_bssn() {
    let site = SeedSite::new("malut");
    let code = site
        .submit("nusa_ternate", "intrusions", "application-compromise")
        .await;
    let other = site.submit("pelapor_kedua", "fraud", "phishing").await;
    assert!(code.starts_with("MALUT-"), "{code}");
    let c = code.as_str();
    // The coordinator's queue sheet: both open; after classification the critical case leads.
    for case in [c, other.as_str()] {
        site.step(&["start-verification", case]);
        site.step(&["verify", case, "--valid"]);
    }
    site.step(&[
        "classify",
        other.as_str(),
        "--class",
        "fraud",
        "--type",
        "phishing",
        "--priority",
        "low",
    ]);
    site.step(&[
        "classify",
        c,
        "--class",
        "intrusions",
        "--type",
        "application-compromise",
        "--priority",
        "critical",
    ]);
    let queue: Value = serde_json::from_str(&site.csirt(&["case", "queue", "--json"])).unwrap();
    let codes: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, [c, other.as_str()], "critical before low");
    // Steps 5 and 6 name two sub-teams each: the chair assigns all four, none replacing another, and each
    // sub-team finds the case in its own queue (the other case is no sub-team's).
    let mut assigned = Value::Null;
    for (sub_team, step) in [
        (NETWORK, "5"),
        (SECURITY, "5"),
        (NETWORK, "6"),
        (WEBSITE, "6"),
    ] {
        assigned = site.step(&["assign", c, "--to", sub_team, "--step", step]);
    }
    assert_eq!(
        assigned["assignees"],
        serde_json::json!([
            { "assignee": NETWORK, "step": 5 },
            { "assignee": SECURITY, "step": 5 },
            { "assignee": NETWORK, "step": 6 },
            { "assignee": WEBSITE, "step": 6 },
        ])
    );
    for sub_team in [NETWORK, SECURITY, WEBSITE] {
        let queue: Value =
            serde_json::from_str(&site.csirt(&["case", "queue", "--assignee", sub_team, "--json"]))
                .unwrap();
        let codes: Vec<&str> = queue
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, [c], "{sub_team}'s queue");
    }
    // The reporter is never told who handles the case.
    let status = site.status(c).await.to_string();
    for sub_team in [NETWORK, SECURITY, WEBSITE] {
        assert!(!status.contains(sub_team), "{sub_team} on the status page");
    }
    // Then the chair decides to escalate to BSSN.
    let escalated = site.step(&["escalate", c, "--to", "bssn"]);
    assert_eq!(escalated["escalations"][0]["partner_name"], "BSSN");
    site.issue(c, "escalation-report");
    site.step(&[
        "escalation-answer",
        c,
        "1",
        "--text",
        "BSSN membantu forensik server",
    ]);
    site.step(&["handle", c]);
    site.step(&["action", c, "--note", "Server dipulihkan dari cadangan"]);
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Eksploitasi celah CMS.",
        "--recommendations",
        "Perbarui CMS secara berkala.",
    ]);
    site.step(&[
        "summary",
        c,
        "--text",
        "Celah CMS situs dinas dieksploitasi; server dipulihkan bersama BSSN.",
    ]);
    site.issue(c, "analysis-report");
    site.step(&["resolve", c, "--summary", "Selesai ditangani bersama BSSN."]);
    site.issue(c, "final-report");
    // Closing the queue entry with status "closed".
    site.step(&["close", c, "--hall-of-fame"]);
    let queue: Value = serde_json::from_str(&site.csirt(&["case", "queue", "--json"])).unwrap();
    assert_eq!(
        queue.as_array().unwrap().len(),
        1,
        "the closed case left the queue"
    );
    publish_and_check(&site, c, "nusa_ternate").await;
}
