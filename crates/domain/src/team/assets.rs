//! The files the team file names beside it and the site publishes: the logo (`team.logo`) and the OpenPGP
//! public key (`team.openpgp_key`). The team file itself only names them (it is read where they are not, e.g.
//! by the intake function, which is deployed with the team file alone); [`TeamAssets::load`] reads and checks
//! them for the site, and every refusal names the file and the setting.

use std::path::{Component, Path};

use chrono::{Days, NaiveDate};

use super::logo::{Logo, LogoKind};
use super::openpgp::{OPENPGP_KEY_PATH, OpenPgpKey};
use super::{TeamConfig, TeamFileError, directory_of};

/// The logo and key the team file names, read and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamAssets {
    /// The logo, when `team.logo` names one.
    pub logo: Option<Logo>,
    /// The public key, when `team.openpgp_key` names one.
    pub openpgp_key: Option<OpenPgpKey>,
}

/// Why a file the team file names cannot be a path the site reads: absolute, or leaving the team file's
/// directory (which the site's rebuilds watch). `None` when it is a plain relative path.
pub(super) fn relative_path_problem(field: &str, path: &Path) -> Option<String> {
    let plain = !path.as_os_str().is_empty()
        && path
            .components()
            .all(|component| matches!(component, Component::Normal(_) | Component::CurDir));
    (!plain).then(|| {
        format!(
            "{field} {:?} must be a file in the team file's directory or below it (e.g. \"logo.svg\"), not an \
             absolute path or one with ..",
            path.display()
        )
    })
}

/// Reads the file at `file` for setting `field`, refusing one larger than `max` bytes before reading it.
fn read_limited(file: &Path, field: &str, max: usize) -> Result<Vec<u8>, TeamFileError> {
    let refuse = |message: String| TeamFileError::at(file, format!("{field}: {message}"));
    let metadata = std::fs::metadata(file).map_err(|e| refuse(e.to_string()))?;
    if !metadata.is_file() {
        return Err(refuse("is not a file".to_owned()));
    }
    if metadata.len() > u64::try_from(max).unwrap_or(u64::MAX) {
        return Err(refuse(format!(
            "the file has {} bytes, more than the {} KiB it may have",
            metadata.len(),
            max / 1024
        )));
    }
    std::fs::read(file).map_err(|e| refuse(e.to_string()))
}

impl TeamAssets {
    /// Reads and checks the logo and key `config` names, relative to the directory of the team file at `path`,
    /// as of `today` (a key that has expired by then is refused). An error names the file and the setting,
    /// e.g. `content/kunci.asc: team.openpgp_key: this is a private key, …`.
    pub fn load(
        path: &Path,
        config: &TeamConfig,
        today: NaiveDate,
    ) -> Result<TeamAssets, TeamFileError> {
        let directory = directory_of(path);
        let logo =
            match &config.team.logo {
                None => None,
                Some(name) => {
                    let file = directory.join(name);
                    let kind = LogoKind::of_name(&name.to_string_lossy()).ok_or_else(|| {
                        TeamFileError::at(
                            path,
                            format!(
                                "team.logo {:?} must be an .svg or .png file",
                                name.display()
                            ),
                        )
                    })?;
                    let bytes = read_limited(&file, "team.logo", super::logo::LOGO_MAX_BYTES)?;
                    Some(Logo::parse(bytes, kind).map_err(|message| {
                        TeamFileError::at(&file, format!("team.logo: {message}"))
                    })?)
                }
            };
        let openpgp_key = match &config.team.openpgp_key {
            None => None,
            Some(name) => {
                let file = directory.join(name);
                let bytes = read_limited(
                    &file,
                    "team.openpgp_key",
                    super::openpgp::OPENPGP_KEY_MAX_BYTES,
                )?;
                Some(OpenPgpKey::parse(bytes, today).map_err(|message| {
                    TeamFileError::at(&file, format!("team.openpgp_key: {message}"))
                })?)
            }
        };
        Ok(TeamAssets { logo, openpgp_key })
    }

    /// The address of the team's public key, as `security.txt`'s `Encryption:` and the RFC 2350 page give it:
    /// the published key's (`BASE_URL/pgp-key.txt`), else `security_txt.encryption` (a path on the site made
    /// absolute, or an `https://` address as it is); `None` when the team has no key.
    pub fn encryption_url(&self, config: &TeamConfig) -> Option<String> {
        let base = &config.base_url;
        if self.openpgp_key.is_some() {
            return Some(format!("{base}{OPENPGP_KEY_PATH}"));
        }
        config.security_txt.encryption.as_ref().map(|e| {
            if e.starts_with("https://") || e.starts_with("http://") {
                e.clone()
            } else {
                format!("{base}{e}")
            }
        })
    }

    /// What `csirt check` warns about the assets as of `today`: a key that expires before the `security.txt`
    /// built today does (RFC 9116 readers would be sent to an expired key).
    pub fn problems(&self, config: &TeamConfig, today: NaiveDate) -> Vec<String> {
        let mut problems = Vec::new();
        let days = u64::from(config.security_txt.expires_after_days);
        let security_txt_expires = today.checked_add_days(Days::new(days)).unwrap_or(today);
        if let Some(key) = &self.openpgp_key
            && let Some(expires) = key.expires
            && expires.date_naive() < security_txt_expires
        {
            problems.push(format!(
                "team.openpgp_key: key {} expires on {}, before the security.txt built today does ({}, \
                 security_txt.expires_after_days = {days}): extend the key (gpg --quick-set-expire {} 2y '*', then \
                 export it again) or lower expires_after_days",
                key.fingerprint,
                expires.format("%Y-%m-%d"),
                security_txt_expires.format("%Y-%m-%d"),
                key.fingerprint
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_in_the_team_files_directory() {
        assert_eq!(
            relative_path_problem("team.logo", Path::new("logo.svg")),
            None
        );
        assert_eq!(
            relative_path_problem("team.logo", Path::new("gambar/logo.svg")),
            None
        );
        assert_eq!(
            relative_path_problem("team.logo", Path::new("./logo.svg")),
            None
        );
        for bad in ["/etc/logo.svg", "../logo.svg", "gambar/../../logo.svg", ""] {
            let problem = relative_path_problem("team.logo", Path::new(bad)).unwrap();
            assert!(problem.starts_with("team.logo "), "{problem}");
        }
    }
}
