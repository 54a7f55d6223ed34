//! The embedded store's audit key: a file of its own beside the database (`audit.key`, readable by its owner and
//! group: the intake's user and the staff group that run `csirt`, never others), so that a copy of the database,
//! or write access to it alone, is not enough to forge an event.

use std::io::Write;
use std::path::Path;

use crate::StoreError;
use crate::chain::AuditKey;

/// The key file's name inside the data directory.
pub const KEY_FILE: &str = "audit.key";

/// Reads the data directory's key, creating it on first use.
pub fn load_or_create(data_dir: &Path) -> Result<AuditKey, StoreError> {
    let path = data_dir.join(KEY_FILE);
    let unusable = |message: String| {
        StoreError::Unavailable(format!("audit key {}: {message}", path.display()))
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => AuditKey::from_hex(&text).ok_or_else(|| {
            unusable("not 64 hex digits; restore it from the backup taken with the database".into())
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            // Written whole under another name (owner-only, as temporary files are), then put in place only
            // if no other process did first: a reader never sees half a key.
            let key = AuditKey::generate()?;
            let mut file =
                tempfile::NamedTempFile::new_in(data_dir).map_err(|e| unusable(e.to_string()))?;
            let owner_and_group = std::os::unix::fs::PermissionsExt::from_mode(0o640);
            file.write_all(key.to_hex().as_bytes())
                .and_then(|()| file.as_file().set_permissions(owner_and_group))
                .and_then(|()| file.as_file().sync_all())
                .map_err(|e| unusable(e.to_string()))?;
            match file.persist_noclobber(&path) {
                Ok(_) => Ok(key),
                Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => {
                    load_or_create(data_dir)
                }
                Err(error) => Err(unusable(error.error.to_string())),
            }
        }
        Err(error) => Err(unusable(error.to_string())),
    }
}
