//! Maluku Utara's procedure: the queue by priority, escalation to BSSN.

use super::publish_and_check;
use crate::seeds::*;
use serde_json::Value;

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
    // Sub-team, then the chair decides to escalate to BSSN.
    let assigned = site.step(&[
        "assign",
        c,
        "--to",
        "Sub Tim Website Administrator dan Aplikasi",
    ]);
    assert_eq!(
        assigned["assignee"],
        "Sub Tim Website Administrator dan Aplikasi"
    );
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
