//! Who is submitting, for rate limiting: the client's address, from CloudFront's `CloudFront-Viewer-Address` when
//! behind CloudFront, the Lambda request context, a trusted reverse proxy's `X-Forwarded-For`, or the connection.
//! The address is never stored or logged: what is stored is a [`ClientKeys`] key, an HMAC of the client's network
//! (an IPv6 client's /64, which one household or office holds whole) under a secret that is not in the store,
//! another for each rate-limit window.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use lambda_http::RequestExt;
use lambda_http::request::RequestContext;
use sha2::Sha256;

use crate::reply::ApiError;
use crate::settings::RateLimit;
use crate::state::AppState;

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

/// The secret client keys are made under. Its `Debug` shows nothing of it.
#[derive(Clone)]
pub struct ClientKeys {
    secret: [u8; 32],
}

impl std::fmt::Debug for ClientKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientKeys(…)")
    }
}

/// The network a client is counted by: an IPv4 address (also when written as an IPv4-mapped IPv6 one) whole, an
/// IPv6 address by its /64.
pub fn client_network(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

impl ClientKeys {
    /// Keys under the secret `text` (`CSIRT_CLIENT_KEY_SECRET`): every instance of the function given the same
    /// secret makes the same keys, so a limit holds across them.
    pub fn from_secret(text: &str) -> Self {
        let digest = <Sha256 as sha2::Digest>::digest(text.as_bytes());
        ClientKeys {
            secret: digest.into(),
        }
    }

    /// Keys under a random secret, for a single process (the local server): forgotten when it stops.
    pub fn random() -> Self {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the operating system's random source");
        ClientKeys { secret }
    }

    fn hmac(&self, parts: &[&[u8]]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).expect("any key length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The key `client` is counted under in rate-limit window `window`: another in every window, so a stored
    /// counter cannot be linked to the next one or, without the secret, to an address.
    pub fn rate_key(&self, client: Option<IpAddr>, window: i64) -> String {
        let network = client.map_or_else(|| "unknown".to_owned(), client_network);
        self.hmac(&[b"rate", &window.to_be_bytes(), network.as_bytes()])
    }

    /// The scope of `client`'s `Idempotency-Key`s: a key one client used does not stand in another's way.
    pub fn idempotency_scope(&self, client: Option<IpAddr>) -> String {
        let network = client.map_or_else(|| "unknown".to_owned(), client_network);
        self.hmac(&[b"idempotency", network.as_bytes()])
    }
}

/// The window `now` falls in: its index and its end.
fn window(now: DateTime<Utc>, length: Duration) -> (i64, DateTime<Utc>) {
    let seconds = i64::try_from(length.as_secs()).unwrap_or(i64::MAX).max(1);
    let index = now.timestamp().div_euclid(seconds);
    let end =
        DateTime::from_timestamp(index.saturating_add(1).saturating_mul(seconds), 0).unwrap_or(now);
    (index, end)
}

/// Who made a request, as far as the limit on submissions is concerned: checked before its body is read,
/// counted once what it sent is stored. The counter lives in the store, so the limit holds across Lambda
/// instances.
pub struct Submitter<'a> {
    state: &'a AppState,
    address: Option<IpAddr>,
    now: DateTime<Utc>,
}

impl<'a> Submitter<'a> {
    /// The client of `request`, received at `now`.
    pub fn of(state: &'a AppState, request: &Request, now: DateTime<Utc>) -> Self {
        Submitter {
            state,
            address: client_address(request, state.trust_proxy, state.trust_cloudfront),
            now,
        }
    }

    /// The limit and the client's counter in the window `now` falls in (its bucket and its end); `None` when
    /// there is no limit.
    fn counter(&self) -> Option<(RateLimit, String, DateTime<Utc>)> {
        let limit = self.state.rate_limit?;
        let (index, end) = window(self.now, limit.window);
        let key = self.state.client_keys.rate_key(self.address, index);
        Some((limit, format!("submit#{key}"), end))
    }

    /// `429` when the client has made as many stored submissions as the limit allows in this window. Only
    /// stored submissions count ([`Submitter::count_stored`]): a reporter correcting typos is not held back.
    pub async fn check_rate(&self) -> Result<(), ApiError> {
        let Some((limit, bucket, end)) = self.counter() else {
            return Ok(());
        };
        let count = self
            .state
            .cases
            .hits(&bucket, self.now)
            .await
            .map_err(|e| {
                tracing::warn!("rate limit counter unavailable: {e}");
                ApiError::Unavailable
            })?;
        if count >= limit.max {
            let retry = (end - self.now)
                .max(TimeDelta::seconds(1))
                .num_seconds()
                .unsigned_abs();
            return Err(ApiError::RateLimited(retry));
        }
        Ok(())
    }

    /// Counts a stored submission against the client's limit. A counter that cannot be written is logged, not
    /// an error: what was submitted is stored already and its answer is owed.
    pub async fn count_stored(&self) {
        if let Some((_, bucket, end)) = self.counter()
            && let Err(e) = self.state.cases.count_hit(&bucket, end, self.now).await
        {
            tracing::warn!("rate limit counter not written: {e}");
        }
    }

    /// The scope of this client's `Idempotency-Key`s ([`ClientKeys::idempotency_scope`]).
    pub fn idempotency_scope(&self) -> String {
        self.state.client_keys.idempotency_scope(self.address)
    }
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
    fn clients_are_keyed_by_network_under_a_secret_another_key_each_window() {
        let keys = ClientKeys::from_secret("rahasia-uji-yang-cukup-panjang-untuk-hmac");
        let ip = |text: &str| Some(text.parse::<IpAddr>().unwrap());
        // One IPv6 /64 is one client; the next /64 another.
        assert_eq!(
            keys.rate_key(ip("2001:db8:1:2::1"), 7),
            keys.rate_key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"), 7)
        );
        assert_ne!(
            keys.rate_key(ip("2001:db8:1:2::1"), 7),
            keys.rate_key(ip("2001:db8:1:3::1"), 7)
        );
        // An IPv4-mapped address is its IPv4 address; IPv4 addresses are keyed whole.
        assert_eq!(
            keys.rate_key(ip("::ffff:203.0.113.9"), 7),
            keys.rate_key(ip("203.0.113.9"), 7)
        );
        assert_ne!(
            keys.rate_key(ip("203.0.113.9"), 7),
            keys.rate_key(ip("203.0.113.10"), 7)
        );
        // Another window, another key; another secret, other keys; no plain hash of the address.
        assert_ne!(
            keys.rate_key(ip("203.0.113.9"), 7),
            keys.rate_key(ip("203.0.113.9"), 8)
        );
        let other = ClientKeys::from_secret("rahasia-lain-yang-juga-cukup-panjang-untuk-hmac");
        assert_ne!(
            keys.rate_key(ip("203.0.113.9"), 7),
            other.rate_key(ip("203.0.113.9"), 7)
        );
        let key = keys.rate_key(ip("203.0.113.9"), 7);
        assert_ne!(key, csirt_domain::digest::sha256_hex(b"203.0.113.9"));
        assert_eq!(key.len(), 64);
        assert_eq!(format!("{keys:?}"), "ClientKeys(…)");
        assert_ne!(
            keys.idempotency_scope(ip("203.0.113.9")),
            keys.idempotency_scope(ip("203.0.113.10"))
        );
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
