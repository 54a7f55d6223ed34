//! One step of the procedure on a case: the case decides whether the change is allowed in its state, and the
//! store writes the new case with its event in one atomic step, naming who took it.

use chrono::{DateTime, Utc};
use csirt_domain::case::{Actor, Case, Change, Event};
use csirt_domain::tracking::TrackingCode;
use csirt_store::{ApplyError, apply_change};

use crate::desk::Desk;
use crate::error::StaffError;

/// Takes the step `change` on the case `code` as `actor` at `at`; returns the case as written and its event.
pub async fn take_step(
    desk: &Desk,
    code: &TrackingCode,
    change: Change,
    actor: Actor,
    at: DateTime<Utc>,
) -> Result<(Case, Event), StaffError> {
    apply_change(&*desk.cases, code, change, actor, at)
        .await
        .map_err(|error| match error {
            ApplyError::Workflow(refused) => StaffError::Refused(refused),
            ApplyError::Store(store) => StaffError::from(store),
        })
}
