//! The affected system: where the incident happened and which agency owns it.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::field_error::{FieldError, FieldErrors};
use crate::text::{AgencyName, ApplicationName, Lines, clean};

/// The most characters an affected URL may have.
const MAX_URL_CHARS: usize = 2_000;

/// Where the incident happened. At least one of URL, IP address and application name is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedSystem {
    /// The affected site or page, `http` or `https` only.
    pub url: Option<url::Url>,
    /// The affected host's address.
    pub ip: Option<IpAddr>,
    /// The affected application's name.
    pub application: Option<ApplicationName>,
    /// The agency (Perangkat Daerah / OPD) that owns the system.
    pub agency: Option<AgencyName>,
}

impl AffectedSystem {
    /// The system in one line: address, IP address, application and owner, those that are known.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            self.url.as_ref().map(ToString::to_string),
            self.ip.map(|ip| ip.to_string()),
            self.application.as_ref().map(|a| a.as_str().to_owned()),
            self.agency.as_ref().map(|a| format!("({})", a.as_str())),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join(" ")
    }
}

/// Parses `affected_url`: a web address, with or without `http(s)://`.
pub fn parse_url(raw: &str) -> Result<Option<url::Url>, FieldError> {
    let Some(text) = clean("affected_url", raw, MAX_URL_CHARS, Lines::Single)? else {
        return Ok(None);
    };
    let invalid = || {
        FieldError::new(
            "affected_url",
            "Alamat situs tidak valid, contoh: https://contoh.go.id/halaman.",
            "Not a valid web address, e.g. https://example.go.id/page.",
        )
    };
    let has_scheme = text.contains("://");
    let candidate = if has_scheme {
        text
    } else {
        format!("http://{text}")
    };
    let url = url::Url::parse(&candidate).map_err(|_| invalid())?;
    let web = matches!(url.scheme(), "http" | "https");
    let has_host = url.host_str().is_some_and(|h| !h.is_empty());
    if web && has_host && url.username().is_empty() && url.password().is_none() {
        Ok(Some(url))
    } else {
        Err(invalid())
    }
}

/// Parses `affected_ip`: an IPv4 or IPv6 address.
pub fn parse_ip(raw: &str) -> Result<Option<IpAddr>, FieldError> {
    let Some(text) = clean("affected_ip", raw, 64, Lines::Single)? else {
        return Ok(None);
    };
    text.parse().map(Some).map_err(|_| {
        FieldError::new(
            "affected_ip",
            "Alamat IP tidak valid, contoh: 203.0.113.10.",
            "Not a valid IP address, e.g. 203.0.113.10.",
        )
    })
}

impl AffectedSystem {
    /// Parses the four `affected_*` fields, recording problems in `errors`.
    pub(crate) fn parse(
        url: &str,
        ip: &str,
        application: &str,
        agency: &str,
        errors: &mut FieldErrors,
    ) -> Option<Self> {
        let url = errors.take(parse_url(url));
        let ip = errors.take(parse_ip(ip));
        let application = errors.take(ApplicationName::parse_optional(application));
        let agency = errors.take(AgencyName::parse_optional(agency));
        let (url, ip, application, agency) = (url?, ip?, application?, agency?);
        if url.is_none() && ip.is_none() && application.is_none() {
            errors.push(FieldError::new(
                "affected_url",
                "Isi setidaknya satu: alamat situs, alamat IP, atau nama aplikasi yang terdampak.",
                "Give at least one of: the affected web address, IP address or application name.",
            ));
            return None;
        }
        Some(AffectedSystem {
            url,
            ip,
            application,
            agency,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_or_without_scheme() {
        assert_eq!(
            parse_url("bappeda.tegalkab.go.id/berita")
                .unwrap()
                .unwrap()
                .as_str(),
            "http://bappeda.tegalkab.go.id/berita"
        );
        assert_eq!(
            parse_url("https://ttis.kukarkab.go.id")
                .unwrap()
                .unwrap()
                .host_str(),
            Some("ttis.kukarkab.go.id")
        );
        for bad in [
            "javascript:alert(1)",
            "ftp://x.go.id",
            "http://",
            "https://user:pass@x.go.id",
            "data:text/html,<script>",
            "http://exa mple.com",
        ] {
            assert_eq!(parse_url(bad).unwrap_err().field, "affected_url", "{bad}");
        }
    }

    #[test]
    fn ips() {
        assert!(parse_ip("203.0.113.10").unwrap().is_some());
        assert!(parse_ip("2001:db8::1").unwrap().is_some());
        assert!(parse_ip("999.1.1.1").is_err());
        assert!(parse_ip("<img>").is_err());
    }
}
