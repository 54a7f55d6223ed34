//! The publication contract: what the public site may show of closed cases — the Hall of Fame and the counts
//! by incident class — and nothing else. The staff library writes it (`csirt export`) from the store; the site
//! generator reads it. Both use this one type, and the one rule of what is published is here.
//!
//! It carries no personal data beyond the aliases reporters consented to.

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::case::Case;

/// What the site knows of the cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
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

impl Publication {
    /// The export of `cases` (any states; only closed ones count): closed valid cases by the team's incident
    /// class, and the Hall of Fame of those whose closing named the reporter, under the alias they consented to,
    /// newest first. Closing dates are the team's local dates (`offset`).
    pub fn from_cases(cases: &[Case], offset: FixedOffset) -> Publication {
        let mut export = Publication::default();
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
            if let Some(alias) = case.hall_of_fame_alias() {
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

    /// The export as the file holds it: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads an export file's text.
    pub fn from_json(text: &str) -> Result<Publication, serde_json::Error> {
        serde_json::from_str(text)
    }
}
