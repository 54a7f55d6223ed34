//! Where cases and evidence are kept, as the environment says (`CSIRT_STORE`, `CSIRT_DATA_DIR`, `CSIRT_TABLE`,
//! `CSIRT_EVIDENCE_BUCKET`): read the same way by the intake function, the staff console and `csirt`.

use std::path::PathBuf;
use std::sync::Arc;

use csirt_domain::setting::SettingsError;

use crate::evidence::EvidenceStore;
use crate::{CaseStore, StoreError};

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

    /// Opens the case store and the evidence store these settings name; a backend this build was compiled
    /// without is refused, naming the cargo feature that has it.
    pub async fn open(&self) -> Result<(Arc<dyn CaseStore>, Arc<dyn EvidenceStore>), StoreError> {
        match self {
            StoreSettings::Sqlite { data_dir } => open_sqlite(data_dir),
            StoreSettings::Dynamodb { table, bucket } => open_dynamodb(table, bucket).await,
        }
    }
}

/// The case store and evidence store of one backend.
type Stores = (Arc<dyn CaseStore>, Arc<dyn EvidenceStore>);

#[cfg(feature = "sqlite")]
fn open_sqlite(data_dir: &std::path::Path) -> Result<Stores, StoreError> {
    Ok((
        Arc::new(crate::SqliteStore::open(data_dir)?),
        Arc::new(crate::evidence::DirectoryEvidence::open(
            data_dir.join("evidence"),
        )?),
    ))
}

#[cfg(not(feature = "sqlite"))]
fn open_sqlite(_data_dir: &std::path::Path) -> Result<Stores, StoreError> {
    Err(not_built(
        "CSIRT_STORE=sqlite",
        "the SQLite store",
        "sqlite",
    ))
}

#[cfg(feature = "aws")]
async fn open_dynamodb(table: &str, bucket: &str) -> Result<Stores, StoreError> {
    let (cases, evidence) = crate::aws_client::stores(table, bucket).await;
    Ok((Arc::new(cases), Arc::new(evidence)))
}

#[cfg(not(feature = "aws"))]
async fn open_dynamodb(_table: &str, _bucket: &str) -> Result<Stores, StoreError> {
    Err(not_built("CSIRT_STORE=dynamodb", "DynamoDB and S3", "aws"))
}

/// The refusal of a backend this build does not have.
#[cfg(not(all(feature = "sqlite", feature = "aws")))]
pub(crate) fn not_built(setting: &str, backend: &str, feature: &str) -> StoreError {
    StoreError::Unavailable(format!(
        "{setting}: this build has no {backend} backend; build it with the cargo feature `{feature}` \
         (for example `cargo build --release --features {feature}`)"
    ))
}
