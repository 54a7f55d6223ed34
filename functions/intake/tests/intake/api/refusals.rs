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
    // A browser is told when to try again, in minutes.
    let page = app
        .post_json(&report_json(), &[("accept", "text/html")])
        .await;
    assert_eq!(page.status, 429);
    let minutes = retry.div_ceil(60);
    assert!(
        page.body
            .contains(&format!("Coba lagi dalam {minutes} menit.")),
        "{}",
        page.body
    );
}

/// A report from `client` (through a trusted proxy's `X-Forwarded-For`), with more `headers`.
async fn from(
    app: &TestApp,
    client: &str,
    body: &serde_json::Value,
    headers: &[(&str, &str)],
) -> u16 {
    let mut all = vec![("x-forwarded-for", client)];
    all.extend_from_slice(headers);
    app.post_json(body, &all).await.status
}

#[tokio::test]
async fn only_stored_reports_count_and_an_ipv6_client_is_its_64() {
    let app = app_with(&[("CSIRT_RATE_LIMIT", "2/600"), ("CSIRT_TRUST_PROXY", "1")]);
    let mut invalid = report_json();
    invalid["description"] = serde_json::json!("");
    // Typos corrected three times, then two reports: all taken.
    for _ in 0..3 {
        assert_eq!(from(&app, "203.0.113.9", &invalid, &[]).await, 422);
    }
    assert_eq!(from(&app, "203.0.113.9", &report_json(), &[]).await, 201);
    assert_eq!(from(&app, "203.0.113.9", &report_json(), &[]).await, 201);
    assert_eq!(from(&app, "203.0.113.9", &report_json(), &[]).await, 429);
    assert_eq!(from(&app, "203.0.113.10", &report_json(), &[]).await, 201);

    // Addresses of one /64 share one limit; the next /64 has its own.
    assert_eq!(
        from(&app, "2001:db8:1:2::1", &report_json(), &[]).await,
        201
    );
    assert_eq!(
        from(&app, "2001:db8:1:2:abcd::7", &report_json(), &[]).await,
        201
    );
    assert_eq!(
        from(&app, "2001:db8:1:2::ffff", &report_json(), &[]).await,
        429
    );
    assert_eq!(
        from(&app, "2001:db8:1:3::1", &report_json(), &[]).await,
        201
    );
}

#[tokio::test]
async fn an_idempotency_key_belongs_to_the_client_that_sent_it() {
    let app = app_with(&[("CSIRT_TRUST_PROXY", "1")]);
    let key = [("idempotency-key", "laporan-1")];
    let mut other = report_json();
    other["description"] =
        serde_json::json!("Laporan lain dari klien lain, dengan kunci yang sama.");
    assert_eq!(from(&app, "203.0.113.9", &report_json(), &key).await, 201);
    // Another client using the same key is not refused, and gets its own report.
    assert_eq!(from(&app, "198.51.100.4", &other, &key).await, 201);
    assert_eq!(stored_count(&app).await, 2);
    // The first client's retry is still recognised.
    assert_eq!(from(&app, "203.0.113.9", &report_json(), &key).await, 201);
    assert_eq!(stored_count(&app).await, 2);
    assert_eq!(from(&app, "203.0.113.9", &other, &key).await, 422);
}

#[tokio::test]
async fn a_post_from_another_sites_page_is_refused_and_stores_nothing() {
    let app = app();
    let code = app.post_json(&report_json(), &[]).await.json()["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        vec![
            ("origin", "https://jahat.example"),
            ("host", "csirt.tegalkab.go.id"),
        ],
        vec![("origin", "null"), ("sec-fetch-site", "cross-site")],
    ] {
        let report = app.post_json(&report_json(), &headers).await;
        assert_eq!(report.status, 403, "{headers:?}: {}", report.body);
        assert!(
            report.json()["error"]
                .as_str()
                .unwrap()
                .contains("situs tim")
        );
        let reply = app
            .reply_json(&code, "Balasan dari situs lain.", &headers)
            .await;
        assert_eq!(reply.status, 403, "{headers:?}: {}", reply.body);
    }
    assert_eq!(stored_count(&app).await, 1);
    // The site's own form (its origin is the team file's base_url), and clients that are not browsers, pass.
    let own = app
        .post_json(
            &report_json(),
            &[
                ("origin", "https://csirt.tegalkab.go.id"),
                ("sec-fetch-site", "same-origin"),
            ],
        )
        .await;
    assert_eq!(own.status, 201, "{}", own.body);
    // The site's own form posted without JavaScript: an opaque Origin (its pages send no referrer), same origin.
    let form = app
        .post_json(
            &report_json(),
            &[("origin", "null"), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(form.status, 201, "{}", form.body);
    assert_eq!(stored_count(&app).await, 3);
}

#[tokio::test]
async fn every_answer_carries_the_intakes_own_security_headers_and_no_store() {
    let app = app();
    let created = app.post_json(&report_json(), &[]).await;
    let code = created.json()["tracking_code"].as_str().unwrap().to_owned();
    let answers = [
        created,
        app.post_json(&json!({}), &[]).await,
        app.status(&code, &[("accept", "text/html")]).await,
        app.get("/api/no-such-route", &[]).await,
    ];
    for answer in answers {
        for (name, value) in csirt_intake::guard::HEADERS {
            assert_eq!(
                answer.headers.get(name).and_then(|v| v.to_str().ok()),
                Some(value),
                "{name} on a {} answer",
                answer.status
            );
        }
    }
}

#[tokio::test]
async fn with_an_origin_secret_only_requests_through_cloudfront_are_served() {
    const SECRET: &str = "rahasia-asal-cloudfront-paling-sedikit-32";
    let app = app_with(&[
        ("CSIRT_ORIGIN_SECRET", SECRET),
        ("CSIRT_TRUST_CLOUDFRONT", "1"),
        ("CSIRT_RATE_LIMIT", "1/600"),
    ]);
    // A direct call to the API's endpoint, claiming a viewer address: refused before anything is counted.
    for secret in [None, Some("tebakan-yang-salah-tetapi-cukup-panjang-32")] {
        let mut headers = vec![("cloudfront-viewer-address", "198.51.100.7:443")];
        headers.extend(secret.map(|s| ("x-csirt-origin-secret", s)));
        let direct = app.post_json(&report_json(), &headers).await;
        assert_eq!(direct.status, 403, "{}", direct.body);
        assert!(
            direct.json()["error"]
                .as_str()
                .unwrap()
                .contains("melalui situs tim")
        );
    }
    assert_eq!(stored_count(&app).await, 0);
    // Through CloudFront: served, and the viewer address is the client.
    let through = |viewer: &'static str| {
        [
            ("x-csirt-origin-secret", SECRET),
            ("cloudfront-viewer-address", viewer),
        ]
    };
    let first = app
        .post_json(&report_json(), &through("198.51.100.7:443"))
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let second = app
        .post_json(&report_json(), &through("198.51.100.7:444"))
        .await;
    assert_eq!(second.status, 429, "{}", second.body);
    let other = app
        .post_json(&report_json(), &through("198.51.100.8:443"))
        .await;
    assert_eq!(other.status, 201, "{}", other.body);
}
