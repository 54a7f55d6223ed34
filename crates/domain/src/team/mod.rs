//! The team file (`CSIRT_CONFIG`, default `content/config.toml`): the team's identity and contacts, its SOP
//! profile, the site's RFC 2350 and `security.txt` fields, and how its documents are headed, numbered and signed.
//! It may name a logo and an OpenPGP key beside it, which [`TeamAssets`] reads for the site.
//! The intake, the staff library, `csirt` and the site generator all read this one file; the SOP profile it names
//! is parsed once, with its working calendar, into a [`Procedure`]. Every field has a doc comment; unknown fields
//! are errors.

mod assets;
mod check;
mod documents;
mod error;
mod hotline;
mod logo;
mod number;
mod openpgp;
mod publication;
mod retention;
mod single_sign_on;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::lang::Localized;
use crate::setting::SettingsError;
use crate::sop::{ProfileError, SopProfile, WorkingCalendar};

pub use assets::TeamAssets;
pub use check::team_file_problems;
pub use documents::{DocumentCodes, DocumentSettings, Signatory};
pub use error::TeamFileError;
pub use hotline::{HOTLINE_LABEL_MAX, HOTLINES_MAX, Hotline, HotlineLabel, hotline_problems};
pub use logo::{LOGO_MAX_BYTES, Logo, LogoKind};
pub use number::{DEFAULT_NUMBER_FORMAT, check_pattern, document_number, numbered, roman_month};
pub use openpgp::{OPENPGP_KEY_MAX_BYTES, OPENPGP_KEY_PATH, OpenPgpKey};
pub use publication::PublicationSettings;
pub use retention::{
    BACKUP_DAYS_MAX, InvalidReports, RETENTION_MONTHS_MAX, RetentionPeriod, RetentionSchedule,
    RetentionStep,
};
pub use single_sign_on::{
    DEFAULT_CLIENT_SECRET_VARIABLE, DEFAULT_LOGIN_CLAIM, LABEL_MAX, SingleSignOnSettings,
};

/// The environment variable that names the team file.
pub const CONFIG_VARIABLE: &str = "CSIRT_CONFIG";

/// The team file's path when [`CONFIG_VARIABLE`] is not set.
pub const DEFAULT_CONFIG: &str = "content/config.toml";

/// The variable that named the SOP profile before the team file did.
pub const RETIRED_PROFILE_VARIABLE: &str = "CSIRT_SOP_PROFILE";

/// The variable that once named who was acting: identity is no longer typed in.
pub const RETIRED_STAFF_VARIABLE: &str = "CSIRT_STAFF";

/// Refuses `CSIRT_SOP_PROFILE` and `CSIRT_STAFF` rather than ignoring them: a team that set the first learns
/// that its profile is now the team file's `sop_profile`; one that set the second, that `csirt` acts as the
/// account bound to whoever runs it. The intake and `csirt` both start with this check.
pub fn refuse_retired_variables(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(), SettingsError> {
    if lookup(RETIRED_PROFILE_VARIABLE).is_some() {
        return Err(SettingsError::new(
            RETIRED_PROFILE_VARIABLE,
            "is no longer read: the SOP profile is the team file's sop_profile (the file CSIRT_CONFIG names, \
             default content/config.toml); unset CSIRT_SOP_PROFILE",
        ));
    }
    if lookup(RETIRED_STAFF_VARIABLE).is_some() {
        return Err(SettingsError::new(
            RETIRED_STAFF_VARIABLE,
            "is no longer read: csirt acts as the staff account bound to the operating-system user (or IAM \
             identity) that runs it, never a name typed in; see `csirt staff add --help`, and unset CSIRT_STAFF",
        ));
    }
    Ok(())
}

/// The team file's settings, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
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
    /// Signing in to the staff console through the team's OpenID Connect provider (`[single_sign_on]`), when
    /// the team uses one.
    #[serde(default)]
    pub single_sign_on: Option<SingleSignOnSettings>,
    /// The thread between the team and the reporter (`[messages]`).
    #[serde(default)]
    pub messages: MessageSettings,
    /// How long reporters' data and backups are kept (`[retention]`).
    #[serde(default)]
    pub retention: RetentionSchedule,
    /// What the site publishes of the team's cases (`[publication]`).
    #[serde(default)]
    pub publication: PublicationSettings,
}

/// `[messages]`: how the thread between the team and the reporter behaves.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageSettings {
    /// Days after closing during which the reporter may still reply on the status page (0 to 365; default 14).
    #[serde(default = "default_reply_grace_days")]
    pub reply_grace_days: u32,
}

