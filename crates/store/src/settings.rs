//! Where cases and evidence are kept, as the environment says (`CSIRT_STORE`, `CSIRT_DATA_DIR`, `CSIRT_TABLE`,
//! `CSIRT_EVIDENCE_BUCKET`): read the same way by the intake function, the staff console and `csirt`.

use std::path::PathBuf;
use std::sync::Arc;

use csirt_domain::setting::SettingsError;

use crate::evidence::{DirectoryEvidence, EvidenceStore, S3Evidence};
use crate::{CaseStore, DynamoStore, SqliteStore, StoreError};

/// Where cases and evidence are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSettings {
    /// SQLite and an evidence directory under one data directory (`CSIRT_STORE=sqlite`, the default).
    Sqlite {
        /// `CSIRT_DATA_DIR`, default `./data`.
        data_dir: PathBuf,
    },
    /// DynamoDB and S3 (`CSIRT_STORE=dynamodb`).
    Dynamodb {
        /// `CSIRT_TABLE`.
        table: String,
        /// `CSIRT_EVIDENCE_BUCKET`.
        bucket: String,
    },
}

impl StoreSettings {
    /// Reads `CSIRT_STORE`, `CSIRT_DATA_DIR`, `CSIRT_TABLE` and `CSIRT_EVIDENCE_BUCKET` from the process
    /// environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(&|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the store's variables through `lookup`.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let required = |name: &'static str| {
            lookup(name)
                .ok_or_else(|| SettingsError::new(name, "required when CSIRT_STORE=dynamodb"))
        };
        match lookup("CSIRT_STORE").as_deref() {
            None | Some("sqlite") => Ok(StoreSettings::Sqlite {
                data_dir: lookup("CSIRT_DATA_DIR")
                    .unwrap_or_else(|| "./data".into())
                    .into(),
            }),
            Some("dynamodb") => Ok(StoreSettings::Dynamodb {
                table: required("CSIRT_TABLE")?,
                bucket: required("CSIRT_EVIDENCE_BUCKET")?,
            }),
            Some(other) => Err(SettingsError::new(
                "CSIRT_STORE",
                format!("{other:?} is not sqlite or dynamodb"),
            )),
        }
    }

    /// Opens the case store and the evidence store these settings name.
    pub async fn open(&self) -> Result<(Arc<dyn CaseStore>, Arc<dyn EvidenceStore>), StoreError> {
        Ok(match self {
            StoreSettings::Sqlite { data_dir } => (
                Arc::new(SqliteStore::open(data_dir)?),
                Arc::new(DirectoryEvidence::open(data_dir.join("evidence"))?),
            ),
            StoreSettings::Dynamodb { table, bucket } => (
                Arc::new(DynamoStore::from_env(table.as_str()).await),
                Arc::new(S3Evidence::from_env(bucket.as_str()).await),
            ),
        })
    }
}
