//! Signing in and out: login, password and TOTP code in a form that works without script, or a passkey through
//! the browser's WebAuthn API. The library decides ([`csirt_staff::accounts::sign_in`],
//! [`csirt_staff::accounts::finish_passkey_sign_in`]); this module carries cookies and forms.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Form, FromRequest, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use csirt_domain::lang::Lang;
use csirt_intake::client::client_address;
use csirt_staff::StaffError;
use csirt_staff::accounts::{
    PendingPasskey, SignInAttempt, begin_passkey_sign_in, finish_passkey_sign_in, session_staffer,
    sign_in, sign_out as end_session,
};
use csirt_staff::credentials::OneTimeToken;
use serde::Deserialize;
use serde_json::json;

use super::language::console_path;
use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::{
    FORM_COOKIE, FORM_TOKEN_FIELD, SESSION_COOKIE, SignedIn, console_cookie, language, removal,
    same_token,
};
use crate::state::ConsoleState;

/// The cookie that holds a passkey sign-in ceremony between its two requests.
const PASSKEY_COOKIE: &str = "__Host-csirt-passkey";

/// The sign-in page's query.
#[derive(Debug, Deserialize)]
pub struct Asked {
    next: Option<String>,
    signed_out: Option<String>,
}

/// A fresh anti-forgery value for a form sent before sign-in.
pub(crate) fn fresh_form_token() -> Result<String, Problem> {
    OneTimeToken::generate()
        .map(|token| token.as_str().to_owned())
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string(), Lang::Id))
}

/// What the sign-in page says above the form.
enum Said {
    /// Nothing.
    Nothing,
    /// Why the last attempt was refused.
    Problem(String),
    /// Something to know (signed out; no account exists yet).
    Notice(String),
}

/// The sign-in page, with what is `said` above the form.
fn sign_in_page(
    state: &ConsoleState,
    jar: CookieJar,
    next: &str,
    login: &str,
    said: Said,
    status: StatusCode,
) -> Response {
    let lang = language(&jar);
    let token = match fresh_form_token() {
        Ok(token) => token,
        Err(problem) => return problem.into_response(),
    };
    let team = &state.desk.team.config.team.name;
    let frame = Frame {
        lang,
        staffer: None,
        form_token: &token,
        team,
        path: "/staff/login",
        finds_reporters: false,
    };
    let page = state.pages.render("login.html", &frame, |c| {
        c.insert("next", next);
        c.insert(
            "single_sign_on",
            &super::single_sign_on::sign_in_link(state),
        );
        c.insert("login", login);
        match &said {
            Said::Nothing => {}
            Said::Problem(problem) => c.insert("problem", problem),
            Said::Notice(notice) => c.insert("notice", notice),
        }
    });
    match page {
        Ok(page) => {
            let jar = jar.add(console_cookie(FORM_COOKIE, token));
            (status, jar, page).into_response()
        }
        Err(problem) => problem.into_response(),
    }
}

/// `GET /staff/login`: the form, or straight on when already signed in.
pub async fn page(
    State(state): State<ConsoleState>,
    Query(asked): Query<Asked>,
    jar: CookieJar,
) -> Response {
    let next = console_path(asked.next.as_deref()).to_owned();
    if let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned())
        && session_staffer(&state.desk, &token, Utc::now())
            .await
            .is_ok()
    {
        return Redirect::to(&next).into_response();
    }
    let lang = language(&jar);
    let string = |key: &str| {
        state
            .pages
            .strings(lang)
            .get(key)
            .cloned()
            .unwrap_or_default()
    };
    // A store without accounts: nobody can sign in yet; say how the first account is made.
    let said = match state.desk.cases.accounts().await {
        Ok(accounts) if accounts.is_empty() => Said::Notice(string("no_accounts_yet")),
        _ if asked.signed_out.is_some() => Said::Notice(string("signed_out")),
        _ => Said::Nothing,
    };
    sign_in_page(&state, jar, &next, "", said, StatusCode::OK)
}

/// The client's address, for throttling sign-in attempts, found as the intake finds it (CloudFront's viewer
/// address when trusted, the Lambda request context's source, or the connection); only a hash of it is kept.
fn client_of(state: &ConsoleState, request: &Request) -> String {
    client_address(request, false, state.trust_cloudfront)
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The session cookie for a session token.
pub(crate) fn session_cookie(token: &OneTimeToken) -> axum_extra::extract::cookie::Cookie<'static> {
    console_cookie(SESSION_COOKIE, token.as_str().to_owned())
}

