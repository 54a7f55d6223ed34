//! The cap on what all clients together file a day (`CSIRT_DAILY_REPORTS`, `CSIRT_DAILY_EVIDENCE`): past it the
//! intake answers `503` with `Retry-After` up to midnight in the team's zone, as JSON or on the site-layout
//! page, and stores nothing; concurrent submissions at the edge are never let through beyond it.

use std::sync::Arc;

use super::stored_count;
use crate::support::*;
use chrono::{FixedOffset, Utc};
use csirt_domain::local_time::LocalTime;

/// The seconds from now to the next midnight in the shipped team's zone (WIB).
fn seconds_to_midnight() -> i64 {
    let wib = LocalTime::new(FixedOffset::east_opt(7 * 3600).unwrap());
    let now = Utc::now();
    (wib.day_end(now) - now).num_seconds()
}

/// Posts `count` reports at once; the status of each.
async fn at_once(app: Arc<TestApp>, count: usize) -> Vec<Answer> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..count {
        let app = Arc::clone(&app);
        tasks.spawn(async move { app.post_json(&report_json(), &[]).await });
    }
    tasks.join_all().await
}

/// The cap holds for `count` concurrent submissions: exactly `cap` stored, the rest refused with `503`.
async fn holds_at_the_edge(app: TestApp, cap: usize, count: usize) {
    let app = Arc::new(app);
    let answers = at_once(Arc::clone(&app), count).await;
    let stored = answers.iter().filter(|a| a.status == 201).count();
    let refused: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
    assert_eq!(
        stored,
        cap,
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert_eq!(refused.len(), count - cap);
    assert_eq!(stored_count(&app).await, cap);
    let expected = seconds_to_midnight();
    for answer in refused {
        let retry: i64 = answer.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (expected - 60..=expected + 1).contains(&retry),
            "Retry-After {retry}, midnight in {expected} s"
        );
        let error = answer.json()["error"].as_str().unwrap().to_owned();
        assert!(error.contains("pukul 00.00 WIB"), "{error}");
        assert!(error.contains("belum tersimpan"), "{error}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_daily_report_cap_holds_under_concurrent_submissions() {
    holds_at_the_edge(app_with(&[("CSIRT_DAILY_REPORTS", "3")]), 3, 12).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_daily_report_cap_holds_under_concurrent_submissions_on_dynamodb() {
    let resources = AwsResources::create(&moto_endpoint()).await;
    let app = aws_app(&resources, &[("CSIRT_DAILY_REPORTS", "3")]).await;
    holds_at_the_edge(app, 3, 10).await;
}

#[tokio::test]
async fn the_daily_evidence_cap_refuses_what_does_not_fit_on_the_layout_page() {
    let app = app_with(&[("CSIRT_DAILY_EVIDENCE", "1MB")]);
    let log = |size: usize| vec![("log.txt", "text/plain", vec![b'a'; size])];
    let first = app.post_multipart(&report_fields(), &log(600 * 1024)).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let over = app.post_multipart(&report_fields(), &log(600 * 1024)).await;
    assert_eq!(over.status, 503, "{}", over.body);
    assert!(over.headers.contains_key("retry-after"));
    assert_eq!(
        stored_count(&app).await,
        1,
        "nothing of the refused report is stored"
    );
    // What still fits goes through: a smaller file, a report without one.
    assert_eq!(
        app.post_multipart(&report_fields(), &log(400 * 1024))
            .await
            .status,
        201
    );
    assert_eq!(app.post_json(&report_json(), &[]).await.status, 201);
    // A reply's files count too.
    let code = first.json()["tracking_code"].as_str().unwrap().to_owned();
    let (content_type, body) = multipart(&[("text", "Log tambahan.")], &log(100 * 1024));
    let reply = app.post_reply(&code, &content_type, body, &[]).await;
    assert_eq!(reply.status, 503, "{}", reply.body);
    // A browser without JavaScript gets the page in the site's layout, in its language.
    let mut fields = report_fields();
    fields.push(("lang", "en"));
    let (content_type, body) = multipart(&fields, &log(50 * 1024));
    let page = app
        .send(
            axum::http::Request::post("/api/reports")
                .header("content-type", content_type)
                .header("accept", "text/html")
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(page.status, 503);
    assert!(page.headers.contains_key("retry-after"));
    assert!(
        page.body.contains("<!DOCTYPE html>") || page.body.contains("<html"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Please try again after 00:00 WIB"),
        "{}",
        page.body
    );
    assert_eq!(stored_count(&app).await, 3);
}

#[tokio::test]
async fn a_refused_or_repeated_submission_takes_nothing_from_the_day() {
    let app = app_with(&[("CSIRT_DAILY_REPORTS", "2")]);
    let key = [("idempotency-key", "laporan-1")];
    assert_eq!(app.post_json(&report_json(), &key).await.status, 201);
    // The repetition stores nothing, and invalid reports are refused before they claim anything.
    assert_eq!(app.post_json(&report_json(), &key).await.status, 201);
    assert_eq!(
        app.post_json(&serde_json::json!({"description": ""}), &[])
            .await
            .status,
        422
    );
    assert_eq!(app.post_json(&report_json(), &[]).await.status, 201);
    assert_eq!(app.post_json(&report_json(), &[]).await.status, 503);
    assert_eq!(stored_count(&app).await, 2);
}
