//! One step of the procedure on a case: the SOP decides whether the acting account may take it, the case
//! whether the change is allowed in its state, and the store writes the new case with its event in one atomic
//! step, naming who took it.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Case, Change, Event, check_assignable_step};
use csirt_domain::sop::action_of;
use csirt_domain::tracking::TrackingCode;
use csirt_store::{ApplyError, apply_change};

use crate::accounts::{Staffer, authorize};
use crate::desk::Desk;
use crate::error::StaffError;

/// Takes the step `change` on the case `code` as `staffer` at `at`; returns the case as written and its event.
/// Refused, with nothing written, unless the team's SOP gives the step to one of the account's roles, or when
/// it assigns someone to a step the SOP does not have. Marking a step done goes by the step's own rules
/// ([`crate::step_done::complete_step`]).
pub async fn take_step(
    desk: &Desk,
    code: &TrackingCode,
    change: Change,
    staffer: &Staffer,
    at: DateTime<Utc>,
) -> Result<(Case, Event), StaffError> {
    if let Change::CompleteStep { step } = change {
        return crate::step_done::complete_step(desk, code, step, staffer, at).await;
    }
    authorize(desk, staffer, &action_of(&change))?;
    let change = with_partner_requirements(desk, change);
    if let Change::Assign {
        step: Some(step), ..
    } = &change
    {
        check_assignable_step(&desk.procedure().profile, *step)?;
    }
    apply_change(&*desk.cases, code, change, staffer.actor(), at)
        .await
        .map_err(|error| match error {
            ApplyError::Workflow(refused) => StaffError::Refused(refused),
            ApplyError::Store(store) => StaffError::from(store),
        })
}

/// An escalation with the fields its partner requires, from the team's profile (`required_fields` of its
/// `[[escalation_partners]]` entry), which the case then checks; any other change as it is.
fn with_partner_requirements(desk: &Desk, change: Change) -> Change {
    match change {
        Change::Escalate {
            partner,
            partner_name,
            chronology,
            impact,
            request,
            required: _,
        } => Change::Escalate {
            required: desk
                .procedure()
                .profile
                .escalation_requirements(partner, &partner_name),
            partner,
            partner_name,
            chronology,
            impact,
            request,
        },
        other => other,
    }
}
