//! The function's settings, read from the environment (DESIGN "Interfaces"): nothing is hard-coded, and the
//! AWS SDK's own variables (`AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_S3`, …) apply.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use csirt_domain::lang::Localized;
pub use csirt_domain::setting::SettingsError;
use csirt_domain::team::{CONFIG_VARIABLE, TeamFile, refuse_retired_variables};
use csirt_notify::NotifySettings;
use csirt_store::settings::StoreSettings;

use crate::client::ClientKeys;
use crate::guard::OriginSecret;

/// How many submissions one client may make in a window (`CSIRT_RATE_LIMIT`, e.g. `10/600` for ten per ten
/// minutes, or `off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Submissions allowed per window.
    pub max: u32,
    /// The window.
    pub window: Duration,
}

/// How much all clients together may file in one day of the team's zone (`CSIRT_DAILY_REPORTS`,
/// `CSIRT_DAILY_EVIDENCE`): past it the intake answers `503` until the day's end, so that a flood cannot fill
/// the store, the evidence bucket or the team's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyCap {
    /// Reports stored a day; `None` when off.
    pub reports: Option<u64>,
    /// Bytes of evidence (of reports and replies) stored a day; `None` when off.
    pub evidence_bytes: Option<u64>,
}

/// The default daily cap: 500 reports and 2 GiB of evidence, far above what a regional team receives on its worst
/// day (each report takes at most 4 MiB).
pub const DEFAULT_DAILY_CAP: DailyCap = DailyCap {
    reports: Some(500),
    evidence_bytes: Some(2 * 1024 * 1024 * 1024),
};

/// Everything the function needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The store.
    pub store: StoreSettings,
    /// Local mode's listening address (`CSIRT_ADDR`, default `127.0.0.1:3000`).
    pub addr: SocketAddr,
    /// The team file (`CSIRT_CONFIG`, default `content/config.toml`) with the SOP profile it names.
    pub team: TeamFile,
    /// The site's status page in each language, linked from receipts (`CSIRT_STATUS_PAGE`, default `/status/`;
    /// `CSIRT_STATUS_PAGE_EN`, default `/en/status/`).
    pub status_pages: Localized,
    /// Per-client submission limit; `None` when off.
    pub rate_limit: Option<RateLimit>,
    /// The cap on what all clients together file a day.
    pub daily_cap: DailyCap,
    /// Whether to take the client's address from `X-Forwarded-For` (`CSIRT_TRUST_PROXY=1`, behind a reverse
    /// proxy only).
    pub trust_proxy: bool,
    /// Where messages about new reports go (`CSIRT_MAIL`, `CSIRT_SMTP_URL`, `CSIRT_TEAM_EMAIL`, …).
    pub notify: NotifySettings,
    /// Whether to take the client's address from `CloudFront-Viewer-Address` (`CSIRT_TRUST_CLOUDFRONT=1`, behind
    /// CloudFront only: on Lambda behind it, the request's source is CloudFront's, not the reporter's).
    pub trust_cloudfront: bool,
    /// The secret clients are keyed under for the rate limit and idempotency (`CSIRT_CLIENT_KEY_SECRET`, at
    /// least 32 characters; every instance of a function behind one store must share it; unset, a random one
    /// for this process).
    pub client_keys: ClientKeys,
    /// The secret CloudFront adds to every request (`CSIRT_ORIGIN_SECRET`, at least 32 characters): set, requests
    /// without it are refused.
    pub origin_secret: Option<OriginSecret>,
    /// The built site whose layout the pages for browsers without JavaScript are shown in (`CSIRT_SITE_DIR`:
    /// the directory `csirt build` writes; unset, they use a plain layout of their own).
    pub site_dir: Option<PathBuf>,
}

fn invalid(variable: &'static str, message: impl Into<String>) -> SettingsError {
    SettingsError::new(variable, message)
}

/// The default rate limit: ten submissions per client per ten minutes.
pub const DEFAULT_RATE_LIMIT: RateLimit = RateLimit {
    max: 10,
    window: Duration::from_secs(600),
};

