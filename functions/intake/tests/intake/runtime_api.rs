//! The Lambda package's `bootstrap` (the release `intake` binary) run the way Lambda runs it, under the test kit's
//! emulated Runtime API (`csirt_test_kit::runtime_api`); the function stores into DynamoDB and S3 on moto's
//! server.
//!
//! Needs `CSIRT_TEST_LAMBDA_BOOTSTRAP` (the `bootstrap` taken out of the package; `tests/support/deploy.sh`
//! builds the package and sets it) and `CSIRT_TEST_AWS_ENDPOINT` (moto); fails loudly without them.

use crate::support::*;
use csirt_domain::tracking::TrackingCode;
use csirt_store::{CaseStore, DynamoStore};
use csirt_test_kit::runtime_api::{Function, body_of, http_api_event, packaged_bootstrap};
use serde_json::{Value, json};

/// Starts the packaged intake on `resources`, its AWS calls sent to moto at `endpoint`.
async fn start_function(resources: &AwsResources, endpoint: &str) -> Function {
    let bootstrap = packaged_bootstrap("CSIRT_TEST_LAMBDA_BOOTSTRAP");
    Function::start(
        &bootstrap,
        "intake",
        &[
            ("AWS_ENDPOINT_URL", endpoint),
            ("CSIRT_STORE", "dynamodb"),
            ("CSIRT_TABLE", resources.table.as_str()),
            ("CSIRT_EVIDENCE_BUCKET", resources.bucket.as_str()),
            // As the stack's template sets it: the site's layout packaged beside the team file.
            ("CSIRT_SITE_DIR", "site"),
        ],
    )
    .await
}

/// An HTTP API event from the reporter's address.
fn event(method: &str, path: &str, headers: Value, body: Option<&[u8]>) -> Value {
    http_api_event(method, path, headers, &[], body, "198.51.100.77")
}

#[tokio::test]
async fn the_lambda_package_takes_a_report_through_the_runtime_api() {
    let endpoint = moto_endpoint();
    let resources = AwsResources::create(&endpoint).await;
    let mut function = start_function(&resources, &endpoint).await;

    let (content_type, bytes) = multipart(&report_fields(), &[("bukti.png", "image/png", png())]);
    let submitted = function
        .invoke(
            "submit-1",
            event(
                "POST",
                "/api/reports",
                json!({"content-type": content_type, "accept": "application/json"}),
                Some(&bytes),
            ),
        )
        .await;
    assert_eq!(submitted["statusCode"], 201, "{submitted}");
    let receipt: Value = serde_json::from_str(&body_of(&submitted)).unwrap();
    let code = TrackingCode::parse(receipt["tracking_code"].as_str().unwrap()).unwrap();

    let store = DynamoStore::new(resources.dynamodb.clone(), resources.table.clone());
    let case = store.get(&code).await.unwrap().expect("the case is stored");
    assert_eq!(
        case.report.reporter.email.as_ref().unwrap().as_str(),
        "siti.rahayu@contoh.id"
    );
    assert_eq!(case.evidence.len(), 1);
    let object = resources
        .s3
        .get_object()
        .bucket(&resources.bucket)
        .key(format!("cases/{}/{}", code.key(), case.evidence[0].sha256))
        .send()
        .await
        .unwrap();
    assert_eq!(
        object.body.collect().await.unwrap().into_bytes().to_vec(),
        png()
    );

    let status = function
        .invoke(
            "status-1",
            event("GET", &format!("/api/reports/{code}"), json!({}), None),
        )
        .await;
    assert_eq!(status["statusCode"], 200, "{status}");
    let status: Value = serde_json::from_str(&body_of(&status)).unwrap();
    assert_eq!(status["state"], "received");

    // A browser without JavaScript gets the status in the site's layout, packaged with the function.
    let page = function
        .invoke(
            "status-page-1",
            event(
                "GET",
                &format!("/api/reports/{code}"),
                json!({"accept": "text/html"}),
                None,
            ),
        )
        .await;
    assert_eq!(page["statusCode"], 200, "{page}");
    let html = body_of(&page);
    for part in [
        r#"<nav id="main-menu""#,
        r#"<footer class="site-footer">"#,
        &format!(r#"class="lang-switch" href="/api/reports/{code}?lang=en""#),
    ] {
        assert!(html.contains(part), "the page has no {part}: {html}");
    }

    let output = function.output();
    assert!(
        output.contains("/api/reports/{code}"),
        "the function logs its routes: {output}"
    );
    let full_code = code.to_string();
    for secret in
        PERSONAL_DATA
            .iter()
            .copied()
            .chain([full_code.as_str(), code.key(), "198.51.100.77"])
    {
        assert!(
            !output.contains(secret),
            "the function's logs contain {secret:?}:\n{output}"
        );
    }
}
