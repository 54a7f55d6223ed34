//! Staff accounts in the console: an admin adds an account, whose one-time code enrols on /staff/enrol and whose
//! TOTP secret then signs in; roles granted and revoked, accounts disabled and signed out, each written by the
//! library as the signed-in admin; whatever the library refuses is said in its words.

use axum::http::StatusCode;
use csirt_domain::account::{Account, AccountChange, Login};
use csirt_staff::credentials::TotpSecret;

use crate::support::{Answer, Browser, Console, code_now};

/// The password a new member of staff chooses on the enrolment page.
const CHOSEN: &str = "sapi-bali-makan-rumput-di-sawah";

/// What follows `opening` on the page up to `end` (an element's text up to `<`, an attribute's value up to `"`).
fn after(html: &str, opening: &str, end: char) -> String {
    let start = html
        .find(opening)
        .unwrap_or_else(|| panic!("{opening} not on the page:\n{html}"))
        + opening.len();
    let stop = html[start..].find(end).unwrap() + start;
    html[start..stop].trim().to_owned()
}

/// An attribute value as the page escaped it, unescaped.
fn unescaped(text: &str) -> String {
    text.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn account(console: &Console, login: &str) -> Account {
    console
        .desk
        .cases
        .account(&Login::parse(login).unwrap())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no account {login}"))
}

fn roles_of(account: &Account) -> Vec<String> {
    account.roles.iter().map(ToString::to_string).collect()
}

/// Posts `action` (with `role`, when not empty) on the account `login`'s row.
async fn change(
    console: &Console,
    browser: &mut Browser,
    login: &str,
    action: &str,
    role: &str,
) -> Answer {
    let mut pairs = vec![("action", action)];
    if !role.is_empty() {
        pairs.push(("role", role));
    }
    console
        .post(browser, &format!("/staff/accounts/{login}"), &pairs)
        .await
}

/// Enrols on /staff/enrol in `browser` with `code`; the answer.
async fn enrol(console: &Console, browser: &mut Browser, code: &str, again: &str) -> Answer {
    let form = console.get(browser, "/staff/enrol").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    console
        .post(
            browser,
            "/staff/enrol",
            &[
                ("code", code),
                ("password", CHOSEN),
                ("password_again", again),
            ],
        )
        .await
}

#[tokio::test]
async fn an_admin_adds_an_account_whose_code_enrols_and_whose_new_secret_signs_in() {
    let console = Console::new("bali").await;
    let mut admin = console.admin_browser().await;
    let page = console.get(&mut admin, "/staff/accounts").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for shown in [
        "id=\"account-admin\"",
        "name=\"role_agent\"",
        "name=\"role_front-desk\"",
        // What the SOP lets a role do, in the page's language.
        "Mencatat laporan yang masuk lewat e-mail, surat atau telepon",
    ] {
        assert!(page.body.contains(shown), "{shown} missing");
    }

    let added = console
        .post(
            &mut admin,
            "/staff/accounts",
            &[
                ("login", "wayan"),
                ("name", "I Wayan Sudarma"),
                ("email", "wayan@baliprov.go.id"),
                ("role_agent", "on"),
                ("os_user", ""),
                ("iam_arn", ""),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert_eq!(
        added.header("location"),
        "",
        "the code is on this page, in no URL"
    );
    let code = after(&added.body, "id=\"enrolment-code\">", '<');
    assert!(code.len() >= 40, "{code}");
    let address = unescaped(&after(&added.body, "id=\"enrol-address\">", '<'));
    assert_eq!(
        address, "https://csirt.tegalkab.go.id/staff/enrol",
        "where to use it"
    );
    let wayan = account(&console, "wayan").await;
    assert_eq!(roles_of(&wayan), ["agent"]);
    assert_eq!(wayan.name.as_str(), "I Wayan Sudarma");
    assert!(wayan.secrets.enrolment.is_some() && wayan.secrets.password_hash.is_none());
    let listed = console.get(&mut admin, "/staff/accounts").await;
    assert!(!listed.body.contains(&code), "the code is shown once");

    let mut person = Browser::default();
    let mismatch = enrol(&console, &mut person, &code, "another-password-typed").await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        mismatch.body.contains("class=\"field-error\""),
        "{}",
        mismatch.body
    );
    assert!(
        account(&console, "wayan")
            .await
            .secrets
            .password_hash
            .is_none()
    );

    let enrolled = enrol(&console, &mut person, &code, CHOSEN).await;
    assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.body);
    let link = unescaped(&after(&enrolled.body, "id=\"otpauth-link\" href=\"", '"'));
    assert!(link.starts_with("otpauth://totp/"), "{link}");
    let secret = link
        .split("secret=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .unwrap();
    let secret = TotpSecret::from_base32(secret).unwrap();
    assert!(enrolled.body.contains("<svg role=\"img\""), "a QR code");
    assert!(
        enrolled.body.contains("href=\"/staff/login\""),
        "now sign in"
    );

    let spent = enrol(&console, &mut person, &code, CHOSEN).await;
    assert_eq!(spent.status, StatusCode::UNAUTHORIZED, "{}", spent.body);
    assert!(spent.body.contains("enrolment refused"), "{}", spent.body);

    let mut browser = Browser::default();
    console.get(&mut browser, "/staff/login").await;
    let totp = code_now(&secret);
    let signed_in = console
        .post(
            &mut browser,
            "/staff/login",
            &[("login", "wayan"), ("password", CHOSEN), ("totp", &totp)],
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    let queue = console.get(&mut browser, "/staff/").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("I Wayan Sudarma"));
}

#[tokio::test]
async fn the_enrolment_form_refuses_a_forged_form_and_an_unknown_code() {
    let console = Console::new("bali").await;
    let mut person = Browser::default();
    let page = console.get(&mut person, "/staff/enrol?code=abc").await;
    assert!(
        page.body.contains("value=\"abc\""),
        "the code of the link is filled in"
    );
    let cookie = page
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-csirt-form="))
        .expect("the form's anti-forgery cookie");
    assert!(cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"));
    let forged = console
        .post(
            &mut person,
            "/staff/enrol",
            &[
                ("csrf", "forged"),
                ("code", "abc"),
                ("password", CHOSEN),
                ("password_again", CHOSEN),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let unknown = enrol(&console, &mut person, "no-such-code", CHOSEN).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(unknown.body.contains("role=\"alert\""));
    let short = console
        .post(
            &mut person,
            "/staff/enrol",
            &[
                ("code", "x"),
                ("password", "short"),
                ("password_again", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains("at least 12 characters"),
        "{}",
        short.body
    );
}

#[tokio::test]
async fn someone_who_is_not_an_admin_is_refused_the_page_and_every_form() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut browser = console.signed_in("wayan", &secret).await;
    let page = console.get(&mut browser, "/staff/accounts").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.body.contains("wayan may not manage accounts"),
        "{}",
        page.body
    );
    let add = console
        .post(
            &mut browser,
            "/staff/accounts",
            &[("login", "ketut"), ("name", "Ketut"), ("role_agent", "on")],
        )
        .await;
    assert_eq!(add.status, StatusCode::FORBIDDEN, "{}", add.body);
    let ketut = Login::parse("ketut").unwrap();
    assert!(console.desk.cases.account(&ketut).await.unwrap().is_none());
    let grant = change(&console, &mut browser, "wayan", "grant", "admin").await;
    assert_eq!(grant.status, StatusCode::FORBIDDEN);
    assert_eq!(roles_of(&account(&console, "wayan").await), ["agent"]);
    let disable = change(&console, &mut browser, "admin", "disable", "").await;
    assert_eq!(disable.status, StatusCode::FORBIDDEN);
    assert!(!account(&console, "admin").await.disabled);
    let code = change(&console, &mut browser, "wayan", "enrolment", "").await;
    assert_eq!(code.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn grant_revoke_and_disable_change_the_account_as_the_signed_in_admin() {
    let console = Console::new("bali").await;
    console.add("wayan", &["agent"]).await;
    let mut admin = console.admin_browser().await;

    let granted = change(&console, &mut admin, "wayan", "grant", "front-desk").await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER, "{}", granted.body);
    let back = granted.header("location").to_owned();
    assert!(
        back.starts_with("/staff/accounts?done=grant&account=wayan"),
        "{back}"
    );
    let page = console.get(&mut admin, &back).await;
    assert!(
        page.body.contains("Peran diberikan kepada wayan."),
        "{}",
        page.body
    );
    assert_eq!(
        roles_of(&account(&console, "wayan").await),
        ["agent", "front-desk"]
    );

    let twice = change(&console, &mut admin, "wayan", "grant", "agent").await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        twice.body.contains("wayan holds agent already"),
        "{}",
        twice.body
    );

    let revoked = change(&console, &mut admin, "wayan", "revoke", "agent").await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    assert_eq!(roles_of(&account(&console, "wayan").await), ["front-desk"]);

    let disabled = change(&console, &mut admin, "wayan", "disable", "").await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER, "{}", disabled.body);
    assert!(account(&console, "wayan").await.disabled);

    let log = console.desk.cases.audit_log().await.unwrap();
    let changes: Vec<_> = log
        .iter()
        .filter(|event| event.change.subject() == "wayan")
        .filter(|event| {
            matches!(
                event.change,
                AccountChange::RoleGranted { .. }
                    | AccountChange::RoleRevoked { .. }
                    | AccountChange::Disabled { .. }
            )
        })
        .collect();
    assert_eq!(changes.len(), 3, "{changes:?}");
    for event in changes {
        assert_eq!(event.actor, console.admin.actor(), "{event:?}");
    }

    let unknown = change(&console, &mut admin, "wayan", "promote", "").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_last_admin_cannot_be_disabled_nor_lose_admin_and_the_library_says_why() {
    let console = Console::new("bali").await;
    let mut admin = console.admin_browser().await;
    let disable = change(&console, &mut admin, "admin", "disable", "").await;
    assert_eq!(disable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        disable
            .body
            .contains("admin is the last enabled admin: grant admin to someone else first"),
        "{}",
        disable.body
    );
    assert!(
        disable.body.contains("id=\"account-admin\""),
        "the page again, with the message"
    );
    let revoke = change(&console, &mut admin, "admin", "revoke", "admin").await;
    assert_eq!(revoke.status, StatusCode::UNPROCESSABLE_ENTITY);
    let admin_account = account(&console, "admin").await;
    assert!(!admin_account.disabled && admin_account.is_admin());
}

#[tokio::test]
async fn a_new_code_is_shown_once_and_ending_sessions_signs_the_account_out() {
    let console = Console::new("bali").await;
    let secret = console.add("wayan", &["agent"]).await;
    let mut wayan = console.signed_in("wayan", &secret).await;
    let mut admin = console.admin_browser().await;

    let reissued = change(&console, &mut admin, "wayan", "enrolment", "").await;
    assert_eq!(reissued.status, StatusCode::OK, "{}", reissued.body);
    let code = after(&reissued.body, "id=\"enrolment-code\">", '<');
    assert!(account(&console, "wayan").await.secrets.enrolment.is_some());

    let out = change(&console, &mut admin, "wayan", "sign_out", "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.body);
    let refused = console.get(&mut wayan, "/staff/").await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(refused.header("location").starts_with("/staff/login"));

    // The new code sets a new password and secret.
    let mut person = Browser::default();
    let enrolled = enrol(&console, &mut person, &code, CHOSEN).await;
    assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.body);
}

#[tokio::test]
async fn a_form_without_the_pages_anti_forgery_value_changes_nothing() {
    let console = Console::new("bali").await;
    console.add("wayan", &["agent"]).await;
    let mut admin = console.admin_browser().await;
    let forged = console
        .post(
            &mut admin,
            "/staff/accounts/wayan",
            &[("csrf", "forged"), ("action", "disable")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!account(&console, "wayan").await.disabled);
}
