//! How answers are shaped: JSON for scripts and the form's JavaScript, small HTML pages for browsers without
//! it, and one error type whose variants map to the status codes of the API.

use std::borrow::Cow;

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use csirt_domain::field_error::FieldErrors;
use csirt_domain::lang::{Lang, Localized};
use csirt_domain::report::{FIELDS, field_label};
use serde_json::json;

use crate::pages::{ListedError, code_characters};
use crate::state::AppState;

/// What the client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    /// The language of messages.
    pub lang: Lang,
    /// Whether to answer with an HTML page (a browser posting the form without JavaScript).
    pub html: bool,
}

impl Negotiated {
    /// Reads `Accept` and `Accept-Language`; `lang_field` (the form's `lang`) wins over the header.
    pub fn from_headers(headers: &HeaderMap, lang_field: Option<&str>) -> Self {
        let header = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .unwrap_or("")
        };
        let lang = match lang_field {
            Some(field) if !field.trim().is_empty() => Lang::negotiate(field),
            _ => Lang::negotiate(header(header::ACCEPT_LANGUAGE)),
        };
        let accept = header(header::ACCEPT);
        let html = accept.contains("text/html") && !accept.starts_with("application/json");
        Negotiated { lang, html }
    }
}

/// Why a request was not served.
#[derive(Debug)]
pub enum ApiError {
    /// `422`: fields refused, each with its message.
    Invalid(FieldErrors),
    /// `413`: the body or a file is over its limit.
    TooLarge(&'static str),
    /// `415`: not JSON, form-urlencoded or multipart.
    UnsupportedMediaType,
    /// `429`: the client sent too many submissions; retry after so many seconds.
    RateLimited(u64),
    /// `404`: no such case.
    NotFound,
    /// `403`: a browser posted from a page of another site.
    CrossSite,
    /// `403`: the function was called directly, not through the site (no origin secret).
    NotThroughTheSite,
    /// `409`: the case refuses the request as it stands (a reply to a case closed too long ago), said in both
    /// languages.
    Refused(Localized),
    /// `503`: the store is unavailable; nothing was stored.
    Unavailable,
    /// `503`: all clients together filed as much as a day allows; nothing was stored. Retry after so many
    /// seconds, at the day's end in the team's zone (named, e.g. `WIB`).
    DailyCapReached {
        /// Seconds until the day's end.
        retry_after: u64,
        /// The team's zone.
        zone: String,
    },
    /// `500`: a fault of the function itself.
    Internal,
}

impl ApiError {
    /// The answer in the negotiated form.
    pub fn into_response(self, state: &AppState, negotiated: Negotiated) -> Response {
        self.respond(state, negotiated, None)
    }

    /// The answer to a status lookup that failed: for a browser, the page offers the status form again with the
    /// code as it was typed — its letters, digits and hyphens only (at most 64), so nothing else typed is ever
    /// echoed back.
    pub fn into_lookup_response(
        self,
        state: &AppState,
        negotiated: Negotiated,
        typed: &str,
    ) -> Response {
        let kept: String = code_characters(typed).chars().take(64).collect();
        self.respond(state, negotiated, Some(&kept))
    }

