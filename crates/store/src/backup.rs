//! Backup and restore of the embedded store: the SQLite database through SQLite's online backup (the intake may
//! keep taking reports meanwhile) and the evidence directory, file by file, each checked against the SHA-256 it
//! is named by.
//!
//! A backup copies the database first and the evidence after it: a report's evidence is stored before its case
//! ([`crate::filing`]), so every case in the copied database has its evidence in the backup.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, MAIN_DB, OpenFlags};

use crate::{DATABASE_FILE, KEY_FILE};
use csirt_domain::digest::{is_sha256_hex, sha256_hex};

/// The evidence directory's name, in a data directory and in a backup.
pub const EVIDENCE_DIR: &str = "evidence";

/// What a backup or restore copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Copied {
    /// Cases in the database copied.
    pub cases: u64,
    /// Evidence files copied.
    pub evidence_files: u64,
    /// Their bytes.
    pub evidence_bytes: u64,
}

/// Why a backup or restore did not happen, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// SQLite refused.
    #[error("{path}: {source}")]
    Sqlite {
        /// The database.
        path: PathBuf,
        /// What failed.
        source: rusqlite::Error,
    },
    /// A database that fails SQLite's integrity check.
    #[error("{path}: integrity check failed: {report}")]
    Corrupt {
        /// The database.
        path: PathBuf,
        /// What SQLite found.
        report: String,
    },
    /// An evidence file whose content does not match the SHA-256 it is named by.
    #[error("{path}: content does not match its SHA-256 name")]
    EvidenceMismatch {
        /// The file.
        path: PathBuf,
    },
    /// Something in the way: a non-empty backup directory, a database a restore would replace, a missing source.
    #[error("{0}")]
    Refused(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

fn sqlite(path: &Path) -> impl FnOnce(rusqlite::Error) -> BackupError + '_ {
    move |source| BackupError::Sqlite {
        path: path.to_owned(),
        source,
    }
}

/// Runs SQLite's integrity check on `path` and counts its cases.
fn check_database(path: &Path) -> Result<u64, BackupError> {
    if !path.is_file() {
        return Err(BackupError::Refused(format!(
            "{}: no database here",
            path.display()
        )));
    }
    let connection = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(sqlite(path))?;
    let report: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(sqlite(path))?;
    if report != "ok" {
        return Err(BackupError::Corrupt {
            path: path.to_owned(),
            report,
        });
    }
    connection
        .query_row("SELECT count(*) FROM cases", [], |row| row.get(0))
        .map_err(sqlite(path))
}

