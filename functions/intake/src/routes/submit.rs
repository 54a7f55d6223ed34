//! `POST /api/reports`: takes a report with its evidence and answers with a tracking code — only once the
//! report is stored.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, TimeDelta, Utc};
use csirt_domain::case::{Actor, Case, NoticeOutcome};
use csirt_domain::channel::Channel;
use csirt_domain::field_error::{FieldError, FieldErrors};
use csirt_domain::report::{ParseContext, Report};
use csirt_domain::tracking::TrackingCode;
use csirt_store::filing::{Filed, Filing, file_report};
use csirt_store::{Idempotency, StoreError};
use serde_json::json;

use super::body::{self, Submission};
use crate::client::Submitter;
use crate::daily_cap::Day;
use crate::pages::status_path;
use crate::reply::{ApiError, Negotiated};
use crate::state::AppState;

/// How long a retried submission is recognised by its `Idempotency-Key`.
const IDEMPOTENCY_WINDOW: TimeDelta = TimeDelta::hours(24);

/// The handler.
pub async fn submit(State(state): State<AppState>, request: Request) -> Response {
    let headers = request.headers().clone();
    let now = Utc::now();
    let early = Negotiated::from_headers(&headers, None);
    let submitter = Submitter::of(&state, &request, now);
    if let Err(error) = submitter.check_rate().await {
        return error.into_response(&state, early);
    }
    if let Err(error) = Day::of(&state, now).check_open().await {
        return error.into_response(&state, early);
    }
    let submission = match body::read(request).await {
        Ok(submission) => submission,
        Err(error) => return error.into_response(&state, early),
    };
    let negotiated = Negotiated::from_headers(&headers, Some(submission.input.get("lang")));
    match accept(&state, &headers, &submitter, submission, now).await {
        Ok(code) => receipt(&state, negotiated, &code),
        Err(error) => error.into_response(&state, negotiated),
    }
}

/// Parses, stores evidence and the case, and returns the code the reporter gets.
async fn accept(
    state: &AppState,
    headers: &HeaderMap,
    submitter: &Submitter<'_>,
    submission: Submission,
    now: DateTime<Utc>,
) -> Result<TrackingCode, ApiError> {
    let fresh_code =
        || TrackingCode::generate(&state.profile.tracking_prefix).map_err(|_| ApiError::Internal);
    if submission.honeypot {
        // A bot: answer as if stored, store nothing, log nothing.
        return fresh_code();
    }
    let context = ParseContext {
        received_at: now,
        local_offset: state.calendar.offset(),
    };
    let mut errors = FieldErrors::new();
    let report = errors.take_all(Report::parse(&submission.input, &context));
    let files = body::typed_files(&submission.files, &mut errors);
    let idempotency = errors.take(idempotency(
        headers,
        &submitter.idempotency_scope(),
        &submission,
        now,
    ));
    let (Some(report), Some(files), Some(idempotency)) = (report, files, idempotency) else {
        return Err(ApiError::Invalid(errors));
    };

    let channel = if submission.input.get("lang").is_empty() {
        Channel::Api
    } else {
        Channel::WebForm
    };
    let filing = Filing {
        report,
        files: &files,
        channel,
        actor: Actor::Reporter,
        idempotency: idempotency.as_ref(),
        at: now,
        local_offset: state.calendar.offset(),
    };
    let day = Day::of(state, now);
    let evidence_bytes = files.iter().map(|f| f.bytes().len() as u64).sum();
    let claimed = day.claim(true, evidence_bytes).await?;
    let prefix = &state.profile.tracking_prefix;
    let filed = file_report(&*state.cases, &*state.evidence, prefix, filing).await;
    if !matches!(filed, Ok(Filed::New(_))) {
        // Nothing new was stored: what was claimed for it is free again.
        day.give_back(claimed).await;
    }
    match filed {
        Ok(Filed::New(case)) => {
            submitter.count_stored().await;
            tracing::info!(
                incident_class = case.report.incident.class(),
                evidence_files = files.len(),
                "report stored"
            );
            notify(state, &case, now).await;
            Ok(case.code)
        }
        Ok(Filed::Repeated(code)) => Ok(code),
        Err(StoreError::IdempotencyMismatch) => {
            let mut errors = FieldErrors::new();
            errors.push(FieldError::new(
                "idempotency_key",
                "Idempotency-Key ini sudah dipakai untuk laporan lain.",
                "This Idempotency-Key was already used for another report.",
            ));
            Err(ApiError::Invalid(errors))
        }
        Err(error) => Err(unavailable(error)),
    }
}

/// How long the messages about a new report may hold up the answer; what is not sent by then is sent by the next
/// `csirt notify`.
const NOTIFY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Tells the team (and the reporter) what a stored report or reply is owed. The report is stored whatever happens here: a failed
/// message is recorded on the case and retried later, and only its kind is logged (the reason may name an
/// address).
pub(super) async fn notify(state: &AppState, case: &Case, now: DateTime<Utc>) {
    let Some(notifier) = &state.notifier else {
        return;
    };
    let delivery = notifier.deliver_case(&*state.cases, case, None, now);
    match tokio::time::timeout(NOTIFY_TIMEOUT, delivery).await {
        Ok(Ok(attempts)) => {
            for (notice, outcome) in attempts {
                if let NoticeOutcome::Failed { .. } = outcome {
                    tracing::warn!(notice = ?notice, "message not delivered; it will be retried");
                }
            }
        }
        Ok(Err(error)) => tracing::warn!("messages not recorded: {error}"),
        Err(_) => tracing::warn!("messages took too long; they will be retried"),
    }
}

fn unavailable(error: StoreError) -> ApiError {
    tracing::warn!("report not stored: {error}");
    ApiError::Unavailable
}

/// The idempotency record of the `Idempotency-Key` header, when sent, within the client's `scope`: a key another
/// client claimed first does not stand in this one's way.
fn idempotency(
    headers: &HeaderMap,
    scope: &str,
    submission: &Submission,
    now: DateTime<Utc>,
) -> Result<Option<Idempotency>, FieldError> {
    Ok(body::idempotency_key(headers)?.map(|key| {
        Idempotency::new(
            &format!("{scope}:{key}"),
            submission.fingerprint(),
            now + IDEMPOTENCY_WINDOW,
        )
    }))
}

/// `201` with the code: JSON, or the receipt page for a browser without JavaScript.
fn receipt(state: &AppState, negotiated: Negotiated, code: &TrackingCode) -> Response {
    let code_text = code.to_string();
    let status_page = state.status_pages.get(negotiated.lang);
    let status_url = format!("{status_page}?code={code_text}");
    let mut response = if negotiated.html {
        // A browser without JavaScript gets the intake's own status page, which needs no script to show it.
        let page = state.pages.receipt(
            negotiated.lang,
            &code_text,
            &status_path(&code_text, negotiated.lang),
        );
        (StatusCode::CREATED, Html(page)).into_response()
    } else {
        let body = json!({ "tracking_code": code_text, "status_url": status_url });
        (StatusCode::CREATED, Json(body)).into_response()
    };
    if let Ok(location) = HeaderValue::from_str(&format!("/api/reports/{code_text}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}
