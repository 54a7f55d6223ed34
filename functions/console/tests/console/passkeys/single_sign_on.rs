//! Single sign-on through the console. The link on the sign-in page, the refusals, and one whole sign-on through
//! the real OpenID Connect provider that `tests/run` starts (oidc-provider-mock, `start_oidc_provider` in
//! tests/support/services.sh), with the console's callback registered for its client. That test fails, and says
//! why, when the provider is not running: it is never skipped.

use std::sync::Arc;

use axum::http::StatusCode;
use csirt_console::{ConsoleState, router};
use csirt_domain::account::{AccountChange, SignInMethod};
use csirt_domain::team::{Procedure, TeamFile};
use csirt_staff::Desk;
use csirt_staff::credentials::OneTimeToken;
use csirt_test_kit::paths::team_file;
use url::Url;

use crate::support::{Browser, Console};

/// The variable holding the client secret the provider issued (tests/support/services.sh exports it).
const SECRET_VARIABLE: &str = "CSIRT_TEST_OIDC_CLIENT_SECRET";

/// The pending sign-on's cookie.
const SIGN_ON_COOKIE: &str = "__Host-csirt-sso";

/// A console whose team file is the shipped one with a `[single_sign_on]` section of `lines`.
async fn console_with_sign_on(lines: &str) -> Console {
    let mut console = Console::new("bali").await;
    let path = console.dir().join("config.toml");
    let shipped = std::fs::read_to_string(team_file()).unwrap();
    std::fs::write(&path, format!("{shipped}\n[single_sign_on]\n{lines}\n")).unwrap();
    let mut team = TeamFile::load(&path).unwrap();
    team.procedure = Procedure::builtin("bali").unwrap();
    let desk = Desk::new(
        team,
        Arc::clone(&console.desk.cases),
        Arc::clone(&console.desk.evidence),
    );
    console.router = router(ConsoleState::new(desk.clone()).unwrap());
    console.desk = desk;
    console
}

#[tokio::test]
async fn the_sign_in_page_offers_single_sign_on_only_when_the_team_file_sets_it_up() {
    let plain = Console::new("bali").await;
    let page = plain.get(&mut Browser::default(), "/staff/login").await;
    assert!(!page.body.contains("href=\"/staff/sso\""));

    let console = console_with_sign_on(
        "issuer = \"https://sso.baliprov.go.id/realms/pemda\"\nclient_id = \"csirt-console\"\n\
         label = \"Masuk dengan SSO Pemprov\"",
    )
    .await;
    let page = console.get(&mut Browser::default(), "/staff/login").await;
    assert!(page.body.contains("href=\"/staff/sso\""), "{}", page.body);
    assert!(page.body.contains("Masuk dengan SSO Pemprov"));
}

#[tokio::test]
async fn single_sign_on_without_a_section_or_a_begun_sign_on_is_refused_on_the_sign_in_page() {
    let console = Console::new("bali").await;
    let mut browser = Browser::default();
    let unset = console.get(&mut browser, "/staff/sso").await;
    assert_eq!(unset.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unset.body.contains("single sign-on is not set up"),
        "{}",
        unset.body
    );
    assert!(
        unset.body.contains("name=\"password\""),
        "the sign-in form again"
    );

    let not_begun = console
        .get(&mut browser, "/staff/sso/callback?code=abc&state=def")
        .await;
    assert_eq!(not_begun.status, StatusCode::UNAUTHORIZED);
    assert!(not_begun.body.contains("role=\"alert\""));
    assert!(!browser.cookies.contains_key("__Host-csirt-staff"));

    let denied = console
        .get(
            &mut browser,
            "/staff/sso/callback?error=access_denied&error_description=%3Cb%3Enope%3C%2Fb%3E",
        )
        .await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
    assert!(denied.body.contains("access_denied"));
    assert!(
        denied.body.contains("&lt;b&gt;nope"),
        "escaped: {}",
        denied.body
    );
}

