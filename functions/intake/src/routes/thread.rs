//! The reporter's side of the thread: `POST /api/reports/{code}/messages` takes a reply with more evidence (JSON,
//! form or multipart, the same limits and content checks as a report's evidence), and
//! `GET /api/reports/{code}/files/{sha256}` hands over a file the team sent — always as a download, never shown
//! inline.

use axum::Json;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, EvidenceRef, ReplyRefused};
use csirt_domain::digest::sha256_hex;
use csirt_domain::evidence::attachment_disposition;
use csirt_domain::field_error::{FieldError, FieldErrors};
use csirt_domain::lang::Localized;
use csirt_domain::text::MessageText;
use csirt_domain::tracking::TrackingCode;
use csirt_store::thread::{Replied, Reply, ReplyError, post_reply};
use serde_json::json;

use super::body::{self, Body};
use super::status::{find_case, parse_code, query_value, store_failed};
use super::submit::notify;
use crate::client::Submitter;
use crate::daily_cap::Day;
use crate::pages::status_path;
use crate::reply::{ApiError, Negotiated};
use crate::state::AppState;

/// The policy a downloaded file is served under: nothing loads, nothing runs, no origin.
pub const FILE_CSP: &str = "default-src 'none'; sandbox";

/// The handler of `POST /api/reports/{code}/messages`.
pub async fn post(
    State(state): State<AppState>,
    Path(typed): Path<String>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    let now = Utc::now();
    let lang = query_value(query.as_deref(), "lang");
    let early = Negotiated::from_headers(&headers, lang.as_deref());
    let submitter = Submitter::of(&state, &request, now);
    if let Err(error) = submitter.check_rate().await {
        return error.into_response(&state, early);
    }
    // A mistyped code is refused before the body is read or the store asked.
    let code = match parse_code(&typed) {
        Ok(code) => code,
        Err(error) => return error.into_response(&state, early),
    };
    let body = match body::read_body(request).await {
        Ok(body) => body,
        Err(error) => return error.into_response(&state, early),
    };
    let lang_field = body.fields.text("lang").ok().flatten().map(str::to_owned);
    let negotiated = Negotiated::from_headers(&headers, lang_field.as_deref().or(lang.as_deref()));
    match accept(&state, &headers, &submitter, &code, body, now).await {
        Ok(message) => created(&state, negotiated, &code, message),
        Err(error) => error.into_response(&state, negotiated),
    }
}

/// Parses the reply and stores it with its files; the number of the message on the case.
async fn accept(
    state: &AppState,
    headers: &HeaderMap,
    submitter: &Submitter<'_>,
    code: &TrackingCode,
    body: Body,
    now: DateTime<Utc>,
) -> Result<u32, ApiError> {
    if body.fields.honeypot() {
        // A bot: answer as if stored, store nothing.
        return Ok(0);
    }
    let mut errors = FieldErrors::new();
    let text = match body.fields.text(MessageText::FIELD)? {
        Some(raw) => errors.take(MessageText::parse(raw)),
        None => {
            errors.push(csirt_domain::text::required(MessageText::FIELD));
            None
        }
    };
    let files = body::typed_files(&body.files, &mut errors);
    let key = errors.take(body::idempotency_key(headers));
    let (Some(text), Some(files), Some(key)) = (text, files, key) else {
        return Err(ApiError::Invalid(errors));
    };
    let reply = Reply {
        text,
        files: &files,
        key_hash: key.map(|key| sha256_hex(key.as_bytes())),
        at: now,
    };
    // A reply is no report: only its evidence counts against the day's cap.
    let day = Day::of(state, now);
    let evidence_bytes = files.iter().map(|f| f.bytes().len() as u64).sum();
    let claimed = day.claim(false, evidence_bytes).await?;
    let replied = post_reply(
        &*state.cases,
        &*state.evidence,
        code,
        &state.reply_window,
        reply,
    )
    .await;
    if !matches!(replied, Ok(Replied::New { .. })) {
        day.give_back(claimed).await;
    }
    match replied {
        Ok(Replied::New { case, message }) => {
            submitter.count_stored().await;
            tracing::info!(evidence_files = files.len(), "reply stored");
            notify(state, &case, now).await;
            Ok(message)
        }
        Ok(Replied::Repeated { message }) => Ok(message),
        Err(ReplyError::NotFound) => Err(ApiError::NotFound),
        Err(ReplyError::Refused(refused)) => Err(ApiError::Refused(refusal(refused))),
        Err(ReplyError::KeyReused) => {
            let mut errors = FieldErrors::new();
            errors.push(FieldError::new(
                "idempotency_key",
                "Idempotency-Key ini sudah dipakai untuk pesan lain pada laporan ini.",
                "This Idempotency-Key was already used for another message on this report.",
            ));
            Err(ApiError::Invalid(errors))
        }
        Err(ReplyError::Workflow(error)) => {
            tracing::warn!("reply refused by the workflow: {error}");
            Err(ApiError::Refused(Localized::new(
                "Pesan tidak dapat diterima untuk laporan ini.",
                "The message cannot be taken on this report.",
            )))
        }
        Err(ReplyError::Store(error)) => {
            tracing::warn!("reply not stored: {error}");
            Err(ApiError::Unavailable)
        }
    }
}

