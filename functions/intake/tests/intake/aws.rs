//! The whole path on AWS's stores: reports with evidence into DynamoDB and S3 (moto's server), status back out,
//! and the answer when DynamoDB cannot be reached.

use crate::support::*;
use csirt_domain::tracking::TrackingCode;

#[tokio::test]
async fn a_report_with_evidence_lands_in_dynamodb_and_s3() {
    let resources = AwsResources::create(&moto_endpoint()).await;
    let app = aws_app(&resources, &[]).await;
    let reply = app
        .post_multipart(&report_fields(), &[("bukti.png", "image/png", png())])
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let code = TrackingCode::parse(reply.json()["tracking_code"].as_str().unwrap()).unwrap();

    let case = app.cases.get(&code).await.unwrap().unwrap();
    assert_eq!(
        case.report.reporter.email.as_ref().unwrap().as_str(),
        "siti.rahayu@contoh.id"
    );
    let reference = &case.evidence[0];
    let object = resources
        .s3
        .get_object()
        .bucket(&resources.bucket)
        .key(format!("cases/{}/{}", code.key(), reference.sha256))
        .send()
        .await
        .unwrap();
    assert_eq!(object.content_type(), Some("image/png"));
    assert_eq!(
        object.body.collect().await.unwrap().into_bytes().to_vec(),
        png()
    );

    let status = app.status(&code.to_string(), &[]).await;
    assert_eq!(status.status, 200);
    assert_eq!(status.json()["state"], "received");
}

#[tokio::test]
async fn retries_and_rate_limits_hold_on_dynamodb() {
    let resources = AwsResources::create(&moto_endpoint()).await;
    let app = aws_app(&resources, &[("CSIRT_RATE_LIMIT", "3/600")]).await;
    let key = [("idempotency-key", "retry-aws-1")];
    let first = app.post_json(&report_json(), &key).await;
    let again = app.post_json(&report_json(), &key).await;
    assert_eq!((first.status, again.status), (201, 201));
    assert_eq!(first.json()["tracking_code"], again.json()["tracking_code"]);
    let stored = csirt_store::all_in_state(&*app.cases, csirt_domain::state::CaseState::Received)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    // Only stored reports count: the retry stored nothing, so two more are taken before the limit.
    assert_eq!(app.post_json(&report_json(), &[]).await.status, 201);
    assert_eq!(app.post_json(&report_json(), &[]).await.status, 201);
    let limited = app.post_json(&report_json(), &[]).await;
    assert_eq!(limited.status, 429);
}

#[tokio::test]
async fn an_unreachable_dynamodb_means_503_with_retry_after() {
    // Nothing listens on this port: every call fails to connect, as when the endpoint is down.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let live = AwsResources::create(&moto_endpoint()).await;
    let dead_resources = AwsResources {
        dynamodb: aws_sdk_dynamodb::Client::from_conf(
            live.dynamodb
                .config()
                .to_builder()
                .endpoint_url(&dead)
                .build(),
        ),
        ..live
    };
    let app = aws_app(&dead_resources, &[]).await;
    let reply = app.post_json(&report_json(), &[]).await;
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.headers.contains_key("retry-after"));
    assert!(reply.json().get("tracking_code").is_none());
    let limited = aws_app(&dead_resources, &[("CSIRT_RATE_LIMIT", "3/600")]).await;
    assert_eq!(limited.post_json(&report_json(), &[]).await.status, 503);
}
