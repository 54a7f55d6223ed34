//! The thread with the reporter, posted from the case page: a message to the reporter with its files (a
//! multipart form), and the switch of the case's reply channel. Both carry the session's anti-forgery value;
//! the library decides who may do either ([`message_reporter`], [`take_step`]) and refuses a message naming an
//! e-mail address or a telephone number that the writer did not confirm — the console asks for that
//! confirmation first, showing what it found, with the text kept.

use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use csirt_domain::case::{Change, MAX_MESSAGE_FILES};
use csirt_domain::lang::Lang;
use csirt_staff::StaffError;
use csirt_staff::desk::tracking_code;
use csirt_staff::steps::take_step;
use csirt_staff::thread::{OutgoingFile, TeamMessage, message_reporter};

use super::case::{Outcome, Unsent, render};
use super::forms::posted_form;
use crate::reply::Problem;
use crate::session::{FORM_TOKEN_FIELD, SignedIn};
use crate::state::ConsoleState;

/// The largest body of a message with its files: as the intake takes a report (API Gateway and Lambda function
/// URLs take at most 6 MB per request, base64-encoded for binary bodies).
pub const MAX_MESSAGE_BODY: usize = 4 * 1024 * 1024;
/// The largest single file sent with a message.
pub const MAX_MESSAGE_FILE: usize = 3 * 1024 * 1024;
/// The form's text field.
pub const TEXT_FIELD: &str = "text";
/// The form's file input (`multiple`).
pub const FILES_FIELD: &str = "files";
/// The confirmation that the personal data found may be read by whoever holds the tracking code.
pub const CONFIRM_FIELD: &str = "confirm_personal_data";
/// The reply channel form's field: `1` for e-mail only, `0` for the thread.
pub const EMAIL_ONLY_FIELD: &str = "email_only";

/// A message form as it was posted.
#[derive(Debug, Default)]
struct Posted {
    token: Option<String>,
    text: String,
    confirmed: bool,
    files: Vec<OutgoingFile>,
}

/// A body over the limits: `413`, nothing written.
fn too_large(lang: Lang, what: &str) -> Response {
    let message = match lang {
        Lang::Id => format!(
            "Pesan tidak dikirim: {what}. Paling banyak {MAX_MESSAGE_FILES} berkas, masing-masing 3 MiB, dan \
             semuanya (dengan teks) 4 MiB. Tidak ada yang disimpan."
        ),
        Lang::En => format!(
            "The message was not sent: {what}. At most {MAX_MESSAGE_FILES} files, 3 MiB each, and 4 MiB in \
             all with the text. Nothing was written."
        ),
    };
    Problem::new(StatusCode::PAYLOAD_TOO_LARGE, message, lang).into_response()
}

/// A multipart failure as the page that says it: `413` for a body over the limit, else `400`.
fn unreadable(lang: Lang, error: &MultipartError) -> Response {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let what = match lang {
            Lang::Id => "isinya melebihi 4 MiB",
            Lang::En => "it is larger than 4 MiB",
        };
        return too_large(lang, what);
    }
    let message = match lang {
        Lang::Id => {
            "Formulir pesan tidak dapat dibaca; muat ulang halaman lalu coba lagi. Tidak ada yang disimpan."
        }
        Lang::En => {
            "The message form could not be read; reload the page and try again. Nothing was written."
        }
    };
    Problem::new(StatusCode::BAD_REQUEST, message, lang).into_response()
}

/// Reads the message form: its fields, and its files up to [`MAX_MESSAGE_FILE`] each (an empty file part, which
/// a browser sends for an empty file input, is no file).
async fn read_message(request: Request, lang: Lang) -> Result<Posted, Response> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| {
            Problem::new(rejection.status(), rejection.body_text(), lang).into_response()
        })?;
    let mut posted = Posted::default();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| unreadable(lang, &e))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == FILES_FIELD {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(lang, &e))? {
                if bytes.len() + chunk.len() > MAX_MESSAGE_FILE {
                    let what = match lang {
                        Lang::Id => format!("berkas {file_name:?} melebihi 3 MiB"),
                        Lang::En => format!("the file {file_name:?} is larger than 3 MiB"),
                    };
                    return Err(too_large(lang, &what));
                }
                bytes.extend_from_slice(&chunk);
            }
            if !bytes.is_empty() {
                posted.files.push(OutgoingFile {
                    name: file_name,
                    bytes,
                });
            }
            continue;
        }
        let value = field.text().await.map_err(|e| unreadable(lang, &e))?;
        match name.as_str() {
            FORM_TOKEN_FIELD => posted.token = Some(value),
            TEXT_FIELD => posted.text = value,
            CONFIRM_FIELD => posted.confirmed = !value.trim().is_empty(),
            _ => {}
        }
    }
    Ok(posted)
}