impl Settings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let store = StoreSettings::from_lookup(&lookup)?;
        let addr = lookup("CSIRT_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| invalid("CSIRT_ADDR", format!("not HOST:PORT: {e}")))?;
        let team = read_team_file(&lookup)?;
        let rate_limit = match lookup("CSIRT_RATE_LIMIT") {
            None => Some(DEFAULT_RATE_LIMIT),
            Some(text) => parse_rate_limit(&text)?,
        };
        let daily_cap = DailyCap {
            reports: match lookup("CSIRT_DAILY_REPORTS") {
                None => DEFAULT_DAILY_CAP.reports,
                Some(text) => parse_daily(&text, "CSIRT_DAILY_REPORTS", &[])?,
            },
            evidence_bytes: match lookup("CSIRT_DAILY_EVIDENCE") {
                None => DEFAULT_DAILY_CAP.evidence_bytes,
                Some(text) => parse_daily(&text, "CSIRT_DAILY_EVIDENCE", &BYTE_UNITS)?,
            },
        };
        let yes = |name| matches!(lookup(name).as_deref(), Some("1" | "true" | "yes"));
        let trust_proxy = yes("CSIRT_TRUST_PROXY");
        let trust_cloudfront = yes("CSIRT_TRUST_CLOUDFRONT");
        let notify = NotifySettings::from_lookup(&lookup)?;
        Ok(Settings {
            notify,
            store,
            addr,
            team,
            status_pages: Localized::new(
                lookup("CSIRT_STATUS_PAGE").unwrap_or_else(|| "/status/".into()),
                lookup("CSIRT_STATUS_PAGE_EN").unwrap_or_else(|| "/en/status/".into()),
            ),
            rate_limit,
            daily_cap,
            trust_proxy,
            trust_cloudfront,
            site_dir: lookup("CSIRT_SITE_DIR").map(PathBuf::from),
            client_keys: client_keys(lookup("CSIRT_CLIENT_KEY_SECRET"))?,
            origin_secret: lookup("CSIRT_ORIGIN_SECRET")
                .map(|secret| {
                    OriginSecret::new(secret).ok_or_else(|| {
                        invalid("CSIRT_ORIGIN_SECRET", "is shorter than 32 characters")
                    })
                })
                .transpose()?,
        })
    }
}

/// Reads the team file `CSIRT_CONFIG` names, refusing the variables it replaced
/// ([`refuse_retired_variables`]).
pub fn read_team_file(lookup: &dyn Fn(&str) -> Option<String>) -> Result<TeamFile, SettingsError> {
    refuse_retired_variables(lookup)?;
    TeamFile::load(&TeamFile::path_from(lookup))
        .map_err(|e| invalid(CONFIG_VARIABLE, e.to_string()))
}

/// The client keys under the secret given, or a random one.
fn client_keys(secret: Option<String>) -> Result<ClientKeys, SettingsError> {
    match secret {
        None => Ok(ClientKeys::random()),
        Some(secret) if secret.chars().count() < 32 => Err(invalid(
            "CSIRT_CLIENT_KEY_SECRET",
            "is shorter than 32 characters",
        )),
        Some(secret) => Ok(ClientKeys::from_secret(&secret)),
    }
}

/// The units an evidence cap may be given in.
const BYTE_UNITS: [(&str, u64); 3] = [
    ("KB", 1024),
    ("MB", 1024 * 1024),
    ("GB", 1024 * 1024 * 1024),
];

/// A daily cap: a whole number above zero, with one of `units` after it when given, or `off`.
fn parse_daily(
    text: &str,
    variable: &'static str,
    units: &[(&str, u64)],
) -> Result<Option<u64>, SettingsError> {
    let text = text.trim();
    if text == "off" {
        return Ok(None);
    }
    let (number, scale) = units
        .iter()
        .find_map(|(unit, scale)| {
            text.to_ascii_uppercase()
                .strip_suffix(unit)
                .map(|n| (n.trim().to_owned(), *scale))
        })
        .unwrap_or_else(|| (text.to_owned(), 1));
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| {
            let example = if units.is_empty() {
                "500"
            } else {
                "2GB, 512MB or 1048576"
            };
            invalid(
                variable,
                format!("{text:?} is not a number above zero (e.g. {example}) or off"),
            )
        })
}

