//! Signing in through the team's OpenID Connect provider, when the team file has `[single_sign_on]`. The library
//! does the protocol ([`csirt_staff::accounts::begin_single_sign_on`], [`finish_single_sign_on`]); this module
//! carries the pending sign-on in a cookie while the person is at the provider, and the session cookie back.
//!
//! Cookies and the provider's redirect back. The provider sends the browser to the callback from its own site:
//! a cross-site, top-level `GET`. A `SameSite=Strict` cookie is not sent with it, so the pending sign-on's
//! cookie is `SameSite=Lax` (sent with top-level `GET` navigations, never with a cross-site `POST`, an image or
//! a frame); it holds only the `state`, `nonce` and PKCE verifier of this one attempt, `HttpOnly`, host-only,
//! and is removed by the callback. The session cookie stays `Strict`. A browser stores a `Strict` cookie set by
//! the answer to that cross-site navigation, but it does not send it on a redirect that continues the same
//! cross-site chain: a `303` from the callback to `/staff/` would arrive without the new session and land on the
//! sign-in form. So the callback answers with a small page whose `<meta http-equiv="refresh">` (no script: the
//! CSP allows it) and link go on to `/staff/`: that navigation starts from the console's own page, is
//! same-site, and carries the session cookie. (Checked in Chromium: after a provider's redirect back, a `Strict`
//! pending cookie is not sent to the callback; a `Lax` one is; the `Strict` session cookie set there is missing
//! after a `303` and present after the meta refresh.)

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use csirt_domain::lang::Lang;
use csirt_staff::StaffError;
use csirt_staff::accounts::{PendingSignOn, begin_single_sign_on, finish_single_sign_on};
use serde::{Deserialize, Serialize};

use super::sign_in::{fresh_form_token, session_cookie};
use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::{FORM_COOKIE, console_cookie, language, removal};
use crate::state::ConsoleState;

/// The cookie that holds a single sign-on between leaving for the provider and coming back.
pub const SIGN_ON_COOKIE: &str = "__Host-csirt-sso";

/// The console's callback, under the team's `base_url`; the provider must have it registered.
pub const CALLBACK_PATH: &str = "/staff/sso/callback";

/// The single sign-on link of the sign-in page, when the team file has `[single_sign_on]`.
#[derive(Debug, Clone, Serialize)]
pub struct SignOnLink {
    /// The team's own text for the link (`label`); the console's when none.
    pub label: Option<String>,
}

/// The sign-in page's single sign-on link, or `None` when the team file has no `[single_sign_on]`. The sign-in
/// page inserts it as `single_sign_on`.
pub(crate) fn sign_in_link(state: &ConsoleState) -> Option<SignOnLink> {
    let settings = state.desk.team.config.single_sign_on.as_ref()?;
    Some(SignOnLink {
        label: settings.label.clone(),
    })
}

/// The callback's address: the team's `base_url` with [`CALLBACK_PATH`].
fn callback_url(state: &ConsoleState) -> Result<url::Url, StaffError> {
    let base = state.desk.team.config.base_url.trim_end_matches('/');
    let text = format!("{base}{CALLBACK_PATH}");
    url::Url::parse(&text).map_err(|e| {
        StaffError::Invalid(format!(
            "base_url {base:?} gives no single sign-on callback address: {e}"
        ))
    })
}

/// The pending sign-on's cookie: host-only, `Secure`, `HttpOnly`, but `SameSite=Lax`, so that the provider's
/// redirect back (a cross-site top-level `GET`) carries it.
fn sign_on_cookie(value: String) -> Cookie<'static> {
    let mut cookie = console_cookie(SIGN_ON_COOKIE, value);
    cookie.set_same_site(SameSite::Lax);
    cookie
}

/// The removal of the pending sign-on's cookie (with the attributes it was set with).
fn sign_on_removal() -> Cookie<'static> {
    let mut cookie = sign_on_cookie(String::new());
    cookie.make_removal();
    cookie
}

