//! The status lookup: mistyped codes refused before lookup, unknown codes 404, repeated query parameters read.

use crate::support::*;
use csirt_domain::tracking::TrackingCode;
use serde_json::json;

#[tokio::test]
async fn a_mistyped_code_is_refused_before_lookup_and_unknown_codes_are_404() {
    let app = app();
    let reply = app.post_json(&report_json(), &[]).await;
    let code = reply.json()["tracking_code"].as_str().unwrap().to_owned();
    // Swap two different symbols of the code's body.
    let mut chars: Vec<char> = code.chars().collect();
    let (i, j) = (4..chars.len())
        .flat_map(|i| (i + 1..chars.len()).map(move |j| (i, j)))
        .find(|&(i, j)| chars[i] != chars[j] && chars[i] != '-' && chars[j] != '-')
        .unwrap();
    chars.swap(i, j);
    let typo: String = chars.into_iter().collect();
    let refused = app.status(&typo, &[]).await;
    assert_eq!(refused.status, 422, "{typo}");
    assert!(
        refused.json()["errors"]["tracking_code"]
            .as_str()
            .unwrap()
            .contains("salah ketik")
    );
    for garbage in ["%3Cscript%3E", "..%2F..%2Fetc", "x", "%7B%7B7*7%7D%7D"] {
        assert_eq!(app.status(garbage, &[]).await.status, 422, "{garbage}");
    }
    let unknown =
        TrackingCode::generate(&csirt_domain::tracking::TrackingPrefix::parse("TGL").unwrap())
            .unwrap();
    let missing = app.status(&unknown.to_string(), &[]).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json(),
        json!({"error": "Tidak ada laporan dengan kode pelacakan ini."})
    );
}

/// Found by schemathesis: a repeated query parameter was refused with an undocumented plain-text `400`.
#[tokio::test]
async fn repeated_query_parameters_are_read_not_refused() {
    let app = app();
    let reply = app.post_json(&report_json(), &[]).await;
    let code = reply.json()["tracking_code"].as_str().unwrap().to_owned();
    let status = app.status(&format!("{code}?lang=en&lang=null"), &[]).await;
    assert_eq!(status.status, 200, "{}", status.body);
    assert_eq!(status.json()["label"], "Report received");
    let unknown = app
        .status("0000000000000000?lang=null&lang=null", &[])
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    let lookup = app
        .send(
            axum::http::Request::get(format!("/api/status?code={code}&code=x&lang=en&lang=id"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(lookup.status, 303, "{}", lookup.body);
}
