//! Reading a submission from any of the three body types: JSON, form-urlencoded and multipart/form-data (the
//! only one that carries evidence files). Limits are checked while reading, so an oversized body is refused
//! without being held in memory.

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use csirt_domain::digest::sha256_hex;
use csirt_domain::field_error::{FieldError, FieldErrors};
use csirt_domain::report::{FIELDS, ReportInput};

use crate::reply::ApiError;

/// The largest JSON or form-urlencoded body.
pub const MAX_TEXT_BODY: usize = 256 * 1024;
/// The largest multipart body, files included. API Gateway and Lambda function URLs take at most 6 MB per
/// request, base64-encoded for binary bodies: 4 MiB stays under that.
pub const MAX_MULTIPART_BODY: usize = 4 * 1024 * 1024;
/// The largest single evidence file.
pub const MAX_FILE: usize = 3 * 1024 * 1024;
/// The most evidence files in one report.
pub const MAX_FILES: usize = 5;
/// The hidden field that people never fill in and form-filling bots do.
pub const HONEYPOT_FIELD: &str = "website";

/// An uploaded evidence file as read from the body, not yet typed.
#[derive(Debug)]
pub struct Upload {
    /// The file name its part declared, as sent (cleaned when the file is kept).
    pub file_name: Option<String>,
    /// The content.
    pub bytes: Vec<u8>,
}

/// A submission as read from the body, not yet parsed as a report.
#[derive(Debug)]
pub struct Submission {
    /// The report's text fields.
    pub input: ReportInput,
    /// Uploaded evidence files, in order.
    pub files: Vec<Upload>,
    /// Whether the honeypot field was filled in.
    pub honeypot: bool,
}

impl Submission {
    /// A fingerprint of what was submitted: every report field and every file's hash (not its name). Two
    /// submissions with the same fingerprint are the same report, whichever body type carried them.
    pub fn fingerprint(&self) -> String {
        let mut canonical = String::new();
        for field in FIELDS.iter().filter(|f| **f != "lang") {
            canonical.push_str(field);
            canonical.push('=');
            canonical.push_str(&self.input.get(field).replace('\n', "\\n"));
            canonical.push('\n');
        }
        for file in &self.files {
            canonical.push_str("evidence=");
            canonical.push_str(&sha256_hex(&file.bytes));
            canonical.push('\n');
        }
        sha256_hex(canonical.as_bytes())
    }
}

fn too_large(what: &'static str) -> ApiError {
    ApiError::TooLarge(what)
}

fn invalid_body(id: &str, en: &str) -> ApiError {
    let mut errors = FieldErrors::new();
    errors.push(FieldError::new("body", id, en));
    ApiError::Invalid(errors)
}

/// Reads the body of `request` by its content type.
pub async fn read(request: Request) -> Result<Submission, ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match content_type.as_str() {
        "application/json" => read_json(request.into_body()).await,
        "application/x-www-form-urlencoded" => read_form(request.into_body()).await,
        "multipart/form-data" => read_multipart(request).await,
        _ => Err(ApiError::UnsupportedMediaType),
    }
}

async fn read_text_body(body: Body) -> Result<axum::body::Bytes, ApiError> {
    to_bytes(body, MAX_TEXT_BODY)
        .await
        .map_err(|_| too_large("The report is larger than 256 KiB / Laporan melebihi 256 KiB."))
}

async fn read_json(body: Body) -> Result<Submission, ApiError> {
    let bytes = read_text_body(body).await?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| {
        invalid_body(
            "Isi permintaan bukan JSON yang valid.",
            "The request body is not valid JSON.",
        )
    })?;
    let honeypot = value
        .get(HONEYPOT_FIELD)
        .is_some_and(|v| !v.is_null() && v.as_str() != Some(""));
    let input = ReportInput::from_json(&value).map_err(ApiError::Invalid)?;
    Ok(Submission {
        input,
        files: Vec::new(),
        honeypot,
    })
}

async fn read_form(body: Body) -> Result<Submission, ApiError> {
    let bytes = read_text_body(body).await?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let honeypot = pairs
        .iter()
        .any(|(name, value)| name == HONEYPOT_FIELD && !value.is_empty());
    let input = ReportInput::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    Ok(Submission {
        input,
        files: Vec::new(),
        honeypot,
    })
}

fn multipart_error(error: &axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(
            "The report with its files is larger than 4 MiB / Laporan beserta berkasnya melebihi 4 MiB.",
        )
    } else {
        invalid_body(
            "Isi permintaan multipart tidak dapat dibaca.",
            "The multipart request body cannot be read.",
        )
    }
}

async fn read_multipart(request: Request) -> Result<Submission, ApiError> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|_| ApiError::UnsupportedMediaType)?;
    let mut input = ReportInput::new();
    let mut files = Vec::new();
    let mut honeypot = false;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "evidence" {
            let file_name = field.file_name().map(str::to_owned);
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                if bytes.len() + chunk.len() > MAX_FILE {
                    return Err(too_large(
                        "An evidence file is larger than 3 MiB / Berkas bukti melebihi 3 MiB.",
                    ));
                }
                bytes.extend_from_slice(&chunk);
            }
            // A browser sends an empty part for a file input left empty.
            if bytes.is_empty() {
                continue;
            }
            if files.len() == MAX_FILES {
                return Err(too_large(
                    "At most 5 evidence files / Paling banyak 5 berkas bukti.",
                ));
            }
            files.push(Upload { file_name, bytes });
        } else {
            let value = field.text().await.map_err(|e| multipart_error(&e))?;
            if name == HONEYPOT_FIELD && !value.is_empty() {
                honeypot = true;
            }
            input.set(&name, value);
        }
    }
    Ok(Submission {
        input,
        files,
        honeypot,
    })
}
