//! Reading a report or a reply from any of the three body types: JSON, form-urlencoded and multipart/form-data
//! (the only one that carries evidence files). Limits are checked while reading, so an oversized body is refused
//! without being held in memory.

use axum::body::{Body as AxumBody, to_bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use csirt_domain::digest::sha256_hex;
use csirt_domain::evidence::EvidenceFile;
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

/// A body's text fields as sent: a JSON object, or name/value pairs from a form or multipart body.
#[derive(Debug)]
pub enum Fields {
    /// A JSON body.
    Json(serde_json::Value),
    /// A form-urlencoded or multipart body's text fields, in order.
    Pairs(Vec<(String, String)>),
}

impl Fields {
    /// The text value of `name`: a JSON string, or the first pair with that name. `Err` when a JSON body gives
    /// it as something other than a string.
    pub fn text(&self, name: &'static str) -> Result<Option<&str>, ApiError> {
        match self {
            Fields::Json(value) => match value.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(text)) => Ok(Some(text)),
                Some(_) => {
                    let mut errors = FieldErrors::new();
                    errors.push(FieldError::new(
                        name,
                        "Harus berupa teks.",
                        "Must be a string.",
                    ));
                    Err(ApiError::Invalid(errors))
                }
            },
            Fields::Pairs(pairs) => Ok(pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())),
        }
    }

    /// Whether the hidden honeypot field was filled in.
    pub fn honeypot(&self) -> bool {
        match self {
            Fields::Json(value) => value
                .get(HONEYPOT_FIELD)
                .is_some_and(|v| !v.is_null() && v.as_str() != Some("")),
            Fields::Pairs(pairs) => pairs
                .iter()
                .any(|(name, value)| name == HONEYPOT_FIELD && !value.is_empty()),
        }
    }
}

/// A body as read: its text fields and its files (multipart only).
#[derive(Debug)]
pub struct Body {
    /// The text fields.
    pub fields: Fields,
    /// Uploaded files (the parts named `evidence`), in order.
    pub files: Vec<Upload>,
}

/// Reads the body of `request` as a report.
pub async fn read(request: Request) -> Result<Submission, ApiError> {
    let body = read_body(request).await?;
    let honeypot = body.fields.honeypot();
    let input = match &body.fields {
        Fields::Json(value) => ReportInput::from_json(value).map_err(ApiError::Invalid)?,
        Fields::Pairs(pairs) => {
            ReportInput::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        }
    };
    Ok(Submission {
        input,
        files: body.files,
        honeypot,
    })
}

/// Reads the body of `request` by its content type: JSON, form-urlencoded or multipart/form-data.
pub async fn read_body(request: Request) -> Result<Body, ApiError> {
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

async fn read_text_body(body: AxumBody) -> Result<axum::body::Bytes, ApiError> {
    to_bytes(body, MAX_TEXT_BODY).await.map_err(|_| {
        too_large("The request is larger than 256 KiB / Isi permintaan melebihi 256 KiB.")
    })
}

async fn read_json(body: AxumBody) -> Result<Body, ApiError> {
    let bytes = read_text_body(body).await?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| {
        invalid_body(
            "Isi permintaan bukan JSON yang valid.",
            "The request body is not valid JSON.",
        )
    })?;
    if !value.is_object() {
        return Err(invalid_body(
            "Isi permintaan harus berupa objek JSON.",
            "The request body must be a JSON object.",
        ));
    }
    Ok(Body {
        fields: Fields::Json(value),
        files: Vec::new(),
    })
}

async fn read_form(body: AxumBody) -> Result<Body, ApiError> {
    let bytes = read_text_body(body).await?;
    Ok(Body {
        fields: Fields::Pairs(form_urlencoded::parse(&bytes).into_owned().collect()),
        files: Vec::new(),
    })
}

fn multipart_error(error: &axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(
            "The request with its files is larger than 4 MiB / Isi permintaan beserta berkasnya melebihi 4 MiB.",
        )
    } else {
        invalid_body(
            "Isi permintaan multipart tidak dapat dibaca.",
            "The multipart request body cannot be read.",
        )
    }
}

async fn read_multipart(request: Request) -> Result<Body, ApiError> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|_| ApiError::UnsupportedMediaType)?;
    let mut pairs = Vec::new();
    let mut files = Vec::new();
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
            pairs.push((name, value));
        }
    }
    Ok(Body {
        fields: Fields::Pairs(pairs),
        files,
    })
}

/// Checks every uploaded file's type by its content, keeping the name its part declared (cleaned); the first file
/// of no accepted type is an error on the field `evidence`.
pub fn typed_files(uploads: &[Upload], errors: &mut FieldErrors) -> Option<Vec<EvidenceFile>> {
    let mut files = Vec::with_capacity(uploads.len());
    for (i, upload) in uploads.iter().enumerate() {
        match EvidenceFile::from_upload(upload.bytes.clone()) {
            Ok(file) => files.push(match &upload.file_name {
                Some(name) => file.named(name),
                None => file,
            }),
            Err(_) => {
                errors.push(FieldError::new(
                    "evidence",
                    format!("Berkas bukti ke-{} bukan gambar (PNG, JPEG, GIF, WebP), PDF, atau teks.", i + 1),
                    format!("Evidence file {} is not an image (PNG, JPEG, GIF, WebP), a PDF or plain text.", i + 1),
                ));
                return None;
            }
        }
    }
    Some(files)
}

/// The `Idempotency-Key` header, when sent: 1 to 255 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, FieldError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or("");
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(FieldError::new(
            "idempotency_key",
            "Idempotency-Key harus 1-255 karakter ASCII yang terlihat.",
            "Idempotency-Key must be 1-255 visible ASCII characters.",
        ));
    }
    Ok(Some(key))
}
