//! The reporter's rights under UU 27/2022 on personal-data protection (Pasal 5–9, 44), as the team meets them:
//! finding a reporter's cases, exporting everything held about them (an access request), correcting their data,
//! redacting it (the case stays for the statistics), and erasing a case altogether.
//!
//! Each operation is an action of the SOP's `[permissions]` ([`PrivacyAction::key`]), refused with nothing done
//! unless the acting account holds a role the profile gives it, and each is recorded in the account audit log by
//! the action and the tracking codes only ([`record_privacy_action`]): never the reporter's data, never what a
//! search looked for. A correction and a redaction are events of the case too, by the same account. The entry
//! for an erasure is written before anything is erased, so that no erasure goes unrecorded; the others once the
//! action is done (for an export or a search: before its result is handed over). What a redaction or an erasure
//! would take away is worked out first, writing nothing, for the confirmation staff give before either
//! ([`preview_redaction`], [`preview_erasure`]).

mod preview;

pub use preview::{
    ErasurePreview, FreeText, RedactionPreview, permitted_actions, preview_erasure,
    preview_redaction,
};

use chrono::{DateTime, Utc};
use csirt_domain::case::{
    Case, Change, CorrectionError, Event, Notice, Party, PrivacyAction, ReporterCorrections,
    ReporterField, TimelineEntry, public_timeline,
};
use csirt_domain::channel::Channel;
use csirt_domain::contact::{Email, Phone};
use csirt_domain::field_error::{FieldError, FieldErrors};
use csirt_domain::report::Report;
use csirt_domain::state::CaseState;
use csirt_domain::tracking::TrackingCode;
use csirt_store::Erased;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::audit::record_privacy_action;
use crate::cases::every_case;
use crate::desk::Desk;
use crate::error::StaffError;

/// How staff look a reporter up: by what the reporter tells them, as typed.
#[derive(Clone, PartialEq, Eq)]
pub enum ReporterQuery {
    /// Their e-mail address (compared without regard to case).
    Email(String),
    /// Their telephone number (compared in E.164 form, as the intake stores it: `0812…` finds `+62812…`).
    Phone(String),
}

impl std::fmt::Debug for ReporterQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReporterQuery::Email(_) => "ReporterQuery::Email(<redacted>)",
            ReporterQuery::Phone(_) => "ReporterQuery::Phone(<redacted>)",
        })
    }
}

/// What the query matches, parsed.
enum Wanted {
    Email(String),
    Phone(Phone),
}

impl ReporterQuery {
    /// The query parsed as the intake parses the field: refused ([`StaffError::Fields`], by the intake's name
    /// for the field, in both languages) when the intake would refuse it (the message never repeats the value).
    fn parse(&self) -> Result<Wanted, StaffError> {
        let refused = |error: FieldError| {
            let mut errors = FieldErrors::new();
            errors.push(error);
            StaffError::Fields {
                what: "the reporter's cases were not looked up".into(),
                errors,
            }
        };
        match self {
            ReporterQuery::Email(raw) => match Email::parse_optional(raw) {
                Ok(Some(email)) => Ok(Wanted::Email(email.as_str().to_lowercase())),
                Ok(None) => Err(refused(FieldError::new(
                    ReporterField::Email.intake_field(),
                    "Isi alamat e-mail yang dicari.",
                    "Give the e-mail address to find.",
                ))),
                Err(e) => Err(refused(e)),
            },
            ReporterQuery::Phone(raw) => match Phone::parse_optional(raw) {
                Ok(Some(phone)) => Ok(Wanted::Phone(phone)),
                Ok(None) => Err(refused(FieldError::new(
                    ReporterField::Phone.intake_field(),
                    "Isi nomor telepon yang dicari.",
                    "Give the telephone number to find.",
                ))),
                Err(e) => Err(refused(e)),
            },
        }
    }
}

impl Wanted {
    fn matches(&self, case: &Case) -> bool {
        let reporter = &case.report.reporter;
        match self {
            Wanted::Email(wanted) => reporter
                .email
                .as_ref()
                .is_some_and(|email| email.as_str().to_lowercase() == *wanted),
            Wanted::Phone(wanted) => reporter.phone.as_ref() == Some(wanted),
        }
    }
}

