//! Who is signed in, and that a form was sent by the console's own page. The session token lives only in a
//! host-only `__Host-` cookie (`HttpOnly`, `Secure`, `SameSite=Strict`); the store keeps its digest. Every
//! state-changing form carries an anti-forgery field derived from that token, which a page of another site can
//! neither read nor compute. The sign-in form, sent before there is a session, carries a random value that must
//! match its own cookie (double submit).

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::Utc;
use csirt_domain::case::PrivacyAction;
use csirt_domain::digest::sha256_hex;
use csirt_domain::lang::Lang;
use csirt_staff::StaffError;
use csirt_staff::accounts::{Staffer, session_staffer};
use csirt_staff::privacy::permitted_actions;

use crate::reply::Problem;
use crate::state::ConsoleState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "__Host-csirt-staff";
/// The sign-in form's anti-forgery cookie (set with the form, before there is a session).
pub const FORM_COOKIE: &str = "__Host-csirt-form";
/// The console's language cookie (`id` or `en`).
pub const LANG_COOKIE: &str = "__Host-csirt-lang";
/// The form field that carries the anti-forgery value.
pub const FORM_TOKEN_FIELD: &str = "csrf";

/// A host-only cookie for the console: `Secure`, `HttpOnly`, `SameSite=Strict`, path `/`.
pub fn console_cookie(name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .build()
}

/// The removal of a console cookie.
pub fn removal(name: &'static str) -> Cookie<'static> {
    let mut cookie = console_cookie(name, String::new());
    cookie.make_removal();
    cookie
}

/// The anti-forgery value of forms sent within the session `token`.
pub fn form_token(session_token: &str) -> String {
    sha256_hex(format!("csirt-console-form\0{session_token}").as_bytes())
}

/// Compares two anti-forgery values as digests, so that timing tells nothing.
pub fn same_token(sent: &str, expected: &str) -> bool {
    !expected.is_empty() && sha256_hex(sent.as_bytes()) == sha256_hex(expected.as_bytes())
}

/// The language the console speaks to this browser: its cookie, else Bahasa Indonesia.
pub fn language(jar: &CookieJar) -> Lang {
    match jar.get(LANG_COOKIE).map(Cookie::value) {
        Some("en") => Lang::En,
        _ => Lang::Id,
    }
}

/// Whether a request wants JSON rather than a page (the passkey script, scripts with `Accept: application/json`).
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json") && !accept.contains("text/html"))
}

/// A signed-in member of staff: the account proven by the session cookie, with the anti-forgery value its forms
/// carry and the console's language.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The account.
    pub staffer: Staffer,
    /// The anti-forgery value of this session's forms.
    pub form_token: String,
    /// The page language.
    pub lang: Lang,
    /// Whether the SOP lets the account look reporters up (`find_reporter`): the menu then offers the reporter
    /// data page.
    pub finds_reporters: bool,
}

impl SignedIn {
    /// Refuses a form whose anti-forgery value is not this session's (`403`, nothing done).
    pub fn check_form(&self, sent: Option<&str>) -> Result<(), Problem> {
        if same_token(sent.unwrap_or(""), &self.form_token) {
            Ok(())
        } else {
            Err(Problem::forged(self.lang))
        }
    }
}

/// Where an unauthenticated page request is sent: the sign-in page, remembering the page asked for.
fn to_sign_in(parts: &Parts) -> Response {
    let asked = parts.uri.path_and_query().map_or("/staff/", |p| p.as_str());
    let next: String = form_urlencoded::byte_serialize(asked.as_bytes()).collect();
    Redirect::to(&format!("/staff/login?next={next}")).into_response()
}

/// The refusal of a request without a usable session: `303` to the sign-in page for a page, `401` for a script.
fn unauthenticated(parts: &Parts, lang: Lang) -> Response {
    if wants_json(&parts.headers) {
        let body = serde_json::json!({ "error": { "kind": "unauthenticated", "message": match lang {
            Lang::Id => "Sesi tidak ada atau sudah berakhir: silakan masuk lagi.",
            Lang::En => "No session, or it is over: sign in again.",
        }}});
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    let mut response = to_sign_in(parts);
    if let Ok(value) = removal(SESSION_COOKIE).encoded().to_string().parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

impl<S> FromRequestParts<S> for SignedIn
where
    ConsoleState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = ConsoleState::from_ref(state);
        let jar = CookieJar::from_headers(&parts.headers);
        let lang = language(&jar);
        let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Err(unauthenticated(parts, lang));
        };
        match session_staffer(&state.desk, &token, Utc::now()).await {
            Ok(staffer) => Ok(SignedIn {
                finds_reporters: permitted_actions(&state.desk, &staffer)
                    .contains(&PrivacyAction::FindReporter),
                staffer,
                form_token: form_token(&token),
                lang,
            }),
            Err(StaffError::SignInRefused(_)) => Err(unauthenticated(parts, lang)),
            Err(error) => Err(Problem::from_staff(&error, lang).into_response()),
        }
    }
}