/// The sign-in page again with `problem` said above the form, a fresh anti-forgery value in its cookie.
fn sign_in_again(
    state: &ConsoleState,
    jar: CookieJar,
    problem: String,
    status: StatusCode,
) -> Response {
    let token = match fresh_form_token() {
        Ok(token) => token,
        Err(problem) => return problem.into_response(),
    };
    let frame = Frame {
        lang: language(&jar),
        staffer: None,
        form_token: &token,
        team: &state.desk.team.config.team.name,
        path: "/staff/login",
        finds_reporters: false,
    };
    let page = state.pages.render("login.html", &frame, |c| {
        c.insert("next", "/staff/");
        c.insert("login", "");
        c.insert("problem", &problem);
        c.insert("single_sign_on", &sign_in_link(state));
    });
    match page {
        Ok(page) => (status, jar.add(console_cookie(FORM_COOKIE, token)), page).into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// The status a failed single sign-on is answered with.
fn status_of(error: &StaffError, lang: Lang) -> StatusCode {
    match error {
        StaffError::SignInRefused(_) => StatusCode::UNAUTHORIZED,
        other => Problem::from_staff(other, lang).status,
    }
}

/// `GET /staff/sso`: off to the provider (`303`), the pending sign-on kept in its cookie.
pub async fn begin(State(state): State<ConsoleState>, jar: CookieJar) -> Response {
    let lang = language(&jar);
    let begun = match callback_url(&state) {
        Ok(callback) => begin_single_sign_on(&state.desk, &callback).await,
        Err(error) => Err(error),
    };
    let (to, pending) = match begun {
        Ok(begun) => begun,
        Err(error) => {
            let status = status_of(&error, lang);
            return sign_in_again(&state, jar, error.to_string(), status);
        }
    };
    match serde_json::to_vec(&pending) {
        Ok(bytes) => {
            let jar = jar.add(sign_on_cookie(URL_SAFE_NO_PAD.encode(bytes)));
            (jar, Redirect::to(to.as_str())).into_response()
        }
        Err(e) => {
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), lang).into_response()
        }
    }
}

/// What the provider sends back to the callback: `code` and `state`, or `error`.
#[derive(Debug, Default, Deserialize)]
pub struct Returned {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// The sign-on kept in its cookie.
fn pending_sign_on(jar: &CookieJar) -> Option<PendingSignOn> {
    let bytes = URL_SAFE_NO_PAD
        .decode(jar.get(SIGN_ON_COOKIE)?.value())
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `GET /staff/sso/callback?code&state`: the session cookie and a page that goes on to the queue.
pub async fn finish(
    State(state): State<ConsoleState>,
    Query(returned): Query<Returned>,
    jar: CookieJar,
) -> Response {
    let lang = language(&jar);
    let strings = state.pages.strings(lang);
    let said = |key: &str| strings.get(key).cloned().unwrap_or_default();
    let pending = pending_sign_on(&jar);
    let jar = jar.remove(sign_on_removal());
    if let Some(error) = returned.error {
        // The provider's words, shortened: they came in the address and are shown escaped.
        let error: String = error.chars().take(64).collect();
        let detail: String = returned
            .error_description
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect();
        let told = if detail.is_empty() {
            format!("{} ({error})", said("sso_provider_refused"))
        } else {
            format!("{} ({error}: {detail})", said("sso_provider_refused"))
        };
        return sign_in_again(&state, jar, told, StatusCode::UNAUTHORIZED);
    }
    let (Some(pending), Some(code), Some(returned_state)) =
        (pending, returned.code, returned.state)
    else {
        return sign_in_again(&state, jar, said("sso_not_begun"), StatusCode::UNAUTHORIZED);
    };
    match finish_single_sign_on(&state.desk, &pending, &returned_state, &code, Utc::now()).await {
        Ok((_, token)) => {
            let jar = jar.remove(removal(FORM_COOKIE)).add(session_cookie(&token));
            (
                jar,
                onward_page(lang, &said("sso_signed_on"), &said("sso_continue")),
            )
                .into_response()
        }
        Err(error) => {
            let status = status_of(&error, lang);
            sign_in_again(&state, jar, error.to_string(), status)
        }
    }
}

/// The page that takes a person signed on at the provider on to the queue, by a same-site navigation (see the
/// module's documentation): a meta refresh, and a link for browsers that do not follow it.
fn onward_page(lang: Lang, title: &str, onward: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex, nofollow\">\
         <meta http-equiv=\"refresh\" content=\"0;url=/staff/\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/staff/assets/console.css\"></head>\
         <body><main class=\"console-main\" id=\"main\"><h1>{title}</h1>\
         <p><a href=\"/staff/\">{onward}</a></p></main></body></html>",
        lang = lang.code(),
        title = tera::escape_html(title),
        onward = tera::escape_html(onward),
    ))
}
