//! Logs carry no reporter data: every kind of request is made with personal data in it, at the most verbose
//! level, and the captured log is searched for that data.

// A binary of its own: the test installs the process-wide tracing subscriber, which would also capture the
// logs of every other test running beside it in one binary.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Request;
use csirt_test_kit::app::{Answer, TestApp, answer, app_with};
use csirt_test_kit::reports::*;

/// A log sink the test can read back.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

const CLIENT_IP: &str = "192.0.2.55";

/// Sends `request` from [`CLIENT_IP`].
async fn from_client(app: &TestApp, mut request: Request<Body>) -> Answer {
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(SocketAddr::new(
            CLIENT_IP.parse().unwrap(),
            50123,
        )));
    answer(
        tower::ServiceExt::oneshot(app.router.clone(), request)
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn no_reporter_data_reaches_the_logs() {
    let capture = Capture::default();
    csirt_intake::logging::init_with(true, "trace", capture.clone());
    // Three stored reports fill the limit; the refused one in between does not count.
    let app = app_with(&[("CSIRT_RATE_LIMIT", "3/600")]);

    let json = Request::post("/api/reports")
        .header("content-type", "application/json")
        .header("idempotency-key", "kunci-rahasia-1")
        .body(Body::from(report_json().to_string()))
        .unwrap();
    let stored = from_client(&app, json).await;
    assert_eq!(stored.status, 201);
    let code = stored.json()["tracking_code"].as_str().unwrap().to_owned();

    let (content_type, body) = multipart(&report_fields(), &[("bukti.png", "image/png", png())]);
    let multipart = Request::post("/api/reports")
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    assert_eq!(from_client(&app, multipart).await.status, 201);

    // A refused report echoes nothing of itself into the log either.
    let mut bad = report_json();
    bad["reporter_email"] = "siti.rahayu@contoh".into();
    let refused = Request::post("/api/reports")
        .header("content-type", "application/json")
        .body(Body::from(bad.to_string()))
        .unwrap();
    assert_eq!(from_client(&app, refused).await.status, 422);

    let status = Request::get(format!("/api/reports/{code}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(from_client(&app, status).await.status, 200);
    let over = Request::post("/api/reports")
        .header("content-type", "application/json")
        .body(Body::from(report_json().to_string()))
        .unwrap();
    assert_eq!(from_client(&app, over).await.status, 201);
    let limited = Request::post("/api/reports")
        .header("content-type", "application/json")
        .body(Body::from(report_json().to_string()))
        .unwrap();
    assert_eq!(from_client(&app, limited).await.status, 429);

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("report stored"),
        "the log is empty or lacks the store line:\n{log}"
    );
    assert!(
        log.contains("/api/reports/{code}"),
        "requests are logged by route:\n{log}"
    );
    let code_body = code.split_once('-').unwrap().1.replace('-', "");
    for secret in PERSONAL_DATA.iter().copied().chain([
        "Siti",
        "siti",
        "+6281298765432",
        "0812",
        CLIENT_IP,
        "kunci-rahasia",
        code.as_str(),
        &code_body[..8],
        "judi online",
        "dinkes",
    ]) {
        assert!(!log.contains(secret), "{secret:?} found in the log:\n{log}");
    }
}
