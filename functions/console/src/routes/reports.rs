//! Management reports with charts.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::session::SignedIn;
use crate::state::ConsoleState;

/// `GET /staff/reports`.
pub async fn page(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}

/// `GET /staff/reports/chart.svg`.
pub async fn chart(State(_state): State<ConsoleState>, _signed_in: SignedIn) -> Response {
    axum::http::StatusCode::NOT_IMPLEMENTED.into_response()
}