/// The case page again with the message not sent: what was typed, what was found or why it was refused.
async fn not_sent(
    state: &ConsoleState,
    signed_in: &SignedIn,
    raw_code: &str,
    unsent: Unsent<'_>,
    status: StatusCode,
) -> Response {
    let outcome = Outcome {
        unsent: Some(unsent),
        ..Outcome::default()
    };
    render(state, signed_in, raw_code, outcome, status).await
}

/// `POST /staff/cases/{code}/thread`: sends the message to the reporter as the signed-in account, then `303` to
/// the case page's thread. A text naming e-mail addresses or telephone numbers comes back unsent (`422`, the
/// text kept, what was found listed) until the confirmation is ticked; a refused text or file comes back with
/// the library's reason; a forged form (`403`) or a role without `message_reporter` (`403`) writes nothing.
pub async fn send(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path(raw_code): Path<String>,
    request: Request,
) -> Response {
    let lang = signed_in.lang;
    let posted = match read_message(request, lang).await {
        Ok(posted) => posted,
        Err(refused) => return refused,
    };
    if let Err(forged) = signed_in.check_form(posted.token.as_deref()) {
        return forged.into_response();
    }
    let code = match tracking_code(&raw_code) {
        Ok(code) => code,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let had_files = !posted.files.is_empty();
    let message = TeamMessage {
        text: posted.text.clone(),
        files: posted.files,
        personal_data_confirmed: posted.confirmed,
    };
    match message_reporter(&state.desk, &code, message, &signed_in.staffer, Utc::now()).await {
        Ok((case, _)) => Redirect::to(&format!("/staff/cases/{}?thread=message#thread", case.code))
            .into_response(),
        // The library's rule: addresses and numbers wait for the writer's confirmation.
        Err(StaffError::PersonalDataUnconfirmed(spotted)) => {
            let unsent = Unsent {
                text: &posted.text,
                spotted: &spotted,
                error: None,
                had_files,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            not_sent(&state, &signed_in, &raw_code, unsent, status).await
        }
        Err(error @ (StaffError::Invalid(_) | StaffError::Refused(_))) => {
            let reason = error.to_string();
            let unsent = Unsent {
                text: &posted.text,
                spotted: &[],
                error: Some(&reason),
                had_files,
            };
            let status = Problem::from_staff(&error, lang).status;
            not_sent(&state, &signed_in, &raw_code, unsent, status).await
        }
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}

/// `POST /staff/cases/{code}/reply-channel`: sets the case to reply by e-mail only (`email_only=1`) or back to
/// the status-page thread (`email_only=0`) as the signed-in account, then `303` to the thread; the library's
/// refusal otherwise (a role without `set_reply_channel`: `403`; e-mail only for a reporter who gave no e-mail
/// address: `409`), nothing written.
pub async fn set_channel(
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
    let email_only = match fields.get(EMAIL_ONLY_FIELD).map(|v| v.trim()) {
        Some("1") => true,
        Some("0") => false,
        _ => {
            let message = match lang {
                Lang::Id => "Pilih saluran balasan (email_only 1 atau 0); tidak ada yang diubah.",
                Lang::En => "Choose the reply channel (email_only 1 or 0); nothing was changed.",
            };
            return Problem::new(StatusCode::UNPROCESSABLE_ENTITY, message, lang).into_response();
        }
    };
    let code = match tracking_code(&raw_code) {
        Ok(code) => code,
        Err(error) => return Problem::from_staff(&error, lang).into_response(),
    };
    let change = Change::SetReplyChannel { email_only };
    match take_step(&state.desk, &code, change, &signed_in.staffer, Utc::now()).await {
        Ok((case, _)) => Redirect::to(&format!("/staff/cases/{}?thread=channel#thread", case.code))
            .into_response(),
        Err(error) => Problem::from_staff(&error, lang).into_response(),
    }
}
