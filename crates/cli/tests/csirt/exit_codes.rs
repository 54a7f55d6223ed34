//! The exit codes scripts rely on (`csirt --help` lists them), and failures printed as JSON with `--json`.

use serde_json::Value;

use super::seeds::*;

/// `csirt ARGS` on `site`: exit code, standard output, standard error.
fn run(site: &SeedSite, args: &[&str]) -> (i32, String, String) {
    let output = site.csirt_output(args);
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test]
async fn each_kind_of_failure_has_its_code() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("ani", "intrusions", "application-compromise")
        .await;

    // 0: done.
    assert_eq!(run(&site, &["case", "show", &code]).0, 0);
    // 2: usage: a value that cannot be used, a typo in a code, an unknown option; nothing written.
    let (status, _, error) = run(
        &site,
        &[
            "case",
            "classify",
            &code,
            "--class",
            "nope",
            "--type",
            "x",
            "--priority",
            "high",
        ],
    );
    assert_eq!(status, 2, "{error}");
    assert!(error.contains("--class"), "{error}");
    let typo = format!("{}X", &code[..code.len() - 1]);
    assert_eq!(run(&site, &["case", "show", &typo]).0, 2);
    assert_eq!(
        run(&site, &["case", "show", &code, "--no-such-option"]).0,
        2
    );
    // 3: refused by the procedure: closing a report nobody verified.
    let (status, _, error) = run(&site, &["case", "close", &code]);
    assert_eq!(status, 3, "{error}");
    assert!(error.contains("received"), "{error}");
    // 4: no such case: a well-formed code nobody was given.
    let other = csirt_domain::tracking::TrackingCode::generate(
        &csirt_domain::tracking::TrackingPrefix::parse("TGL").unwrap(),
    )
    .unwrap()
    .to_string();
    let (status, _, error) = run(&site, &["case", "show", &other]);
    assert_eq!(status, 4, "{error}");
    // Nothing of the refused steps was written.
    let shown: Value =
        serde_json::from_str(&site.csirt(&["case", "show", &code, "--json"])).unwrap();
    assert_eq!(shown["case"]["state"], "received");
    assert_eq!(shown["events"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn failures_print_as_json_for_scripts() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("ani", "intrusions", "application-compromise")
        .await;
    let (status, out, _) = run(&site, &["case", "close", &code, "--json"]);
    assert_eq!(status, 3);
    let error: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(error["error"]["kind"], "refused");
    assert!(error["error"]["message"].as_str().unwrap().contains(&code));
}

#[test]
fn a_store_that_cannot_be_reached_is_code_5() {
    let site = SeedSite::new("tegal");
    let output = site
        .csirt_command_with_store(
            &["case", "queue"],
            &[
                ("CSIRT_STORE", "dynamodb"),
                ("CSIRT_TABLE", "csirt-unreachable"),
                ("CSIRT_EVIDENCE_BUCKET", "csirt-unreachable"),
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
                ("AWS_REGION", "ap-southeast-3"),
                ("AWS_ACCESS_KEY_ID", "test"),
                ("AWS_SECRET_ACCESS_KEY", "test"),
                ("AWS_EC2_METADATA_DISABLED", "true"),
            ],
        )
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn help_lists_the_exit_codes() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_csirt"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for line in [
        "2 usage error",
        "3 refused by the procedure",
        "4 no such case",
        "5 store or service unavailable",
    ] {
        assert!(help.contains(line), "{help}");
    }
}

#[test]
fn the_retired_profile_variable_is_refused_not_ignored() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_csirt"))
        .args(["sop", "list"])
        .env("CSIRT_SOP_PROFILE", "batam")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(
        error.contains("CSIRT_SOP_PROFILE") && error.contains("sop_profile"),
        "{error}"
    );
}
