//! What every answer of the intake carries and what every submission must show, whoever calls the function —
//! behind the site's own server or CloudFront, or directly.
//!
//! - Security headers of its own, and `Cache-Control: no-store` (answers name a case's progress and thread; no
//!   cache keeps them). A header a route set itself (a file download's sandbox policy) is left as it is.
//! - Posts a browser makes from another site are refused (`403`): a hostile page must not make its visitors
//!   file reports or replies (each acknowledgement may e-mail an address the attacker chose). Browsers say where a
//!   request comes from in `Sec-Fetch-Site` and `Origin`; clients that are not browsers send neither and pass.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::reply::{ApiError, Negotiated};
use crate::state::AppState;

/// The content policy of the intake's answers: its pages use the site's stylesheet and images and post only to
/// the intake; they run no script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The headers every answer carries unless its route set them.
pub const HEADERS: [(&str, &str); 5] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
];

/// Adds [`HEADERS`] to every answer.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in HEADERS {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

/// The secret CloudFront adds as [`ORIGIN_SECRET_HEADER`] to every request it passes on
/// (`CSIRT_ORIGIN_SECRET`): with it set, the function serves only requests that carry it, so nobody can call the
/// API's own endpoint and claim any client address in `CloudFront-Viewer-Address`. Its `Debug` shows nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct OriginSecret(String);

/// The header CloudFront adds (the stack's template names it too).
pub const ORIGIN_SECRET_HEADER: &str = "x-csirt-origin-secret";

impl OriginSecret {
    /// The secret, at least 32 characters.
    pub fn new(secret: String) -> Option<Self> {
        (secret.chars().count() >= 32).then_some(OriginSecret(secret))
    }

    /// Whether `headers` carry the secret (compared by digest, so its time tells nothing of the secret).
    pub fn is_shown_in(&self, headers: &HeaderMap) -> bool {
        let digest = |bytes: &[u8]| <sha2::Sha256 as sha2::Digest>::digest(bytes);
        headers
            .get(ORIGIN_SECRET_HEADER)
            .is_some_and(|value| digest(value.as_bytes()) == digest(self.0.as_bytes()))
    }
}

impl std::fmt::Debug for OriginSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OriginSecret(…)")
    }
}

/// Refuses (`403`) a request without the origin secret, when one is configured.
pub async fn require_origin_secret(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(secret) = &state.origin_secret
        && !secret.is_shown_in(request.headers())
    {
        tracing::warn!("request without the origin secret refused");
        let negotiated = Negotiated::from_headers(request.headers(), None);
        return ApiError::NotThroughTheSite.into_response(&state, negotiated);
    }
    next.run(request).await
}

/// Whether a request's headers say a browser sent it from a page of another site: `Sec-Fetch-Site: cross-site`;
/// from a browser that does not send that header, an `Origin` that is neither the site's (`site_origin`, from the
/// team file's `base_url`) nor the host the request was sent to. An opaque `Origin: null` is not taken as
/// cross-site on its own: the site's own form posts with it, since its pages send `Referrer-Policy: no-referrer`.
pub fn is_cross_site(headers: &HeaderMap, site_origin: &str) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return site == "cross-site";
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    let origin = origin.trim_end_matches('/');
    if origin == "null" {
        return false;
    }
    if origin.eq_ignore_ascii_case(site_origin.trim_end_matches('/')) {
        return false;
    }
    let host = text(header::HOST).unwrap_or("");
    let own = |scheme: &str| {
        !host.is_empty() && origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
    };
    !(own("https") || own("http"))
}

/// Refuses (`403`) a post, put, patch or delete that [`is_cross_site`]; lets everything else through.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(request.headers(), &state.site_origin) {
        let negotiated = Negotiated::from_headers(request.headers(), None);
        tracing::warn!("cross-site submission refused");
        return ApiError::CrossSite.into_response(&state, negotiated);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    #[test]
    fn the_origin_secret_is_checked_and_never_shown() {
        let secret = OriginSecret::new("rahasia-asal-cloudfront-paling-sedikit-32".into()).unwrap();
        assert!(OriginSecret::new("pendek".into()).is_none());
        assert!(secret.is_shown_in(&headers(&[(
            ORIGIN_SECRET_HEADER,
            "rahasia-asal-cloudfront-paling-sedikit-32"
        )])));
        assert!(!secret.is_shown_in(&headers(&[(ORIGIN_SECRET_HEADER, "rahasia")])));
        assert!(!secret.is_shown_in(&headers(&[])));
        assert_eq!(format!("{secret:?}"), "OriginSecret(…)");
    }

    #[test]
    fn only_browsers_posting_from_elsewhere_are_cross_site() {
        let site = "https://csirt.tegalkab.go.id";
        // Scripts and curl send neither header.
        assert!(!is_cross_site(&headers(&[]), site));
        // The site's own form, through CloudFront (the Host is then the API's) or on the same host.
        assert!(!is_cross_site(
            &headers(&[
                ("origin", site),
                ("sec-fetch-site", "same-origin"),
                ("host", "abc.execute-api.aws")
            ]),
            site
        ));
        assert!(!is_cross_site(
            &headers(&[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080")
            ]),
            site
        ));
        // Another site's page, however it says so.
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            site
        ));
        assert!(is_cross_site(
            &headers(&[
                ("origin", "https://jahat.example"),
                ("host", "csirt.tegalkab.go.id")
            ]),
            site
        ));
        assert!(is_cross_site(
            &headers(&[("origin", "null"), ("sec-fetch-site", "cross-site")]),
            site
        ));
        // The site's own form without JavaScript: its pages' no-referrer policy makes the Origin opaque.
        assert!(!is_cross_site(
            &headers(&[("origin", "null"), ("sec-fetch-site", "same-origin")]),
            site
        ));
    }
}
