//! The thread with the reporter on the case page: the team writes (with files, confirming personal data first),
//! the reporter's replies show with their files as attachments, the reply channel is switched by the roles the
//! SOP allows, and nothing is written by a role without the action or a form from elsewhere.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use csirt_domain::case::{Change, Party, ReplyWindow};
use csirt_domain::channel::Channel;
use csirt_domain::digest::sha256_hex;
use csirt_domain::evidence::EvidenceFile;
use csirt_domain::report::ReportInput;
use csirt_domain::text::MessageText;
use csirt_domain::tracking::TrackingCode;
use csirt_staff::record::{Recording, record_report};
use csirt_staff::steps::take_step;
use csirt_store::thread::{Reply, post_reply};
use csirt_test_kit::reports::report_fields;

use crate::case_page::{recorded_case, unescaped};
use crate::support::{Answer, Browser, Console};

/// A small PDF, as the content check knows one.
const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// An SVG image with script: plain text by its content, so it must only ever be downloaded.
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>\n";

/// A multipart body of `pairs` and `files` (file name, bytes) in the write form's `files` input.
fn multipart(pairs: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let files: Vec<(&str, &str, Vec<u8>)> = files
        .iter()
        .map(|(name, bytes)| (*name, "application/octet-stream", bytes.to_vec()))
        .collect();
    csirt_test_kit::reports::multipart_with(pairs, "files", &files)
}

/// Posts the write form of case `code` as `browser`: its anti-forgery value unless `pairs` has one.
async fn write(
    console: &Console,
    browser: &mut Browser,
    code: &TrackingCode,
    pairs: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> Answer {
    let csrf = browser.csrf.clone();
    let mut all: Vec<(&str, &str)> = Vec::new();
    if !pairs.iter().any(|(k, _)| *k == "csrf") {
        all.push(("csrf", &csrf));
    }
    all.extend_from_slice(pairs);
    let (content_type, body) = multipart(&all, files);
    let request = Request::post(format!("/staff/cases/{code}/thread"))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "text/html")
        .body(Body::from(body))
        .unwrap();
    console.send(browser, request).await
}

