//! The console's routes, all under `/staff/`. Every answer carries `Cache-Control: no-store` and the site's
//! security headers; every page but sign-in and enrolment needs a session ([`crate::session::SignedIn`]).

mod accounts;
mod assets;
mod case;
mod documents;
mod evidence;
mod forms;
mod language;
mod passkeys;
mod privacy;
mod publish;
mod queue;
mod reporters;
mod reports;
mod sign_in;
mod single_sign_on;
mod steps;
mod thread;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{Redirect, Response};
use axum::routing::{get, post};
use csirt_site::headers::SECURITY_HEADERS;

use crate::state::ConsoleState;

/// `Cache-Control: no-store` and the site's security headers (strict CSP: no inline script or style) on every
/// console answer.
async fn console_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // A handler's own header wins: evidence and documents are served with a stricter, sandboxing policy.
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

/// The console, every route under `/staff/`.
pub fn router(state: ConsoleState) -> Router {
    Router::new()
        .route("/staff", get(|| async { Redirect::to("/staff/") }))
        .route("/staff/", get(queue::page))
        .route("/staff/queue/print", get(queue::sheet))
        .route("/staff/login", get(sign_in::page).post(sign_in::submit))
        .route("/staff/logout", post(sign_in::sign_out))
        .route("/staff/passkey/sign-in/begin", post(sign_in::passkey_begin))
        .route(
            "/staff/passkey/sign-in/finish",
            post(sign_in::passkey_finish),
        )
        .route(
            "/staff/enrol",
            get(accounts::enrol_page).post(accounts::enrol),
        )
        .route("/staff/sso", get(single_sign_on::begin))
        .route("/staff/sso/callback", get(single_sign_on::finish))
        .route("/staff/language/{lang}", get(language::switch))
        .route("/staff/assets/{file}", get(assets::file))
        .route("/staff/cases/{code}", get(case::page))
        .route("/staff/cases/{code}/steps/{step}", post(steps::take))
        .route(
            "/staff/cases/{code}/thread",
            post(thread::send).layer(DefaultBodyLimit::max(thread::MAX_MESSAGE_BODY)),
        )
        .route(
            "/staff/cases/{code}/reply-channel",
            post(thread::set_channel),
        )
        .route(
            "/staff/cases/{code}/evidence/{sha256}",
            get(evidence::download),
        )
        .route(
            "/staff/cases/{code}/evidence/{sha256}/preview",
            get(evidence::preview),
        )
        .route(
            "/staff/reporters",
            get(reporters::page).post(reporters::search),
        )
        .route("/staff/cases/{code}/privacy/export", post(privacy::export))
        .route(
            "/staff/cases/{code}/privacy/correct",
            post(privacy::correct),
        )
        .route(
            "/staff/cases/{code}/privacy/redact",
            get(privacy::confirm_redaction).post(privacy::redact),
        )
        .route(
            "/staff/cases/{code}/privacy/erase",
            get(privacy::confirm_erasure).post(privacy::erase),
        )
        .route("/staff/cases/{code}/erased", get(privacy::erased))
        .route("/staff/cases/{code}/documents", post(documents::issue))
        .route(
            "/staff/cases/{code}/documents/drafts/{id}",
            post(documents::draft_action),
        )
        .route(
            "/staff/cases/{code}/documents/{number}",
            get(documents::show),
        )
        .route("/staff/publish", get(publish::page).post(publish::run))
        .route("/staff/reports", get(reports::page))
        .route("/staff/reports/chart.svg", get(reports::chart))
        .route("/staff/accounts", get(accounts::page).post(accounts::add))
        .route("/staff/accounts/{login}", post(accounts::change))
        .route("/staff/passkeys", get(passkeys::page))
        .route("/staff/passkeys/begin", post(passkeys::begin))
        .route("/staff/passkeys/finish", post(passkeys::finish))
        .layer(middleware::from_fn(console_headers))
        .with_state(state)
}
