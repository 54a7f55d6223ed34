//! Reports refused: field errors in the language asked for, oversized bodies (413), other body types (415), a
//! client over its limit (429).

use super::stored_count;
use crate::support::*;
use serde_json::json;

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
