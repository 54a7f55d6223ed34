//! `GET /api/reports/{code}`: what the reporter may know of their case — the state's reporter-facing label, the
//! public timeline, and whether the current step is past its SOP time standard. Nothing else: no personal data,
//! no description, no internal notes.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, SubsecRound, Utc};
use csirt_domain::case::{Case, DocumentKind, EvidenceRef, Party, public_timeline};
use csirt_domain::field_error::FieldErrors;
use csirt_domain::lang::{Lang, Localized};
use csirt_domain::local_time::LocalTime;
use csirt_domain::sop::CaseClock;
use csirt_domain::state::CaseState;
use csirt_domain::tracking::TrackingCode;
use serde::Serialize;

use super::thread::refusal;
use crate::reply::{ApiError, Negotiated};
use crate::state::AppState;

/// The first value of the query parameter `name`. Read by hand rather than by a typed extractor, so a
/// repeated or malformed parameter is never refused with an undocumented `400`.
pub(super) fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// `GET /api/status?code=…`: the status form's target without JavaScript. A code that reads is redirected
/// (`303`) to its status; one that does not is refused as the status route refuses it.
pub async fn lookup(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = query_value(query.as_deref(), "lang");
    let negotiated = Negotiated::from_headers(&headers, lang.as_deref());
    let code = query_value(query.as_deref(), "code");
    match TrackingCode::parse(code.as_deref().unwrap_or_default()) {
        Ok(code) => {
            let lang = negotiated.lang.code();
            Redirect::to(&format!("/api/reports/{code}?lang={lang}")).into_response()
        }
        Err(e) => {
            let mut errors = FieldErrors::new();
            errors.push(e.to_field_error());
            ApiError::Invalid(errors).into_lookup_response(
                &state,
                negotiated,
                code.as_deref().unwrap_or_default(),
            )
        }
    }
}

/// The tracking code as typed, or the answer that refuses it (before any store is asked).
pub(super) fn parse_code(typed: &str) -> Result<TrackingCode, ApiError> {
    TrackingCode::parse(typed).map_err(|e| {
        let mut errors = FieldErrors::new();
        errors.push(e.to_field_error());
        ApiError::Invalid(errors)
    })
}

/// The reporter-facing view of a case.
#[derive(Debug, Serialize)]
pub struct StatusView {
    tracking_code: String,
    state: CaseState,
    label: String,
    labels: Localized,
    received_at: DateTime<Utc>,
    closed: bool,
    /// When the current step is due by the team's SOP, if it has a time standard.
    due_at: Option<DateTime<Utc>>,
    /// Whether the current step is past its time standard.
    overdue: bool,
    timeline: Vec<TimelineView>,
    /// The thread with the team, oldest first (empty when the team talks by e-mail only).
    messages: Vec<MessageView>,
    /// Whether the team talks with the reporter on this case by e-mail only.
    reply_by_email_only: bool,
    /// Whether a reply is taken now.
    accepts_replies: bool,
    /// Why not, when it is not, in the asked language.
    replies_refused: Option<String>,
    /// Documents the team issued for the reporter (the certificate of appreciation), to download.
    documents: Vec<DocumentView>,
}

/// One message of the thread as the reporter sees it.
#[derive(Debug, Serialize)]
struct MessageView {
    from: Party,
    at: DateTime<Utc>,
    at_local: String,
    text: String,
    files: Vec<FileView>,
}

/// A file on the thread: the team's can be downloaded; the reporter's own are listed.
#[derive(Debug, Serialize)]
struct FileView {
    name: String,
    size: u64,
    /// The size for people: bytes, KiB or MiB.
    size_label: String,
    media_type: String,
    url: Option<String>,
}

/// `size` bytes for people: `812 B`, `14.2 KiB`, `2.9 MiB`.
fn size_label(size: u64) -> String {
    const KIB: u64 = 1024;
    match size {
        s if s < KIB => format!("{s} B"),
        s if s < KIB * KIB => format!("{:.1} KiB", s as f64 / KIB as f64),
        s => format!("{:.1} MiB", s as f64 / (KIB * KIB) as f64),
    }
}

/// A document for the reporter.
#[derive(Debug, Serialize)]
struct DocumentView {
    kind: DocumentKind,
    title: String,
    number: String,
    url: String,
}

