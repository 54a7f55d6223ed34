//! Batam's steps 5 and 7 as the team runs them: several partners in turn while the case is escalated (the
//! vendor, then KEPRIPROV-CSIRT, then BSSN), each answered and ended on its own; escalating again from the
//! follow-up keeps the first analysis as version 1. With the IIV and personal-data deadlines that run beside.

use super::state;
use crate::seeds::*;
use serde_json::Value;

/// The queue line of `code`, as JSON.
fn queue_entry(site: &SeedSite, code: &str) -> Value {
    let queue: Value = serde_json::from_str(&site.csirt(&["case", "queue", "--json"])).unwrap();
    queue
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["code"] == code)
        .cloned()
        .unwrap()
}

/// The deadline kinds the queue lists for `code` (those not yet met).
fn pending_deadlines(site: &SeedSite, code: &str) -> Vec<String> {
    queue_entry(site, code)["deadlines"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|d| d["kind"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn batam_escalates_to_three_partners_in_turn_and_again_from_follow_up() {
    let site = SeedSite::new("batam");
    let code = site
        .submit("penjaga_batam", "intrusions", "application-compromise")
        .await;
    let c = code.as_str();
    site.step(&["start-verification", c]);
    site.step(&["verify", c, "--valid"]);
    site.step(&[
        "classify",
        c,
        "--class",
        "intrusions",
        "--type",
        "application-compromise",
        "--priority",
        "high",
    ]);
    site.step(&["handle", c, "--note", "Pemeriksaan berkas situs"]);
    // The affected system is vital infrastructure and holds personal data: both clocks start.
    let marked = site.step(&["iiv", c]);
    assert!(marked["vital_infrastructure_since"].is_string(), "{marked}");
    site.step(&["personal-data", c]);
    assert_eq!(
        pending_deadlines(&site, c),
        ["bssn_report", "data_subject_notice"]
    );
    let queue_text = site.csirt(&["case", "queue"]);
    assert!(queue_text.contains("IIV,PDP"), "{queue_text}");
    let shown = site.csirt(&["case", "show", c]);
    assert!(
        shown.contains("deadline   bssn_report due") && shown.contains("(24 h wall-clock from"),
        "{shown}"
    );
    assert!(
        shown.contains("deadline   data_subject_notice due"),
        "{shown}"
    );

    // Step 5: the vendor first, then KEPRIPROV-CSIRT, then BSSN, while the case stays escalated.
    let vendor = site.step(&[
        "escalate",
        c,
        "--to",
        "vendor",
        "--name",
        "PT Pengembang Aplikasi",
        "--request",
        "Mohon patch plugin unggah berkas",
    ]);
    assert_eq!(state(&vendor), "escalated");
    let provincial = site.step(&["escalate", c, "--to", "provincial"]);
    assert_eq!(state(&provincial), "escalated", "a second partner is added");
    site.step(&[
        "escalation-answer",
        c,
        "1",
        "--text",
        "Patch plugin dirilis versi 2.4.1",
    ]);
    site.step(&[
        "escalation-answer",
        c,
        "2",
        "--text",
        "Perbarui CMS dan periksa web shell lain",
    ]);
    assert_eq!(
        pending_deadlines(&site, c),
        ["bssn_report", "data_subject_notice"]
    );
    let bssn = site.step(&["escalate", c, "--to", "bssn"]);
    assert_eq!(state(&bssn), "escalated");
    assert_eq!(
        pending_deadlines(&site, c),
        ["data_subject_notice"],
        "the escalation to BSSN meets the IIV deadline"
    );
    site.step(&[
        "escalation-answer",
        c,
        "3",
        "--text",
        "BSSN menerima laporan dan memberi indikator kompromi",
    ]);
    site.step(&[
        "data-notice",
        c,
        "--note",
        "Surel kepada pengguna layanan dan pengendali data dinas",
    ]);
    assert!(pending_deadlines(&site, c).is_empty());
    site.step(&["escalation-end", c, "1"]);
    let ended = site.step(&[
        "escalation-end",
        c,
        "2",
        "--withdrawn",
        "--note",
        "BSSN menangani",
    ]);
    let escalations = ended["escalations"].as_array().unwrap();
    let partners: Vec<&str> = escalations
        .iter()
        .map(|e| e["partner_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        partners,
        ["PT Pengembang Aplikasi", "KEPRIPROV-CSIRT", "BSSN"]
    );
    assert_eq!(escalations[1]["ended"]["outcome"], "withdrawn");
    let refused = site.csirt_fails(&["case", "escalation-answer", c, "2", "--text", "Terlambat"]);
    assert!(
        refused.contains("escalation 2 to KEPRIPROV-CSIRT is withdrawn"),
        "{refused}"
    );
    let shown = site.csirt(&["case", "show", c]);
    for line in [
        "escalation #1 to PT Pengembang Aplikasi",
        "escalation #2 to KEPRIPROV-CSIRT",
        "escalation #3 to BSSN",
    ] {
        assert!(shown.contains(line), "{line} in\n{shown}");
    }
    assert!(shown.contains(") closed\n"), "{shown}");
    assert!(shown.contains(") withdrawn\n"), "{shown}");
    assert!(shown.contains(") answered\n"), "{shown}");
    assert!(shown.contains(": met "), "{shown}");
    site.issue(c, "escalation-report");

    // Step 6: the analysis (version 1), then the follow-up.
    site.step(&["handle", c]);
    let first = "Web shell diunggah melalui plugin unggah berkas yang usang.";
    let reported = site.step(&[
        "analysis",
        c,
        "--analysis",
        first,
        "--recommendations",
        "Perbarui CMS dan plugin.",
    ]);
    assert_eq!(state(&reported), "reported");
    site.step(&["follow-up", c, "--note", "Koordinasi dengan pengembang"]);
    // Step 7: escalate to BSSN again from the follow-up; the first analysis stays.
    let again = site.step(&[
        "escalate",
        c,
        "--to",
        "bssn",
        "--request",
        "Mohon rekomendasi lanjutan",
    ]);
    assert_eq!(state(&again), "escalated");
    assert_eq!(again["analysis"]["analysis"], first);
    site.step(&[
        "escalation-answer",
        c,
        "4",
        "--text",
        "Tambahkan WAF dan pemantauan integritas berkas",
    ]);
    let second = "Web shell diunggah melalui plugin usang; BSSN menemukan pintu belakang kedua.";
    let versioned = site.step(&[
        "analysis",
        c,
        "--analysis",
        second,
        "--recommendations",
        "Perbarui CMS, pasang WAF, pantau integritas berkas.",
    ]);
    assert_eq!(state(&versioned), "reported");
    assert_eq!(versioned["analysis"]["analysis"], second);
    assert_eq!(versioned["earlier_analyses"][0]["analysis"], first);
    let shown = site.csirt(&["case", "show", c]);
    assert!(shown.contains("analysis   v1 "), "{shown}");
    assert!(
        shown.contains("analysis   v2 ") && shown.contains("(latest, used by documents)"),
        "{shown}"
    );
    site.step(&[
        "summary",
        c,
        "--text",
        "Web shell dan pintu belakang pada situs dinas.",
    ]);
    site.issue(c, "analysis-report");
    let issued: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "issue",
        c,
        "analysis-report",
        "--output",
        site.path("documents").to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    let html = std::fs::read_to_string(issued["html"].as_str().unwrap()).unwrap();
    assert!(html.contains("pintu belakang kedua"), "the latest version");
    assert!(!html.contains(first), "not the first version");
}
