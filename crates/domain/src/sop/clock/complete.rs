//! Which step staff may mark done on a case ([`crate::case::Change::CompleteStep`]): a clocked step of the
//! state the case is in, not yet completed in this stay.

use chrono::{DateTime, Utc};

use super::{CaseClock, stay::is_clocked};
use crate::case::Case;
use crate::sop::calendar::WorkingCalendar;
use crate::sop::profile::SopProfile;
use crate::state::CaseState;

/// Why a step cannot be marked done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepCompletionError {
    /// The SOP has no such step.
    #[error("step {step}: the SOP has steps 1 to {count}")]
    UnknownStep {
        /// The step asked for.
        step: u32,
        /// How many steps the SOP has.
        count: usize,
    },
    /// The step has no time standard, is done before intake or in `closed`: nothing clocks it.
    #[error(
        "step {step} is not clocked (no time standard, done before intake, or in `closed`): there is nothing to mark done"
    )]
    NotClocked {
        /// The step asked for.
        step: u32,
    },
    /// The step belongs to another state than the case's.
    #[error(
        "step {step} is done in `{}`; the case is in `{}`: a step is marked done only while the case is in its \
         state (leaving a state completes its steps)",
        .state.key(), .case_state.key()
    )]
    NotInState {
        /// The step asked for.
        step: u32,
        /// The step's state.
        state: CaseState,
        /// The case's state.
        case_state: CaseState,
    },
    /// The step is already completed in this stay.
    #[error("step {step} is already done (completed at {at})")]
    AlreadyDone {
        /// The step asked for.
        step: u32,
        /// When it was completed.
        at: DateTime<Utc>,
    },
}

impl CaseClock {
    /// Checks that staff may mark step `step` of `case` done as of `now`: a clocked step of the case's state,
    /// not completed yet in this stay. Marking a later step done completes the earlier ones of the state too.
    pub fn check_completable(
        profile: &SopProfile,
        calendar: &WorkingCalendar,
        case: &Case,
        step: u32,
        now: DateTime<Utc>,
    ) -> Result<(), StepCompletionError> {
        let found = usize::try_from(step)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| profile.steps.get(i))
            .ok_or(StepCompletionError::UnknownStep {
                step,
                count: profile.steps.len(),
            })?;
        if !is_clocked(found) {
            return Err(StepCompletionError::NotClocked { step });
        }
        if found.state != case.state {
            return Err(StepCompletionError::NotInState {
                step,
                state: found.state,
                case_state: case.state,
            });
        }
        let clock = CaseClock::of_case(profile, calendar, case, now);
        if let Some(at) = clock
            .steps
            .iter()
            .find(|s| s.step == step)
            .and_then(|s| s.completed_at)
        {
            return Err(StepCompletionError::AlreadyDone { step, at });
        }
        Ok(())
    }
}
