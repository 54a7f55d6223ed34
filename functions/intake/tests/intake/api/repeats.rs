//! Repeated and automated submissions: a retry under the same key stores one case, a bot filling the honeypot
//! is answered and forgotten.

use super::stored_count;
use crate::support::*;

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
