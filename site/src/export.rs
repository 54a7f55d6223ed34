//! The case export the site is built from (`csirt export` writes it): the Hall of Fame and statistics of
//! closed cases. It carries no personal data beyond the aliases reporters consented to.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::SiteError;

/// What the site knows of the cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteExport {
    /// Reporters thanked in public, newest first.
    pub hall_of_fame: Vec<HallOfFameEntry>,
    /// Closed cases by RSIT incident class key.
    pub closed_by_class: BTreeMap<String, u64>,
}

/// One reporter thanked in the Hall of Fame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HallOfFameEntry {
    /// The alias the reporter chose.
    pub alias: String,
    /// When the case was closed.
    pub closed_on: NaiveDate,
    /// The RSIT class of the incident.
    pub incident_class: String,
}

impl SiteExport {
    /// Reads the export; a missing file is an empty export (no closed cases yet).
    pub fn load(path: &Path) -> Result<Self, SiteError> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| SiteError::at_line(path, e.line(), e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SiteExport::default()),
            Err(e) => Err(SiteError::io(path, e)),
        }
    }
}
