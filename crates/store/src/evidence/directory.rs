//! Evidence in a directory: `<root>/cases/<case key>/<sha256>`, written to a temporary file, synced and renamed
//! into place, so a stored file is whole.

use std::io::Write;
use std::path::PathBuf;

use async_trait::async_trait;

use super::{EvidenceFile, EvidenceStore, case_prefix, object_key};
use crate::StoreError;

/// Evidence files under a directory (embedded mode: `<data dir>/evidence`).
#[derive(Debug, Clone)]
pub struct DirectoryEvidence {
    root: PathBuf,
}

fn unavailable(operation: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("evidence {operation}: {error}"))
}

impl DirectoryEvidence {
    /// Evidence under `root`, created when missing.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let root = root.into();
        std::fs::create_dir_all(&root)
            .map_err(|e| unavailable("open", format!("{}: {e}", root.display())))?;
        Ok(DirectoryEvidence { root })
    }
}

#[async_trait]
impl EvidenceStore for DirectoryEvidence {
    async fn put(&self, case_key: &str, file: &EvidenceFile) -> Result<(), StoreError> {
        let path = self.root.join(object_key(case_key, file.sha256())?);
        let bytes = file.bytes().to_vec();
        tokio::task::spawn_blocking(move || {
            if path.exists() {
                return Ok(());
            }
            let dir = path
                .parent()
                .ok_or_else(|| unavailable("put", "no parent directory"))?;
            std::fs::create_dir_all(dir).map_err(|e| unavailable("put", e))?;
            let mut temporary =
                tempfile::NamedTempFile::new_in(dir).map_err(|e| unavailable("put", e))?;
            temporary
                .write_all(&bytes)
                .map_err(|e| unavailable("put", e))?;
            temporary
                .as_file()
                .sync_all()
                .map_err(|e| unavailable("put", e))?;
            temporary
                .persist(&path)
                .map_err(|e| unavailable("put", e.error))?;
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| unavailable("put", e))
        })
        .await
        .map_err(|e| unavailable("put", e))?
    }

    async fn delete(&self, case_key: &str, sha256: &str) -> Result<(), StoreError> {
        let path = self.root.join(object_key(case_key, sha256)?);
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(unavailable("delete", e)),
        }
    }

    async fn delete_case(&self, case_key: &str) -> Result<u64, StoreError> {
        let dir = self.root.join(case_prefix(case_key)?);
        tokio::task::spawn_blocking(move || {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
                Err(e) => return Err(unavailable("delete", e)),
            };
            // Files only: a stored file's name is its SHA-256; a temporary file of a put cut short counts too.
            let files = entries.filter(|entry| entry.as_ref().is_ok_and(|e| e.path().is_file()));
            let count = files.count() as u64;
            std::fs::remove_dir_all(&dir).map_err(|e| unavailable("delete", e))?;
            if let Some(parent) = dir.parent() {
                std::fs::File::open(parent)
                    .and_then(|d| d.sync_all())
                    .map_err(|e| unavailable("delete", e))?;
            }
            Ok(count)
        })
        .await
        .map_err(|e| unavailable("delete", e))?
    }

    fn location(&self, case_key: &str) -> Result<String, StoreError> {
        Ok(format!(
            "directory {}",
            self.root.join(case_prefix(case_key)?).display()
        ))
    }

    async fn get(&self, case_key: &str, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let path = self.root.join(object_key(case_key, sha256)?);
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(unavailable("get", e)),
        }
    }
}
