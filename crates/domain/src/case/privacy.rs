//! The reporter's rights over their personal data (UU 27/2022 on personal-data protection, Pasal 5–9 and 44):
//! correcting what the team holds about them, and redacting it while the case itself stays for the statistics.
//! Both are changes like any other — a new version of the case with its event, by an authenticated member of
//! staff — so the chain of events and the seal of the record stay valid:
//!
//! - a correction ([`Case::correct_reporter`]) records which fields changed, never a value: the case record holds
//!   the new values, and nothing holds the old ones;
//! - a redaction ([`Case::redact_reporter`]) replaces the reporter's fields, their free text, their messages on the
//!   thread and their files' names by [`TOMBSTONE`], keeps the skeleton (classification, timeline, states, dates),
//!   and names the earlier events whose stored text must be redacted too ([`Event::redacted`]): the store replaces
//!   those with a seal of their own, under the audit key, tied to the redaction event, so that checking the chain
//!   tells a redaction from tampering (`csirt_store::chain`).
//!
//! Erasing a case altogether is the store's (it leaves no case to change).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::parts::EvidenceRef;
use super::thread::Party;
use super::{Actor, Case, Change, Event, NoticeOutcome, WorkflowError};
use crate::report::HallOfFame;
use crate::text::{Chronology, Description, Impact, MessageText, Title};

/// What replaces personal data and free text redacted at the reporter's request, in both languages.
pub const TOMBSTONE: &str =
    "[dihapus atas permintaan pelapor / redacted at the reporter's request]";

/// What replaces personal data and free text redacted because the team file's retention schedule says the team
/// keeps it no longer (`csirt purge`), in both languages.
pub const RETENTION_TOMBSTONE: &str =
    "[dihapus, masa simpan berakhir / removed, retention period ended]";

/// Why a reporter's data is redacted: it decides the tombstone's words and is recorded on the redaction's event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedactionGrounds {
    /// The reporter asked for it (UU 27/2022 Pasal 8).
    #[default]
    ReporterRequest,
    /// The retention period of the team file's schedule ended (UU 27/2022 Pasal 43–44).
    Retention,
}

impl RedactionGrounds {
    /// The text that replaces what is redacted on these grounds.
    pub fn tombstone(self) -> &'static str {
        match self {
            RedactionGrounds::ReporterRequest => TOMBSTONE,
            RedactionGrounds::Retention => RETENTION_TOMBSTONE,
        }
    }

    /// Whether the reporter asked for it (the grounds an event leaves unwritten, so older events read the same).
    pub fn is_reporter_request(&self) -> bool {
        *self == RedactionGrounds::ReporterRequest
    }
}

/// What staff do with a reporter's personal data at the reporter's request, under the retention schedule, or to
/// tell them of a breach: each is a `[permissions]` action of the SOP profiles, and each is recorded in the account
/// audit log by this key and the case codes only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyAction {
    /// Found a reporter's cases by their e-mail address or telephone number.
    FindReporter,
    /// Exported everything held about the reporter of a case (a data-subject access request).
    AccessExport,
    /// Corrected the reporter's own data.
    CorrectReporter,
    /// Redacted the reporter's personal data and free text.
    RedactReporter,
    /// Erased a case and everything stored with it.
    EraseCase,
    /// Applied the team file's retention schedule (`csirt purge`): redacted, deleted the files of, or erased the
    /// cases whose retention periods ended.
    Purge,
    /// Listed which reporters' data was held where during a time window, to notify them of a breach (UU
    /// 27/2022 Pasal 46).
    BreachScope,
}

impl PrivacyAction {
    /// Every action.
    pub const ALL: [PrivacyAction; 7] = [
        PrivacyAction::FindReporter,
        PrivacyAction::AccessExport,
        PrivacyAction::CorrectReporter,
        PrivacyAction::RedactReporter,
        PrivacyAction::EraseCase,
        PrivacyAction::Purge,
        PrivacyAction::BreachScope,
    ];

    /// The action's `[permissions]` key, which the audit log names it by too.
    pub fn key(self) -> &'static str {
        match self {
            PrivacyAction::FindReporter => "find_reporter",
            PrivacyAction::AccessExport => "access_export",
            PrivacyAction::CorrectReporter => "correct_reporter",
            PrivacyAction::RedactReporter => "redact_reporter",
            PrivacyAction::EraseCase => "erase_case",
            PrivacyAction::Purge => "purge",
            PrivacyAction::BreachScope => "breach_scope",
        }
    }
}

