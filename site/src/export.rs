//! The case export the site is built from (`csirt export` writes it): the Hall of Fame and statistics of
//! closed cases. It carries no personal data beyond the aliases reporters consented to.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{FixedOffset, NaiveDate};
use csirt_cases::case::Case;
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
    /// The export of `cases` (any states; only closed ones count): closed valid cases by the team's incident
    /// class, and the Hall of Fame of those whose closing named the reporter, under the alias they consented to,
    /// newest first. Closing dates are the team's local dates (`offset`).
    pub fn from_cases(cases: &[Case], offset: FixedOffset) -> SiteExport {
        let mut export = SiteExport::default();
        for case in cases {
            let (Some(closed_at), true) = (case.closed_at, case.is_valid()) else {
                continue;
            };
            let class = case
                .classification
                .as_ref()
                .map_or(&case.report.incident, |c| &c.incident)
                .class()
                .to_owned();
            if let (true, Some(alias)) = (case.hall_of_fame, case.report.hall_of_fame.alias()) {
                export.hall_of_fame.push(HallOfFameEntry {
                    alias: alias.as_str().to_owned(),
                    closed_on: closed_at.with_timezone(&offset).date_naive(),
                    incident_class: class.clone(),
                });
            }
            *export.closed_by_class.entry(class).or_default() += 1;
        }
        export.hall_of_fame.sort_by(|a, b| {
            b.closed_on
                .cmp(&a.closed_on)
                .then_with(|| a.alias.cmp(&b.alias))
                .then_with(|| a.incident_class.cmp(&b.incident_class))
        });
        export
    }

    /// Writes the export to `path` atomically (a temporary file renamed over it), creating its directory.
    pub fn write(&self, path: &Path) -> Result<(), SiteError> {
        let text =
            serde_json::to_string_pretty(self).map_err(|e| SiteError::at(path, e.to_string()))?;
        crate::build::replace_file(path, (text + "\n").as_bytes())
    }

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
