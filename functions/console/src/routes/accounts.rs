//! Staff accounts (admins) and enrolment.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use crate::session::SignedIn;
use crate::state::ConsoleState;

/// `GET /staff/accounts`.
pub async fn page(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `POST /staff/accounts`.
pub async fn add(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `POST /staff/accounts/{login}`.
pub async fn change(
    State(_state): State<ConsoleState>,
    _signed_in: SignedIn,
    Path(_login): Path<String>,
) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `GET /staff/enrol`.
pub async fn enrol_page(State(_state): State<ConsoleState>) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `POST /staff/enrol`.
pub async fn enrol(State(_state): State<ConsoleState>) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
