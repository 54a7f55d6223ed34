//! Dated backups of the embedded store in one directory, and their rotation: `csirt backup --into DIR` writes
//! each backup into a directory of `DIR` named by the moment it was taken (UTC, `20270131T013000Z`), and
//! `--rotate` then removes those older than the team file's backup period (`retention.backup_days`), so that
//! what a purge or an erasure removed from the store lives on in backups no longer than that.
//!
//! Only directories named as a dated backup are ever removed; anything else in `DIR` is left alone.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::backup::{BackupError, Copied, backup};

/// How a dated backup's directory is named: the UTC moment it was taken.
pub const BACKUP_NAME_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// The name of the dated backup taken at `at`.
pub fn backup_name(at: DateTime<Utc>) -> String {
    at.format(BACKUP_NAME_FORMAT).to_string()
}

/// When the dated backup named `name` was taken; `None` for a name that is not a dated backup's.
pub fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(name, BACKUP_NAME_FORMAT)
        .ok()
        .map(|naive| naive.and_utc())
}

/// A dated backup written into a directory of backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatedBackup {
    /// Its directory.
    pub path: PathBuf,
    /// What it holds.
    #[serde(flatten)]
    pub copied: Copied,
}

/// Backs up the store in `data_dir` into a new directory of `backups` named by `at` ([`backup_name`]).
pub fn backup_into(
    data_dir: &Path,
    backups: &Path,
    at: DateTime<Utc>,
) -> Result<DatedBackup, BackupError> {
    let path = backups.join(backup_name(at));
    if path.exists() {
        return Err(BackupError::Refused(format!(
            "{}: a backup taken this second is there already",
            path.display()
        )));
    }
    let copied = backup(data_dir, &path)?;
    Ok(DatedBackup { path, copied })
}

/// The dated backups in `backups`, oldest first, with when each was taken.
pub fn dated_backups(backups: &Path) -> Result<Vec<(DateTime<Utc>, PathBuf)>, BackupError> {
    let io = |source| BackupError::Io {
        path: backups.to_owned(),
        source,
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(backups).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let taken = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(taken_at);
        if let (Some(taken), true) = (taken, path.is_dir()) {
            found.push((taken, path));
        }
    }
    found.sort();
    Ok(found)
}

/// Removes the dated backups in `backups` taken more than `keep` before `now`, oldest first; the directories
/// removed. Anything not named as a dated backup stays.
pub fn rotate(
    backups: &Path,
    keep: TimeDelta,
    now: DateTime<Utc>,
) -> Result<Vec<PathBuf>, BackupError> {
    let mut removed = Vec::new();
    for (taken, path) in dated_backups(backups)? {
        if taken + keep < now {
            std::fs::remove_dir_all(&path).map_err(|source| BackupError::Io {
                path: path.clone(),
                source,
            })?;
            removed.push(path);
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_backup_exactly_as_old_as_the_period_stays_and_one_a_second_older_goes() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2027, 1, 31, 1, 30, 0).unwrap();
        let keep = TimeDelta::days(30);
        let at_the_limit = dir.path().join(backup_name(now - keep));
        let over = dir
            .path()
            .join(backup_name(now - keep - TimeDelta::seconds(1)));
        let not_a_backup = dir.path().join("20260101");
        let a_file = dir.path().join(backup_name(now - TimeDelta::days(400)));
        for path in [&at_the_limit, &over, &not_a_backup] {
            std::fs::create_dir(path).unwrap();
        }
        std::fs::write(&a_file, b"not a directory").unwrap();
        assert_eq!(taken_at("20270101T013000Z"), Some(now - keep));
        assert_eq!(taken_at("salinan"), None);

        assert_eq!(rotate(dir.path(), keep, now).unwrap(), vec![over.clone()]);
        assert!(!over.exists());
        assert!(at_the_limit.exists() && not_a_backup.exists() && a_file.exists());
    }
}