impl Default for MessageSettings {
    fn default() -> Self {
        MessageSettings {
            reply_grace_days: default_reply_grace_days(),
        }
    }
}

fn default_reply_grace_days() -> u32 {
    u32::try_from(crate::case::DEFAULT_REPLY_GRACE.num_days()).unwrap_or(14)
}

impl MessageSettings {
    /// The reply window these settings give.
    pub fn reply_window(&self) -> crate::case::ReplyWindow {
        crate::case::ReplyWindow {
            grace: chrono::TimeDelta::days(i64::from(self.reply_grace_days)),
        }
    }
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
    /// Telephone, when the team publishes one (the office's line, as the letterhead of its documents shows it).
    #[serde(default)]
    pub phone: Option<String>,
    /// Office hours, e.g. "Senin-Jumat 08.00-16.00 WIB".
    pub hours: Localized,
    /// The hotlines the site shows in its footer, on the RFC 2350 page and beside the report form, e.g.
    /// `[{ label = "WhatsApp", number = "0811-2900-1234", whatsapp = true, calls = false }]` (at most
    /// [`HOTLINES_MAX`]; Indonesian numbers, linked as `tel:+62…` and `https://wa.me/62…`).
    #[serde(default)]
    pub hotlines: Vec<Hotline>,
    /// The team's logo: an SVG or PNG file relative to the team file (e.g. `logo.svg`), which the site publishes
    /// at `/assets/logo.svg` (or `.png`) and shows in its header. Checked by [`TeamAssets::load`].
    #[serde(default)]
    pub logo: Option<PathBuf>,
    /// The team's OpenPGP public key: an ASCII-armored file relative to the team file (e.g. `pgp-key.asc`), which
    /// the site publishes at [`OPENPGP_KEY_PATH`], names in `security.txt` and shows on the RFC 2350 page with its
    /// fingerprint. Checked by [`TeamAssets::load`].
    #[serde(default)]
    pub openpgp_key: Option<PathBuf>,
}

/// `security.txt` (RFC 9116) settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityTxt {
    /// Days from the build date to `Expires` (at most a year, as RFC 9116 recommends).
    pub expires_after_days: u32,
    /// The team's public OpenPGP key when the site does not publish it (`team.openpgp_key` is not set): an
    /// `https://` address or a path on the site. Setting both is refused.
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
    /// The document's version, e.g. `1.2`, shown beside the date and on the printed profile.
    #[serde(default)]
    pub version: Option<String>,
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

/// The team's procedure: its SOP profile and the profile's working calendar, parsed once.
#[derive(Debug, Clone)]
pub struct Procedure {
    /// The SOP profile.
    pub profile: SopProfile,
    /// Its working calendar (working days, hours, holidays), for every clock.
    pub calendar: WorkingCalendar,
}

impl Procedure {
    /// The procedure of a parsed profile, with its calendar.
    pub fn of(profile: SopProfile) -> Result<Procedure, ProfileError> {
        let calendar = profile.calendar().map_err(|message| ProfileError {
            source_name: profile.id.clone(),
            message,
        })?;
        Ok(Procedure { profile, calendar })
    }

    /// A shipped profile's procedure, by id (`batam`, `tegal`, `malut`, `kukar`, `bali`).
    pub fn builtin(id: &str) -> Result<Procedure, ProfileError> {
        Self::of(SopProfile::builtin(id)?)
    }
}

/// The team file, read and checked: its settings and the procedure they name.
#[derive(Debug, Clone)]
pub struct TeamFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The settings.
    pub config: TeamConfig,
    /// The SOP profile the settings name, with its calendar.
    pub procedure: Procedure,
}

impl TeamFile {
    /// The team file's path: `CSIRT_CONFIG` through `lookup`, else [`DEFAULT_CONFIG`].
    pub fn path_from(lookup: &dyn Fn(&str) -> Option<String>) -> PathBuf {
        lookup(CONFIG_VARIABLE).map_or_else(|| PathBuf::from(DEFAULT_CONFIG), PathBuf::from)
    }

    /// Reads the team file at `path` and the SOP profile it names (a file relative to the team file's directory,
    /// or a shipped profile's id).
    pub fn load(path: &Path) -> Result<TeamFile, TeamFileError> {
        let config = TeamConfig::load(path)?;
        let procedure = config.procedure(path)?;
        Ok(TeamFile {
            path: path.to_owned(),
            config,
            procedure,
        })
    }

    /// The directory the team file is in, which its relative paths start from.
    pub fn directory(&self) -> &Path {
        directory_of(&self.path)
    }

    /// The logo and OpenPGP key the team file names, read and checked as of `today`.
    pub fn assets(&self, today: chrono::NaiveDate) -> Result<TeamAssets, TeamFileError> {
        TeamAssets::load(&self.path, &self.config, today)
    }

