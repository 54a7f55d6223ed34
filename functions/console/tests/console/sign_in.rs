//! Signing in and out: the form, the cookie, the anti-forgery field, and what happens without a session.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::{Browser, Console, PASSWORD, code_now};

#[tokio::test]
async fn pages_without_a_session_send_browsers_to_sign_in_and_scripts_get_401() {
    let console = Console::new("bali").await;
    let mut browser = Browser::default();
    for path in [
        "/staff/",
        "/staff/cases/BALI-X",
        "/staff/accounts",
        "/staff/reports",
    ] {
        let answer = console.get(&mut browser, path).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            answer.header("location").starts_with("/staff/login?next="),
            "{path}: {}",
            answer.header("location")
        );
    }
    let request = Request::get("/staff/")
        .header(header::ACCEPT, "application/json")
        .body(Body::empty())
        .unwrap();
    let answer = console.send(&mut browser, request).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.body.contains("unauthenticated"), "{}", answer.body);
}

#[tokio::test]
async fn the_sign_in_form_posts_login_password_totp_and_a_hidden_anti_forgery_field() {
    let console = Console::new("bali").await;
    let mut browser = Browser::default();
    let page = console.get(&mut browser, "/staff/login").await;
    for field in [
        "name=\"login\"",
        "name=\"password\"",
        "name=\"totp\"",
        "type=\"hidden\" name=\"csrf\"",
    ] {
        assert!(page.body.contains(field), "{field} missing");
    }
    assert!(page.body.contains("id=\"passkey-sign-in\""));
    assert_eq!(page.header("cache-control"), "no-store");
    assert!(
        page.header("content-security-policy")
            .contains("script-src 'self'")
    );
    let form_cookie = page
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-csirt-form="))
        .expect("the form's anti-forgery cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(form_cookie.contains(attribute), "{form_cookie}");
    }
}

#[tokio::test]
async fn a_right_sign_in_sets_a_strict_host_only_session_cookie_and_opens_the_page_asked_for() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut browser = Browser::default();
    console
        .get(&mut browser, "/staff/login?next=/staff/reports")
        .await;
    let code = code_now(&secret);
    let answer = console
        .post(
            &mut browser,
            "/staff/login",
            &[
                ("login", "wayan"),
                ("password", PASSWORD),
                ("totp", &code),
                ("next", "/staff/reports"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.header("location"), "/staff/reports");
    let session = answer
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-csirt-staff="))
        .expect("a session cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(session.contains(attribute), "{session}");
    }
    assert!(!session.contains("Domain"), "host-only: {session}");
    let queue = console.get(&mut browser, "/staff/").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(
        queue.body.contains("Petugas wayan"),
        "the page names who is signed in"
    );
}

#[tokio::test]
async fn a_wrong_code_is_refused_on_the_form_with_the_login_kept_and_no_session() {
    let console = Console::new("bali").await;
    console.add("wayan", &["agent"]).await;
    let mut browser = Browser::default();
    console.get(&mut browser, "/staff/login").await;
    let answer = console
        .post(
            &mut browser,
            "/staff/login",
            &[
                ("login", "wayan"),
                ("password", PASSWORD),
                ("totp", "000000"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.body.contains("value=\"wayan\""), "the login is kept");
    assert!(answer.body.contains("role=\"alert\""));
    assert!(!browser.cookies.contains_key("__Host-csirt-staff"));
}

#[tokio::test]
async fn a_sign_in_without_the_forms_anti_forgery_value_is_refused_before_the_password_is_checked()
{
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut browser = Browser::default();
    console.get(&mut browser, "/staff/login").await;
    let code = code_now(&secret);
    let answer = console
        .post(
            &mut browser,
            "/staff/login",
            &[
                ("csrf", "forged"),
                ("login", "wayan"),
                ("password", PASSWORD),
                ("totp", &code),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(!browser.cookies.contains_key("__Host-csirt-staff"));
    // The code was not spent: the real form signs in with it.
    let answer = console
        .post(
            &mut browser,
            "/staff/login",
            &[("login", "wayan"), ("password", PASSWORD), ("totp", &code)],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
}

#[tokio::test]
async fn signing_out_needs_the_pages_anti_forgery_value_and_ends_the_session() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut browser = console.signed_in("wayan", &secret).await;
    let forged = console
        .post(&mut browser, "/staff/logout", &[("csrf", "x")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        console.get(&mut browser, "/staff/").await.status,
        StatusCode::OK
    );
    let kept = browser.clone();
    let out = console.post(&mut browser, "/staff/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.header("location"), "/staff/login?signed_out=1");
    // The old cookie, replayed, opens nothing.
    let mut replay = kept;
    assert_eq!(
        console.get(&mut replay, "/staff/").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_session_of_an_account_disabled_since_is_refused_at_the_next_request() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut browser = console.signed_in("wayan", &secret).await;
    csirt_staff::accounts::disable_account(
        &console.desk,
        &console.admin,
        "wayan",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let answer = console.get(&mut browser, "/staff/").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(answer.header("location").starts_with("/staff/login"));
}

#[tokio::test]
async fn the_language_switch_sets_a_cookie_and_returns_to_the_console_page_only() {
    let console = Console::new("bali").await;
    let mut browser = Browser::default();
    let answer = console
        .get(&mut browser, "/staff/language/en?back=/staff/login")
        .await;
    assert_eq!(answer.header("location"), "/staff/login");
    let page = console.get(&mut browser, "/staff/login").await;
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("Sign in"));
    let away = console
        .get(&mut browser, "/staff/language/id?back=//evil.example/")
        .await;
    assert_eq!(away.header("location"), "/staff/");
}
