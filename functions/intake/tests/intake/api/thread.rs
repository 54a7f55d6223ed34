//! The reporter's side of the thread, on both stores: replies as JSON, form and multipart; hostile files stored
//! but never offered inline; order under concurrent replies; the closed-case grace period; idempotency per case;
//! reply by e-mail only; the rate limit shared with submissions; the page without JavaScript.

use chrono::{DateTime, TimeDelta, Utc};
use csirt_domain::case::{Actor, Change, Party, Verdict};
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::report::ReportInput;
use csirt_domain::text::MessageText;
use csirt_domain::tracking::TrackingCode;
use csirt_store::apply_change;
use csirt_test_kit::cases::{receive, staff, text};
use serde_json::json;

use crate::support::*;

/// Files the report and returns its code.
async fn report(app: &TestApp) -> TrackingCode {
    let reply = app.post_json(&report_json(), &[]).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    TrackingCode::parse(reply.json()["tracking_code"].as_str().unwrap()).unwrap()
}

/// A case received and closed (as invalid) at `closed_at`, stored directly: its code.
async fn closed_case(app: &TestApp, closed_at: DateTime<Utc>) -> TrackingCode {
    let input = ReportInput::from_pairs(report_fields());
    let received_at = closed_at - TimeDelta::days(1);
    let (case, event) = receive("TGL", parse(&input, received_at, 7), received_at);
    app.cases.create(&case, &event).await.unwrap();
    let code = case.code.clone();
    let at = closed_at - TimeDelta::hours(1);
    for change in [
        Change::StartVerification,
        Change::Verify {
            verdict: Verdict::Invalid,
            reason: Some(text("Bukan insiden.")),
        },
    ] {
        apply_change(&*app.cases, &code, change, staff("rina"), at)
            .await
            .unwrap();
    }
    apply_change(
        &*app.cases,
        &code,
        Change::Close {
            hall_of_fame: false,
        },
        staff("rina"),
        closed_at,
    )
    .await
    .unwrap();
    code
}

/// The team writes to the reporter, with `files`.
async fn team_writes(app: &TestApp, code: &TrackingCode, words: &str, files: &[EvidenceFile]) {
    for file in files {
        app.evidence.put(code.key(), file).await.unwrap();
    }
    let change = Change::MessageReporter {
        text: MessageText::parse(words).unwrap(),
        files: files.iter().map(EvidenceFile::reference).collect(),
    };
    apply_change(&*app.cases, code, change, staff("rina"), Utc::now())
        .await
        .unwrap();
}

async fn replies_of_every_body_type_are_stored_in_order(app: TestApp) {
    let code = report(&app).await;
    let code_text = code.to_string();
    let first = app
        .reply_json(&code_text, "Situsnya masih menampilkan halaman judi.", &[])
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.json()["message"], 1);
    assert_eq!(
        first.headers["location"].to_str().unwrap(),
        format!("/api/reports/{code_text}")
    );
    let form: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("text", "Baris satu\r\nbaris dua"), ("lang", "en")])
        .finish();
    let second = app
        .post_reply(
            &code_text,
            "application/x-www-form-urlencoded",
            form.into_bytes(),
            &[],
        )
        .await;
    assert_eq!(second.status, 201, "{}", second.body);
    let (content_type, body) = multipart(
        &[("text", "Tangkapan layar terlampir.")],
        &[("layar.png", "image/png", png())],
    );
    let third = app.post_reply(&code_text, &content_type, body, &[]).await;
    assert_eq!(third.status, 201, "{}", third.body);
    assert_eq!(third.json()["message"], 3);

    let status = app.status(&code_text, &[]).await.json();
    let messages = status["messages"].as_array().unwrap();
    let texts: Vec<&str> = messages
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Situsnya masih menampilkan halaman judi.",
            "Baris satu\nbaris dua",
            "Tangkapan layar terlampir."
        ]
    );
    assert!(messages.iter().all(|m| m["from"] == "reporter"));
    assert_eq!(messages[2]["files"][0]["name"], "layar.png");
    assert_eq!(messages[2]["files"][0]["media_type"], "image/png");
    // The reporter's own files are listed, not offered for download.
    assert_eq!(messages[2]["files"][0]["url"], serde_json::Value::Null);
    assert_eq!(status["accepts_replies"], true);

    let case = app.cases.get(&code).await.unwrap().unwrap();
    let png_hash = csirt_domain::digest::sha256_hex(&png());
    assert!(case.evidence.iter().any(|e| e.sha256 == png_hash));
    assert_eq!(
        app.evidence.get(code.key(), &png_hash).await.unwrap(),
        Some(png())
    );
    let events = app.cases.events(&code).await.unwrap();
    let replies: Vec<_> = events
        .iter()
        .filter(|e| matches!(e.change, Change::ReporterReply { .. }))
        .collect();
    assert_eq!(replies.len(), 3);
    assert!(replies.iter().all(|e| e.actor == Actor::Reporter));
}

