//! Marking one SOP step done (`csirt case step CODE N --done`, the console's "step done" button): for a step
//! that shares its state with the next and that no change of its own completes, so the next step's clock starts.
//!
//! Who may: an account holding one of the roles the SOP names as the step's actors (its staff actors); a step
//! whose actors are all outside the team is marked done by whoever may `record_action`. Which step: the SOP
//! clock says ([`CaseClock::check_completable`]): a clocked step of the case's state, not yet completed.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, Change, Event};
use csirt_domain::sop::{CaseClock, SopProfile, StepCompletionError};
use csirt_domain::tracking::TrackingCode;
use csirt_store::{ApplyError, apply_change};

use crate::accounts::Staffer;
use crate::desk::Desk;
use crate::error::StaffError;

/// The permission key reported when an account may not mark a step done.
pub const COMPLETE_STEP: &str = "complete_step";

/// The roles that may mark step `step` of `profile` done: its staff actors, else those who may `record_action`.
pub fn roles_for_step(profile: &SopProfile, step: u32) -> Result<Vec<String>, StaffError> {
    let found = profile.steps.iter().find(|s| s.number == step).ok_or(
        StepCompletionError::UnknownStep {
            step,
            count: profile.steps.len(),
        },
    )?;
    let staff: Vec<String> = found
        .actors
        .iter()
        .filter(|key| profile.actor(key).is_some_and(|actor| !actor.external))
        .cloned()
        .collect();
    if staff.is_empty() {
        return Ok(profile.roles_for("record_action").to_vec());
    }
    Ok(staff)
}

/// The steps of `case` that `staffer` may mark done now: the clocked steps of its state not yet completed in this
/// stay whose roles the account holds, in the SOP's order.
pub fn completable_steps(desk: &Desk, case: &Case, staffer: &Staffer) -> Vec<u32> {
    let procedure = desk.procedure();
    let profile = &procedure.profile;
    profile
        .steps_in(case.state)
        .map(|step| step.number)
        .filter(|&step| {
            CaseClock::check_completable(profile, &procedure.calendar, case, step, case.state_since)
                .is_ok()
        })
        .filter(|&step| {
            roles_for_step(profile, step)
                .is_ok_and(|roles| roles.iter().any(|role| staffer.account().has_role(role)))
        })
        .collect()
}

/// Marks step `step` of case `code` done as `staffer` at `at`; returns the case as written and its event.
/// Refused, with nothing written, when the account holds none of the step's roles or the clock says the step
/// cannot be marked done.
pub async fn complete_step(
    desk: &Desk,
    code: &TrackingCode,
    step: u32,
    staffer: &Staffer,
    at: DateTime<Utc>,
) -> Result<(Case, Event), StaffError> {
    let procedure = desk.procedure();
    let roles = roles_for_step(&procedure.profile, step)?;
    if !roles.iter().any(|role| staffer.account().has_role(role)) {
        return Err(StaffError::NotPermitted {
            login: staffer.login().to_string(),
            action: COMPLETE_STEP.to_owned(),
            what: format!("mark step {step} done"),
            allowed: roles,
            held: staffer.account().role_list(),
        });
    }
    let case = desk
        .cases
        .get(code)
        .await?
        .ok_or_else(|| StaffError::NoSuchCase(code.to_string()))?;
    let case = crate::cases::with_known_stay(desk, case).await?;
    CaseClock::check_completable(&procedure.profile, &procedure.calendar, &case, step, at)?;
    apply_change(
        &*desk.cases,
        code,
        Change::CompleteStep { step },
        staffer.actor(),
        at,
    )
    .await
    .map_err(|error| match error {
        ApplyError::Workflow(refused) => StaffError::Refused(refused),
        ApplyError::Store(store) => StaffError::from(store),
    })
}
