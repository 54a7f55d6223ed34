//! The W3C Nu HTML Checker (`vnu.jar`, from npm's `vnu-jar`, run with Java), for tests that hold pages to the
//! HTML standard. `tests/run` installs it with the browser suite's packages and exports `CSIRT_TEST_VNU_JAR`;
//! without it the test fails, saying so.

use std::path::Path;
use std::process::Command;

/// The variable naming `vnu.jar`.
pub const VNU_JAR: &str = "CSIRT_TEST_VNU_JAR";

/// Checks each `(name, html)` page with the Nu HTML Checker and panics listing every error (file, line, column,
/// message); warnings pass.
pub fn assert_valid_html(pages: &[(String, String)]) {
    let jar = std::env::var(VNU_JAR).unwrap_or_else(|_| {
        panic!("{VNU_JAR} is not set: the Nu HTML Checker is needed (tests/run installs it with the browser suite)")
    });
    assert!(Path::new(&jar).is_file(), "{VNU_JAR}={jar} is no file");
    assert!(!pages.is_empty(), "no page to check");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut files = Vec::new();
    for (i, (name, html)) in pages.iter().enumerate() {
        let safe: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let file = dir.path().join(format!("{i:03}-{safe}.html"));
        std::fs::write(&file, html).expect("the page is written");
        files.push(file);
    }
    let output = Command::new("java")
        .args([
            "-jar",
            &jar,
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
        ])
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("java could not run the Nu HTML Checker: {e}"));
    // The JSON report goes to standard error.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "the Nu HTML Checker's report is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("");
            let file = url.rsplit('/').next().unwrap_or(url);
            format!(
                "{file}:{}:{}: {}",
                m["lastLine"],
                m["firstColumn"],
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}