/// A redaction as computed from a case and its events: the case as it will stand, the event that records the
/// redaction, the earlier events whose stored text is replaced by their redacted form, and the files to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    /// The case with the reporter's data and free text replaced by [`TOMBSTONE`].
    pub case: Case,
    /// Its event ([`Change::RedactReporter`]).
    pub event: Event,
    /// The earlier events that held the reporter's data, redacted ([`Event::redacted`]).
    pub events: Vec<Event>,
    /// The reporter's files to delete from the evidence store (none when staff keep them).
    pub files: Vec<EvidenceRef>,
}

/// The files (SHA-256 each) that redactions and expired retention periods recorded in `events` deleted from the
/// evidence store: the case still lists them, by their redacted names, but their content is gone.
pub fn deleted_files(events: &[Event]) -> impl Iterator<Item = &str> {
    events
        .iter()
        .filter_map(|event| match &event.change {
            Change::RedactReporter { deleted_files, .. }
            | Change::ExpireEvidence { deleted_files } => Some(deleted_files),
            _ => None,
        })
        .flatten()
        .map(String::as_str)
}

/// `text` replaced by `tombstone` (kept when the tombstone does not fit its type, which never happens for the
/// types used here: each takes a line of 70 characters).
fn replaced<T: TryFrom<String> + Clone>(tombstone: &str, text: &T) -> T {
    T::try_from(tombstone.to_owned())
        .ok()
        .unwrap_or_else(|| text.clone())
}

fn redact_file(tombstone: &str, file: &mut EvidenceRef) {
    if file.name.is_some() {
        file.name = Some(tombstone.to_owned());
    }
}

impl Event {
    /// The event with the reporter's personal data in it replaced by [`TOMBSTONE`] — the text and file names of
    /// a reply of theirs, the reason a message to them failed (it may name their address) — or `None` when it
    /// holds none (or holds it redacted already).
    pub fn redacted(&self) -> Option<Event> {
        self.redacted_on(RedactionGrounds::ReporterRequest)
    }

    /// [`Event::redacted`], with the tombstone of `grounds`.
    pub fn redacted_on(&self, grounds: RedactionGrounds) -> Option<Event> {
        let tombstone = grounds.tombstone();
        let mut event = self.clone();
        match &mut event.change {
            Change::ReporterReply { text, files, .. } => {
                *text = replaced(tombstone, text);
                files
                    .iter_mut()
                    .for_each(|file| redact_file(tombstone, file));
            }
            Change::Notified {
                outcome: NoticeOutcome::Failed { reason },
                ..
            } => tombstone.clone_into(reason),
            _ => return None,
        }
        (event != *self).then_some(event)
    }
}

