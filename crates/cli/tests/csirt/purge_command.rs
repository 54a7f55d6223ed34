//! `csirt purge` and `csirt backup --into DIR --rotate` as an operator (or a timer) runs them on a seed site: a
//! dry run lists a case closed long ago and changes nothing, the purge then erases it and leaves the case closed
//! today alone; dated backups older than the team file's backup period are removed, and nothing else is.

use chrono::{TimeDelta, Utc};
use csirt_domain::report::ReportInput;
use csirt_store::backup_rotation::backup_name;
use csirt_store::{CaseStore, SqliteStore};
use serde_json::Value;

use super::seeds::*;

/// Writes into the site's store a report closed two years ago without being found valid (an old case the
/// retention schedule has long reached); its tracking code.
async fn closed_long_ago(site: &SeedSite) -> String {
    let Store::Sqlite(dir) = &site.store else {
        panic!("a SQLite seed site")
    };
    let store = SqliteStore::open(dir).unwrap();
    let received = Utc::now() - TimeDelta::days(730);
    let input = ReportInput::from_pairs([
        ("reporter_name", NAME),
        ("reporter_email", EMAIL),
        ("incident_class", "fraud"),
        ("incident_type", "phishing"),
        ("description", DESCRIPTION),
        ("affected_application", "SIMPEG"),
    ]);
    let report = csirt_test_kit::reports::parse(&input, received, 7);
    let (mut case, event) = csirt_test_kit::cases::receive("TGL", report, received);
    case.closed_at = Some(received + TimeDelta::days(1));
    store.create(&case, &event).await.unwrap();
    case.code.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_lists_an_old_case_and_the_purge_erases_it() {
    let site = SeedSite::new("tegal");
    let today = site.submit("pelapor_lama", "fraud", "phishing").await;
    let old = closed_long_ago(&site).await;

    let listed: Value =
        serde_json::from_str(&site.csirt(&["purge", "--dry-run", "--json"])).unwrap();
    assert_eq!(listed["dry_run"], true);
    let cases = listed["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "{listed}");
    assert_eq!(cases[0]["code"], old);
    assert_eq!(cases[0]["action"], "erase");
    let text = site.csirt(&["purge", "--dry-run"]);
    assert!(
        text.contains(&old)
            && text.contains("erase the case")
            && text.contains("nothing was changed"),
        "{text}"
    );
    assert!(!text.contains(NAME) && !text.contains(EMAIL), "{text}");
    site.csirt(&["case", "show", &old]);

    let purged = site.csirt(&["purge"]);
    assert!(purged.contains("1 case(s) purged"), "{purged}");
    let gone = site.csirt_output(&["case", "show", &old]);
    assert_eq!(gone.status.code(), Some(4), "no such case any more");
    site.csirt(&["case", "show", &today]);
    let log = site.csirt(&["audit", "log"]);
    assert!(log.contains("purge") && log.contains(&old), "{log}");
    assert!(!log.contains(EMAIL), "{log}");
    let again = site.csirt(&["purge"]);
    assert!(again.contains("0 case(s) purged"), "{again}");
}

#[tokio::test(flavor = "multi_thread")]
async fn dated_backups_older_than_the_backup_period_are_rotated_out() {
    let site = SeedSite::new("tegal");
    site.submit("pelapor_lama", "fraud", "phishing").await;
    let backups = site.path("backups");
    // The shipped team file keeps backups 30 days.
    let old = backups.join(backup_name(Utc::now() - TimeDelta::days(31)));
    let recent = backups.join(backup_name(Utc::now() - TimeDelta::days(29)));
    let other = backups.join("salinan-manual");
    for dir in [&old, &recent, &other] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("cases.sqlite3"), b"old").unwrap();
    }
    let data = site.path("store");
    let out = site.csirt(&[
        "backup",
        "--data-dir",
        data.to_str().unwrap(),
        "--into",
        backups.to_str().unwrap(),
        "--rotate",
    ]);
    assert!(
        out.contains("1 backup(s) older than 30 day(s) removed"),
        "{out}"
    );
    assert!(!old.exists(), "older than the period");
    assert!(recent.exists() && other.exists(), "kept");
    let written: Vec<_> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| ![&recent, &other].contains(&p))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let checked = csirt_store::backup::verify(&written[0]).unwrap();
    assert_eq!(checked.cases, 1, "the new backup is whole");

    let refused = site.csirt_output(&["backup", "--to", "x", "--rotate"]);
    assert_eq!(refused.status.code(), Some(2), "--rotate needs --into");
}