/// What the reporter is told when the case takes no reply.
pub fn refusal(refused: ReplyRefused) -> Localized {
    match refused {
        ReplyRefused::Closed { days } => Localized::new(
            format!(
                "Laporan ini sudah ditutup lebih dari {days} hari yang lalu dan tidak menerima balasan lagi. Untuk hal \
                 baru, kirim laporan baru."
            ),
            format!(
                "This report was closed more than {days} days ago and takes no more replies. For anything new, send \
                 a new report."
            ),
        ),
        ReplyRefused::EmailOnly => Localized::new(
            "Untuk laporan ini tim berkomunikasi dengan Anda hanya melalui e-mail. Balas e-mail dari tim.",
            "For this report the team talks with you by e-mail only. Reply to the team's e-mail.",
        ),
        ReplyRefused::Full => Localized::new(
            "Percakapan laporan ini sudah mencapai batas pesan. Hubungi tim melalui e-mail atau telepon.",
            "This report's conversation has reached its message limit. Contact the team by e-mail or telephone.",
        ),
    }
}

/// `201`: JSON, or a page for a browser without JavaScript that leads back to the status.
fn created(
    state: &AppState,
    negotiated: Negotiated,
    code: &TrackingCode,
    message: u32,
) -> Response {
    let code_text = code.to_string();
    let status_api = format!("/api/reports/{code_text}");
    let mut response = if negotiated.html {
        let page = state.pages.replied(
            negotiated.lang,
            &code_text,
            &format!("{}#percakapan", status_path(&code_text, negotiated.lang)),
        );
        (StatusCode::CREATED, Html(page)).into_response()
    } else {
        let status_page = state.status_pages.get(negotiated.lang);
        let body = json!({
            "tracking_code": code_text,
            "message": message,
            "status_url": format!("{status_page}?code={code_text}"),
        });
        (StatusCode::CREATED, Json(body)).into_response()
    };
    if let Ok(location) = HeaderValue::from_str(&status_api) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The file of `case` with this hash that the reporter may download: one the team sent on the thread (unless
/// the case is set to reply by e-mail only), or the certificate kept for them.
pub fn reporter_file<'a>(case: &'a Case, sha256: &str) -> Option<&'a EvidenceRef> {
    let on_thread = (!case.reply_by_email_only)
        .then(|| case.team_sent_file(sha256))
        .flatten();
    on_thread.or_else(|| {
        case.reporter_documents()
            .map(|(_, file)| file)
            .find(|f| f.sha256 == sha256)
    })
}

/// The handler of `GET /api/reports/{code}/files/{sha256}`.
pub async fn file(
    State(state): State<AppState>,
    Path((typed, sha256)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let negotiated = Negotiated::from_headers(&headers, None);
    match find_file(&state, &typed, &sha256).await {
        Ok((reference, bytes)) => {
            let mut response = bytes.into_response();
            let name = reference.name.as_deref().unwrap_or("berkas");
            let pairs = [
                (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                (header::CONTENT_DISPOSITION, attachment_disposition(name)),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                (header::CONTENT_SECURITY_POLICY, FILE_CSP.to_owned()),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ];
            for (name, value) in pairs {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        Err(error) => error.into_response(&state, negotiated),
    }
}

async fn find_file(
    state: &AppState,
    typed: &str,
    sha256: &str,
) -> Result<(EvidenceRef, Vec<u8>), ApiError> {
    let case = find_case(state, typed).await?;
    let wanted = sha256.to_ascii_lowercase();
    let reference = reporter_file(&case, &wanted)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let bytes = state
        .evidence
        .get(case.code.key(), &reference.sha256)
        .await
        .map_err(store_failed)?
        .ok_or(ApiError::NotFound)?;
    Ok((reference, bytes))
}
