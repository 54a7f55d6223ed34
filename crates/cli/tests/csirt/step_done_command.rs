//! `csirt case step CODE N --done` and the per-step clock `csirt case show` prints: a report recorded with its
//! arrival on a Friday at 15:55 has its first step due on Monday; marking step 1 done starts step 2; a step done
//! already, of another state, or without `--done` is refused and nothing is written.

use super::seeds::*;
use serde_json::Value;

fn show(site: &SeedSite, code: &str) -> Value {
    serde_json::from_str(&site.csirt(&["case", "show", code, "--json"])).unwrap()
}

#[test]
fn a_step_marked_done_starts_the_next_and_is_not_marked_twice() {
    let site = SeedSite::new("tegal");
    let report = site.path("laporan.json");
    std::fs::write(
        &report,
        serde_json::json!({
            "reporter_name": NAME,
            "reporter_phone": PHONE[0],
            "reporter_kind": "agency",
            "reporter_organisation": "Dinas Kesehatan",
            "incident_class": "fraud",
            "incident_type": "phishing",
            "description": DESCRIPTION,
            "affected_application": "SIMPEG",
        })
        .to_string(),
    )
    .unwrap();
    // Friday 20 November 2026, 15:55 WIB.
    let out: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "record",
        "--channel",
        "email",
        "--from",
        report.to_str().unwrap(),
        "--received-at",
        "2026-11-20T08:55:00Z",
        "--json",
    ]))
    .unwrap();
    let code = out["tracking_code"].as_str().unwrap().to_owned();
    // The procedure says which change completes a step that shares its state with the next.
    let shown = std::process::Command::new(env!("CARGO_BIN_EXE_csirt"))
        .args(["sop", "show", "tegal", "--lang", "en"])
        .output()
        .unwrap();
    assert!(shown.status.success());
    let sop = String::from_utf8(shown.stdout).unwrap();
    assert!(
        sop.contains("state: handling   time: 10-30 menit\n    actors: Cyber Incident Handling Team (TegalKab-CSIRT)\n    completed by: record_action"),
        "{sop}"
    );

    // Step 1 (10 minutes) runs from the arrival: five minutes on Friday, five on Monday from 08:00 WIB.
    let shown = show(&site, &code);
    let steps = shown["clock"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "step 2 has not started: {steps:?}");
    assert_eq!(steps[0]["step"], 1);
    assert_eq!(steps[0]["started_at"], "2026-11-20T08:55:00Z");
    assert_eq!(steps[0]["due_at"], "2026-11-23T01:05:00Z");
    assert_eq!(steps[0]["overdue"], true);
    let text = site.csirt(&["case", "show", &code]);
    assert!(
        text.contains("  step  1 received    started 2026-11-20 15:55, due 2026-11-23 08:05 (current)  OVERDUE"),
        "{text}"
    );

    let done = site.csirt(&["case", "step", &code, "1", "--done"]);
    assert!(
        done.contains(&format!("{code}: step 1 done (received)")),
        "{done}"
    );
    let shown = show(&site, &code);
    let steps = shown["clock"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{steps:?}");
    let completed = steps[0]["completed_at"].as_str().unwrap();
    assert_eq!(steps[1]["step"], 2);
    assert_eq!(
        steps[1]["started_at"], completed,
        "step 2 starts when step 1 is done"
    );
    assert_eq!(steps[1]["completed_at"], Value::Null);
    let events = shown["events"].as_array().unwrap();
    assert_eq!(events.last().unwrap()["change"]["action"], "complete_step");
    assert_eq!(events.last().unwrap()["actor"]["name"], OPERATOR);

    let again = site.csirt_fails(&["case", "step", &code, "1", "--done"]);
    assert!(again.contains("step 1 is already done"), "{again}");
    let elsewhere = site.csirt_fails(&["case", "step", &code, "3", "--done"]);
    assert!(
        elsewhere.contains("step 3 is done in `verifying`; the case is in `received`"),
        "{elsewhere}"
    );
    let without = site.csirt_fails(&["case", "step", &code, "2"]);
    assert!(without.contains("--done"), "{without}");
    assert_eq!(
        show(&site, &code)["events"].as_array().unwrap().len(),
        events.len(),
        "refusals wrote nothing"
    );
}
