//! End to end, one test per seed procedure: a report filed through the intake function is walked by `csirt`
//! through every step of that team's SOP, its documents are issued, it is closed with the reporter named in
//! the Hall of Fame, and the site is published. Then the alias is on the rebuilt Hall of Fame page, the status
//! lookup says closed, the reporter's personal data and the description appear nowhere in the site, and every step of
//! the table with a time standard that the case went through was clocked and done within it.

use super::seeds::*;
use chrono::{DateTime, Utc};
use csirt_domain::sop::{BUILTIN, SopProfile, is_clocked};
use serde_json::Value;

/// The case's state after a step.
fn state(case: &Value) -> &str {
    case["state"].as_str().unwrap()
}

/// The time standards of the seed's table, checked on the walked case as `csirt case show` gives its clock: every
/// clocked step of each state the case went through is on the clock, completed, not overdue, and due exactly its
/// own standard in the team's working time after its own start.
fn assert_steps_within_standards(site: &SeedSite, code: &str) {
    let shown: Value =
        serde_json::from_str(&site.csirt(&["case", "show", code, "--json"])).unwrap();
    let profile = BUILTIN
        .iter()
        .map(|(id, _)| SopProfile::builtin(id).unwrap())
        .find(|p| code.starts_with(&format!("{}-", p.tracking_prefix.as_str())))
        .unwrap();
    let calendar = profile.calendar().unwrap();
    let visited: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["to"].as_str().unwrap())
        .collect();
    let clocked = shown["clock"]["steps"].as_array().unwrap();
    let time = |entry: &Value, key: &str| -> DateTime<Utc> {
        entry[key].as_str().unwrap().parse().unwrap()
    };
    let mut checked = 0;
    for step in profile.steps.iter().filter(|s| is_clocked(s)) {
        let state = serde_json::to_value(step.state).unwrap();
        if !visited.contains(&state.as_str().unwrap()) {
            continue;
        }
        let standard = step.time_standard.unwrap();
        let runs: Vec<&Value> = clocked
            .iter()
            .filter(|entry| entry["step"] == step.number)
            .collect();
        assert!(
            !runs.is_empty(),
            "{}: step {} is not on the clock",
            profile.id,
            step.number
        );
        for run in runs {
            assert_eq!(
                run["overdue"], false,
                "{}: step {} ({standard})",
                profile.id, step.number
            );
            assert!(
                run["completed_at"].is_string(),
                "{}: step {} is done",
                profile.id,
                step.number
            );
            let minutes = standard.working_minutes(calendar.day_minutes());
            assert_eq!(
                time(run, "due_at"),
                calendar.add_working_minutes(time(run, "started_at"), minutes),
                "{}: step {} is due {standard} of working time after its start",
                profile.id,
                step.number
            );
            checked += 1;
        }
    }
    let standards = profile.steps.iter().filter(|s| is_clocked(s)).count();
    assert!(
        standards == 0 || checked > 0,
        "{}: no clocked step of the table was checked",
        profile.id
    );
}

/// Publishes, then checks what the reporter and the public see, and the case's clock against the seed's table.
async fn publish_and_check(site: &SeedSite, code: &str, alias: &str) {
    assert_steps_within_standards(site, code);
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
