//! The access export (UU 27/2022 Pasal 7): everything the team holds about the reporter of a case, as the JSON
//! `csirt case access-export` writes, downloaded as an attachment that no cache keeps and no browser renders.

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use csirt_domain::evidence::attachment_disposition;
use csirt_staff::privacy::access_export;

use super::case_code;
use crate::reply::Problem;
use crate::routes::evidence::EVIDENCE_CSP;
use crate::routes::forms::posted_form;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The name the export is saved under: `data-pelapor-CODE.json`.
pub fn export_file_name(code: &str) -> String {
    format!("data-pelapor-{code}.json")
}

/// The headers of the export: JSON, an attachment, never sniffed, never stored, nothing loaded or run if opened.
fn export_headers(headers: &mut HeaderMap, disposition: &str) {
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = HeaderValue::from_str(disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(EVIDENCE_CSP),
    );
}

/// `POST /staff/cases/{code}/privacy/export`: the export as `application/json`, an attachment; the library's
/// refusal otherwise (a role without `access_export`: `403`), nothing handed over.
pub async fn export(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(raw_code): Path<String>,
    request: Request,
) -> Response {
    let lang = signed_in.lang;
    if let Err(refused) = posted_form(&signed_in, request).await {
        return refused;
    }
    let code = match case_code(&raw_code, lang) {
        Ok(code) => code,
        Err(problem) => return problem.into_response(),
    };
    let export = match access_export(&state.desk, &signed_in.staffer, &code, Utc::now()).await {
        Ok(export) => export,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let mut json = match serde_json::to_vec_pretty(&export) {
        Ok(json) => json,
        Err(error) => {
            tracing::error!("the access export could not be written as JSON: {error}");
            let message =
                format!("the export of case {code} could not be written as JSON: {error}");
            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, message, lang).into_response();
        }
    };
    json.push(b'\n');
    let disposition = attachment_disposition(&export_file_name(&code.to_string()));
    let mut response = json.into_response();
    export_headers(response.headers_mut(), &disposition);
    response
}