#[tokio::test]
async fn replies_of_every_body_type_are_stored_in_order_on_sqlite() {
    replies_of_every_body_type_are_stored_in_order(app()).await;
}

#[tokio::test]
async fn replies_of_every_body_type_are_stored_in_order_on_dynamodb() {
    let resources = AwsResources::create(&moto_endpoint()).await;
    replies_of_every_body_type_are_stored_in_order(aws_app(&resources, &[]).await).await;
}

async fn concurrent_replies_are_all_kept_in_one_order(app: TestApp) {
    let code = report(&app).await.to_string();
    let count = 12;
    let answers = futures_join(&app, &code, count).await;
    for answer in &answers {
        assert_eq!(answer.status, 201, "{}", answer.body);
    }
    let mut numbers: Vec<u64> = answers
        .iter()
        .map(|a| a.json()["message"].as_u64().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=count as u64).collect::<Vec<_>>());
    let case = app
        .cases
        .get(&TrackingCode::parse(&code).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.messages.len(), count);
    let ids: Vec<u32> = case.messages.iter().map(|m| m.id).collect();
    assert_eq!(ids, (1..=count as u32).collect::<Vec<_>>());
    assert!(
        case.messages.windows(2).all(|w| w[0].at <= w[1].at),
        "a reply is shown as written before the one stored ahead of it"
    );
    let mut texts: Vec<String> = case
        .messages
        .iter()
        .map(|m| m.text.as_str().to_owned())
        .collect();
    texts.sort();
    let mut sent: Vec<String> = (0..count)
        .map(|i| format!("Balasan nomor {i:02}"))
        .collect();
    sent.sort();
    assert_eq!(texts, sent);
    // Each reply is one event, numbered without gaps.
    let events = app
        .cases
        .events(&TrackingCode::parse(&code).unwrap())
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .enumerate()
            .all(|(i, e)| e.seq == i as u32 + 1)
    );
}