/// The evidence files under `root` (`cases/<case key>/<sha256>`), as paths relative to it. Anything else there
/// (a temporary file of a write in progress) is not evidence and is left out.
fn evidence_files(root: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let cases = root.join("cases");
    let mut files = Vec::new();
    if !cases.is_dir() {
        return Ok(files);
    }
    for case in std::fs::read_dir(&cases).map_err(io(&cases))? {
        let case = case.map_err(io(&cases))?.path();
        if !case.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&case).map_err(io(&case))? {
            let file = file.map_err(io(&case))?.path();
            let named = file
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_sha256_hex);
            if named && file.is_file() {
                files.push(file.strip_prefix(root).unwrap_or(&file).to_owned());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies the evidence under `from` into `to`, checking each file against its name; a file already in `to` with
/// the right content is kept. The copy is written beside its place and renamed into it, so it is whole.
fn copy_evidence(from: &Path, to: &Path) -> Result<(u64, u64), BackupError> {
    let (mut files, mut bytes) = (0, 0);
    for relative in evidence_files(from)? {
        let source = from.join(&relative);
        let content = std::fs::read(&source).map_err(io(&source))?;
        let name = relative.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if sha256_hex(&content) != name {
            return Err(BackupError::EvidenceMismatch { path: source });
        }
        let target = to.join(&relative);
        let present = std::fs::read(&target).is_ok_and(|existing| existing == content);
        if !present {
            let dir = target.parent().unwrap_or(to);
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            let partial = target.with_extension("partial");
            std::fs::write(&partial, &content).map_err(io(&partial))?;
            std::fs::File::open(&partial)
                .and_then(|f| f.sync_all())
                .map_err(io(&partial))?;
            std::fs::rename(&partial, &target).map_err(io(&target))?;
        }
        files += 1;
        bytes += content.len() as u64;
    }
    Ok((files, bytes))
}

/// Backs up the store in `data_dir` into `to`, which must be new or empty: the database as of one moment (taken
/// while the store may be in use), checked by SQLite; then the evidence files, each checked against its name.
pub fn backup(data_dir: &Path, to: &Path) -> Result<Copied, BackupError> {
    let source = data_dir.join(DATABASE_FILE);
    if !source.is_file() {
        return Err(BackupError::Refused(format!(
            "{}: no database here",
            source.display()
        )));
    }
    if to.exists() && std::fs::read_dir(to).map_err(io(to))?.next().is_some() {
        return Err(BackupError::Refused(format!(
            "{}: not empty; a backup goes into a new directory",
            to.display()
        )));
    }
    std::fs::create_dir_all(to).map_err(io(to))?;
    let target = to.join(DATABASE_FILE);
    let connection = Connection::open(&source).map_err(sqlite(&source))?;
    connection
        .busy_timeout(std::time::Duration::from_secs(5))
        .map_err(sqlite(&source))?;
    connection
        .backup(MAIN_DB, &target, None)
        .map_err(sqlite(&target))?;
    let cases = check_database(&target)?;
    copy_key(data_dir, to)?;
    let (evidence_files, evidence_bytes) =
        copy_evidence(&data_dir.join(EVIDENCE_DIR), &to.join(EVIDENCE_DIR))?;
    Ok(Copied {
        cases,
        evidence_files,
        evidence_bytes,
    })
}

/// Copies the audit key (the events' links are made with it) from one directory to another, readable by owner
/// and group only, when there is one: a database restored without its key could not be checked.
fn copy_key(from: &Path, to: &Path) -> Result<(), BackupError> {
    let source = from.join(KEY_FILE);
    if !source.is_file() {
        return Ok(());
    }
    let target = to.join(KEY_FILE);
    std::fs::copy(&source, &target).map_err(io(&target))?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).map_err(io(&target))
}

/// Checks a backup in `from` without restoring it: the database's integrity and every evidence file's content.
pub fn verify(from: &Path) -> Result<Copied, BackupError> {
    let cases = check_database(&from.join(DATABASE_FILE))?;
    let root = from.join(EVIDENCE_DIR);
    let (mut evidence_files, mut evidence_bytes) = (0, 0);
    for relative in self::evidence_files(&root)? {
        let path = root.join(&relative);
        let content = std::fs::read(&path).map_err(io(&path))?;
        if relative.file_name().and_then(|n| n.to_str()) != Some(sha256_hex(&content).as_str()) {
            return Err(BackupError::EvidenceMismatch { path });
        }
        evidence_files += 1;
        evidence_bytes += content.len() as u64;
    }
    Ok(Copied {
        cases,
        evidence_files,
        evidence_bytes,
    })
}

/// Restores the backup in `from` into `data_dir`, after checking it whole ([`verify`]). Refuses to replace a
/// database already there unless `replace` is set; the intake and staff must not be using the store meanwhile.
/// The database is written through SQLite (so a write-ahead log of the one replaced is dealt with), the evidence
/// files added beside those present.
pub fn restore(from: &Path, data_dir: &Path, replace: bool) -> Result<Copied, BackupError> {
    verify(from)?;
    let target = data_dir.join(DATABASE_FILE);
    if target.exists() && !replace {
        return Err(BackupError::Refused(format!(
            "{}: a database is there already; stop the intake, and restore with replace to overwrite it",
            target.display()
        )));
    }
    std::fs::create_dir_all(data_dir).map_err(io(data_dir))?;
    let source = from.join(DATABASE_FILE);
    let mut connection = Connection::open(&target).map_err(sqlite(&target))?;
    connection
        .restore(MAIN_DB, &source, None::<fn(rusqlite::backup::Progress)>)
        .map_err(sqlite(&source))?;
    drop(connection);
    let cases = check_database(&target)?;
    copy_key(from, data_dir)?;
    let (evidence_files, evidence_bytes) =
        copy_evidence(&from.join(EVIDENCE_DIR), &data_dir.join(EVIDENCE_DIR))?;
    Ok(Copied {
        cases,
        evidence_files,
        evidence_bytes,
    })
}
