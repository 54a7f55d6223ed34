//! The site's configuration (`content/config.toml`): the team's identity and contacts, the SOP profile, and the
//! fields of the RFC 2350 profile and `security.txt`. Every field has a doc comment; unknown fields are errors.

use std::path::{Path, PathBuf};

use csirt_cases::lang::Localized;
use serde::Deserialize;

use crate::documents::DocumentSettings;
use crate::error::SiteError;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's public address, without a trailing slash, e.g. `https://csirt.tegalkab.go.id`.
    pub base_url: String,
    /// The SOP profile: a shipped id (`batam`, `tegal`, `malut`, `kukar`, `bali`) or a file relative to the
    /// configuration file.
    pub sop_profile: String,
    /// The case export (`csirt export`) the Hall of Fame and statistics come from, relative to the configuration
    /// file; a missing file means no closed cases yet.
    #[serde(default)]
    pub export: Option<PathBuf>,
    /// Where the intake API is mounted on the site's origin.
    #[serde(default = "default_api")]
    pub api_path: String,
    /// The team.
    pub team: Team,
    /// `security.txt` settings.
    pub security_txt: SecurityTxt,
    /// The RFC 2350 profile's texts that are not contacts.
    pub rfc2350: Rfc2350,
    /// The letterhead, signatory and numbering of the documents issued on cases.
    pub documents: DocumentSettings,
}

fn default_api() -> String {
    "/api".into()
}

/// The team and how to reach it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Short name, e.g. `TegalKab-CSIRT`.
    pub name: String,
    /// The office it belongs to.
    pub organisation: Localized,
    /// Postal address.
    pub address: String,
    /// Time zone, e.g. `Asia/Jakarta (WIB, UTC+07:00)`.
    pub time_zone: String,
    /// Incident reports by e-mail.
    pub email: String,
    /// Telephone, when the team publishes one.
    #[serde(default)]
    pub phone: Option<String>,
    /// Office hours, e.g. "Senin-Jumat 08.00-16.00 WIB".
    pub hours: Localized,
}

/// `security.txt` (RFC 9116) settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityTxt {
    /// Days from the build date to `Expires` (at most a year, as RFC 9116 recommends).
    pub expires_after_days: u32,
    /// The team's public OpenPGP key, when it has one: an `https://` address or a path on the site.
    #[serde(default)]
    pub encryption: Option<String>,
    /// The translation key of the disclosure policy page (`Policy`), e.g. `/kebijakan-pengungkapan`.
    pub policy_page: String,
}

/// RFC 2350's descriptive sections, in both languages (Markdown).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rfc2350 {
    /// 1.1 Date of last update.
    pub last_updated: String,
    /// 1.2 Distribution list for notifications.
    pub distribution: Localized,
    /// 2.9 Team members.
    pub members: Localized,
    /// 2.11 Points of customer contact.
    pub customer_contact: Localized,
    /// 3.1 Mission statement.
    pub mission: Localized,
    /// 3.2 Constituency.
    pub constituency: Localized,
    /// 3.3 Sponsorship and/or affiliation.
    pub affiliation: Localized,
    /// 3.4 Authority.
    pub authority: Localized,
    /// 4.1 Types of incidents and level of support.
    pub support: Localized,
    /// 4.2 Co-operation, interaction and disclosure of information.
    pub cooperation: Localized,
    /// 4.3 Communication and authentication.
    pub communication: Localized,
    /// 5.1 Incident response services (triage, coordination, resolution).
    pub incident_response: Localized,
    /// 5.2 Proactive activities.
    pub proactive: Localized,
    /// 7 Disclaimers.
    pub disclaimers: Localized,
}

impl SiteConfig {
    /// Reads the configuration file.
    pub fn load(path: &Path) -> Result<Self, SiteError> {
        let text = std::fs::read_to_string(path).map_err(|e| SiteError::io(path, e))?;
        let mut config: SiteConfig =
            toml::from_str(&text).map_err(|e| SiteError::at(path, e.to_string()))?;
        config.base_url = config.base_url.trim_end_matches('/').to_owned();
        if !config.base_url.starts_with("https://") && !config.base_url.starts_with("http://") {
            return Err(SiteError::at(
                path,
                format!("base_url {:?} must start with https://", config.base_url),
            ));
        }
        if config.security_txt.expires_after_days == 0
            || config.security_txt.expires_after_days > 366
        {
            return Err(SiteError::at(
                path,
                "security_txt.expires_after_days must be 1 to 366".to_owned(),
            ));
        }
        let problems = config.documents.problems();
        if !problems.is_empty() {
            return Err(SiteError::at(path, problems.join("; ")));
        }
        Ok(config)
    }
}