fn parse_rate_limit(text: &str) -> Result<Option<RateLimit>, SettingsError> {
    if text == "off" {
        return Ok(None);
    }
    let bad = || {
        invalid(
            "CSIRT_RATE_LIMIT",
            format!("{text:?} is not COUNT/SECONDS (e.g. 10/600) or off"),
        )
    };
    let (max, seconds) = text.split_once('/').ok_or_else(bad)?;
    let max: u32 = max.trim().parse().map_err(|_| bad())?;
    let seconds: u64 = seconds.trim().parse().map_err(|_| bad())?;
    if max == 0 || seconds == 0 {
        return Err(bad());
    }
    Ok(Some(RateLimit {
        max,
        window: Duration::from_secs(seconds),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The shipped team file, which the tests' working directory (the crate's) does not hold at the default path.
    const TEAM_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/config.toml");

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let mut map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        map.entry("CSIRT_CONFIG".into()).or_insert(TEAM_FILE.into());
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_need_no_environment() {
        let s = settings(&[]).unwrap();
        assert_eq!(
            s.store,
            StoreSettings::Sqlite {
                data_dir: "./data".into()
            }
        );
        assert_eq!(s.addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(s.team.procedure.profile.id, "tegal");
        assert_eq!(s.rate_limit, Some(DEFAULT_RATE_LIMIT));
        assert_eq!(s.daily_cap, DEFAULT_DAILY_CAP);
        assert!(!s.trust_proxy);
        assert!(!s.trust_cloudfront);
        assert!(
            settings(&[("CSIRT_TRUST_CLOUDFRONT", "1")])
                .unwrap()
                .trust_cloudfront
        );
    }

    #[test]
    fn debug_shows_no_mail_password_and_no_webhook_token() {
        let s = settings(&[
            (
                "CSIRT_SMTP_URL",
                "smtps://csirt:S4ndi-Rahasia@mail.contoh.go.id:465",
            ),
            ("CSIRT_MAIL_FROM", "csirt@contoh.go.id"),
            ("CSIRT_TEAM_EMAIL", "tim@contoh.go.id"),
            (
                "CSIRT_WEBHOOK_URL",
                "https://api.telegram.org/bot123456:AAH-t0ken/sendMessage?chat_id=-100987",
            ),
        ])
        .unwrap();
        let printed = format!("{s:?}");
        for secret in ["S4ndi-Rahasia", "AAH-t0ken", "chat_id"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("mail.contoh.go.id"), "{printed}");
    }

    #[test]
    fn dynamodb_needs_its_table_and_bucket() {
        let error = settings(&[("CSIRT_STORE", "dynamodb")]).unwrap_err();
        assert_eq!(error.variable, "CSIRT_TABLE");
        let error = settings(&[("CSIRT_STORE", "dynamodb"), ("CSIRT_TABLE", "t")]).unwrap_err();
        assert_eq!(error.variable, "CSIRT_EVIDENCE_BUCKET");
        let s = settings(&[
            ("CSIRT_STORE", "dynamodb"),
            ("CSIRT_TABLE", "t"),
            ("CSIRT_EVIDENCE_BUCKET", "b"),
        ])
        .unwrap();
        assert_eq!(
            s.store,
            StoreSettings::Dynamodb {
                table: "t".into(),
                bucket: "b".into()
            }
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (pairs, variable) in [
            (vec![("CSIRT_STORE", "postgres")], "CSIRT_STORE"),
            (vec![("CSIRT_ADDR", "localhost")], "CSIRT_ADDR"),
            (vec![("CSIRT_SOP_PROFILE", "tegal")], "CSIRT_SOP_PROFILE"),
            (
                vec![("CSIRT_CONFIG", "/nonexistent/config.toml")],
                "CSIRT_CONFIG",
            ),
            (vec![("CSIRT_RATE_LIMIT", "ten")], "CSIRT_RATE_LIMIT"),
            (vec![("CSIRT_RATE_LIMIT", "0/60")], "CSIRT_RATE_LIMIT"),
            (vec![("CSIRT_DAILY_REPORTS", "0")], "CSIRT_DAILY_REPORTS"),
            (vec![("CSIRT_DAILY_REPORTS", "5MB")], "CSIRT_DAILY_REPORTS"),
            (
                vec![("CSIRT_DAILY_EVIDENCE", "lots")],
                "CSIRT_DAILY_EVIDENCE",
            ),
            (
                vec![("CSIRT_DAILY_EVIDENCE", "2TB")],
                "CSIRT_DAILY_EVIDENCE",
            ),
        ] {
            assert_eq!(settings(&pairs).unwrap_err().variable, variable);
        }
        assert_eq!(
            settings(&[("CSIRT_RATE_LIMIT", "off")]).unwrap().rate_limit,
            None
        );
        let cap = settings(&[
            ("CSIRT_DAILY_REPORTS", "40"),
            ("CSIRT_DAILY_EVIDENCE", "512MB"),
        ])
        .unwrap()
        .daily_cap;
        assert_eq!(cap.reports, Some(40));
        assert_eq!(cap.evidence_bytes, Some(512 * 1024 * 1024));
        let cap = settings(&[
            ("CSIRT_DAILY_REPORTS", "off"),
            ("CSIRT_DAILY_EVIDENCE", "1048576"),
        ])
        .unwrap()
        .daily_cap;
        assert_eq!((cap.reports, cap.evidence_bytes), (None, Some(1_048_576)));
        let limit = settings(&[("CSIRT_RATE_LIMIT", "3/60")])
            .unwrap()
            .rate_limit
            .unwrap();
        assert_eq!((limit.max, limit.window), (3, Duration::from_secs(60)));
    }
}
