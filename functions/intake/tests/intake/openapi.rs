//! The OpenAPI document and the router agree: every route is documented and every documented route exists.

use std::collections::BTreeSet;

use crate::support::*;
use axum::body::Body;
use axum::http::Request;
use csirt_intake::routes::{OPENAPI_DOCUMENT, ROUTES};
use serde_json::Value;

fn documented() -> BTreeSet<(String, String)> {
    let document: Value = serde_json::from_str(OPENAPI_DOCUMENT).unwrap();
    assert_eq!(
        document["openapi"].as_str().unwrap().chars().next(),
        Some('3')
    );
    let mut routes = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            routes.insert((method.to_uppercase(), path.clone()));
        }
    }
    routes
}

#[test]
fn every_route_is_documented_and_every_documented_route_is_a_route() {
    let routed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(documented(), routed);
}

/// Each listed route is really served by the router: a request to it is not answered by the fallback, and
/// the same path with another method is refused with 405.
#[tokio::test]
async fn every_listed_route_is_served() {
    let app = app();
    for (method, path) in ROUTES {
        let concrete = path
            .replace("{code}", "TGL-0000-0000-0000")
            .replace("{sha256}", &"0".repeat(64));
        let concrete = if path == "/api/status" {
            format!("{concrete}?code=x")
        } else {
            concrete
        };
        let request = Request::builder()
            .method(method)
            .uri(&concrete)
            .header("content-type", "application/json");
        let reply = app.send(request.body(Body::from("{}")).unwrap()).await;
        assert_ne!(
            reply.body, r#"{"error":"not found"}"#,
            "{method} {path} fell through to the fallback"
        );
        let other = if method == "GET" { "DELETE" } else { "GET" };
        let wrong = app
            .send(
                Request::builder()
                    .method(other)
                    .uri(&concrete)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(wrong.status, 405, "{other} {path}");
    }
    let unknown = app
        .send(Request::get("/api/nothing").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        (unknown.status, unknown.body.as_str()),
        (404, r#"{"error":"not found"}"#)
    );
}

#[tokio::test]
async fn the_document_is_served() {
    let app = app();
    let reply = app
        .send(
            Request::get("/api/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json(),
        serde_json::from_str::<Value>(OPENAPI_DOCUMENT).unwrap()
    );
}
