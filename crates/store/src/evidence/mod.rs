//! Where evidence files are kept, by case and SHA-256: a directory in embedded mode, S3 on AWS.

mod directory;
#[cfg(feature = "aws")]
mod s3;

use async_trait::async_trait;
use csirt_domain::evidence::EvidenceFile;

pub use directory::DirectoryEvidence;
#[cfg(feature = "aws")]
pub use s3::{S3Evidence, client_for as s3_client_for, client_from_env as s3_client_from_env};

use crate::StoreError;

/// The object key of a case's evidence file: `cases/<case key>/<sha256>`. Both parts are checked to be what
/// they claim (twelve tracking-code symbols, 64 hex digits), so a key can never leave its place.
pub fn object_key(case_key: &str, sha256: &str) -> Result<String, StoreError> {
    let case_ok = csirt_domain::tracking::TrackingCode::parse(case_key)
        .is_ok_and(|code| code.key() == case_key);
    if !case_ok || !csirt_domain::digest::is_sha256_hex(sha256) {
        return Err(StoreError::Unavailable(
            "evidence: refused an object key that is not a case key and a SHA-256".into(),
        ));
    }
    Ok(format!("cases/{case_key}/{sha256}"))
}

/// Where evidence files are kept.
#[async_trait]
pub trait EvidenceStore: Send + Sync {
    /// Stores `file` for the case with key `case_key`; storing the same content twice is harmless. Returns once
    /// the file is durable.
    async fn put(&self, case_key: &str, file: &EvidenceFile) -> Result<(), StoreError>;

    /// The stored content, if any.
    async fn get(&self, case_key: &str, sha256: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Deletes the file of the case with key `case_key` whose SHA-256 is `sha256`, every stored version of it
    /// (in a versioned bucket, every version and delete marker); deleting a file that is not there does nothing.
    async fn delete(&self, case_key: &str, sha256: &str) -> Result<(), StoreError>;

    /// Deletes every file of the case with key `case_key`, every stored version of each; returns how many files
    /// (distinct object keys) were there.
    async fn delete_case(&self, case_key: &str) -> Result<u64, StoreError>;

    /// Where the files of the case with key `case_key` are kept, for a breach notice: its directory, or the
    /// `s3://` prefix of its objects.
    fn location(&self, case_key: &str) -> Result<String, StoreError>;
}

/// The prefix of every object key of a case's files: `cases/<case key>/`, with the case key checked as
/// [`object_key`] checks it.
pub fn case_prefix(case_key: &str) -> Result<String, StoreError> {
    let key = object_key(case_key, &"0".repeat(64))?;
    let (prefix, _) = key.rsplit_once('/').unwrap_or((&key, ""));
    Ok(format!("{prefix}/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use csirt_domain::digest::sha256_hex;

    #[test]
    fn object_keys_stay_in_place() {
        let code = csirt_domain::tracking::TrackingCode::generate(
            &csirt_domain::tracking::TrackingPrefix::parse("TGL").unwrap(),
        )
        .unwrap();
        let sha = sha256_hex(b"x");
        assert_eq!(
            object_key(code.key(), &sha).unwrap(),
            format!("cases/{}/{sha}", code.key())
        );
        for (case, sha) in [
            ("../../etc", sha.as_str()),
            (code.key(), "../passwd"),
            (&code.to_string(), sha.as_str()),
            ("", ""),
        ] {
            assert!(object_key(case, sha).is_err(), "{case} {sha}");
        }
    }
}
