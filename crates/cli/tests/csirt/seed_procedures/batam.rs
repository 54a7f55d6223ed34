//! Batam's procedure, from the report to the final report.

use super::{publish_and_check, state};
use crate::seeds::*;

#[tokio::test]
async fn batam_walks_its_sop_to_the_final_report() {
    let site = SeedSite::new("batam");
    let code = site
        .submit("penjaga_batam", "intrusions", "application-compromise")
        .await;
    assert!(code.starts_with("BTM-"), "{code}");
    let c = code.as_str();
    // Step 2 (receive and forward), step 3 (verify: identity, incident type, server location, system log).
    assert_eq!(state(&site.step(&["start-verification", c])), "verifying");
    assert_eq!(state(&site.step(&["verify", c, "--valid"])), "valid");
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
    // Step 4: the mitigation strategy — deactivate the domain, maintenance page, back up the data.
    for kind in ["suspend-domain", "maintenance-page", "backup-data"] {
        site.step(&[
            "mitigate",
            c,
            "--kind",
            kind,
            "--detail",
            "dinas.contoh.go.id",
        ]);
    }
    for item in ["1", "2", "3"] {
        site.step(&["mitigation", c, item, "--status", "done"]);
    }
    // Step 5: handling; not done in 3 days, so coordination with KEPRIPROV-CSIRT.
    assert_eq!(
        state(&site.step(&["handle", c, "--note", "Pemeriksaan berkas situs"])),
        "handling"
    );
    site.step(&[
        "action",
        c,
        "--note",
        "Berkas PHP asing ditemukan dan dikarantina",
    ]);
    let escalated = site.step(&[
        "escalate",
        c,
        "--to",
        "provincial",
        "--request",
        "Mohon dukungan analisis",
    ]);
    assert_eq!(state(&escalated), "escalated");
    assert_eq!(
        escalated["escalations"][0]["partner_name"],
        "KEPRIPROV-CSIRT"
    );
    site.step(&[
        "escalation-answer",
        c,
        "1",
        "--text",
        "Celah pada plugin unggah berkas; perbarui CMS",
    ]);
    site.issue(c, "escalation-report");
    site.step(&["handle", c]);
    // Step 6: the analysis and recommendations report, to the province, BSSN and the agency.
    let reported = site.step(&[
        "analysis",
        c,
        "--analysis",
        "Penyerang mengunggah web shell melalui plugin unggah berkas yang usang.",
        "--recommendations",
        "Perbarui CMS dan plugin, ganti semua kata sandi admin, aktifkan WAF.",
    ]);
    assert_eq!(state(&reported), "reported");
    // The team's summary for the agency, from a file.
    let summary = site.path("ringkasan.txt");
    std::fs::write(
        &summary,
        "Web shell diunggah melalui plugin unggah berkas yang usang pada situs dinas.\n",
    )
    .unwrap();
    let summarised = site.step(&["summary", c, "--file", summary.to_str().unwrap()]);
    assert_eq!(state(&summarised), "reported", "a summary moves nothing");
    site.issue(c, "analysis-report");
    site.issue(c, "notification-letter");
    // Steps 7-9: follow-up with the application's developer.
    assert_eq!(
        state(&site.step(&[
            "follow-up",
            c,
            "--note",
            "Koordinasi dengan pengembang aplikasi"
        ])),
        "follow_up"
    );
    site.step(&[
        "action",
        c,
        "--note",
        "Pengembang memperbarui CMS dan menutup celah",
    ]);
    // Step 10: the final handling report.
    site.step(&["resolve", c, "--summary", "Situs pulih dan celah ditutup."]);
    site.issue(c, "final-report");
    site.issue(c, "certificate-of-appreciation");
    let closed = site.step(&["close", c, "--hall-of-fame"]);
    assert_eq!(state(&closed), "closed");
    assert_eq!(closed["documents"].as_array().unwrap().len(), 5);
    publish_and_check(&site, c, "penjaga_batam").await;
}
