//! Evidence files: every one downloaded as an attachment of no particular type, so that no browser renders a
//! reporter's file (an HTML page, an SVG with script) as part of the console; raster images, by the type
//! decided from their content at intake, also shown inline as a preview, sandboxed.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use csirt_domain::case::EvidenceRef;
use csirt_domain::evidence::attachment_disposition;
use csirt_domain::lang::Lang;
use csirt_staff::case_access::evidence_file;
use csirt_staff::desk::tracking_code;

use crate::reply::Problem;
use crate::session::SignedIn;
use crate::state::ConsoleState;

/// The policy an evidence file is served under: nothing loads, nothing runs, no origin.
pub const EVIDENCE_CSP: &str = "default-src 'none'; sandbox";

/// The evidence file `sha256` of case `raw_code`, or the page that says why not (`404` for a hash that is not
/// one of the case's evidence files).
async fn find(
    state: &ConsoleState,
    lang: Lang,
    raw_code: &str,
    sha256: &str,
) -> Result<(EvidenceRef, Vec<u8>), Problem> {
    let code = tracking_code(raw_code).map_err(|e| Problem::from_staff(&e, lang))?;
    let found = evidence_file(&state.desk, &code, sha256)
        .await
        .map_err(|e| Problem::from_staff(&e, lang))?;
    found.ok_or_else(|| {
        let message = match lang {
            Lang::Id => format!("Kasus {code} tidak memiliki berkas bukti dengan SHA-256 ini."),
            Lang::En => format!("Case {code} has no evidence file with this SHA-256."),
        };
        Problem::new(StatusCode::NOT_FOUND, message, lang)
    })
}

/// The headers every evidence answer carries.
fn evidence_headers(headers: &mut HeaderMap, content_type: &str, disposition: &str) {
    let pairs = [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_DISPOSITION, disposition),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CONTENT_SECURITY_POLICY, EVIDENCE_CSP),
    ];
    for (name, value) in pairs {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
}

/// The name a downloaded file is saved under: its own, else one made of its hash and type.
fn download_name(file: &EvidenceRef) -> String {
    file.name.clone().unwrap_or_else(|| {
        let extension = match file.media_type.split(';').next().unwrap_or("").trim() {
            "image/png" => "png",
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            "image/webp" => "webp",
            "application/pdf" => "pdf",
            _ => "txt",
        };
        let short = file.sha256.get(..16).unwrap_or(&file.sha256);
        format!("bukti-{short}.{extension}")
    })
}

/// `GET /staff/cases/{code}/evidence/{sha256}`: the file as an attachment, `application/octet-stream`.
pub async fn download(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path((raw_code, sha256)): Path<(String, String)>,
) -> Response {
    let (file, bytes) = match find(&state, signed_in.lang, &raw_code, &sha256).await {
        Ok(found) => found,
        Err(problem) => return problem.into_response(),
    };
    let disposition = attachment_disposition(&download_name(&file));
    let mut response = bytes.into_response();
    evidence_headers(
        response.headers_mut(),
        "application/octet-stream",
        &disposition,
    );
    response
}

/// `GET /staff/cases/{code}/evidence/{sha256}/preview`: a raster image inline, with the type decided from its
/// content at intake; anything else is `404` (it is downloaded instead).
pub async fn preview(
    State(state): State<ConsoleState>,
    signed_in: SignedIn,
    Path((raw_code, sha256)): Path<(String, String)>,
) -> Response {
    let lang = signed_in.lang;
    let (file, bytes) = match find(&state, lang, &raw_code, &sha256).await {
        Ok(found) => found,
        Err(problem) => return problem.into_response(),
    };
    if !file.is_raster_image() {
        let message = match lang {
            Lang::Id => "Pratinjau hanya untuk gambar PNG, JPEG, GIF atau WebP; unduh berkas ini.",
            Lang::En => "Only PNG, JPEG, GIF and WebP images are previewed; download this file.",
        };
        return Problem::new(StatusCode::NOT_FOUND, message, lang).into_response();
    }
    let mut response = bytes.into_response();
    evidence_headers(response.headers_mut(), &file.media_type, "inline");
    response
}
