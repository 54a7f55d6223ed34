//! The intake API through its router, on a real SQLite store: every status code the API answers with.

#![allow(clippy::unwrap_used)]

mod support;

use csirt_domain::state::CaseState;
use csirt_domain::tracking::TrackingCode;
use csirt_store::all_in_state;
use serde_json::json;
use support::*;

async fn stored_count(app: &TestApp) -> usize {
    all_in_state(&*app.cases, CaseState::Received)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_json_report_gets_a_code_that_finds_its_status() {
    let app = app();
    let reply = app.post_json(&report_json(), &[]).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let body = reply.json();
    let code = body["tracking_code"].as_str().unwrap();
    assert!(code.starts_with("TGL-"), "{code}");
    assert_eq!(body["status_url"], format!("/status/?code={code}"));
    assert_eq!(
        reply.headers["location"],
        format!("/api/reports/{code}").as_str()
    );

    let status = app.status(code, &[]).await;
    assert_eq!(status.status, 200, "{}", status.body);
    let view = status.json();
    assert_eq!(view["state"], "received");
    assert_eq!(view["label"], "Laporan diterima");
    assert_eq!(view["timeline"].as_array().unwrap().len(), 1);
    assert_eq!(view["overdue"], false);
    assert!(
        view["due_at"].is_string(),
        "Tegal's first steps have time standards"
    );
    for secret in PERSONAL_DATA
        .iter()
        .chain(["judi online", "dinkes.tegalkab"].iter())
    {
        assert!(
            !status.body.contains(secret),
            "{secret} in the status: {}",
            status.body
        );
    }
    // Typed loosely, the code finds the same case; in English, the label is English.
    let loose = code.to_lowercase().replace('-', "");
    let english = app
        .status(&loose, &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    assert_eq!(english.json()["label"], "Report received");
}

#[tokio::test]
async fn a_form_report_is_stored_with_every_field() {
    let app = app();
    let reply = app.post_form(&report_fields(), &[]).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let code = TrackingCode::parse(reply.json()["tracking_code"].as_str().unwrap()).unwrap();
    let case = app.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(
        case.report.reporter.email.unwrap().as_str(),
        "siti.rahayu@contoh.id"
    );
    assert_eq!(
        case.report.reporter.phone.unwrap().as_str(),
        "+6281298765432"
    );
    assert_eq!(case.report.hall_of_fame.alias().unwrap().as_str(), "siti_r");
    assert_eq!(app.cases.events(&code).await.unwrap().len(), 1);
}

#[tokio::test]
async fn evidence_is_typed_by_content_and_stored_by_hash() {
    let app = app();
    let log =
        b"Nov 23 10:01:02 web sshd[311]: Failed password for root from 203.0.113.5\n".to_vec();
    let reply = app
        .post_multipart(
            &report_fields(),
            &[
                ("tangkapan.exe", "application/octet-stream", png()),
                ("auth.log", "image/png", log.clone()),
            ],
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let code = TrackingCode::parse(reply.json()["tracking_code"].as_str().unwrap()).unwrap();
    let case = app.cases.get(&code).await.unwrap().unwrap();
    let types: Vec<&str> = case
        .evidence
        .iter()
        .map(|e| e.media_type.as_str())
        .collect();
    assert_eq!(types, ["image/png", "text/plain; charset=utf-8"]);
    for (reference, bytes) in case.evidence.iter().zip([png(), log]) {
        assert_eq!(
            app.evidence
                .get(code.key(), &reference.sha256)
                .await
                .unwrap(),
            Some(bytes)
        );
    }
    // A file input left empty is not a file.
    let empty = app
        .post_multipart(
            &report_fields(),
            &[("", "application/octet-stream", Vec::new())],
        )
        .await;
    assert_eq!(empty.status, 201, "{}", empty.body);
}

#[tokio::test]
async fn a_disguised_file_is_refused_and_nothing_is_stored() {
    let app = app();
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".to_vec();
    let reply = app
        .post_multipart(&report_fields(), &[("screenshot.png", "image/png", elf)])
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply.json()["errors"]["evidence"]
            .as_str()
            .unwrap()
            .contains("ke-1")
    );
    assert_eq!(stored_count(&app).await, 0);
}

#[tokio::test]
async fn field_errors_come_in_the_language_asked_for() {
    let app = app();
    let indonesian = app.post_json(&json!({"description": ""}), &[]).await;
    assert_eq!(indonesian.status, 422);
    let errors = indonesian.json()["errors"].clone();
    assert_eq!(errors["description"], "Wajib diisi.");
    for field in [
        "incident_class",
        "reporter_email",
        "reporter_phone",
        "affected_url",
    ] {
        assert!(errors[field].is_string(), "{field} missing from {errors}");
    }
    let english = app
        .post_json(&json!({"description": ""}), &[("accept-language", "en-US")])
        .await;
    assert_eq!(english.json()["errors"]["description"], "Required.");
    let by_field = app
        .post_form(
            &[("lang", "en"), ("title", "x")],
            &[("accept-language", "id")],
        )
        .await;
    assert_eq!(by_field.json()["errors"]["description"], "Required.");
    let wrong_type = app.post_json(&json!({"description": 42}), &[]).await;
    assert_eq!(wrong_type.status, 422);
    assert!(
        wrong_type.json()["errors"]["description"]
            .as_str()
            .unwrap()
            .contains("teks")
    );
    let not_json = app
        .send(
            axum::http::Request::post("/api/reports")
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{\"description\": "))
                .unwrap(),
        )
        .await;
    assert_eq!(not_json.status, 422);
    assert!(not_json.json()["errors"]["body"].is_string());
    assert_eq!(stored_count(&app).await, 0);
}

#[tokio::test]
async fn a_browser_without_javascript_gets_pages_not_json() {
    let app = app();
    let html = [("accept", "text/html,application/xhtml+xml,*/*;q=0.8")];
    let reply = app.post_form(&report_fields(), &html).await;
    assert_eq!(reply.status, 201);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let code = reply.headers["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/api/reports/")
        .to_owned();
    assert!(reply.body.contains(&code), "{}", reply.body);
    assert!(reply.body.contains("Kode pelacakan Anda"));
    let status = app.status(&code, &html).await;
    assert_eq!(status.status, 200);
    assert!(status.body.contains("Laporan diterima"), "{}", status.body);
    let errors = app
        .post_form(&[("title", "<script>alert(1)</script>")], &html)
        .await;
    assert_eq!(errors.status, 422);
    assert!(
        errors.body.contains("Periksa kembali laporan Anda")
            && errors
                .body
                .contains("<strong>Apa yang terjadi?</strong>: Wajib diisi."),
        "each problem is named by its field's label: {}",
        errors.body
    );
    assert!(!errors.body.contains("<script>"));
}

#[tokio::test]
async fn oversized_bodies_and_files_are_refused_with_413() {
    let app = app();
    let mut big = report_json();
    big["description"] = "a".repeat(300 * 1024).into();
    assert_eq!(app.post_json(&big, &[]).await.status, 413);
    let huge_file = vec![b'a'; 3 * 1024 * 1024 + 1];
    let reply = app
        .post_multipart(&report_fields(), &[("log.txt", "text/plain", huge_file)])
        .await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    let six: Vec<_> = (0..6)
        .map(|i| ("log.txt", "text/plain", format!("baris {i}\n").into_bytes()))
        .collect();
    assert_eq!(app.post_multipart(&report_fields(), &six).await.status, 413);
    let whole = vec![b'a'; 2 * 1024 * 1024];
    let two = [
        ("a.txt", "text/plain", whole.clone()),
        ("b.txt", "text/plain", whole.clone()),
        ("c.txt", "text/plain", whole),
    ];
    assert_eq!(app.post_multipart(&report_fields(), &two).await.status, 413);
    assert_eq!(stored_count(&app).await, 0);
}

#[tokio::test]
async fn other_body_types_are_refused_with_415() {
    let app = app();
    for content_type in ["text/plain", "application/xml", ""] {
        let mut request = axum::http::Request::post("/api/reports");
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        let reply = app
            .send(
                request
                    .body(axum::body::Body::from("description=x"))
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, 415, "{content_type}");
    }
}

#[tokio::test]
async fn a_client_over_its_limit_gets_429_with_retry_after() {
    let app = app_with(&[("CSIRT_RATE_LIMIT", "2/600")]);
    assert_eq!(app.post_json(&report_json(), &[]).await.status, 201);
    assert_eq!(app.post_json(&report_json(), &[]).await.status, 201);
    let refused = app.post_json(&report_json(), &[]).await;
    assert_eq!(refused.status, 429);
    let retry: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    assert_eq!(stored_count(&app).await, 2);
}

#[tokio::test]
async fn a_retried_submission_returns_the_same_code_and_stores_one_case() {
    let app = app();
    let key = [("idempotency-key", "form-7f3a9c")];
    let first = app.post_json(&report_json(), &key).await;
    let again = app.post_json(&report_json(), &key).await;
    assert_eq!((first.status, again.status), (201, 201));
    assert_eq!(first.json()["tracking_code"], again.json()["tracking_code"]);
    assert_eq!(stored_count(&app).await, 1);
    let mut other = report_json();
    other["description"] = "Laporan lain.".into();
    let reused = app.post_json(&other, &key).await;
    assert_eq!(reused.status, 422);
    assert!(reused.json()["errors"]["idempotency_key"].is_string());
    let bad_key = app
        .post_json(&report_json(), &[("idempotency-key", "spasi tidak boleh")])
        .await;
    assert_eq!(bad_key.status, 422);
    assert_eq!(stored_count(&app).await, 1);
}

#[tokio::test]
async fn a_bot_filling_the_honeypot_is_answered_and_forgotten() {
    let app = app();
    let mut fields = report_fields();
    fields.push(("website", "http://spam.example"));
    let reply = app.post_form(&fields, &[]).await;
    assert_eq!(reply.status, 201);
    let code = reply.json()["tracking_code"].as_str().unwrap().to_owned();
    assert_eq!(app.status(&code, &[]).await.status, 404);
    assert_eq!(stored_count(&app).await, 0);
}

#[tokio::test]
async fn a_mistyped_code_is_refused_before_lookup_and_unknown_codes_are_404() {
    let app = app();
    let reply = app.post_json(&report_json(), &[]).await;
    let code = reply.json()["tracking_code"].as_str().unwrap().to_owned();
    // Swap two different symbols of the code's body.
    let mut chars: Vec<char> = code.chars().collect();
    let (i, j) = (4..chars.len())
        .flat_map(|i| (i + 1..chars.len()).map(move |j| (i, j)))
        .find(|&(i, j)| chars[i] != chars[j] && chars[i] != '-' && chars[j] != '-')
        .unwrap();
    chars.swap(i, j);
    let typo: String = chars.into_iter().collect();
    let refused = app.status(&typo, &[]).await;
    assert_eq!(refused.status, 422, "{typo}");
    assert!(
        refused.json()["errors"]["tracking_code"]
            .as_str()
            .unwrap()
            .contains("salah ketik")
    );
    for garbage in ["%3Cscript%3E", "..%2F..%2Fetc", "x", "%7B%7B7*7%7D%7D"] {
        assert_eq!(app.status(garbage, &[]).await.status, 422, "{garbage}");
    }
    let unknown =
        TrackingCode::generate(&csirt_domain::tracking::TrackingPrefix::parse("TGL").unwrap())
            .unwrap();
    let missing = app.status(&unknown.to_string(), &[]).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json(),
        json!({"error": "Tidak ada laporan dengan kode pelacakan ini."})
    );
}