/// A case found for a reporter: nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundCase {
    /// Its tracking code.
    pub code: TrackingCode,
    /// Its state.
    pub state: CaseState,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
}

/// The cases, open and closed, whose reporter gave the e-mail address or telephone number `query`, oldest
/// first, as `staffer` (who must hold a role the SOP gives `find_reporter`) at `at`.
pub async fn find_reporter_cases(
    desk: &Desk,
    staffer: &Staffer,
    query: &ReporterQuery,
    at: DateTime<Utc>,
) -> Result<Vec<FoundCase>, StaffError> {
    authorize(desk, staffer, PrivacyAction::FindReporter.key())?;
    let wanted = query.parse()?;
    let mut found: Vec<FoundCase> = every_case(desk)
        .await?
        .into_iter()
        .filter(|case| wanted.matches(case))
        .map(|case| FoundCase {
            code: case.code,
            state: case.state,
            received_at: case.received_at,
        })
        .collect();
    found.sort_by(|a, b| {
        a.received_at
            .cmp(&b.received_at)
            .then_with(|| a.code.key().cmp(b.code.key()))
    });
    let codes: Vec<&TrackingCode> = found.iter().map(|f| &f.code).collect();
    record_privacy_action(desk, staffer, PrivacyAction::FindReporter, &codes, at).await?;
    Ok(found)
}

/// A file the reporter sent, as an access export lists it: never its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedFile {
    /// Its name as sent (cleaned), when known.
    pub name: Option<String>,
    /// Its type, decided from its content.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// SHA-256 (hex) of its content.
    pub sha256: String,
}

/// A message the reporter wrote on the thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedMessage {
    /// Its number on the case.
    pub id: u32,
    /// When it was stored.
    pub at: DateTime<Utc>,
    /// What they wrote.
    pub text: String,
    /// The files they sent with it.
    pub files: Vec<ExportedFile>,
}

/// A message the team sent the reporter about the case (the acknowledgement, a notice of a message, the
/// closing message), and whether it was delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedNotice {
    /// Which: `reporter_acknowledged`, `reporter_message`, `reporter_closed`.
    pub notice: &'static str,
    /// Attempts to deliver it.
    pub attempts: u32,
    /// When it was delivered, if it was.
    pub delivered_at: Option<DateTime<Utc>>,
}

/// A correction of the reporter's data: when, and which fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedCorrection {
    /// When.
    pub at: DateTime<Utc>,
    /// The fields corrected.
    pub fields: Vec<ReporterField>,
}

/// Everything the team holds about the reporter of one case, to answer a data-subject access request (UU
/// 27/2022 Pasal 7): their report as they sent it (with their name, e-mail address, telephone number and
/// organisation), their messages and files, what the team sent them, the case's state and dates. The team's
/// internal work (notes, analysis, escalations) is not about the reporter and is not included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReporterDataExport {
    /// The case's tracking code.
    pub code: TrackingCode,
    /// When this export was made.
    pub exported_at: DateTime<Utc>,
    /// The case's state now.
    pub state: CaseState,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
    /// When the case entered its current state.
    pub state_since: DateTime<Utc>,
    /// When the case was closed, if it was.
    pub closed_at: Option<DateTime<Utc>>,
    /// How the report came in.
    pub channel: Channel,
    /// When the reporter's data was redacted at their request, if it was.
    pub redacted_at: Option<DateTime<Utc>>,
    /// The report: the reporter's fields and their free text, as the case holds them now.
    pub report: Report,
    /// The files the reporter sent (with the report and on the thread).
    pub evidence: Vec<ExportedFile>,
    /// The reporter's messages on the thread, oldest first.
    pub messages: Vec<ExportedMessage>,
    /// The messages the team sent them about the case.
    pub notices: Vec<ExportedNotice>,
    /// Corrections of their data made at their request.
    pub corrections: Vec<ExportedCorrection>,
    /// The case's states and when it entered each, as the status page shows them.
    pub timeline: Vec<TimelineEntry>,
}

fn exported(file: &csirt_domain::case::EvidenceRef) -> ExportedFile {
    ExportedFile {
        name: file.name.clone(),
        media_type: file.media_type.clone(),
        size: file.size,
        sha256: file.sha256.clone(),
    }
}

