//! The console's Lambda package: its `bootstrap` (the release `console` binary) run the way Lambda runs it, under
//! the test kit's emulated Runtime API, on DynamoDB and S3 (moto's server), with the events CloudFront's requests
//! become through the console's HTTP API: the sign-in page, the way there without a session, and a whole
//! password + TOTP sign-in whose session lives in the table.
//!
//! Needs `CSIRT_TEST_CONSOLE_BOOTSTRAP` (the `bootstrap` taken out of the console's package;
//! `tests/support/deploy.sh` builds the packages and sets it) and `CSIRT_TEST_AWS_ENDPOINT` (moto); fails loudly
//! without them.

use std::sync::Arc;

use chrono::Utc;
use csirt_domain::team::TeamFile;
use csirt_staff::Desk;
use csirt_staff::accounts::{NewAccount, add_account};
use csirt_staff::credentials::{Password, TotpSecret};
use csirt_store::evidence::S3Evidence;
use csirt_test_kit::aws::{AwsResources, moto_endpoint};
use csirt_test_kit::runtime_api::{
    Function, body_of, header_of, http_api_event, packaged_bootstrap,
};
use serde_json::{Value, json};

use crate::support::{PASSWORD, code_now, hidden_value};

/// The client's address as CloudFront tells it (`CloudFront-Viewer-Address`: address and port).
const VIEWER: &str = "198.51.100.7:50123";

/// The packaged console on `resources`, its AWS calls sent to moto, behind CloudFront as the template runs it.
async fn start_console(resources: &AwsResources) -> Function {
    let bootstrap = packaged_bootstrap("CSIRT_TEST_CONSOLE_BOOTSTRAP");
    Function::start(
        &bootstrap,
        "console",
        &[
            ("AWS_ENDPOINT_URL", resources.endpoint.as_str()),
            ("CSIRT_STORE", "dynamodb"),
            ("CSIRT_TABLE", resources.table.as_str()),
            ("CSIRT_EVIDENCE_BUCKET", resources.bucket.as_str()),
            ("CSIRT_TRUST_CLOUDFRONT", "1"),
        ],
    )
    .await
}

/// A request as CloudFront forwards it to the console's API (the headers of its origin request policy), from
/// CloudFront's address.
fn request(method: &str, path: &str, cookies: &[String], form: Option<&str>) -> Value {
    let mut headers = json!({
        "accept": "text/html",
        "cloudfront-viewer-address": VIEWER,
        "host": "abcdef1234.execute-api.ap-southeast-3.amazonaws.com",
    });
    if form.is_some() {
        headers["content-type"] = json!("application/x-www-form-urlencoded");
        headers["origin"] = json!("https://csirt.tegalkab.go.id");
    }
    http_api_event(
        method,
        path,
        headers,
        cookies,
        form.map(str::as_bytes),
        "130.176.0.10",
    )
}