/// Sends `count` replies at once.
async fn futures_join(app: &TestApp, code: &str, count: usize) -> Vec<Answer> {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..count {
        let router = app.router.clone();
        let code = code.to_owned();
        tasks.spawn(async move {
            let body = json!({ "text": format!("Balasan nomor {i:02}") }).to_string();
            let mut request = axum::http::Request::post(format!("/api/reports/{code}/messages"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .unwrap();
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                std::net::SocketAddr::from(([127, 0, 0, 1], 40000)),
            ));
            oneshot(router, request).await
        });
    }
    tasks.join_all().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_replies_are_all_kept_in_one_order_on_sqlite() {
    concurrent_replies_are_all_kept_in_one_order(app()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_replies_are_all_kept_in_one_order_on_dynamodb() {
    let resources = AwsResources::create(&moto_endpoint()).await;
    concurrent_replies_are_all_kept_in_one_order(aws_app(&resources, &[]).await).await;
}

async fn closed_cases_take_replies_only_within_the_grace_period(app: TestApp) {
    let long_ago = closed_case(&app, Utc::now() - TimeDelta::days(15)).await;
    let refused = app
        .reply_json(
            &long_ago.to_string(),
            "Masih ada yang ingin saya sampaikan.",
            &[("accept-language", "en")],
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("closed more than 14 days ago"),
        "{}",
        refused.body
    );
    let case = app.cases.get(&long_ago).await.unwrap().unwrap();
    assert!(case.messages.is_empty(), "a refused reply was written");
    let status = app.status(&long_ago.to_string(), &[]).await.json();
    assert_eq!(status["accepts_replies"], false);
    assert!(
        status["replies_refused"]
            .as_str()
            .unwrap()
            .contains("14 hari")
    );

    let recent = closed_case(&app, Utc::now() - TimeDelta::days(2)).await;
    let taken = app
        .reply_json(&recent.to_string(), "Terima kasih, sudah saya cek.", &[])
        .await;
    assert_eq!(taken.status, 201, "{}", taken.body);
}

#[tokio::test]
async fn closed_cases_take_replies_only_within_the_grace_period_on_sqlite() {
    closed_cases_take_replies_only_within_the_grace_period(app()).await;
}

#[tokio::test]
async fn closed_cases_take_replies_only_within_the_grace_period_on_dynamodb() {
    let resources = AwsResources::create(&moto_endpoint()).await;
    closed_cases_take_replies_only_within_the_grace_period(aws_app(&resources, &[]).await).await;
}

#[tokio::test]
async fn a_key_repeats_one_reply_on_its_own_case_only() {
    let app = app();
    let code = report(&app).await.to_string();
    let other = report(&app).await.to_string();
    let key = [("idempotency-key", "balasan-1")];
    let first = app.reply_json(&code, "Satu kali saja.", &key).await;
    let again = app.reply_json(&code, "Satu kali saja.", &key).await;
    assert_eq!((first.status, again.status), (201, 201), "{}", again.body);
    assert_eq!(first.json()["message"], again.json()["message"]);
    let changed = app.reply_json(&code, "Isi lain.", &key).await;
    assert_eq!(changed.status, 422, "{}", changed.body);
    assert!(changed.json()["errors"]["idempotency_key"].is_string());
    // The same key on another report is another reply: keys are scoped to their case.
    let elsewhere = app.reply_json(&other, "Satu kali saja.", &key).await;
    assert_eq!(elsewhere.status, 201, "{}", elsewhere.body);
    let case = app
        .cases
        .get(&TrackingCode::parse(&code).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.messages.len(), 1);
}

#[tokio::test]
async fn bad_replies_are_refused_and_change_nothing() {
    let app = app();
    let code = report(&app).await;
    let code_text = code.to_string();
    let empty = app.reply_json(&code_text, "   ", &[]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.json()["errors"]["text"].is_string(), "{}", empty.body);
    let long = app.reply_json(&code_text, &"a".repeat(5001), &[]).await;
    assert_eq!(long.status, 422);
    let not_text = app
        .post_reply(
            &code_text,
            "application/json",
            br#"{"text": 7}"#.to_vec(),
            &[],
        )
        .await;
    assert_eq!(not_text.status, 422, "{}", not_text.body);
    let (content_type, body) = multipart(
        &[("text", "Berkas biner.")],
        &[(
            "program.exe",
            "application/octet-stream",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(),
        )],
    );
    let binary = app.post_reply(&code_text, &content_type, body, &[]).await;
    assert_eq!(binary.status, 422, "{}", binary.body);
    assert!(binary.json()["errors"]["evidence"].is_string());
    let xml = app
        .post_reply(&code_text, "application/xml", b"<text/>".to_vec(), &[])
        .await;
    assert_eq!(xml.status, 415);
    let unknown = csirt_test_kit::cases::fresh_code("TGL").to_string();
    assert_eq!(app.reply_json(&unknown, "Halo.", &[]).await.status, 404);
    assert_eq!(
        app.reply_json("TGL-0000-0000-000X", "Halo.", &[])
            .await
            .status,
        422
    );
    let case = app.cases.get(&code).await.unwrap().unwrap();
    assert!(case.messages.is_empty());
    assert_eq!(case.version, 1);
}

#[tokio::test]
async fn hostile_files_are_kept_but_never_offered_inline() {
    let app = app();
    let code = report(&app).await;
    let code_text = code.to_string();
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.cookie)\"><script>alert(1)</script></svg>".to_vec();
    let html = b"Catatan log server\n<html><body><script>fetch('/staff/')</script></body></html>\n"
        .to_vec();
    let polyglot = b"GIF89a/*<svg onload=alert(1)>*/=1;alert(document.domain)//\x00\x3b".to_vec();
    let (content_type, body) = multipart(
        &[("text", "Tiga berkas <b>tebal</b>.")],
        &[
            (
                "<img src=x onerror=alert(1)>.svg",
                "image/svg+xml",
                svg.clone(),
            ),
            ("log.txt", "text/plain", html.clone()),
            ("gambar.gif", "image/gif", polyglot.clone()),
        ],
    );
    let stored = app.post_reply(&code_text, &content_type, body, &[]).await;
    assert_eq!(stored.status, 201, "{}", stored.body);
    let case = app.cases.get(&code).await.unwrap().unwrap();
    let files = &case.messages[0].files;
    let types: Vec<&str> = files.iter().map(|f| f.media_type.as_str()).collect();
    // Typed by content, whatever they claim: an SVG and a log with HTML after its first line are markup, kept as
    // opaque bytes; the polyglot is a GIF.
    assert_eq!(
        types,
        [
            "application/octet-stream",
            "application/octet-stream",
            "image/gif"
        ]
    );
    assert!(files[0].is_opaque() && files[1].is_opaque() && !files[2].is_opaque());
    for (file, bytes) in files.iter().zip([&svg, &html, &polyglot]) {
        assert_eq!(
            app.evidence
                .get(code.key(), &file.sha256)
                .await
                .unwrap()
                .as_ref(),
            Some(bytes)
        );
        // The public site never hands out a reporter's file.
        let download = app
            .get(
                &format!("/api/reports/{code_text}/files/{}", file.sha256),
                &[],
            )
            .await;
        assert_eq!(download.status, 404, "{}", download.body);
    }
    // The page without JavaScript escapes the names and the text.
    let page = app.status(&code_text, &[("accept", "text/html")]).await;
    assert!(!page.body.contains("<img src=x"), "{}", page.body);
    assert!(
        page.body.contains("&lt;img src=x onerror=alert(1)&gt;.svg"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Tiga berkas &lt;b&gt;tebal&lt;&#x2F;b&gt;.")
    );

    // The same files sent by the team are downloads: never a type a browser renders, never sniffed.
    let typed: Vec<EvidenceFile> = [svg, polyglot]
        .into_iter()
        .map(|bytes| {
            EvidenceFile::from_upload(bytes)
                .unwrap()
                .named("panduan\".svg")
        })
        .collect();
    team_writes(&app, &code, "Panduan terlampir.", &typed).await;
    for file in &typed {
        let download = app
            .get(
                &format!("/api/reports/{code_text}/files/{}", file.sha256()),
                &[],
            )
            .await;
        assert_eq!(download.status, 200, "{}", download.body);
        assert_eq!(download.headers["content-type"], "application/octet-stream");
        let disposition = download.headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(
            disposition.contains("filename=\"panduan_.svg\""),
            "{disposition}"
        );
        assert_eq!(download.headers["x-content-type-options"], "nosniff");
        assert_eq!(
            download.headers["content-security-policy"],
            "default-src 'none'; sandbox"
        );
    }
}

#[tokio::test]
async fn the_team_writes_and_the_reporter_sees_it_with_its_file() {
    let app = app();
    let code = report(&app).await;
    let code_text = code.to_string();
    let guide =
        EvidenceFile::from_upload(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".to_vec())
            .unwrap()
            .named("panduan-pemulihan.pdf");
    team_writes(
        &app,
        &code,
        "Mohon ganti kata sandi admin.\nLalu kabari kami.",
        std::slice::from_ref(&guide),
    )
    .await;
    let status = app.status(&code_text, &[]).await.json();
    let message = &status["messages"][0];
    assert_eq!(message["from"], "team");
    // Whole seconds for machines; "30 November 2026, 09.10 WIB" for people, in the team's zone.
    for at in [
        &message["at"],
        &status["timeline"][0]["at"],
        &status["received_at"],
    ] {
        let at = at.as_str().unwrap();
        assert!(at.ends_with('Z') && !at.contains('.'), "{at}");
    }
    let at: DateTime<Utc> = message["at"].as_str().unwrap().parse().unwrap();
    let wib =
        csirt_domain::local_time::LocalTime::new(chrono::FixedOffset::east_opt(7 * 3600).unwrap());
    assert_eq!(
        message["at_local"],
        wib.moment(at, csirt_domain::lang::Lang::Id)
    );
    assert!(message["at_local"].as_str().unwrap().ends_with(" WIB"));
    assert_eq!(
        message["text"],
        "Mohon ganti kata sandi admin.\nLalu kabari kami."
    );
    let url = message["files"][0]["url"].as_str().unwrap();
    assert_eq!(
        url,
        format!("/api/reports/{code_text}/files/{}", guide.sha256())
    );
    let download = app.get(url, &[]).await;
    assert_eq!(download.status, 200);
    assert!(download.body.starts_with("%PDF-1.4"));
    // The status shows no one's name: the team is "team", whoever wrote.
    assert!(!app.status(&code_text, &[]).await.body.contains("rina"));
    let case = app.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(case.messages[0].from, Party::Team);
}

#[tokio::test]
async fn a_case_set_to_reply_by_email_only_shows_no_thread_and_takes_no_reply() {
    let app = app();
    let code = report(&app).await;
    let code_text = code.to_string();
    team_writes(&app, &code, "Pesan sensitif.", &[]).await;
    apply_change(
        &*app.cases,
        &code,
        Change::SetReplyChannel { email_only: true },
        staff("rina"),
        Utc::now(),
    )
    .await
    .unwrap();
    let status = app.status(&code_text, &[]).await;
    assert!(!status.body.contains("Pesan sensitif"), "{}", status.body);
    assert_eq!(status.json()["reply_by_email_only"], true);
    assert_eq!(status.json()["messages"], json!([]));
    let refused = app.reply_json(&code_text, "Balasan.", &[]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.json()["error"].as_str().unwrap().contains("e-mail"));
    let page = app.status(&code_text, &[("accept", "text/html")]).await;
    assert!(!page.body.contains("Pesan sensitif"));
    assert!(!page.body.contains("<form class=\"reply-form\""));
}

#[tokio::test]
async fn replies_count_against_the_submission_rate_limit() {
    let app = app_with(&[("CSIRT_RATE_LIMIT", "2/600")]);
    let code = report(&app).await.to_string();
    let first = app.reply_json(&code, "Balasan pertama.", &[]).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let limited = app.reply_json(&code, "Balasan kedua.", &[]).await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert!(limited.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn the_page_without_javascript_shows_the_thread_and_takes_a_reply() {
    let app = app();
    let code = report(&app).await;
    let code_text = code.to_string();
    team_writes(&app, &code, "Apakah situs sudah dipulihkan?", &[]).await;
    let page = app
        .get(
            &format!("/api/reports/{code_text}?lang=en"),
            &[("accept", "text/html")],
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Apakah situs sudah dipulihkan?"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Anyone who holds the tracking code can read this conversation")
    );
    let action = format!("action=\"/api/reports/{code_text}/messages?lang=en\"");
    assert!(page.body.contains(&action), "{}", page.body);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    let (content_type, body) = multipart(
        &[
            ("text", "Sudah, terima kasih."),
            ("lang", "en"),
            ("website", ""),
        ],
        &[],
    );
    let mut request =
        axum::http::Request::post(format!("/api/reports/{code_text}/messages?lang=en"))
            .header("content-type", content_type)
            .header("accept", "text/html,application/xhtml+xml");
    request = request.header("accept-language", "en");
    let sent = app
        .send(request.body(axum::body::Body::from(body)).unwrap())
        .await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    assert!(
        sent.body.contains("Your message has been sent to the team"),
        "{}",
        sent.body
    );
    // Tera escapes the slashes of the link.
    assert!(
        sent.body
            .contains(&format!("{code_text}?lang=en#percakapan")),
        "{}",
        sent.body
    );
    // A bot that fills in the hidden field is answered, and nothing is stored.
    let (content_type, body) =
        multipart(&[("text", "spam"), ("website", "http://spam.example")], &[]);
    let bot = app.post_reply(&code_text, &content_type, body, &[]).await;
    assert_eq!(bot.status, 201);
    let case = app.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(case.messages.len(), 2);
}
