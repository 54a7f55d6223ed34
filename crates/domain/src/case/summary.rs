//! The team's own summary of the incident. A reporter's own words can identify who reported — an insider of the
//! agency whose system it is, most of all — so the letters and reports the team sends to a system owner (the
//! notification letter, the analysis report, the final handling report: [`DocumentKind::is_for_system_owner`])
//! carry the summary staff write ([`Change::WriteSummary`]), never the reporter's title, description,
//! chronology or impact, unless staff choose to include them; that choice is recorded with the summary, in its
//! event, by the account that made it. The escalation report to the provincial CSIRT or BSSN is not one of
//! them: it keeps the fields Perban BSSN 1/2024 Pasal 15 requires.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::parts::DocumentKind;
use super::{Case, Change, WorkflowError};
use crate::field_error::FieldError;
use crate::text::SummaryText;

/// The team's summary of the incident, as documents to the system owner carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentSummary {
    /// The summary in the team's words, when written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<SummaryText>,
    /// Whether staff chose to include the reporter's own description (with their title, chronology and
    /// impact) in documents to the system owner as well.
    #[serde(default)]
    pub include_reporter_description: bool,
    /// When it was written.
    pub at: DateTime<Utc>,
}

/// Why a summary without text or choice is refused, in both languages.
const NEEDS_TEXT_OR_CHOICE: (&str, &str) = (
    "Tulis ringkasan insiden dengan kata-kata tim, atau pilih untuk menyertakan uraian pelapor.",
    "Write the incident summary in the team's words, or choose to include the reporter's description.",
);

impl DocumentKind {
    /// Whether the document goes to the affected system's owner or beyond the team (the notification letter,
    /// the analysis report, the final handling report, the reply letter to the reporting agency, the report to
    /// the head of agency): such a document carries the team's summary, not the reporter's words.
    pub fn is_for_system_owner(self) -> bool {
        matches!(
            self,
            DocumentKind::NotificationLetter
                | DocumentKind::AnalysisReport
                | DocumentKind::FinalReport
                | DocumentKind::ReplyLetter
                | DocumentKind::HeadOfAgencyReport
        )
    }
}

impl Change {
    /// The change that writes the case's summary: `text` in the team's words, and whether documents to the
    /// system owner include the reporter's own description. Refused, on the field `summary`, when there is
    /// neither text nor that choice.
    pub fn write_summary(
        text: Option<SummaryText>,
        include_reporter_description: bool,
    ) -> Result<Change, FieldError> {
        if text.is_none() && !include_reporter_description {
            let (id, en) = NEEDS_TEXT_OR_CHOICE;
            return Err(FieldError::new(SummaryText::FIELD, id, en));
        }
        Ok(Change::WriteSummary {
            text,
            include_reporter_description,
        })
    }
}

impl Case {
    /// Whether documents to the system owner may show the reporter's own words: only when staff chose so with
    /// the summary.
    pub fn shares_reporter_description(&self) -> bool {
        self.summary
            .as_ref()
            .is_some_and(|summary| summary.include_reporter_description)
    }

    /// Records the summary written at `at` (the change is `change`, for the refusals): refused without text or
    /// the choice, and when the text is the reporter's description word for word while the choice was not made
    /// (that would send their words under the team's name).
    pub(super) fn record_summary(
        &mut self,
        change: &Change,
        text: Option<&SummaryText>,
        include_reporter_description: bool,
        at: DateTime<Utc>,
    ) -> Result<(), WorkflowError> {
        if text.is_none() && !include_reporter_description {
            return Err(self.refuse(change, NEEDS_TEXT_OR_CHOICE.1));
        }
        if !include_reporter_description
            && text.is_some_and(|t| t.as_str() == self.report.description.as_str())
        {
            return Err(self.refuse(
                change,
                "the summary is the reporter's description word for word: write it in the team's words, or \
                 choose to include the reporter's description",
            ));
        }
        self.summary = Some(IncidentSummary {
            text: text.cloned(),
            include_reporter_description,
            at,
        });
        Ok(())
    }
}
