//! The public verification of an issued document: a code filed by the staff library finds its kind, number,
//! date and team; a pasted SHA-256 matches or not; an unknown, mistyped or missing code gets one answer; and the
//! page holds nothing personal and nothing of the case.

use axum::body::Body;
use axum::http::Request;
use chrono::{TimeZone, Utc};
use csirt_domain::case::{DocumentCheck, DocumentKind, VerificationCode};
use csirt_domain::lang::Localized;
use csirt_test_kit::app::{Answer, TestApp, app};
use serde_json::{Value, json};

const HTML: &str = "text/html,application/xhtml+xml,*/*;q=0.8";
const FILE_HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

async fn filed(app: &TestApp) -> VerificationCode {
    let code = VerificationCode::generate().unwrap();
    app.cases
        .put_document_check(&DocumentCheck {
            code: code.clone(),
            kind: DocumentKind::NotificationLetter,
            number: "B-017/TTIS/XI/2026".to_owned(),
            issued_at: Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap(),
            team: "TTIS".to_owned(),
            organisation: Localized::new("Dinas Kominfo Kukar", "Kukar Communication Office"),
            signed_as: Some(Localized::new("Kepala Dinas", "Head of the Office")),
            sha256: vec![FILE_HASH.to_owned()],
        })
        .await
        .unwrap();
    code
}

async fn verify(app: &TestApp, query: &str, accept: Option<&str>) -> Answer {
    let mut request = Request::get(format!("/api/verifikasi?{query}"));
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_filed_code_finds_its_document_and_a_matching_hash_says_so() {
    let app = app();
    let code = filed(&app).await;
    let printed = code.printed();
    let found = verify(&app, &format!("kode={printed}&sha256={FILE_HASH}"), None).await;
    assert_eq!(found.status, 200, "{}", found.body);
    let view = found.json();
    assert_eq!(view["found"], true);
    assert_eq!(view["hash"], "match");
    assert_eq!(view["document"]["number"], "B-017/TTIS/XI/2026");
    assert_eq!(view["document"]["kind"], "notification_letter");
    assert_eq!(view["document"]["team"], "TTIS");
    assert_eq!(view["document"]["signed_as"], "Kepala Dinas");
    // Typed in capitals, without hyphens, with the hash in capitals: the same.
    let typed = verify(
        &app,
        &format!(
            "kode={}&sha256={}",
            code.as_str().to_uppercase(),
            FILE_HASH.to_uppercase()
        ),
        None,
    )
    .await;
    assert_eq!(typed.json()["hash"], "match");
    // Without a hash, the document is shown and nothing is checked.
    let unchecked = verify(&app, &format!("kode={printed}"), None).await;
    assert_eq!(unchecked.json()["hash"], "not_checked");

    // The page without JavaScript: in the layout, in Indonesian, then in English.
    let page = verify(
        &app,
        &format!("kode={printed}&sha256={FILE_HASH}"),
        Some(HTML),
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Surat Pemberitahuan Insiden Siber"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("B-017&#x2F;TTIS&#x2F;XI&#x2F;2026"),
        "the number, escaped"
    );
    assert!(page.body.contains("SHA-256 berkas cocok"));
    assert!(
        page.body.contains("action=\"/api/verifikasi\""),
        "the form again"
    );
    let english = verify(&app, &format!("kode={printed}&lang=en"), Some(HTML)).await;
    assert!(english.body.contains("Cyber incident notification letter"));
    assert!(english.body.contains("Head of the Office"));
}

#[tokio::test]
async fn a_wrong_hash_is_a_mismatch() {
    let app = app();
    let code = filed(&app).await;
    let other = "0".repeat(64);
    let view = verify(
        &app,
        &format!("kode={}&sha256={other}", code.printed()),
        None,
    )
    .await
    .json();
    assert_eq!(view["found"], true);
    assert_eq!(view["hash"], "mismatch");
    let page = verify(
        &app,
        &format!("kode={}&sha256={other}", code.printed()),
        Some(HTML),
    )
    .await;
    assert!(page.body.contains("TIDAK cocok"), "{}", page.body);
}

#[tokio::test]
async fn unknown_mistyped_and_missing_codes_get_one_answer() {
    let app = app();
    filed(&app).await;
    let unknown = VerificationCode::generate().unwrap();
    let not_found =
        |code: &str| json!({"found": false, "code": code, "document": null, "hash": "not_checked"});
    for (query, shown) in [
        (
            format!("kode={}&sha256={FILE_HASH}", unknown.printed()),
            unknown.printed(),
        ),
        ("kode=abc&sha256=".to_owned(), "abc".to_owned()),
        ("kode=%3Cscript%3E".to_owned(), "script".to_owned()),
        (String::new(), String::new()),
    ] {
        let answer = verify(&app, &query, None).await;
        assert_eq!(answer.status, 200, "{query}");
        let view: Value = answer.json();
        assert_eq!(view, not_found(&shown), "{query}");
        let page = verify(&app, &query, Some(HTML)).await;
        assert!(
            page.body.contains("Tidak ada dokumen terbitan tim"),
            "{query}"
        );
        assert!(!page.body.contains("<script>"), "{query}");
    }
}

#[tokio::test]
async fn the_page_holds_nothing_personal_nor_the_case() {
    let app = app();
    // A report is on the store too: nothing of it reaches the verification page.
    let reply = app
        .post_json(&csirt_test_kit::reports::report_json(), &[])
        .await;
    let tracking = reply.json()["tracking_code"].as_str().unwrap().to_owned();
    let code = filed(&app).await;
    let page = verify(&app, &format!("kode={}", code.printed()), Some(HTML)).await;
    let json = verify(&app, &format!("kode={}", code.printed()), None).await;
    for body in [&page.body, &json.body] {
        assert!(!body.contains(&tracking), "the tracking code");
        for personal in ["@", "+62", "0812", "Petugas"] {
            assert!(!body.contains(personal), "{personal} in {body}");
        }
    }
}

#[test]
fn the_sites_verification_form_goes_to_this_route() {
    let template = include_str!("../../../../../templates/site/verification.html");
    assert!(template.contains(r#"method="get" action="{{ api }}/verifikasi""#));
    assert_eq!(csirt_intake::routes::VERIFICATION, "/api/verifikasi");
    let form = include_str!("../../../../../templates/intake/verification.html");
    assert!(form.contains(r#"action="/api/verifikasi""#));
}
