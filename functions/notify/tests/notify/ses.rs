//! The SES path against moto's server: the team's and the reporter's messages are sent through the SES API, and
//! a refused sender is a recorded failure.

use crate::support::*;
use chrono::Utc;
use csirt_domain::case::{Notice, NoticeOutcome, Via};
use csirt_domain::sop::SopProfile;
use csirt_notify::Notifier;
use csirt_notify::mail::Mailer;
use csirt_test_kit::aws::moto_endpoint;
use serde_json::Value;

fn ses_client(endpoint: &str) -> aws_sdk_sesv2::Client {
    aws_sdk_sesv2::Client::from_conf(
        aws_sdk_sesv2::Config::builder()
            .behavior_version(aws_sdk_sesv2::config::BehaviorVersion::latest())
            .http_client(csirt_store::aws_client::http_client())
            .region(aws_sdk_sesv2::config::Region::new("ap-southeast-3"))
            .endpoint_url(endpoint)
            .credentials_provider(aws_sdk_sesv2::config::Credentials::new(
                "test", "test", None, None, "tests",
            ))
            .build(),
    )
}

fn ses_settings(from: &str) -> csirt_notify::NotifySettings {
    let from = from.to_owned();
    csirt_notify::NotifySettings::from_lookup(&|name| match name {
        "CSIRT_MAIL" => Some("ses".into()),
        "CSIRT_MAIL_FROM" => Some(from.clone()),
        "CSIRT_TEAM_EMAIL" => Some("tim@tegalkab.go.id".into()),
        "CSIRT_SITE_URL" => Some("https://csirt.tegalkab.go.id".into()),
        _ => None,
    })
    .unwrap()
}

/// The messages moto's SES has accepted.
async fn sent_messages(endpoint: &str) -> Vec<Value> {
    let body = reqwest::get(format!("{endpoint}/moto-api/data.json"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let data: Value = serde_json::from_str(&body).unwrap();
    data["ses"]["Message"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn messages_go_through_ses_and_a_refused_sender_is_recorded() {
    let endpoint = moto_endpoint();
    let client = ses_client(&endpoint);
    let sender = format!("csirt-{}@tegalkab.go.id", Utc::now().timestamp_micros());
    let profile = SopProfile::builtin("tegal").unwrap();
    let stores = Stores::new();
    let now = Utc::now();

    // Before the sender is verified, SES refuses: the failure is on the case.
    let case = stores.file(&profile, "id", now).await;
    let refusing = Notifier::from_parts(
        ses_settings(&sender),
        csirt_domain::team::Procedure::of(profile.clone()).unwrap(),
        Some(Mailer::Ses(client.clone())),
        None,
    )
    .unwrap();
    let attempts = refusing
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert!(
        attempts
            .iter()
            .all(|(_, o)| matches!(o, NoticeOutcome::Failed { reason } if reason.contains("SES"))),
        "{attempts:?}"
    );

    client
        .create_email_identity()
        .email_identity(&sender)
        .send()
        .await
        .unwrap();
    let attempts = refusing
        .deliver(&*stores.cases, &case.code, false, now)
        .await
        .unwrap();
    assert_eq!(
        attempts
            .iter()
            .map(|(n, o)| (n.clone(), o.clone()))
            .collect::<Vec<_>>(),
        [
            (
                Notice::TeamNewReport { via: Via::Email },
                NoticeOutcome::Delivered
            ),
            (Notice::ReporterAcknowledged, NoticeOutcome::Delivered)
        ]
    );
    let code = case.code.to_string();
    let ours: Vec<Value> = sent_messages(&endpoint)
        .await
        .into_iter()
        .filter(|m| m["source"] == sender.as_str())
        .collect();
    assert_eq!(ours.len(), 2, "{ours:?}");
    let team = ours
        .iter()
        .find(|m| m["destinations"]["ToAddresses"][0] == "tim@tegalkab.go.id")
        .unwrap();
    assert!(team["subject"].as_str().unwrap().contains(&code));
    let body = team["body"].as_str().unwrap();
    for secret in [NAME, EMAIL, PHONE, DESCRIPTION] {
        assert!(!body.contains(secret), "{secret} in the team's message");
    }
    let reporter = ours
        .iter()
        .find(|m| m["destinations"]["ToAddresses"][0] == EMAIL)
        .unwrap();
    assert!(
        reporter["body"]
            .as_str()
            .unwrap()
            .contains(&format!("/status/?code={code}"))
    );
}