#[tokio::test]
async fn the_store_failing_means_503_and_no_code() {
    let app = app();
    // Another process holds the database's write lock for longer than the store waits.
    let path = app.dir.path().join("data").join("cases.sqlite3");
    let blocker = rusqlite_blocker(&path);
    let reply = app.post_json(&report_json(), &[]).await;
    drop(blocker);
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.headers.contains_key("retry-after"));
    assert!(reply.json().get("tracking_code").is_none());
    assert_eq!(stored_count(&app).await, 0);
    assert_eq!(
        app.post_json(&report_json(), &[]).await.status,
        201,
        "the store recovers by itself"
    );
}

/// Takes SQLite's write lock on `path` from a separate connection and keeps it until dropped.
fn rusqlite_blocker(path: &std::path::Path) -> impl Drop {
    struct Blocker(Option<std::process::Child>);
    impl Drop for Blocker {
        fn drop(&mut self) {
            if let Some(mut child) = self.0.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
    let child = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
             c.execute('BEGIN EXCLUSIVE')\n\
             print('locked', flush=True)\n\
             time.sleep(60)\n",
        )
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut blocker = Blocker(Some(child));
    let stdout = blocker.0.as_mut().unwrap().stdout.take().unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
    assert_eq!(line.trim(), "locked");
    blocker
}

#[tokio::test]
async fn the_status_form_without_javascript_is_redirected_to_the_status() {
    let app = app();
    let code = app.post_json(&report_json(), &[]).await.json()["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let typed = code.to_lowercase().replace('-', " ");
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", &typed)
        .append_pair("lang", "en")
        .finish();
    let reply = app
        .send(
            axum::http::Request::get(format!("/api/status?{query}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(
        reply.headers["location"],
        format!("/api/reports/{code}?lang=en").as_str()
    );
    let bad = app
        .send(
            axum::http::Request::get("/api/status?code=TGL-0000")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(bad.status, 422);
}

/// Found by schemathesis: a repeated query parameter was refused with an undocumented plain-text `400`.
#[tokio::test]
async fn repeated_query_parameters_are_read_not_refused() {
    let app = app();
    let reply = app.post_json(&report_json(), &[]).await;
    let code = reply.json()["tracking_code"].as_str().unwrap().to_owned();
    let status = app.status(&format!("{code}?lang=en&lang=null"), &[]).await;
    assert_eq!(status.status, 200, "{}", status.body);
    assert_eq!(status.json()["label"], "Report received");
    let unknown = app
        .status("0000000000000000?lang=null&lang=null", &[])
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    let lookup = app
        .send(
            axum::http::Request::get(format!("/api/status?code={code}&code=x&lang=en&lang=id"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(lookup.status, 303, "{}", lookup.body);
}
