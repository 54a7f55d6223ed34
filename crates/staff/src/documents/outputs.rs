//! What the outputs the seeds name beyond the original five documents print besides the case: the verification
//! report's record of the check (Batam step 3), and the reply letter's and the head-of-agency report's lists of
//! what the team did (Maluku Utara steps 1, 8 and 10). Staff names come from the events; nothing here reads the
//! reporter's contact details.

use csirt_domain::case::{Case, Change, Event, Verdict};
use csirt_domain::local_time::LocalTime;
use serde::Serialize;

use super::timeline::{TimelineLine, actor_name};

/// The case's staff-facing reference: its register number (`2026/0042`), else (for a case received before
/// register numbers) its tracking code, as the other documents print it.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    /// `Nomor register` or `Kode tiket`.
    pub label: &'static str,
    /// The number or code.
    pub value: String,
}

impl ReferenceView {
    /// The reference of `case`.
    pub fn of(case: &Case) -> Self {
        match case.register {
            Some(register) => ReferenceView {
                label: "Nomor register",
                value: register.to_string(),
            },
            None => ReferenceView {
                label: "Kode tiket",
                value: case.code.to_string(),
            },
        }
    }
}

/// The verification as the *laporan verifikasi* records it: who checked, from when to when, and what.
#[derive(Debug, Clone, Serialize)]
pub struct VerificationCheckView {
    /// The account that recorded the verdict.
    pub verified_by: String,
    /// When verification started, if the case went through `verifying`.
    pub started: Option<String>,
    /// When the verdict was recorded.
    pub decided: String,
    /// Whether the verdict is *valid*.
    pub valid: bool,
    /// Whether the reporter left a way to be reached (checked, never printed).
    pub reporter_contact_given: bool,
    /// Whether the reporter gave a name (checked, never printed).
    pub reporter_named: bool,
}

impl VerificationCheckView {
    /// The check recorded on `case` by its latest verdict in `events`; `None` when none was recorded.
    pub fn of(case: &Case, events: &[Event], time: &LocalTime) -> Option<Self> {
        let verification = case.verification.as_ref()?;
        let verdict_event = events
            .iter()
            .rev()
            .find(|e| matches!(e.change, Change::Verify { .. }));
        let started = events
            .iter()
            .rfind(|e| {
                matches!(e.change, Change::StartVerification)
                    && verdict_event.is_none_or(|v| e.seq < v.seq)
            })
            .map(|e| time.date_time(e.at));
        let reporter = &case.report.reporter;
        Some(VerificationCheckView {
            verified_by: verdict_event.map_or_else(|| "-".to_owned(), |e| actor_name(&e.actor)),
            started,
            decided: time.date_time(verification.at),
            valid: verification.verdict == Verdict::Valid,
            reporter_contact_given: reporter.email.is_some() || reporter.phone.is_some(),
            reporter_named: reporter.name.is_some(),
        })
    }
}

/// Whom the reply letter answers: the reporting agency (the reporter's organisation, an agency's name and not a
/// person's), else the agency owning the affected system, else the reporting party in general.
pub fn reporting_agency(case: &Case) -> String {
    let report = &case.report;
    report
        .reporter
        .organisation
        .as_ref()
        .map(ToString::to_string)
        .or_else(|| report.affected.agency.as_ref().map(ToString::to_string))
        .map_or_else(
            || "Pihak pelapor insiden siber".to_owned(),
            |agency| format!("Pimpinan {agency}"),
        )
}

/// What the team did, as the reply letter and the head-of-agency report list it: the recorded handling actions.
pub fn handling_done(events: &[Event], time: &LocalTime) -> Vec<TimelineLine> {
    super::timeline::actions(events.iter(), time)
}