/// The thread section of a case page.
fn thread_section(html: &str) -> &str {
    let start = html.find("id=\"thread\"").expect("the thread section");
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// How many messages case `code` holds in the store.
async fn messages(console: &Console, code: &TrackingCode) -> usize {
    console
        .desk
        .cases
        .get(code)
        .await
        .unwrap()
        .unwrap()
        .messages
        .len()
}

/// A Bali case whose reporter gave a telephone number and no e-mail address.
async fn phone_only_case(console: &Console) -> TrackingCode {
    let fields: Vec<(&str, &str)> = report_fields()
        .into_iter()
        .filter(|(name, _)| *name != "reporter_email")
        .collect();
    let recording = Recording {
        input: ReportInput::from_pairs(fields),
        evidence: Vec::new(),
        channel: Channel::Phone,
        received_at: Utc::now(),
    };
    record_report(&console.desk, recording, &console.admin)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_team_message_with_a_pdf_shows_on_the_thread_and_downloads_as_an_attachment() {
    let console = Console::new("bali").await;
    let code = recorded_case(&console, Vec::new()).await;
    let note = Change::AddNote {
        text: csirt_domain::text::StaffText::parse("Catatan-rahasia-internal").unwrap(),
    };
    take_step(&console.desk, &code, note, &console.admin, Utc::now())
        .await
        .unwrap();
    let mut admin = console.admin_browser().await;
    let path = format!("/staff/cases/{code}");
    let page = console.get(&mut admin, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Percakapan dengan pelapor"));
    assert!(page.body.contains("id=\"thread-write\""), "the write form");
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    assert!(
        page.body.contains("TLP:AMBER"),
        "the guidance above the text"
    );
    assert!(page.body.contains("Belum ada pesan."));

    let text = "Terima kasih atas laporannya.\nPanduan pemulihan terlampir.";
    let sent = write(
        &console,
        &mut admin,
        &code,
        &[("text", text)],
        &[("panduan pemulihan.pdf", PDF)],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(
        sent.header("location"),
        format!("/staff/cases/{code}?thread=message#thread")
    );
    let case = console.desk.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(case.messages.len(), 1);
    assert_eq!(case.messages[0].from, Party::Team);
    assert_eq!(case.messages[0].files[0].media_type, "application/pdf");

    let page = console
        .get(&mut admin, &format!("{path}?thread=message"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let thread = unescaped(thread_section(&page.body));
    assert!(thread.contains("Pesan sudah dikirim ke pelapor."));
    assert!(thread.contains(text), "the text with its line break");
    assert!(thread.contains("<strong>Tim</strong> · <span class=\"actor\">admin</span>"));
    assert!(thread.contains("panduan pemulihan.pdf"));
    assert!(
        !thread.contains("Catatan-rahasia-internal"),
        "an internal note is no message"
    );
    let sha = sha256_hex(PDF);
    let link = format!("/staff/cases/{code}/evidence/{sha}");
    assert!(thread.contains(&format!("<a href=\"{link}\" download>")));
    assert!(!thread.contains("/preview"), "never inline");
    // The history says what happened.
    assert!(page.body.contains("Pesan ke pelapor"));

    let file = console.get(&mut admin, &link).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.body);
    assert_eq!(file.header("content-type"), "application/octet-stream");
    assert!(
        file.header("content-disposition")
            .starts_with("attachment; filename=\"panduan pemulihan.pdf\""),
        "{}",
        file.header("content-disposition")
    );
    assert_eq!(file.header("x-content-type-options"), "nosniff");
}

#[tokio::test]
async fn an_account_without_message_reporter_sees_no_form_and_its_post_writes_nothing() {
    let console = Console::new("bali").await;
    let viewer_secret = console.add("ketut", &["viewer"]).await;
    let code = recorded_case(&console, Vec::new()).await;
    let path = format!("/staff/cases/{code}");

    let mut viewer = console.signed_in("ketut", &viewer_secret).await;
    let page = console.get(&mut viewer, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("Percakapan dengan pelapor"),
        "the thread is read by every role"
    );
    assert!(!page.body.contains("id=\"thread-write\""));
    assert!(!page.body.contains("/reply-channel\""));

    // The viewer's own session and anti-forgery value: refused by role.
    let refused = write(&console, &mut viewer, &code, &[("text", "Halo")], &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let channel = console
        .post(
            &mut viewer,
            &format!("{path}/reply-channel"),
            &[("email_only", "1")],
        )
        .await;
    assert_eq!(channel.status, StatusCode::FORBIDDEN, "{}", channel.body);

    // The admin's session with a form from elsewhere (no or a wrong anti-forgery value): refused as forged.
    let mut admin = console.admin_browser().await;
    for token in ["", "0000"] {
        let forged = write(
            &console,
            &mut admin,
            &code,
            &[("csrf", token), ("text", "Halo")],
            &[("a.pdf", PDF)],
        )
        .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
        assert!(forged.body.contains("anti-pemalsuan"), "{}", forged.body);
    }
    assert_eq!(messages(&console, &code).await, 0, "nothing written");
    let case = console.desk.cases.get(&code).await.unwrap().unwrap();
    assert!(!case.reply_by_email_only);
    let stored = console
        .desk
        .evidence
        .get(code.key(), &sha256_hex(PDF))
        .await
        .unwrap();
    assert!(stored.is_none(), "no file stored by a refused post");
}

#[tokio::test]
async fn a_text_naming_an_email_address_is_sent_only_once_confirmed() {
    let console = Console::new("bali").await;
    let code = recorded_case(&console, Vec::new()).await;
    let mut admin = console.admin_browser().await;
    console
        .get(&mut admin, &format!("/staff/cases/{code}"))
        .await;
    let text = "Silakan hubungi admin@dinkes.example.go.id untuk pemulihan.";

    let held = write(&console, &mut admin, &code, &[("text", text)], &[]).await;
    assert_eq!(
        held.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        held.body
    );
    let section = unescaped(thread_section(&held.body));
    assert!(section.contains("alamat e-mail: <code>admin@dinkes.example.go.id</code>"));
    assert!(section.contains("name=\"confirm_personal_data\""));
    assert!(section.contains("Saya memastikan data ini boleh dibaca pemegang kode pelacakan"));
    assert!(
        section.contains(&format!(">{text}</textarea>")),
        "the text kept"
    );
    assert_eq!(messages(&console, &code).await, 0, "not sent unconfirmed");

    let sent = write(
        &console,
        &mut admin,
        &code,
        &[("text", text), ("confirm_personal_data", "on")],
        &[],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let case = console.desk.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(case.messages.len(), 1);
    assert_eq!(case.messages[0].text.as_str(), text);

    // An empty text is the library's refusal, on the page, not a crash.
    let empty = write(&console, &mut admin, &code, &[("text", "   ")], &[]).await;
    assert_eq!(
        empty.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        empty.body
    );
    assert!(empty.body.contains("Pesan belum dikirim"), "{}", empty.body);
    // A file that is no image, PDF or text is refused by its content.
    let zip = write(
        &console,
        &mut admin,
        &code,
        &[("text", "Arsip")],
        &[("arsip.zip", b"PK\x03\x04\x14\0\0\0\x08\0\xff\xfe\0\x01")],
    )
    .await;
    assert_eq!(zip.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", zip.body);
    assert!(unescaped(&zip.body).contains("arsip.zip: not an image"));
    assert_eq!(messages(&console, &code).await, 1);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_as_too_large() {
    let console = Console::new("bali").await;
    let code = recorded_case(&console, Vec::new()).await;
    let mut admin = console.admin_browser().await;
    console
        .get(&mut admin, &format!("/staff/cases/{code}"))
        .await;
    let big = vec![b'a'; 2 * 1024 * 1024 + 512 * 1024];
    let answer = write(
        &console,
        &mut admin,
        &code,
        &[("text", "Dua log")],
        &[("satu.txt", &big), ("dua.txt", &big)],
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.body
    );
    assert!(answer.body.contains("4 MiB"), "{}", answer.body);
    let huge = vec![b'a'; 3 * 1024 * 1024 + 1];
    let answer = write(
        &console,
        &mut admin,
        &code,
        &[("text", "Log")],
        &[("besar.txt", &huge)],
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.body
    );
    assert!(answer.body.contains("3 MiB"), "{}", answer.body);
    assert_eq!(messages(&console, &code).await, 0);
}

#[tokio::test]
async fn reply_by_email_only_needs_the_reporters_email_address() {
    let console = Console::new("bali").await;
    let phone_only = phone_only_case(&console).await;
    let with_email = recorded_case(&console, Vec::new()).await;
    let mut admin = console.admin_browser().await;

    let page = console
        .get(&mut admin, &format!("/staff/cases/{phone_only}"))
        .await;
    assert!(page.body.contains("Pelapor tidak memberikan alamat e-mail"));
    assert!(!page.body.contains("/reply-channel\""), "no switch offered");
    let refused = console
        .post(
            &mut admin,
            &format!("/staff/cases/{phone_only}/reply-channel"),
            &[("email_only", "1")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(
        refused.body.contains("no e-mail address"),
        "{}",
        refused.body
    );
    let case = console.desk.cases.get(&phone_only).await.unwrap().unwrap();
    assert!(!case.reply_by_email_only);

    let path = format!("/staff/cases/{with_email}");
    let page = console.get(&mut admin, &path).await;
    assert!(page.body.contains(&format!(
        "action=\"/staff/cases/{with_email}/reply-channel\""
    )));
    let switched = console
        .post(
            &mut admin,
            &format!("{path}/reply-channel"),
            &[("email_only", "1")],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.body);
    assert_eq!(
        switched.header("location"),
        format!("{path}?thread=channel#thread")
    );
    let case = console.desk.cases.get(&with_email).await.unwrap().unwrap();
    assert!(case.reply_by_email_only);
    let page = console.get(&mut admin, &path).await;
    assert!(
        page.body
            .contains("<strong class=\"reply-channel\">hanya lewat e-mail</strong>")
    );
    assert!(
        page.body
            .contains("Kembalikan ke percakapan di halaman status")
    );
    assert!(
        page.body.contains("Saluran balasan diubah"),
        "in the history"
    );

    // An agent-less role (the front desk may write but not switch) sees no switch.
    let desk_secret = console.add("made", &["front-desk"]).await;
    let mut front_desk = console.signed_in("made", &desk_secret).await;
    let page = console.get(&mut front_desk, &path).await;
    assert!(page.body.contains("id=\"thread-write\""));
    assert!(!page.body.contains("/reply-channel\""));
}

#[tokio::test]
async fn a_reporters_reply_shows_escaped_with_its_files_served_as_attachments() {
    let console = Console::new("bali").await;
    let code = recorded_case(&console, Vec::new()).await;
    let svg = EvidenceFile::from_upload(SVG.as_bytes().to_vec())
        .unwrap()
        .named("serangan.svg");
    let reply = Reply {
        text: MessageText::parse("<script>alert(3)</script>\nServer sudah saya matikan.").unwrap(),
        files: std::slice::from_ref(&svg),
        key_hash: None,
        at: Utc::now(),
    };
    post_reply(
        &*console.desk.cases,
        &*console.desk.evidence,
        &code,
        &ReplyWindow::default(),
        reply,
    )
    .await
    .unwrap();

    let mut admin = console.admin_browser().await;
    let page = console
        .get(&mut admin, &format!("/staff/cases/{code}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("1 balasan pelapor"),
        "counted in the summary"
    );
    assert!(page.body.contains("balasan terakhir pelapor belum dijawab"));
    assert!(!page.body.contains("<script>alert(3)"), "escaped");
    assert!(
        !page.body.contains("alert(2)"),
        "the file's content stays off the page"
    );
    let section = thread_section(&page.body);
    assert!(section.contains("&lt;script&gt;alert(3)&lt;"));
    assert!(section.contains("class=\"message from-reporter\""));
    assert!(section.contains("<strong>Pelapor</strong>"));
    assert!(page.body.contains("Balasan pelapor"), "in the history");
    let sha = sha256_hex(SVG.as_bytes());
    let link = format!("/staff/cases/{code}/evidence/{sha}");
    assert!(unescaped(section).contains(&format!("<a href=\"{link}\" download>serangan.svg</a>")));

    let file = console.get(&mut admin, &link).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.body);
    assert_eq!(file.header("content-type"), "application/octet-stream");
    assert!(
        file.header("content-disposition")
            .starts_with("attachment;")
    );
    assert_eq!(file.header("x-content-type-options"), "nosniff");
    assert_eq!(
        file.header("content-security-policy"),
        "default-src 'none'; sandbox"
    );
    assert_eq!(file.body, SVG);
    let preview = console.get(&mut admin, &format!("{link}/preview")).await;
    assert_eq!(preview.status, StatusCode::NOT_FOUND, "never inline");

    // Once the team answers, the reply is no longer unanswered.
    write(
        &console,
        &mut admin,
        &code,
        &[("text", "Terima kasih.")],
        &[],
    )
    .await;
    let page = console
        .get(&mut admin, &format!("/staff/cases/{code}"))
        .await;
    assert!(page.body.contains("1 balasan pelapor"));
    assert!(!page.body.contains("belum dijawab"));
}
