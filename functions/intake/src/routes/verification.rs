//! `GET /api/verifikasi?kode=…&sha256=…`: the public verification of an issued document, the target of the
//! site's `/verifikasi/` form without JavaScript (an HTML page in the site's layout) and of its script (JSON).
//! A verification code finds the document's public entry — kind, number, date of signing or issue, issuing team,
//! the role that signed it — and, when the visitor gives the SHA-256 of the file they hold, says whether it is
//! the file issued. Nothing else: the entry holds nothing personal and nothing that leads to the case. An
//! unknown code, a mistyped one and no code at all get one answer (`found: false`), the same for each.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, SubsecRound, Utc};
use csirt_domain::case::{DocumentCheck, DocumentKind, VerificationCode};
use csirt_domain::lang::{Lang, Localized};
use csirt_domain::local_time::LocalTime;
use serde::Serialize;

use super::status::{query_value, store_failed};
use crate::reply::{ApiError, Negotiated};
use crate::state::AppState;

/// What the page and the script are told.
#[derive(Debug, Serialize)]
pub struct VerificationView {
    /// Whether a document is filed under the code.
    found: bool,
    /// The code as typed, for the form again (letters, digits and hyphens only).
    code: String,
    /// The document, when found.
    document: Option<DocumentView>,
    /// Whether the given hash is the issued file's: `match`, `mismatch`, or `not_checked` (none given, or no
    /// document found).
    hash: HashOutcome,
}

/// What the hash check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HashOutcome {
    /// The hash is that of a file issued under the code.
    Match,
    /// It is not.
    Mismatch,
    /// No hash was given, or no document found.
    NotChecked,
}

/// An issued document as the public sees it.
#[derive(Debug, Serialize)]
struct DocumentView {
    kind: DocumentKind,
    title: String,
    number: String,
    issued_at: DateTime<Utc>,
    issued_local: String,
    team: String,
    organisation: String,
    signed_as: Option<String>,
}

/// A document kind's title in both languages.
fn kind_title(kind: DocumentKind) -> Localized {
    Localized::new(kind.title(Lang::Id), kind.title(Lang::En))
}

/// The code as typed, kept to letters, digits and hyphens (it is shown again in the form).
fn typed_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect()
}

/// The handler.
pub async fn verify(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.as_deref();
    let lang = query_value(query, "lang");
    let negotiated = Negotiated::from_headers(&headers, lang.as_deref());
    let typed = query_value(query, "kode").unwrap_or_default();
    let sha256 = query_value(query, "sha256").filter(|h| !h.trim().is_empty());
    match view(&state, &typed, sha256.as_deref(), negotiated.lang).await {
        Ok(view) if negotiated.html => {
            Html(state.pages.verification(negotiated.lang, &view)).into_response()
        }
        Ok(view) => Json(view).into_response(),
        Err(error) => error.into_response(&state, negotiated),
    }
}

async fn view(
    state: &AppState,
    typed: &str,
    sha256: Option<&str>,
    lang: Lang,
) -> Result<VerificationView, ApiError> {
    let check = match VerificationCode::parse(typed) {
        Ok(code) => state
            .cases
            .document_check(&code)
            .await
            .map_err(store_failed)?,
        Err(_) => None,
    };
    let Some(check) = check else {
        return Ok(VerificationView {
            found: false,
            code: typed_code(typed),
            document: None,
            hash: HashOutcome::NotChecked,
        });
    };
    let hash = match sha256 {
        Some(hash) if check.matches(hash) => HashOutcome::Match,
        Some(_) => HashOutcome::Mismatch,
        None => HashOutcome::NotChecked,
    };
    Ok(VerificationView {
        found: true,
        code: check.code.printed(),
        document: Some(document_view(state, &check, lang)),
        hash,
    })
}

fn document_view(state: &AppState, check: &DocumentCheck, lang: Lang) -> DocumentView {
    let time = LocalTime::new(state.calendar.offset());
    DocumentView {
        kind: check.kind,
        title: kind_title(check.kind).get(lang).to_owned(),
        number: check.number.clone(),
        issued_at: check.issued_at.trunc_subsecs(0),
        issued_local: time.moment(check.issued_at, lang),
        team: check.team.clone(),
        organisation: check.organisation.get(lang).to_owned(),
        signed_as: check
            .signed_as
            .as_ref()
            .map(|role| role.get(lang).to_owned()),
    }
}
