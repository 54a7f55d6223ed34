//! Who is submitting, for rate limiting: the client's address, from CloudFront's `CloudFront-Viewer-Address` when
//! behind CloudFront, the Lambda request context, a trusted reverse proxy's `X-Forwarded-For`, or the connection. Only a hash of it is ever stored, and never logged.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use chrono::{DateTime, TimeDelta, Utc};
use csirt_domain::digest::sha256_hex;
use csirt_store::CaseStore;
use lambda_http::RequestExt;
use lambda_http::request::RequestContext;

use crate::reply::ApiError;
use crate::settings::RateLimit;

/// The address in a `CloudFront-Viewer-Address` value: `IP:PORT`, the IP an IPv4 or (unbracketed) IPv6 address.
fn viewer_address(value: &str) -> Option<IpAddr> {
    let (ip, port) = value.trim().rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    ip.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// The client's address as far as it can be known.
pub fn client_address(
    request: &Request,
    trust_proxy: bool,
    trust_cloudfront: bool,
) -> Option<IpAddr> {
    if trust_cloudfront {
        let viewer = request
            .headers()
            .get("cloudfront-viewer-address")
            .and_then(|v| v.to_str().ok())
            .and_then(viewer_address);
        if viewer.is_some() {
            return viewer;
        }
    }
    let from_lambda = request
        .request_context_ref()
        .and_then(|context| match context {
            RequestContext::ApiGatewayV2(context) => context.http.source_ip.clone(),
            RequestContext::ApiGatewayV1(context) => context.identity.source_ip.clone(),
            _ => None,
        });
    if let Some(ip) = from_lambda.and_then(|ip| ip.parse().ok()) {
        return Some(ip);
    }
    if trust_proxy {
        // The proxy appends the address it saw: the last entry is the one it vouches for.
        let forwarded = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|ip| ip.trim().parse().ok())
            .next_back();
        if forwarded.is_some() {
            return forwarded;
        }
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}

/// The window `now` falls in: its index and its end.
fn window(now: DateTime<Utc>, length: Duration) -> (i64, DateTime<Utc>) {
    let seconds = i64::try_from(length.as_secs()).unwrap_or(i64::MAX).max(1);
    let index = now.timestamp().div_euclid(seconds);
    let end =
        DateTime::from_timestamp(index.saturating_add(1).saturating_mul(seconds), 0).unwrap_or(now);
    (index, end)
}

/// Counts a submission from `client` and refuses it once the client is over the limit in the current window.
/// The counter lives in the store, so the limit holds across Lambda instances.
pub async fn check_rate(
    cases: &dyn CaseStore,
    limit: RateLimit,
    client: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let who = client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let (index, end) = window(now, limit.window);
    let bucket = format!("submit#{}#{index}", sha256_hex(who.as_bytes()));
    let count = cases.count_hit(&bucket, end, now).await.map_err(|e| {
        tracing::warn!("rate limit counter unavailable: {e}");
        ApiError::Unavailable
    })?;
    if count > limit.max {
        let retry = (end - now)
            .max(TimeDelta::seconds(1))
            .num_seconds()
            .unsigned_abs();
        return Err(ApiError::RateLimited(retry));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn windows_are_aligned() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 7, 30).unwrap();
        let (index, end) = window(now, Duration::from_secs(600));
        assert_eq!(end, Utc.with_ymd_and_hms(2026, 11, 23, 10, 10, 0).unwrap());
        let (next, _) = window(end, Duration::from_secs(600));
        assert_eq!(next, index + 1);
    }

    #[test]
    fn cloudfront_names_the_viewer_only_when_trusted() {
        let mut request = Request::new(axum::body::Body::empty());
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
        for (value, ip) in [
            ("198.51.100.7:46532", "198.51.100.7"),
            ("2001:db8::7:46532", "2001:db8::7"),
            ("[2001:db8::8]:443", "2001:db8::8"),
        ] {
            request
                .headers_mut()
                .insert("cloudfront-viewer-address", value.parse().unwrap());
            assert_eq!(
                client_address(&request, false, true),
                Some(ip.parse().unwrap())
            );
            assert_eq!(
                client_address(&request, false, false),
                Some("127.0.0.1".parse().unwrap())
            );
        }
        request
            .headers_mut()
            .insert("cloudfront-viewer-address", "nonsense".parse().unwrap());
        assert_eq!(
            client_address(&request, false, true),
            Some("127.0.0.1".parse().unwrap())
        );
    }

    #[test]
    fn the_proxy_header_counts_only_when_trusted() {
        let mut request = Request::new(axum::body::Body::empty());
        request.headers_mut().insert(
            "x-forwarded-for",
            "198.51.100.7, 203.0.113.9".parse().unwrap(),
        );
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 4000))));
        assert_eq!(
            client_address(&request, true, false),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(
            client_address(&request, false, false),
            Some("127.0.0.1".parse().unwrap())
        );
    }
}