    /// The case export's file, when the team file names one.
    pub fn export_file(&self) -> Option<PathBuf> {
        self.config
            .export
            .as_ref()
            .map(|file| self.directory().join(file))
    }
}

/// The directory a file is in (`.` for a bare name).
fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

impl TeamConfig {
    /// The SOP profile `sop_profile` names, relative to the directory of the team file at `path`, with its
    /// calendar.
    pub fn procedure(&self, path: &Path) -> Result<Procedure, TeamFileError> {
        let profile_file = directory_of(path).join(&self.sop_profile);
        if profile_file.is_file() {
            SopProfile::load(&profile_file).and_then(Procedure::of)
        } else {
            Procedure::builtin(&self.sop_profile)
        }
        .map_err(|e| TeamFileError::at(path, format!("sop_profile: {e}")))
    }

    /// Reads the team file's settings alone, without the profile they name.
    pub fn load(path: &Path) -> Result<Self, TeamFileError> {
        let text = std::fs::read_to_string(path).map_err(|e| TeamFileError::io(path, e))?;
        let mut config: TeamConfig =
            toml::from_str(&text).map_err(|e| TeamFileError::at(path, e.to_string()))?;
        config.base_url = config.base_url.trim_end_matches('/').to_owned();
        if !config.base_url.starts_with("https://") && !config.base_url.starts_with("http://") {
            return Err(TeamFileError::at(
                path,
                format!("base_url {:?} must start with https://", config.base_url),
            ));
        }
        if config.security_txt.expires_after_days == 0
            || config.security_txt.expires_after_days > 366
        {
            return Err(TeamFileError::at(
                path,
                "security_txt.expires_after_days must be 1 to 366".to_owned(),
            ));
        }
        if config.messages.reply_grace_days > 365 {
            return Err(TeamFileError::at(
                path,
                format!(
                    "messages.reply_grace_days must be 0 to 365 (it is {})",
                    config.messages.reply_grace_days
                ),
            ));
        }
        let mut problems = config.documents.problems();
        problems.extend(config.retention.problems());
        problems.extend(hotline_problems(&config.team.hotlines));
        problems.extend(
            [
                ("team.logo", &config.team.logo),
                ("team.openpgp_key", &config.team.openpgp_key),
            ]
            .into_iter()
            .filter_map(|(field, path)| {
                path.as_deref()
                    .and_then(|path| assets::relative_path_problem(field, path))
            }),
        );
        if let Some(logo) = &config.team.logo
            && LogoKind::of_name(&logo.to_string_lossy()).is_none()
        {
            problems.push(format!(
                "team.logo {:?} must be an .svg or .png file",
                logo.display()
            ));
        }
        if config.team.openpgp_key.is_some() && config.security_txt.encryption.is_some() {
            problems.push(
                "security_txt.encryption and team.openpgp_key both name a key: the site publishes \
                 team.openpgp_key and names it in security.txt; remove security_txt.encryption"
                    .to_owned(),
            );
        }
        problems.extend(
            config
                .single_sign_on
                .iter()
                .flat_map(SingleSignOnSettings::problems),
        );
        if !problems.is_empty() {
            return Err(TeamFileError::at(path, problems.join("; ")));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped team file with `from` replaced by `to`, loaded from a temporary copy.
    fn load_changed(from: &str, to: &str) -> Result<TeamConfig, TeamFileError> {
        let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/config.toml");
        let text = std::fs::read_to_string(shipped).unwrap();
        assert!(text.contains(from), "the shipped team file has {from:?}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text.replace(from, to)).unwrap();
        TeamConfig::load(&path)
    }

    /// The footer and RFC 2350 show the organisation and then the address: the shipped address does not say
    /// the organisation's name a second time.
    #[test]
    fn the_shipped_address_does_not_repeat_the_organisation() {
        let config = load_changed("[team]", "[team]").unwrap();
        for name in [&config.team.organisation.id, &config.team.organisation.en] {
            assert!(
                !config.team.address.contains(name.as_str()),
                "{}",
                config.team.address
            );
        }
    }

    #[test]
    fn the_shipped_logo_and_hotlines_are_read() {
        let config = load_changed("[team]", "[team]").unwrap();
        let numbers: Vec<(&str, bool, bool)> = config
            .team
            .hotlines
            .iter()
            .map(|h| (h.e164.as_str(), h.calls, h.whatsapp))
            .collect();
        assert_eq!(
            numbers,
            [
                ("+6281100000000", false, true),
                ("+62283000000", true, false)
            ]
        );
        let shipped = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/config.toml"
        ));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let assets = TeamAssets::load(shipped, &config, today).unwrap();
        let logo = assets.logo.as_ref().unwrap();
        assert_eq!(
            (logo.kind, logo.width, logo.height),
            (LogoKind::Svg, 64, 72)
        );
        assert_eq!(assets.openpgp_key, None, "the example team ships no key");
        assert_eq!(assets.encryption_url(&config), None);
        assert_eq!(assets.problems(&config, today), Vec::<String>::new());
    }

    #[test]
    fn logo_and_key_settings_are_checked_before_any_file_is_read() {
        for (from, to, expected) in [
            (
                "logo = \"logo.svg\"",
                "logo = \"logo.jpg\"",
                "team.logo \"logo.jpg\" must be an .svg or .png file",
            ),
            (
                "logo = \"logo.svg\"",
                "logo = \"/srv/logo.svg\"",
                "must be a file in the team file's directory",
            ),
            (
                "# openpgp_key = \"pgp-key.asc\"",
                "openpgp_key = \"../kunci.asc\"",
                "team.openpgp_key \"../kunci.asc\" must be a file",
            ),
        ] {
            let error = load_changed(from, to).unwrap_err().to_string();
            assert!(error.contains(expected), "{to}: {error}");
        }
        let both = load_changed(
            "# openpgp_key = \"pgp-key.asc\"",
            "openpgp_key = \"pgp-key.asc\"",
        )
        .and_then(|_| {
            load_changed(
                "# encryption = \"https://keys.openpgp.org/vks/v1/by-fingerprint/FINGERPRINT\"",
                "encryption = \"/kunci.txt\"",
            )
        });
        assert!(both.is_ok(), "either alone is accepted: {both:?}");
    }

    #[test]
    fn a_key_published_here_and_named_elsewhere_is_refused() {
        let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/config.toml");
        let text = std::fs::read_to_string(shipped)
            .unwrap()
            .replace(
                "# openpgp_key = \"pgp-key.asc\"",
                "openpgp_key = \"pgp-key.asc\"",
            )
            .replace(
                "# encryption = \"https://keys.openpgp.org/vks/v1/by-fingerprint/FINGERPRINT\"",
                "encryption = \"/kunci.txt\"",
            );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let error = TeamConfig::load(&path).unwrap_err().to_string();
        assert!(
            error.contains("security_txt.encryption and team.openpgp_key both name a key"),
            "{error}"
        );
    }

    #[test]
    fn the_reply_grace_period_is_read_and_bounded() {
        let config = load_changed("reply_grace_days = 14", "reply_grace_days = 30").unwrap();
        assert_eq!(
            config.messages.reply_window().grace,
            chrono::TimeDelta::days(30)
        );
        let error = load_changed("reply_grace_days = 14", "reply_grace_days = 400").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("messages.reply_grace_days must be 0 to 365"),
            "{error}"
        );
        let default = load_changed("[messages]\nreply_grace_days = 14\n", "").unwrap();
        assert_eq!(default.messages.reply_grace_days, 14);
    }