/// The provider tests/run started, and the client registered with it.
struct Provider {
    issuer: String,
    client_id: String,
}

fn variable(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: this test needs the OpenID Connect provider that tests/run starts; run \
             tests/run, or `source tests/support/services.sh; start_oidc_provider` before cargo test"
        )
    })
}

fn provider() -> Provider {
    let provider = Provider {
        issuer: variable("CSIRT_TEST_OIDC_ISSUER"),
        client_id: variable("CSIRT_TEST_OIDC_CLIENT_ID"),
    };
    variable(SECRET_VARIABLE);
    provider
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A person known to the provider as `login` (`preferred_username`); their subject, unique to this test.
async fn person(provider: &Provider, login: &str) -> String {
    let random = OneTimeToken::generate().unwrap();
    let sub = format!("pegawai-{}", &random.as_str()[..16]);
    let answer = http()
        .put(format!("{}/users/{sub}", provider.issuer))
        .json(&serde_json::json!({ "preferred_username": login }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 204, "{}", answer.text().await.unwrap());
    sub
}

/// Answers the provider's authorization form at `url` as `sub`: where the provider sends the browser back.
async fn authorize(url: &str, sub: &str) -> Url {
    let answer = http().post(url).form(&[("sub", sub)]).send().await.unwrap();
    let status = answer.status();
    let location = answer
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(location) = location.filter(|_| status.is_redirection()) else {
        panic!(
            "the provider answered {status} rather than sending the browser back to the console (is the \
             console's callback registered for the client?): {}",
            answer.text().await.unwrap()
        );
    };
    Url::parse(&location).unwrap()
}

#[tokio::test]
async fn signing_on_at_the_provider_opens_a_session_through_a_same_site_page() {
    let provider = provider();
    let console = console_with_sign_on(&format!(
        "issuer = \"{}\"\nclient_id = \"{}\"\nclient_secret_variable = \"{SECRET_VARIABLE}\"",
        provider.issuer, provider.client_id
    ))
    .await;
    console.add("ayu", &["agent"]).await;
    let sub = person(&provider, "ayu").await;

    let mut browser = Browser::default();
    let away = console.get(&mut browser, "/staff/sso").await;
    assert_eq!(away.status, StatusCode::SEE_OTHER, "{}", away.body);
    let to = away.header("location").to_owned();
    assert!(to.starts_with(&provider.issuer), "{to}");
    let kept = away
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with(&format!("{SIGN_ON_COOKIE}=")))
        .expect("the pending sign-on's cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(kept.contains(attribute), "{kept}");
    }

    let back = authorize(&to, &sub).await;
    let callback = format!(
        "{}/staff/sso/callback",
        console.desk.team.config.base_url.trim_end_matches('/')
    );
    assert_eq!(back.as_str().split('?').next(), Some(callback.as_str()));
    let path = format!("{}?{}", back.path(), back.query().unwrap_or(""));
    let signed_on = console.get(&mut browser, &path).await;
    assert_eq!(signed_on.status, StatusCode::OK, "{}", signed_on.body);
    assert!(
        signed_on
            .body
            .contains("<meta http-equiv=\"refresh\" content=\"0;url=/staff/\">"),
        "{}",
        signed_on.body
    );
    let session = signed_on
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-csirt-staff="))
        .expect("a session cookie");
    assert!(session.contains("SameSite=Strict"), "{session}");
    assert!(!browser.cookies.contains_key(SIGN_ON_COOKIE), "spent");

    let queue = console.get(&mut browser, "/staff/").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert!(queue.body.contains("Petugas ayu"));
    let log = console.desk.cases.audit_log().await.unwrap();
    assert!(log.iter().any(|event| matches!(
        &event.change,
        AccountChange::SignedIn { login, method: SignInMethod::SingleSignOn } if login.as_str() == "ayu"
    )));

    // The same answer again, without the pending sign-on, opens nothing.
    let mut replay = Browser::default();
    let refused = console.get(&mut replay, &path).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}