impl Case {
    /// Redacts the reporter's personal data at their request (UU 27/2022 Pasal 8) as `actor` at `at`, given the
    /// case's `events` as stored: their name, e-mail address, telephone number and organisation, the report's
    /// free text (title, description, chronology, impact, and the copies sent with escalations), the Hall of
    /// Fame alias (consent is withdrawn with it), their messages on the thread and the names of their files, and
    /// the reasons messages to them failed, are replaced by [`TOMBSTONE`] (e-mail address and telephone number
    /// are removed: neither can be a tombstone). The skeleton stays: states, dates, classification, the team's
    /// work. The reporter's files (their evidence, and the certificate kept for them, which names them) are
    /// listed for deletion unless `keep_files` (or an earlier redaction deleted them). A case may be redacted again:
    /// a later reply is redacted then, and files kept before may be deleted.
    pub fn redact_reporter(
        &self,
        events: &[Event],
        keep_files: bool,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<Redaction, WorkflowError> {
        self.redact_reporter_on(
            RedactionGrounds::ReporterRequest,
            events,
            keep_files,
            actor,
            at,
        )
    }

    /// [`Case::redact_reporter`] on `grounds`: the tombstone is that of the grounds, and the event records them.
    pub fn redact_reporter_on(
        &self,
        grounds: RedactionGrounds,
        events: &[Event],
        keep_files: bool,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<Redaction, WorkflowError> {
        let tombstone = grounds.tombstone();
        let held = self.report.reporter.held_fields();
        let mut next = self.clone();
        let report = &mut next.report;
        let reporter = &mut report.reporter;
        reporter.name = reporter.name.as_ref().map(|t| replaced(tombstone, t));
        reporter.email = None;
        reporter.phone = None;
        reporter.organisation = reporter
            .organisation
            .as_ref()
            .map(|t| replaced(tombstone, t));
        let original = (report.chronology.clone(), report.impact.clone());
        report.title = report
            .title
            .as_ref()
            .map(|t| replaced::<Title>(tombstone, t));
        report.description = replaced::<Description>(tombstone, &report.description);
        report.chronology = report
            .chronology
            .as_ref()
            .map(|t| replaced::<Chronology>(tombstone, t));
        report.impact = report
            .impact
            .as_ref()
            .map(|t| replaced::<Impact>(tombstone, t));
        report.hall_of_fame = HallOfFame::Declined;
        for escalation in &mut next.escalations {
            escalation.description = replaced(tombstone, &escalation.description);
            if original.0.is_some() && original.0 == escalation.chronology {
                escalation.chronology = escalation
                    .chronology
                    .as_ref()
                    .map(|t| replaced::<Chronology>(tombstone, t));
            }
            if original.1.is_some() && original.1 == escalation.impact {
                escalation.impact = escalation
                    .impact
                    .as_ref()
                    .map(|t| replaced::<Impact>(tombstone, t));
            }
        }
        next.evidence
            .iter_mut()
            .for_each(|file| redact_file(tombstone, file));
        for message in next
            .messages
            .iter_mut()
            .filter(|m| m.from == Party::Reporter)
        {
            message.text = replaced::<MessageText>(tombstone, &message.text);
            message
                .files
                .iter_mut()
                .for_each(|file| redact_file(tombstone, file));
        }
        for notice in &mut next.notices {
            if notice.last_error.is_some() {
                notice.last_error = Some(tombstone.to_owned());
            }
        }
        let unchanged = next == *self;
        next.redacted_at = Some(at);
        let redacted: Vec<Event> = events
            .iter()
            .filter_map(|event| event.redacted_on(grounds))
            .collect();
        let files = if keep_files {
            Vec::new()
        } else {
            next.files_deleted_at = Some(at);
            self.reporter_files_left(events)
        };
        let change = Change::RedactReporter {
            events: redacted.iter().map(|e| e.seq).collect(),
            deleted_files: files.iter().map(|f| f.sha256.clone()).collect(),
            grounds,
            fields: held,
        };
        if unchanged && redacted.is_empty() && files.is_empty() {
            return Err(self.refuse(
                &change,
                "the reporter's data is redacted already and no file of theirs is left to delete",
            ));
        }
        let (case, event) = self.record_privacy_change(next, change, actor, at);
        Ok(Redaction {
            case,
            event,
            events: redacted,
            files,
        })
    }

    /// Deletes the reporter's files — their evidence, the files of their replies, and the certificate kept for
    /// them — because the retention schedule's period for evidence ended, as `actor` at `at`, given the case's
    /// `events` as stored: the case (with [`Case::files_deleted_at`] set) and its event
    /// ([`Change::ExpireEvidence`]), and the files to delete from the evidence store. Everything else stays,
    /// the reporter's contact data too (its own period may be longer). Refused when the files were deleted
    /// already.
    pub fn expire_evidence(
        &self,
        events: &[Event],
        actor: Actor,
        at: DateTime<Utc>,
    ) -> Result<Redaction, WorkflowError> {
        let files = self.reporter_files_left(events);
        let change = Change::ExpireEvidence {
            deleted_files: files.iter().map(|f| f.sha256.clone()).collect(),
        };
        if let Some(when) = self.files_deleted_at {
            return Err(self.refuse(
                &change,
                format!(
                    "the reporter's files were deleted on {}",
                    when.format("%Y-%m-%d")
                ),
            ));
        }
        let mut next = self.clone();
        next.files_deleted_at = Some(at);
        let (case, event) = self.record_privacy_change(next, change, actor, at);
        Ok(Redaction {
            case,
            event,
            events: Vec::new(),
            files,
        })
    }

    /// The reporter's files (their evidence and replies' files, and the documents kept for them) that no earlier
    /// redaction or expiry in `events` deleted, each once.
    fn reporter_files_left(&self, events: &[Event]) -> Vec<EvidenceRef> {
        let deleted_before: Vec<&str> = deleted_files(events).collect();
        let mut files: Vec<EvidenceRef> = Vec::new();
        let reporters = self
            .evidence
            .iter()
            .chain(self.reporter_documents().map(|(_, file)| file));
        for file in reporters {
            if !files.iter().any(|f| f.sha256 == file.sha256)
                && !deleted_before.contains(&file.sha256.as_str())
            {
                files.push(file.clone());
            }
        }
        files
    }

    /// `next` (this case changed) at the next version, with the event recording `change`.
    fn record_privacy_change(
        &self,
        mut next: Case,
        change: Change,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> (Case, Event) {
        next.version = self.version + 1;
        let event = Event {
            seq: next.version,
            at,
            actor,
            from: self.state,
            to: self.state,
            change,
        };
        (next, event)
    }
}

mod correction;

pub use correction::{CorrectionError, ReporterCorrections, ReporterField};

#[cfg(test)]
mod tests;
