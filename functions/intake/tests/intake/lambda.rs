//! The router as Lambda runs it: API Gateway HTTP API (v2) and function-URL events, deserialised into
//! lambda_http's own types and passed through lambda_http's adapter, exactly as `lambda_http::run` does.

use crate::support::*;
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use serde_json::{Value, json};

/// An API Gateway v2 / function-URL event, as AWS sends it.
fn event(
    method: &str,
    path: &str,
    headers: Value,
    body: Option<String>,
    base64: bool,
    source_ip: &str,
) -> LambdaRequest {
    let event = function_url_event(method, path, headers, body, base64, source_ip);
    LambdaRequest::ApiGatewayV2(serde_json::from_value(event).unwrap())
}

/// Status and body text of what the function answers.
async fn invoke(app: &TestApp, request: LambdaRequest) -> (i64, String, Value) {
    let mut adapter = Adapter::from(app.router.clone());
    let response = adapter
        .call(LambdaEvent::new(request, Context::default()))
        .await
        .unwrap();
    // What the runtime sends back to Lambda: the HTTP API response document.
    let document = serde_json::to_value(&response).unwrap();
    let status = document["statusCode"].as_i64().unwrap();
    let text = document["body"].as_str().unwrap_or_default();
    let body = if document["isBase64Encoded"].as_bool().unwrap_or(false) {
        use base64::Engine as _;
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap(),
        )
        .unwrap()
    } else {
        text.to_owned()
    };
    (status, body, document["headers"].clone())
}

#[tokio::test]
async fn a_json_report_through_a_function_url_event() {
    let app = app();
    let request = event(
        "POST",
        "/api/reports",
        json!({"content-type": "application/json", "accept-language": "en"}),
        Some(report_json().to_string()),
        false,
        "198.51.100.23",
    );
    let (status, body, _) = invoke(&app, request).await;
    assert_eq!(status, 201, "{body}");
    let code = serde_json::from_str::<Value>(&body).unwrap()["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();

    let (status, body, _) = invoke(
        &app,
        event(
            "GET",
            &format!("/api/reports/{code}"),
            json!({}),
            None,
            false,
            "198.51.100.23",
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["state"],
        "received"
    );
}

#[tokio::test]
async fn a_multipart_report_with_evidence_arrives_base64_encoded() {
    use base64::Engine as _;
    let app = app();
    let (content_type, bytes) = multipart(&report_fields(), &[("bukti.png", "image/png", png())]);
    let body = base64::engine::general_purpose::STANDARD.encode(bytes);
    let request = event(
        "POST",
        "/api/reports",
        json!({"content-type": content_type}),
        Some(body),
        true,
        "198.51.100.24",
    );
    let (status, body, _) = invoke(&app, request).await;
    assert_eq!(status, 201, "{body}");
    let code = serde_json::from_str::<Value>(&body).unwrap()["tracking_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let case = app
        .cases
        .get(&csirt_domain::tracking::TrackingCode::parse(&code).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.evidence.len(), 1);
    assert_eq!(case.evidence[0].media_type, "image/png");
}

#[tokio::test]
async fn the_rate_limit_follows_the_source_ip_of_the_event() {
    let app = app_with(&[("CSIRT_RATE_LIMIT", "1/600")]);
    let post = |ip: &str| {
        event(
            "POST",
            "/api/reports",
            json!({"content-type": "application/json"}),
            Some(report_json().to_string()),
            false,
            ip,
        )
    };
    assert_eq!(invoke(&app, post("203.0.113.1")).await.0, 201);
    let (status, _, headers) = invoke(&app, post("203.0.113.1")).await;
    assert_eq!(status, 429);
    assert!(headers.get("retry-after").is_some(), "{headers}");
    assert_eq!(
        invoke(&app, post("203.0.113.2")).await.0,
        201,
        "another client has its own counter"
    );
}

#[tokio::test]
async fn errors_and_unknown_routes_keep_their_status_codes() {
    let app = app();
    let bad = event(
        "POST",
        "/api/reports",
        json!({"content-type": "application/json"}),
        Some("{}".into()),
        false,
        "203.0.113.3",
    );
    assert_eq!(invoke(&app, bad).await.0, 422);
    let text = event(
        "POST",
        "/api/reports",
        json!({"content-type": "text/plain"}),
        Some("x".into()),
        false,
        "203.0.113.3",
    );
    assert_eq!(invoke(&app, text).await.0, 415);
    let nowhere = event("GET", "/wp-admin/", json!({}), None, false, "203.0.113.3");
    assert_eq!(invoke(&app, nowhere).await.0, 404);
}