/// `POST /staff/login`: `login`, `password`, `totp`, `csrf`, `next`.
pub async fn submit(
    State(state): State<ConsoleState>,
    jar: CookieJar,
    request: Request,
) -> Response {
    let client = client_of(&state, &request);
    let lang = language(&jar);
    let Form(fields): Form<BTreeMap<String, String>> =
        match Form::from_request(request, &state).await {
            Ok(form) => form,
            Err(rejection) => {
                return Problem::new(StatusCode::BAD_REQUEST, rejection.body_text(), lang)
                    .into_response();
            }
        };
    let field = |name: &str| fields.get(name).map_or("", String::as_str);
    let next = console_path(Some(field("next"))).to_owned();
    let expected = jar.get(FORM_COOKIE).map(|c| c.value().to_owned());
    if !same_token(field(FORM_TOKEN_FIELD), expected.as_deref().unwrap_or("")) {
        return sign_in_page(
            &state,
            jar,
            &next,
            field("login"),
            Said::Problem(Problem::forged(lang).message),
            StatusCode::FORBIDDEN,
        );
    }
    let attempt = SignInAttempt {
        login: field("login"),
        password: field("password"),
        totp: field("totp"),
        client: &client,
    };
    match sign_in(&state.desk, &attempt, Utc::now()).await {
        Ok((_, token)) => {
            let jar = jar.remove(removal(FORM_COOKIE)).add(session_cookie(&token));
            (jar, Redirect::to(&next)).into_response()
        }
        Err(StaffError::SignInRefused(told)) => sign_in_page(
            &state,
            jar,
            &next,
            field("login"),
            Said::Problem(told),
            StatusCode::UNAUTHORIZED,
        ),
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// `POST /staff/logout`: ends the session.
pub async fn sign_out(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    jar: CookieJar,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    if let Err(problem) = signed_in.check_form(fields.get(FORM_TOKEN_FIELD).map(String::as_str)) {
        return problem.into_response();
    }
    let token = jar
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    if let Err(error) = end_session(&state.desk, &token, Utc::now()).await {
        return Problem::from_staff(&error, signed_in.lang).into_response();
    }
    let jar = jar.remove(removal(SESSION_COOKIE));
    (jar, Redirect::to("/staff/login?signed_out=1")).into_response()
}

/// A JSON refusal for the passkey script.
pub(crate) fn json_problem(status: StatusCode, message: String) -> Response {
    (
        status,
        Json(json!({ "error": { "kind": "refused", "message": message } })),
    )
        .into_response()
}

/// Refuses a script request whose `X-CSRF-Token` is not the sign-in form's value.
pub(crate) fn check_script_token(
    jar: &CookieJar,
    headers: &HeaderMap,
) -> Result<(), Box<Response>> {
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let expected = jar.get(FORM_COOKIE).map(|c| c.value().to_owned());
    if same_token(sent, expected.as_deref().unwrap_or("")) {
        Ok(())
    } else {
        Err(Box::new(json_problem(
            StatusCode::FORBIDDEN,
            Problem::forged(language(jar)).message,
        )))
    }
}

/// `POST /staff/passkey/sign-in/begin`: the options for `navigator.credentials.get`, the ceremony kept in a
/// cookie until it is finished.
pub async fn passkey_begin(
    State(state): State<ConsoleState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = check_script_token(&jar, &headers) {
        return *refused;
    }
    match begin_passkey_sign_in(&state.desk, Utc::now()).await {
        Ok((options, pending)) => match serde_json::to_vec(&pending) {
            Ok(bytes) => {
                let jar = jar.add(console_cookie(
                    PASSKEY_COOKIE,
                    URL_SAFE_NO_PAD.encode(bytes),
                ));
                (jar, Json(options)).into_response()
            }
            Err(e) => json_problem(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        },
        Err(error) => json_problem(
            Problem::from_staff(&error, language(&jar)).status,
            error.to_string(),
        ),
    }
}

/// The ceremony kept in the passkey cookie.
fn pending_ceremony(jar: &CookieJar) -> Option<PendingPasskey> {
    let bytes = URL_SAFE_NO_PAD
        .decode(jar.get(PASSKEY_COOKIE)?.value())
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `POST /staff/passkey/sign-in/finish`: the browser's answer (`credential.toJSON()`); a session on success.
pub async fn passkey_finish(
    State(state): State<ConsoleState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Err(refused) = check_script_token(&jar, &headers) {
        return *refused;
    }
    let Some(pending) = pending_ceremony(&jar) else {
        let message = "sign-in refused: no passkey sign-in was begun here; start again".to_owned();
        return json_problem(StatusCode::UNAUTHORIZED, message);
    };
    let lang = language(&jar);
    let jar = jar.remove(removal(PASSKEY_COOKIE));
    match finish_passkey_sign_in(&state.desk, &pending, &body, Utc::now()).await {
        Ok((_, token)) => {
            let jar = jar.remove(removal(FORM_COOKIE)).add(session_cookie(&token));
            (jar, Json(json!({ "next": "/staff/" }))).into_response()
        }
        Err(StaffError::SignInRefused(told)) => {
            (jar, json_problem(StatusCode::UNAUTHORIZED, told)).into_response()
        }
        Err(error) => (
            jar,
            json_problem(Problem::from_staff(&error, lang).status, error.to_string()),
        )
            .into_response(),
    }
}