    fn respond(self, state: &AppState, negotiated: Negotiated, retry: Option<&str>) -> Response {
        let lang = negotiated.lang;
        let (status, summary, retry_after): (StatusCode, Cow<'_, str>, Option<u64>) = match &self {
            ApiError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                pick(
                    lang,
                    "Beberapa isian perlu diperbaiki.",
                    "Some fields need correcting.",
                ).into(),
                None,
            ),
            ApiError::TooLarge(what) => (StatusCode::PAYLOAD_TOO_LARGE, (*what).into(), None),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                pick(
                    lang,
                    "Kirim laporan sebagai JSON, formulir, atau multipart/form-data.",
                    "Send the report as JSON, a form, or multipart/form-data.",
                ).into(),
                None,
            ),
            ApiError::RateLimited(seconds) => (
                StatusCode::TOO_MANY_REQUESTS,
                retry_in(lang, *seconds).into(),
                Some(*seconds),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                pick(
                    lang,
                    "Tidak ada laporan dengan kode pelacakan ini.",
                    "There is no report with this tracking code.",
                ).into(),
                None,
            ),
            ApiError::CrossSite => (
                StatusCode::FORBIDDEN,
                pick(
                    lang,
                    "Laporan dan pesan hanya diterima dari formulir di situs tim sendiri.",
                    "Reports and messages are taken only from the forms on the team's own site.",
                )
                .into(),
                None,
            ),
            ApiError::NotThroughTheSite => (
                StatusCode::FORBIDDEN,
                pick(
                    lang,
                    "Layanan ini hanya melayani permintaan melalui situs tim.",
                    "This service answers only requests made through the team's site.",
                )
                .into(),
                None,
            ),
            ApiError::Refused(message) => (StatusCode::CONFLICT, message.get(lang).into(), None),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                pick(
                    lang,
                    "Layanan sedang terganggu; laporan Anda belum tersimpan. Coba lagi beberapa saat lagi.",
                    "The service is disrupted; your report has not been stored. Please try again shortly.",
                ).into(),
                Some(10),
            ),
            ApiError::DailyCapReached { retry_after, zone } => (
                StatusCode::SERVICE_UNAVAILABLE,
                daily_cap_reached(lang, *retry_after, zone).into(),
                Some(*retry_after),
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                pick(
                    lang,
                    "Terjadi kesalahan pada layanan.",
                    "The service failed.",
                ).into(),
                None,
            ),
        };
        let errors = match &self {
            ApiError::Invalid(errors) => errors.in_language(lang),
            _ => Default::default(),
        };
        let mut response = if negotiated.html {
            // In the form's order (its fields are listed in that order); anything else after them.
            let mut ordered: Vec<(&&str, &&str)> = errors.iter().collect();
            ordered.sort_by_key(|(field, _)| {
                FIELDS
                    .iter()
                    .position(|f| f == *field)
                    .unwrap_or(usize::MAX)
            });
            let listed: Vec<ListedError<'_>> = ordered
                .into_iter()
                .map(|(field, message)| ListedError {
                    label: field_label(field).map_or(field, |label| label.get(lang)),
                    message,
                })
                .collect();
            let page = state.pages.errors(lang, &summary, &listed, retry);
            (status, Html(page)).into_response()
        } else if errors.is_empty() {
            (status, Json(json!({ "error": summary }))).into_response()
        } else {
            (status, Json(json!({ "error": summary, "errors": errors }))).into_response()
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// What a reporter over the rate limit is told: when to try again, in whole minutes (at least one).
fn retry_in(lang: Lang, seconds: u64) -> String {
    let minutes = seconds.div_ceil(60).max(1);
    match lang {
        Lang::Id => {
            format!("Terlalu banyak laporan dari alamat Anda. Coba lagi dalam {minutes} menit.")
        }
        Lang::En if minutes == 1 => {
            "Too many reports from your address. Please try again in 1 minute.".to_owned()
        }
        Lang::En => {
            format!("Too many reports from your address. Please try again in {minutes} minutes.")
        }
    }
}

/// What a reporter is told past the daily cap: nothing was stored, and when to try again — after midnight in
/// the team's zone, in hours and minutes.
fn daily_cap_reached(lang: Lang, seconds: u64, zone: &str) -> String {
    let minutes = seconds.div_ceil(60).max(1);
    let (hours, minutes) = (minutes / 60, minutes % 60);
    match lang {
        Lang::Id => format!(
            "Layanan ini sudah mencapai batas harian laporan dan berkas bukti; kiriman Anda belum tersimpan. \
             Coba lagi setelah pukul 00.00 {zone} (dalam {hours} jam {minutes} menit). Untuk insiden yang \
             mendesak, hubungi tim melalui telepon."
        ),
        Lang::En => format!(
            "The service has reached its daily limit of reports and evidence; what you sent has not been \
             stored. Please try again after 00:00 {zone} (in {hours} h {minutes} min). For an urgent incident, \
             call the team."
        ),
    }
}

/// The text in `lang`.
pub fn pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    lang.pick(id, en)
}
