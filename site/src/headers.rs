//! The security headers every page of the site is served with: by `csirt serve`, and by the deployments in
//! `functions/deploy` (CloudFront's response headers policy, the Caddy and nginx examples), which a test holds to
//! these values.

/// The Content-Security-Policy: no inline script or style, no other origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'self'; object-src 'none'";

/// The headers (lower-case names) and their values: the CSP and the usual hardening headers. HSTS is added by
/// whatever terminates TLS in a deployment; `csirt serve` speaks plain HTTP on loopback.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];
