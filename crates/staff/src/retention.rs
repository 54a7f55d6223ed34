//! Applying the team file's retention schedule (`[retention]`, [`RetentionSchedule`]): `csirt purge` finds the
//! closed cases whose periods have ended and does what the schedule says on each — redacts the reporter's data
//! (on the grounds of retention, with the retention tombstone), deletes the reporter's files, or erases the case
//! — with the privacy operations the reporter's own requests use.
//!
//! It is an action of the SOP's `[permissions]` (`purge`, given to the team's head or coordinator roles), refused
//! with nothing done to any other account, a dry run included. A purge that changes something is recorded in the
//! account audit log before anything changes, by the action and the tracking codes only; a dry run lists what
//! would be done and writes nothing. Each step deletes files before it writes the case, so a purge cut short is
//! finished by purging again.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, PrivacyAction, RedactionGrounds};
use csirt_domain::team::{RetentionSchedule, RetentionStep};
use csirt_domain::tracking::TrackingCode;
use serde::Serialize;

use crate::accounts::{Staffer, authorize};
use crate::audit::record_privacy_action;
use crate::cases::every_case;
use crate::desk::Desk;
use crate::error::StaffError;
use crate::privacy::erase_stored;

/// A case the schedule reaches, and what it calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueCase {
    /// Its tracking code.
    pub code: TrackingCode,
    /// When it was closed.
    pub closed_at: DateTime<Utc>,
    /// Whether it was found valid.
    pub valid: bool,
    /// What the schedule calls for.
    #[serde(flatten)]
    pub step: RetentionStep,
}

/// What a purge did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    /// When it ran: the instant the periods were measured to.
    pub at: DateTime<Utc>,
    /// Whether it only listed what is due.
    pub dry_run: bool,
    /// The cases the schedule reached, oldest closing first.
    pub cases: Vec<DueCase>,
    /// Files deleted from the evidence store (none in a dry run).
    pub files_deleted: u64,
    /// Whether a redacted case's alias was in the Hall of Fame: export and republish the site to take it out
    /// (`csirt publish`).
    pub republish: bool,
}

/// The closed cases whose retention periods have ended at `at` under the team file's schedule, with what each
/// calls for, oldest closing first. Reads only.
pub async fn due_cases(desk: &Desk, at: DateTime<Utc>) -> Result<Vec<DueCase>, StaffError> {
    let config = &desk.team.config;
    let schedule: &RetentionSchedule = &config.retention;
    let grace = config.messages.reply_window().grace;
    let mut due: Vec<DueCase> = every_case(desk)
        .await?
        .into_iter()
        .filter_map(|case| {
            let step = schedule.due(&case, grace, at)?;
            Some(DueCase {
                closed_at: case.closed_at?,
                valid: case.is_valid(),
                code: case.code,
                step,
            })
        })
        .collect();
    due.sort_by(|a, b| {
        a.closed_at
            .cmp(&b.closed_at)
            .then_with(|| a.code.key().cmp(b.code.key()))
    });
    Ok(due)
}

/// Applies the team file's retention schedule as `staffer` (who must hold a role the SOP gives `purge`) at `at`;
/// with `dry_run`, lists what is due and changes nothing.
pub async fn purge(
    desk: &Desk,
    staffer: &Staffer,
    dry_run: bool,
    at: DateTime<Utc>,
) -> Result<PurgeReport, StaffError> {
    authorize(desk, staffer, PrivacyAction::Purge.key())?;
    let cases = due_cases(desk, at).await?;
    let mut report = PurgeReport {
        at,
        dry_run,
        cases,
        files_deleted: 0,
        republish: false,
    };
    if dry_run || report.cases.is_empty() {
        return Ok(report);
    }
    let codes: Vec<&TrackingCode> = report.cases.iter().map(|due| &due.code).collect();
    record_privacy_action(desk, staffer, PrivacyAction::Purge, &codes, at).await?;
    for (done, due) in report.cases.iter().enumerate() {
        let outcome = purge_case(desk, staffer, &due.code, due.step, at)
            .await
            .map_err(|cause| StaffError::PurgeCutShort {
                code: due.code.to_string(),
                done,
                cause: Box::new(cause),
            })?;
        report.files_deleted += outcome.files_deleted;
        report.republish |= outcome.republish;
    }
    Ok(report)
}

/// What one case's purge did.
struct CaseOutcome {
    files_deleted: u64,
    republish: bool,
}

/// Does `step` on case `code`.
async fn purge_case(
    desk: &Desk,
    staffer: &Staffer,
    code: &TrackingCode,
    step: RetentionStep,
    at: DateTime<Utc>,
) -> Result<CaseOutcome, StaffError> {
    if step == RetentionStep::Erase {
        let (files_deleted, _) = erase_stored(desk, code).await?;
        return Ok(CaseOutcome {
            files_deleted,
            republish: false,
        });
    }
    let (case, events) = desk.case_with_events(code).await?;
    let (change, redacted) = match step {
        RetentionStep::Redact { keep_files } => (
            case.redact_reporter_on(
                RedactionGrounds::Retention,
                &events,
                keep_files,
                staffer.actor(),
                at,
            )?,
            true,
        ),
        _ => (case.expire_evidence(&events, staffer.actor(), at)?, false),
    };
    for file in &change.files {
        desk.evidence.delete(code.key(), &file.sha256).await?;
    }
    if redacted {
        desk.cases
            .redact(&change.case, &change.event, &change.events)
            .await?;
    } else {
        desk.cases.commit(&change.case, &change.event).await?;
    }
    Ok(CaseOutcome {
        files_deleted: change.files.len() as u64,
        republish: redacted && in_hall_of_fame(&case),
    })
}

/// Whether the case's reporter's alias is published in the Hall of Fame.
fn in_hall_of_fame(case: &Case) -> bool {
    case.hall_of_fame_alias().is_some()
}
