//! `csirt case find`, `access-export`, `correct`, `redact` and `erase` as staff run them on a seed site: the
//! reporter found by e-mail or phone, their data exported, corrected and redacted with the history still
//! verifying, and an erased case leaving no byte of the reporter anywhere in the data directory; each refused to
//! a role the SOP does not give it, with the exit code and the action named.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;

use super::seeds::*;

/// Files a report with an evidence file through the intake, as the form does, and a reply on its thread
/// naming the reporter's number; its tracking code.
async fn report_with_evidence(site: &SeedSite) -> String {
    let pairs = [
        ("reporter_name", NAME),
        ("reporter_email", EMAIL),
        ("reporter_phone", PHONE[0]),
        ("reporter_kind", "public"),
        ("incident_class", "intrusions"),
        ("incident_type", "application-compromise"),
        ("title", "Tampilan situs dinas berubah"),
        ("description", DESCRIPTION),
        ("affected_url", "https://dinas.contoh.go.id"),
        ("hall_of_fame_consent", "on"),
        ("hall_of_fame_alias", "sutrisno_w"),
        ("lang", "id"),
    ];
    let log = format!("log server, dikirim oleh {NAME} <{EMAIL}>\n").into_bytes();
    let (content_type, body) =
        csirt_test_kit::reports::multipart(&pairs, &[("log-sutrisno.txt", "text/plain", log)]);
    let request = Request::post("/api/reports")
        .header("content-type", content_type)
        .header("accept", "application/json")
        .body(Body::from(body))
        .unwrap();
    let (status, answer) = site.intake(request).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let code = answer["tracking_code"].as_str().unwrap().to_owned();
    let reply = serde_json::json!({ "text": format!("Ini {NAME}, telepon saya {}.", PHONE[0]) });
    let request = Request::post(format!("/api/reports/{code}/messages"))
        .header("content-type", "application/json")
        .body(Body::from(reply.to_string()))
        .unwrap();
    let (status, answer) = site.intake(request).await;
    assert!(status.is_success(), "{status}: {answer}");
    code
}

/// Files a report of another reporter through the intake; its tracking code.
async fn another_reporters(site: &SeedSite) -> String {
    let report = serde_json::json!({
        "reporter_name": "Pelapor Lain",
        "reporter_email": "pelapor.lain@contoh.id",
        "incident_class": "fraud",
        "incident_type": "phishing",
        "description": "Tautan palsu beredar atas nama dinas.",
        "affected_application": "SIMPEG",
    });
    let request = Request::post("/api/reports")
        .header("content-type", "application/json")
        .body(Body::from(report.to_string()))
        .unwrap();
    let (status, answer) = site.intake(request).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    answer["tracking_code"].as_str().unwrap().to_owned()
}

/// Every file under `dir`, with its bytes (a file removed meanwhile is left out).
fn every_file(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(every_file(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            files.push((path, bytes));
        }
    }
    files
}

