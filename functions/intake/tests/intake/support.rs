//! What the intake's tests share: the kit's application, reports and moto resources, and API Gateway events as
//! AWS sends them.

pub use csirt_test_kit::app::*;
pub use csirt_test_kit::aws::{AwsResources, moto_endpoint};
pub use csirt_test_kit::reports::*;

/// An API Gateway HTTP API (v2) / function-URL event as AWS sends it, from `source_ip`; the body as given,
/// flagged base64 when `base64`.
pub fn function_url_event(
    method: &str,
    path: &str,
    headers: serde_json::Value,
    body: Option<String>,
    base64: bool,
    source_ip: &str,
) -> serde_json::Value {
    serde_json::json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abcdef1234",
            "domainName": "abcdef1234.lambda-url.ap-southeast-3.on.aws",
            "domainPrefix": "abcdef1234",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": "lapor/1.0"
            },
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "routeKey": "$default",
            "stage": "$default",
            "time": "23/Nov/2026:03:00:00 +0000",
            "timeEpoch": 1795230000000u64
        },
        "body": body,
        "isBase64Encoded": base64
    })
}
