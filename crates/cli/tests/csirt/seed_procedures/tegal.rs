//! Tegal's procedure: mitigation, escalation to JatengProv-CSIRT, follow-up.

use super::{publish_and_check, state};
use crate::seeds::*;
use serde_json::Value;

#[tokio::test]
async fn tegal_mitigates_escalates_to_jatengprov_and_follows_up() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("relawan_slawi", "intrusions", "application-compromise")
        .await;
    assert!(code.starts_with("TGL-"), "{code}");
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
        "critical",
        "--tlp",
        "TLP:AMBER",
    ]);
    // Step 4: suspend the domain, back up the data, isolate the application, close ports.
    for kind in [
        "suspend-domain",
        "backup-data",
        "isolate-application",
        "close-ports",
    ] {
        assert_eq!(
            state(&site.step(&["mitigate", c, "--kind", kind])),
            "mitigating"
        );
    }
    let done = site.step(&["mitigation", c, "4", "--status", "done"]);
    assert_eq!(done["mitigation"][3]["status"], "done");
    // Steps 5-6: handling.
    site.step(&["handle", c]);
    site.step(&[
        "action",
        c,
        "--note",
        "Web shell dihapus, kata sandi diganti",
    ]);
    // Step 7: analysis; step 8: escalation to JatengProv-CSIRT with the report.
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Kompromi melalui kata sandi admin yang lemah.",
        "--recommendations",
        "Terapkan autentikasi dua faktor.",
    ]);
    // The analysis report goes to the agency: refused until the team writes its summary, saying how.
    let output = site.path("documents");
    let refused = site.csirt_output(&[
        "case",
        "issue",
        c,
        "analysis-report",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(3), "refused by the procedure");
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains(&format!("csirt case summary {c} --text")),
        "{message}"
    );
    site.step(&[
        "summary",
        c,
        "--text",
        "Akun admin aplikasi dinas dibobol melalui kata sandi lemah; web shell dipasang.",
    ]);
    site.issue(c, "analysis-report");
    let escalated = site.step(&["escalate", c, "--to", "provincial"]);
    assert_eq!(
        escalated["escalations"][0]["partner_name"],
        "JatengProv-CSIRT"
    );
    site.issue(c, "escalation-report");
    site.step(&[
        "escalation-answer",
        c,
        "1",
        "--text",
        "Disarankan pemindaian seluruh server OPD",
    ]);
    site.step(&[
        "analysis",
        c,
        "--analysis",
        "Kompromi melalui kata sandi admin yang lemah; server lain bersih.",
        "--recommendations",
        "Terapkan autentikasi dua faktor dan pemindaian berkala.",
    ]);
    // Steps 9-10: follow-up with the agency and the developer; step 11: done.
    site.step(&["follow-up", c]);
    site.step(&["resolve", c, "--summary", "Aplikasi kembali normal."]);
    site.issue(c, "final-report");
    // A refused step names the case, its state and what is allowed, and changes nothing.
    let refused = site.csirt_fails(&["case", "handle", c]);
    assert!(
        refused.contains(c) && refused.contains("resolved") && refused.contains("closed"),
        "{refused}"
    );
    site.step(&["close", c, "--hall-of-fame"]);
    publish_and_check(&site, c, "relawan_slawi").await;

    // The management reports count the case, and the steps it went through, without personal data.
    let by_class: Value =
        serde_json::from_str(&site.csirt(&["report", "cases", "--period", "year", "--json"]))
            .unwrap();
    assert_eq!(by_class["profile"], "tegal");
    let intrusions: Vec<&Value> = by_class["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["incident_class"] == "intrusions")
        .collect();
    assert_eq!(intrusions.len(), 1, "one year, one row per class");
    assert_eq!(intrusions[0]["received"], 1);
    assert_eq!(intrusions[0]["closed"], 1);
    let steps = site.csirt(&["report", "steps"]);
    let header = steps.lines().next().unwrap();
    assert!(header.starts_with("step,title_id,"), "{header}");
    let verification = steps.lines().find(|line| line.starts_with("3,")).unwrap();
    assert!(
        verification.contains(",30 menit,"),
        "Tegal verifies in 30 minutes: {verification}"
    );
    for secret in [NAME, EMAIL, PHONE[1], DESCRIPTION, c] {
        assert!(!steps.contains(secret) && !by_class.to_string().contains(secret));
    }
}
