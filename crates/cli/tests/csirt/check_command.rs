//! `csirt check` beyond the site: the document templates and the team file against its SOP profile.

use std::path::Path;
use std::process::{Command, Output};

use csirt_test_kit::files::shipped_site;

fn check(site: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_csirt"))
        .args(["check", "--config"])
        .arg(site.join("content/config.toml"))
        .env_remove("CSIRT_CONFIG")
        .output()
        .unwrap()
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", file.display());
    std::fs::write(file, text.replace(from, to)).unwrap();
}

#[test]
fn the_shipped_site_passes() {
    let site = shipped_site();
    let output = check(site.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_broken_document_template_is_named() {
    let site = shipped_site();
    let broken = site.path().join("templates/documents/kop.html");
    std::fs::write(&broken, "<header>{{ organisation.office </header>").unwrap();
    let output = check(site.path());
    assert_eq!(output.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(errors.contains("kop.html"), "{errors}");
}

#[test]
fn a_team_file_that_disagrees_with_its_profile_is_named() {
    let site = shipped_site();
    let config = site.path().join("content/config.toml");
    // Batam's procedure under Tegal's name: codes would read BTM-; and a clock the profile does not keep.
    edit(
        &config,
        "sop_profile = \"tegal\"",
        "sop_profile = \"batam\"",
    );
    edit(
        &config,
        "time_zone = \"Asia/Jakarta (WIB, UTC+07:00)\"",
        "time_zone = \"Asia/Makassar (WITA, UTC+08:00)\"",
    );
    let output = check(site.path());
    assert_eq!(output.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains("team.name") && errors.contains("BTM-"),
        "{errors}"
    );
    assert!(errors.contains("team.time_zone"), "{errors}");
}
