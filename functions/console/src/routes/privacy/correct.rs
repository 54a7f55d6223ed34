//! A correction of one of the reporter's fields at their request (UU 27/2022 Pasal 6), from the case page's form:
//! the field chosen and its new value, parsed as the report form parses it ([`ReporterCorrections::parse`]) and
//! made by the library ([`correct_reporter`]). A refusal comes back on the case page with what was typed and
//! the reason beside its field; nothing is changed.

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use csirt_domain::case::{PrivacyAction, ReporterCorrections, ReporterField};
use csirt_staff::StaffError;
use csirt_staff::accounts::authorize;
use csirt_staff::privacy::correct_reporter;

use super::case_code;
use crate::reply::Problem;
use crate::routes::case::{Correction, Outcome, render};
use crate::routes::forms::{field_messages, posted_form};
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The form's field that names the reporter's field: `name`, `email`, `phone` or `organisation`.
pub const FIELD_FIELD: &str = "field";
/// The form's field with the new value (empty removes the reporter's field).
pub const VALUE_FIELD: &str = "value";

/// The case page again with the correction not made, answered with `status`.
async fn not_made(
    state: &ConsoleState,
    signed_in: &SignedIn,
    raw_code: &str,
    correction: Correction<'_>,
    status: StatusCode,
) -> Response {
    let outcome = Outcome {
        correction: Some(correction),
        ..Outcome::default()
    };
    render(state, signed_in, raw_code, outcome, status).await
}

/// `POST /staff/cases/{code}/privacy/correct`: `field` and `value`. Made as the signed-in account, then `303` to
/// the case page's section; a role without `correct_reporter` gets `403` before any field is read, a value the
/// report form would refuse (or one that leaves the reporter unreachable) `422` beside its field, a case that
/// refuses it (redacted, nothing changes) `409`; nothing is changed.
pub async fn correct(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(raw_code): Path<String>,
    request: Request,
) -> Response {
    let lang = signed_in.lang;
    let fields = match posted_form(&signed_in, request).await {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    let code = match case_code(&raw_code, lang) {
        Ok(code) => code,
        Err(problem) => return problem.into_response(),
    };
    let action = PrivacyAction::CorrectReporter.key();
    if let Err(error) = authorize(&state.desk, &signed_in.staffer, action) {
        return Problem::from_staff(&error, lang).into_response();
    }
    let chosen = fields.get(FIELD_FIELD).map_or("", |v| v.trim());
    let value = fields.get(VALUE_FIELD).map_or("", String::as_str);
    let typed = Correction {
        field: chosen,
        value,
        ..Correction::default()
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(field) = ReporterField::parse(chosen) else {
        let message = state
            .pages
            .strings(lang)
            .get("privacy_correct_choose_field")
            .map_or("", String::as_str);
        let refused = Correction {
            field_error: Some(message),
            ..typed
        };
        return not_made(&state, &signed_in, &raw_code, refused, unprocessable).await;
    };
    let corrections = match ReporterCorrections::parse([(field, value)]) {
        Ok(corrections) => corrections,
        Err(errors) => {
            let message = field_messages(&errors, lang);
            let refused = Correction {
                value_error: Some(&message),
                ..typed
            };
            return not_made(&state, &signed_in, &raw_code, refused, unprocessable).await;
        }
    };
    let now = Utc::now();
    match correct_reporter(&state.desk, &signed_in.staffer, &code, &corrections, now).await {
        Ok((case, _)) => Redirect::to(&format!(
            "/staff/cases/{}?privacy=corrected&field={}#privacy",
            case.code,
            field.key()
        ))
        .into_response(),
        Err(StaffError::Fields { errors, .. }) => {
            let message = field_messages(&errors, lang);
            let refused = Correction {
                value_error: Some(&message),
                ..typed
            };
            not_made(&state, &signed_in, &raw_code, refused, unprocessable).await
        }
        Err(error @ StaffError::Refused(_)) => {
            let reason = error.to_string();
            let refused = Correction {
                refused: Some(&reason),
                ..typed
            };
            not_made(&state, &signed_in, &raw_code, refused, StatusCode::CONFLICT).await
        }
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}
