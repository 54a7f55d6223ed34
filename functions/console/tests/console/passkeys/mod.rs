//! Passkeys in the console: registered on one's own account through /staff/passkeys/begin and /finish (the
//! script's two requests, each with the session's anti-forgery value in `X-CSRF-Token`), then used to sign in
//! through /staff/passkey/sign-in/begin and /finish. Single sign-on, the other way in without a password, is
//! tested beside them.

mod device;
mod single_sign_on;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use csirt_domain::account::Login;

use crate::support::{Answer, Browser, Console};
use device::Device;

/// The cookie that keeps a registration between its two requests.
const REGISTRATION_COOKIE: &str = "__Host-csirt-passkey-reg";

/// A script's `POST` of JSON `body` with `X-CSRF-Token: token`, as console.js sends it.
async fn script_post(
    console: &Console,
    browser: &mut Browser,
    path: &str,
    token: &str,
    body: &str,
) -> Answer {
    let request = Request::post(path)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-csrf-token", token)
        .body(Body::from(body.to_owned()))
        .unwrap();
    console.send(browser, request).await
}

/// The `data-csrf` value of the registration button on the passkeys page.
fn button_token(html: &str) -> String {
    let marker = "id=\"passkey-register\" data-csrf=\"";
    let start = html.find(marker).expect("the registration button") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

/// The team's site, the passkeys' relying party (`base_url` of the team file).
fn site(console: &Console) -> String {
    console.desk.team.config.base_url.clone()
}

async fn passkey_count(console: &Console, login: &str) -> usize {
    console
        .desk
        .cases
        .account(&Login::parse(login).unwrap())
        .await
        .unwrap()
        .unwrap()
        .secrets
        .passkeys
        .len()
}

/// Registers a passkey of `device` through the console as `browser`'s account.
async fn register(console: &Console, browser: &mut Browser, device: &mut Device) {
    let page = console.get(browser, "/staff/passkeys").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = button_token(&page.body);
    let begun = script_post(console, browser, "/staff/passkeys/begin", &token, "{}").await;
    assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
    let options: serde_json::Value = serde_json::from_str(&begun.body).unwrap();
    let answer = device.create(&options, &site(console)).await;
    let finished = script_post(console, browser, "/staff/passkeys/finish", &token, &answer).await;
    assert_eq!(finished.status, StatusCode::OK, "{}", finished.body);
    assert_eq!(finished.body, r#"{"registered":true}"#);
}

#[tokio::test]
async fn a_passkey_registered_in_the_console_signs_in_and_opens_the_queue() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut browser = console.signed_in("wayan", &secret).await;
    let page = console.get(&mut browser, "/staff/passkeys").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for shown in [
        "id=\"passkeys-none\"",
        "id=\"passkey-problem\" role=\"alert\" hidden",
        "type=\"button\" id=\"passkey-register\"",
    ] {
        assert!(page.body.contains(shown), "{shown} missing");
    }
    let token = button_token(&page.body);
    let begun = script_post(
        &console,
        &mut browser,
        "/staff/passkeys/begin",
        &token,
        "{}",
    )
    .await;
    assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
    let options: serde_json::Value = serde_json::from_str(&begun.body).unwrap();
    assert_eq!(options["user"]["name"], "wayan");
    let kept = begun
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with(&format!("{REGISTRATION_COOKIE}=")))
        .expect("the registration's cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(kept.contains(attribute), "{kept}");
    }
    let mut device = Device::default();
    let answer = device.create(&options, &site(&console)).await;
    let finished = script_post(
        &console,
        &mut browser,
        "/staff/passkeys/finish",
        &token,
        &answer,
    )
    .await;
    assert_eq!(finished.status, StatusCode::OK, "{}", finished.body);
    assert_eq!(finished.body, r#"{"registered":true}"#);
    assert!(!browser.cookies.contains_key(REGISTRATION_COOKIE), "spent");
    assert_eq!(passkey_count(&console, "wayan").await, 1);
    let listed = console
        .get(&mut browser, "/staff/passkeys?registered=1")
        .await;
    assert!(listed.body.contains("class=\"notice\""), "{}", listed.body);
    assert!(!listed.body.contains("id=\"passkeys-none\""));

    // A finish sent again is refused: the ceremony was spent.
    let replayed = script_post(
        &console,
        &mut browser,
        "/staff/passkeys/finish",
        &token,
        &answer,
    )
    .await;
    assert!(replayed.status.is_client_error(), "{}", replayed.body);
    assert!(replayed.body.contains("\"error\""), "{}", replayed.body);

    let mut other = Browser::default();
    let login = console.get(&mut other, "/staff/login").await;
    assert_eq!(login.status, StatusCode::OK);
    let form_token = other.csrf.clone();
    let begun = script_post(
        &console,
        &mut other,
        "/staff/passkey/sign-in/begin",
        &form_token,
        "{}",
    )
    .await;
    assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
    let options: serde_json::Value = serde_json::from_str(&begun.body).unwrap();
    let answer = device.get(&options, &site(&console)).await;
    let finished = script_post(
        &console,
        &mut other,
        "/staff/passkey/sign-in/finish",
        &form_token,
        &answer,
    )
    .await;
    assert_eq!(finished.status, StatusCode::OK, "{}", finished.body);
    assert!(other.cookies.contains_key("__Host-csirt-staff"));
    let queue = console.get(&mut other, "/staff/").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert!(queue.body.contains("Petugas wayan"));
}

#[tokio::test]
async fn a_forged_x_csrf_token_is_refused_and_registers_nothing() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut browser = console.signed_in("wayan", &secret).await;
    let page = console.get(&mut browser, "/staff/passkeys").await;
    let token = button_token(&page.body);

    let forged = script_post(
        &console,
        &mut browser,
        "/staff/passkeys/begin",
        "forged",
        "{}",
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert!(forged.body.contains("\"error\""), "{}", forged.body);
    assert!(!browser.cookies.contains_key(REGISTRATION_COOKIE));

    let begun = script_post(
        &console,
        &mut browser,
        "/staff/passkeys/begin",
        &token,
        "{}",
    )
    .await;
    let options: serde_json::Value = serde_json::from_str(&begun.body).unwrap();
    let answer = Device::default().create(&options, &site(&console)).await;
    let forged = script_post(
        &console,
        &mut browser,
        "/staff/passkeys/finish",
        "forged",
        &answer,
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    let missing = Request::post("/staff/passkeys/finish")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(answer.clone()))
        .unwrap();
    assert_eq!(
        console.send(&mut browser, missing).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(passkey_count(&console, "wayan").await, 0);

    // The sign-in form's value is not the session's: it registers nothing either.
    let mut stranger = Browser::default();
    console.get(&mut stranger, "/staff/login").await;
    let form_token = stranger.csrf.clone();
    let without_session = script_post(
        &console,
        &mut stranger,
        "/staff/passkeys/begin",
        &form_token,
        "{}",
    )
    .await;
    assert_eq!(without_session.status, StatusCode::UNAUTHORIZED);

    let refused = script_post(
        &console,
        &mut stranger,
        "/staff/passkey/sign-in/begin",
        "forged",
        "{}",
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_lost_device_ends_ones_own_sessions_and_removes_ones_passkeys() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut browser = console.signed_in("wayan", &secret).await;
    register(&console, &mut browser, &mut Device::default()).await;
    assert_eq!(passkey_count(&console, "wayan").await, 1);
    let mut kept = browser.clone();
    let out = console
        .post(
            &mut browser,
            "/staff/accounts/wayan",
            &[("action", "sign_out")],
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.body);
    assert_eq!(out.header("location"), "/staff/login?signed_out=1");
    assert_eq!(passkey_count(&console, "wayan").await, 0);
    // The session cookie, replayed, opens nothing.
    let after = console.get(&mut kept, "/staff/passkeys").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.header("location").starts_with("/staff/login"));
}
