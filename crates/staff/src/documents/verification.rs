//! What an issued document prints so that anyone holding it can check it: its verification code, the address of
//! the site's verification page with that code, and the same address as a QR code drawn in SVG inside the page.

use csirt_domain::case::VerificationCode;
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;

/// The site's verification page, under the site's base URL.
pub const VERIFICATION_PATH: &str = "/verifikasi/";

/// The address that checks the document with `code` on the site at `base_url`:
/// `<base url>/verifikasi/?kode=<code>`.
pub fn verification_url(base_url: &str, code: &VerificationCode) -> String {
    format!(
        "{}{VERIFICATION_PATH}?kode={}",
        base_url.trim_end_matches('/'),
        code.printed()
    )
}

/// The verification block of a document, as the templates show it.
#[derive(Debug, Clone, Serialize)]
pub struct VerificationView {
    /// The code as printed (groups of four).
    pub code: String,
    /// The verification page's address with the code.
    pub url: String,
    /// The QR code of that address, an inline `<svg>` element (no XML declaration).
    pub qr: String,
}

impl VerificationView {
    /// The block for the document with `code`, on the site at `base_url`.
    pub fn of(code: &VerificationCode, base_url: &str) -> Self {
        let url = verification_url(base_url, code);
        VerificationView {
            code: code.printed(),
            qr: qr_svg(&url),
            url,
        }
    }
}

/// `text` as a QR code in an inline SVG element; an address too long for a QR code (none a site makes) gives an
/// empty string, and the printed address stands alone.
pub fn qr_svg(text: &str) -> String {
    let Ok(code) = QrCode::new(text.as_bytes()) else {
        return String::new();
    };
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(120, 120)
        .quiet_zone(true)
        .build();
    // Inline in HTML the element needs no XML declaration nor namespace (and the document links nothing).
    let svg = image
        .find("<svg")
        .map_or(image.as_str(), |start| &image[start..]);
    svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_points_at_the_verification_page() {
        let code = VerificationCode::parse("abcd-efgh-jkmn-pqrs-tvwx").unwrap();
        let view = VerificationView::of(&code, "https://csirt.example.go.id/");
        assert_eq!(
            view.url,
            "https://csirt.example.go.id/verifikasi/?kode=abcd-efgh-jkmn-pqrs-tvwx"
        );
        assert!(view.qr.starts_with("<svg"), "{}", &view.qr[..40]);
        assert!(view.qr.contains("<path") || view.qr.contains("<rect"));
        assert!(!view.qr.contains("<?xml"));
        assert!(!view.qr.contains("http://"), "{}", view.qr);
    }
}