fn file_view(code: &str, file: &EvidenceRef, downloadable: bool) -> FileView {
    FileView {
        name: file.name.clone().unwrap_or_else(|| "berkas".to_owned()),
        size: file.size,
        size_label: size_label(file.size),
        media_type: file.media_type.clone(),
        url: downloadable.then(|| format!("/api/reports/{code}/files/{}", file.sha256)),
    }
}

#[derive(Debug, Serialize)]
struct TimelineView {
    state: CaseState,
    label: String,
    at: DateTime<Utc>,
    /// The time in the team's local time, for the HTML page.
    at_local: String,
}

/// The handler.
pub async fn status(
    State(state): State<AppState>,
    Path(typed): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = query_value(query.as_deref(), "lang");
    let negotiated = Negotiated::from_headers(&headers, lang.as_deref());
    match view(&state, &typed, negotiated.lang).await {
        Ok(view) if negotiated.html => Html(state.pages.status(
            negotiated.lang,
            &view.tracking_code,
            &view,
        ))
        .into_response(),
        Ok(view) => Json(view).into_response(),
        Err(error) => error.into_lookup_response(&state, negotiated, &typed),
    }
}

/// A failed store read as the answer: `503`, the cause logged (it names no reporter data).
pub(super) fn store_failed(error: csirt_store::StoreError) -> ApiError {
    tracing::warn!("reading a case failed: {error}");
    ApiError::Unavailable
}

/// The case with the code as typed: a mistyped code refused before the store is asked, `404` when there is none.
pub(super) async fn find_case(state: &AppState, typed: &str) -> Result<Case, ApiError> {
    let code = parse_code(typed)?;
    state
        .cases
        .get(&code)
        .await
        .map_err(store_failed)?
        .ok_or(ApiError::NotFound)
}

async fn view(state: &AppState, typed: &str, lang: Lang) -> Result<StatusView, ApiError> {
    let case = find_case(state, typed).await?;
    let events = state.cases.events(&case.code).await.map_err(store_failed)?;
    let clock = CaseClock::compute(&state.profile, &state.calendar, &events, Utc::now());
    let time = LocalTime::new(state.calendar.offset());
    let labels = case.state.reporter_label();
    let code_text = case.code.to_string();
    // "5 Oktober 2026, 09.10 WIB" for people; whole seconds for machines (and HTML's `datetime`).
    let local = |at: DateTime<Utc>| time.moment(at, lang);
    let messages = if case.reply_by_email_only {
        Vec::new()
    } else {
        case.messages
            .iter()
            .map(|m| MessageView {
                from: m.from,
                at: m.at.trunc_subsecs(0),
                at_local: local(m.at),
                text: m.text.as_str().to_owned(),
                files: m
                    .files
                    .iter()
                    .map(|f| file_view(&code_text, f, m.from == Party::Team))
                    .collect(),
            })
            .collect()
    };
    let replies = state.reply_window.admits(&case, Utc::now());
    let documents = case
        .reporter_documents()
        .filter_map(|(d, file)| {
            Some(DocumentView {
                kind: d.kind,
                title: lang
                    .pick("Sertifikat apresiasi", "Certificate of appreciation")
                    .to_owned(),
                number: d.number.clone(),
                url: file_view(&code_text, file, true).url?,
            })
        })
        .collect();
    Ok(StatusView {
        tracking_code: case.code.to_string(),
        state: case.state,
        label: labels.get(lang).to_owned(),
        labels,
        received_at: case.received_at.trunc_subsecs(0),
        closed: case.state == CaseState::Closed,
        due_at: clock.current_due().map(|due| due.trunc_subsecs(0)),
        overdue: clock.is_overdue(),
        timeline: public_timeline(&events)
            .into_iter()
            .map(|entry| TimelineView {
                state: entry.state,
                label: entry.label.get(lang).to_owned(),
                at: entry.at.trunc_subsecs(0),
                at_local: local(entry.at),
            })
            .collect(),
        messages,
        reply_by_email_only: case.reply_by_email_only,
        accepts_replies: replies.is_ok(),
        replies_refused: replies
            .err()
            .map(|refused| refusal(refused).get(lang).to_owned()),
        documents,
    })
}