/// The cookies a response document sets (an HTTP API takes them apart from the headers).
fn set_cookies(document: &Value) -> Vec<String> {
    document["cookies"]
        .as_array()
        .map(|cookies| {
            cookies
                .iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The `name=value` of the cookie `name` a response document sets.
fn cookie(document: &Value, name: &str) -> String {
    set_cookies(document)
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next().map(str::to_owned))
        .unwrap_or_else(|| panic!("no cookie {name} set: {document}"))
}

/// The first account, an admin with every staff role of the packaged team file's procedure, added through the
/// staff library on the table the function works on; its TOTP secret.
async fn first_admin(resources: &AwsResources, bootstrap_dir: &std::path::Path) -> TotpSecret {
    let team = TeamFile::load(&bootstrap_dir.join("content/config.toml")).unwrap();
    let evidence = S3Evidence::new(resources.s3.clone(), resources.bucket.clone());
    let desk = Desk::new(team, Arc::new(resources.store()), Arc::new(evidence));
    let mut roles: Vec<String> = csirt_staff::accounts::roles(&desk)
        .iter()
        .map(ToString::to_string)
        .filter(|r| r != "viewer")
        .collect();
    roles.sort();
    let new = NewAccount {
        login: "ayu".to_owned(),
        name: "Ayu Lestari".to_owned(),
        email: None,
        roles,
        os_user: None,
        iam_arn: Some("arn:aws:iam::123456789012:user/ayu".to_owned()),
        password: Some(Password::new(PASSWORD.to_owned()).unwrap()),
        totp: true,
    };
    add_account(&desk, None, &new, Utc::now())
        .await
        .unwrap()
        .totp
        .unwrap()
}

#[tokio::test]
async fn the_lambda_package_serves_the_sign_in_and_keeps_sessions_in_dynamodb() {
    let resources = AwsResources::create(&moto_endpoint()).await;
    let mut console = start_console(&resources).await;

    // Without a session: to the sign-in page.
    let queue = console
        .invoke("queue-1", request("GET", "/staff/", &[], None))
        .await;
    assert_eq!(queue["statusCode"], 303, "{queue}");
    assert!(
        header_of(&queue, "location").starts_with("/staff/login"),
        "{queue}"
    );
    if let Some(ready) = console.ready_after() {
        eprintln!(
            "the console's bootstrap asked for its first invocation {} ms after it started",
            ready.as_millis()
        );
    }

    // The sign-in form, never cached, with its anti-forgery cookie.
    let page = console
        .invoke("login-1", request("GET", "/staff/login", &[], None))
        .await;
    assert_eq!(page["statusCode"], 200, "{page}");
    assert_eq!(header_of(&page, "cache-control"), "no-store");
    assert!(header_of(&page, "content-type").starts_with("text/html"));
    let html = body_of(&page);
    assert!(
        html.contains(r#"<form class="sign-in" method="post" action="/staff/login">"#),
        "{html}"
    );
    for field in ["login", "password", "totp"] {
        assert!(html.contains(&format!(r#"name="{field}""#)), "{html}");
    }
    let form_cookie = cookie(&page, "__Host-csirt-form");
    let line = set_cookies(&page)
        .into_iter()
        .find(|c| c.starts_with("__Host-csirt-form="))
        .unwrap();
    for attribute in ["Secure", "HttpOnly", "Path=/"] {
        assert!(line.contains(attribute), "{line}");
    }
    let csrf = hidden_value(&html, "csrf").expect("the form's anti-forgery value");

    // Password + TOTP: a session, kept in the table, that opens the queue.
    let bootstrap = packaged_bootstrap("CSIRT_TEST_CONSOLE_BOOTSTRAP");
    let secret = first_admin(&resources, bootstrap.parent().unwrap()).await;
    let totp = code_now(&secret);
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", &csrf)
        .append_pair("next", "/staff/")
        .append_pair("login", "ayu")
        .append_pair("password", PASSWORD)
        .append_pair("totp", &totp)
        .finish();
    let signed_in = console
        .invoke(
            "sign-in-1",
            request("POST", "/staff/login", &[form_cookie], Some(&form)),
        )
        .await;
    assert_eq!(signed_in["statusCode"], 303, "{signed_in}");
    assert_eq!(header_of(&signed_in, "location"), "/staff/");
    let session = cookie(&signed_in, "__Host-csirt-staff");
    let sessions = resources
        .dynamodb
        .scan()
        .table_name(&resources.table)
        .send()
        .await
        .unwrap()
        .items()
        .iter()
        .filter(|item| {
            item.get("pk")
                .and_then(|pk| pk.as_s().ok())
                .is_some_and(|pk| pk.starts_with("SESSION#"))
        })
        .count();
    assert_eq!(sessions, 1, "the session is an item of the table");

    let queue = console
        .invoke(
            "queue-2",
            request("GET", "/staff/", std::slice::from_ref(&session), None),
        )
        .await;
    assert_eq!(queue["statusCode"], 200, "{queue}");
    assert_eq!(header_of(&queue, "cache-control"), "no-store");
    assert!(body_of(&queue).contains("Ayu Lestari"));

    // The logs hold no password, code or session token.
    let output = console.output();
    let token = session.split_once('=').unwrap().1;
    for secret in [PASSWORD, totp.as_str(), token] {
        assert!(
            !output.contains(secret),
            "the function's logs contain {secret:?}:\n{output}"
        );
    }
}