impl ReporterDataExport {
    /// The export of `case` with its `events`, made at `at`.
    pub fn of(case: &Case, events: &[Event], at: DateTime<Utc>) -> ReporterDataExport {
        let messages = case
            .messages
            .iter()
            .filter(|m| m.from == Party::Reporter)
            .map(|m| ExportedMessage {
                id: m.id,
                at: m.at,
                text: m.text.as_str().to_owned(),
                files: m.files.iter().map(exported).collect(),
            })
            .collect();
        let notices = case
            .notices
            .iter()
            .filter_map(|record| {
                let notice = match record.notice {
                    Notice::ReporterAcknowledged => "reporter_acknowledged",
                    Notice::ReporterClosed => "reporter_closed",
                    Notice::ReporterMessage { .. } => "reporter_message",
                    _ => return None,
                };
                Some(ExportedNotice {
                    notice,
                    attempts: record.attempts,
                    delivered_at: record.delivered_at,
                })
            })
            .collect();
        let corrections = events
            .iter()
            .filter_map(|event| match &event.change {
                Change::CorrectReporter { fields } => Some(ExportedCorrection {
                    at: event.at,
                    fields: fields.clone(),
                }),
                _ => None,
            })
            .collect();
        ReporterDataExport {
            code: case.code.clone(),
            exported_at: at,
            state: case.state,
            received_at: case.received_at,
            state_since: case.state_since,
            closed_at: case.closed_at,
            channel: case.channel,
            redacted_at: case.redacted_at,
            report: case.report.clone(),
            evidence: case.evidence.iter().map(exported).collect(),
            messages,
            notices,
            corrections,
            timeline: public_timeline(events),
        }
    }
}

/// Everything held about the reporter of case `code` ([`ReporterDataExport`]), as `staffer` (who must hold a
/// role the SOP gives `access_export`) at `at`.
pub async fn access_export(
    desk: &Desk,
    staffer: &Staffer,
    code: &TrackingCode,
    at: DateTime<Utc>,
) -> Result<ReporterDataExport, StaffError> {
    authorize(desk, staffer, PrivacyAction::AccessExport.key())?;
    let (case, events) = desk.case_with_events(code).await?;
    let export = ReporterDataExport::of(&case, &events, at);
    record_privacy_action(desk, staffer, PrivacyAction::AccessExport, &[code], at).await?;
    Ok(export)
}

/// Every problem of a correction, one per field, in English: `reporter_email: Not a valid …`.
pub fn correction_problems(errors: &FieldErrors) -> String {
    crate::error::field_problems(errors)
}

/// Corrects the reporter's own data on case `code` at their request, as `staffer` (who must hold a role the SOP
/// gives `correct_reporter`) at `at`: the case holds the new values, its event names the fields that changed.
/// Nothing is changed when a value does not parse as the intake parses it (the error names each field), when the
/// reporter would be left unreachable, or when the case's reporter data was redacted.
pub async fn correct_reporter(
    desk: &Desk,
    staffer: &Staffer,
    code: &TrackingCode,
    corrections: &ReporterCorrections,
    at: DateTime<Utc>,
) -> Result<(Case, Event), StaffError> {
    authorize(desk, staffer, PrivacyAction::CorrectReporter.key())?;
    if corrections.is_empty() {
        return Err(StaffError::Invalid(
            "no field to correct: name one or more of name, email, phone, organisation".into(),
        ));
    }
    let case = desk
        .cases
        .get(code)
        .await?
        .ok_or_else(|| StaffError::NoSuchCase(code.to_string()))?;
    let (next, event) = case
        .correct_reporter(corrections, staffer.actor(), at)
        .map_err(|error| match error {
            CorrectionError::Fields(errors) => StaffError::Fields {
                what: format!("the correction of case {code} was not made"),
                errors,
            },
            CorrectionError::Workflow(refused) => StaffError::Refused(refused),
        })?;
    desk.cases.commit(&next, &event).await?;
    record_privacy_action(desk, staffer, PrivacyAction::CorrectReporter, &[code], at).await?;
    Ok((next, event))
}

