//! `csirt case message` and `csirt case reply-channel`: the team writes to the reporter with a file, the reporter
//! reads it on the status page and downloads the file; an address or number in the text needs confirming;
//! `case show` lists the thread with who wrote; reply by e-mail only needs the reporter's address.

use super::seeds::*;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn the_team_writes_to_the_reporter_with_a_file_and_the_reporter_reads_it() {
    let site = SeedSite::new("bali");
    let code = site
        .submit("wayan_s", "intrusions", "application-compromise")
        .await;
    let guide = site.path("panduan-pemulihan.pdf");
    std::fs::write(&guide, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").unwrap();
    let out: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "message",
        &code,
        "--text",
        "Mohon ganti kata sandi admin situs, lalu kabari kami di sini.",
        "--file",
        guide.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    assert_eq!(out["message"], 1, "{out}");
    assert_eq!(out["event"]["change"]["action"], "message_reporter");
    assert_eq!(out["event"]["actor"]["name"], OPERATOR);

    let status = site.status(&code).await;
    let message = &status["messages"][0];
    assert_eq!(message["from"], "team");
    assert_eq!(
        message["text"],
        "Mohon ganti kata sandi admin situs, lalu kabari kami di sini."
    );
    assert_eq!(message["files"][0]["name"], "panduan-pemulihan.pdf");
    assert_eq!(message["files"][0]["media_type"], "application/pdf");
    assert!(
        message["files"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("/api/reports/{code}/files/"))
    );
    // Who wrote is the team's business: the status says "team", never the account.
    assert!(!status.to_string().contains(OPERATOR), "{status}");

    let shown = site.csirt(&["case", "show", &code]);
    assert!(shown.contains("thread with the reporter"), "{shown}");
    assert!(
        shown.contains("#1 ") && shown.contains(&format!("team ({OPERATOR})")),
        "{shown}"
    );
    assert!(
        shown.contains("file panduan-pemulihan.pdf (application/pdf"),
        "{shown}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_address_or_number_in_the_text_needs_confirming_and_bad_files_are_refused() {
    let site = SeedSite::new("tegal");
    let code = site
        .submit("budi_s", "intrusions", "application-compromise")
        .await;
    let text = "Hubungi pengelola situs di admin@dinas.contoh.go.id atau 0812-1111-2222.";
    let refused = site.csirt_output(&["case", "message", &code, "--text", text]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(
        error.contains("admin@dinas.contoh.go.id") && error.contains("0812-1111-2222"),
        "{error}"
    );
    assert!(error.contains("--confirm-personal-data"), "{error}");
    let program = site.path("alat.exe");
    std::fs::write(&program, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff").unwrap();
    let bad_file = site.csirt_output(&[
        "case",
        "message",
        &code,
        "--text",
        "Alat pembersih terlampir.",
        "--file",
        program.to_str().unwrap(),
    ]);
    assert_eq!(bad_file.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_file.stderr).contains("alat.exe"));
    assert_eq!(site.status(&code).await["messages"], serde_json::json!([]));

    site.csirt(&[
        "case",
        "message",
        &code,
        "--text",
        text,
        "--confirm-personal-data",
    ]);
    assert_eq!(site.status(&code).await["messages"][0]["text"], text);
}

#[tokio::test(flavor = "multi_thread")]
async fn reply_by_email_only_needs_the_reporters_address_and_hides_the_thread() {
    let site = SeedSite::new("kukar");
    let code = site
        .submit("rina_k", "intrusions", "application-compromise")
        .await;
    site.csirt(&[
        "case",
        "message",
        &code,
        "--text",
        "Kami sedang memeriksa log server.",
    ]);
    let out: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "reply-channel",
        &code,
        "--email-only",
        "--json",
    ]))
    .unwrap();
    assert_eq!(out["case"]["reply_by_email_only"], true);
    let status = site.status(&code).await;
    assert_eq!(status["reply_by_email_only"], true);
    assert_eq!(status["messages"], serde_json::json!([]));
    assert!(
        site.csirt(&["case", "show", &code])
            .contains("reply by e-mail only")
    );
    site.csirt(&["case", "reply-channel", &code, "--thread"]);
    assert_eq!(site.status(&code).await["messages"][0]["from"], "team");

    // A report with a telephone number only cannot be answered by e-mail.
    let report = site.path("telepon.json");
    std::fs::write(
        &report,
        serde_json::json!({
            "reporter_name": NAME,
            "reporter_phone": PHONE[0],
            "incident_class": "fraud",
            "incident_type": "phishing",
            "description": DESCRIPTION,
            "affected_application": "SIMPEG",
        })
        .to_string(),
    )
    .unwrap();
    let recorded: Value = serde_json::from_str(&site.csirt(&[
        "case",
        "record",
        "--channel",
        "phone",
        "--from",
        report.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    let phone_only = recorded["tracking_code"].as_str().unwrap();
    let refused = site.csirt_output(&["case", "reply-channel", phone_only, "--email-only"]);
    assert_eq!(refused.status.code(), Some(3), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no e-mail address"));
}

/// Kutai Kartanegara sends the reporter the certificate (its last step): printed with `--pdf`, it is on the status
/// page to download, while the notification letter for the system owner, printed too, is not.
#[tokio::test(flavor = "multi_thread")]
async fn the_printed_certificate_reaches_the_reporter_and_the_letter_does_not() {
    let site = SeedSite::new("kukar");
    let code = site
        .submit("pemburu_celah", "vulnerable", "vulnerable-system")
        .await;
    let c = code.as_str();
    crate::seed_procedures::kukar::verify_and_analyse(&site, c);
    // Kukar's head of the office signs both (steps 5–7), printed to PDF.
    crate::seed_procedures::signing::add_head(&site);
    let printed: Vec<Value> = ["notification-letter", "certificate-of-appreciation"]
        .iter()
        .map(|kind| {
            crate::seed_procedures::signing::draft_submit_and_sign_with(&site, c, kind, &["--pdf"])
        })
        .collect();
    assert!(
        printed[0]["document"].get("file").is_none(),
        "the letter is not kept for the reporter"
    );
    let kept = &printed[1]["document"]["file"];
    assert_eq!(kept["media_type"], "application/pdf", "{kept}");
    let pdf = std::fs::read(printed[1]["pdf"].as_str().unwrap()).unwrap();
    assert_eq!(kept["sha256"], csirt_domain::digest::sha256_hex(&pdf));

    let status = site.status(c).await;
    let documents = status["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "{status}");
    assert_eq!(documents[0]["kind"], "certificate_of_appreciation");
    assert_eq!(documents[0]["number"], printed[1]["document"]["number"]);
    let url = documents[0]["url"].as_str().unwrap();
    let (answer, _) = site
        .intake(
            axum::http::Request::get(url)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(answer, axum::http::StatusCode::OK);
    let letter_sha = csirt_domain::digest::sha256_hex(
        &std::fs::read(printed[0]["pdf"].as_str().unwrap()).unwrap(),
    );
    let (refused, _) = site
        .intake(
            axum::http::Request::get(format!("/api/reports/{c}/files/{letter_sha}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(refused, axum::http::StatusCode::NOT_FOUND);
}
