//! A redaction of the reporter's data at their request (UU 27/2022 Pasal 8): the confirmation page names what will
//! be lost, as the library works it out for the choice made on the case page (keep the reporter's files or not,
//! [`preview_redaction`]); its form does it ([`redact_reporter`]) and lands on the case page's section.

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use csirt_domain::lang::Lang;
use csirt_staff::privacy::{FreeText, RedactionPreview, preview_redaction, redact_reporter};
use serde::Deserialize;

use super::{Confirmation, FileLine, Words, case_code, render_confirmation};
use crate::reply::Problem;
use crate::routes::case::{machine_key, size_text};
use crate::routes::forms::posted_form;
use crate::routes::queue::local_time;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The field (a checkbox on the case page, hidden on the confirmation) that keeps the reporter's files.
pub const KEEP_EVIDENCE_FIELD: &str = "keep_evidence";

/// The confirmation page's query: the choice made on the case page.
#[derive(Debug, Default, Deserialize)]
pub struct RedactQuery {
    keep_evidence: Option<String>,
}

/// Whether a `keep_evidence` value keeps the files: any value but an empty one (a ticked checkbox sends `on`).
fn keeps(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

/// The confirmation page of `preview`, in `lang`.
fn confirmation(state: &ConsoleState, lang: Lang, preview: &RedactionPreview) -> Confirmation {
    let words = Words(state.pages.strings(lang));
    let code = preview.code.to_string();
    let mut lost = Vec::new();
    if !preview.fields.is_empty() {
        let fields: Vec<String> = preview
            .fields
            .iter()
            .map(|field| words.get(&format!("privacy_field_{}", field.key())))
            .collect();
        lost.push(
            words
                .get("privacy_lost_fields")
                .replace("{fields}", &fields.join(", ")),
        );
    }
    if !preview.free_text.is_empty() {
        let texts: Vec<String> = preview
            .free_text
            .iter()
            .map(|text: &FreeText| words.get(&format!("privacy_free_text_{}", machine_key(text))))
            .collect();
        lost.push(
            words
                .get("privacy_lost_free_text")
                .replace("{fields}", &texts.join(", ")),
        );
    }
    if preview.alias {
        lost.push(words.get("privacy_lost_alias"));
    }
    if preview.messages > 0 {
        lost.push(words.count("privacy_lost_messages", preview.messages));
    }
    if preview.events > 0 {
        lost.push(words.count("privacy_lost_events", preview.events));
    }
    let mut kept = vec![words.get("privacy_redact_kept")];
    if preview.keep_files {
        kept.push(words.get("privacy_kept_files"));
    } else if preview.files.is_empty() {
        kept.push(words.get("privacy_no_files"));
    } else {
        lost.push(words.count("privacy_lost_files", preview.files.len()));
    }
    if let Some(at) = preview.redacted_before {
        kept.push(
            words
                .get("privacy_redacted_before")
                .replace("{at}", &local_time(state, at)),
        );
    }
    if preview.republish {
        kept.push(words.get("privacy_republish"));
    }
    let files = preview
        .files
        .iter()
        .map(|file| FileLine {
            name: file
                .name
                .clone()
                .unwrap_or_else(|| words.get("privacy_unnamed_file")),
            detail: format!(
                "{}, {}, SHA-256 {}",
                file.media_type,
                size_text(file.size, lang),
                file.sha256
            ),
        })
        .collect();
    Confirmation {
        kind: "redact",
        title: words.get("privacy_redact_title").replace("{code}", &code),
        warning: words.get("privacy_redact_warning"),
        code,
        lost,
        files,
        kept,
        keep_evidence: preview.keep_files,
        ..Confirmation::default()
    }
}

/// `GET /staff/cases/{code}/privacy/redact[?keep_evidence=on]`: what a redaction would take away, and the form
/// that does it; the library's refusal otherwise (a role without `redact_reporter`: `403`; nothing left to
/// redact: `409`).
pub async fn confirm_redaction(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(raw_code): Path<String>,
    Query(query): Query<RedactQuery>,
) -> Response {
    let lang = signed_in.lang;
    let code = match case_code(&raw_code, lang) {
        Ok(code) => code,
        Err(problem) => return problem.into_response(),
    };
    let keep = keeps(query.keep_evidence.as_deref());
    match preview_redaction(&state.desk, &signed_in.staffer, &code, keep, Utc::now()).await {
        Ok(preview) => {
            let page = confirmation(&state, lang, &preview);
            render_confirmation(&state, &signed_in, &page, StatusCode::OK)
        }
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// `POST /staff/cases/{code}/privacy/redact`: redacts as the signed-in account, keeping the reporter's files when
/// `keep_evidence` is sent, then `303` to the case page's section; the library's refusal otherwise, nothing
/// changed.
pub async fn redact(
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
    let keep = keeps(fields.get(KEEP_EVIDENCE_FIELD).map(String::as_str));
    match redact_reporter(&state.desk, &signed_in.staffer, &code, keep, Utc::now()).await {
        Ok(redacted) => {
            let republish = if redacted.republish {
                "&republish=1"
            } else {
                ""
            };
            Redirect::to(&format!(
                "/staff/cases/{code}?privacy=redacted{republish}#privacy"
            ))
            .into_response()
        }
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_keep_evidence_keeps_nothing() {
        assert!(keeps(Some("on")));
        assert!(!keeps(Some("")));
        assert!(!keeps(None));
    }
}