/// The files under `dir` that hold `needle`.
fn holding(dir: &Path, needle: &str) -> Vec<PathBuf> {
    every_file(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_find_export_correct_and_redact_a_reporters_data() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("sutrisno_w", "intrusions", "application-compromise")
        .await;
    let other = report_with_evidence(&site).await;

    // Found by e-mail (any case) or phone (as typed): codes, states and dates, nothing personal.
    let found = site.csirt(&["case", "find", "--email", &EMAIL.to_uppercase()]);
    assert!(found.contains(&code) && found.contains(&other), "{found}");
    assert!(
        found.contains("received") && found.contains("2 case(s)"),
        "{found}"
    );
    for secret in [NAME, EMAIL, PHONE[0], PHONE[1], DESCRIPTION] {
        assert!(!found.contains(secret), "{secret} in {found}");
    }
    let by_phone = json(&site.csirt(&["case", "find", "--phone", "+62 812 9999 0001", "--json"]));
    assert_eq!(by_phone.as_array().unwrap().len(), 2, "{by_phone}");
    assert_eq!(by_phone[0]["code"], code);
    assert_eq!(by_phone[0]["state"], "received");
    let none = site.csirt_output(&["case", "find"]);
    assert_eq!(
        none.status.code(),
        Some(2),
        "--email or --phone is required"
    );

    // The access export: on standard output, or in a new file only its owner reads.
    let export = json(&site.csirt(&["case", "access-export", &other]));
    assert_eq!(export["report"]["reporter"]["email"], EMAIL);
    assert_eq!(export["report"]["reporter"]["phone"], PHONE[1]);
    assert_eq!(export["report"]["description"], DESCRIPTION);
    assert_eq!(export["evidence"][0]["name"], "log-sutrisno.txt");
    assert_eq!(export["evidence"][0]["sha256"].as_str().unwrap().len(), 64);
    assert!(
        export["messages"][0]["text"]
            .as_str()
            .unwrap()
            .contains(PHONE[0])
    );
    assert_eq!(export["state"], "received");
    let file = site.path("akses.json");
    site.csirt(&[
        "case",
        "access-export",
        &other,
        "--output",
        file.to_str().unwrap(),
    ]);
    let written = json(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(written["code"], other);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = site.csirt_output(&[
        "case",
        "access-export",
        &other,
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing file is not overwritten"
    );

    // A correction: the new values in the record, the fields named in the event.
    let corrected = json(&site.csirt(&[
        "case",
        "correct",
        &code,
        "--field",
        "email=sutrisno.baru@contoh.id",
        "--field",
        "phone=0813-2222-3333",
        "--json",
    ]));
    assert_eq!(
        corrected["event"]["change"],
        serde_json::json!({ "action": "correct_reporter", "fields": ["email", "phone"] })
    );
    assert_eq!(corrected["event"]["actor"]["name"], OPERATOR);
    let shown = site.csirt(&["case", "show", &code, "--json"]);
    assert!(shown.contains("sutrisno.baru@contoh.id") && !shown.contains(EMAIL));
    assert!(shown.contains("+6281322223333") && !shown.contains(PHONE[1]));

    // A bad value names its field and changes nothing; so does an unknown field or code.
    let record = |code: &str| {
        let shown = json(&site.csirt(&["case", "show", code, "--json"]));
        (
            shown["case"]["version"].clone(),
            shown["case"]["report"].clone(),
        )
    };
    let before = record(&code);
    for (args, exit, says) in [
        (
            vec!["--field", "email=sutrisno@contoh"],
            2,
            "reporter_email",
        ),
        (vec!["--field", "phone=0812-abc"], 2, "reporter_phone"),
        (vec!["--field", "kind=agency"], 2, "--field kind"),
        (vec!["--field", "email"], 2, "NAME=VALUE"),
        (
            vec!["--field", "email=", "--field", "phone="],
            2,
            "reporter_phone",
        ),
    ] {
        let mut full = vec!["case", "correct", &code];
        full.extend(args);
        let out = site.csirt_output(&full);
        let error = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(exit), "{full:?}: {error}");
        assert!(error.contains(says), "{full:?}: {error}");
    }
    assert_eq!(record(&code), before, "nothing changed");
    let unknown = site.csirt_output(&[
        "case",
        "correct",
        "TGL-7KQ3-M9XD-2FHR",
        "--field",
        "name=Budi",
    ]);
    assert_eq!(unknown.status.code(), Some(4));

    // The redaction: the reporter's data and text gone, the files too, the history intact and saying so.
    let redacted = json(&site.csirt(&["case", "redact", &other, "--json"]));
    assert_eq!(redacted["event"]["change"]["action"], "redact_reporter");
    assert_eq!(redacted["deleted_files"].as_array().unwrap().len(), 1);
    let shown = site.csirt(&["case", "show", &other, "--json"]);
    for secret in [NAME, EMAIL, PHONE[0], PHONE[1], DESCRIPTION, "log-sutrisno"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let status = site.status(&other).await;
    assert_eq!(
        status["messages"][0]["text"],
        "[dihapus atas permintaan pelapor / redacted at the reporter's request]"
    );
    let verified = site.csirt(&["audit", "verify", &other]);
    assert!(
        verified.contains("intact (1 redacted at the reporter's request)"),
        "{verified}"
    );
    assert!(site.csirt(&["audit", "verify"]).contains(&code));

    // The audit log names the actions and the codes, never the data.
    let log = site.csirt(&["audit", "log"]);
    for action in [
        "find_reporter",
        "access_export",
        "correct_reporter",
        "redact_reporter",
    ] {
        assert!(log.contains(action), "{action} in {log}");
    }
    for secret in [NAME, EMAIL, PHONE[0], PHONE[1], "sutrisno.baru", "9999"] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_erased_case_leaves_no_byte_of_the_reporter_in_the_data_directory() {
    let site = SeedSite::new("tegal");
    let keep = another_reporters(&site).await;
    let code = report_with_evidence(&site).await;
    let data = site.path("store");
    assert!(
        !holding(&data, EMAIL).is_empty(),
        "the data is there to find"
    );

    let erased = json(&site.csirt(&["case", "erase", &code, "--json"]));
    assert_eq!(erased["store"]["case"], true);
    assert!(erased["store"]["events"].as_u64().unwrap() >= 2, "{erased}");
    assert_eq!(erased["evidence_files"], 1);
    for secret in [NAME, EMAIL, PHONE[0], PHONE[1], "Sutrisno", "log-sutrisno"] {
        let found = holding(&data, secret);
        assert!(found.is_empty(), "{secret:?} is left in {found:?}");
    }

    let gone = site.csirt_output(&["case", "show", &code]);
    assert_eq!(gone.status.code(), Some(4));
    let again = site.csirt_output(&["case", "erase", &code]);
    assert_eq!(again.status.code(), Some(4));
    // The other case stayed, the history verifies, and the log says who erased which case.
    site.csirt(&["case", "show", &keep]);
    site.csirt(&["audit", "verify"]);
    let log = site.csirt(&["audit", "log"]);
    assert!(
        log.lines().any(|line| line.contains("erase_case")
            && line.contains(&code)
            && line.contains(OPERATOR)),
        "{log}"
    );
    // The audit log is the one place the code stays; nothing of the reporter's is in it.
    assert!(!log.contains(EMAIL) && !log.contains(NAME));
}

#[tokio::test(flavor = "multi_thread")]
async fn each_privacy_command_is_refused_to_a_role_without_it() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("sutrisno_w", "intrusions", "application-compromise")
        .await;
    // The operator keeps `tim` (finds, exports, corrects), loses `diskominfo` (redacts, erases).
    site.csirt(&["staff", "revoke", OPERATOR, "diskominfo"]);
    for (args, action) in [
        (vec!["case", "redact", &code], "redact_reporter"),
        (vec!["case", "erase", &code], "erase_case"),
    ] {
        let out = site.csirt_output(&args);
        let error = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {error}");
        assert!(
            error.contains(&format!("`{action}` to diskominfo only")),
            "{error}"
        );
    }
    site.csirt(&["staff", "revoke", OPERATOR, "tim"]);
    for (args, action) in [
        (vec!["case", "find", "--email", EMAIL], "find_reporter"),
        (vec!["case", "access-export", &code], "access_export"),
        (
            vec!["case", "correct", &code, "--field", "name=Budi"],
            "correct_reporter",
        ),
    ] {
        let out = site.csirt_output(&args);
        let error = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {error}");
        assert!(error.contains(&format!("`{action}`")), "{error}");
        assert!(out.stdout.is_empty(), "nothing printed");
    }
    let status = site.status(&code).await;
    assert_eq!(status["state"], "received", "the case is as it was");
    let log = site.csirt(&["audit", "log"]);
    assert!(
        !log.contains("erase_case") && !log.contains("find_reporter"),
        "{log}"
    );
}
