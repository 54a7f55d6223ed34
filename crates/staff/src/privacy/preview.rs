//! What a redaction or an erasure would take away, worked out as the operation itself works it out and written
//! nowhere: for the confirmation a member of staff gives before either (the console's confirmation pages). Each is
//! refused, like the operation, unless the account holds a role the SOP gives the action; neither is audited, since
//! it hands over nothing about the reporter that the case page does not show.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, Party, PrivacyAction, ReporterField};
use csirt_domain::state::CaseState;
use csirt_domain::tracking::TrackingCode;
use serde::Serialize;

use super::{ExportedFile, exported};
use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::error::StaffError;

/// The reporters'-rights actions `staffer` may take, in [`PrivacyAction::ALL`]'s order: those the SOP's
/// `[permissions]` give one of their roles.
pub fn permitted_actions(desk: &Desk, staffer: &Staffer) -> Vec<PrivacyAction> {
    PrivacyAction::ALL
        .into_iter()
        .filter(|action| authorize(desk, staffer, action.key()).is_ok())
        .collect()
}

/// A free-text field of the report that a redaction replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FreeText {
    /// The report's title.
    Title,
    /// What happened.
    Description,
    /// The chronology.
    Chronology,
    /// The impact.
    Impact,
}

/// What redacting case `code` would take away ([`Case::redact_reporter`]): which of the reporter's fields and of
/// the report's free text, their messages, the earlier events redacted with it, and the files deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedactionPreview {
    /// The case.
    pub code: TrackingCode,
    /// The reporter's fields replaced or removed.
    pub fields: Vec<ReporterField>,
    /// The report's free-text fields replaced.
    pub free_text: Vec<FreeText>,
    /// Whether the reporter's Hall of Fame alias is withdrawn with their consent.
    pub alias: bool,
    /// How many of the reporter's messages on the thread have their text replaced.
    pub messages: usize,
    /// How many earlier events have their stored text redacted.
    pub events: usize,
    /// The reporter's files deleted from the evidence store (none when they are kept).
    pub files: Vec<ExportedFile>,
    /// Whether staff chose to keep the reporter's files.
    pub keep_files: bool,
    /// Whether the reporter's alias is in the Hall of Fame of the publication export (republish after).
    pub republish: bool,
    /// When the case was redacted before, if it was.
    pub redacted_before: Option<DateTime<Utc>>,
}

/// What redacting case `code` now would take away, as `staffer` (who must hold a role the SOP gives
/// `redact_reporter`) at `at`, with the reporter's files kept when `keep_files`: refused as the redaction itself
/// would be (the case has nothing left to redact). Nothing is written.
pub async fn preview_redaction(
    desk: &Desk,
    staffer: &Staffer,
    code: &TrackingCode,
    keep_files: bool,
    at: DateTime<Utc>,
) -> Result<RedactionPreview, StaffError> {
    authorize(desk, staffer, PrivacyAction::RedactReporter.key())?;
    let (case, events) = desk.case_with_events(code).await?;
    let redaction = case.redact_reporter(&events, keep_files, staffer.actor(), at)?;
    let (before, after) = (&case.report, &redaction.case.report);
    let (was, now) = (&before.reporter, &after.reporter);
    let fields = ReporterField::ALL
        .into_iter()
        .zip([
            was.name != now.name,
            was.email != now.email,
            was.phone != now.phone,
            was.organisation != now.organisation,
        ])
        .filter_map(|(field, changed)| changed.then_some(field))
        .collect();
    let free_text = [
        FreeText::Title,
        FreeText::Description,
        FreeText::Chronology,
        FreeText::Impact,
    ]
    .into_iter()
    .zip([
        before.title != after.title,
        before.description != after.description,
        before.chronology != after.chronology,
        before.impact != after.impact,
    ])
    .filter_map(|(text, changed)| changed.then_some(text))
    .collect();
    let messages = case
        .messages
        .iter()
        .zip(&redaction.case.messages)
        .filter(|(was, now)| was.from == Party::Reporter && was.text != now.text)
        .count();
    Ok(RedactionPreview {
        code: case.code.clone(),
        fields,
        free_text,
        alias: before.hall_of_fame != after.hall_of_fame,
        messages,
        events: redaction.events.len(),
        files: redaction.files.iter().map(exported).collect(),
        keep_files,
        republish: case.hall_of_fame_alias().is_some(),
        redacted_before: case.redacted_at,
    })
}

/// What erasing case `code` would take away ([`super::erase_case`]): all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasurePreview {
    /// The case.
    pub code: TrackingCode,
    /// Its state.
    pub state: CaseState,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
    /// Its events (the whole history).
    pub events: usize,
    /// The messages on its thread, either way.
    pub messages: usize,
    /// The files stored with it (evidence, files sent on the thread, documents kept for the reporter), each
    /// counted once.
    pub files: usize,
    /// The documents issued on it.
    pub documents: usize,
    /// Whether it counts in the publication export (republish after).
    pub republish: bool,
}

/// The files stored with `case`, each once by its hash.
fn stored_files(case: &Case) -> usize {
    let mut hashes: Vec<&str> = case
        .evidence
        .iter()
        .chain(case.messages.iter().flat_map(|m| &m.files))
        .chain(case.reporter_documents().map(|(_, file)| file))
        .map(|file| file.sha256.as_str())
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.len()
}

/// What erasing case `code` now would take away, as `staffer` (who must hold a role the SOP gives `erase_case`).
/// Nothing is written.
pub async fn preview_erasure(
    desk: &Desk,
    staffer: &Staffer,
    code: &TrackingCode,
) -> Result<ErasurePreview, StaffError> {
    authorize(desk, staffer, PrivacyAction::EraseCase.key())?;
    let (case, events) = desk.case_with_events(code).await?;
    Ok(ErasurePreview {
        code: case.code.clone(),
        state: case.state,
        received_at: case.received_at,
        events: events.len(),
        messages: case.messages.len(),
        files: stored_files(&case),
        documents: case.documents.len(),
        republish: case.closed_at.is_some() && case.is_valid(),
    })
}