/// What a redaction did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redacted {
    /// The case as it stands now.
    pub case: Case,
    /// The event that records the redaction.
    pub event: Event,
    /// The earlier events whose stored text was redacted with it.
    pub events: Vec<u32>,
    /// The reporter's files deleted from the evidence store (SHA-256 each).
    pub deleted_files: Vec<String>,
    /// Whether the reporter's alias was in the Hall of Fame of the publication export: export and republish the
    /// site to take it out (`csirt publish`).
    pub republish: bool,
}

/// Redacts the reporter's personal data and free text on case `code` at their request, as `staffer` (who must
/// hold a role the SOP gives `redact_reporter`) at `at` ([`Case::redact_reporter`]): the case, the events that
/// held the reporter's data (redacted in place, under a seal the chain check verifies) and the redaction's own
/// event are written together; then the reporter's files are deleted from the evidence store (every stored
/// version), unless `keep_files`. A deletion that fails is reported; redacting again deletes what is left.
pub async fn redact_reporter(
    desk: &Desk,
    staffer: &Staffer,
    code: &TrackingCode,
    keep_files: bool,
    at: DateTime<Utc>,
) -> Result<Redacted, StaffError> {
    authorize(desk, staffer, PrivacyAction::RedactReporter.key())?;
    let (case, events) = desk.case_with_events(code).await?;
    let redaction = case.redact_reporter(&events, keep_files, staffer.actor(), at)?;
    desk.cases
        .redact(&redaction.case, &redaction.event, &redaction.events)
        .await?;
    record_privacy_action(desk, staffer, PrivacyAction::RedactReporter, &[code], at).await?;
    for file in &redaction.files {
        desk.evidence
            .delete(code.key(), &file.sha256)
            .await
            .map_err(|error| {
                StaffError::Unavailable(format!(
                    "case {code} is redacted, but its files could not all be deleted ({error}): run the \
                     redaction again to delete what is left"
                ))
            })?;
    }
    Ok(Redacted {
        republish: case.hall_of_fame_alias().is_some(),
        events: redaction.events.iter().map(|e| e.seq).collect(),
        deleted_files: redaction.files.into_iter().map(|f| f.sha256).collect(),
        case: redaction.case,
        event: redaction.event,
    })
}

/// What an erasure removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Erasure {
    /// The case erased.
    pub code: TrackingCode,
    /// What the case store removed.
    pub store: Erased,
    /// Files removed from the evidence store (every stored version of each).
    pub evidence_files: u64,
    /// Whether the case was closed as valid, so that it counts in the publication export (and the reporter's
    /// alias may be in its Hall of Fame): export and republish the site to take it out (`csirt publish`).
    pub republish: bool,
}

/// Erases case `code` and everything stored with it — its files (every version), its record and events, its
/// thread, the idempotency records of its submission — as `staffer` (who must hold a role the SOP gives
/// `erase_case`) at `at`. The audit log records the erasure (the code and the action) before anything is
/// erased. The files go first and the record last, so an erasure cut short is finished by erasing again.
pub async fn erase_case(
    desk: &Desk,
    staffer: &Staffer,
    code: &TrackingCode,
    at: DateTime<Utc>,
) -> Result<Erasure, StaffError> {
    authorize(desk, staffer, PrivacyAction::EraseCase.key())?;
    let case = desk
        .cases
        .get(code)
        .await?
        .ok_or_else(|| StaffError::NoSuchCase(code.to_string()))?;
    record_privacy_action(desk, staffer, PrivacyAction::EraseCase, &[code], at).await?;
    let (evidence_files, store) = erase_stored(desk, code).await?;
    Ok(Erasure {
        code: code.clone(),
        store,
        evidence_files,
        republish: case.closed_at.is_some() && case.is_valid(),
    })
}

/// Removes case `code` from the stores: its files first (every stored version), then its record, events and
/// every row that refers to it, so that an erasure cut short is finished by erasing again. The caller checks the
/// permission and records the erasure. The files removed, and what the case store removed.
pub(crate) async fn erase_stored(
    desk: &Desk,
    code: &TrackingCode,
) -> Result<(u64, Erased), StaffError> {
    let evidence_files = desk.evidence.delete_case(code.key()).await?;
    let store = desk.cases.erase(code).await?;
    Ok((evidence_files, store))
}