    #[test]
    fn the_retention_schedule_is_read_checked_and_defaulted() {
        let shipped = load_changed("[retention]", "[retention]").unwrap();
        assert_eq!(shipped.retention, RetentionSchedule::default());
        let changed = load_changed("contact_months = 12", "contact_months = 6").unwrap();
        assert_eq!(changed.retention.contact_months, 6);
        let redact = load_changed(
            "invalid_reports = \"erase\"",
            "invalid_reports = \"redact\"",
        )
        .unwrap();
        assert_eq!(redact.retention.invalid_reports, InvalidReports::Redact);
        for (from, to, expected) in [
            (
                "contact_months = 12",
                "contact_months = 0",
                "retention.contact_months must be 1 to 120",
            ),
            (
                "backup_days = 30",
                "backup_days = 400",
                "retention.backup_days must be 1 to 366",
            ),
            (
                "invalid_reports = \"erase\"",
                "invalid_reports = \"hapus\"",
                "unknown variant `hapus`",
            ),
            (
                "backup_days = 30",
                "backup_weeks = 4",
                "unknown field `backup_weeks`",
            ),
        ] {
            let error = load_changed(from, to).unwrap_err().to_string();
            assert!(error.contains(expected), "{to}: {error}");
        }
        let start = shipped_text().find("[retention]").unwrap();
        let end = start + shipped_text()[start..].find("\n\n").unwrap();
        let none = load_changed(&shipped_text()[start..end], "").unwrap();
        assert_eq!(none.retention, RetentionSchedule::default());
    }

    fn shipped_text() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/config.toml"
        ))
        .unwrap()
    }
}
