//! Registering passkeys on one's own account. The page lists the account's passkeys (when registered and last
//! used; never a key) and offers the button the console's script runs the WebAuthn ceremony with: `begin` gives
//! the options for `navigator.credentials.create` and keeps the pending ceremony in its own cookie, `finish`
//! hands the browser's answer to the library ([`csirt_staff::accounts::finish_passkey_registration`]). Both need
//! the session and its anti-forgery value in `X-CSRF-Token`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use csirt_staff::StaffError;
use csirt_staff::accounts::{
    PendingPasskey, begin_passkey_registration, finish_passkey_registration,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::queue::local_time;
use crate::pages::Frame;
use crate::reply::Problem;
use crate::session::{SignedIn, console_cookie, removal};
use crate::state::ConsoleState;

/// The cookie that holds a passkey registration between its two requests (`SameSite=Strict`, `HttpOnly`; the
/// library seals what it holds and spends it once).
pub const REGISTRATION_COOKIE: &str = "__Host-csirt-passkey-reg";

/// The page's query: `registered=1` after the script registered one.
#[derive(Debug, Default, Deserialize)]
pub struct Asked {
    registered: Option<String>,
}

/// One passkey as the page shows it.
#[derive(Debug, Serialize)]
struct PasskeyRow {
    /// The first characters of its credential id, to tell passkeys apart (the id names it; it is no secret).
    id: String,
    created: String,
    last_used: String,
}

/// `GET /staff/passkeys`: the signed-in account's passkeys and the button that registers one more.
pub async fn page(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Query(asked): Query<Asked>,
) -> Response {
    let account = signed_in.staffer.account();
    let rows: Vec<PasskeyRow> = account
        .secrets
        .passkeys
        .iter()
        .map(|passkey| PasskeyRow {
            id: passkey.credential_id.chars().take(12).collect(),
            created: local_time(&state, passkey.created_at),
            last_used: passkey
                .last_used_at
                .map(|at| local_time(&state, at))
                .unwrap_or_default(),
        })
        .collect();
    let frame = Frame::signed_in(
        &signed_in,
        &state.desk.team.config.team.name,
        "/staff/passkeys",
    );
    state
        .pages
        .render("passkeys.html", &frame, |c| {
            c.insert("passkeys", &rows);
            c.insert("registered", &asked.registered.is_some());
        })
        .into_response()
}

/// A JSON refusal for the script: the error's kind and the library's message.
fn json_refusal(error: &StaffError, signed_in: &SignedIn) -> Response {
    let status = match error {
        StaffError::SignInRefused(_) => StatusCode::BAD_REQUEST,
        _ => Problem::from_staff(error, signed_in.lang).status,
    };
    let body = json!({ "error": { "kind": error.kind(), "message": error.to_string() } });
    (status, Json(body)).into_response()
}

/// The refusal (`403`) of a script request whose `X-CSRF-Token` is not this session's anti-forgery value.
fn forged_header(signed_in: &SignedIn, headers: &HeaderMap) -> Option<Response> {
    let sent = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    let problem = signed_in.check_form(sent).err()?;
    let body = json!({ "error": { "kind": "forged", "message": problem.message } });
    Some((StatusCode::FORBIDDEN, Json(body)).into_response())
}

/// `POST /staff/passkeys/begin`: the options for `navigator.credentials.create`, the ceremony kept in its
/// cookie until it is finished.
pub async fn begin(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = forged_header(&signed_in, &headers) {
        return refused;
    }
    let (options, pending) =
        match begin_passkey_registration(&state.desk, &signed_in.staffer, Utc::now()).await {
            Ok(begun) => begun,
            Err(error) => return json_refusal(&error, &signed_in),
        };
    match serde_json::to_vec(&pending) {
        Ok(bytes) => {
            let cookie = console_cookie(REGISTRATION_COOKIE, URL_SAFE_NO_PAD.encode(bytes));
            (jar.add(cookie), Json(options)).into_response()
        }
        Err(e) => {
            let error = StaffError::Unavailable(format!("passkey registration: {e}"));
            json_refusal(&error, &signed_in)
        }
    }
}

/// The registration kept in its cookie.
fn pending_registration(jar: &CookieJar) -> Option<PendingPasskey> {
    let bytes = URL_SAFE_NO_PAD
        .decode(jar.get(REGISTRATION_COOKIE)?.value())
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `POST /staff/passkeys/finish`: the browser's answer (`credential.toJSON()`); `{"registered": true}` when the
/// library stored the passkey.
pub async fn finish(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    jar: CookieJar,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Some(refused) = forged_header(&signed_in, &headers) {
        return refused;
    }
    let Some(pending) = pending_registration(&jar) else {
        let error = StaffError::SignInRefused(
            "passkey not registered: no registration was begun in this browser; start again".into(),
        );
        return json_refusal(&error, &signed_in);
    };
    let jar = jar.remove(removal(REGISTRATION_COOKIE));
    let finished =
        finish_passkey_registration(&state.desk, &signed_in.staffer, &pending, &body, Utc::now())
            .await;
    match finished {
        Ok(()) => (jar, Json(json!({ "registered": true }))).into_response(),
        Err(error) => (jar, json_refusal(&error, &signed_in)).into_response(),
    }
}
