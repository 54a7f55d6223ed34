//! The steps of one stay in a state: each started when the one before it was completed, each completed by its
//! own change, by being marked done, by a later step's completion or by leaving the state.

use chrono::{DateTime, Utc};

use super::{Stay, StepClock};
use crate::case::StayMark;
use crate::sop::calendar::WorkingCalendar;
use crate::sop::profile::{SopProfile, Step};
use crate::state::CaseState;

/// Whether the SOP clock times the step: it has a time standard, is done by the team and not in `closed`.
pub fn is_clocked(step: &Step) -> bool {
    step.time_standard.is_some() && !step.before_intake && step.state != CaseState::Closed
}

/// Whether the profile clocks a step in `received`; when it does not, the first clocked step (in `verifying`)
/// starts at receipt.
pub(super) fn clocks_received(profile: &SopProfile) -> bool {
    profile.steps_in(CaseState::Received).any(is_clocked)
}

/// When the stay's marks complete `step` on their own: its `completed_by` change or its being marked done,
/// whichever came first.
fn own_completion(step: &Step, marks: &[StayMark]) -> Option<DateTime<Utc>> {
    marks
        .iter()
        .filter(|mark| match mark {
            StayMark::Action { action, .. } => step.completed_by.as_deref() == Some(action),
            StayMark::StepDone { step: number, .. } => *number == step.number,
        })
        .map(StayMark::at)
        .min()
}

/// Clocks the steps of `stay` (left at `left`, if it was) onto `steps`, as of `now`. Steps that have not started
/// (the one before is still open) are not listed.
pub(super) fn clock_stay(
    profile: &SopProfile,
    calendar: &WorkingCalendar,
    stay: &Stay,
    left: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    steps: &mut Vec<StepClock>,
) {
    let clocked: Vec<&Step> = profile
        .steps_in(stay.state)
        .filter(|s| is_clocked(s))
        .collect();
    // A step is completed at the earliest of its own completion and the completion of the step after it (the
    // last one: of leaving the state).
    let mut completed = vec![None; clocked.len()];
    let mut later = left;
    for (i, step) in clocked.iter().enumerate().rev() {
        let done = match (own_completion(step, &stay.marks), later) {
            (Some(own), Some(later)) => Some(own.min(later)),
            (own, later) => own.or(later),
        };
        completed[i] = done;
        later = done;
    }
    let mut start = Some(stay.entered);
    for (step, completed_at) in clocked.into_iter().zip(completed) {
        let (Some(started_at), Some(standard)) = (start, step.time_standard) else {
            break;
        };
        let due_at = calendar
            .add_working_minutes(started_at, standard.working_minutes(calendar.day_minutes()));
        steps.push(StepClock {
            step: step.number,
            state: stay.state,
            started_at,
            due_at,
            completed_at,
            overdue: completed_at.unwrap_or(now) > due_at,
        });
        start = completed_at;
    }
}
